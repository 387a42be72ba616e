"""The Qt shell. `launch` is the only entry point the command line uses."""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store import Catalog
    from app.ui.main_window import MainWindow

# Libraries Qt's X11 (xcb) platform plugin loads at run time; without them Qt
# aborts with a long plugin error instead of naming what to install.
_XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
}


def missing_system_library() -> str | None:
    """One line naming a missing library and its package, or None when all is there."""
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as error:
        return (
            f"Limber can't start: a system library Qt needs is missing ({error}). "
            "On Debian or Ubuntu: sudo apt install libegl1 libgl1 libxkbcommon0 libfontconfig1"
        )
    uses_xcb = (
        sys.platform.startswith("linux")
        and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb"
        and "WAYLAND_DISPLAY" not in os.environ
    )
    if uses_xcb:
        import ctypes

        for library, package in _XCB_LIBRARIES.items():
            try:
                ctypes.CDLL(library)
            except OSError:
                return (
                    f"Limber can't open a window: {library} is missing. "
                    f"On Debian or Ubuntu: sudo apt install {package}"
                )
    return None


def launch(routine: str | None, start: bool) -> int:
    """Start the GUI; `routine` is an id or a file path to open, `start` begins it at once."""
    problem = missing_system_library()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from app.clock import SystemClock
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("limber")
    app.setDesktopFileName("limber")
    # One copy per user: a second launch shows the first, before any file is opened.
    from app.ui.single_instance import SingleInstance, bring_running_forward, server_name

    name = server_name()
    if bring_running_forward(name):
        print("Limber is already running: its window was brought forward.", file=sys.stderr)
        return 0
    window = MainWindow(None, SystemClock())
    instance = SingleInstance(name, window)
    instance.listen()
    instance.bring_forward_requested.connect(window.bring_forward)
    window.apply_start_up_settings()  # colours, keep on top, last size and place
    window.show()
    window.first_painted.connect(partial(_finish_start_up, window, routine, start))
    return app.exec()


def _finish_start_up(window: MainWindow, routine: str | None, start: bool) -> None:
    """What the first paint doesn't need: the icon, then the routines, read off the
    GUI thread (the picker says they are loading); the rest waits for them."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QIcon, QPixmap
    from PySide6.QtWidgets import QApplication

    from app import resources
    from app.store import user_routines_dir

    if resources.asset_exists("icon.svg"):
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(resources.asset_bytes("icon.svg")), "SVG")
        QApplication.setWindowIcon(QIcon(pixmap))
    window.catalog_arrived.connect(
        partial(_once_the_routines_are_listed, window, routine, start),
        Qt.ConnectionType.SingleShotConnection,
    )
    window.load_catalog(user_routines_dir())


def _once_the_routines_are_listed(
    window: MainWindow, routine: str | None, start: bool, catalog: Catalog
) -> None:
    """The last routine selected, the history opened, then the routine asked for (or resume)."""
    from PySide6.QtWidgets import QApplication

    from app.history import History
    from app.store import history_path

    window.select_last_routine()
    # Never raises over the file: a damaged or locked one is reported in the window.
    history = History.open(history_path())
    QApplication.instance().aboutToQuit.connect(history.close)  # type: ignore[union-attr]
    window.set_history(history)
    # A session lost to a crash or a closed window is offered first, also when a
    # routine was asked for: declined, it is recorded stopped, and that one opens.
    if window.offer_resume() or routine is None:
        return
    try:
        entry = catalog.resolve(routine)
    except LookupError as error:
        _report(window, str(error))
        return
    if entry.routine is None:
        _report(window, f"{entry.path} can't be used:\n{entry.error}")
        return
    window.open_loaded_routine(entry.routine, start=start)


def _report(window: MainWindow, message: str) -> None:
    """A routine asked for on the command line can't be opened: said on the terminal
    it was asked from too, then in the window."""
    print(f"limber: {message}", file=sys.stderr)
    window.warn(message)
