"""One session as stored, and reading it back: every value checked like user input
(split from app/history.py)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# What a row read back may hold; past these it was edited or damaged, and is skipped.
_EARLIEST_YEAR, _LATEST_YEAR = 1970, 9000
_MAX_STEPS = 100_000
_MAX_SECONDS_ACTIVE = 7 * 24 * 3600.0


def utc_now() -> datetime:
    """The current wall-clock time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Outcome(enum.Enum):
    COMPLETED = "completed"
    STOPPED = "stopped"


@dataclass(frozen=True)
class SessionRecord:
    """One session as recorded. `outcome` (and `ended_at`) is None for a session
    that never ended: the app quit or crashed, or it is still running."""

    id: int
    routine_id: str
    routine_title: str
    started_at: datetime
    ended_at: datetime | None
    steps_completed: int
    step_count: int
    outcome: Outcome | None
    # None for unfinished sessions and for those recorded before schema version 2.
    seconds_active: float | None


def _to_text(moment: datetime) -> str:
    """The stored form of a time: UTC, ISO-8601, to the second."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be stored unambiguously: {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class DamagedRow(ValueError):
    """A row whose values no version of Limber writes: it is skipped, and counted."""


def _from_text(text: object) -> datetime:
    """A stored time, checked like user input: ISO-8601 with its offset, in a year
    any local zone can show (year 1 with an offset cannot even be turned to UTC)."""
    if not isinstance(text, str):
        raise DamagedRow(f"a time stored as {type(text).__name__}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DamagedRow(f"not a time: {text!r}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DamagedRow(f"a time without its offset from UTC: {text!r}")
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:
        raise DamagedRow(f"a time out of range: {text!r}") from None
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        raise DamagedRow(f"a time out of range: {text!r}")
    return moment


def _count(value: object, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise DamagedRow(f"not a count: {value!r}")
    return value


def _text_value(value: object) -> str:
    if not isinstance(value, str):
        raise DamagedRow(f"not text: {value!r}")
    return value


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DamagedRow(f"not a time in seconds: {value!r}")
    if not 0 <= value <= _MAX_SECONDS_ACTIVE:  # also refuses NaN
        raise DamagedRow(f"not a time in seconds: {value!r}")
    return float(value)


def _outcome(value: object) -> Outcome | None:
    if value is None:
        return None
    try:
        return Outcome(value)
    except ValueError:
        raise DamagedRow(f"not an outcome: {value!r}") from None


def _record(row: tuple[Any, ...]) -> SessionRecord:
    """The record in a row; DamagedRow when a value in it makes no sense."""
    (
        session_id,
        routine_id,
        routine_title,
        started_at,
        ended_at,
        steps_completed,
        step_count,
        outcome,
        seconds_active,
    ) = row
    count = _count(step_count, _MAX_STEPS)
    return SessionRecord(
        id=session_id,
        routine_id=_text_value(routine_id),
        routine_title=_text_value(routine_title),
        started_at=_from_text(started_at),
        ended_at=None if ended_at is None else _from_text(ended_at),
        steps_completed=_count(steps_completed, count),
        step_count=count,
        outcome=_outcome(outcome),
        seconds_active=_seconds(seconds_active),
    )
