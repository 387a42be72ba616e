"""The session history: every warm-up started, how it ended, and what that adds up to.

Pure Python over stdlib sqlite3, so it is tested without Qt; the caller passes
the database path (the app uses `$XDG_DATA_HOME/limber/history.sqlite3`).

Times are stored as UTC ISO-8601 text to the second ("2026-11-25T10:15:00+00:00"):
readable in the sqlite shell and in an export, and, being one fixed width, they
sort as text in time order. Everything that counts days (streaks, the weekly
chart, "Last warm-up yesterday") converts to the runner's local calendar day
first, because a 23:30 warm-up in New York is already tomorrow in UTC.

History is a convenience, never a reason for the app not to start: `History.open`
does not raise over a bad file. A damaged, foreign or newer database is moved
aside (renamed, never deleted) and a fresh one started; a locked or unwritable
one leaves history in memory for this run. Either way `notice` says what
happened, for the window to show.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from app.history_export import (
    CSV_HEADER,
    EXPORT_BATCH,
    atomic_text_writer,
    export_failure_text,
    write_csv_decoded,
)
from app.history_rows import (
    DamagedRow,
    Outcome,
    SessionRecord,
    _from_text,
    _record,
    _to_text,
    utc_now,
)
from app.history_schema import (
    _MEMORY,
    DEFAULT_BUSY_TIMEOUT,
    HISTORY_FILE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    _connect,
    _describe_os_error,
    _diagnose,
    _Failure,
    _open_file,
    _prepare,
    _set_aside,
    _Unusable,
)
from app.history_words import damaged_entries_text, describe_last
from app.i18n import _

# What `app.history` offers: the names that were here before the split stay here.
__all__ = [
    "CSV_HEADER",
    "DEFAULT_BUSY_TIMEOUT",
    "EXPORT_BATCH",
    "HISTORY_FILE_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DamagedRow",
    "History",
    "Outcome",
    "SessionRecord",
    "atomic_text_writer",
    "damaged_entries_text",
    "describe_last",
    "export_failure_text",
    "utc_now",
]

_COLUMNS = (
    "id, routine_id, routine_title, started_at, ended_at, "
    "steps_completed, step_count, outcome, seconds_active"
)
# How far past the first day missing from a streak the newest-first reading goes
# before it stops: stored times are UTC, but a hand-edited one may carry an offset
# of up to a day, and the local day is another day at most from UTC.
_STREAK_MARGIN = timedelta(days=3)


class History:
    """The session log, open on one SQLite database (a file, or memory as a fallback).

    Create it with `History.open`. Methods other than `open` raise sqlite3.Error
    if the database fails mid-run (a full disk, a lock held for longer than the
    busy timeout); the caller decides whether that is worth interrupting a warm-up.

    It may be used from more than one thread (the app writes from one worker thread
    and reads and exports from others, so a slow or locked database never stalls
    the countdown): each method holds a lock while it uses the connection, an
    export for as long as it writes.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        now: Callable[[], datetime],
        tz: tzinfo | None,
        notice: str | None,
    ) -> None:
        self._connection = connection
        self._lock = threading.RLock()  # one user of the connection at a time
        self._path = path
        self._now = now
        self._tz = tz
        self._notice = notice
        self._damaged: set[object] = set()  # ids of the rows skipped as damaged

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        now: Callable[[], datetime] = utc_now,
        tz: tzinfo | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> History:
        """Open (creating, or migrating, as needed) the history at `path`.

        Never raises over the file: see the module docstring, and `notice`.
        `now` is the wall clock (it must return aware datetimes). `tz` is the
        runner's time zone for counting calendar days; None means the system's
        local zone, with its daylight-saving rules, as it is at each call.
        """
        try:
            return cls(_open_file(path, busy_timeout), path, now, tz, None)
        except (sqlite3.Error, OSError, _Unusable) as error:
            failure, reason = _diagnose(error)
        if failure is _Failure.LOCKED:
            return cls._in_memory(
                now,
                tz,
                _(
                    "History is in use by another copy of Limber ({path}); "
                    "history for this run won't be kept."
                ).format(path=path),
            )
        if failure is _Failure.UNAVAILABLE:
            return cls._in_memory(
                now,
                tz,
                _(
                    "History could not be opened ({reason}); history for this run won't be kept."
                ).format(reason=reason),
            )
        try:
            moved_to = _set_aside(path, now().astimezone(tz))
        except OSError as error:
            return cls._in_memory(
                now,
                tz,
                _(
                    "History could not be read ({reason}), nor moved aside "
                    "({error}); history for this run won't be kept."
                ).format(reason=reason, error=_describe_os_error(error)),
            )
        try:
            connection = _open_file(path, busy_timeout)
        except (sqlite3.Error, OSError, _Unusable) as error:
            return cls._in_memory(
                now,
                tz,
                _(
                    "History could not be read ({reason}); it was moved to {moved_to}, "
                    "but a new history could not be created ({error}); "
                    "history for this run won't be kept."
                ).format(reason=reason, moved_to=moved_to, error=_diagnose(error)[1]),
            )
        notice = _(
            "History could not be read ({reason}); it was moved to {moved_to} "
            "and a new history was started."
        ).format(reason=reason, moved_to=moved_to)
        return cls(connection, path, now, tz, notice)

    @classmethod
    def _in_memory(cls, now: Callable[[], datetime], tz: tzinfo | None, notice: str) -> History:
        """The fallback: history works as usual for this run and is then forgotten."""
        connection = _connect(_MEMORY, 0.0)
        try:
            _prepare(connection)
        except BaseException:
            connection.close()
            raise
        return cls(connection, None, now, tz, notice)

    @property
    def notice(self) -> str | None:
        """What went wrong opening the history, in words for the runner; None if nothing."""
        return self._notice

    @property
    def path(self) -> Path | None:
        """The database file in use; None when history is only in memory."""
        return self._path

    @property
    def tz(self) -> tzinfo | None:
        """The time zone days are counted in; None: the system's local zone."""
        return self._tz

    def now(self) -> datetime:
        """The wall clock this history records with (aware)."""
        return self._now()

    def today(self) -> date:
        """The runner's local calendar day, for `streak` and `per_week`."""
        return self._now().astimezone(self._tz).date()

    @property
    def persistent(self) -> bool:
        """Whether sessions recorded now will still be there next time."""
        return self._path is not None

    def close(self) -> None:
        """Close the database; calling it again does nothing."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def start(self, routine_id: str, routine_title: str, step_count: int) -> int:
        """Record that a session has begun, now; returns its id for `finish`.

        Recorded at the start, not the end, so that a crash still leaves a trace.
        """
        if step_count < 0:
            raise ValueError(f"step_count must not be negative, got {step_count}")
        with self._lock:
            cursor = self._connection.execute(
                "INSERT INTO sessions (routine_id, routine_title, started_at, step_count)"
                " VALUES (?, ?, ?, ?)",
                (routine_id, routine_title, _to_text(self._now()), step_count),
            )
        session_id = cursor.lastrowid
        assert session_id is not None  # always set after an INSERT
        return session_id

    def finish(
        self,
        session_id: int,
        outcome: Outcome,
        steps_completed: int,
        seconds_active: float,
    ) -> None:
        """Record how session `session_id` ended, now.

        Raises LookupError for an unknown id and ValueError if it has already
        ended or the counts do not fit: those are bugs in the caller, and
        silently rewriting history would hide them.
        """
        with self._lock:
            self._finish(session_id, outcome, steps_completed, seconds_active)

    def _finish(
        self, session_id: int, outcome: Outcome, steps_completed: int, seconds_active: float
    ) -> None:
        row = self._connection.execute(
            "SELECT step_count, ended_at FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no session with id {session_id}")
        step_count, ended_at = row
        if ended_at is not None:
            raise ValueError(f"session {session_id} has already ended")
        if not 0 <= steps_completed <= step_count:
            raise ValueError(
                f"steps_completed must be between 0 and {step_count}, got {steps_completed}"
            )
        if not seconds_active >= 0:  # also rejects NaN
            raise ValueError(f"seconds_active must not be negative, got {seconds_active}")
        self._connection.execute(
            "UPDATE sessions SET ended_at = ?, outcome = ?, steps_completed = ?,"
            " seconds_active = ? WHERE id = ?",
            (_to_text(self._now()), outcome.value, steps_completed, seconds_active, session_id),
        )

    def reopen(self, session_id: int, routine_id: str) -> None:
        """Session `session_id` of `routine_id` goes on after the app lost it (a crash,
        a closed window): under way again, in the same row, until `finish` records how
        it ended.

        Raises LookupError when there is no such session of that routine (the history
        was replaced since, say): nothing else's row is ever reopened.
        """
        with self._lock:
            cursor = self._connection.execute(
                "UPDATE sessions SET ended_at = NULL, outcome = NULL"
                " WHERE id = ? AND routine_id = ?",
                (session_id, routine_id),
            )
        if cursor.rowcount == 0:
            raise LookupError(f"no session with id {session_id} of routine '{routine_id}'")

    def finish_lost(
        self, session_id: int, routine_id: str, steps_completed: int, seconds_active: float
    ) -> bool:
        """Record as stopped session `session_id` of `routine_id`, which the app lost (a
        crash) and the runner chose not to resume, with the steps and time it had run.

        True if that was done; False when the row had already ended (the window was
        closed, which records it) or is not there (the history was replaced): a lost
        record is never a reason to rewrite another session.
        """
        if not seconds_active >= 0:  # also rejects NaN
            raise ValueError(f"seconds_active must not be negative, got {seconds_active}")
        with self._lock:
            cursor = self._connection.execute(
                "UPDATE sessions SET ended_at = ?, outcome = ?,"
                " steps_completed = MAX(0, MIN(?, step_count)), seconds_active = ?"
                " WHERE id = ? AND routine_id = ? AND ended_at IS NULL",
                (
                    _to_text(self._now()),
                    Outcome.STOPPED.value,
                    steps_completed,
                    seconds_active,
                    session_id,
                    routine_id,
                ),
            )
        return cursor.rowcount > 0

    def recent(self, limit: int = 20, offset: int = 0) -> list[SessionRecord]:
        """The latest `limit` sessions, newest first, unfinished ones included,
        after skipping the `offset` newest (a page further down the list).

        Read through the start-time index: a page costs the same in a year as today.
        """
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must not be negative, got {limit}, {offset}")
        with self._lock:
            rows = self._connection.execute(
                f"SELECT {_COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC"
                " LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return self._readable(rows)

    def session_count(self) -> int:
        """How many sessions there are, damaged rows included (for "50 of 1,204")."""
        with self._lock:
            row = self._connection.execute("SELECT COUNT(*) FROM sessions").fetchone()
        return int(row[0])

    def last_warmup(self) -> SessionRecord | None:
        """The latest completed session: stopped and unfinished ones are not warm-ups."""
        with self._lock:
            cursor = self._connection.execute(
                f"SELECT {_COLUMNS} FROM sessions WHERE outcome = ?"
                " ORDER BY started_at DESC, id DESC",
                (Outcome.COMPLETED.value,),
            )
            # Almost always the first row; past damaged ones (counted), the next.
            for row in cursor:
                found = self._readable([row])
                if found:
                    return found[0]
        return None

    def streak(self, today: date) -> int:
        """Consecutive local calendar days with a completed warm-up, ending today or
        yesterday (today is not over, so not having warmed up yet breaks nothing).

        A session counts on the local day it started. The sessions are read newest
        first through the start-time index and the reading stops just past the first
        missing day, so it costs as much as the streak is long, not the history.
        """
        yesterday = today - timedelta(days=1)
        days: set[date] = set()
        # The first day, going back from yesterday, without a warm-up: the streak
        # runs from there to yesterday, plus today if today is done.
        missing = yesterday
        with self._lock:
            cursor = self._connection.execute(
                "SELECT id, started_at FROM sessions WHERE outcome = ? ORDER BY started_at DESC",
                (Outcome.COMPLETED.value,),
            )
            for session_id, text in cursor:
                try:
                    day = _from_text(text).astimezone(self._tz).date()
                except DamagedRow:
                    self._note_damaged(session_id)
                    continue
                days.add(day)
                while missing in days:
                    missing -= timedelta(days=1)
                # Stored times sort in time order (a hand-written offset within a
                # day of it): a row this far past the missing day means none after
                # it can fill that day.
                if day < missing - _STREAK_MARGIN:
                    return self._streak_length(today, days, missing)
        return self._streak_length(today, days, missing)

    @staticmethod
    def _streak_length(today: date, days: set[date], missing: date) -> int:
        return (today - timedelta(days=1) - missing).days + (1 if today in days else 0)

    def per_week(self, weeks: int, today: date) -> list[tuple[date, int]]:
        """Completed warm-ups per local week (Monday to Sunday) for the last `weeks`
        weeks, this one included: (the Monday, count), oldest first, empty weeks as 0."""
        if weeks < 0:
            raise ValueError(f"weeks must not be negative, got {weeks}")
        this_monday = today - timedelta(days=today.weekday())
        mondays = [this_monday - timedelta(weeks=back) for back in reversed(range(weeks))]
        counts = dict.fromkeys(mondays, 0)
        if mondays:
            for day in self._completed_days(since=mondays[0]):
                monday = day - timedelta(days=day.weekday())
                if monday in counts:
                    counts[monday] += 1
        return list(counts.items())

    def export_csv(
        self,
        path: Path,
        *,
        progress: Callable[[int, int], None] | None = None,
        open_target: Callable[[Path], AbstractContextManager[TextIO]] | None = None,
    ) -> int:
        """Write every session, oldest first, to `path` as CSV; returns the number of
        sessions written (the header row not counted).

        Streams: rows go from the query to the file a batch at a time, so a long
        history is never all in memory; run it off the GUI thread. `progress(done,
        total)` is called every EXPORT_BATCH rows and at the end. Rows in the form
        Limber writes them are checked a batch at a time and copied as they are
        (`app.history_export.write_csv`); any other row is read as the other
        queries read it (skipped and counted if damaged).

        Atomic (`open_target`, by default `atomic_text_writer`): a failure never
        leaves a half-written export or destroys an earlier one.
        """
        opener = atomic_text_writer if open_target is None else open_target
        with self._lock:
            return write_csv_decoded(self._connection, path, opener, progress, self._note_damaged)

    def _completed_days(self, since: date) -> list[date]:
        """The local start day of each completed session (one entry per session),
        from `since` on: a range of the start-time index, however long the history."""
        # Local days are at most a day away from UTC ones; two days is a
        # safe, index-friendly bound, refined below.
        bound = datetime.combine(since - timedelta(days=2), datetime.min.time(), UTC)
        with self._lock:
            rows = self._connection.execute(
                "SELECT id, started_at FROM sessions WHERE started_at >= ? AND outcome = ?",
                (_to_text(bound), Outcome.COMPLETED.value),
            ).fetchall()
        days = []
        for session_id, text in rows:
            try:
                days.append(_from_text(text).astimezone(self._tz).date())
            except DamagedRow:
                self._note_damaged(session_id)
        return [day for day in days if day >= since]

    def _readable(self, rows: Sequence[tuple[Any, ...]]) -> list[SessionRecord]:
        """The records of the rows that make sense; the others are skipped and counted."""
        records = []
        for row in rows:
            try:
                records.append(_record(row))
            except DamagedRow:
                self._note_damaged(row[0])
        return records

    def _note_damaged(self, session_id: object) -> None:
        with self._lock:
            self._damaged.add(session_id)

    @property
    def damaged_entries(self) -> int:
        """How many rows the reads so far skipped because they make no sense (a
        hand-edited or damaged time, count or outcome): for "2 damaged entries not
        shown". The rows themselves are left as they are."""
        with self._lock:
            return len(self._damaged)
