"""The Qt shell. `launch` is the only entry point the command line uses."""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.settings import Settings
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
        return _(
            "Limber can't start: a system library Qt needs is missing ({error}). "
            "On Debian or Ubuntu: sudo apt install libegl1 libgl1 libxkbcommon0 libfontconfig1"
        ).format(error=error)
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
                return _(
                    "Limber can't open a window: {library} is missing. "
                    "On Debian or Ubuntu: sudo apt install {package}"
                ).format(library=library, package=package)
    return None


def install_chosen_language(settings: Settings) -> str:
    """The language chosen in Settings, or the system's when none is (or the stored
    one is not a language Limber offers: `Settings.get` says so on stderr), for
    every text made from now on, and Qt's numbers; returns it ("en", "de", "zh_CN").

    Called before the window makes any text: the pages are not translated again
    while open, so a new choice shows from the next start.
    """
    from app.i18n import install_language
    from app.settings import Options

    language = install_language(settings.get(Options.LANGUAGE) or None)
    use_number_format(language)
    return language


def use_number_format(language: str) -> None:
    """Qt's numbers (a spin box's decimals, a number Qt writes) as `language` writes
    them ("2,5" in German), not as the system's locale does when it is another.

    Process-wide (QLocale.setDefault): tests that launch in a language put the
    default back afterwards.
    """
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(language))


def load_qt_texts(app: QApplication, owner: QObject, language: str) -> None:
    """Qt's own texts (standard buttons, dialogs) in `language`, read off the GUI
    thread and installed when read. After the first paint is early enough: the
    first window shows none of them, and the dialogs that do are made later."""
    from app.ui.background import in_background
    from app.ui.i18n_qt import install_qt_translations, read_qt_translations

    def install(data: bytes | None) -> None:
        install_qt_translations(app, data)

    in_background(owner, lambda: read_qt_translations(language), install)


def launch(routine: str | None, start: bool) -> int:
    """Start the GUI; `routine` is an id or a file path to open, `start` begins it at once."""
    problem = missing_system_library()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from app.ui.pyside_costs import check_imports_quickly

    check_imports_quickly()  # before the window's imports
    from app.clock import SystemClock
    from app.ui import background  # noqa: F401 - light; used in the first step after the paint
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("limber")
    app.setDesktopFileName("limber")
    from app.ui.settings_store import user_settings

    language = install_chosen_language(user_settings(app))
    # One copy per user: a second launch shows the first, before any file is opened.
    from app.paths import history_path
    from app.ui.single_instance import SingleInstance, bring_running_forward, server_name

    name = server_name(history_path().parent)
    if bring_running_forward(name):
        print(_("Limber is already running: its window was brought forward."), file=sys.stderr)
        return 0
    window = MainWindow(None, SystemClock())
    instance = SingleInstance(name, window)
    instance.listen()
    instance.bring_forward_requested.connect(window.bring_forward)
    window.apply_start_up_settings()  # colours, keep on top, last size and place
    window.show()
    window.first_painted.connect(partial(_finish_start_up, window, routine, start))
    window.first_painted.connect(partial(load_qt_texts, app, window, language))
    return app.exec()


def _finish_start_up(window: MainWindow, routine: str | None, start: bool) -> None:
    """What the first paint doesn't need (app/ui/start_up.py): the routines, the
    history, a lost session's offer, the routine asked for; `window.started_up`
    at the end. The plain-Python modules it needs are imported in a worker
    first, not to stall the GUI thread on an import; its own (which import from
    PySide6) here, on the GUI thread (see LATER_MODULES in later_modules.py)."""
    from app.ui.background import in_background
    from app.ui.start_up import icon_image

    in_background(
        window, partial(_read_ahead, icon_image), partial(_begin_start_up, window, routine, start)
    )


def _read_ahead(icon_image: Callable[[], QImage | None]) -> QImage | None:
    """In a worker: start-up's plain-Python modules imported, and the app's icon drawn
    (its Qt classes were made on the GUI thread, as start_up was imported)."""
    from app.ui.background import import_modules

    import_modules(("app.paths", "app.store", "app.history"))
    return icon_image()


def _begin_start_up(
    window: MainWindow, routine: str | None, start: bool, icon: QImage | None
) -> None:
    from PySide6.QtGui import QIcon, QPixmap
    from PySide6.QtWidgets import QApplication

    from app.paths import history_path, user_routines_dir
    from app.ui.start_up import StartUp

    if icon is not None:
        QApplication.setWindowIcon(QIcon(QPixmap.fromImage(icon)))
    sequence = StartUp(
        window, routine, start, user_dir=user_routines_dir(), history_file=history_path()
    )
    sequence.begin()
