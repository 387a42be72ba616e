"""Time sources for the session engine, and noticing that the machine slept.

The engine never reads the time itself: it is handed a clock, so tests can run a
whole routine instantly with a fake one. Two readings are needed because a busy
process and a suspended machine look alike on one clock: both leave a gap
between two checks. On Linux the monotonic clock stops while the machine is
suspended and CLOCK_BOOTTIME does not, so only a suspend moves the one apart
from the other. Elsewhere there is no such pair (wall time stands in, and
Windows' monotonic clock counts through sleep), so any long gap is taken for a
sleep.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol

# The session driver checks at least once a second while a session runs. Where
# a suspend can't be told from a stall (no CLOCK_BOOTTIME), a gap this long
# between two checks is taken for a sleep.
DEFAULT_SLEEP_THRESHOLD = 5.0
# Where it can be told (Linux): boottime running ahead of monotonic time by more
# than this since the last check means the machine was suspended. The two only
# part during a suspend, so a little over a second is already no noise.
DEFAULT_SUSPEND_THRESHOLD = 2.0


def _boottime() -> Callable[[], float] | None:
    """CLOCK_BOOTTIME's reader, or None where there is none (not Linux, or a kernel
    older than 2.6.39)."""
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if sys.platform != "linux" or clock_id is None:
        return None
    try:
        time.clock_gettime(clock_id)
    except OSError:
        return None
    return lambda: time.clock_gettime(clock_id)


_BOOTTIME = _boottime()


class Clock(Protocol):
    """Where the engine and its driver get the time from."""

    def monotonic(self) -> float:
        """Seconds that never go back; on Linux/macOS they stop during suspend."""
        ...

    def suspend_inclusive(self) -> float:
        """Seconds that keep counting while the machine is suspended."""
        ...

    @property
    def measures_suspend(self) -> bool:
        """Whether `suspend_inclusive() - monotonic()` grows by the time suspended and
        by nothing else (Linux's CLOCK_BOOTTIME against CLOCK_MONOTONIC), so a
        stall, which moves both alike, can be told from a suspend."""
        ...


class SystemClock:
    """The real clock: CLOCK_BOOTTIME where there is one, else wall time."""

    def __init__(self) -> None:
        # Wall time keeps counting through sleep, but it is not measured apart
        # from monotonic time: a clock change can move it, and on Windows the
        # monotonic clock counts through sleep as well.
        self._suspend_inclusive = _BOOTTIME or time.time

    @property
    def measures_suspend(self) -> bool:
        return _BOOTTIME is not None

    def monotonic(self) -> float:
        return time.monotonic()

    def suspend_inclusive(self) -> float:
        return self._suspend_inclusive()


class SleepWatch:
    """Notices that the machine slept between two checks.

    A running session can then be paused where it was, instead of jumping ahead
    or silently continuing as if the runner had been stretching all along. A
    process that was only busy (a stalled GUI, a slow disk) is not asleep: the
    session keeps its deadlines and catches up, where the clock can tell.
    """

    def __init__(
        self,
        clock: Clock,
        threshold: float = DEFAULT_SLEEP_THRESHOLD,
        suspend_threshold: float = DEFAULT_SUSPEND_THRESHOLD,
    ) -> None:
        self._clock = clock
        self._threshold = threshold
        self._suspend_threshold = suspend_threshold
        self._last_monotonic = 0.0
        self._last_suspend_inclusive = 0.0
        self.reset()

    @property
    def threshold(self) -> float:
        """The gap taken for a sleep where a suspend can't be measured."""
        return self._threshold

    @property
    def suspend_threshold(self) -> float:
        """The suspend noticed where it can be measured."""
        return self._suspend_threshold

    def reset(self) -> None:
        """Start watching from now (call on start and resume)."""
        self._last_monotonic = self._clock.monotonic()
        self._last_suspend_inclusive = self._clock.suspend_inclusive()

    def check(self) -> float | None:
        """The monotonic time of the previous check if we slept since then, else None.

        The previous check is the last moment we know we were awake. Where the
        clock measures suspend, only a suspend counts: the suspend-inclusive
        clock ran ahead of the monotonic one by more than `suspend_threshold`;
        a jump of both (a stall) does not. Elsewhere either clock jumping by
        more than `threshold` counts, the suspend-inclusive one for macOS,
        whose monotonic clock stops during sleep, and the monotonic one for
        Windows, whose monotonic clock counts through it; there a stall that
        long pauses too. Every call updates the last reading.
        """
        monotonic = self._clock.monotonic()
        suspend_inclusive = self._clock.suspend_inclusive()
        awake_until = self._last_monotonic
        monotonic_gap = monotonic - self._last_monotonic
        suspend_inclusive_gap = suspend_inclusive - self._last_suspend_inclusive
        if self._clock.measures_suspend:
            slept = suspend_inclusive_gap - monotonic_gap > self._suspend_threshold
        else:
            slept = monotonic_gap > self._threshold or suspend_inclusive_gap > self._threshold
        self._last_monotonic = monotonic
        self._last_suspend_inclusive = suspend_inclusive
        return awake_until if slept else None


class ManualClock:
    """A clock that moves only when told: tests run whole routines instantly with it,
    and screenshots show the same moment every time.

    Calling it returns monotonic time, so it can be handed to the session
    engine as its clock directly. `measures_suspend` chooses which system it
    stands for: True, Linux with CLOCK_BOOTTIME; False (the default), a system
    where a suspend can't be told from a stall.
    """

    def __init__(self, start: float = 1000.0, *, measures_suspend: bool = False) -> None:
        self._monotonic = start
        self._suspend_inclusive = start
        self._measures_suspend = measures_suspend

    @property
    def measures_suspend(self) -> bool:
        return self._measures_suspend

    def monotonic(self) -> float:
        return self._monotonic

    def suspend_inclusive(self) -> float:
        return self._suspend_inclusive

    def __call__(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        """Time passes with the machine awake: both clocks move."""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._monotonic += seconds
        self._suspend_inclusive += seconds

    def advance_to(self, monotonic: float) -> None:
        """Set monotonic time to exactly `monotonic` (no float noise from adding)."""
        if monotonic < self._monotonic:
            raise ValueError("a monotonic clock never goes back")
        self._suspend_inclusive += monotonic - self._monotonic
        self._monotonic = monotonic

    def sleep_system(self, seconds: float) -> None:
        """The machine is suspended, as on Linux and macOS: only the suspend-inclusive
        clock moves. (On Windows both move: that is `advance`.)"""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._suspend_inclusive += seconds

    def stall(self, seconds: float) -> None:
        """The process is busy or frozen for `seconds` with the machine awake: both
        clocks jump at once, with no check in between."""
        self.advance(seconds)
