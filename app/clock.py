"""Time sources for the session engine, and noticing that the machine slept.

The engine never reads the time itself: it is handed a clock, so tests can run a
whole routine instantly with a fake one. Two readings are needed because
operating systems disagree about suspend: on Linux and macOS the monotonic clock
stops while the machine sleeps, on Windows it keeps counting.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol

# The session driver checks at least once a second while a session runs, so a
# gap this long between two checks can only mean the machine (or the process)
# was asleep.
DEFAULT_SLEEP_THRESHOLD = 5.0


if sys.platform == "linux":

    def _suspend_inclusive() -> float:
        return time.clock_gettime(time.CLOCK_BOOTTIME)

else:

    def _suspend_inclusive() -> float:
        # No suspend-inclusive monotonic clock everywhere; wall time keeps counting
        # through sleep, and a clock change only causes a harmless pause.
        return time.time()


class Clock(Protocol):
    """Where the engine and its driver get the time from."""

    def monotonic(self) -> float:
        """Seconds that never go back; on Linux/macOS they stop during suspend."""
        ...

    def suspend_inclusive(self) -> float:
        """Seconds that keep counting while the machine is suspended."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def suspend_inclusive(self) -> float:
        return _suspend_inclusive()


class SleepWatch:
    """Notices that the machine slept (or the process was frozen) between two checks.

    A running session can then be paused where it was, instead of jumping ahead
    or silently continuing as if the runner had been stretching all along.
    """

    def __init__(self, clock: Clock, threshold: float = DEFAULT_SLEEP_THRESHOLD) -> None:
        self._clock = clock
        self._threshold = threshold
        self._last_monotonic = 0.0
        self._last_suspend_inclusive = 0.0
        self.reset()

    @property
    def threshold(self) -> float:
        return self._threshold

    def reset(self) -> None:
        """Start watching from now (call on start and resume)."""
        self._last_monotonic = self._clock.monotonic()
        self._last_suspend_inclusive = self._clock.suspend_inclusive()

    def check(self) -> float | None:
        """The monotonic time of the previous check if we slept since then, else None.

        The previous check is the last moment we know we were awake. Either
        clock jumping counts: the suspend-inclusive one covers Linux/macOS, where
        the monotonic clock stops during suspend, and the monotonic one covers
        Windows, where it keeps counting. Every call updates the last reading.
        """
        monotonic = self._clock.monotonic()
        suspend_inclusive = self._clock.suspend_inclusive()
        awake_until = self._last_monotonic
        slept = (
            monotonic - self._last_monotonic > self._threshold
            or suspend_inclusive - self._last_suspend_inclusive > self._threshold
        )
        self._last_monotonic = monotonic
        self._last_suspend_inclusive = suspend_inclusive
        return awake_until if slept else None


class ManualClock:
    """A clock that moves only when told: tests run whole routines instantly with it,
    and screenshots show the same moment every time.

    Calling it returns monotonic time, so it can be handed to the session
    engine as its clock directly.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._monotonic = start
        self._suspend_inclusive = start

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
        """The machine is suspended, as on Linux: only the suspend-inclusive clock moves."""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._suspend_inclusive += seconds
