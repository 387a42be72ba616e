"""The clocks, and noticing that the machine slept between two checks."""

from __future__ import annotations

import sys
import time

import pytest

from app.clock import (
    DEFAULT_SLEEP_THRESHOLD,
    DEFAULT_SUSPEND_THRESHOLD,
    Clock,
    SleepWatch,
    SystemClock,
)
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


@pytest.mark.skipif(sys.platform != "linux", reason="CLOCK_BOOTTIME is Linux-only")
def test_system_clock_measures_suspend_on_linux() -> None:
    assert SystemClock().measures_suspend


@pytest.mark.skipif(sys.platform == "linux", reason="elsewhere it is wall time")
def test_system_clock_suspend_inclusive_is_wall_time_elsewhere() -> None:
    clock = SystemClock()
    assert clock.suspend_inclusive() == pytest.approx(time.time(), abs=1.0)
    assert not clock.measures_suspend


def test_system_clock_falls_back_on_wall_time_without_boottime(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kernel without CLOCK_BOOTTIME (before 2.6.39) refuses it: wall time stands in."""
    import app.clock

    monkeypatch.setattr(app.clock, "_BOOTTIME", None)
    clock = SystemClock()
    assert not clock.measures_suspend
    assert clock.suspend_inclusive() == pytest.approx(time.time(), abs=1.0)


@pytest.mark.skipif(sys.platform != "linux", reason="CLOCK_BOOTTIME is Linux-only")
def test_boottime_is_refused_where_the_kernel_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.clock

    def refuse(clock_id: int) -> float:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(time, "clock_gettime", refuse)
    assert app.clock._boottime() is None


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
        lambda clock: clock.stall(-1.0),
    ],
)
def test_fake_clock_never_goes_back(move) -> None:
    with pytest.raises(ValueError, match="never goes back"):
        move(FakeClock(start=1000.0))


def test_fake_clock_stall_moves_both_clocks_at_once() -> None:
    clock = FakeClock(start=50.0)
    clock.stall(6.0)
    assert (clock.monotonic(), clock.suspend_inclusive()) == (56.0, 56.0)


def test_fake_clock_stands_for_either_kind_of_system() -> None:
    assert not FakeClock().measures_suspend
    assert FakeClock(measures_suspend=True).measures_suspend


def test_sleep_watch_default_thresholds() -> None:
    watch = SleepWatch(FakeClock())
    assert watch.threshold == DEFAULT_SLEEP_THRESHOLD == 5.0
    assert watch.suspend_threshold == DEFAULT_SUSPEND_THRESHOLD == 2.0


# -- the fallback, where a suspend can't be measured (macOS, Windows) -----------


@pytest.mark.parametrize("measures_suspend", [False, True])
def test_sleep_watch_quiet_while_checked_every_second(measures_suspend: bool) -> None:
    clock = FakeClock(measures_suspend=measures_suspend)
    watch = SleepWatch(clock)
    for _ in range(600):
        clock.advance(1.0)
        assert watch.check() is None


@pytest.mark.parametrize("measures_suspend", [False, True])
def test_sleep_watch_quiet_when_checked_again_at_once(measures_suspend: bool) -> None:
    watch = SleepWatch(FakeClock(measures_suspend=measures_suspend))
    assert watch.check() is None
    assert watch.check() is None


def test_sleep_watch_notices_macos_suspend() -> None:
    """On macOS monotonic time stops during suspend; only wall time moves."""
    clock = FakeClock(start=1000.0)
    watch = SleepWatch(clock)
    clock.advance(1.0)
    assert watch.check() is None
    clock.advance(0.5)
    clock.sleep_system(3600.0)
    clock.advance(0.25)
    assert watch.check() == 1001.0  # the last check: the last moment known awake


def test_sleep_watch_notices_windows_suspend() -> None:
    """On Windows monotonic time keeps counting through suspend: a suspend can't be
    measured, so a long gap of both clocks is taken for one."""
    clock = FakeClock(start=1000.0)
    watch = SleepWatch(clock)
    clock.advance(0.75)
    assert watch.check() is None
    clock.advance(1800.0)
    assert watch.check() == 1000.75


def test_without_measured_suspend_a_long_stall_is_taken_for_a_sleep() -> None:
    """The fallback (macOS, Windows): a stall looks like a Windows suspend."""
    clock = FakeClock(start=20.0)
    watch = SleepWatch(clock)
    clock.stall(7.0)
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


# -- where the clock measures suspend (Linux, CLOCK_BOOTTIME) -------------------


def test_a_stall_is_not_a_sleep_where_suspend_is_measured() -> None:
    """Both clocks jump alike when the process was only busy or stopped."""
    clock = FakeClock(start=20.0, measures_suspend=True)
    watch = SleepWatch(clock)
    for stall in (6.0, 60.0, 3600.0):
        clock.stall(stall)
        assert watch.check() is None


def test_a_suspend_is_a_sleep_where_suspend_is_measured() -> None:
    clock = FakeClock(start=1000.0, measures_suspend=True)
    watch = SleepWatch(clock)
    clock.advance(1.0)
    assert watch.check() is None
    clock.advance(0.5)
    clock.sleep_system(6.0)
    clock.advance(0.25)
    assert watch.check() == 1001.0  # the last check: the last moment known awake


def test_a_suspend_inside_a_stall_is_still_a_sleep() -> None:
    """The process was slow before and after the lid closed: the suspend shows all the same."""
    clock = FakeClock(start=0.0, measures_suspend=True)
    watch = SleepWatch(clock)
    clock.stall(8.0)
    clock.sleep_system(600.0)
    clock.stall(8.0)
    assert watch.check() == 0.0


@pytest.mark.parametrize(
    ("suspend", "slept"),
    [(1.9, False), (2.0, False), (2.01, True), (6.0, True)],
)
def test_a_measured_suspend_threshold_is_a_strict_limit(suspend: float, slept: bool) -> None:
    clock = FakeClock(start=0.0, measures_suspend=True)
    watch = SleepWatch(clock)
    clock.advance(0.5)
    clock.sleep_system(suspend)
    assert (watch.check() is not None) is slept


def test_a_measured_suspend_custom_threshold() -> None:
    clock = FakeClock(start=0.0, measures_suspend=True)
    watch = SleepWatch(clock, suspend_threshold=10.0)
    clock.sleep_system(9.0)
    assert watch.check() is None
    clock.sleep_system(11.0)
    assert watch.check() == 0.0


def test_a_measured_suspend_is_reported_once_and_reset_forgets_it() -> None:
    clock = FakeClock(start=0.0, measures_suspend=True)
    watch = SleepWatch(clock)
    clock.sleep_system(100.0)
    assert watch.check() == 0.0
    clock.advance(1.0)
    assert watch.check() is None
    clock.sleep_system(100.0)
    watch.reset()  # paused meanwhile: resuming is no sleep
    clock.advance(1.0)
    assert watch.check() is None
