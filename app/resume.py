"""The "session in progress" record, so a warm-up lost to a crash, a power cut or a
closed window can be picked up where it stopped, to within a second.

Pure Python (no Qt). The window keeps the text from `ResumePoint.to_json` in a small
file next to the history (`ResumeFile`; two copies in it: app/record_slots.py),
rewritten whenever the countdown shows another second, and removed when the
session ends or is stopped. The writing is done by a worker thread, and only
the newest record waiting is written, so a slow disk never stalls the
countdown. Earlier versions kept the record in the settings
(options.RESUME_SESSION); it is read from there once, then cleared.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import _
from app.record_slots import TwoSlotFile, newest_text
from app.routine import format_duration
from app.session import PhaseKind, Session, Side, Snapshot, State

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

# Version 2 added the phase's kind and side (for the question) and is rewritten
# every second; version 1 records (written on phase changes only) still load.
RECORD_VERSION = 2
_READABLE_VERSIONS = (1, 2)
# A record is a few hundred bytes; anything much larger is not one of ours.
MAX_RECORD_BYTES = 64 * 1024
# The file holds two copies, each in a slot rounded up to a power of two.
MAX_FILE_BYTES = 4 * MAX_RECORD_BYTES
# Bounds no real session comes near (a phase lengthened with + for a whole day,
# a routine file at the loader's size cap holds a few thousand steps), past which
# a record was edited or damaged: resuming it would show a 70-digit countdown.
MAX_PHASES = 100_000
MAX_PHASE_SECONDS = 24 * 3600.0
MAX_ACTIVE_SECONDS = 7 * 24 * 3600.0
MAX_TEXT_CHARS = 1000  # a title or stretch name, shown in the question
MAX_ROW_ID = 2**63 - 1  # SQLite's largest row id


@dataclass(frozen=True)
class ResumePoint:
    """Where a session stood: enough to open its routine at that phase, paused."""

    routine_id: str
    routine_title: str
    # The routine file, for routines that are not in the catalog under their id.
    routine_path: str | None
    phase_index: int
    remaining: float  # seconds left in that phase
    phase_count: int  # a changed routine (other phases) is not resumed
    step_number: int  # 1-based, for the question
    step_count: int
    stretch: str  # the step's name, for the question
    completed: tuple[int, ...]  # step indexes already done
    durations: tuple[float, ...]  # every phase's duration, adjustments (+/-) included
    # The session's row in the history, which a resumed run continues, and the
    # time spent running so far. Records from before these were kept have none.
    history_row: int | None = None
    active_seconds: float = 0.0
    # The phase under way and its side, to say where the session stood. Version 1
    # records have neither: the question then names the stretch alone.
    phase_kind: PhaseKind | None = None
    side: Side | None = None

    def question(self) -> str:
        """What the window asks on start-up: where the session stood, and the time left
        there, as the countdown showed it."""
        # Translators: asked on start-up after a crash; {where} is "Lunge press, right
        # side" and the like, {time} is m:ss.
        return _("Resume {routine} at {where}, {time} left (step {number} of {count})?").format(
            routine=self.routine_title,
            where=self.where(),
            time=format_duration(self.remaining),
            number=self.step_number,
            count=self.step_count,
        )

    def where(self) -> str:
        """The stretch, and the part of it: "Lunge press, right side"."""
        kind, side = self.phase_kind, self.side
        name = self.stretch
        if kind is PhaseKind.GET_READY:
            return _("{stretch}, getting ready").format(stretch=name)
        if kind is PhaseKind.REST:
            return _("{stretch}, resting before it").format(stretch=name)
        if kind is PhaseKind.SWITCH_SIDES and side is Side.LEFT:
            return _("{stretch}, switching to the left side").format(stretch=name)
        if kind is PhaseKind.SWITCH_SIDES and side is Side.RIGHT:
            return _("{stretch}, switching to the right side").format(stretch=name)
        if side is Side.LEFT:
            return _("{stretch}, left side").format(stretch=name)
        if side is Side.RIGHT:
            return _("{stretch}, right side").format(stretch=name)
        return name

    def to_json(self) -> str:
        import json  # not at import time: nothing extra before the window's first paint

        return json.dumps(
            {
                "version": RECORD_VERSION,
                "routine_id": self.routine_id,
                "routine_title": self.routine_title,
                "routine_path": self.routine_path,
                "phase_index": self.phase_index,
                "remaining": self.remaining,
                "phase_count": self.phase_count,
                "step_number": self.step_number,
                "step_count": self.step_count,
                "stretch": self.stretch,
                "completed": list(self.completed),
                "durations": list(self.durations),
                "history_row": self.history_row,
                "active_seconds": self.active_seconds,
                "phase_kind": None if self.phase_kind is None else self.phase_kind.value,
                "side": None if self.side is None else self.side.value,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> ResumePoint | None:
        """The record in `text`; None when it is empty or cannot be used (see `parse`)."""
        if not text.strip():
            return None
        try:
            return cls.parse(text)
        except UnusableRecord:
            return None

    @classmethod
    def parse(cls, text: str) -> ResumePoint:
        """The record in `text`; UnusableRecord, saying why, when it is garbled, from an
        unknown version, or holds a value no session of Limber's could have written.

        Every value is checked as if typed in by hand: the file may have been edited,
        or cut short by a full disk.
        """
        import json

        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
            raise UnusableRecord(_("it is not a readable record")) from None
        if not isinstance(data, dict):
            raise UnusableRecord(_("it is not a readable record"))
        version = data.get("version")
        if type(version) is not int or version not in _READABLE_VERSIONS:
            raise UnusableRecord(
                _("it is of an unknown version ({version})").format(version=_shown(version))
            )
        try:
            point = cls(
                routine_id=_text(data, "routine_id"),
                routine_title=_text(data, "routine_title"),
                routine_path=_optional_str(data.get("routine_path")),
                phase_index=_typed(data, "phase_index", int),
                remaining=_number(data.get("remaining")),
                phase_count=_typed(data, "phase_count", int),
                step_number=_typed(data, "step_number", int),
                step_count=_typed(data, "step_count", int),
                stretch=_text(data, "stretch"),
                completed=tuple(_int(value) for value in _typed(data, "completed", list)),
                durations=tuple(_number(value) for value in _typed(data, "durations", list)),
                history_row=_optional_int(data.get("history_row")),
                active_seconds=_number(data.get("active_seconds", 0.0)),
                phase_kind=_optional_kind(data.get("phase_kind")),
                side=_optional_side(data.get("side")),
            )
        except (ValueError, TypeError, OverflowError) as error:
            raise UnusableRecord(
                _("a value in it is not one Limber writes ({error})").format(error=error)
            ) from None
        problem = point._absurdity()
        if problem is not None:
            raise UnusableRecord(problem)
        return point

    def _absurdity(self) -> str | None:
        """What no session could have written, in words; None when the record makes sense."""
        if not 1 <= self.phase_count <= MAX_PHASES or len(self.durations) != self.phase_count:
            return _("it has {phases} phases but {durations} durations").format(
                phases=self.phase_count, durations=len(self.durations)
            )
        if not 0 <= self.phase_index < self.phase_count:
            return _("it stopped at phase {index} of {count}").format(
                index=self.phase_index, count=self.phase_count
            )
        if not all(0 < value <= MAX_PHASE_SECONDS for value in self.durations):
            return _("a phase in it lasts no time, or more than a day")
        # The countdown shows at most the phase's duration (a rounding more, at most).
        if not 0 < self.remaining <= self.durations[self.phase_index] + 1:
            phase = self.durations[self.phase_index]
            return _("it has {remaining} s left of a {phase} s phase").format(
                remaining=f"{self.remaining:.6g}", phase=f"{phase:g}"
            )
        if not 1 <= self.step_number <= self.step_count <= self.phase_count:
            return _("it stopped at step {number} of {count}").format(
                number=self.step_number, count=self.step_count
            )
        if not all(0 <= step < self.step_count for step in self.completed):
            return _("a step it completed is not in the routine")
        if not 0 <= self.active_seconds <= MAX_ACTIVE_SECONDS:
            return _("it says the session ran for {seconds} s").format(
                seconds=f"{self.active_seconds:.6g}"
            )
        if self.history_row is not None and not 1 <= self.history_row <= MAX_ROW_ID:
            return _("its history row number ({row}) is out of range").format(
                row=f"{self.history_row:.6g}"
            )
        return None


class UnusableRecord(ValueError):
    """A resume record that cannot be resumed; its message says why, for a notice."""


def resume_point(session: Session, snapshot: Snapshot) -> ResumePoint | None:
    """The record for `session` as `snapshot` shows it; None when there is nothing to
    resume (not started yet, done or stopped)."""
    if snapshot.state not in (State.RUNNING, State.PAUSED) or session.started_at is None:
        return None
    routine = session.routine
    source = None if routine.source is None or routine.builtin else str(routine.source)
    phases = session.phases
    return ResumePoint(
        routine_id=routine.id,
        routine_title=routine.title,
        routine_path=source,
        phase_index=snapshot.phase_index,
        remaining=snapshot.remaining,
        phase_count=len(phases),
        step_number=snapshot.step_number,
        step_count=snapshot.step_count,
        stretch=snapshot.step.name,
        completed=session.completed_steps,
        durations=tuple(phase.duration for phase in phases),
        phase_kind=snapshot.phase.kind,
        side=snapshot.phase.side,
        active_seconds=round(session.active_seconds(), 3),
    )


def restore(session: Session, point: ResumePoint) -> None:
    """Put a fresh (READY) session where `point` says, paused.

    ValueError when the routine no longer fits the record (its phases changed).
    """
    if len(session.phases) != point.phase_count:
        raise ValueError("the routine has changed since the session was interrupted")
    session.restore(
        point.phase_index,
        point.remaining,
        durations=point.durations,
        completed=point.completed,
        active_seconds=point.active_seconds,
    )


class ResumeFile:
    """The record on disk, kept fresh without ever making the caller wait.

    `save` and `clear` return at once: one worker thread writes, and of the records
    asked for meanwhile only the newest is written (an older one is of no use once
    a newer exists), so a disk that takes seconds per write costs the countdown
    nothing, and the file is never more than one write behind. The file keeps
    two copies and each write goes over the older one, flushed to disk
    (app/record_slots.py), so a power cut leaves the new record or the one
    before it, never half of one.

    `on_error` is called, on the worker thread, with the reason a write failed.
    """

    def __init__(self, path: Path, on_error: Callable[[str], None] | None = None) -> None:
        self._path = path
        self._on_error = on_error
        self._lock = threading.Lock()
        # What is still to be written: a record's text, or None to remove the file.
        self._pending: str | None = None
        self._has_pending = False
        self._draining: Future[None] | None = None  # the worker's run, while it has work
        self._executor: ThreadPoolExecutor | None = None
        self._problem: str | None = None
        self._slots = TwoSlotFile(path)  # used by the worker only

    @property
    def path(self) -> Path:
        return self._path

    def load(self) -> ResumePoint | None:
        """The record in the file, if there is a usable one. A garbled one (cut short,
        edited, too large, from an unknown version) is removed: it can never resume.

        Read here and now: this is for start-up, before any countdown runs. A
        temporary file that a crash left in the middle of a write goes too.
        """
        self._remove_stale_temporaries()
        try:
            with self._path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as error:
            self._report(error)
            return None
        self._problem = None
        try:
            record = newest_text(data) if len(data) <= MAX_FILE_BYTES else data
            if record is None:
                raise UnusableRecord(_("neither of its two copies is whole"))
            if len(record) > MAX_RECORD_BYTES:
                raise UnusableRecord(
                    _("it is larger than {size} KiB").format(size=MAX_RECORD_BYTES // 1024)
                )
            try:
                text = record.decode("utf-8")
            except UnicodeDecodeError:
                raise UnusableRecord(_("it is not text")) from None
            point = ResumePoint.parse(text) if text.strip() else None
        except UnusableRecord as error:
            self._problem = str(error)
            point = None
        if point is None:
            self.clear()
        return point

    def _remove_stale_temporaries(self) -> None:
        from app.writer import remove_stale_temporaries

        folder, prefix = self._path.parent, f".{self._path.name}."
        try:
            names = [name for name in os.listdir(folder) if name.startswith(prefix)]
        except OSError:
            return
        remove_stale_temporaries(folder, names)

    @property
    def problem(self) -> str | None:
        """Why the record the last `load` found could not be used (it was removed), in
        words for a notice; None when there was none, or it was fine."""
        return self._problem

    def save(self, text: str) -> None:
        """Have `text` written as the record; returns at once."""
        self._ask(text)

    def clear(self) -> None:
        """Have the record removed (the session ended or was stopped); returns at once."""
        self._ask(None)

    @property
    def busy(self) -> bool:
        """Whether something asked for is not on disk yet."""
        with self._lock:
            return self._draining is not None

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for everything asked for to be on disk (for
        closing the app); True if it is."""
        from concurrent.futures import wait

        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                draining = self._draining
            if draining is None:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            wait([draining], timeout=left)

    def _ask(self, text: str | None) -> None:
        with self._lock:
            self._pending, self._has_pending = text, True
            if self._draining is None:
                if self._executor is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._executor = ThreadPoolExecutor(
                        max_workers=1, thread_name_prefix="limber-resume"
                    )
                self._draining = self._executor.submit(self._drain)

    def _drain(self) -> None:
        """On the worker: write the newest record asked for, until none is waiting."""
        try:
            while True:
                with self._lock:
                    if not self._has_pending:
                        self._draining = None
                        return
                    text, self._has_pending = self._pending, False
                try:
                    self._write(text)
                except OSError as error:
                    self._report(error)
        except BaseException:
            with self._lock:
                self._draining = None
            raise

    def _write(self, text: str | None) -> None:
        if text is None:
            self._slots.remove()
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._slots.write(text.encode("utf-8"))

    def _report(self, error: OSError) -> None:
        if self._on_error is not None:
            self._on_error(error.strerror or str(error))


def _typed(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{key}: {value!r}")
    return value


def _text(data: dict[str, Any], key: str) -> str:
    value: str = _typed(data, key, str)
    if len(value) > MAX_TEXT_CHARS or not value.isprintable():
        raise ValueError(f"{key} is not a line of text")
    return value


def _shown(value: object) -> str:
    return repr(value)[:40]


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _optional_kind(value: object) -> PhaseKind | None:
    if value is None:
        return None
    kind = PhaseKind(_typed({"phase_kind": value}, "phase_kind", str))  # ValueError if unknown
    if kind is PhaseKind.DONE:
        raise ValueError("a finished session is not resumed")
    return kind


def _optional_side(value: object) -> Side | None:
    return None if value is None else Side(_typed({"side": value}, "side", str))


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(repr(value))


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(repr(value))
    return value


def _number(value: object) -> float:
    """A finite number (a huge int raises OverflowError here, nan and inf ValueError)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(repr(value))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{number} is not a time")
    return number
