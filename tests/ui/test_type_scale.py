"""Presenter type sizes: one factor for everything, the clock bounded by the room's screen."""

from __future__ import annotations

import pytest

from facilitator.ui.theme import TypeScale


@pytest.mark.parametrize(
    ("factor", "height", "timer"),
    [
        (1.0, None, 104),
        (2.0, None, 208),
        (1.0, 1080, 104),  # fits: the scale decides
        (2.0, 1080, 208),  # a fifth of 1080 is 216
        (2.0, 720, 144),  # capped to a fifth of the window
        (1.0, 400, 96),  # never under the 96 px minimum
    ],
)
def test_timer_size(factor: float, height: int | None, timer: int) -> None:
    assert TypeScale(factor, room_height=height).timer == timer


def test_body_and_headings_follow_the_factor_only() -> None:
    small, large = TypeScale(1.0, room_height=720), TypeScale(2.0, room_height=720)
    assert (small.body, small.heading) == (28, 48)
    assert (large.body, large.heading) == (56, 96)
