"""The main window: picker -> session -> done, and the keys that drive them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.clock import Clock
from app.routine import Routine, format_duration
from app.session import Snapshot, State
from app.store import Catalog
from app.ui.done_page import DonePage
from app.ui.picker_page import PickerPage
from app.ui.session_driver import SessionDriver
from app.ui.session_page import ADJUST_SECONDS, SessionPage

APP_NAME = "Limber"


def window_title(snapshot: Snapshot | None) -> str:
    """`0:25 · Lunge press — Limber` while a session runs, so the task bar can be followed."""
    if snapshot is None:
        return APP_NAME
    if snapshot.state is State.DONE:
        return f"Done — {APP_NAME}"
    stretch = snapshot.step.name
    if snapshot.state is State.READY:
        return f"{stretch} — {APP_NAME}"
    time_left = format_duration(snapshot.remaining)
    paused = "Paused · " if snapshot.state is State.PAUSED else ""
    return f"{paused}{time_left} · {stretch} — {APP_NAME}"


class MainWindow(QMainWindow):
    """Everything it needs is passed in, so each test builds its own window."""

    def __init__(self, catalog: Catalog, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._routine: Routine | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1000, 720)
        self.setMinimumSize(640, 520)

        self.driver = SessionDriver(clock, self)
        self.picker = PickerPage(self)
        self.session_page = SessionPage(self)
        self.done_page = DonePage(self)
        self.pages = QStackedWidget(self)
        for page in (self.picker, self.session_page, self.done_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.picker.set_entries(catalog.entries)

        self.picker.start_requested.connect(self._start_from_picker)
        page = self.session_page
        page.toggle_requested.connect(self.driver.toggle)
        page.back_requested.connect(self.driver.back)
        page.skip_requested.connect(self.driver.skip)
        page.restart_requested.connect(self.driver.restart)
        page.adjust_requested.connect(self.driver.adjust)
        page.stop_requested.connect(self.close_session)
        self.done_page.again_requested.connect(self.driver.restart)
        self.done_page.close_requested.connect(self.close_session)
        self.driver.changed.connect(self._show_snapshot)
        self.driver.finished.connect(self._show_done)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        bindings: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
            ("Start / pause", ("Space",), self._space),
            ("Skip", ("Right",), self.driver.skip),
            ("Back", ("Left",), self.driver.back),
            ("Restart", ("R",), self.driver.restart),
            ("Stop", ("Esc",), self.close_session),
            ("Add 10 s", ("+", "="), self._add_time),
            ("Remove 10 s", ("-",), self._remove_time),
        ]
        for text, keys, slot in bindings:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # Session control

    def open_routine(self, routine_id: str, start: bool = False) -> None:
        entry = self._catalog.get(routine_id)
        if entry is None or entry.routine is None:
            return
        self._open(entry.routine, start=start)

    def _start_from_picker(self, routine_id: str) -> None:
        self.open_routine(routine_id, start=True)

    def open_loaded_routine(self, routine: Routine, start: bool = False) -> None:
        """Open a routine that is not (or not only) in the catalog, e.g. from a path."""
        self._open(routine, start=start)

    def _open(self, routine: Routine, *, start: bool) -> None:
        self._routine = routine
        self.pages.setCurrentWidget(self.session_page)
        self.driver.load(routine)
        if start:
            self.driver.start()

    def close_session(self) -> None:
        if self.pages.currentWidget() is self.picker:
            return
        self.driver.unload()
        routine_id = self._routine.id if self._routine is not None else None
        self._routine = None
        self.pages.setCurrentWidget(self.picker)
        self.picker.list.setFocus()
        if routine_id is not None:
            self._select(routine_id)
        self.setWindowTitle(APP_NAME)

    def _select(self, routine_id: str) -> None:
        for row in range(self.picker.list.count()):
            entry = self.picker.list.item(row).data(Qt.ItemDataRole.UserRole)
            if entry.id == routine_id:
                self.picker.list.setCurrentRow(row)

    def _space(self) -> None:
        current = self.pages.currentWidget()
        if current is self.picker:
            self.picker.start_button.click()
        else:
            self.driver.toggle()

    def _add_time(self) -> None:
        self.driver.adjust(ADJUST_SECONDS)

    def _remove_time(self) -> None:
        self.driver.adjust(-ADJUST_SECONDS)

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        if self._routine is None:
            return
        if snapshot.state is not State.DONE and self.pages.currentWidget() is self.done_page:
            self.pages.setCurrentWidget(self.session_page)
        self.session_page.show_snapshot(snapshot, self._routine.title)
        self.setWindowTitle(window_title(snapshot))

    def _show_done(self, snapshot: Snapshot) -> None:
        session = self.driver.session
        if self._routine is None or session is None:
            return
        started, finished = session.started_at, session.finished_at
        elapsed = finished - started if started is not None and finished is not None else 0.0
        self.done_page.show_result(self._routine, session.completed_steps, elapsed)
        self.pages.setCurrentWidget(self.done_page)
        self.setWindowTitle(window_title(snapshot))
