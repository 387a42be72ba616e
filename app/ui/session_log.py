"""Keeps the record of sessions: a history row for each one started, and the
"session in progress" record that lets a lost session be resumed.

Watches the SessionDriver's snapshots; nothing here can interrupt a warm-up. A
history write that fails (full disk, a lock held too long) is reported through
`notice` and the session goes on. app.history and sqlite3 are only imported once
a history is set, which the app does after the first paint.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal

from app.clock import Clock
from app.resume import ResumePoint, resume_point
from app.session import Session, Snapshot, State
from app.settings import Options, Settings
from app.ui.session_driver import SessionDriver

if TYPE_CHECKING:
    from app.history import History, Outcome


class SessionLog(QObject):
    """Records every session the driver runs; `notice(text)` when history fails mid-run."""

    notice = Signal(str)

    def __init__(
        self, driver: SessionDriver, clock: Clock, settings: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._driver = driver
        self._clock = clock
        self._settings = settings
        self._history: History | None = None
        self._session: Session | None = None
        self._started_at: float | None = None  # the engine's start of the recorded run
        self._row: int | None = None  # the open history row, if any
        self._steps_done = 0
        self._active = 0.0  # seconds spent running, pauses excluded
        self._running_since: float | None = None
        self._saved_as: tuple[int, State, int] | None = None  # what the resume record says
        self._closed = False  # the window closed: the record stays for next time
        self._continuing: ResumePoint | None = None  # a resumed run: its row goes on
        driver.changed.connect(self._on_changed)
        driver.unloaded.connect(self._on_unloaded)
        if parent is not None:
            parent.installEventFilter(self)

    @property
    def history(self) -> History | None:
        return self._history

    def set_history(self, history: History | None) -> None:
        self._history = history

    # -- watching the driver --------------------------------------------------

    def _on_changed(self, snapshot: Snapshot) -> None:
        session = self._driver.session
        if session is None or self._closed:
            return
        if session is not self._session:
            if self._session is not None:
                self._track_running(self._session, State.STOPPED)
            self._end(self._session, stopped=True)
            self._session, self._started_at = session, None
        if session.started_at is not None and session.started_at != self._started_at:
            self._track_running(session, State.STOPPED)
            self._end(session, stopped=True)  # restarted: the run before ends here
            self._begin(session)
        if self._started_at is None:
            return
        self._track_running(session, snapshot.state)
        if snapshot.state is State.DONE:
            self._steps_done = len(session.completed_steps)
            self._end(session, stopped=False)
            self._clear_resume()
            return
        self._steps_done = len(session.completed_steps)
        self._save_resume(session, snapshot)

    def _on_unloaded(self, session: Session) -> None:
        if self._closed:
            return
        if session is self._session:
            if session.state is not State.DONE:
                self._track_running(session, session.state)
                self._steps_done = len(session.completed_steps)
            self._end(session, stopped=True)
            self._session, self._started_at = None, None
        self._clear_resume()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closing mid-session: keep where it stood, and end the row."""
        if event.type() == QEvent.Type.Close and watched is self.parent():
            self.window_closing()
        return False

    def window_closing(self) -> None:
        session = self._driver.session
        if session is None or session is not self._session or self._started_at is None:
            return
        snapshot = session.snapshot(self._clock.monotonic())
        point = resume_point(session, snapshot)
        self._track_running(session, State.STOPPED)
        if point is not None:  # the exact time left, not as of the last phase change
            self._write_resume(self._with_history(point).to_json())
        self._steps_done = len(session.completed_steps)
        self._end(session, stopped=True)
        self._closed = True

    # -- history rows ---------------------------------------------------------

    def continue_from(self, point: ResumePoint) -> None:
        """The next run to begin is `point`'s, resumed: it goes on in the same history
        row, with the time it had already run."""
        self._continuing = point

    def _begin(self, session: Session) -> None:
        continuing, self._continuing = self._continuing, None
        self._started_at = session.started_at
        self._steps_done = len(session.completed_steps)
        self._active = 0.0 if continuing is None else continuing.active_seconds
        self._running_since = None
        self._saved_as = None
        if self._history is None:
            return
        import sqlite3

        routine = session.routine
        if continuing is not None and continuing.history_row is not None:
            try:
                self._history.reopen(continuing.history_row, routine.id)
                self._row = continuing.history_row
                return
            except LookupError:  # the history was replaced since: a new row, then
                pass
            except sqlite3.Error as error:
                self._report(error)
                return
        try:
            self._row = self._history.start(routine.id, routine.title, len(routine.steps))
        except sqlite3.Error as error:
            self._row = None
            self._report(error)

    def _active_now(self) -> float:
        """Seconds spent running so far, the stretch under way included."""
        if self._running_since is None:
            return self._active
        return self._active + max(0.0, self._clock.monotonic() - self._running_since)

    def _with_history(self, point: ResumePoint) -> ResumePoint:
        return replace(point, history_row=self._row, active_seconds=round(self._active_now(), 3))

    def _end(self, session: Session | None, *, stopped: bool) -> None:
        """Close the open history row (if any) with what the run came to."""
        row, self._row = self._row, None
        if row is None or self._history is None or session is None:
            return
        import sqlite3

        from app.history import Outcome

        outcome: Outcome = Outcome.STOPPED if stopped else Outcome.COMPLETED
        steps = min(self._steps_done, len(session.routine.steps))
        try:
            self._history.finish(row, outcome, steps, round(self._active, 3))
        except sqlite3.Error as error:
            self._report(error)

    def _track_running(self, session: Session, state: State) -> None:
        """Add up the time spent running, from the state changes the snapshots show."""
        now = self._clock.monotonic()
        if state is State.RUNNING:
            if self._running_since is None:
                self._running_since = now
            return
        if self._running_since is not None:
            end = now
            if state in (State.DONE, State.STOPPED) and session.finished_at is not None:
                end = session.finished_at
            self._active += max(0.0, end - self._running_since)
            self._running_since = None

    def _report(self, error: Exception) -> None:
        self.notice.emit(f"History could not be saved ({error}); the warm-up goes on.")

    # -- the resume record ----------------------------------------------------

    def _save_resume(self, session: Session, snapshot: Snapshot) -> None:
        """Written on a phase change, pause or resume, or an adjustment; not every second."""
        key = (snapshot.phase_index, snapshot.state, session.revision)
        if key == self._saved_as:
            return
        point = resume_point(session, snapshot)
        if point is None:
            return
        self._saved_as = key
        self._write_resume(self._with_history(point).to_json())

    def _write_resume(self, text: str) -> None:
        self._settings.set(Options.RESUME_SESSION, text)
        self._settings.sync()

    def _clear_resume(self) -> None:
        self._saved_as = None
        if self._settings.get(Options.RESUME_SESSION):
            self._settings.reset(Options.RESUME_SESSION)
            self._settings.sync()

    def pending_resume(self) -> ResumePoint | None:
        """The record a lost session left, if any (a garbled one is cleared)."""
        point = ResumePoint.from_json(self._settings.get(Options.RESUME_SESSION))
        if point is None:
            self._clear_resume()
        return point

    def forget_resume(self) -> None:
        self._clear_resume()
