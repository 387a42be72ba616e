"""Connects the pure session engine to Qt's event loop.

The engine knows what is shown at any instant; this object only decides *when*
to ask again: one precise single-shot timer aimed at the next moment the
display changes (a whole-second boundary of the countdown, a rep, a phase end).
No interval timer, so nothing drifts and an idle countdown costs one wake-up a
second.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.clock import Clock, SleepWatch
from app.routine import Routine
from app.session import PauseReason, Session, Snapshot, State


class SessionDriver(QObject):
    """Owns the running Session; widgets send it commands and draw its snapshots."""

    changed = Signal(object)  # Snapshot
    finished = Signal(object)  # Snapshot, once, when the last phase ends
    unloaded = Signal(object)  # the Session, stopped, when it is left (Esc)

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._sleep_watch = SleepWatch(clock)
        self._session: Session | None = None
        self._announced_finish = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.refresh)

    @property
    def session(self) -> Session | None:
        return self._session

    def load(self, routine: Routine) -> None:
        """Prepare `routine`, ready to start (nothing runs until start/toggle)."""
        self._timer.stop()
        self._session = Session(routine, self._clock.monotonic)
        self._announced_finish = False
        self.refresh()

    def unload(self) -> None:
        """Leave the session (Esc): it is stopped and forgotten."""
        self._timer.stop()
        session, self._session = self._session, None
        if session is not None:
            session.stop()
            self.unloaded.emit(session)

    # Commands from the view. Each one changes the engine, then redraws.

    def toggle(self) -> None:
        self._command(Session.toggle)

    def start(self) -> None:
        self._command(Session.start)

    def skip(self) -> None:
        self._command(Session.skip)

    def back(self) -> None:
        self._command(Session.back)

    def restart(self) -> None:
        self._command(Session.restart)

    def adjust(self, seconds: float) -> None:
        session = self._session
        if session is None:
            return
        session.adjust(seconds)
        self.refresh()

    def _command(self, command: Callable[[Session], None]) -> None:
        session = self._session
        if session is None:
            return
        was_running = session.state is State.RUNNING
        command(session)
        if session.state is State.RUNNING and not was_running:
            self._sleep_watch.reset()
            self._announced_finish = False
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the engine as of now and aim the timer at the next change."""
        session = self._session
        if session is None:
            return
        if session.state is State.RUNNING:
            awake_until = self._sleep_watch.check()
            if awake_until is not None:
                session.pause(PauseReason.SLEEP, at=awake_until)
        snapshot = session.snapshot(self._clock.monotonic())
        self.changed.emit(snapshot)
        if snapshot.state is State.DONE and not self._announced_finish:
            self._announced_finish = True
            self.finished.emit(snapshot)
        self._arm_timer()

    def _arm_timer(self) -> None:
        session = self._session
        change_at = session.next_change_at() if session is not None else None
        if change_at is None:
            self._timer.stop()
            return
        wait = change_at - self._clock.monotonic()
        # Round up: firing a hair early would show the old second once more.
        self._timer.start(max(0, math.ceil(wait * 1000)))

    @property
    def pending_wakeup_ms(self) -> int | None:
        """How long until the timer next redraws, or None when it is idle."""
        return self._timer.interval() if self._timer.isActive() else None

    def snapshot(self) -> Snapshot | None:
        session = self._session
        return None if session is None else session.snapshot(self._clock.monotonic())
