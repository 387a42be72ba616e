"""The main window: picker -> session -> done, and the keys that drive them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.clock import Clock
from app.routine import Routine, format_duration
from app.session import ADJUST_SECONDS, Snapshot, State
from app.settings import Settings
from app.ui.cue_player import Backend, CueControls, CuePlayer
from app.ui.picker_page import PickerPage
from app.ui.session_driver import SessionDriver

if TYPE_CHECKING:
    from app.store import Catalog
    from app.ui.done_page import DonePage
    from app.ui.editor import RoutineFiles
    from app.ui.session_page import SessionPage

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

    def __init__(
        self,
        catalog: Catalog | None,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        cue_backend: Backend | None = None,
    ) -> None:
        """`catalog` may come later through set_catalog(), so the window can paint first.

        `settings` default to the user's; `cue_backend` loads the sounds and
        voice (default: Qt's, silent on the offscreen platform).
        """
        super().__init__(parent)
        self._catalog = catalog
        self._routine: Routine | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1000, 720)
        self.setMinimumSize(640, 520)

        self.driver = SessionDriver(clock, self)
        if settings is None:
            settings = Settings(QSettings("limber", "limber"), self)
        self.settings = settings
        # Sounds and voice: the audio libraries load a moment after the first paint.
        self.cues = CuePlayer(self.driver, clock, self.settings, cue_backend, self)
        self.cues.prepare_later()
        self.picker = PickerPage(self)
        self._session_page: SessionPage | None = None
        self._done_page: DonePage | None = None
        self._routine_files: RoutineFiles | None = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.picker)
        self.setCentralWidget(self.pages)
        if catalog is not None:
            self.set_catalog(catalog)

        self.picker.start_requested.connect(self._start_from_picker)
        self.picker.generated_start_requested.connect(self._start_generated)
        self.picker.routine_saved.connect(self._reload_and_select)
        self.picker.file_action_requested.connect(self._file_action)
        self.driver.changed.connect(self._show_snapshot)
        self.driver.finished.connect(self._show_done)
        self._add_shortcuts()

    # The session and done pages are built on first use: the first paint
    # shows only the picker, and start-up doesn't pay for what it doesn't show.

    @property
    def session_page(self) -> SessionPage:
        if self._session_page is None:
            from app.ui.session_page import SessionPage

            page = SessionPage(self)
            page.toggle_requested.connect(self.driver.toggle)
            page.back_requested.connect(self.driver.back)
            page.skip_requested.connect(self.driver.skip)
            page.restart_requested.connect(self.driver.restart)
            page.adjust_requested.connect(self.driver.adjust)
            page.stop_requested.connect(self.close_session)
            controls = CueControls(self.settings, page)
            controls.set_notice(self.cues.notice or "")
            self.cues.notice_changed.connect(controls.set_notice)
            page.set_sound_controls(controls)
            self.pages.addWidget(page)
            self._session_page = page
        return self._session_page

    @property
    def done_page(self) -> DonePage:
        if self._done_page is None:
            from app.ui.done_page import DonePage

            page = DonePage(self)
            page.again_requested.connect(self.driver.restart)
            page.close_requested.connect(self.close_session)
            page.keep_times_requested.connect(self._keep_hold_times)
            self.pages.addWidget(page)
            self._done_page = page
        return self._done_page

    def _add_shortcuts(self) -> None:
        bindings: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
            ("Start / pause", ("Space",), self._space),
            ("Skip", ("Right",), self.driver.skip),
            ("Back", ("Left",), self.driver.back),
            ("Restart", ("R",), self.driver.restart),
            ("Stop", ("Esc",), self.close_session),
            ("Add 10 s", ("+", "="), self._add_time),
            ("Remove 10 s", ("-",), self._remove_time),
            ("Mute / unmute", ("M",), self.cues.toggle_mute),
        ]
        for text, keys, slot in bindings:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.picker.set_entries(catalog.entries)
        self.picker.set_catalog(catalog)
        if self._routine_files is not None:
            self._routine_files.set_catalog(catalog)

    # Routine files: editing, copies, import and export (app/ui/editor.py)

    @property
    def routine_files(self) -> RoutineFiles | None:
        """Built on first use, once there is a catalog; tests set its `dialogs`."""
        if self._routine_files is None and self._catalog is not None:
            from app.ui.editor import RoutineFiles

            self._routine_files = RoutineFiles(self._catalog, self)
            self._routine_files.catalog_changed.connect(self._catalog_changed)
        return self._routine_files

    def _file_action(self, action: str, routine_id: str) -> None:
        files = self.routine_files
        if files is not None:
            files.run(action, routine_id)

    def _start_generated(self, routine: Routine) -> None:
        """A routine from "build one for me", run without being saved."""
        self.open_loaded_routine(routine, start=True)

    def _reload_and_select(self, routine_id: str) -> None:
        """After a routine was saved into the user's folder: list it, selected."""
        if self._catalog is None:
            return
        from app.store import Catalog

        self._catalog_changed(Catalog.load(self._catalog.user_dir), routine_id)

    def _catalog_changed(self, catalog: Catalog, select: str) -> None:
        self.set_catalog(catalog)
        self._select(select)

    def _keep_hold_times(self) -> None:
        session, files = self.driver.session, self.routine_files
        if self._routine is None or session is None or files is None:
            return
        kept = files.keep_hold_times(self._routine, session.adjusted_holds())
        if kept is None:
            self.done_page.show_kept("The hold times were not saved.", saved=False)
            return
        self.done_page.show_kept(f"Saved in “{kept.title}”.", saved=True)

    # Session control

    def open_routine(self, routine_id: str, start: bool = False) -> None:
        entry = None if self._catalog is None else self._catalog.get(routine_id)
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
        self.cues.stop()
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
        if snapshot.state is not State.DONE and self.pages.currentWidget() is self._done_page:
            self.pages.setCurrentWidget(self.session_page)
        self.session_page.show_snapshot(snapshot, self._routine.title)
        self.setWindowTitle(window_title(snapshot))

    def _show_done(self, snapshot: Snapshot) -> None:
        session = self.driver.session
        if self._routine is None or session is None:
            return
        started, finished = session.started_at, session.finished_at
        elapsed = finished - started if started is not None and finished is not None else 0.0
        self.done_page.show_result(
            self._routine,
            session.completed_steps,
            elapsed,
            holds_changed=bool(session.adjusted_holds()),
        )
        self.pages.setCurrentWidget(self.done_page)
        self.setWindowTitle(window_title(snapshot))
