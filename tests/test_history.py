"""The session history: recording, the day counting behind streaks and the weekly
chart, schema migrations, and surviving a database that is damaged, locked or
cannot be written."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import sqlite3
import time
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TextIO

import pytest

from app import history, history_export, history_schema
from app.history import (
    CSV_HEADER,
    HISTORY_FILE_NAME,
    SCHEMA_VERSION,
    History,
    Outcome,
    SessionRecord,
    damaged_entries_text,
    describe_last,
    export_failure_text,
)

UTC_MINUS_5 = timezone(timedelta(hours=-5))
UTC_PLUS_9 = timezone(timedelta(hours=9))
HAS_NEW_YORK = "America/New_York" in zoneinfo.available_timezones()
# In 2026 New York moves its clocks forward at 02:00 on Sunday 8 March.
DST_START = date(2026, 3, 8)

# What schema version 1 looked like when it shipped, written out here rather than
# taken from app.history, so the migration test keeps testing real old files even
# if someone edits the first migration by mistake.
V1_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine_id TEXT NOT NULL,
    routine_title TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    steps_completed INTEGER NOT NULL DEFAULT 0,
    step_count INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('completed', 'stopped')),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
);
PRAGMA user_version = 1;
"""


class WallClock:
    """A wall clock that shows whatever time the test sets."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def at(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, tz: tzinfo = UTC
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def clock() -> WallClock:
    return WallClock(at(2026, 11, 25, 10, 15))


@pytest.fixture
def db_path() -> Path:
    """Where the app keeps it (the conftest gives each test its own XDG folders)."""
    return Path(os.environ["XDG_DATA_HOME"]) / "limber" / HISTORY_FILE_NAME


@pytest.fixture
def open_history(db_path: Path, clock: WallClock) -> Iterator[History]:
    with History.open(db_path, now=clock) as opened:
        assert opened.notice is None
        yield opened


def record(
    log: History,
    clock: WallClock,
    started: datetime,
    outcome: Outcome | None = Outcome.COMPLETED,
    *,
    minutes: int = 10,
    routine: str = "full-warmup",
) -> int:
    """A session started at `started` and, unless `outcome` is None, ended `minutes` later."""
    clock.now = started
    session_id = log.start(routine, "Full warm-up", 8)
    if outcome is not None:
        clock.now = started + timedelta(minutes=minutes)
        steps = 8 if outcome is Outcome.COMPLETED else 3
        log.finish(session_id, outcome, steps, minutes * 60.0)
    return session_id


def broken_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(HISTORY_FILE_NAME + ".broken-*"))


# --- recording ---------------------------------------------------------------------------------


def test_a_completed_session_is_recorded(open_history: History, clock: WallClock) -> None:
    session_id = open_history.start("full-warmup", "Full warm-up", 8)
    clock.now += timedelta(minutes=9, seconds=30)
    open_history.finish(session_id, Outcome.COMPLETED, 8, 512.5)

    assert open_history.recent() == [
        SessionRecord(
            id=session_id,
            routine_id="full-warmup",
            routine_title="Full warm-up",
            started_at=at(2026, 11, 25, 10, 15),
            ended_at=at(2026, 11, 25, 10, 24) + timedelta(seconds=30),
            steps_completed=8,
            step_count=8,
            outcome=Outcome.COMPLETED,
            seconds_active=512.5,
        )
    ]


def test_a_stopped_session_is_recorded_with_the_steps_done(
    open_history: History, clock: WallClock
) -> None:
    session_id = open_history.start("hips", "Hips", 5)
    clock.now += timedelta(minutes=2)
    open_history.finish(session_id, Outcome.STOPPED, 2, 95.0)

    (stopped,) = open_history.recent()
    assert stopped.outcome is Outcome.STOPPED
    assert (stopped.steps_completed, stopped.step_count) == (2, 5)
    assert stopped.ended_at == at(2026, 11, 25, 10, 17)


def test_times_are_stored_as_utc_whatever_zone_now_returns(db_path: Path, clock: WallClock) -> None:
    clock.now = at(2026, 11, 25, 23, 30, tz=UTC_MINUS_5)
    with History.open(db_path, now=clock) as log:
        log.start("full-warmup", "Full warm-up", 8)
        (session,) = log.recent()
    assert session.started_at == at(2026, 11, 26, 4, 30)
    assert session.started_at.utcoffset() == timedelta(0)
    raw = sqlite3.connect(db_path)
    try:
        stored = raw.execute("SELECT started_at FROM sessions").fetchone()
    finally:
        raw.close()
    assert stored == ("2026-11-26T04:30:00+00:00",)


def test_a_session_that_never_ended_survives_with_no_outcome(
    db_path: Path, clock: WallClock
) -> None:
    with History.open(db_path, now=clock) as log:
        crashed = log.start("full-warmup", "Full warm-up", 8)
    # The app died there; the next run finds the session, unfinished.
    with History.open(db_path, now=clock) as log:
        (session,) = log.recent()
        assert log.last_warmup() is None
    assert session.id == crashed
    assert session.outcome is None
    assert session.ended_at is None
    assert session.seconds_active is None
    assert session.steps_completed == 0


def test_recent_lists_newest_first_up_to_the_limit(open_history: History, clock: WallClock) -> None:
    first = record(open_history, clock, at(2026, 11, 20))
    third = record(open_history, clock, at(2026, 11, 22), Outcome.STOPPED)
    second = record(open_history, clock, at(2026, 11, 21), None)

    assert [session.id for session in open_history.recent()] == [third, second, first]
    assert [session.id for session in open_history.recent(limit=2)] == [third, second]


def test_finishing_an_unknown_or_ended_session_is_an_error(
    open_history: History, clock: WallClock
) -> None:
    session_id = record(open_history, clock, at(2026, 11, 20))
    with pytest.raises(LookupError, match="no session"):
        open_history.finish(session_id + 1, Outcome.COMPLETED, 8, 1.0)
    with pytest.raises(ValueError, match="already ended"):
        open_history.finish(session_id, Outcome.STOPPED, 1, 1.0)
    assert open_history.recent()[0].outcome is Outcome.COMPLETED


def test_a_reopened_session_goes_on_in_its_row_until_it_finishes(
    open_history: History, clock: WallClock
) -> None:
    clock.now = at(2026, 11, 20, 7)
    session_id = open_history.start("full-warmup", "Full warm-up", 8)
    open_history.finish(session_id, Outcome.STOPPED, 2, 60.0)  # the window was closed
    clock.now = at(2026, 11, 20, 7, 30)
    open_history.reopen(session_id, "full-warmup")
    (reopened,) = open_history.recent()
    assert (reopened.outcome, reopened.ended_at) == (None, None)
    open_history.finish(session_id, Outcome.COMPLETED, 8, 200.0)
    (session,) = open_history.recent()
    assert session.id == session_id
    assert (session.outcome, session.steps_completed, session.seconds_active) == (
        Outcome.COMPLETED,
        8,
        200.0,
    )
    assert session.started_at == at(2026, 11, 20, 7)
    assert open_history.last_warmup() == session
    with pytest.raises(LookupError, match="no session"):
        open_history.reopen(session_id + 1, "full-warmup")
    with pytest.raises(LookupError, match="no session"):  # another routine's row stays shut
        open_history.reopen(session_id, "waist")
    assert open_history.recent()[0].outcome is Outcome.COMPLETED


def test_a_lost_session_not_resumed_is_recorded_stopped_with_its_time(
    open_history: History, clock: WallClock
) -> None:
    clock.now = at(2026, 11, 20, 7)
    lost = open_history.start("full-warmup", "Full warm-up", 8)  # then a crash
    closed = open_history.start("full-warmup", "Full warm-up", 8)
    open_history.finish(closed, Outcome.STOPPED, 1, 40.0)  # the window was closed
    clock.now = at(2026, 11, 20, 8)
    assert open_history.finish_lost(lost, "full-warmup", 3, 95.5)
    assert not open_history.finish_lost(lost, "full-warmup", 4, 99.0)  # once
    assert not open_history.finish_lost(closed, "full-warmup", 2, 50.0)  # already ended
    assert not open_history.finish_lost(lost + 10, "full-warmup", 2, 50.0)  # not there
    other = open_history.start("waist", "Waist", 4)
    assert not open_history.finish_lost(other, "full-warmup", 2, 50.0)  # another routine's
    rows = {row.id: row for row in open_history.recent()}
    assert (rows[lost].outcome, rows[lost].steps_completed, rows[lost].seconds_active) == (
        Outcome.STOPPED,
        3,
        95.5,
    )
    assert (rows[closed].steps_completed, rows[closed].seconds_active) == (1, 40.0)
    assert rows[other].outcome is None
    with pytest.raises(ValueError, match="negative"):
        open_history.finish_lost(other, "waist", 0, float("nan"))


def test_a_session_of_a_negative_number_of_steps_is_refused_saying_what_it_got(
    open_history: History,
) -> None:
    with pytest.raises(ValueError, match=r"^step_count must not be negative, got -1$"):
        open_history.start("full-warmup", "Full warm-up", -1)
    assert open_history.recent() == []


def test_steps_of_a_lost_session_are_kept_within_the_routine(open_history: History) -> None:
    lost = open_history.start("full-warmup", "Full warm-up", 8)
    assert open_history.finish_lost(lost, "full-warmup", 12, 10.0)
    assert open_history.recent()[0].steps_completed == 8


def test_the_history_can_be_written_from_another_thread(open_history: History) -> None:
    """The app writes on a worker thread and reads on the GUI thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as worker:
        session_id = worker.submit(open_history.start, "waist", "Waist", 4).result()
        worker.submit(open_history.finish, session_id, Outcome.COMPLETED, 4, 80.0).result()
    (session,) = open_history.recent()
    assert (session.id, session.outcome) == (session_id, Outcome.COMPLETED)


@pytest.mark.parametrize(
    ("steps_completed", "seconds_active"), [(-1, 1.0), (9, 1.0), (3, -0.5), (3, float("nan"))]
)
def test_finish_rejects_counts_that_do_not_fit(
    open_history: History, steps_completed: int, seconds_active: float
) -> None:
    session_id = open_history.start("full-warmup", "Full warm-up", 8)
    with pytest.raises(ValueError, match="must"):
        open_history.finish(session_id, Outcome.STOPPED, steps_completed, seconds_active)
    assert open_history.recent()[0].outcome is None


def test_a_naive_clock_is_refused(db_path: Path) -> None:
    with History.open(db_path, now=lambda: datetime(2026, 11, 25, 10, 15)) as log:
        with pytest.raises(ValueError, match="naive"):
            log.start("full-warmup", "Full warm-up", 8)
        assert log.recent() == []


def test_last_warmup_is_the_latest_completed_one(open_history: History, clock: WallClock) -> None:
    assert open_history.last_warmup() is None
    record(open_history, clock, at(2026, 11, 20))
    wanted = record(open_history, clock, at(2026, 11, 21))
    record(open_history, clock, at(2026, 11, 22), Outcome.STOPPED)
    record(open_history, clock, at(2026, 11, 23), None)

    last = open_history.last_warmup()
    assert last is not None
    assert last.id == wanted


def test_close_is_idempotent_and_the_context_manager_closes(db_path: Path) -> None:
    with History.open(db_path) as log:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        log.recent()
    log.close()


# --- streaks -----------------------------------------------------------------------------------


def open_in(db_path: Path, clock: WallClock, tz: tzinfo) -> History:
    opened = History.open(db_path, now=clock, tz=tz)
    assert opened.notice is None
    return opened


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        pytest.param([0, 1, 2], 3, id="ending-today"),
        pytest.param([1, 2, 3], 3, id="ending-yesterday-still-counts"),
        pytest.param([2, 3, 4], 0, id="ending-the-day-before-is-over"),
        pytest.param([0, 1, 3, 4, 5], 2, id="a-gap-breaks-it"),
        pytest.param([0, 0, 0, 1, 1], 2, id="several-a-day-count-once"),
        pytest.param([], 0, id="none"),
    ],
)
def test_streak_counts_consecutive_days(
    db_path: Path, clock: WallClock, days_ago: list[int], expected: int
) -> None:
    today = date(2026, 11, 25)
    with open_in(db_path, clock, UTC) as log:
        for index, back in enumerate(days_ago):
            record(log, clock, at(2026, 11, 25, 7 + index) - timedelta(days=back))
        assert log.streak(today) == expected


def test_stopped_and_unfinished_sessions_do_not_keep_a_streak(
    db_path: Path, clock: WallClock
) -> None:
    with open_in(db_path, clock, UTC) as log:
        record(log, clock, at(2026, 11, 25))
        record(log, clock, at(2026, 11, 24), Outcome.STOPPED)
        record(log, clock, at(2026, 11, 23), None)
        record(log, clock, at(2026, 11, 22))
        assert log.streak(date(2026, 11, 25)) == 1


def test_streak_counts_local_days_not_utc_days(db_path: Path, clock: WallClock) -> None:
    # 23:30 in UTC-5 is 04:30 the next day in UTC: three local evenings are three
    # UTC mornings, one day later each.
    with open_in(db_path, clock, UTC_MINUS_5) as log:
        for day in (22, 23, 24):
            record(log, clock, at(2026, 11, day, 23, 30, tz=UTC_MINUS_5))
        assert log.recent()[0].started_at == at(2026, 11, 25, 4, 30)
        assert log.streak(date(2026, 11, 24)) == 3
        assert log.streak(date(2026, 11, 25)) == 3  # ends yesterday, locally
        assert log.streak(date(2026, 11, 26)) == 0
    # The same sessions, counted in UTC, fall on 23, 24 and 25 November.
    with open_in(db_path, clock, UTC) as log:
        assert log.streak(date(2026, 11, 22)) == 0
        assert log.streak(date(2026, 11, 26)) == 3


def test_two_sessions_on_one_local_day_but_two_utc_days_count_once(
    db_path: Path, clock: WallClock
) -> None:
    with open_in(db_path, clock, UTC_PLUS_9) as log:
        # 08:00 and 10:00 in Tokyo: 23:00 and 01:00 in UTC, on different UTC days.
        record(log, clock, at(2026, 11, 25, 8, tz=UTC_PLUS_9))
        record(log, clock, at(2026, 11, 25, 10, tz=UTC_PLUS_9))
        assert log.streak(date(2026, 11, 25)) == 1
        assert log.per_week(1, date(2026, 11, 25)) == [(date(2026, 11, 23), 2)]


def _new_york_mornings(db_path: Path, clock: WallClock, tz: tzinfo) -> None:
    """Warm-ups at 00:30 New York time on 5 to 10 March 2026, straddling the DST switch."""
    with History.open(db_path, now=clock, tz=tz) as log:
        for day in range(5, 11):
            record(log, clock, at(2026, 3, day, 0, 30, tz=zoneinfo.ZoneInfo("America/New_York")))


@pytest.mark.skipif(not HAS_NEW_YORK, reason="no tz database on this machine")
def test_streak_follows_the_zone_across_a_dst_switch(db_path: Path, clock: WallClock) -> None:
    new_york = zoneinfo.ZoneInfo("America/New_York")
    _new_york_mornings(db_path, clock, new_york)
    with open_in(db_path, clock, new_york) as log:
        assert log.streak(date(2026, 3, 10)) == 6
        # Week of Monday 2 March: 5 to 8 March; week of 9 March: 9 and 10 March.
        assert log.per_week(2, date(2026, 3, 10)) == [(date(2026, 3, 2), 4), (date(2026, 3, 9), 2)]
    # A fixed UTC-5 (New York's winter offset) gets the summer-time mornings
    # wrong by an hour, moving them to the evening before: that is why zones,
    # not offsets, are what the app passes (or the system's, by default).
    with open_in(db_path, clock, UTC_MINUS_5) as log:
        assert log.streak(date(2026, 3, 10)) == 5
        assert log.per_week(2, date(2026, 3, 10)) == [(date(2026, 3, 2), 5), (date(2026, 3, 9), 1)]


@pytest.mark.skipif(
    "Europe/Berlin" not in zoneinfo.available_timezones(), reason="no tz database on this machine"
)
def test_a_hand_edited_time_read_late_still_fills_its_day_across_a_dst_switch(
    db_path: Path, clock: WallClock
) -> None:
    """Rows are read newest first by their stored text, and a hand-written offset of
    nearly a day puts a row's local day far from where its text sorts. Across
    Berlin's switch to summer time (01:00 UTC on 29 March 2026) that gap is 3 days:
    the streak's reading must go on that far past the missing day."""
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    log = open_in(db_path, clock, berlin)
    ended = "2026-04-01T00:00:00+00:00"
    insert_raw(db_path, ("2026-03-31T08:00:00+00:00", ended, 8, 8, "completed", 600.0, "Tue"))
    # 22:30 UTC on 27 March: 23:30 on Friday 27 March in Berlin (winter time).
    insert_raw(db_path, ("2026-03-28T22:29:00+23:59", ended, 8, 8, "completed", 600.0, "Fri"))
    # 22:27:59 UTC on 29 March: 00:27:59 on Monday 30 March in Berlin (summer time),
    # though its text sorts just after Friday's.
    insert_raw(db_path, ("2026-03-28T22:28:59-23:59", ended, 8, 8, "completed", 600.0, "Mon"))
    with log:
        assert sorted(row.started_at.astimezone(berlin).day for row in log.recent()) == [27, 30, 31]
        assert log.streak(date(2026, 4, 1)) == 2  # Monday 30 and Tuesday 31 March
        assert log.damaged_entries == 0


@pytest.mark.skipif(not HAS_NEW_YORK, reason="no tz database on this machine")
@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the system zone can only be set on POSIX")
def test_the_default_zone_is_the_systems_with_its_dst_rules(
    db_path: Path, clock: WallClock
) -> None:
    _new_york_mornings(db_path, clock, UTC)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TZ", "America/New_York")
            time.tzset()
            with History.open(db_path, now=clock) as log:
                assert log.streak(date(2026, 3, 10)) == 6
                last = log.last_warmup()
                assert describe_last(last, at(2026, 3, 11, 3, 0)) == "Last warm-up today"
    finally:
        time.tzset()


# --- per week ----------------------------------------------------------------------------------


def test_per_week_is_zero_filled_oldest_first(open_history: History, clock: WallClock) -> None:
    today = date(2026, 11, 25)  # a Wednesday
    record(open_history, clock, at(2026, 11, 23, 7))  # this week's Monday
    record(open_history, clock, at(2026, 11, 25, 7))
    record(open_history, clock, at(2026, 11, 25, 18))  # twice that day: both count
    record(open_history, clock, at(2026, 11, 24, 7), Outcome.STOPPED)
    record(open_history, clock, at(2026, 11, 24, 8), None)
    record(open_history, clock, at(2026, 11, 15, 7))  # a Sunday, two weeks back
    record(open_history, clock, at(2026, 10, 1, 7))  # before the chart

    assert open_history.per_week(4, today) == [
        (date(2026, 11, 2), 0),
        (date(2026, 11, 9), 1),
        (date(2026, 11, 16), 0),
        (date(2026, 11, 23), 3),
    ]
    assert open_history.per_week(1, date(2026, 11, 29)) == [(date(2026, 11, 23), 3)]
    assert open_history.per_week(0, today) == []
    with pytest.raises(ValueError, match="weeks"):
        open_history.per_week(-1, today)


def test_per_week_counts_by_the_local_week(db_path: Path, clock: WallClock) -> None:
    # Sunday 23:30 in UTC-5 is Monday in UTC: locally it belongs to the week before.
    with open_in(db_path, clock, UTC_MINUS_5) as log:
        record(log, clock, at(2026, 11, 22, 23, 30, tz=UTC_MINUS_5))
        assert log.per_week(2, date(2026, 11, 25)) == [
            (date(2026, 11, 16), 1),
            (date(2026, 11, 23), 0),
        ]


# --- schema and migrations ---------------------------------------------------------------------


def user_version(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("PRAGMA user_version").fetchone()[0])
    finally:
        raw.close()


def write_v1_database(path: Path) -> None:
    """A history as version 1 left it: one completed, one stopped, one unfinished session."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(path)
    try:
        raw.executescript(
            V1_SCHEMA
            + """
            INSERT INTO sessions VALUES (1, 'full-warmup', 'Full warm-up',
                '2026-11-20T07:00:00+00:00', '2026-11-20T07:10:00+00:00', 8, 8, 'completed');
            INSERT INTO sessions VALUES (2, 'hips', 'Hips',
                '2026-11-21T07:00:00+00:00', '2026-11-21T07:03:00+00:00', 2, 5, 'stopped');
            INSERT INTO sessions VALUES (3, 'hips', 'Hips',
                '2026-11-22T07:00:00+00:00', NULL, 0, 5, NULL);
            """
        )
    finally:
        raw.close()


def test_a_new_database_is_at_the_current_version(db_path: Path) -> None:
    with History.open(db_path) as log:
        assert log.notice is None
        assert log.persistent
        assert log.path == db_path
    assert SCHEMA_VERSION == len(history.MIGRATIONS) == 2
    assert user_version(db_path) == SCHEMA_VERSION


def test_a_version_1_database_is_migrated_with_its_rows(db_path: Path, clock: WallClock) -> None:
    write_v1_database(db_path)

    with History.open(db_path, now=clock) as log:
        assert log.notice is None
        assert [
            (s.id, s.routine_id, s.outcome, s.steps_completed, s.step_count, s.seconds_active)
            for s in log.recent()
        ] == [
            (3, "hips", None, 0, 5, None),
            (2, "hips", Outcome.STOPPED, 2, 5, None),
            (1, "full-warmup", Outcome.COMPLETED, 8, 8, None),
        ]
        assert log.recent()[2].ended_at == at(2026, 11, 20, 7, 10)
        # The new column is there and takes new sessions' active time.
        new = record(log, clock, at(2026, 11, 25, 7), minutes=12)
        assert log.recent()[0].id == new
        assert log.recent()[0].seconds_active == 720.0

    assert user_version(db_path) == 2
    raw = sqlite3.connect(db_path)
    try:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(sessions)")]
        indexes = [row[1] for row in raw.execute("PRAGMA index_list(sessions)")]
    finally:
        raw.close()
    assert "seconds_active" in columns
    assert "sessions_by_start" in indexes
    assert broken_files(db_path.parent) == []


def test_a_migration_that_fails_on_the_way_rolls_back_and_keeps_the_file(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_v1_database(db_path)
    before = db_path.read_bytes()
    real_migrate = history_schema._migrate
    calls = 0

    def migrate(connection: sqlite3.Connection, statement: str) -> None:
        # The first statement succeeds, then the disk fails (the in-memory
        # fallback, migrating afterwards, is left to succeed).
        nonlocal calls
        calls += 1
        if calls == 2:
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = 10  # SQLITE_IOERR
            raise error
        real_migrate(connection, statement)

    monkeypatch.setattr(history_schema, "_migrate", migrate)

    with History.open(db_path, now=clock) as log:
        assert log.notice == (
            "History could not be opened (disk I/O error); history for this run won't be kept."
        )
        assert not log.persistent

    # A failing disk is not a broken file: left in place, and not half-migrated.
    assert broken_files(db_path.parent) == []
    assert db_path.read_bytes() == before
    assert user_version(db_path) == 1


# --- damaged, foreign and newer databases ------------------------------------------------------


def assert_set_aside(log: History, db_path: Path, original: bytes, reason: str) -> Path:
    """The file was moved aside intact, named for when, and a new history started."""
    (moved,) = broken_files(db_path.parent)
    assert moved.name == "history.sqlite3.broken-20261125-101500"
    assert moved.read_bytes() == original
    assert log.notice == (
        f"History could not be read ({reason}); it was moved to {moved} "
        "and a new history was started."
    )
    assert log.persistent
    assert log.recent() == []
    return moved


def test_a_file_of_garbage_is_set_aside(db_path: Path, clock: WallClock) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not a database, it is a shopping list\n" * 100
    db_path.write_bytes(garbage)

    with History.open(db_path, now=clock, tz=UTC) as log:
        assert_set_aside(log, db_path, garbage, "file is not a database")
        record(log, clock, at(2026, 11, 25))
    # The new history is a real, lasting one.
    with History.open(db_path, now=clock) as log:
        assert log.notice is None
        assert len(log.recent()) == 1


def full_database(db_path: Path, clock: WallClock) -> bytes:
    with History.open(db_path, now=clock) as log:
        for day in range(1, 29):
            record(log, clock, at(2026, 10, day), routine="a-routine-id-long-enough-for-pages" * 4)
    return db_path.read_bytes()


def test_a_truncated_file_is_set_aside(db_path: Path, clock: WallClock) -> None:
    whole = full_database(db_path, clock)
    assert len(whole) > 3 * 4096
    truncated = whole[: len(whole) // 2]
    db_path.write_bytes(truncated)
    clock.now = at(2026, 11, 25, 10, 15)

    with History.open(db_path, now=clock, tz=UTC) as log:
        assert_set_aside(log, db_path, truncated, "database disk image is malformed")


def test_a_damaged_page_is_found_on_open_not_mid_session(db_path: Path, clock: WallClock) -> None:
    whole = bytearray(full_database(db_path, clock))
    page_size = 4096
    whole[page_size : page_size + 200] = b"\xff" * 200  # the second page: a table's
    db_path.write_bytes(whole)
    clock.now = at(2026, 11, 25, 10, 15)

    with History.open(db_path, now=clock, tz=UTC) as log:
        assert_set_aside(log, db_path, bytes(whole), "the file is damaged")


def test_a_database_from_a_newer_limber_is_refused_and_set_aside(
    db_path: Path, clock: WallClock
) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    try:
        raw.executescript(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY); PRAGMA user_version = 7;"
        )
    finally:
        raw.close()
    newer = db_path.read_bytes()

    with History.open(db_path, now=clock, tz=UTC) as log:
        assert_set_aside(
            log,
            db_path,
            newer,
            "it was written by a newer version of Limber: schema version 7, "
            "this version knows up to 2",
        )


def test_some_other_database_at_that_path_is_set_aside(db_path: Path, clock: WallClock) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    try:
        raw.executescript("CREATE TABLE recipes (name TEXT);")
    finally:
        raw.close()
    foreign = db_path.read_bytes()

    with History.open(db_path, now=clock, tz=UTC) as log:
        assert_set_aside(log, db_path, foreign, "it is some other database, not a Limber history")


def test_setting_aside_twice_in_one_second_keeps_both(db_path: Path, clock: WallClock) -> None:
    db_path.parent.mkdir(parents=True)
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        db_path.write_bytes(content)
        with History.open(db_path, now=clock, tz=UTC) as log:
            assert log.notice is not None
    first, second = broken_files(db_path.parent)
    assert first.name == "history.sqlite3.broken-20261125-101500"
    assert second.name == "history.sqlite3.broken-20261125-101500-2"
    assert first.read_bytes() == b"first garbage" * 100
    assert second.read_bytes() == b"second garbage" * 100


def test_the_broken_name_uses_local_time(db_path: Path, clock: WallClock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)
    with History.open(db_path, now=clock, tz=UTC_PLUS_9) as log:
        assert log.notice is not None
    assert [path.name for path in broken_files(db_path.parent)] == [
        "history.sqlite3.broken-20261125-191500"
    ]


def test_a_database_that_cannot_be_upgraded_is_set_aside_unchanged(
    db_path: Path, clock: WallClock
) -> None:
    # Says version 1, but already has the index version 2 adds (a hand-edit, say):
    # the upgrade stops half-way, every time, so starting afresh is the way out.
    write_v1_database(db_path)
    raw = sqlite3.connect(db_path)
    try:
        raw.execute("CREATE INDEX sessions_by_start ON sessions (started_at)")
        raw.commit()
    finally:
        raw.close()
    before = db_path.read_bytes()

    with History.open(db_path, now=clock, tz=UTC) as log:
        moved = assert_set_aside(
            log,
            db_path,
            before,
            "it could not be upgraded to schema version 2: index sessions_by_start already exists",
        )
    # The half-done upgrade (the new column) was rolled back before the move.
    assert user_version(moved) == 1
    raw = sqlite3.connect(moved)
    try:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(sessions)")]
        (count,) = raw.execute("SELECT count(*) FROM sessions").fetchone()
    finally:
        raw.close()
    assert "seconds_active" not in columns
    assert count == 3


# --- locked and unwritable ---------------------------------------------------------------------


def test_a_locked_database_is_left_alone_and_history_kept_in_memory(
    db_path: Path, clock: WallClock
) -> None:
    with History.open(db_path, now=clock) as log:
        kept = record(log, clock, at(2026, 11, 24))
    before = db_path.read_bytes()

    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with History.open(db_path, now=clock, busy_timeout=0.05) as log:
            assert log.notice == (
                f"History is in use by another copy of Limber ({db_path}); "
                "history for this run won't be kept."
            )
            assert not log.persistent
            assert log.path is None
            # It still works, for this run.
            assert log.recent() == []
            record(log, clock, at(2026, 11, 25))
            assert len(log.recent()) == 1
        other.execute("ROLLBACK")
    finally:
        other.close()

    # A lock is not damage: nothing renamed, nothing changed.
    assert broken_files(db_path.parent) == []
    assert db_path.read_bytes() == before
    with History.open(db_path, now=clock) as log:
        assert log.notice is None
        assert [session.id for session in log.recent()] == [kept]


def refuse_new_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave like a read-only folder: existing files open, new ones cannot be created.

    (chmod cannot simulate this: the tests may run as root, which ignores it.)
    """
    real_connect = history_schema._connect

    def connect(target: str, timeout: float) -> sqlite3.Connection:
        if target != ":memory:" and not Path(target).exists():
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, timeout)

    monkeypatch.setattr(history_schema, "_connect", connect)


def test_an_unwritable_folder_means_history_in_memory(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_new_files(monkeypatch)

    with History.open(db_path, now=clock) as log:
        assert log.notice == (
            "History could not be opened (unable to open database file); "
            "history for this run won't be kept."
        )
        assert not log.persistent
        record(log, clock, at(2026, 11, 25))
        assert log.streak(date(2026, 11, 25)) == 1
    assert not db_path.exists()


def test_a_broken_file_in_an_unwritable_folder_is_moved_then_memory_is_used(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)
    refuse_new_files(monkeypatch)

    with History.open(db_path, now=clock, tz=UTC) as log:
        (moved,) = broken_files(db_path.parent)
        assert log.notice == (
            f"History could not be read (file is not a database); it was moved to {moved}, "
            "but a new history could not be created (unable to open database file); "
            "history for this run won't be kept."
        )
        assert not log.persistent
    assert moved.read_bytes() == b"garbage" * 100
    assert not db_path.exists()


def test_a_broken_file_that_cannot_be_moved_is_left_where_it_is(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)

    def no_rename(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", no_rename)

    with History.open(db_path, now=clock) as log:
        assert log.notice == (
            "History could not be read (file is not a database), nor moved aside "
            "(Permission denied); history for this run won't be kept."
        )
        assert not log.persistent
    assert db_path.read_bytes() == b"garbage" * 100


def test_a_locked_history_is_given_up_within_the_busy_timeout_not_sqlites_own(
    db_path: Path, clock: WallClock
) -> None:
    with History.open(db_path, now=clock):
        pass
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        began = time.monotonic()
        with History.open(db_path, now=clock, busy_timeout=0.05) as log:
            assert not log.persistent
        # SQLite's own default would hold start-up for 5 s.
        assert time.monotonic() - began < 2.5
        other.execute("ROLLBACK")
    finally:
        other.close()


def sqlite_error(kind: type[sqlite3.Error], text: str, code: int | None = None) -> sqlite3.Error:
    """An error as the sqlite3 module raises it: from SQLite itself, with its result
    code, or (code None) made by the module alone, with only its words to go by."""
    error = kind(text)
    if code is not None:
        error.sqlite_errorcode = code
    return error


def fail_to_connect(monkeypatch: pytest.MonkeyPatch, errors: list[sqlite3.Error]) -> None:
    """Each connection to a file raises the next of `errors`, then they connect."""
    real_connect = history_schema._connect

    def connect(target: str, timeout: float) -> sqlite3.Connection:
        if target != ":memory:" and errors:
            raise errors.pop(0)
        return real_connect(target, timeout)

    monkeypatch.setattr(history_schema, "_connect", connect)


def test_a_file_the_module_calls_not_a_database_is_set_aside(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)
    fail_to_connect(monkeypatch, [sqlite_error(sqlite3.DatabaseError, "file is not a database")])
    with History.open(db_path, now=clock) as log:
        (moved,) = broken_files(db_path.parent)
        assert log.notice == (
            f"History could not be read (file is not a database); it was moved to {moved} "
            "and a new history was started."
        )
        assert log.persistent


def test_a_lock_told_only_in_words_is_still_a_lock(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_to_connect(monkeypatch, [sqlite_error(sqlite3.OperationalError, "database is locked")])
    with History.open(db_path, now=clock) as log:
        assert log.notice == (
            f"History is in use by another copy of Limber ({db_path}); "
            "history for this run won't be kept."
        )
    assert broken_files(db_path.parent) == []


@pytest.mark.parametrize("code", [5, None], ids=["busy", "in-words"])
def test_a_new_history_locked_as_it_is_made_says_so(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch, code: int | None
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)
    broken = sqlite_error(sqlite3.DatabaseError, "file is not a database", 26)
    locked = sqlite_error(sqlite3.OperationalError, "database is locked", code)
    fail_to_connect(monkeypatch, [broken, locked])
    with History.open(db_path, now=clock) as log:
        (moved,) = broken_files(db_path.parent)
        assert log.notice == (
            f"History could not be read (file is not a database); it was moved to {moved}, "
            "but a new history could not be created (database is locked); "
            "history for this run won't be kept."
        )


def test_a_file_that_cannot_be_moved_for_a_reason_without_a_name_says_it(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)

    def no_rename(source: object, target: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "rename", no_rename)
    with History.open(db_path, now=clock) as log:
        assert log.notice == (
            "History could not be read (file is not a database), nor moved aside "
            "(the disk went away); history for this run won't be kept."
        )


def test_a_folder_that_cannot_be_created_means_history_in_memory(
    tmp_path: Path, clock: WallClock
) -> None:
    in_the_way = tmp_path / "limber"
    in_the_way.write_text("a file where the folder should be", encoding="utf-8")

    with History.open(in_the_way / HISTORY_FILE_NAME, now=clock) as log:
        assert log.notice is not None
        assert log.notice.startswith("History could not be opened (")
        assert not log.persistent
    assert in_the_way.read_text(encoding="utf-8") == "a file where the folder should be"


# --- CSV export --------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_export_csv_writes_every_session_oldest_first(
    open_history: History, clock: WallClock, tmp_path: Path
) -> None:
    record(open_history, clock, at(2026, 11, 21, 7), Outcome.STOPPED, minutes=3)
    record(open_history, clock, at(2026, 11, 20, 7, 5), minutes=10)
    clock.now = at(2026, 11, 22, 7)
    open_history.start("hips", 'Hips, "quick"', 5)
    target = tmp_path / "export" / "history.csv"
    target.parent.mkdir()

    assert open_history.export_csv(target) == 3

    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "id,routine_id,routine_title,started_at,ended_at,outcome,"
        "steps_completed,step_count,seconds_active"
    )
    assert text.splitlines()[1] == (
        "2,full-warmup,Full warm-up,2026-11-20T07:05:00+00:00,2026-11-20T07:15:00+00:00,"
        "completed,8,8,600.0"
    )
    rows = read_csv(target)
    assert rows[0] == list(CSV_HEADER)
    assert rows[2] == [
        "1", "full-warmup", "Full warm-up", "2026-11-21T07:00:00+00:00",
        "2026-11-21T07:03:00+00:00", "stopped", "3", "8", "180.0",
    ]  # fmt: skip
    assert rows[3] == [
        "3",
        "hips",
        'Hips, "quick"',
        "2026-11-22T07:00:00+00:00",
        "",
        "",
        "0",
        "5",
        "",
    ]
    assert len(rows) == 4
    assert sorted(path.name for path in target.parent.iterdir()) == ["history.csv"]


def test_export_csv_of_nothing_is_just_the_header(open_history: History, tmp_path: Path) -> None:
    target = tmp_path / "empty.csv"
    assert open_history.export_csv(target) == 0
    assert read_csv(target) == [list(CSV_HEADER)]


def test_export_csv_replaces_an_old_export_and_a_failure_keeps_it(
    open_history: History, clock: WallClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "history.csv"
    target.write_text("an older export\n", encoding="utf-8")
    record(open_history, clock, at(2026, 11, 20))

    def failing_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing_replace)
        with pytest.raises(OSError, match="No space"):
            open_history.export_csv(target)
    assert target.read_text(encoding="utf-8") == "an older export\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []

    assert open_history.export_csv(target) == 1
    assert len(read_csv(target)) == 2


def test_now_today_and_tz_are_what_the_history_counts_with(db_path: Path) -> None:
    wall = WallClock(at(2026, 11, 25, 2, 0))  # 02:00 UTC is still the 24th in New York-ish -5
    with History.open(db_path, now=wall, tz=UTC_MINUS_5) as log:
        assert log.now() == at(2026, 11, 25, 2, 0)
        assert log.tz is UTC_MINUS_5
        assert log.today() == date(2026, 11, 24)


# --- rows edited by hand or damaged -------------------------------------------------------------

# (started_at, ended_at, steps_completed, step_count, outcome, seconds_active, title)
DAMAGED_ROWS = [
    pytest.param(("yesterday", None, 0, 8, None, None, "A"), id="started-in-words"),
    pytest.param(("0001-01-01T00:00:00+05:00", None, 0, 8, None, None, "A"), id="year-one"),
    pytest.param(("2026-11-20T10:00:00", None, 0, 8, None, None, "A"), id="no-offset"),
    pytest.param(("9999-12-31T23:59:59+00:00", None, 0, 8, None, None, "A"), id="year-9999"),
    pytest.param((20261120, None, 0, 8, None, None, "A"), id="started-a-number"),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", "soon", 8, 8, "completed", 60.0, "A"), id="ended-in-words"
    ),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", "2026-11-20T10:10:00+00:00", 9, 8, "completed", 60.0, "A"),
        id="more-steps-than-the-routine",
    ),
    pytest.param(("2026-11-20T10:00:00+00:00", None, -1, 8, None, None, "A"), id="negative-steps"),
    pytest.param(("2026-11-20T10:00:00+00:00", None, 0, 10**15, None, None, "A"), id="huge-count"),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", "2026-11-20T10:10:00+00:00", 8, 8, "completed", 1e300, "A"),
        id="absurd-seconds",
    ),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", "2026-11-20T10:10:00+00:00", 8, 8, "completed", "ten", "A"),
        id="seconds-in-words",
    ),
    pytest.param(("2026-11-20T10:00:00+00:00", None, 0, 8, None, None, b"\x00"), id="title-blob"),
    pytest.param(("1969-12-31T23:59:59+00:00", None, 0, 8, None, None, "A"), id="before-1970"),
    pytest.param(("9001-01-01T00:00:00+00:00", None, 0, 8, None, None, "A"), id="after-9000"),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", None, 0, 100_001, None, None, "A"), id="too-many-steps"
    ),
    pytest.param(
        (
            "2026-11-20T10:00:00+00:00",
            "2026-11-20T10:10:00+00:00",
            8,
            8,
            "completed",
            604_800.5,
            "A",
        ),
        id="more-than-a-week-active",
    ),
]

# Rows at the very edges of what a row may hold, all still shown.
EDGE_ROWS = [
    pytest.param(("1970-01-01T00:00:00+00:00", None, 0, 8, None, None, "A"), id="first-of-1970"),
    pytest.param(("9000-12-31T23:59:59+00:00", None, 0, 8, None, None, "A"), id="last-of-9000"),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", None, 100_000, 100_000, None, None, "A"),
        id="a-hundred-thousand-steps",
    ),
    pytest.param(
        ("2026-11-20T10:00:00+00:00", "2026-11-27T10:00:00+00:00", 8, 8, "stopped", 604_800, "A"),
        id="a-whole-week-active",
    ),
]


def insert_raw(path: Path, values: tuple[object, ...]) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO sessions (started_at, ended_at, steps_completed, step_count, outcome,"
            " seconds_active, routine_title, routine_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'x')",
            values,
        )
    connection.close()


@pytest.mark.parametrize("values", DAMAGED_ROWS)
def test_a_damaged_row_is_skipped_and_counted_and_the_rest_still_reads(
    db_path: Path, clock: WallClock, tmp_path: Path, values: tuple[object, ...]
) -> None:
    with History.open(db_path, now=clock) as log:
        good = record(log, clock, at(2026, 11, 24, 7))
        insert_raw(db_path, values)
        insert_raw(db_path, ("2026-11-23T07:00:00+00:00", None, 0, 8, None, None, "Ok"))
        assert log.damaged_entries == 0
        recent = log.recent()
        assert [row.routine_title for row in recent] == ["Full warm-up", "Ok"]
        assert log.damaged_entries == 1
        last = log.last_warmup()
        assert last is not None
        assert last.id == good
        assert log.streak(date(2026, 11, 25)) == 1
        assert log.per_week(1, date(2026, 11, 25)) == [(date(2026, 11, 23), 1)]
        assert log.export_csv(tmp_path / "out.csv") == 2
        assert log.damaged_entries == 1  # the same row, counted once
        assert damaged_entries_text(log.damaged_entries) == "1 damaged entry not shown"


@pytest.mark.parametrize("values", EDGE_ROWS)
def test_a_row_at_the_edge_of_what_a_row_may_hold_is_still_shown(
    db_path: Path, clock: WallClock, values: tuple[object, ...]
) -> None:
    with History.open(db_path, now=clock) as log:
        insert_raw(db_path, values)
        (row,) = log.recent()
        assert row.started_at == datetime.fromisoformat(str(values[0]))
        assert (row.steps_completed, row.step_count) == (values[2], values[3])
        assert row.seconds_active == values[5]
        assert log.damaged_entries == 0


def test_a_completed_row_with_a_damaged_start_breaks_no_streak_and_is_counted_once(
    open_history: History, db_path: Path, clock: WallClock
) -> None:
    for day in (22, 23, 24):
        record(open_history, clock, at(2026, 11, day, 7))
    # Hour 25: read newest first, it comes between the 24th and the 23rd.
    insert_raw(
        db_path,
        ("2026-11-23T25:00:00+00:00", "2026-11-23T25:10:00+00:00", 8, 8, "completed", 60.0, "A"),
    )
    assert len(open_history.recent()) == 3
    assert open_history.streak(date(2026, 11, 25)) == 3
    assert open_history.per_week(2, date(2026, 11, 25)) == [
        (date(2026, 11, 16), 1),
        (date(2026, 11, 23), 2),
    ]
    assert open_history.damaged_entries == 1


def test_a_recent_list_of_no_rows_is_empty_and_a_negative_one_refused(
    open_history: History, clock: WallClock
) -> None:
    record(open_history, clock, at(2026, 11, 24, 7))
    assert open_history.recent(limit=0) == []
    with pytest.raises(ValueError, match="must not be negative"):
        open_history.recent(limit=-1)


def test_text_that_is_not_utf8_reads_with_replacement_characters(
    db_path: Path, clock: WallClock
) -> None:
    with History.open(db_path, now=clock) as log:
        record(log, clock, at(2026, 11, 24, 7))
        connection = sqlite3.connect(db_path)
        with connection:
            connection.execute(
                "UPDATE sessions SET routine_title = CAST(X'4869FF' AS TEXT)"  # "Hi" and 0xFF
            )
        connection.close()
        (row,) = log.recent()
        assert row.routine_title == "Hi\ufffd"
        assert log.damaged_entries == 0


def test_the_suite_runs_in_a_zone_with_daylight_saving() -> None:
    """conftest.py pins New York time: a local time mistaken for UTC fails here."""
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC).astimezone()
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC).astimezone()
    assert (winter.utcoffset(), summer.utcoffset()) == (timedelta(hours=-5), timedelta(hours=-4))


def test_times_are_stored_in_utc_whatever_the_local_zone(db_path: Path) -> None:
    local = datetime(2026, 7, 15, 8, 30).astimezone()  # 08:30 in New York, summer time
    with History.open(db_path, now=lambda: local) as log:
        log.start("r", "R", 1)
    connection = sqlite3.connect(db_path)
    (stored,) = connection.execute("SELECT started_at FROM sessions").fetchone()
    connection.close()
    assert stored == "2026-07-15T12:30:00+00:00"


# --- at any size -------------------------------------------------------------------------------


def add_sessions(path: Path, starts: list[datetime], outcome: str | None = "completed") -> None:
    """Sessions written straight into the file, as many years of use would leave them."""
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
            " steps_completed, step_count, outcome, seconds_active)"
            " VALUES ('full-warmup', 'Full warm-up', ?, ?, 8, 8, ?, 300.0)",
            [
                (
                    start.isoformat(timespec="seconds"),
                    None if outcome is None else start.isoformat(timespec="seconds"),
                    outcome,
                )
                for start in starts
            ],
        )
    connection.close()


def every_six_hours(count: int, ending: datetime) -> list[datetime]:
    return [ending - timedelta(hours=6 * back) for back in range(count)]


def query_plans(log: History, ask: object) -> dict[str, str]:
    """Each SELECT that `ask()` runs, with SQLite's plan for it in one line."""
    statements: list[str] = []
    connection = log._connection
    connection.set_trace_callback(statements.append)
    try:
        assert callable(ask)
        ask()
    finally:
        connection.set_trace_callback(None)
    plans = {}
    for statement in statements:
        if statement.lstrip().upper().startswith("SELECT") and "COUNT(*)" not in statement:
            steps = connection.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
            plans[statement] = " / ".join(str(step[-1]) for step in steps)
    assert plans
    return plans


@pytest.mark.parametrize(
    "ask",
    [
        pytest.param(lambda log: log.streak(date(2026, 11, 25)), id="streak"),
        pytest.param(lambda log: log.last_warmup(), id="last-warm-up"),
        pytest.param(lambda log: log.per_week(12, date(2026, 11, 25)), id="per-week"),
        pytest.param(lambda log: log.recent(50, offset=100), id="a-page-of-the-list"),
    ],
)
def test_every_history_query_reads_through_the_start_time_index(
    open_history: History, db_path: Path, ask: object
) -> None:
    add_sessions(db_path, every_six_hours(200, at(2026, 11, 25, 6)))
    assert callable(ask)
    for statement, plan in query_plans(open_history, lambda: ask(open_history)).items():
        assert "USING INDEX sessions_by_start" in plan, statement
        assert "TEMP B-TREE" not in plan, statement  # no sorting of the whole table


@pytest.fixture
def utc_history(db_path: Path, clock: WallClock) -> Iterator[History]:
    """Days counted in UTC, so the sessions below fall on the days they say."""
    with History.open(db_path, now=clock, tz=UTC) as opened:
        yield opened


def test_the_streak_stops_reading_at_the_first_missing_day(
    utc_history: History, db_path: Path
) -> None:
    # Four days in a row up to today, a missing day, then 10,000 older sessions,
    # the oldest of them damaged: a streak that read them all would count it.
    add_sessions(db_path, every_six_hours(16, at(2026, 11, 25, 18)))
    add_sessions(db_path, every_six_hours(10_000, at(2026, 11, 20, 18)))
    insert_raw(db_path, ("1969-12-31T00:00:00+00:00", "x", 8, 8, "completed", 1.0, "Old"))
    assert utc_history.streak(date(2026, 11, 25)) == 4
    assert utc_history.streak(date(2026, 11, 26)) == 4  # today not done yet
    assert utc_history.streak(date(2026, 11, 27)) == 0
    assert utc_history.damaged_entries == 0


def test_a_streak_of_years_is_counted_in_full(utc_history: History, db_path: Path) -> None:
    add_sessions(db_path, every_six_hours(4 * 1000, at(2026, 11, 25, 18)))
    add_sessions(db_path, every_six_hours(10, at(2026, 11, 25, 20)), outcome="stopped")
    assert utc_history.streak(date(2026, 11, 25)) == 1000


def test_a_hand_written_offset_just_past_the_gap_still_counts(
    open_history: History, db_path: Path
) -> None:
    """Stored times sort as text; one written with its own offset sorts up to a day
    away from its place in time, and the streak still finds it."""
    add_sessions(db_path, [at(2026, 11, 25, 8), at(2026, 11, 23, 8)])
    # 24 November 22:00 in UTC-5 is 03:00 on the 25th in UTC: sorted as the 24th.
    insert_raw(db_path, ("2026-11-24T22:00:00-05:00", "x", 8, 8, "completed", 1.0, "Late"))
    with History.open(db_path, tz=UTC_MINUS_5) as log:
        assert log.streak(date(2026, 11, 25)) == 3


def test_the_list_pages_newest_first_and_counts_every_session(
    open_history: History, db_path: Path
) -> None:
    add_sessions(db_path, every_six_hours(120, at(2026, 11, 25, 6)))
    first = open_history.recent(50)
    second = open_history.recent(50, offset=50)
    last = open_history.recent(50, offset=100)
    assert [len(first), len(second), len(last)] == [50, 50, 20]
    starts = [row.started_at for row in first + second + last]
    assert starts == sorted(starts, reverse=True)
    assert len(set(starts)) == 120
    assert open_history.session_count() == 120
    with pytest.raises(ValueError, match="negative"):
        open_history.recent(10, offset=-1)


def test_a_long_export_reports_its_progress_in_batches(
    open_history: History, db_path: Path, tmp_path: Path
) -> None:
    count = 2 * history.EXPORT_BATCH + 5
    add_sessions(db_path, every_six_hours(count, at(2026, 11, 25, 6)))
    seen: list[tuple[int, int]] = []
    target = tmp_path / "long.csv"
    assert (
        open_history.export_csv(target, progress=lambda done, total: seen.append((done, total)))
        == count
    )
    batch = history.EXPORT_BATCH
    assert seen == [(batch, count), (2 * batch, count), (count, count)]
    rows = read_csv(target)
    assert len(rows) == count + 1
    assert rows[1][3] < rows[-1][3]  # oldest first
    assert rows[-1][3:6] == ["2026-11-25T06:00:00+00:00", "2026-11-25T06:00:00+00:00", "completed"]


def test_an_export_of_nothing_reports_it_is_done(open_history: History, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    open_history.export_csv(
        tmp_path / "x.csv", progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(0, 0)]


class DiskFull:
    """A writer that takes the header, then finds the disk full."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    @contextlib.contextmanager
    def __call__(self, path: Path) -> Iterator[TextIO]:
        self.opened.append(path)
        yield self  # type: ignore[misc]

    def write(self, text: str) -> int:
        if not text.startswith("id,"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(text)


def test_a_full_disk_stops_the_export_with_one_clear_line(
    open_history: History, db_path: Path, tmp_path: Path
) -> None:
    add_sessions(db_path, every_six_hours(10, at(2026, 11, 25, 6)))
    target = tmp_path / "history.csv"
    full = DiskFull()
    with pytest.raises(OSError, match="No space left") as raised:
        open_history.export_csv(target, open_target=full)
    assert full.opened == [target]
    text = export_failure_text(raised.value, target)
    assert text == (
        f"The disk is full: the history was not exported to {target}. "
        "Free some space and try again."
    )
    assert "\n" not in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        pytest.param(
            PermissionError(errno.EACCES, "Permission denied"),
            "The history could not be exported: /x/h.csv cannot be written here. "
            "Choose another folder.",
            id="not-allowed",
        ),
        pytest.param(
            OSError(errno.EIO, "Input/output error"),
            "The history could not be exported to /x/h.csv (Input/output error); "
            "nothing was written.",
            id="other",
        ),
        pytest.param(
            sqlite3.OperationalError("database is locked"),
            "The history could not be exported to /x/h.csv (database is locked); "
            "nothing was written.",
            id="database",
        ),
    ],
)
def test_export_failures_in_words(error: OSError | sqlite3.Error, expected: str) -> None:
    assert export_failure_text(error, Path("/x/h.csv")) == expected


def test_an_export_copies_odd_rows_as_the_list_reads_them(
    open_history: History, db_path: Path, clock: WallClock, tmp_path: Path
) -> None:
    record(open_history, clock, at(2026, 11, 20, 7))
    # Another offset (read as its UTC time), text that is not UTF-8, 30 February.
    insert_raw(db_path, ("2026-11-21T08:00:00+01:00", None, 0, 8, None, None, "Offset"))
    insert_raw(db_path, ("2026-11-22T08:00:00+00:00", None, 0, 8, None, None, "Caf\xe9"))
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "UPDATE sessions SET routine_title = CAST(? AS TEXT) WHERE id = 3", (b"Caf\xe9",)
        )
    connection.close()
    insert_raw(db_path, ("2026-02-30T08:00:00+00:00", None, 0, 8, None, None, "Never"))
    target = tmp_path / "odd.csv"
    assert open_history.export_csv(target) == 3
    rows = read_csv(target)
    assert [row[2] for row in rows[1:]] == ["Full warm-up", "Offset", "Caf\ufffd"]
    assert rows[2][3] == "2026-11-21T07:00:00+00:00"
    assert open_history.damaged_entries == 1


def test_an_export_that_meets_text_not_in_utf8_still_reports_its_progress(
    open_history: History, db_path: Path, clock: WallClock, tmp_path: Path
) -> None:
    record(open_history, clock, at(2026, 11, 20, 7))
    record(open_history, clock, at(2026, 11, 21, 7))
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "UPDATE sessions SET routine_title = CAST(? AS TEXT) WHERE id = 2", (b"Caf\xe9",)
        )
    connection.close()
    seen: list[tuple[int, int]] = []
    target = tmp_path / "cafe.csv"
    assert (
        open_history.export_csv(target, progress=lambda done, total: seen.append((done, total)))
        == 2
    )
    assert seen == [(2, 2)]
    assert [row[2] for row in read_csv(target)[1:]] == ["Full warm-up", "Caf\ufffd"]


def test_an_odd_row_is_exported_with_its_end_outcome_and_time_as_the_list_reads_them(
    open_history: History, db_path: Path, tmp_path: Path
) -> None:
    # Another offset than UTC's: each such row is read as the list reads it.
    insert_raw(
        db_path,
        ("2026-11-21T08:00:00+01:00", "2026-11-21T08:10:00+01:00", 8, 8, "completed", 61.5, "A"),
    )
    insert_raw(db_path, ("2026-11-22T08:00:00+01:00", None, 0, 8, None, None, "B"))
    target = tmp_path / "odd.csv"
    assert open_history.export_csv(target) == 2
    assert read_csv(target)[1:] == [
        [
            "1",
            "x",
            "A",
            "2026-11-21T07:00:00+00:00",
            "2026-11-21T07:10:00+00:00",
            "completed",
            "8",
            "8",
            "61.5",
        ],
        ["2", "x", "B", "2026-11-22T07:00:00+00:00", "", "", "0", "8", ""],
    ]


@pytest.mark.parametrize(
    ("routine_id", "steps_completed", "step_count"),
    [(b"x", 8, 8), ("x", 8, 8.5), ("x", 0.5, 8)],
    ids=["routine-id-a-blob", "step-count-a-fraction", "steps-done-a-fraction"],
)
def test_an_export_leaves_out_a_row_of_values_of_another_type(
    open_history: History,
    db_path: Path,
    clock: WallClock,
    tmp_path: Path,
    routine_id: object,
    steps_completed: object,
    step_count: object,
) -> None:
    record(open_history, clock, at(2026, 11, 20, 7))
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "INSERT INTO sessions (routine_id, routine_title, started_at, steps_completed,"
            " step_count) VALUES (?, 'Odd', '2026-11-21T07:00:00+00:00', ?, ?)",
            (routine_id, steps_completed, step_count),
        )
    connection.close()
    target = tmp_path / "out.csv"
    assert open_history.export_csv(target) == 1
    assert [row[2] for row in read_csv(target)[1:]] == ["Full warm-up"]
    assert open_history.damaged_entries == 1


# A start in another form than the one Limber writes ("2026-11-21T08:00:00+00:00"),
# and the start the export gives it: the time the list reads, or None for a row the
# list cannot read, which the export leaves out.
ODD_STARTS = [
    pytest.param(
        "2026-11-21T08:00:00.500000+00:00", "2026-11-21T08:00:00+00:00", id="microseconds"
    ),
    pytest.param("2026-11-21T08:00:00.5+00:00", "2026-11-21T08:00:00+00:00", id="a-fraction"),
    pytest.param("2026-11-21 08:00:00+00:00", "2026-11-21T08:00:00+00:00", id="a-space-for-t"),
    pytest.param("2026-W47-6T08:00:00+00:00", "2026-11-21T08:00:00+00:00", id="a-week-date"),
    # Python reads a stray character between the seconds and the offset, and drops it.
    pytest.param("2026-11-21T08:00:00x+00:00", "2026-11-21T08:00:00+00:00", id="a-stray-character"),
    pytest.param(b"2026-11-21T08:00:00+00:00", None, id="a-blob"),
    pytest.param("1969-12-31T08:00:00+00:00", None, id="before-1970"),
]


@pytest.mark.parametrize("mate_ended", [True, False], ids=["beside-one-ended", "beside-one-not"])
@pytest.mark.parametrize(("started", "exported"), ODD_STARTS)
def test_a_start_in_another_form_is_exported_as_the_list_reads_it_or_left_out(
    open_history: History,
    db_path: Path,
    clock: WallClock,
    tmp_path: Path,
    started: object,
    exported: str | None,
    mate_ended: bool,
) -> None:
    # The odd row shares its batch with a row in Limber's form, and differs from it
    # in its start alone: the export must not take the pair for two plain rows,
    # whether the batch has end times to check as well or none.
    if mate_ended:
        record(open_history, clock, at(2026, 11, 20, 7))
    else:
        record(open_history, clock, at(2026, 11, 20, 7), None)
    insert_raw(db_path, (started, None, 0, 8, None, None, "Odd"))
    target = tmp_path / "odd.csv"
    written = open_history.export_csv(target)
    odd = [row for row in read_csv(target)[1:] if row[2] == "Odd"]
    if exported is None:
        assert (written, odd, open_history.damaged_entries) == (1, [], 1)
        return
    assert written == 2
    assert odd == [["2", "x", "Odd", exported, "", "", "0", "8", ""]]
    listed = [row.started_at for row in open_history.recent() if row.routine_title == "Odd"]
    assert [moment.isoformat(timespec="seconds") for moment in listed] == [exported]
    assert open_history.damaged_entries == 0


def test_an_export_leaves_out_a_row_whose_outcome_no_limber_writes(
    open_history: History, db_path: Path, clock: WallClock, tmp_path: Path
) -> None:
    record(open_history, clock, at(2026, 11, 20, 7))
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA ignore_check_constraints = ON")  # as a hand edit could
    with connection:
        connection.execute(
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at, outcome,"
            " steps_completed, step_count, seconds_active) VALUES ('x', 'Odd',"
            " '2026-11-21T07:00:00+00:00', '2026-11-21T07:10:00+00:00', 'finished', 8, 8, 60.0)"
        )
    connection.close()
    target = tmp_path / "out.csv"
    assert open_history.export_csv(target) == 1
    assert [row[2] for row in read_csv(target)[1:]] == ["Full warm-up"]
    assert open_history.damaged_entries == 1


def test_with_the_real_clock_times_are_stored_in_utc(db_path: Path) -> None:
    with History.open(db_path) as log:
        log.start("r", "R", 1)
        (row,) = log.recent()
    assert row.started_at.utcoffset() == timedelta(0)
    connection = sqlite3.connect(db_path)
    (stored,) = connection.execute("SELECT started_at FROM sessions").fetchone()
    connection.close()
    assert stored.endswith("+00:00")


def test_days_are_counted_in_the_zone_the_history_is_given(db_path: Path) -> None:
    # 20:00 UTC on 25 November is already 26 November in Tokyo (UTC+9).
    evening = at(2026, 11, 25, 20)
    with History.open(db_path, now=lambda: evening, tz=UTC_PLUS_9) as log:
        assert log.tz is UTC_PLUS_9
        assert log.today() == date(2026, 11, 26)
        session_id = log.start("r", "R", 1)
        log.finish(session_id, Outcome.COMPLETED, 1, 60.0)
        assert log.streak(date(2026, 11, 26)) == 1
        assert log.per_week(1, date(2026, 11, 26)) == [(date(2026, 11, 23), 1)]


def test_a_history_that_cannot_be_opened_still_counts_in_its_zone_and_clock(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    evening = at(2026, 11, 25, 20)
    with History.open(blocked / "history.sqlite3", now=lambda: evening, tz=UTC_PLUS_9) as log:
        assert log.notice is not None
        assert log.path is None
        assert log.today() == date(2026, 11, 26)
        log.start("r", "R", 1)
        (row,) = log.recent()
        assert row.started_at == evening


def test_the_history_folder_is_made_with_its_parents(tmp_path: Path, clock: WallClock) -> None:
    deep = tmp_path / "a" / "b" / "limber" / HISTORY_FILE_NAME
    with History.open(deep, now=clock) as log:
        assert log.notice is None
        log.start("r", "R", 1)
    assert deep.exists()


def test_a_session_stopped_at_once_is_recorded_and_read_back(
    open_history: History, clock: WallClock
) -> None:
    for active in (0.0, 0.5):
        session_id = open_history.start("r", "Nothing in it", 0)
        open_history.finish(session_id, Outcome.STOPPED, 0, active)
    lost = open_history.start("r", "R", 3)
    assert open_history.finish_lost(lost, "r", 0, 0.0)
    recent = open_history.recent()
    assert sorted(row.seconds_active or 0.0 for row in recent) == [0.0, 0.0, 0.5]
    assert [row.steps_completed for row in recent] == [0, 0, 0]
    assert open_history.damaged_entries == 0


def test_two_damaged_rows_are_counted_as_two(
    db_path: Path, clock: WallClock, tmp_path: Path
) -> None:
    with History.open(db_path, now=clock) as log:
        insert_raw(db_path, ("yesterday", None, 0, 8, None, None, "A"))
        insert_raw(db_path, ("2026-11-20T10:00:00", None, 0, 8, None, None, "B"))
        insert_raw(
            db_path,
            ("soon", "2026-11-20T10:10:00+00:00", 8, 8, "completed", 60.0, "C"),
        )
        assert log.recent() == []
        assert log.damaged_entries == 3
        assert log.streak(date(2026, 11, 25)) == 0
        assert log.damaged_entries == 3


def test_the_csv_export_ends_its_lines_the_unix_way(
    open_history: History, clock: WallClock, tmp_path: Path
) -> None:
    record(open_history, clock, at(2026, 11, 20, 7))
    target = tmp_path / "history.csv"
    open_history.export_csv(target)
    data = target.read_bytes()
    assert b"\r" not in data
    assert data.count(b"\n") == 2


def test_a_history_set_aside_or_locked_still_counts_days_in_its_zone(
    db_path: Path, clock: WallClock
) -> None:
    # 20:00 UTC on 25 November is already 26 November in Tokyo (UTC+9).
    clock.now = at(2026, 11, 25, 20)
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    with History.open(db_path, now=clock, tz=UTC_PLUS_9) as log:
        assert log.notice is not None
        assert "moved to" in log.notice
        assert log.today() == date(2026, 11, 26)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with History.open(db_path, now=clock, tz=UTC_PLUS_9, busy_timeout=0.05) as log:
            assert log.path is None
            assert log.today() == date(2026, 11, 26)
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_recent_list_shows_the_last_twenty_newest_first(
    open_history: History, clock: WallClock
) -> None:
    for day in range(1, 22):
        record(open_history, clock, at(2026, 10, day, 7))
    recent = open_history.recent()
    assert len(recent) == 20
    assert recent[0].started_at == at(2026, 10, 21, 7)
    assert recent[-1].started_at == at(2026, 10, 2, 7)


@pytest.mark.parametrize("failure", ["cannot-move", "cannot-create"])
def test_the_rarest_fallbacks_keep_the_clock_and_the_zone(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 100)
    if failure == "cannot-move":

        def no_rename(source: object, target: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "rename", no_rename)
    else:
        refuse_new_files(monkeypatch)
    clock.now = at(2026, 11, 25, 20)  # already 26 November in Tokyo
    with History.open(db_path, now=clock, tz=UTC_PLUS_9) as log:
        assert not log.persistent
        assert log.today() == date(2026, 11, 26)
        log.start("r", "R", 1)
        (row,) = log.recent()
        assert row.started_at == at(2026, 11, 25, 20)


# (routine_title, ended_at, outcome, seconds_active) of rows in Limber's own form
EXPORT_FORMS = [
    ("Full warm-up", "2026-11-20T07:10:00+00:00", "completed", 600.0),
    ("Hips, quick", "2026-11-20T07:10:00+00:00", "completed", 512.5),
    ('Say "go"\nthen run\r', "2026-11-20T07:10:00+00:00", "stopped", 1 / 3),
    ("Unfinished", None, None, None),
    ("Caf\xe9 \u2603", "2026-11-20T07:10:00+00:00", "completed", 1 / 7),
    ("A millisecond", "2026-11-20T07:10:00+00:00", "completed", 0.001),
    ("Zero", "2026-11-20T07:10:00+00:00", "stopped", 0.0),
]


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_every_kind_of_row_is_exported_as_the_csv_module_writes_it(
    open_history: History,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(history_export, "EXPORT_BATCH", batch)
    for day, (title, ended, outcome, seconds) in enumerate(EXPORT_FORMS, start=1):
        insert_raw(
            db_path, (f"2026-11-{day:02d}T07:00:00+00:00", ended, 8, 8, outcome, seconds, title)
        )
    insert_raw(db_path, ("2026-02-30T08:00:00+00:00", None, 0, 8, None, None, "Never"))
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for number, (title, ended, outcome, seconds) in enumerate(EXPORT_FORMS, start=1):
        started = f"2026-11-{number:02d}T07:00:00+00:00"
        writer.writerow((number, "x", title, started, ended, outcome, 8, 8, seconds))
    target = tmp_path / "forms.csv"

    assert open_history.export_csv(target) == len(EXPORT_FORMS)

    assert target.read_bytes().decode("utf-8") == expected.getvalue()
    assert open_history.damaged_entries == 1


def test_the_history_keeps_a_small_page_cache(
    db_path: Path, clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's default 2,000 KiB filled with a long history's pages and stayed in
    # the window's memory (1.8 MiB of it at 100,000 sessions, measured).
    made: list[sqlite3.Connection] = []
    real_connect = history_schema._connect

    def connect(target: str, timeout: float) -> sqlite3.Connection:
        made.append(real_connect(target, timeout))
        return made[-1]

    monkeypatch.setattr(history_schema, "_connect", connect)
    with History.open(db_path, now=clock):
        sizes = [connection.execute("PRAGMA cache_size").fetchone()[0] for connection in made]
    assert made
    assert sizes == [-256] * len(made)  # KiB
