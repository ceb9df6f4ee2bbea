"""The words of a refused stale edit: what, who, when, and what to do."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.edits import stale_message

NOW = dt.datetime.now().astimezone()
LAST_YEAR = NOW.replace(year=NOW.year - 1)


@pytest.mark.parametrize(
    ("by", "at", "expected"),
    [
        (
            "ana on laptop-3",
            NOW,
            f"PAY-12 was changed elsewhere by ana on laptop-3 at {NOW:%H:%M} "
            "since you opened it — reload",
        ),
        (
            "ana on laptop-3",
            LAST_YEAR,
            f"PAY-12 was changed elsewhere by ana on laptop-3 on {LAST_YEAR:%Y-%m-%d %H:%M} "
            "since you opened it — reload",
        ),
        (None, None, "PAY-12 was changed elsewhere since you opened it — reload"),
        ("", NOW, f"PAY-12 was changed elsewhere at {NOW:%H:%M} since you opened it — reload"),
    ],
)
def test_the_refusal_names_who_saved_first_and_when(
    by: str | None, at: dt.datetime | None, expected: str
) -> None:
    assert stale_message("PAY-12", by, at) == expected


def test_a_utc_moment_is_shown_in_local_time() -> None:
    utc = NOW.astimezone(dt.UTC)
    assert f"at {NOW:%H:%M}" in stale_message("PAY-1", "ben", utc)
