"""The time a session really takes: the routine's own, with the runner's get-ready and rest.

Settings may override every routine's lead-in and rest (the file is never
changed). Whatever shows a routine's length or filters by it (the list, the
details, the editor, the "up to N min" filter, the builder) asks
`session_seconds`, and the session runs `with_overrides`, so the time shown is
the time the session takes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.routine import MAX_PAUSE, Routine
from app.session import total_seconds


@dataclass(frozen=True)
class TimingOverrides:
    """The runner's lead-in and rest for every session; None: the routine's own.

    A step's own rest (`Step.rest`) still applies: the override replaces only
    the routine-wide rest between stretches.
    """

    lead_in: float | None = None
    rest: float | None = None

    def __post_init__(self) -> None:
        for name, seconds in (("lead-in", self.lead_in), ("rest", self.rest)):
            if seconds is not None and not 0 <= seconds <= MAX_PAUSE:
                raise ValueError(f"a {name} is 0 to {MAX_PAUSE:g} seconds, not {seconds:g}")

    @classmethod
    def from_settings(cls, lead_in: int, rest: int) -> TimingOverrides:
        """From the settings' whole seconds, where below 0 (they store -1) means the
        routine's own. A number past the longest pause (edited by hand) is taken as
        the longest, which is what the settings dialog shows for it."""
        return cls(_seconds_or_none(lead_in), _seconds_or_none(rest))

    @property
    def overrides_anything(self) -> bool:
        return self.lead_in is not None or self.rest is not None


NO_OVERRIDES = TimingOverrides()


def _seconds_or_none(value: int) -> float | None:
    return None if value < 0 else float(min(value, MAX_PAUSE))


def with_overrides(routine: Routine, overrides: TimingOverrides) -> Routine:
    """The routine as a session runs it: the overridden lead-in and rest in place of its own."""
    if overrides.lead_in is not None:
        routine = replace(routine, lead_in=overrides.lead_in)
    if overrides.rest is not None:
        routine = replace(routine, rest=overrides.rest)
    return routine


def timed(routine: Routine, lead_in_setting: int, rest_setting: int) -> Routine:
    """The routine as a session runs it, with the get-ready and rest the runner set
    in Settings (whole seconds, below 0: the routine's own).

    They override what the routine says for this session only: a step's own rest
    still applies, and the routine's file is never changed.
    """
    return with_overrides(routine, TimingOverrides.from_settings(lead_in_setting, rest_setting))


def session_seconds(routine: Routine, overrides: TimingOverrides) -> float:
    """How long a session of `routine` takes with `overrides`: the one total every view shows."""
    return total_seconds(with_overrides(routine, overrides))
