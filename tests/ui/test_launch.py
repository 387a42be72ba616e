"""Start-up: the missing-library message, and what happens after the first paint."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from pytestqt.qtbot import QtBot

import app.ui
from app.loader import Problem, RoutineError
from app.paths import user_routines_dir
from app.session import State
from app.settings import Options, Settings
from app.store import Catalog
from app.ui import _finish_start_up, catalog_loader, launch, missing_system_library
from app.ui.cue_channel import CueKind
from app.ui.main_window import FIRST_PAINT_AT_THE_LATEST_MS, MainWindow
from tests.fakes import FakeClock
from tests.ui.cue_fakes import Heard
from tests.ui.driving import start_up
from tests.ui.fresh_process import run_python


@pytest.fixture
def on_x11(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")


def test_a_missing_xcb_library_is_named_with_its_package(
    on_x11: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load(name: str) -> object:
        if name == "libxcb-cursor.so.0":
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr("ctypes.CDLL", load)
    assert missing_system_library() == (
        "Limber can't open a window: libxcb-cursor.so.0 is missing. "
        "On Debian or Ubuntu: sudo apt install libxcb-cursor0"
    )


def test_nothing_is_reported_when_every_library_loads(
    on_x11: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ctypes.CDLL", lambda name: object())
    assert missing_system_library() is None


def test_launch_prints_the_one_line_and_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(app.ui, "missing_system_library", lambda: "Limber can't start: X.")
    assert launch(None, False) == 1
    assert capsys.readouterr().err == "Limber can't start: X.\n"


@pytest.fixture
def window(qtbot: QtBot, clock: FakeClock, settings: Settings) -> Iterator[MainWindow]:
    """A window as launch() makes it: painted first, routines and history after."""
    win = MainWindow(None, clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    history = win.history
    win.close()
    if history is not None:
        history.close()


def test_after_the_first_paint_the_routine_asked_for_starts(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.picker.list.count() == 0  # painted before the routines were read
    start_up(qtbot, window, "waist", True)
    assert window.picker.list.count() >= 7
    assert window.pages.currentWidget() is window.session_page
    session = window.driver.session
    assert session is not None
    assert session.routine.title == "Waist & lower back"
    assert session.state is State.RUNNING
    assert window.history is not None


def test_a_routine_file_path_can_be_asked_for(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("title: Mine\nsteps:\n  - stretch: front-bow\n", encoding="utf-8")
    start_up(qtbot, window, str(path), False)
    session = window.driver.session
    assert session is not None
    assert session.routine.title == "Mine"
    assert session.state is State.READY


def test_an_unknown_routine_is_reported_and_the_list_shown(
    qtbot: QtBot, window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    warnings: list[str] = []
    window.warn = warnings.append
    start_up(qtbot, window, "calfs", True)
    assert window.pages.currentWidget() is window.picker
    assert len(warnings) == 1
    assert "calfs" in warnings[0]
    assert "calves-achilles" in warnings[0]
    assert capsys.readouterr().err == f"limber: {warnings[0]}\n"  # on the terminal too


def test_a_broken_routine_file_is_reported_with_its_error(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    warnings: list[str] = []
    window.warn = warnings.append
    path = user_routines_dir() / "broken.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("title: Broken\nsteps: []\n", encoding="utf-8")
    start_up(qtbot, window, "broken", True)
    assert window.pages.currentWidget() is window.picker
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path} can't be used:\n{path}:2:")


def test_a_slow_catalog_never_holds_up_the_window_and_what_waits_for_it_comes_after(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    released = threading.Event()
    request.addfinalizer(released.set)  # the worker never outlives a failed test

    def slow(user_dir: Path) -> Catalog:
        released.wait(timeout=30)
        return Catalog.load(user_dir)

    monkeypatch.setattr(catalog_loader, "read_catalog", slow)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    _finish_start_up(window, "waist", True)
    qtbot.waitUntil(lambda: len(ticks) >= 10)  # the GUI thread goes on while the files are read
    assert window.picker.loading_label.isVisible()
    assert window.picker.loading_label.text() == "Loading routines…"
    assert window.picker.list.count() == 0
    assert window.pages.currentWidget() is window.picker  # --start waits for the routines
    assert window.history is None
    with qtbot.waitSignal(window.started_up, timeout=10_000):
        released.set()
    qtbot.waitUntil(lambda: window.cues.loaded)  # then the session starts
    assert not window.picker.loading_label.isVisible()
    assert window.picker.list.count() >= 7
    assert window.pages.currentWidget() is window.session_page
    session = window.driver.session
    assert session is not None
    assert session.state is State.RUNNING
    assert window.history is not None


def test_the_last_routine_is_selected_once_the_routines_arrive(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    settings.set(Options.LAST_ROUTINE, "waist")
    start_up(qtbot, window, None, False)
    entry = window.picker.current_entry()
    assert entry is not None
    assert entry.id == "waist"


def test_unreadable_routines_are_one_line_in_the_picker(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(user_dir: Path) -> Catalog:
        raise RoutineError([Problem("stretches.yaml", 3, 1, "unknown key 'nmae'")])

    monkeypatch.setattr(catalog_loader, "read_catalog", broken)
    window.load_catalog(user_routines_dir())
    qtbot.waitUntil(lambda: not window.catalog_loading)
    assert window.picker.loading_label.isVisible()
    assert window.picker.loading_label.text() == (
        "The routines could not be read: stretches.yaml:3:1: unknown key 'nmae'"
    )


def test_first_painted_comes_once_just_after_the_first_paint(
    qtbot: QtBot, clock: FakeClock, settings: Settings
) -> None:
    win = MainWindow(None, clock, settings=settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.first_painted):
        win.show()
    with qtbot.assertNotEmitted(win.first_painted, wait=100):
        win.repaint()


def test_the_cue_workers_start_once_the_start_up_steps_are_done(
    qtbot: QtBot, clock: FakeClock, settings: Settings
) -> None:
    """Their loading (a process each, a second or so of CPU) must not compete with
    the window's own start-up steps for the machine's cores."""
    heard = Heard(clock, clock.monotonic())
    win = MainWindow(None, clock, settings=settings, cue_backend=heard.backend())
    qtbot.addWidget(win)
    started_by_then: list[int] = []
    win.prepared.connect(lambda: started_by_then.append(len(heard.channels)))
    with qtbot.waitSignal(win.prepared, timeout=10_000):
        win.show()
    assert started_by_then == [0]
    assert [channel.kind for channel in heard.channels] == [CueKind.SOUND, CueKind.VOICE]
    assert win.built_session_page is not None  # built ahead, in the steps before
    win.close()


def test_the_step_icons_are_drawn_once_the_window_s_start_up_steps_are_done(
    qtbot: QtBot,
    clock: FakeClock,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drawn in a worker, but alongside those steps the drawing made them wait for
    the GIL (hundreds of short Qt calls, each handing it over and back)."""
    prepared_when_drawn: list[bool] = []
    win = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(win)
    monkeypatch.setattr(
        catalog_loader,
        "prepare_step_icons",
        lambda catalog: prepared_when_drawn.append(win.is_prepared),
    )
    win.show()
    qtbot.waitUntil(lambda: prepared_when_drawn != [], timeout=10_000)
    assert prepared_when_drawn == [True]
    win.close()


def test_a_session_opened_at_launch_is_painted_before_the_workers_start(
    qtbot: QtBot, clock: FakeClock, settings: Settings
) -> None:
    """Their loading would share the machine's cores with the steps that open the
    session and paint it; the session starts once they have loaded."""
    heard = Heard(clock, clock.monotonic())
    win = MainWindow(None, clock, settings=settings, cue_backend=heard.backend())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    when_opened: list[int] = []
    win.driver.changed.connect(
        lambda *_: when_opened.append(len(heard.channels)) if not when_opened else None
    )
    with qtbot.waitSignal(win.started_up, timeout=10_000):
        _finish_start_up(win, "waist", True)
    assert when_opened == [0]
    assert heard.channels == []  # still: started in a turn of their own, after the paint
    session = win.driver.session
    assert session is not None
    assert session.state is State.READY
    # Space starts it now (the heading says so); else it starts by itself.
    assert win.session_page.phase_label.text() == "Press Space to start"
    assert win.cues.notice == (
        "Getting the sounds and voice ready: the warm-up starts by itself in a moment."
    )
    qtbot.waitUntil(lambda: session.state is State.RUNNING)
    assert [channel.kind for channel in heard.channels] == [CueKind.SOUND, CueKind.VOICE]
    win.close()


def test_a_session_asked_for_at_once_starts_the_workers_without_waiting(
    qtbot: QtBot, clock: FakeClock, settings: Settings, tmp_path: Path
) -> None:
    heard = Heard(clock, clock.monotonic())
    win = MainWindow(None, clock, settings=settings, cue_backend=heard.backend())
    qtbot.addWidget(win)
    entry = Catalog.load(tmp_path).get("waist")
    assert entry is not None
    assert entry.routine is not None
    win.open_loaded_routine(entry.routine, start=True)  # before any start-up step has run
    assert [channel.kind for channel in heard.channels] == [CueKind.SOUND, CueKind.VOICE]
    session = win.driver.session
    assert session is not None
    assert session.state is State.RUNNING
    win.close()


# Read by the script below at the window's first paint, then again once it is usable.
_NOT_BEFORE_THE_FIRST_PAINT = (
    "app.routine",  # the model's dataclasses
    "app.session",
    "app.ui.body_map",
    "yaml",
    "app.loader",
    "app.store",
    "app.ui.catalog_loader",
    "concurrent.futures",
    "app.history",
    "sqlite3",
    "app.ui.session_page",
    "PySide6.QtSvg",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
    "PySide6.QtCharts",
)


# Qt classes that PySide6 takes milliseconds to set up (QStyle alone ~4 ms, for
# its enums), which only drawing the routines needs. A class is in its module's
# namespace once it has been set up.
_QT_CLASSES_NOT_BEFORE_THE_FIRST_PAINT = (
    ("PySide6.QtWidgets", "QStyle"),
    ("PySide6.QtWidgets", "QStyleOptionViewItem"),
    ("PySide6.QtWidgets", "QStyledItemDelegate"),
    ("PySide6.QtGui", "QPainter"),
)


def test_the_limber_command_paints_its_window_before_reading_any_routine() -> None:
    result = run_python(
        f"""
        import sys
        import app.cli
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from app.ui.main_window import FIRST_PAINT_AT_THE_LATEST_MS, MainWindow

        watched = {_NOT_BEFORE_THE_FIRST_PAINT!r}
        watched_classes = {_QT_CLASSES_NOT_BEFORE_THE_FIRST_PAINT!r}
        qt_app = QApplication([])
        show = MainWindow.show

        def report(window):
            print("at first paint:", [name for name in watched if name in sys.modules])
            set_up = [name for module, name in watched_classes if name in vars(sys.modules[module])]
            print("Qt classes set up:", set_up)
            # After the rest of the start-up work, once the routines are read.
            window.catalog_arrived.connect(lambda catalog: QTimer.singleShot(0, qt_app.quit))

        def show_and_watch(window):
            window.first_painted.connect(lambda: report(window))
            show(window)

        MainWindow.show = show_and_watch
        QTimer.singleShot(20_000, qt_app.quit)  # gives up
        app.cli.main([])
        window = next(w for w in qt_app.topLevelWidgets() if isinstance(w, MainWindow))
        print("listed:", window.picker.list.count() > 0, "yaml" in sys.modules)
        """
    )
    assert result.stdout.splitlines() == [
        "at first paint: []",
        "Qt classes set up: []",
        "listed: True True",
    ], result.stderr


class NeverPainted(MainWindow):
    """A window the desktop never exposes (shown on another workspace, say)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        pass


def test_first_painted_comes_even_if_nothing_ever_paints_the_window(
    qtbot: QtBot, clock: FakeClock, settings: Settings
) -> None:
    win = NeverPainted(None, clock, settings=settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.first_painted, timeout=FIRST_PAINT_AT_THE_LATEST_MS + 2000):
        win.show()
    with qtbot.assertNotEmitted(win.first_painted, wait=100):
        win.hide()
        win.show()


def test_what_worker_threads_import_brings_no_qt_with_it() -> None:
    """PySide6 makes a class's Python type on its first use, and two threads making
    them at once can crash the process: the modules a worker imports are plain
    Python, and the window's own are imported on the GUI thread."""
    from app.ui.later_modules import LATER_CORE_MODULES, LATER_MODULES

    worker_imports = (*LATER_CORE_MODULES, "app.paths", "app.store", "app.history")
    result = run_python(
        f"""
        import importlib, sys
        for name in {worker_imports!r}:
            importlib.import_module(name)
        qt = ("PySide6", "shiboken6")
        print(sorted(name for name in sys.modules if name.split(".")[0] in qt))
        """
    )
    assert result.stdout.splitlines() == ["[]"], result.stderr
    assert all(name.startswith("app.ui.") for name in LATER_MODULES)
    assert not any(name.startswith("app.ui") for name in LATER_CORE_MODULES)


def test_the_window_never_loads_openssl() -> None:
    """hashlib's import loads OpenSSL's libcrypto (2 to 3 MiB of the window's memory):
    the window's modules, the single-instance name and the parse cache's version
    do without it."""
    from app.ui.later_modules import LATER_CORE_MODULES, LATER_MODULES

    result = run_python(
        f"""
        import importlib, sys
        from pathlib import Path
        for name in ("app.ui.main_window", *{LATER_CORE_MODULES!r}, *{LATER_MODULES!r}):
            importlib.import_module(name)
        from app.parse_cache_file import cache_version
        from app.ui.single_instance import server_name
        cache_version(b"stretches: []")
        server_name(Path("limber"))
        print(sorted(name for name in sys.modules if name in ("hashlib", "_hashlib", "ssl")))
        """
    )
    assert result.stdout.splitlines() == ["[]"], result.stderr
