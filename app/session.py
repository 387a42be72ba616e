"""The session engine: where a warm-up stands at any instant, without Qt.

Time is a deadline, never a tick count. Every phase ends at an absolute
monotonic time, and a view asks "what is shown now?" with `snapshot(now)`;
however late or irregularly it asks, the answer is the same. All deadlines are
one anchor time plus the running sum of the phase durations, so a routine run
without interruption ends at exactly `start + total_seconds(routine)`, to the
float, with no drift accumulated phase by phase.

The clock is injected (a callable returning monotonic seconds), so tests drive
whole routines instantly with a fake one.

One module of about 800 lines, on purpose: the timeline, the commands that move
along it (pause, skip, back, +/-10 s, restore) and the active time all read and
write the same deadlines; split, each half would reach into the other's state.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from app.durations import format_seconds as _seconds
from app.i18n import N_, _, pgettext
from app.routine import SWITCH_SIDES_SECONDS, Hold, Reps, Routine, Sides, Step

# `back` restarts the current step (or side) once it has been under way longer
# than this; sooner, the runner most likely meant the previous one.
BACK_RESTARTS_STEP_AFTER = 2.0
# `adjust` never shortens a phase below this much left, so it cannot end it.
ADJUST_SECONDS = 10.0  # what + and - add to or take from the current phase
MIN_ADJUSTED_REMAINING = 1.0
# Times derived from the clock are rounded to the microsecond, so that float
# noise (a resume leaving 5.000000000001 s) never shows as an extra second.
_DIGITS = 6


class PhaseKind(enum.Enum):
    GET_READY = "get-ready"
    HOLD = "hold"
    SWITCH_SIDES = "switch-sides"
    REPS = "reps"
    REST = "rest"
    DONE = "done"

    @property
    def label(self) -> str:
        """The phase's name as the session page heads it, in the runner's language."""
        return _PHASE_LABELS[self]()

    @property
    def is_work(self) -> bool:
        """Whether the runner is stretching (rather than getting into position)."""
        return self in (PhaseKind.HOLD, PhaseKind.REPS)


# In the "phase" context: "Hold" and "Reps" name the moment here (a heading over
# the stretch), not a dose. Each is looked up when it is shown (the language is
# chosen after the imports); N_ has no form with a context, so the table holds calls.
_PHASE_LABELS: dict[PhaseKind, Callable[[], str]] = {
    PhaseKind.GET_READY: lambda: pgettext("phase", "Get ready"),
    PhaseKind.HOLD: lambda: pgettext("phase", "Hold"),
    PhaseKind.SWITCH_SIDES: lambda: pgettext("phase", "Switch sides"),
    PhaseKind.REPS: lambda: pgettext("phase", "Reps"),
    PhaseKind.REST: lambda: pgettext("phase", "Rest"),
    PhaseKind.DONE: lambda: pgettext("phase", "Done"),
}


class Side(enum.Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def label(self) -> str:
        """ "Left side" or "Right side", in the runner's language."""
        return _(_SIDE_LABELS[self])


_SIDE_LABELS = {Side.LEFT: N_("Left side"), Side.RIGHT: N_("Right side")}


@dataclass(frozen=True)
class Phase:
    """One timed stretch of a session.

    `step_index` is the step the phase is about. GET_READY and REST belong to
    the step that comes next, and SWITCH_SIDES carries the side coming next
    (RIGHT), so that while the runner gets into position the view already
    shows what is coming (cue first).
    """

    kind: PhaseKind
    step_index: int
    duration: float
    side: Side | None = None


def plan_phases(routine: Routine) -> tuple[Phase, ...]:
    """The phases of a routine, in order, with their planned durations.

    Zero-length lead-ins and rests are left out rather than flashed on screen.
    Both-sides steps give each side the full dose. There is no DONE phase.
    """
    phases: list[Phase] = []
    if not routine.steps:
        return ()
    if routine.lead_in > 0:
        phases.append(Phase(PhaseKind.GET_READY, 0, float(routine.lead_in)))
    for index, step in enumerate(routine.steps):
        kind = PhaseKind.REPS if isinstance(step.dose, Reps) else PhaseKind.HOLD
        work = float(step.dose.seconds)
        if step.sides is Sides.BOTH:
            phases.append(Phase(kind, index, work, Side.LEFT))
            phases.append(Phase(PhaseKind.SWITCH_SIDES, index, SWITCH_SIDES_SECONDS, Side.RIGHT))
            phases.append(Phase(kind, index, work, Side.RIGHT))
        else:
            phases.append(Phase(kind, index, work))
        rest = routine.rest_after(index)
        if rest > 0:
            phases.append(Phase(PhaseKind.REST, index + 1, float(rest)))
    return tuple(phases)


def _phase_ends(phases: Sequence[Phase]) -> tuple[float, ...]:
    """Offsets from the session's start at which each phase ends.

    The one running sum that both `total_seconds` and the session's deadlines
    use, so the two agree to the float.
    """
    return tuple(accumulate(phase.duration for phase in phases))


def total_seconds(routine: Routine) -> float:
    """How long a routine takes: the one definition, used everywhere it is shown."""
    ends = _phase_ends(plan_phases(routine))
    return ends[-1] if ends else 0.0


class State(enum.Enum):
    READY = "ready"  # not started yet
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"  # the last phase ended (or was skipped)
    STOPPED = "stopped"  # the runner left early


class PauseReason(enum.Enum):
    USER = "user"
    SLEEP = "sleep"  # the machine slept; the view says why it stopped counting


@dataclass(frozen=True)
class Snapshot:
    """Everything a view needs to draw, at one instant."""

    state: State
    phase: Phase  # Phase(DONE, last step index, 0.0) once finished
    phase_index: int  # len(phases) once finished
    step: Step  # routine.steps[phase.step_index]
    step_number: int  # 1-based
    step_count: int
    remaining: float  # seconds left in the phase (all of it when READY); shown rounded up
    total_remaining: float  # remaining + all later phases
    next_step: Step | None  # the step after `step`
    rep: int | None  # in a REPS phase the current rep, 1-based, at most the count
    pause_reason: PauseReason | None
    # What comes next when it is still this step: RIGHT during the left side and
    # the switch of a both-sides step; None when next is `next_step` (or nothing).
    next_side: Side | None = None

    @property
    def mirrored(self) -> bool:
        """On the right side the view mirrors the picture, which shows the left."""
        return self.phase.side is Side.RIGHT


def _quantize(seconds: float) -> float:
    return round(seconds, _DIGITS)


@dataclass(frozen=True)
class HoldChange:
    """A hold step's time as the runner really held it, and what keeping it saves.

    Only a side held to its end counts (one skipped was not done at its length).
    When the two sides of a both-sides step were held for different times, the
    longer is kept: a routine has one hold for both sides, and the longer one
    shortens neither side the runner chose to lengthen. `left`/`right` are None
    for a one-sided step, or for a side that was skipped.
    """

    step_index: int
    planned: float
    kept: float  # whole seconds within the format's limits: exactly what is saved
    both_sides: bool = False
    left: float | None = None
    right: float | None = None


def describe_hold_change(step: Step, change: HoldChange) -> str:
    """One step's part of what "Keep the new hold times" saves, resolution said.

    "Quad stretch 12 s (was 20 s)", "Calf stretch 40 s each side (was 30 s)",
    "Lunge press 40 s (left 40 s, right 30 s: the longer is kept)",
    "Lunge press 40 s (left 40 s; the right side was skipped)".
    """
    name, kept = step.name, _seconds(change.kept)
    left, right = change.left, change.right
    if not change.both_sides:
        # Translators: a hold the runner changed with + and -, and what it was.
        return _("{name} {kept} (was {planned})").format(
            name=name, kept=kept, planned=_seconds(change.planned)
        )
    if left is not None and right is None:
        return _("{name} {kept} (left {left}; the right side was skipped)").format(
            name=name, kept=kept, left=_seconds(left)
        )
    if right is not None and left is None:
        return _("{name} {kept} (right {right}; the left side was skipped)").format(
            name=name, kept=kept, right=_seconds(right)
        )
    if left is not None and right is not None and left != right:
        return _("{name} {kept} (left {left}, right {right}: the longer is kept)").format(
            name=name, kept=kept, left=_seconds(left), right=_seconds(right)
        )
    return _("{name} {kept} each side (was {planned})").format(
        name=name, kept=kept, planned=_seconds(change.planned)
    )


def describe_hold_changes(routine: Routine, changes: Sequence[HoldChange]) -> str:
    """All of what "Keep the new hold times" saves, in step order, "; " between steps."""
    # Translators: what is put between the steps of "New hold times to keep: ...".
    return _("; ").join(
        describe_hold_change(routine.steps[change.step_index], change)
        for change in sorted(changes, key=lambda change: change.step_index)
    )


def _saved_hold(seconds: float) -> float:
    """A hold as the routine file keeps it (whole seconds, within limits)."""
    # Imported here: app.editing imports this module for total_seconds.
    from app.editing import clamp_hold

    return clamp_hold(seconds)


def _side_to_come(phase: Phase) -> Side | None:
    """RIGHT while the left side or the switch of a both-sides step is on: the
    step is not over, so what comes next is its right side, not the next step."""
    if phase.kind is PhaseKind.SWITCH_SIDES or (phase.kind.is_work and phase.side is Side.LEFT):
        return Side.RIGHT
    return None


def _current_rep(phase: Phase, step: Step, elapsed: float) -> int | None:
    """The rep under way `elapsed` seconds into a REPS phase; None in other phases.

    The quotient is rounded like the times, so a rep begins exactly on its beat
    even when the tempo (0.7 s, say) has no exact binary form.
    """
    if phase.kind is not PhaseKind.REPS or not isinstance(step.dose, Reps):
        return None
    started = math.floor(_quantize(elapsed / step.dose.tempo)) + 1
    return max(1, min(step.dose.count, started))


class Session:
    """One run through a routine, driven by commands and read through snapshots.

    Nothing happens on its own: phases whose deadline has passed are caught up
    lazily by `snapshot()` and by every command. The properties report the
    session as of that last catch-up.
    """

    # What a run changes, all set by `_reset_to_plan` (from the constructor, and
    # again on restart): the phases with their current durations and offsets,
    # where the run stands, and what it has done so far.
    _state: State
    _phases: list[Phase]
    _starts: tuple[float, ...]
    _ends: tuple[float, ...]
    _index: int
    _remaining: float  # not read once DONE: the snapshot shows 0 left then
    # Why the run is paused: read only while PAUSED, and set on every way into it.
    _pause_reason: PauseReason | None
    _completed: set[int]
    # Work phase index -> its duration the last time it ran to its end.
    _held: dict[int, float]
    _started_at: float | None
    _finished_at: float | None
    # Active time: seconds spent RUNNING, banked at each pause, stop and finish
    # (`_running_since` is when the running stretch under way began), and the
    # part of it a resumed session had run before it was lost.
    _active: float
    _running_since: float | None
    _carried: float
    # While RUNNING, phase i ends at _anchor + _ends[i]: set whenever the session
    # starts running (start, restart, resume), moved by a skip or back while it
    # runs, and read only then. Otherwise the phase's time left is in _remaining.
    _anchor: float

    def __init__(self, routine: Routine, clock: Callable[[], float]) -> None:
        if not routine.steps:
            raise ValueError(f"routine {routine.id!r} has no steps")
        self._routine = routine
        self._clock = clock
        self._planned = plan_phases(routine)
        self._done_phase = Phase(PhaseKind.DONE, len(routine.steps) - 1, 0.0)
        self._first_work_of_step: dict[int, int] = {}
        self._last_work_of_step: dict[int, int] = {}
        for index, phase in enumerate(self._planned):
            if phase.kind.is_work:
                self._first_work_of_step.setdefault(phase.step_index, index)
                self._last_work_of_step[phase.step_index] = index
        self._revision = 0
        self._reset_to_plan()

    # -- reading -------------------------------------------------------------

    @property
    def routine(self) -> Routine:
        return self._routine

    @property
    def state(self) -> State:
        return self._state

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases with their current durations, adjustments included."""
        return tuple(self._phases)

    @property
    def revision(self) -> int:
        """Bumped by every command that changes timing, so cue schedules can be redone."""
        return self._revision

    @property
    def completed_steps(self) -> tuple[int, ...]:
        """Steps whose last work phase ran to its end (skipped ones do not count).

        For a both-sides step that is its right side: the left side alone does
        not complete it, and skipping the left but holding the right does.
        """
        return tuple(sorted(self._completed))

    @property
    def started_at(self) -> float | None:
        return self._started_at

    @property
    def finished_at(self) -> float | None:
        """When the last phase ended, or when the runner stopped; None until then."""
        return self._finished_at

    def active_seconds(self, now: float | None = None) -> float:
        """Seconds spent running as of `now` (default: the clock), pauses left out, the
        stretch under way included, and the time a resumed session had run before it
        was lost: the one "time spent" the done page and the history both show."""
        if now is None:
            now = self._clock()
        self._catch_up(now)
        if self._running_since is None:
            return _quantize(self._active)
        return _quantize(self._active + max(0.0, now - self._running_since))

    def paused_seconds(self, now: float | None = None) -> float:
        """Seconds this run has spent paused since it started (a resumed one: since it
        was resumed, not the time the app lay closed); 0 before the start."""
        if now is None:
            now = self._clock()
        self._catch_up(now)
        if self._started_at is None:
            return 0.0
        end = now if self._finished_at is None else self._finished_at
        ran = self.active_seconds(now) - self._carried
        return _quantize(max(0.0, end - self._started_at - ran))

    def hold_changes(self) -> tuple[HoldChange, ...]:
        """The hold steps whose time, as really held, differs from the plan.

        What was held is each side's time when it last ran to its end, `adjust`
        included; a side skipped does not count, and a step with no side held
        is left out. Two sides held differently: the longer is kept (see
        HoldChange). A step that comes back to its planned time (once saved in
        whole seconds) is left out too: there is nothing to offer to keep.
        """
        changes: list[HoldChange] = []
        for step_index, step in enumerate(self._routine.steps):
            if not isinstance(step.dose, Hold):
                continue
            held = {
                phase.side: self._held.get(index)
                for index, phase in enumerate(self._phases)
                if phase.step_index == step_index and phase.kind is PhaseKind.HOLD
            }
            done = [seconds for seconds in held.values() if seconds is not None]
            if not done:
                continue
            kept = _saved_hold(max(done))
            if kept == step.dose.seconds:
                continue
            # A one-sided step's hold has no side: it has no left or right to give.
            changes.append(
                HoldChange(
                    step_index=step_index,
                    planned=float(step.dose.seconds),
                    kept=kept,
                    both_sides=step.sides is Sides.BOTH,
                    left=held.get(Side.LEFT),
                    right=held.get(Side.RIGHT),
                )
            )
        return tuple(changes)

    def adjusted_holds(self) -> dict[int, float]:
        """Step index -> hold seconds to save, for steps in `hold_changes`."""
        return {change.step_index: change.kept for change in self.hold_changes()}

    def snapshot(self, now: float | None = None) -> Snapshot:
        """What a view shows at `now` (default: the clock), after catching up to it."""
        if now is None:
            now = self._clock()
        self._catch_up(now)
        routine = self._routine
        if self._state is State.DONE:
            phase = self._done_phase
            remaining = 0.0
            later = 0.0
        else:
            phase = self._phases[self._index]
            remaining = self._remaining_at(now)
            later = self._ends[-1] - self._ends[self._index]
        step = routine.steps[phase.step_index]
        next_index = phase.step_index + 1
        return Snapshot(
            state=self._state,
            phase=phase,
            phase_index=self._index,
            step=step,
            step_number=phase.step_index + 1,
            step_count=len(routine.steps),
            remaining=remaining,
            total_remaining=remaining + later,
            next_step=routine.steps[next_index] if next_index < len(routine.steps) else None,
            rep=_current_rep(phase, step, phase.duration - remaining),
            pause_reason=self._pause_reason if self._state is State.PAUSED else None,
            next_side=_side_to_come(phase),
        )

    def next_change_at(self) -> float | None:
        """When a running session's snapshot next shows something different.

        That is the next whole second of the countdown (shown rounded up), the
        next rep, or the end of the phase, whichever comes first. A view arms
        one single-shot timer for it. None unless running.
        """
        now = self._clock()
        self._catch_up(now)
        if self._state is not State.RUNNING:
            return None
        phase = self._phases[self._index]
        step = self._routine.steps[phase.step_index]
        deadline = self._deadline()
        remaining = self._remaining_at(now)
        candidates = [deadline]
        next_whole_second = math.ceil(remaining) - 1
        if next_whole_second >= 1:
            candidates.append(deadline - next_whole_second)
        rep = _current_rep(phase, step, phase.duration - remaining)
        if rep is not None and isinstance(step.dose, Reps) and rep < step.dose.count:
            candidates.append(deadline - (phase.duration - rep * step.dose.tempo))
        # Float rounding can put a candidate a hair before the change it
        # predicts; creep forward until the view really changes, so a timer
        # never fires to find nothing new (and never re-arms for the past).
        change_at = max(min(candidates), math.nextafter(now, math.inf))
        shown_now = self._shown_at(now)
        step_size = math.ulp(change_at)
        while change_at < deadline and self._shown_at(change_at) == shown_now:
            change_at += step_size
            step_size *= 2
        return min(change_at, deadline)

    def upcoming(self) -> list[tuple[float, int, Phase]]:
        """(start time, phase index, phase) of every later phase, then (end, -1, DONE).

        For scheduling cues by time while running; empty otherwise. The times
        are the very deadlines the session advances on.
        """
        now = self._clock()
        self._catch_up(now)
        if self._state is not State.RUNNING:
            return []
        schedule = [
            (self._anchor + self._starts[index], index, self._phases[index])
            for index in range(self._index + 1, len(self._phases))
        ]
        schedule.append((self._anchor + self._ends[-1], -1, self._done_phase))
        return schedule

    # -- commands ------------------------------------------------------------

    def start(self) -> None:
        """READY -> RUNNING; the first phase runs from now."""
        if self._state is not State.READY:
            return
        now = self._clock()
        self._state = State.RUNNING
        self._anchor = now  # the first phase starts at offset 0
        self._started_at = now
        self._running_since = now
        self._revision += 1

    def pause(self, reason: PauseReason = PauseReason.USER, at: float | None = None) -> None:
        """RUNNING -> PAUSED, as of `at` (default now).

        An earlier `at` is for sleep: the session stops where it was when we
        were last known awake, and phases are only advanced up to then. It
        cannot go back before the start of the phase already being shown.
        """
        now = self._clock()
        at = now if at is None else min(at, now)
        self._catch_up(at)
        if self._state is not State.RUNNING:
            return
        at = max(at, self._anchor + self._starts[self._index])
        # Unrounded, so that pausing any number of times loses no time at all.
        self._remaining = self._exact_remaining_at(at)
        self._bank_running(at)
        self._state = State.PAUSED
        self._pause_reason = reason
        self._revision += 1

    def resume(self) -> None:
        """PAUSED -> RUNNING; the phase goes on from where it was paused."""
        if self._state is not State.PAUSED:
            return
        now = self._clock()
        self._anchor = now + self._remaining - self._ends[self._index]
        self._running_since = now
        self._state = State.RUNNING
        self._revision += 1

    def toggle(self) -> None:
        """The Space key: start, pause, resume, or go again once done.

        A session that finished in the very instant the key was pressed stays
        DONE, rather than starting over on a press meant as "pause".
        """
        was_running = self._state is State.RUNNING
        self._catch_up(self._clock())
        if self._state is State.READY:
            self.start()
        elif self._state is State.RUNNING:
            self.pause()
        elif self._state is State.PAUSED:
            self.resume()
        elif self._state is State.DONE and not was_running:
            self.restart()

    def skip(self) -> None:
        """Move on: from a get-ready, rest or switch to its work; from work, past the step.

        Each side of a both-sides step is skipped on its own: from the left side
        to the switch (then the right side), from the right side past the step.
        A step whose right side is skipped is not completed. Paused stays
        paused, at the start of the new phase.
        """
        now = self._clock()
        self._catch_up(now)
        if self._state not in (State.RUNNING, State.PAUSED):
            return
        phase = self._phases[self._index]
        if phase.kind.is_work and phase.side is not Side.LEFT:
            target = self._last_work_of_step[phase.step_index] + 1
        else:
            target = self._index + 1
        self._go_to(target, now)
        self._revision += 1

    def back(self) -> None:
        """Redo the current step (or side) if it is under way, else go to the one before.

        "Under way" means more than BACK_RESTARTS_STEP_AFTER seconds into it.
        Sides count on their own, as with `skip`: on the right side, back
        redoes the right side (just begun: back to the left side); during the
        switch, the right side is still to come, so back redoes the left side.
        From a get-ready or rest, the step shown is still to come, so back goes
        to the previous step, from its beginning (the left side if it has two).
        With no previous step, back to the very start.
        """
        now = self._clock()
        self._catch_up(now)
        if self._state not in (State.RUNNING, State.PAUSED):
            return
        phase = self._phases[self._index]
        first_work = self._first_work_of_step[phase.step_index]
        elapsed_in_phase = phase.duration - self._remaining_at(now)
        if phase.kind is PhaseKind.SWITCH_SIDES:
            target = first_work
        elif phase.kind.is_work and phase.side is Side.RIGHT:
            right_started = elapsed_in_phase > BACK_RESTARTS_STEP_AFTER
            target = self._index if right_started else first_work
        elif phase.kind.is_work and elapsed_in_phase > BACK_RESTARTS_STEP_AFTER:
            target = first_work
        elif phase.step_index > 0:
            target = self._first_work_of_step[phase.step_index - 1]
        else:
            target = 0
        self._go_to(target, now)
        self._revision += 1

    def restart(self) -> None:
        """Go again from the first phase with the planned times, running."""
        now = self._clock()
        self._reset_to_plan()
        self._state = State.RUNNING
        self._anchor = now  # the first phase starts at offset 0
        self._started_at = now
        self._running_since = now
        self._revision += 1

    def restore(
        self,
        phase_index: int,
        remaining: float,
        *,
        durations: Sequence[float] | None = None,
        completed: Sequence[int] = (),
        active_seconds: float = 0.0,
    ) -> None:
        """READY -> PAUSED at phase `phase_index` with `remaining` seconds left: picking
        up a session the app lost (closed or crashed). It counts as started now.

        `durations` (every phase's, as adjusted then), `completed` (step indexes)
        and `active_seconds` (the time it had run, carried on) come from the record
        too. ValueError when they do not fit this routine; `remaining` is capped at
        the phase's duration.
        """
        if self._state is not State.READY:
            raise ValueError(f"only a session not yet started can be restored, not {self._state}")
        if not 0 <= phase_index < len(self._phases):
            raise ValueError(f"phase {phase_index} is not in this session")
        if not remaining > 0:  # also rejects NaN
            raise ValueError(f"remaining must be positive, got {remaining}")
        if durations is not None:
            if len(durations) != len(self._phases) or not all(d > 0 for d in durations):
                raise ValueError("the phase durations do not fit this routine")
            self._phases = [
                replace(phase, duration=_quantize(durations[index]))
                for index, phase in enumerate(self._phases)
            ]
            self._update_offsets()
        if any(not 0 <= step < len(self._routine.steps) for step in completed):
            raise ValueError("a completed step is not in this routine")
        if not 0 <= active_seconds < math.inf:  # also rejects NaN
            raise ValueError(f"active seconds must be 0 or more, got {active_seconds}")
        self._index = phase_index
        self._remaining = min(self._phases[phase_index].duration, _quantize(remaining))
        self._completed = set(completed)
        # The record does not say which sides ran to their end; the work before
        # this phase of a completed step, or of this step, most likely did.
        current_step = self._phases[phase_index].step_index
        self._held = {
            index: phase.duration
            for index, phase in enumerate(self._phases[:phase_index])
            if phase.kind.is_work
            and (phase.step_index in self._completed or phase.step_index == current_step)
        }
        self._started_at = self._clock()
        self._active = self._carried = _quantize(active_seconds)
        self._state = State.PAUSED
        self._pause_reason = PauseReason.USER
        self._revision += 1

    def stop(self) -> None:
        """The runner left early: the session freezes where it was, as STOPPED."""
        now = self._clock()
        self._catch_up(now)
        if self._state in (State.DONE, State.STOPPED):
            return
        self._remaining = self._exact_remaining_at(now)
        self._bank_running(now)
        if self._started_at is not None:
            self._finished_at = now
        self._state = State.STOPPED
        self._revision += 1

    def adjust(self, delta: float) -> None:
        """Give the current phase `delta` more (or fewer) seconds.

        At least MIN_ADJUSTED_REMAINING seconds stay left, and a negative delta
        never lengthens a phase that already has less than that. The phase's
        duration changes by what was actually applied.
        """
        now = self._clock()
        self._catch_up(now)
        if self._state not in (State.RUNNING, State.PAUSED):
            return
        remaining = self._remaining_at(now)
        wanted = max(MIN_ADJUSTED_REMAINING, remaining + delta)
        if delta < 0:
            wanted = min(wanted, remaining)
        applied = _quantize(wanted - remaining)
        if applied == 0:
            return
        phase = self._phases[self._index]
        self._phases[self._index] = replace(phase, duration=_quantize(phase.duration + applied))
        self._update_offsets()
        # Running, the deadline moved with the phase's end offset; paused, the
        # time left is kept directly.
        if self._state is State.PAUSED:
            self._remaining += applied
        self._revision += 1

    # -- inner workings ------------------------------------------------------

    def _reset_to_plan(self) -> None:
        self._phases = list(self._planned)
        self._update_offsets()
        self._index = 0
        self._remaining = self._phases[0].duration
        self._pause_reason = None
        self._completed = set()
        self._held = {}
        self._started_at = None
        self._finished_at = None
        self._active = self._carried = 0.0
        self._running_since = None
        self._state = State.READY

    def _update_offsets(self) -> None:
        self._ends = _phase_ends(self._phases)
        # Each phase starts at exactly the offset where the previous one ends.
        self._starts = (0.0, *self._ends[:-1])

    def _deadline(self) -> float:
        return self._anchor + self._ends[self._index]

    def _exact_remaining_at(self, now: float) -> float:
        """Time left in the current phase, unrounded: what pausing keeps."""
        if self._state is not State.RUNNING:
            return self._remaining
        duration = self._phases[self._index].duration
        return min(duration, max(0.0, self._deadline() - now))

    def _remaining_at(self, now: float) -> float:
        """Time left in the current phase, as shown (rounded to the microsecond)."""
        return _quantize(self._exact_remaining_at(now))

    def _shown_at(self, now: float) -> tuple[int, int | None]:
        """What a view draws of the current phase at `now`: countdown and rep."""
        phase = self._phases[self._index]
        remaining = self._remaining_at(now)
        step = self._routine.steps[phase.step_index]
        return math.ceil(remaining), _current_rep(phase, step, phase.duration - remaining)

    def _catch_up(self, now: float) -> None:
        """Advance through every phase whose deadline is not after `now`."""
        if self._state is not State.RUNNING:
            return
        while now >= (deadline := self._deadline()):
            ended = self._phases[self._index]
            if ended.kind.is_work:
                self._held[self._index] = ended.duration
            if self._last_work_of_step.get(ended.step_index) == self._index:
                self._completed.add(ended.step_index)
            if self._index + 1 == len(self._phases):
                self._finish(deadline)
                return
            self._index += 1

    def _go_to(self, index: int, now: float) -> None:
        """Jump to the start of phase `index` (or finish), keeping running/paused."""
        if index >= len(self._phases):
            self._finish(now)
            return
        self._index = index
        if self._state is State.RUNNING:
            self._anchor = now - self._starts[index]
        else:
            self._remaining = self._phases[index].duration

    def _bank_running(self, at: float) -> None:
        """Add the running stretch that ends at `at` to the active time."""
        if self._running_since is not None:
            self._active += max(0.0, at - self._running_since)
            self._running_since = None

    def _finish(self, at: float) -> None:
        self._bank_running(at)
        self._state = State.DONE
        self._index = len(self._phases)
        self._finished_at = at
