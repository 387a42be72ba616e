"""Durations as written in routine files and as shown on screen (app.durations)."""

from __future__ import annotations

import math

import pytest

from app.durations import format_duration, format_seconds, format_yaml_duration, parse_duration

# --- parsing what people write -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (1.5, 1.5),
        (0, 0.0),
        ("45s", 45.0),
        ("1m", 60.0),
        ("1m30s", 90.0),
        ("90", 90.0),
        ("1.5s", 1.5),
        (" 2m 5s ", 125.0),
        ("1.5m", 90.0),
        (".5s", 0.5),
    ],
)
def test_parse_duration_accepts_seconds_and_minute_text(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "expected a duration like 30, '45s' or '1m30s', found 'abc'"),
        ("", "expected a duration like 30, '45s' or '1m30s', found ''"),
        ("1:30", "expected a duration like 30, '45s' or '1m30s', found '1:30'"),
        ("30 sec", "expected a duration like 30, '45s' or '1m30s', found '30 sec'"),
        ("-5s", "a duration cannot be negative, found '-5s'"),
        (-2, "a duration cannot be negative, found -2"),
        (True, "expected a duration like 30, '45s' or '1m30s', found a true/false value"),
        (None, "expected a duration like 30, '45s' or '1m30s', found nothing"),
        ([30], "expected a duration like 30, '45s' or '1m30s', found a list"),
        ({"m": 1}, "expected a duration like 30, '45s' or '1m30s', found a mapping"),
        (b"30", "expected a duration like 30, '45s' or '1m30s', found b'30'"),
        (math.inf, "expected a duration like 30, '45s' or '1m30s', found inf"),
    ],
)
def test_parse_duration_explains_what_it_expected(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=r".*") as info:
        parse_duration(value)
    assert str(info.value) == message


# --- writing them back -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (5, "5s"), (60, "1m"), (90, "1m30s"), (600, "10m"), (2.5, "2.5s")],
)
def test_durations_are_written_as_people_write_them(seconds: float, text: str) -> None:
    assert format_yaml_duration(seconds) == text
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("seconds", "message"),
    [(-5, "not a duration: -5"), (-0.5, "not a duration: -0.5"), (math.inf, "not a duration: inf")],
)
def test_a_duration_no_file_could_hold_is_not_written(seconds: float, message: str) -> None:
    with pytest.raises(ValueError, match=r".*") as info:
        format_yaml_duration(seconds)
    assert str(info.value) == message


def test_durations_read_back_exactly() -> None:
    for seconds in (0.1 + 0.2, 1 / 3, 59.999, 61.5, 599.75, 123456.0):
        assert parse_duration(format_yaml_duration(seconds)) == seconds


# --- showing them ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (-3, "0:00"),
        (0.2, "0:01"),  # a countdown shows 0:01 until the very end
        (59.001, "1:00"),
        (60, "1:00"),
        (90, "1:30"),
        (3599.5, "1:00:00"),
        (3725, "1:02:05"),
    ],
)
def test_format_duration_rounds_up_like_a_countdown(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "said"), [(12, "12 s"), (12.0, "12 s"), (2.5, "2.5 s"), (0, "0 s")]
)
def test_seconds_in_a_sentence_have_no_trailing_zeros(seconds: float, said: str) -> None:
    assert format_seconds(seconds) == said
