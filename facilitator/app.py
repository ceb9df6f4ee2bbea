"""Composition root: arguments → paths → QApplication → the window's shell → store → screens.

The window is on screen before the storage code (SQLAlchemy, the ORM models) is even imported:
the shell says which database it is opening while a worker thread opens it (see
:mod:`facilitator.ui.opening`), then the screens are built on it. A database that cannot be opened
still gives one clear message and exit code 1.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import platform
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from facilitator import APP_ID, APP_NAME, __version__, cli, crash
from facilitator.paths import Paths, resolve, resource

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication


PRIVATE_UMASK = 0o077  # every file and folder the process creates: owner only


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``facilitator`` and ``python main.py``; returns the exit code."""
    # Before anything is created: SQLite's -wal/-shm, Qt's lock file, logs, backups.
    previous = os.umask(PRIVATE_UMASK)
    try:
        args = cli.parse(argv)
        paths = resolve(getattr(args, "data_dir", None))
        if args.command:
            return cli.run(args, paths)
        return launch(args, paths)
    finally:
        os.umask(previous)  # matters only to callers in the same process (tests)


def configure_application(app: QGuiApplication) -> None:
    """Name the application, tie it to its desktop entry and give it the window icon."""
    from PySide6.QtGui import QGuiApplication, QIcon

    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sprint-facilitator")
    QGuiApplication.setDesktopFileName(APP_ID)
    icon = QIcon(str(resource(f"{APP_ID}.svg")))
    icon.addFile(str(resource(f"{APP_ID}.png")))
    app.setWindowIcon(icon)


def platform_problem(env: dict[str, str], system: str, missing: Callable[[], list[str]]) -> str:
    """Why Qt could not open an X11 window here, said before Qt aborts with a cryptic message.

    Qt's xcb platform needs several system libraries (libxcb-cursor0 since Qt 6.5, libxcb-icccm4,
    libxcb-keysyms1, ...) that minimal desktops may lack. Where Wayland is available the app uses
    it instead (the caller sets ``QT_QPA_PLATFORM``); otherwise the user gets the packages.

    Args:
        env: the environment.
        system: ``platform.system()``.
        missing: returns the sonames the xcb platform plugin cannot load (empty when fine).

    Returns:
        "wayland" to use Wayland, a one-line error, or "" when nothing stands in the way.
    """
    if system != "Linux" or env.get("QT_QPA_PLATFORM") or not env.get("DISPLAY"):
        return ""
    libraries = missing()
    if not libraries:
        return ""
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    packages = " ".join(debian_package(name) for name in libraries if ".so" in name)
    if not packages:
        return f"Qt cannot open a window on X11: a system library is missing {libraries[0]}"
    return (
        f"Qt cannot open a window on X11: missing system libraries {', '.join(libraries)}; "
        f"install them with your package manager (Debian/Ubuntu: sudo apt install {packages}) "
        "and start the app again"
    )


def debian_package(soname: str) -> str:
    """Debian's package name for a library soname (``libxcb-icccm.so.4`` → ``libxcb-icccm4``)."""
    name, _, version = soname.partition(".so.")
    version = version.split(".")[0]
    if not version:
        return name
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_xcb_libraries() -> list[str]:
    """Sonames Qt's X11 platform plugin needs and the system lacks (loads it once to find out)."""
    import PySide6

    qpa = Path(PySide6.__file__).resolve().parent / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    if not qpa.exists():
        return []
    try:
        ctypes.CDLL(str(qpa))
    except OSError:
        pass
    else:
        return []
    try:
        listing = subprocess.run(
            ["ldd", str(qpa)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ["(unknown: ldd is not available)"]
    found = {line.split("=>")[0].strip() for line in listing.splitlines() if "not found" in line}
    return sorted(found) or ["(unknown)"]


def launch(args: argparse.Namespace, paths: Paths) -> int:
    """Start the GUI and run the event loop until the window closes."""
    problem = platform_problem(dict(os.environ), platform.system(), missing_xcb_libraries)
    if problem == "wayland":
        os.environ["QT_QPA_PLATFORM"] = "wayland"
    elif problem:
        print(f"facilitator: {problem}", file=sys.stderr)
        return 1
    # Qt is imported here, not at module level, so the CLI never pays for it.
    from PySide6.QtWidgets import QApplication

    cheap_pyside_import_hook()
    from facilitator.ui.dialogs import Dialogs
    from facilitator.ui.main_window import MainWindow
    from facilitator.ui.opening import Opening

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    configure_application(app)
    dialogs = Dialogs()

    def report(text: str) -> None:
        dialogs.error(None, "Sprint Facilitator hit a bug", text)

    crash.install(paths.log_file, None if args.no_error_dialogs else report)
    with tempfile.TemporaryDirectory(prefix="facilitator-demo-") as temp:
        # The shell first: on screen before the storage code is loaded.
        window = MainWindow(opening=opening_text(args, paths))
        window.show()
        opened = Opening(args, paths, Path(temp), dialogs, window)
        try:
            _quit_on_signals(app)
            code = app.exec()
            return 1 if opened.failed else code
        finally:
            opened.close()


def cheap_pyside_import_hook() -> None:
    """Make PySide6's check of every newly imported module cheap (same answer, ~1 ms less each).

    After PySide6 is imported, each module imported later is asked whether its source mentions
    "PySide6" (for ``from __feature__ import ...``) with ``inspect.getsource``, which looks the
    module up by walking every module in ``sys.modules``: about 1 ms a module, a few hundred ms
    over SQLAlchemy and the storage code at start-up. Reading the source file answers the same
    question in microseconds (a module without a ``.py`` source has none for either to search).
    """
    # WORKAROUND: PySide6's post-import callback runs inspect.getsource on every module
    # (https://github.com/napari/napari/issues/8584 traces the start-up cost); a test checks
    # this replacement answers exactly as PySide6's own check for every loaded module.
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or hasattr(original, "pyside_check"):
        return

    def uses_pyside(module: object) -> bool:
        spec = getattr(module, "__spec__", None)
        if spec is None:  # e.g. a script run as __main__
            return bool(original(module))
        origin = spec.origin
        if not isinstance(origin, str) or not origin.endswith(".py"):
            return False  # built in, compiled or sourceless: getsource finds nothing either
        try:
            return b"PySide6" in Path(origin).read_bytes()
        except OSError:
            return False

    uses_pyside.pyside_check = original  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private hook


def opening_text(args: argparse.Namespace, paths: Paths) -> str:
    """What the window says it is opening, read from the arguments (no storage code needed).

    A server address is shown without its user name and password.
    """
    if args.demo:
        return "a new demo database"
    db = str(getattr(args, "db", None) or paths.default_db)
    if "://" not in db:
        return str(Path(db).expanduser())
    parts = urlsplit(db)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}"


def _quit_on_signals(app: QGuiApplication) -> None:
    """Leave the event loop cleanly on Ctrl+C or SIGTERM, so temporary demo files are removed."""
    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
    heartbeat = QTimer(app)
    heartbeat.setInterval(250)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
