"""The history in words: how long ago the last warm-up was, by local calendar days,
and the line about rows left out as damaged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from app.history import Outcome, SessionRecord, damaged_entries_text, describe_last

UTC_MINUS_5 = timezone(timedelta(hours=-5))
UTC_PLUS_9 = timezone(timedelta(hours=9))


def at(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, tz: tzinfo = UTC
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def finished_at(started: datetime) -> SessionRecord:
    return SessionRecord(
        1, "full-warmup", "Full warm-up", started, started, 8, 8, Outcome.COMPLETED, 600.0
    )


@pytest.mark.parametrize(
    ("started", "expected"),
    [
        (at(2026, 11, 25, 6), "Last warm-up today"),
        (at(2026, 11, 25, 23), "Last warm-up today"),  # a clock set back: not "in the future"
        (at(2026, 11, 24, 23, 59), "Last warm-up yesterday"),
        (at(2026, 11, 23, 12), "Last warm-up 2 days ago"),
        (at(2026, 11, 12, 12), "Last warm-up 13 days ago"),
        (at(2026, 11, 11, 12), "Last warm-up 2 weeks ago"),
        (at(2026, 11, 4, 12), "Last warm-up 3 weeks ago"),
        (at(2026, 9, 27, 12), "Last warm-up 8 weeks ago"),
        (at(2026, 9, 25, 12), "Last warm-up 2 months ago"),
        (at(2025, 11, 26, 12), "Last warm-up 12 months ago"),
        (at(2025, 11, 25, 12), "Last warm-up a year ago"),
        (at(2023, 11, 25, 12), "Last warm-up 3 years ago"),
    ],
)
def test_describe_last(started: datetime, expected: str) -> None:
    assert describe_last(finished_at(started), at(2026, 11, 25, 10), tz=UTC) == expected


def test_describe_last_with_nothing_yet() -> None:
    assert describe_last(None, at(2026, 11, 25, 10)) == "No warm-ups yet"


def test_describe_last_counts_local_days() -> None:
    # 23:30 last night and 07:00 this morning in UTC-5: the same UTC day, but yesterday.
    last = finished_at(at(2026, 11, 24, 23, 30, tz=UTC_MINUS_5))
    now = at(2026, 11, 25, 7, tz=UTC_MINUS_5)
    assert describe_last(last, now, tz=UTC_MINUS_5) == "Last warm-up yesterday"
    assert describe_last(last, now, tz=UTC) == "Last warm-up today"


def test_the_damaged_line_counts_in_plain_words() -> None:
    assert damaged_entries_text(0) == ""
    assert damaged_entries_text(1) == "1 damaged entry not shown"
    assert damaged_entries_text(2) == "2 damaged entries not shown"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (13, "Last warm-up 13 days ago"),
        (14, "Last warm-up 2 weeks ago"),
        (59, "Last warm-up 8 weeks ago"),
        (60, "Last warm-up 2 months ago"),
        (364, "Last warm-up 12 months ago"),
        (365, "Last warm-up a year ago"),
        (730, "Last warm-up 2 years ago"),
    ],
)
def test_the_last_warm_up_is_told_in_days_weeks_months_or_years(days: int, text: str) -> None:
    started = at(2024, 1, 10, 12)
    last = SessionRecord(
        id=1,
        routine_id="r",
        routine_title="R",
        started_at=started,
        ended_at=started + timedelta(minutes=10),
        steps_completed=1,
        step_count=1,
        outcome=Outcome.COMPLETED,
        seconds_active=600.0,
    )
    assert describe_last(last, started + timedelta(days=days), UTC) == text


def test_the_last_warm_up_is_yesterday_by_the_days_of_the_zone_given() -> None:
    # 23:00 in Tokyo on 24 November, seen at 07:00 Tokyo time on the 25th.
    started = datetime(2026, 11, 24, 14, tzinfo=UTC)
    last = SessionRecord(1, "r", "R", started, started, 1, 1, Outcome.COMPLETED, 60.0)
    assert describe_last(last, datetime(2026, 11, 24, 22, tzinfo=UTC), UTC_PLUS_9) == (
        "Last warm-up yesterday"
    )
