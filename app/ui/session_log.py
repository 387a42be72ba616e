"""Keeps the record of sessions: a history row for each one started, and the
"session in progress" record that lets a lost session be resumed.

Watches the SessionDriver's snapshots; what they call for (a row begun, ended,
the record kept or removed) is decided by app/session_record.py, and done here.
Nothing here can interrupt a warm-up, nor wait on a disk: the history rows are
written by one worker thread, in the order asked (so a row's end always follows
its start), and the resume record by
another (app.resume.ResumeFile), so a slow disk or a history locked by another
program never stalls the countdown. What a write comes to (an error, a new row)
comes back to the GUI thread as a queued signal. A history write that fails
(full disk, a lock held too long) is reported through `notice` and the session
goes on. app.history and sqlite3 are only imported once a history is set, which
the app does after the first paint.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal

from app.clock import Clock
from app.i18n import _
from app.resume import ResumeFile, ResumePoint, resume_point
from app.session import Session, Snapshot
from app.session_record import (
    Began,
    BeganAgain,
    Ended,
    Event,
    KeptForNextTime,
    RunEnd,
    SessionRecorder,
    Standing,
)
from app.settings import Options, Settings
from app.ui.background import deliver_later
from app.ui.session_driver import SessionDriver

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from app.history import History

# How long closing the window waits for the last writes (the history rows, the
# resume record) to reach the disk before it lets the app quit regardless.
CLOSE_WAIT_SECONDS = 2.0


class _Row:
    """A session's history row, as the writer thread knows it."""

    def __init__(self, history: History, row_id: int | None = None) -> None:
        self.history = history  # the history it is written in (set_history may change later)
        # Set on the writer thread once the row is there (read on the GUI thread for
        # the resume record); None until then, and for good if its start failed.
        self.id = row_id


_Job = Callable[[], "_Row | None"]


@dataclass(frozen=True)
class RecordRead:
    """The resume record as read from its file, ahead of the question (in a worker):
    the point to resume, or why the record was unusable (and removed)."""

    point: ResumePoint | None
    problem: str | None = None


class SessionLog(QObject):
    """Records every session the driver runs; `notice(text)` when a record can't be saved."""

    notice = Signal(str)
    # From the worker threads, queued to the GUI thread.

    def __init__(
        self,
        driver: SessionDriver,
        clock: Clock,
        settings: Settings,
        parent: QObject | None = None,
        *,
        resume_file: Path | None = None,
    ) -> None:
        """`resume_file` is where the record is kept (default: next to the history)."""
        super().__init__(parent)
        self._driver = driver
        self._clock = clock
        self._settings = settings
        self._resume_path = resume_file
        self._resume: ResumeFile | None = None  # built on first use
        self._resume_made = threading.Lock()  # first use may be in a start-up worker
        self._resume_problem: str | None = None  # the last one reported, not to repeat it
        self._history: History | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._last_write: Future[_Row | None] | None = None
        self._writes_pending = 0  # submitted, and their outcome not yet back here
        self._after_writes: list[Callable[[], None]] = []
        self._recorder = SessionRecorder()  # what to record, from what the driver shows
        self._row: _Row | None = None  # the open history row, if any
        self._saved_as: tuple[object, ...] | None = None  # what the resume record says
        self._cleared = False  # the record was removed, and nothing saved since
        self._continuing: ResumePoint | None = None  # a resumed run: its row goes on
        # Why the resume record could not be written, from its writer's thread to
        # this one (never through this log itself, which may be gone by then).
        self._resume_failure = deliver_later(self, self._on_resume_failed, once=False)
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
        if session is not None:
            self._carry_out(self._recorder.changed(session, snapshot.state), snapshot)

    def _on_unloaded(self, session: Session) -> None:
        self._carry_out(self._recorder.unloaded(session))

    def _carry_out(self, events: list[Event], snapshot: Snapshot | None = None) -> None:
        """Do what the recorder (app/session_record.py) says the record needs."""
        for event in events:
            if isinstance(event, Began):
                self._begin(event.session)
            elif isinstance(event, BeganAgain):
                # The same row, counted from zero; a run begun with no history has none.
                if self._row is None:
                    self._begin(event.session)
                else:
                    self._saved_as = None
            elif isinstance(event, Ended):
                self._end(event)
            elif isinstance(event, Standing):
                shown = snapshot or event.session.snapshot(self._clock.monotonic())
                self._save_resume(event.session, shown)
            elif isinstance(event, KeptForNextTime):
                self._keep_for_next_time(event.session)
            else:  # NothingToResume
                self._clear_resume()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closing mid-session: keep where it stood, and end the row."""
        if event.type() == QEvent.Type.Close and watched is self.parent():
            self.window_closing()
        return False

    def window_closing(self) -> None:
        """Record the exact time left and end the row; then wait (a bounded while)
        for the writes to reach the disk, so the last session is not lost."""
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        self._carry_out(self._recorder.closing(self._driver.session))
        self.finish_writes(max(0.0, deadline - time.monotonic()))

    def _keep_for_next_time(self, session: Session) -> None:
        # The row's start may still be on its way: the record must name the row.
        self._wait_for_history(CLOSE_WAIT_SECONDS)
        point = resume_point(session, session.snapshot(self._clock.monotonic()))
        if point is not None:  # the exact time left, not as of the last second shown
            self._resume_file().save(self._with_history(point).to_json())

    # -- the writer thread ----------------------------------------------------

    def _submit(self, job: _Job) -> None:
        """Run `job` on the history's writer thread, after every write asked before it."""
        if self._writer is None:
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="limber-history")
        # The outcome comes back to the GUI thread (never through this log itself,
        # which may be gone by the time the write ends: app/ui/background.py).
        hand_over = deliver_later(self, self._on_write_done)
        future = self._writer.submit(job)
        self._writes_pending += 1
        self._last_write = future
        future.add_done_callback(hand_over)

    def _on_write_done(self, future: Future[_Row | None]) -> None:
        import sqlite3

        self._writes_pending -= 1
        try:
            error = future.exception()
            if isinstance(error, sqlite3.Error):
                self._report(error)
            elif error is not None:
                raise error  # a bug, not the disk: let it show
            elif future.result() is not None and future.result() is self._row:
                self._saved_as = None  # the record gets the new row's id
                self._refresh_resume()
        finally:
            if self._writes_pending == 0:
                waiting, self._after_writes = self._after_writes, []
                for callback in waiting:
                    callback()

    @property
    def writes_pending(self) -> bool:
        """Whether a history write or the resume record is still on its way to disk."""
        busy = self._resume is not None and self._resume.busy
        return self._writes_pending > 0 or busy

    def after_writes(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the history writes asked for so far are done (at once
        when there are none): what reads the history must see them."""
        if self._writes_pending == 0:
            callback()
        else:
            self._after_writes.append(callback)

    def finish_writes(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds in all for the writes asked for to be on disk;
        True if they are. Blocks: only for closing the app."""
        deadline = time.monotonic() + timeout
        done = self._wait_for_history(timeout)
        if self._resume is not None:
            done = self._resume.wait(max(0.0, deadline - time.monotonic())) and done
        return done

    def _wait_for_history(self, timeout: float) -> bool:
        """Block until the history writes asked for are done, or `timeout` s pass."""
        last = self._last_write
        if last is None:
            return True
        from concurrent.futures import wait

        wait([last], timeout=timeout)  # one writer, in order: the last one ends last
        return last.done()

    # -- history rows ---------------------------------------------------------

    def continue_from(self, point: ResumePoint) -> None:
        """The next run to begin is `point`'s, resumed: it goes on in the same history
        row, with the time it had already run."""
        self._continuing = point

    def _begin(self, session: Session) -> None:
        continuing, self._continuing = self._continuing, None
        self._saved_as = None
        self._row = None
        history = self._history
        if history is None:
            return
        routine = session.routine
        lost_row = None if continuing is None else continuing.history_row
        # A resumed run's record names its row at once, so a second crash finds it.
        row = self._row = _Row(history, lost_row)

        def start() -> _Row:
            try:
                if lost_row is not None:
                    try:
                        history.reopen(lost_row, routine.id)
                        return row
                    except LookupError:  # the history was replaced since: a new row, then
                        pass
                row.id = history.start(routine.id, routine.title, len(routine.steps))
            except BaseException:
                row.id = None
                raise
            return row

        self._submit(start)

    def _with_history(self, point: ResumePoint) -> ResumePoint:
        row = None if self._row is None else self._row.id
        return replace(point, history_row=row)

    def _end(self, ended: Ended) -> None:
        """Close the open history row (if any) with what the run came to."""
        row, self._row = self._row, None
        if row is None:
            return
        from app.history import Outcome

        outcome = Outcome.COMPLETED if ended.end is RunEnd.COMPLETED else Outcome.STOPPED
        steps, active = ended.steps, ended.active_seconds

        def finish() -> None:
            if row.id is not None:  # else its start failed, and was reported
                row.history.finish(row.id, outcome, steps, active)

        self._submit(finish)

    def _report(self, error: Exception) -> None:
        self.notice.emit(
            _("History could not be saved ({error}); the warm-up goes on.").format(error=error)
        )

    # -- the resume record ----------------------------------------------------

    def _resume_file(self) -> ResumeFile:
        with self._resume_made:
            if self._resume is None:
                path = self._resume_path
                if path is None:
                    from app.paths import resume_path

                    path = resume_path()
                self._resume = ResumeFile(path, self._resume_failure)
            return self._resume

    def read_resume_record(self) -> RecordRead:
        """Read the resume file, from any thread: start-up reads it in a worker and
        hands it to pending_resume(), so the GUI thread never waits on the file."""
        record = self._resume_file()
        point = record.load()
        return RecordRead(point, record.problem)

    def _save_resume(self, session: Session, snapshot: Snapshot) -> None:
        """Written whenever the countdown shows another second (so a crash or a power
        cut loses less than one), the phase or state changes, or the runner adjusts;
        not for a redraw that changes none of these (a rep)."""
        row = None if self._row is None else self._row.id
        key = (
            snapshot.phase_index,
            snapshot.state,
            session.revision,
            math.ceil(snapshot.remaining),
            row,
        )
        if key == self._saved_as:
            return
        point = resume_point(session, snapshot)
        if point is None:
            return
        self._saved_as, self._cleared = key, False
        self._resume_file().save(self._with_history(point).to_json())

    def _refresh_resume(self) -> None:
        session = self._driver.session
        if session is not None and session is self._recorder.session and self._recorder.recording:
            self._save_resume(session, session.snapshot(self._clock.monotonic()))

    def _on_resume_failed(self, reason: str) -> None:
        if reason != self._resume_problem:  # once, not every second
            self._resume_problem = reason
            self.notice.emit(
                _(
                    "Where the session stands could not be saved ({reason}); the warm-up goes on."
                ).format(reason=reason)
            )

    def _clear_resume(self) -> None:
        self._saved_as = None
        if not self._cleared:  # not again for every redraw of the done page
            self._cleared = True
            self._resume_file().clear()

    def pending_resume(self, read: RecordRead | None = None) -> ResumePoint | None:
        """The record a lost session left, if any (a garbled one is dropped).

        From the file (as `read` already, or read now); else, once, from the
        settings, where versions before the file kept it (it is cleared there
        either way).
        """
        read = read or self.read_resume_record()
        point = read.point
        if read.problem is not None:
            self.notice.emit(
                # Translators: {reason} is one of the reasons a resume record is unusable
                # ("it is not a readable record").
                _(
                    "An interrupted session could not be resumed: its record was removed "
                    "because {reason}."
                ).format(reason=read.problem)
            )
        earlier = self._settings.get(Options.RESUME_SESSION)
        if earlier:
            self._settings.reset(Options.RESUME_SESSION)
            self._settings.sync()
            if point is None:
                point = ResumePoint.from_json(earlier)
        return point

    def forget_resume(self, point: ResumePoint | None = None) -> None:
        """Drop the pending record, not to be resumed. Its session, lost to a crash,
        is recorded as stopped, with the steps and time it had run: it never stays
        "unfinished" in the history."""
        self._clear_resume()
        history = self._history
        if point is None or point.history_row is None or history is None:
            return
        row_id, routine_id = point.history_row, point.routine_id
        steps, active = len(point.completed), point.active_seconds

        def stop() -> None:
            history.finish_lost(row_id, routine_id, steps, active)

        self._submit(stop)
