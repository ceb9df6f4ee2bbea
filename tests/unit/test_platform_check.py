"""Before Qt aborts on a desktop without its X11 libraries, the app says what to install."""

from __future__ import annotations

import pytest

from facilitator.app import debian_package, platform_problem

LINUX_X11 = {"DISPLAY": ":0"}


def _missing(*names: str):  # type: ignore[no-untyped-def]
    return lambda: list(names)


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libEGL.so.1", "libEGL1"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert debian_package(soname) == package


def test_missing_libraries_are_named_with_the_packages_to_install() -> None:
    problem = platform_problem(
        LINUX_X11, "Linux", _missing("libxcb-icccm.so.4", "libxcb-cursor.so.0")
    )
    assert "missing system libraries libxcb-icccm.so.4, libxcb-cursor.so.0" in problem
    assert "sudo apt install libxcb-icccm4 libxcb-cursor0" in problem


def test_wayland_is_used_when_x11_libraries_are_missing_but_wayland_is_there() -> None:
    env = {**LINUX_X11, "WAYLAND_DISPLAY": "wayland-0"}
    assert platform_problem(env, "Linux", _missing("libxcb-cursor.so.0")) == "wayland"


@pytest.mark.parametrize(
    ("env", "system"),
    [
        (LINUX_X11, "Darwin"),  # not Linux
        ({}, "Linux"),  # no X11 display
        ({**LINUX_X11, "QT_QPA_PLATFORM": "offscreen"}, "Linux"),  # platform chosen explicitly
    ],
)
def test_no_check_where_it_does_not_apply(env: dict[str, str], system: str) -> None:
    def never() -> list[str]:
        raise AssertionError("the libraries should not be probed here")

    assert platform_problem(env, system, never) == ""


def test_nothing_missing_means_no_problem() -> None:
    assert platform_problem(LINUX_X11, "Linux", _missing()) == ""
