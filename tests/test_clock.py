"""The clocks, and noticing that the machine slept between two checks."""

from __future__ import annotations

import sys
import time

import pytest

from app.clock import DEFAULT_SLEEP_THRESHOLD, Clock, SleepWatch, SystemClock
from tests.fakes import FakeClock


def test_system_clock_monotonic_never_goes_back() -> None:
    clock: Clock = SystemClock()
    readings = [clock.monotonic() for _ in range(1000)]
    assert readings == sorted(readings)


def test_system_clock_monotonic_is_pythons_monotonic() -> None:
    before = time.monotonic()
    reading = SystemClock().monotonic()
    after = time.monotonic()
    assert before <= reading <= after


@pytest.mark.skipif(sys.platform != "linux", reason="CLOCK_BOOTTIME is Linux-only")
def test_system_clock_suspend_inclusive_is_boottime_on_linux() -> None:
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = SystemClock().suspend_inclusive()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert before <= reading <= after


@pytest.mark.skipif(sys.platform == "linux", reason="elsewhere it is wall time")
def test_system_clock_suspend_inclusive_is_wall_time_elsewhere() -> None:
    assert SystemClock().suspend_inclusive() == pytest.approx(time.time(), abs=1.0)


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(start=50.0)
    assert (clock.monotonic(), clock.suspend_inclusive(), clock()) == (50.0, 50.0, 50.0)
    clock.advance(2.5)
    assert (clock.monotonic(), clock.suspend_inclusive(), clock()) == (52.5, 52.5, 52.5)
    clock.sleep_system(100.0)
    assert (clock.monotonic(), clock.suspend_inclusive()) == (52.5, 152.5)
    clock.advance_to(60.0)
    assert (clock.monotonic(), clock.suspend_inclusive()) == (60.0, 160.0)


@pytest.mark.parametrize(
    "move",
    [
        lambda clock: clock.advance(-1.0),
        lambda clock: clock.advance_to(999.0),
        lambda clock: clock.sleep_system(-1.0),
    ],
)
def test_fake_clock_never_goes_back(move) -> None:
    with pytest.raises(ValueError, match="never goes back"):
        move(FakeClock(start=1000.0))


def test_sleep_watch_default_threshold() -> None:
    assert SleepWatch(FakeClock()).threshold == DEFAULT_SLEEP_THRESHOLD == 5.0


def test_sleep_watch_quiet_while_checked_every_second() -> None:
    clock = FakeClock()
    watch = SleepWatch(clock)
    for _ in range(600):
        clock.advance(1.0)
        assert watch.check() is None


def test_sleep_watch_quiet_when_checked_again_at_once() -> None:
    watch = SleepWatch(FakeClock())
    assert watch.check() is None
    assert watch.check() is None


def test_sleep_watch_notices_linux_suspend() -> None:
    """On Linux/macOS monotonic time stops during suspend; only boottime moves."""
    clock = FakeClock(start=1000.0)
    watch = SleepWatch(clock)
    clock.advance(1.0)
    assert watch.check() is None
    clock.advance(0.5)
    clock.sleep_system(3600.0)
    clock.advance(0.25)
    assert watch.check() == 1001.0  # the last check: the last moment known awake


def test_sleep_watch_notices_windows_suspend() -> None:
    """On Windows monotonic time keeps counting through suspend."""
    clock = FakeClock(start=1000.0)
    watch = SleepWatch(clock)
    clock.advance(0.75)
    assert watch.check() is None
    clock.advance(1800.0)
    assert watch.check() == 1000.75


def test_sleep_watch_notices_a_frozen_process() -> None:
    clock = FakeClock(start=20.0)
    watch = SleepWatch(clock)
    clock.advance(7.0)
    assert watch.check() == 20.0


@pytest.mark.parametrize(
    ("gap", "slept"),
    [(4.9, False), (5.0, False), (5.01, True), (60.0, True)],
)
def test_sleep_watch_threshold_is_a_strict_limit(gap: float, slept: bool) -> None:
    for move in ("advance", "sleep_system"):
        clock = FakeClock(start=0.0)
        watch = SleepWatch(clock)
        getattr(clock, move)(gap)
        assert (watch.check() is not None) is slept, move


def test_sleep_watch_custom_threshold() -> None:
    clock = FakeClock(start=0.0)
    watch = SleepWatch(clock, threshold=1.0)
    clock.advance(1.5)
    assert watch.check() == 0.0


def test_sleep_watch_reports_a_sleep_once() -> None:
    clock = FakeClock(start=0.0)
    watch = SleepWatch(clock)
    clock.sleep_system(100.0)
    assert watch.check() == 0.0
    clock.advance(1.0)
    assert watch.check() is None


def test_sleep_watch_reset_forgets_the_gap() -> None:
    """A paused session is not watched; resuming must not report the pause as sleep."""
    clock = FakeClock(start=0.0)
    watch = SleepWatch(clock)
    clock.advance(300.0)
    clock.sleep_system(300.0)
    watch.reset()
    clock.advance(1.0)
    assert watch.check() is None
