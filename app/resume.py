"""The "session in progress" record, so a warm-up lost to a crash or a closed window
can be picked up where it stopped.

Pure Python: the window stores the text from `ResumePoint.to_json` in the settings
(options.RESUME_SESSION) when a phase changes, the runner pauses or adjusts, and the
window closes; and clears it when the session ends or is stopped. Never every second:
an idle countdown should cost nothing extra.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app.session import Session, Snapshot, State


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

    def question(self) -> str:
        """What the window asks on start-up."""
        return (
            f"Resume {self.routine_title} at {self.stretch} "
            f"(step {self.step_number} of {self.step_count})?"
        )

    def to_json(self) -> str:
        import json  # not at import time: nothing extra before the window's first paint

        return json.dumps(
            {
                "version": 1,
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
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> ResumePoint | None:
        """The record in `text`; None when it is empty, garbled or from another version."""
        if not text.strip():
            return None
        import json

        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != 1:
                return None
            point = cls(
                routine_id=_typed(data, "routine_id", str),
                routine_title=_typed(data, "routine_title", str),
                routine_path=_optional_str(data.get("routine_path")),
                phase_index=_typed(data, "phase_index", int),
                remaining=float(_typed(data, "remaining", (int, float))),
                phase_count=_typed(data, "phase_count", int),
                step_number=_typed(data, "step_number", int),
                step_count=_typed(data, "step_count", int),
                stretch=_typed(data, "stretch", str),
                completed=tuple(_int(value) for value in _typed(data, "completed", list)),
                durations=tuple(float(_number(value)) for value in _typed(data, "durations", list)),
                history_row=_optional_int(data.get("history_row")),
                active_seconds=float(_number(data.get("active_seconds", 0.0))),
            )
        except (ValueError, TypeError):  # json.JSONDecodeError is a ValueError
            return None
        sane = (
            0 <= point.phase_index < point.phase_count
            and len(point.durations) == point.phase_count
            and all(math.isfinite(value) and value > 0 for value in point.durations)
            and math.isfinite(point.remaining)
            and point.remaining > 0
            and math.isfinite(point.active_seconds)
            and point.active_seconds >= 0
        )
        return point if sane else None


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
    )


def restore(session: Session, point: ResumePoint) -> None:
    """Put a fresh (READY) session where `point` says, paused.

    ValueError when the routine no longer fits the record (its phases changed).
    """
    if len(session.phases) != point.phase_count:
        raise ValueError("the routine has changed since the session was interrupted")
    session.restore(
        point.phase_index, point.remaining, durations=point.durations, completed=point.completed
    )


def _typed(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{key}: {value!r}")
    return value


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(repr(value))


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(repr(value))
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(repr(value))
    return float(value)
