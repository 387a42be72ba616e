"""The main window: picker -> session -> done (and history), and what joins them.

It builds the pages and the session's parts, and passes data between them:
the engine's snapshots to the pages, the pages' signals to the engine. It
talks to each page through the page's own methods and signals, never its
widgets. What is not the window itself lives beside it: its keys
(window_keys.py), focus mode, keep on top and its size and place
(window_modes.py), the resume offer (resume_offer.py), the record of
sessions (session_log.py over app/session_record.py). At some 740 lines it
is over the house's ~500, as the one place where every page, the engine,
the cues, the history and the routine files meet; each section below is
one of those meetings.

The first paint shows only the picker, so nothing of a session is loaded
before it: the pages, the driver and with it the session engine are built on
first use (see the properties below). The imports inside functions are of
LATER_MODULES (or bring app.session with them, as app.timing does), on
purpose: they are imported after the first paint, ahead of use
(later_modules.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.clock import Clock
from app.i18n import _
from app.settings import Options, Settings
from app.ui import theme
from app.ui.background import in_background, run_later
from app.ui.later_modules import import_later_modules
from app.ui.picker_page import PickerPage
from app.ui.pyside_costs import make_widget_types
from app.ui.settings_store import user_settings
from app.ui.window_keys import WindowKeys
from app.ui.window_modes import WindowModes

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent

    from app.history import History
    from app.routine import Routine
    from app.session import Session, Snapshot
    from app.store import Catalog
    from app.timing import TimingOverrides
    from app.ui.catalog_loader import CatalogLoader
    from app.ui.cue_player import Backend, CuePlayer
    from app.ui.done_page import DonePage
    from app.ui.history_page import HistoryPage
    from app.ui.routine_file_actions import RoutineFiles
    from app.ui.session_driver import SessionDriver
    from app.ui.session_log import RecordRead, SessionLog
    from app.ui.session_page import SessionPage
    from app.ui.settings_dialog import SettingsDialog

APP_NAME = "Limber"
# How long after being shown the window announces first_painted if it still
# hasn't been painted.
FIRST_PAINT_AT_THE_LATEST_MS = 1000


def window_title(snapshot: Snapshot | None) -> str:
    """`0:25 · Lunge press — Limber` while a session runs, so the task bar can be followed
    (`Switch sides · 0:04 — Limber` while the runner changes sides)."""
    from app.routine import format_duration
    from app.session import PhaseKind, State

    if snapshot is None:
        return APP_NAME
    if snapshot.state is State.DONE:
        # Translators: the window's title once a session is done; {app} is "Limber".
        return _("Done — {app}").format(app=APP_NAME)
    stretch = snapshot.step.name
    if snapshot.state is State.READY:
        return _("{stretch} — {app}").format(stretch=stretch, app=APP_NAME)
    time_left = format_duration(snapshot.remaining)
    paused = snapshot.state is State.PAUSED
    if snapshot.phase.kind is PhaseKind.SWITCH_SIDES:  # seen from the task bar too
        title = (
            _("Paused · Switch sides · {time} — {app}")
            if paused
            else _("Switch sides · {time} — {app}")
        )
        return title.format(time=time_left, app=APP_NAME)
    # Translators: the window's title in a session: the time left, the stretch.
    title = _("Paused · {time} · {stretch} — {app}") if paused else _("{time} · {stretch} — {app}")
    return title.format(time=time_left, stretch=stretch, app=APP_NAME)


def accessible_title(snapshot: Snapshot | None) -> str:
    """The window's name for screen readers: its title without the seconds, so that
    it changes with the phase, not every second."""
    from app.session import PhaseKind, State

    if snapshot is None or snapshot.state in (State.READY, State.DONE):
        return window_title(snapshot)
    paused = snapshot.state is State.PAUSED
    if snapshot.phase.kind is PhaseKind.SWITCH_SIDES:
        title = _("Paused · Switch sides — {app}") if paused else _("Switch sides — {app}")
        return title.format(app=APP_NAME)
    title = _("Paused · {stretch} — {app}") if paused else _("{stretch} — {app}")
    return title.format(stretch=snapshot.step.name, app=APP_NAME)


class MainWindow(QMainWindow):
    """Everything it needs is passed in, so each test builds its own window."""

    # Once, just after the window's first paint: the time for work the first
    # screen doesn't need (reading the routines, loading the audio libraries).
    first_painted = Signal()
    # The routines read by load_catalog(), once they are listed: the Catalog.
    catalog_arrived = Signal(object)
    # Once, after first_painted: LATER_MODULES are imported, and the cue player,
    # the routine list's details, the session log and the session page built
    # (each in its own turn of the event loop).
    prepared = Signal()
    # Once, when launch()'s start-up (app/ui/start_up.py) is over.
    started_up = Signal()

    def __init__(
        self,
        catalog: Catalog | None,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        cue_backend: Backend | None = None,
        history: History | None = None,
    ) -> None:
        """`catalog` may come later through set_catalog(), so the window can paint first.

        `settings` default to the user's; `cue_backend` loads the sounds and
        voice (default: Qt's, silent on the offscreen platform).
        """
        super().__init__(parent)
        self._catalog = catalog
        self._routine: Routine | None = None
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)  # see accessible_title
        self.resize(1000, 720)
        self.setMinimumSize(640, 520)

        self._driver: SessionDriver | None = None
        if settings is None:
            settings = user_settings(self)
        self.settings = settings
        # The cue player and the session log are built right after the first
        # paint (or on first use, if sooner); see `cues` and `session_log`.
        self._clock = clock
        self._cue_backend = cue_backend
        self._cues: CuePlayer | None = None
        self._session_log: SessionLog | None = None
        self._painted = False
        self._prepared = False
        self._starting_up = False
        self.first_painted.connect(self._prepare, Qt.ConnectionType.QueuedConnection)
        self._history_page: HistoryPage | None = None
        self._history_notice: str | None = None
        # Asks whether to resume a lost session; tests replace it.
        self.ask_resume: Callable[[str], bool] = self._ask_resume
        # Tells the user something went wrong (a routine asked for can't be
        # opened); tests replace it.
        self.warn: Callable[[str], None] = self._warn
        self.picker = PickerPage(self)
        self._session_page: SessionPage | None = None
        self._unjoined_page: SessionPage | None = None  # made ahead, not yet joined
        self._done_page: DonePage | None = None
        self._routine_files: RoutineFiles | None = None
        self._catalog_loader: CatalogLoader | None = None  # built by the first load_catalog()
        self._select_on_arrival: str | None = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.picker)
        self.setCentralWidget(self.pages)
        self.pages.currentChanged.connect(self._page_shown)
        if catalog is not None:
            self.set_catalog(catalog)
        if history is not None:
            self.set_history(history)

        self.picker.start_requested.connect(self._start_from_picker)
        self.picker.generated_start_requested.connect(self._start_generated)
        self.picker.routine_saved.connect(self._reload_and_select)
        self.picker.file_action_requested.connect(self._file_action)
        self.picker.history_requested.connect(self.show_history)
        self.picker.settings_requested.connect(self.open_settings)
        self.settings.changed.connect(self._setting_changed)
        self.settings.changed.connect(self._timing_setting_changed)
        # The desktop switched between light and dark: followed when the theme
        # setting says "follow the system".
        # Let go of as the window closes: the style hints are the application's, and
        # a closed window (another test's, say) must not set the colours.
        self._following_desktop = QGuiApplication.styleHints().colorSchemeChanged.connect(
            self._desktop_scheme_changed
        )
        self.settings_dialog: SettingsDialog | None = None  # built when first opened
        self.modes = WindowModes(self, self.settings)
        self.keys = WindowKeys(self)
        # The list, not the search box, takes the keys at start: Space starts
        # the selected routine instead of typing a space.
        self.picker.focus_list()

    @property
    def driver(self) -> SessionDriver:
        """Runs the session engine against the clock; the views draw what it sends."""
        if self._driver is None:
            from app.ui.session_driver import SessionDriver

            driver = SessionDriver(self._clock, self)
            driver.changed.connect(self._show_snapshot)
            driver.finished.connect(self._show_done)
            self._driver = driver
        return self._driver

    @property
    def cues(self) -> CuePlayer:
        """Sounds and voice. Their workers start once the window's start-up steps are
        done (see _session_page_laid_out and hold_cue_workers_until_started_up), or,
        with no start-up under way, as soon as a session needs them."""
        if self._cues is None:
            from app.ui.cue_player import CuePlayer

            self._cues = CuePlayer(self.driver, self._clock, self.settings, self._cue_backend, self)
            if self._starting_up:
                self._cues.postpone_workers()
        return self._cues

    @property
    def session_log(self) -> SessionLog:
        """Writes each session to the history and keeps the resume record."""
        if self._session_log is None:
            from app.ui.session_log import SessionLog

            self._session_log = SessionLog(self.driver, self._clock, self.settings, self)
            self._session_log.notice.connect(self.show_history_notice)
        return self._session_log

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # Queued, so the paint in progress completes before the work begins.
            QTimer.singleShot(0, self, self._announce_first_paint)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.modes.window_shown()
        if not self._painted:
            # A window shown where nothing exposes it (another workspace, say) may
            # not be painted for a long while; the routines load all the same.
            QTimer.singleShot(FIRST_PAINT_AT_THE_LATEST_MS, self, self._announce_first_paint)

    def _announce_first_paint(self) -> None:
        if not self._painted:
            self._painted = True
            run_later(self, make_widget_types)  # first, in a turn of its own
            self.first_painted.emit()

    def _prepare(self) -> None:
        """After the first paint: what later use needs, without a stall (later_modules.py)."""
        import_later_modules(self, self._modules_imported)

    def hold_cue_workers_until_started_up(self) -> None:
        """Start-up is under way: the cue workers start once it is done (`started_up`),
        in a turn of their own, after what it opened is painted (CuePlayer.postpone_workers)."""
        self._starting_up = True
        if self._cues is not None:
            self._cues.postpone_workers()
        self.started_up.connect(self._start_up_done, Qt.ConnectionType.SingleShotConnection)

    def _start_up_done(self) -> None:
        self._starting_up = False
        run_later(self, self.cues.prepare)

    def _modules_imported(self) -> None:
        _ = self.cues
        run_later(self, self._details_built)

    def _details_built(self) -> None:
        self.picker.build_details()
        run_later(self, self._log_built)

    def _log_built(self) -> None:
        _ = self.session_log
        run_later(self, self._session_page_built)

    def _session_page_built(self) -> None:
        """Built ahead (a runner opens Limber to start a session), in turns of its own:
        made, then joined to the window, then laid out; opening a routine then only
        fills it in."""
        if self._session_page is None and self._unjoined_page is None:
            from app.ui.session_page import SessionPage

            self._unjoined_page = SessionPage(self)
        run_later(self, self._session_page_joined)

    def _session_page_joined(self) -> None:
        page = self.session_page
        run_later(self, lambda: self._session_page_laid_out(page))

    def _session_page_laid_out(self, page: SessionPage) -> None:
        page.ensurePolished()
        layout = page.layout()
        if layout is not None:
            layout.activate()
        self._prepared = True
        self.prepared.emit()
        self._draw_step_icons()
        if not self._starting_up:
            self.cues.prepare()

    def _draw_step_icons(self) -> None:
        """The routines' step icons drawn in the catalog's worker, once the steps above
        are done: drawing is hundreds of short Qt calls, each handing the GIL over and
        back, and alongside those steps it made them wait (43-70 ms stalls, measured)."""
        from app.ui.catalog_loader import prepare_step_icons, step_icons_may_be_drawn

        step_icons_may_be_drawn.set()  # the worker waits for it to draw, then hands over
        if self._catalog is not None:  # given to the window, or its reader's wait ran out
            catalog = self._catalog
            in_background(self, lambda: prepare_step_icons(catalog), lambda _: None)

    @property
    def is_prepared(self) -> bool:
        """Whether `prepared` was emitted."""
        return self._prepared

    def _build_background_parts(self) -> None:
        """Both must listen to the driver before any session starts."""
        _ = self.cues, self.session_log

    # The session and done pages are built on first use: the first paint
    # shows only the picker, and start-up doesn't pay for what it doesn't show.

    @property
    def session_page(self) -> SessionPage:
        if self._session_page is None:
            page = self._unjoined_page
            if page is None:
                from app.ui.session_page import SessionPage

                page = SessionPage(self)
            self._unjoined_page = None
            self._join_session_page(page)
        assert self._session_page is not None
        return self._session_page

    def _join_session_page(self, page: SessionPage) -> None:
        """The page's signals to the engine and the window, its sound row, its place."""
        from app.ui.cue_player import CueControls

        page.toggle_requested.connect(self.driver.toggle)
        page.back_requested.connect(self.driver.back)
        page.skip_requested.connect(self.driver.skip)
        page.restart_requested.connect(self.keys.restart)
        page.adjust_requested.connect(self.driver.adjust)
        page.stop_requested.connect(self.keys.stop)
        page.confirmed.connect(self.keys.confirmed)
        page.declined.connect(self.keys.drop_question)  # "Keep going" clicked
        controls = CueControls(self.settings, page)
        controls.set_notice(self.cues.notice or "")
        self.cues.notice_changed.connect(controls.set_notice)
        page.set_sound_controls(controls)
        page.set_countdown_scale(self.settings.get(Options.COUNTDOWN_SCALE))
        page.picture.set_snapshot_source(self.driver.snapshot)
        self.pages.addWidget(page)
        self._session_page = page

    @property
    def built_session_page(self) -> SessionPage | None:
        """The session page if it was built (the keys ask it, and never build it)."""
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

    def _page_shown(self, _index: int) -> None:
        """The session and done pages take the focus themselves, not their first button:
        Space presses a button only once the runner has tabbed to it."""
        page: QWidget | None = self.pages.currentWidget()
        if page is not None and any(page is own for own in (self._session_page, self._done_page)):
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._show_timing()
        self.picker.set_entries(catalog.entries)
        self.picker.set_catalog(catalog)
        self._show_picker_notices()
        if self._routine_files is not None:
            self._routine_files.set_catalog(catalog)

    def load_catalog(self, user_dir: Path, select: str | None = None) -> None:
        """Read the routines in a worker thread (app/ui/catalog_loader.py), so that
        nothing waits on the files; `catalog_arrived` once they are listed.

        Until then the picker shows the routines it has (or that they are
        loading); then the routine `select` is selected, if it is listed.
        """
        if self._catalog_loader is None:
            from app.ui.catalog_loader import CatalogLoader

            self._catalog_loader = CatalogLoader(self)
            self._catalog_loader.loaded.connect(self._catalog_loaded)
            self._catalog_loader.failed.connect(self.picker.show_load_error)
        if self._catalog is None:
            self.picker.show_loading()
        self._select_on_arrival = select
        self._catalog_loader.request(user_dir)

    @property
    def catalog_loading(self) -> bool:
        return self._catalog_loader is not None and self._catalog_loader.loading

    def _catalog_loaded(self, catalog: Catalog) -> None:
        self.set_catalog(catalog)
        if self._select_on_arrival is not None:
            self._select(self._select_on_arrival)
        self.catalog_arrived.emit(catalog)

    # Routine files: editing, copies, import and export (app/ui/routine_file_actions.py)

    @property
    def routine_files(self) -> RoutineFiles | None:
        """Built on first use, once there is a catalog; tests set its `dialogs`."""
        if self._routine_files is None and self._catalog is not None:
            from app.ui.routine_file_actions import RoutineFiles

            self._routine_files = RoutineFiles(self._catalog, self)
            self._routine_files.set_overrides(self.timing_overrides())
            self._routine_files.files_changed.connect(self._reload_and_select)
            self._routine_files.undo_offered.connect(self.picker.offer_undo)
            self._routine_files.message.connect(self.picker.show_file_message)
        return self._routine_files

    def _file_action(self, action: str, routine_id: str) -> None:
        files = self.routine_files
        if files is not None:
            files.run(action, routine_id)

    def _start_generated(self, routine: Routine) -> None:
        """A routine from "build one for me", run without being saved."""
        self.open_loaded_routine(routine, start=True)

    def _reload_and_select(self, routine_id: str) -> None:
        """After a routine file was saved, imported, deleted or put back: read the
        routines again, and select `routine_id` once it is listed ("": the first)."""
        if self._catalog is not None:
            self.load_catalog(self._catalog.user_dir, select=routine_id)

    def _keep_hold_times(self) -> None:
        session, files = self.driver.session, self.routine_files
        if self._routine is None or session is None or files is None:
            return
        kept = files.keep_hold_times(self._routine, session.adjusted_holds())
        if kept is None:
            self.done_page.show_kept(_("The hold times were not saved."), saved=False)
            return
        self.done_page.show_kept(_("Saved in “{title}”.").format(title=kept.title), saved=True)

    # Session control

    def open_routine(self, routine_id: str, start: bool = False) -> None:
        entry = None if self._catalog is None else self._catalog.get(routine_id)
        if entry is None or entry.routine is None:
            return
        self.settings.set(Options.LAST_ROUTINE, routine_id)
        self._open(entry.routine, start=start)

    def _start_from_picker(self, routine_id: str) -> None:
        self.open_routine(routine_id, start=True)

    def open_loaded_routine(self, routine: Routine, start: bool = False) -> None:
        """Open a routine that is not (or not only) in the catalog, e.g. from a path."""
        self._open(routine, start=start)

    def _open(self, routine: Routine, *, start: bool) -> None:
        self._build_background_parts()
        self._routine = routine
        self.pages.setCurrentWidget(self.session_page)
        self.driver.load(self._timed(routine))
        if self.settings.get(Options.START_FULLSCREEN):
            self.set_focus_mode(True)
        if start:
            # Right after start-up the cue workers may still be loading: wait a
            # moment for them, so the first announcement is heard (Space starts now).
            session = self.driver.session
            self.cues.when_ready(lambda: self._start_if_still_open(session))

    def _start_if_still_open(self, session: object) -> None:
        if session is not None and self.driver.session is session:
            self.driver.start()  # a session already started (Space) is left as it is

    def _timed(self, routine: Routine) -> Routine:
        """The routine with the lead-in and rest from Settings (app.timing.timed)."""
        from app.timing import timed

        return timed(routine, self.settings.get(Options.LEAD_IN), self.settings.get(Options.REST))

    def timing_overrides(self) -> TimingOverrides:
        """The get-ready and rest from Settings (None: the routine's own)."""
        from app.timing import TimingOverrides

        return TimingOverrides.from_settings(
            self.settings.get(Options.LEAD_IN), self.settings.get(Options.REST)
        )

    def _show_timing(self) -> None:
        """Every time shown (list, details, length filter, builder, editor) counts them."""
        overrides = self.timing_overrides()
        self.picker.set_overrides(overrides)
        if self._routine_files is not None:
            self._routine_files.set_overrides(overrides)

    def _timing_setting_changed(self, key: str) -> None:
        # Before the routines come there is nothing to show: set_catalog shows them.
        if key in (Options.LEAD_IN.key, Options.REST.key) and self._catalog is not None:
            self._show_timing()

    def close_session(self) -> None:
        if self.pages.currentWidget() is self.picker:
            return
        if self._history_page is not None and self.pages.currentWidget() is self._history_page:
            self.pages.setCurrentWidget(self.picker)
            self.picker.focus_list()
            return
        self.keys.drop_question()
        self.set_focus_mode(False)
        self.driver.unload()
        if self._cues is not None:
            self._cues.stop()
        routine_id = self._routine.id if self._routine is not None else None
        self._routine = None
        self.pages.setCurrentWidget(self.picker)
        self.picker.focus_list()
        if routine_id is not None:
            self._select(routine_id)
        self.setWindowTitle(APP_NAME)
        self._set_accessible_title(APP_NAME)

    def _select(self, routine_id: str) -> None:
        self.picker.select(routine_id)

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        from app.session import State

        if self._routine is None:
            return
        if snapshot.state is not State.DONE and self.pages.currentWidget() is self._done_page:
            self.pages.setCurrentWidget(self.session_page)
        if snapshot.state not in (State.RUNNING, State.PAUSED):
            self.keys.drop_question()  # finished while asked: nothing is left to lose
        self.session_page.show_snapshot(snapshot, self._routine.title)
        self.setWindowTitle(window_title(snapshot))
        self._set_accessible_title(accessible_title(snapshot))

    def _set_accessible_title(self, name: str) -> None:
        if self.accessibleName() != name:  # else Qt would tell screen readers again
            self.setAccessibleName(name)

    def _show_done(self, snapshot: Snapshot) -> None:
        session = self.driver.session
        if self._routine is None or session is None:
            return
        self.done_page.show_result(
            self._routine,
            session.completed_steps,
            session.active_seconds(),
            paused_seconds=session.paused_seconds(),
            hold_changes=session.hold_changes(),
        )
        # Once this session's row is written, so that the streak counts it.
        self.session_log.after_writes(self._show_streak)
        self.set_focus_mode(False)
        self.pages.setCurrentWidget(self.done_page)
        self.setWindowTitle(window_title(snapshot))

    def _show_streak(self) -> None:
        self.done_page.read_streak(self.history)

    # History (app/ui/history_page.py) and resuming a lost session (app/ui/session_log.py)

    @property
    def history(self) -> History | None:
        return self.session_log.history

    def set_history(self, history: History) -> None:
        """Record sessions in `history` from now on; its notice (if any) is shown."""
        self.session_log.set_history(history)
        if history.notice:
            self.show_history_notice(history.notice)
        if self._history_page is not None:
            self._history_page.set_history(history, self._history_notice)

    def show_history_notice(self, text: str) -> None:
        """A history problem, in one line: on the picker and the history view."""
        self._history_notice = text
        self._show_picker_notices()
        # Only while it is shown (it reads the history): mid-session, a notice must not
        # wait on the database. Opened later, it shows the notice all the same.
        if self._history_page is not None and self.pages.currentWidget() is self._history_page:
            self._history_page.refresh(text)

    def _show_picker_notices(self) -> None:
        """The lines under the routine list: the routines folder's problem (it cannot
        be read), then the history's."""
        folder = None if self._catalog is None else self._catalog.problem
        self.picker.set_history_notice("\n".join(filter(None, (folder, self._history_notice))))

    @property
    def history_page(self) -> HistoryPage:
        if self._history_page is None:
            from app.ui.history_page import HistoryPage

            page = HistoryPage(self)
            page.back_requested.connect(self.close_session)
            self.pages.addWidget(page)
            self._history_page = page
        return self._history_page

    def show_history(self) -> None:
        page = self.history_page
        page.set_history(self.history, self._history_notice)
        self.pages.setCurrentWidget(page)
        page.table.setFocus()

    def offer_resume(self, read: RecordRead | None = None) -> bool:
        """After start-up: offer to resume a session the app lost; True if resumed.

        `read` is the resume file as read in a worker (default: read it now); see
        app/ui/resume_offer.py.
        """
        if self._catalog is None:
            return False
        from app.ui import resume_offer  # after the first paint (LATER_MODULES)

        resumed = resume_offer.offer_resume(
            self.session_log, self._catalog, read, self.ask_resume, self._open_paused
        )
        if resumed:
            self.driver.refresh()
        return resumed

    def _open_paused(self, routine: Routine) -> Session:
        """`routine` on the session page, loaded and not started: to be resumed."""
        self._routine = routine
        self.pages.setCurrentWidget(self.session_page)
        self.driver.load(self._timed(routine))
        session = self.driver.session
        assert session is not None
        return session

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)

    def _ask_resume(self, question: str) -> bool:
        from app.ui import resume_offer  # after the first paint (LATER_MODULES)

        return resume_offer.ask_to_resume(self, APP_NAME, question)

    # Focus mode, keep on top, settings (the dialog is app/ui/settings_dialog.py)

    def is_focus_mode(self) -> bool:
        return self.modes.focus_mode

    def toggle_focus_mode(self) -> None:
        self.set_focus_mode(not self.modes.focus_mode)

    def set_focus_mode(self, on: bool) -> None:
        """Fullscreen with only the countdown, phase, name, picture and cue, in big type.

        Only during a session: on the picker and the done page there is nothing to follow.
        """
        on = on and self.pages.currentWidget() is self._session_page
        if on == self.modes.focus_mode:
            return
        self.session_page.set_focus_mode(on)
        self.modes.set_focus_mode(on)

    def bring_forward(self) -> None:
        """Limber was launched again: show this window, on top and with the keys."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.activateWindow()  # which raises it too, where the desktop allows

    def toggle_keep_on_top(self) -> None:
        self.modes.toggle_keep_on_top()

    def keeps_on_top(self) -> bool:
        return self.modes.keeps_on_top()

    def open_settings(self) -> None:
        """The settings dialog, built when first opened; changes apply as they are made."""
        if self.settings_dialog is None:
            from app.ui.settings_dialog import SettingsDialog

            dialog = SettingsDialog(self.settings, self, voices=self.cues.voice_names())
            # The voice worker may still be loading: its voices are offered when known.
            self.cues.voices_changed.connect(lambda: dialog.set_voices(self.cues.voice_names()))
            self.settings_dialog = dialog
        self.settings_dialog.open()

    def _setting_changed(self, key: str) -> None:
        if key == Options.THEME.key:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                theme.apply_scheme(app, theme.Scheme.of(self.settings.get(Options.THEME)))
            if self._session_page is not None:
                self._session_page.restyle()
        elif key == Options.KEEP_ON_TOP.key:
            self.modes.apply_keep_on_top()
        elif key == Options.COUNTDOWN_SCALE.key and self._session_page is not None:
            self._session_page.set_countdown_scale(self.settings.get(Options.COUNTDOWN_SCALE))

    def _desktop_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if theme.Scheme.of(self.settings.get(Options.THEME)) is theme.Scheme.SYSTEM:
            self._setting_changed(Options.THEME.key)

    # Start-up and closing: called by app.ui.launch, so tests' windows don't share them

    def apply_start_up_settings(self) -> None:
        """Before the first show: the colour scheme, keep on top, and the last size and place."""
        if self.settings.get(Options.THEME) != Options.THEME.default:
            self._setting_changed(Options.THEME.key)
        self.modes.apply_keep_on_top()
        self.modes.restore_geometry()
        self.modes.fit_to_screen()
        self.modes.keep_on_screen()  # and again whenever it moves to another screen

    def select_last_routine(self) -> None:
        """Select, in the picker, the routine opened last time (if it is still there)."""
        last = self.settings.get(Options.LAST_ROUTINE)
        if last:
            self._select(last)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_focus_mode(False)  # keep the normal size and place, not the full screen
        if self._following_desktop:
            QObject.disconnect(self._following_desktop)
        self.modes.save_geometry()
        if self._cues is not None:
            self._cues.close()  # the cue workers end with the window
        super().closeEvent(event)
