"""What the record of sessions must do, told from what the engine shows: pure rules.

The history keeps a row per warm-up begun, and a resume record lets a session the
app lost be picked up again. Which of these to write is inferred from the
snapshots a driver sends (a new session, a start, a restart, the end, the window
closing); `SessionRecorder` makes that inference and answers with events, and
the shell (`app/ui/session_log.py`) carries them out on its writer threads. So
the rules are tested here with a fake clock, without Qt, a database or a disk.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.session import Session, State


class RunEnd(enum.Enum):
    """How a recorded run ended (app.history's Outcome, without importing sqlite3)."""

    COMPLETED = "completed"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Began:
    """A run started: open a history row for it (a resumed run: its lost row)."""

    session: Session


@dataclass(frozen=True)
class BeganAgain:
    """The run restarted mid-way: the same warm-up begun again, in the same row."""

    session: Session


@dataclass(frozen=True)
class Ended:
    """Close the run's row with what it came to: the steps done and the active time."""

    session: Session
    end: RunEnd
    steps: int
    active_seconds: float


@dataclass(frozen=True)
class Standing:
    """Where the run stands may have changed: keep the resume record up to date."""

    session: Session


@dataclass(frozen=True)
class KeptForNextTime:
    """The window closes mid-run: write the exact time left, to resume next time."""

    session: Session


@dataclass(frozen=True)
class NothingToResume:
    """The run is over (done, left, replaced): remove the resume record."""


Event = Began | BeganAgain | Ended | Standing | KeptForNextTime | NothingToResume


def _ended(session: Session, end: RunEnd) -> Ended:
    return Ended(session, end, len(session.completed_steps), round(session.active_seconds(), 3))


class SessionRecorder:
    """Follows one driver's sessions and says, for each change, what to record."""

    def __init__(self) -> None:
        self._session: Session | None = None
        self._started_at: float | None = None  # the engine's start of the run recorded
        self._open = False  # a row is open for the run recorded
        self._closed = False  # the window closed: nothing more is recorded

    @property
    def session(self) -> Session | None:
        """The session whose runs are recorded (None before the first, after unload)."""
        return self._session

    @property
    def recording(self) -> bool:
        """Whether a run of that session has started (and the window is open)."""
        return self._started_at is not None and not self._closed

    def changed(self, session: Session, state: State) -> list[Event]:
        """The driver showed `session` in `state`."""
        if self._closed:
            return []
        events: list[Event] = []
        if session is not self._session:
            events += self._end(RunEnd.STOPPED)
            self._session, self._started_at = session, None
        started = session.started_at
        if started is not None and started != self._started_at:
            events.append(BeganAgain(session) if self._open else Began(session))
            self._started_at, self._open = started, True
        if self._started_at is None:
            return events
        if state is State.DONE:
            if self._open:
                events += [*self._end(RunEnd.COMPLETED), NothingToResume()]
            return events
        events.append(Standing(session))
        return events

    def unloaded(self, session: Session) -> list[Event]:
        """The driver let `session` go (the runner left it)."""
        if self._closed:
            return []
        events: list[Event] = []
        if session is self._session:
            events += self._end(RunEnd.STOPPED)
            self._session, self._started_at = None, None
        events.append(NothingToResume())
        return events

    def closing(self, session: Session | None) -> list[Event]:
        """The window closes with `session` loaded: a run under way is kept to resume,
        and its row ended as stopped; nothing is recorded after."""
        if self._closed or session is None or session is not self._session:
            return []
        if self._started_at is None:
            return []
        self._closed = True
        return [KeptForNextTime(session), *self._end(RunEnd.STOPPED)]

    def _end(self, end: RunEnd) -> list[Event]:
        if not self._open or self._session is None:
            return []
        self._open = False
        return [_ended(self._session, end)]
