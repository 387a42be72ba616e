"""The session engine, driven by a fake clock: whole routines run instantly."""

from __future__ import annotations

import math
import random
import re
from typing import Any

import pytest

from app.clock import SleepWatch
from app.routine import SWITCH_SIDES_SECONDS, Hold, Reps, Routine, Sides, Step
from app.session import (
    HoldChange,
    PauseReason,
    Phase,
    PhaseKind,
    Session,
    Side,
    Snapshot,
    State,
    describe_hold_change,
    describe_hold_changes,
    plan_phases,
    total_seconds,
)
from tests.fakes import FakeClock

T0 = 1000.0

GET_READY = PhaseKind.GET_READY
HOLD = PhaseKind.HOLD
SWITCH = PhaseKind.SWITCH_SIDES
REPS = PhaseKind.REPS
REST = PhaseKind.REST
DONE = PhaseKind.DONE
LEFT = Side.LEFT
RIGHT = Side.RIGHT


def hold(name: str, seconds: float, sides: Sides = Sides.ONE, rest: float | None = None) -> Step:
    return Step(name=name, instructions=f"Do {name}.", dose=Hold(seconds), sides=sides, rest=rest)


def reps(
    name: str, count: int, tempo: float, sides: Sides = Sides.ONE, rest: float | None = None
) -> Step:
    return Step(
        name=name, instructions=f"Do {name}.", dose=Reps(count, tempo), sides=sides, rest=rest
    )


def make_routine(*steps: Step, lead_in: float = 10.0, rest: float = 5.0) -> Routine:
    return Routine(id="test", title="Test", steps=steps, lead_in=lead_in, rest=rest)


# The routine most tests use. Phase table (offsets from the start, seconds):
#  0 GET_READY  step 0        0 -  10
#  1 REPS       step 0       10 -  30   10 reps at 2 s
#  2 REST       step 1       30 -  35
#  3 HOLD  L    step 1       35 -  65
#  4 SWITCH R   step 1       65 -  70
#  5 HOLD  R    step 1       70 - 100
#  6 REST       step 2      100 - 105
#  7 REPS  L    step 2      105 - 117   8 reps at 1.5 s
#  8 SWITCH R   step 2      117 - 122
#  9 REPS  R    step 2      122 - 134
# 10 REST       step 3      134 - 139
# 11 HOLD       step 3      139 - 159
WARMUP = make_routine(
    reps("Hip circles", 10, 2.0),
    hold("Calf stretch", 30, Sides.BOTH),
    reps("Leg swings", 8, 1.5, Sides.BOTH),
    hold("Quad stretch", 20),
)
WARMUP_TOTAL = 159.0
WARMUP_PLAN = [
    (GET_READY, 0, 10.0, None),
    (REPS, 0, 20.0, None),
    (REST, 1, 5.0, None),
    (HOLD, 1, 30.0, LEFT),
    (SWITCH, 1, 5.0, RIGHT),
    (HOLD, 1, 30.0, RIGHT),
    (REST, 2, 5.0, None),
    (REPS, 2, 12.0, LEFT),
    (SWITCH, 2, 5.0, RIGHT),
    (REPS, 2, 12.0, RIGHT),
    (REST, 3, 5.0, None),
    (HOLD, 3, 20.0, None),
]
WARMUP_STARTS = [0.0, 10.0, 30.0, 35.0, 65.0, 70.0, 100.0, 105.0, 117.0, 122.0, 134.0, 139.0]


def table(phases: tuple[Phase, ...]) -> list[tuple[PhaseKind, int, float, Side | None]]:
    return [(phase.kind, phase.step_index, phase.duration, phase.side) for phase in phases]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=T0)


def started(routine: Routine, clock: FakeClock) -> Session:
    session = Session(routine, clock)
    session.start()
    return session


def at(clock: FakeClock, session: Session, offset: float) -> Snapshot:
    """Move the clock to T0 + offset and look."""
    clock.advance_to(T0 + offset)
    return session.snapshot()


def completed(session: Session) -> tuple[int, ...]:
    # A call, not the property: mypy would narrow a property across commands.
    return session.completed_steps


def shown(snapshot: Snapshot) -> tuple[int, int, int | None]:
    """What a view draws that changes with time: phase, countdown (rounded up), rep."""
    return snapshot.phase_index, math.ceil(snapshot.remaining), snapshot.rep


# -- phase kinds and sides ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "label", "is_work"),
    [
        (GET_READY, "Get ready", False),
        (HOLD, "Hold", True),
        (SWITCH, "Switch sides", False),
        (REPS, "Reps", True),
        (REST, "Rest", False),
        (DONE, "Done", False),
    ],
)
def test_phase_kind_label_and_work(kind: PhaseKind, label: str, is_work: bool) -> None:
    assert kind.label == label
    assert kind.is_work is is_work


def test_side_labels() -> None:
    assert (Side.LEFT.label, Side.RIGHT.label) == ("Left side", "Right side")


# -- planning -----------------------------------------------------------------


def test_plan_of_a_mixed_routine() -> None:
    assert table(plan_phases(WARMUP)) == WARMUP_PLAN


def test_switch_sides_lasts_the_fixed_switch_time() -> None:
    switches = [phase for phase in plan_phases(WARMUP) if phase.kind is SWITCH]
    assert [phase.duration for phase in switches] == [SWITCH_SIDES_SECONDS] * 2


def test_plan_omits_zero_lead_in_and_zero_rest() -> None:
    routine = make_routine(hold("A", 30), hold("B", 20, Sides.BOTH), lead_in=0, rest=0)
    assert table(plan_phases(routine)) == [
        (HOLD, 0, 30.0, None),
        (HOLD, 1, 20.0, LEFT),
        (SWITCH, 1, 5.0, RIGHT),
        (HOLD, 1, 20.0, RIGHT),
    ]


def test_a_steps_own_rest_overrides_the_routines() -> None:
    routine = make_routine(
        hold("A", 30, rest=0), hold("B", 30, rest=12), hold("C", 30), hold("D", 30, rest=99)
    )
    assert table(plan_phases(routine)) == [
        (GET_READY, 0, 10.0, None),
        (HOLD, 0, 30.0, None),
        (HOLD, 1, 30.0, None),
        (REST, 2, 12.0, None),
        (HOLD, 2, 30.0, None),
        (REST, 3, 5.0, None),
        (HOLD, 3, 30.0, None),  # no rest after the last step, whatever it says
    ]


def test_plan_of_a_single_step_routine() -> None:
    routine = make_routine(reps("Squats", 15, 2.0))
    assert table(plan_phases(routine)) == [(GET_READY, 0, 10.0, None), (REPS, 0, 30.0, None)]


@pytest.mark.parametrize(
    ("routine", "total"),
    [
        (WARMUP, WARMUP_TOTAL),
        (make_routine(hold("A", 30)), 40.0),
        (make_routine(hold("A", 30), lead_in=0), 30.0),
        (make_routine(hold("A", 30, Sides.BOTH), hold("B", 10), rest=0, lead_in=3), 78.0),
        (make_routine(reps("A", 7, 1.5)), 20.5),
    ],
)
def test_total_seconds_is_the_sum_of_the_plan(routine: Routine, total: float) -> None:
    assert total_seconds(routine) == total
    assert total_seconds(routine) == sum(phase.duration for phase in plan_phases(routine))


def test_a_routine_without_steps_plans_nothing_and_cannot_run(clock: FakeClock) -> None:
    empty = make_routine()
    assert plan_phases(empty) == ()
    assert total_seconds(empty) == 0.0
    with pytest.raises(ValueError, match="no steps"):
        Session(empty, clock)


# -- before the start ---------------------------------------------------------


def test_a_new_session_is_ready_at_the_first_phase_in_full(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    clock.advance(500.0)  # nothing runs before start()
    snapshot = session.snapshot()
    assert snapshot.state is State.READY
    assert (snapshot.phase.kind, snapshot.phase_index) == (GET_READY, 0)
    assert snapshot.step.name == "Hip circles"
    assert (snapshot.step_number, snapshot.step_count) == (1, 4)
    assert snapshot.next_step is not None
    assert snapshot.next_step.name == "Calf stretch"
    assert (snapshot.remaining, snapshot.total_remaining) == (10.0, WARMUP_TOTAL)
    assert (snapshot.rep, snapshot.pause_reason, snapshot.mirrored) == (None, None, False)
    assert session.next_change_at() is None
    assert session.upcoming() == []
    assert (session.started_at, session.finished_at) == (None, None)
    assert session.routine is WARMUP
    assert table(session.phases) == WARMUP_PLAN
    assert session.revision == 0


def test_start_runs_the_first_phase_from_now(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    clock.advance(42.0)
    session.start()
    assert session.state is State.RUNNING
    assert session.started_at == T0 + 42.0
    clock.advance(3.0)
    assert session.snapshot().remaining == 7.0


def test_start_only_starts_once(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 4.0)
    session.start()
    assert session.revision == 1
    assert session.started_at == T0
    assert session.snapshot().remaining == 6.0


# -- running through ----------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "index", "kind", "side", "step_name", "next_name", "next_side", "remaining"),
    [
        (0.0, 0, GET_READY, None, "Hip circles", "Calf stretch", None, 10.0),
        (9.5, 0, GET_READY, None, "Hip circles", "Calf stretch", None, 0.5),
        (10.0, 1, REPS, None, "Hip circles", "Calf stretch", None, 20.0),
        (30.0, 2, REST, None, "Calf stretch", "Leg swings", None, 5.0),
        # During the left side and the switch, what comes next is the right side.
        (40.0, 3, HOLD, LEFT, "Calf stretch", "Leg swings", RIGHT, 25.0),
        (66.0, 4, SWITCH, RIGHT, "Calf stretch", "Leg swings", RIGHT, 4.0),
        (99.75, 5, HOLD, RIGHT, "Calf stretch", "Leg swings", None, 0.25),
        (100.0, 6, REST, None, "Leg swings", "Quad stretch", None, 5.0),
        (105.0, 7, REPS, LEFT, "Leg swings", "Quad stretch", RIGHT, 12.0),
        (120.0, 8, SWITCH, RIGHT, "Leg swings", "Quad stretch", RIGHT, 2.0),
        (122.5, 9, REPS, RIGHT, "Leg swings", "Quad stretch", None, 11.5),
        (135.0, 10, REST, None, "Quad stretch", None, None, 4.0),
        (158.0, 11, HOLD, None, "Quad stretch", None, None, 1.0),
    ],
)
def test_snapshot_through_the_routine(
    clock: FakeClock,
    offset: float,
    index: int,
    kind: PhaseKind,
    side: Side | None,
    step_name: str,
    next_name: str | None,
    next_side: Side | None,
    remaining: float,
) -> None:
    session = started(WARMUP, clock)
    snapshot = at(clock, session, offset)
    assert snapshot.state is State.RUNNING
    assert (snapshot.phase_index, snapshot.phase.kind, snapshot.phase.side) == (index, kind, side)
    assert snapshot.step.name == step_name
    assert snapshot.step is WARMUP.steps[snapshot.phase.step_index]
    assert snapshot.step_number == snapshot.phase.step_index + 1
    assert (snapshot.next_step.name if snapshot.next_step else None) == next_name
    assert snapshot.next_side is next_side
    assert snapshot.remaining == remaining
    assert snapshot.total_remaining == WARMUP_TOTAL - offset


def test_a_phase_ends_exactly_at_its_deadline(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    before = session.snapshot(math.nextafter(T0 + 10.0, 0.0))
    assert before.phase_index == 0
    assert before.remaining == 0.0  # a hair before the end, shown as 0:00
    after = session.snapshot(T0 + 10.0)
    assert (after.phase_index, after.remaining) == (1, 20.0)


def test_snapshot_far_in_the_future_goes_straight_to_done(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    snapshot = at(clock, session, 10_000.0)
    assert snapshot.state is State.DONE
    assert session.state is State.DONE
    assert snapshot.phase == Phase(DONE, 3, 0.0)
    assert snapshot.phase_index == len(session.phases)
    assert snapshot.step.name == "Quad stretch"
    assert (snapshot.step_number, snapshot.step_count, snapshot.next_step) == (4, 4, None)
    assert (snapshot.remaining, snapshot.total_remaining, snapshot.rep) == (0.0, 0.0, None)
    assert completed(session) == (0, 1, 2, 3)
    assert session.finished_at == T0 + WARMUP_TOTAL
    assert session.next_change_at() is None
    assert session.upcoming() == []


def test_finishing_exactly_at_the_end(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    assert at(clock, session, WARMUP_TOTAL - 0.001).state is State.RUNNING
    assert at(clock, session, WARMUP_TOTAL).state is State.DONE
    assert session.finished_at == T0 + WARMUP_TOTAL


@pytest.mark.parametrize(
    ("offset", "steps"),
    [
        (29.9, ()),
        (30.0, (0,)),
        (69.0, (0,)),  # the left side alone does not complete a both-sides step
        (100.0, (0, 1)),
        (133.9, (0, 1)),
        (134.0, (0, 1, 2)),
        (159.0, (0, 1, 2, 3)),
    ],
)
def test_a_step_completes_when_its_last_work_phase_ends(
    clock: FakeClock, offset: float, steps: tuple[int, ...]
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    assert completed(session) == steps


def test_a_single_step_routine_runs_to_done(clock: FakeClock) -> None:
    session = started(make_routine(hold("Only", 30)), clock)
    snapshot = at(clock, session, 5.0)
    assert (snapshot.phase.kind, snapshot.next_step) == (GET_READY, None)
    snapshot = at(clock, session, 39.0)
    assert (snapshot.phase.kind, snapshot.remaining) == (HOLD, 1.0)
    assert at(clock, session, 40.0).state is State.DONE
    assert completed(session) == (0,)


def test_no_lead_in_starts_with_the_work(clock: FakeClock) -> None:
    session = started(make_routine(hold("A", 30), hold("B", 30), lead_in=0, rest=0), clock)
    assert session.snapshot().phase.kind is HOLD
    snapshot = at(clock, session, 30.0)
    assert (snapshot.phase.kind, snapshot.step.name, snapshot.remaining) == (HOLD, "B", 30.0)


def test_total_remaining_is_always_remaining_plus_later_phases(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    offset = 0.0
    while offset < WARMUP_TOTAL:
        snapshot = at(clock, session, offset)
        later = session.phases[snapshot.phase_index + 1 :]
        assert snapshot.total_remaining == pytest.approx(
            snapshot.remaining + sum(phase.duration for phase in later), abs=1e-9
        )
        assert snapshot.total_remaining == pytest.approx(WARMUP_TOTAL - offset, abs=1e-9)
        offset += 0.7


# -- reps and sides -----------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "rep"),
    [
        (0.0, 1),
        (1.49, 1),
        (1.5, 2),
        (2.99, 2),
        (3.0, 3),
        (6.0, 5),
        (10.5, 8),
        (11.99, 8),
    ],
)
def test_rep_counting(clock: FakeClock, elapsed: float, rep: int) -> None:
    # Leg swings: 8 reps at 1.5 s, the left side starts at 105.
    session = started(WARMUP, clock)
    assert at(clock, session, 105.0 + elapsed).rep == rep
    assert at(clock, session, 122.0 + elapsed).rep == rep  # and the right side


@pytest.mark.parametrize("tempo", [0.5, 0.51, 0.57, 0.7, 1.5, 2.3, 3.33])
@pytest.mark.parametrize("start", [0.0, T0, 7777.123])
def test_each_rep_begins_exactly_on_its_beat(tempo: float, start: float) -> None:
    clock = FakeClock(start=start)
    session = started(make_routine(reps("Hops", 12, tempo), lead_in=0), clock)
    for rep in range(2, 13):
        beat = start + (rep - 1) * tempo
        assert session.snapshot(beat - 0.001).rep == rep - 1
        assert session.snapshot(beat).rep == rep


@pytest.mark.parametrize("offset", [5.0, 32.0, 50.0, 67.0, 80.0, 120.0, 150.0, 500.0])
def test_no_rep_outside_reps_phases(clock: FakeClock, offset: float) -> None:
    session = started(WARMUP, clock)
    assert at(clock, session, offset).rep is None


def test_rep_while_paused_and_ready(clock: FakeClock) -> None:
    routine = make_routine(reps("Squats", 10, 2.0), lead_in=0)
    assert Session(routine, clock).snapshot().rep == 1
    session = started(routine, clock)
    at(clock, session, 7.0)
    session.pause()
    clock.advance(100.0)
    assert session.snapshot().rep == 4


def test_rep_stays_at_the_count_in_a_lengthened_reps_phase(clock: FakeClock) -> None:
    session = started(make_routine(reps("Squats", 5, 2.0), lead_in=0), clock)
    at(clock, session, 1.0)
    session.adjust(10.0)
    assert at(clock, session, 9.0).rep == 5
    assert at(clock, session, 19.0).rep == 5


@pytest.mark.parametrize(
    ("offset", "mirrored"),
    [
        (15.0, False),  # one-sided step
        (32.0, False),  # rest
        (50.0, False),  # left side
        (66.0, True),  # switching: the picture already shows the right side
        (80.0, True),  # right side
        (110.0, False),
        (125.0, True),
    ],
)
def test_mirrored_on_the_right_side(clock: FakeClock, offset: float, mirrored: bool) -> None:
    session = started(WARMUP, clock)
    assert at(clock, session, offset).mirrored is mirrored


# -- pause and resume ---------------------------------------------------------


def test_pause_freezes_the_countdown(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 12.5)
    session.pause()
    for _ in range(3):
        clock.advance(1000.0)
        snapshot = session.snapshot()
        assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (
            State.PAUSED,
            1,
            17.5,
        )
        assert snapshot.pause_reason is PauseReason.USER
        assert snapshot.total_remaining == WARMUP_TOTAL - 12.5
    assert session.next_change_at() is None
    assert session.upcoming() == []


def test_resume_goes_on_where_it_paused(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 12.5)
    session.pause()
    at(clock, session, 600.0)
    session.resume()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.RUNNING, 1, 17.5)
    assert snapshot.pause_reason is None
    assert at(clock, session, 617.5).phase_index == 2


def test_many_pauses_keep_the_exact_total_time(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    paused_for = 0.0
    for _ in range(60):
        clock.advance(2.25)
        session.pause()
        clock.advance(7.5)
        paused_for += 7.5
        session.resume()
    at(clock, session, 100_000.0)
    assert session.state is State.DONE
    assert session.finished_at == T0 + WARMUP_TOTAL + paused_for


def test_many_jittery_pauses_keep_the_total_time(clock: FakeClock) -> None:
    jitter = random.Random(7)
    session = started(WARMUP, clock)
    paused_for = 0.0
    while session.snapshot().state is State.RUNNING:
        clock.advance(jitter.uniform(0.01, 3.0))
        session.pause()
        if session.state is State.PAUSED:
            pause = jitter.uniform(0.01, 30.0)
            clock.advance(pause)
            paused_for += pause
            session.resume()
    assert session.finished_at == pytest.approx(T0 + WARMUP_TOTAL + paused_for, abs=1e-9)
    assert completed(session) == (0, 1, 2, 3)


@pytest.mark.parametrize("state", [State.READY, State.PAUSED, State.DONE, State.STOPPED])
def test_pause_only_pauses_a_running_session(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    revision = session.revision
    session.pause()
    assert (session.state, session.revision) == (state, revision)


@pytest.mark.parametrize("state", [State.READY, State.RUNNING, State.DONE, State.STOPPED])
def test_resume_only_resumes_a_paused_session(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    revision = session.revision
    session.resume()
    assert (session.state, session.revision) == (state, revision)


def session_in(state: State, clock: FakeClock) -> Session:
    """A WARMUP session brought into `state` (running ones 40 s in, paused at 40 s)."""
    session = Session(WARMUP, clock)
    if state is State.READY:
        return session
    session.start()
    clock.advance(40.0)
    if state is State.PAUSED:
        session.pause()
    elif state is State.DONE:
        clock.advance(1000.0)
        session.snapshot()
    elif state is State.STOPPED:
        session.stop()
    assert session.state is state
    return session


# -- pausing for sleep ----------------------------------------------------------


def test_pause_as_of_an_earlier_moment(clock: FakeClock) -> None:
    """After a long sleep the session stops where it was, not where the clock says."""
    session = started(WARMUP, clock)
    at(clock, session, 25.0)
    clock.advance_to(T0 + 5000.0)  # would be long finished
    session.pause(PauseReason.SLEEP, at=T0 + 27.5)
    snapshot = session.snapshot()
    assert snapshot.state is State.PAUSED
    assert snapshot.pause_reason is PauseReason.SLEEP
    assert (snapshot.phase_index, snapshot.remaining) == (1, 2.5)
    assert completed(session) == ()
    assert session.finished_at is None
    session.resume()
    assert at(clock, session, 5002.5).phase.kind is REST
    assert completed(session) == (0,)


def test_pause_at_advances_phases_only_up_to_that_moment(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance_to(T0 + 5000.0)
    session.pause(PauseReason.SLEEP, at=T0 + 66.0)  # nobody looked since the start
    snapshot = session.snapshot()
    assert (snapshot.phase_index, snapshot.phase.kind, snapshot.remaining) == (4, SWITCH, 4.0)
    assert completed(session) == (0,)


def test_pause_at_a_later_moment_pauses_now(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance_to(T0 + 4.0)
    session.pause(at=T0 + 9.0)
    assert session.snapshot().remaining == 6.0


def test_pause_at_cannot_go_back_before_the_phase_already_shown(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    assert at(clock, session, 31.0).phase.kind is REST
    session.pause(PauseReason.SLEEP, at=T0 + 20.0)
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.remaining) == (REST, 5.0)
    assert completed(session) == (0,)


def test_pause_at_after_the_end_finishes(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance_to(T0 + 500.0)
    session.pause(PauseReason.SLEEP, at=T0 + 400.0)
    assert session.state is State.DONE
    assert session.snapshot().pause_reason is None


@pytest.mark.parametrize("suspend", ["linux", "windows"])
def test_sleep_watch_pauses_a_session_where_it_was(clock: FakeClock, suspend: str) -> None:
    session = started(WARMUP, clock)
    watch = SleepWatch(clock)
    for _ in range(45):  # the driver looks every second
        clock.advance(1.0)
        assert watch.check() is None
        session.snapshot()
    clock.advance(0.4)
    if suspend == "linux":
        clock.sleep_system(8 * 3600)  # monotonic time stops, boottime goes on
    else:
        clock.advance(8 * 3600)  # monotonic time keeps counting
    awake_until = watch.check()
    assert awake_until == T0 + 45.0
    session.pause(PauseReason.SLEEP, at=awake_until)
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.pause_reason) == (State.PAUSED, PauseReason.SLEEP)
    assert (snapshot.phase.kind, snapshot.phase.side, snapshot.remaining) == (HOLD, LEFT, 20.0)


# -- toggle (Space) -----------------------------------------------------------


def test_toggle_starts_pauses_resumes_and_goes_again(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    session.toggle()
    assert session.snapshot().state is State.RUNNING
    clock.advance(3.0)
    session.toggle()
    assert session.snapshot().state is State.PAUSED
    assert session.snapshot().pause_reason is PauseReason.USER
    clock.advance(50.0)
    session.toggle()
    assert session.snapshot().state is State.RUNNING
    assert session.snapshot().remaining == 7.0
    assert at(clock, session, 10_000.0).state is State.DONE
    session.toggle()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.RUNNING, 0, 10.0)
    assert completed(session) == ()


def test_toggle_as_the_routine_ends_does_not_start_over(clock: FakeClock) -> None:
    """A press meant as "pause" in the very last instant must not restart the routine."""
    session = started(WARMUP, clock)
    clock.advance_to(T0 + WARMUP_TOTAL)
    session.toggle()
    assert session.state is State.DONE
    assert completed(session) == (0, 1, 2, 3)


def test_toggle_leaves_a_stopped_session_alone(clock: FakeClock) -> None:
    session = session_in(State.STOPPED, clock)
    revision = session.revision
    session.toggle()
    assert (session.state, session.revision) == (State.STOPPED, revision)


# -- skip -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "index", "kind", "side", "step_name"),
    [
        (3.0, 1, REPS, None, "Hip circles"),  # get ready -> its work
        (15.0, 2, REST, None, "Calf stretch"),  # work -> the rest after the step
        (32.0, 3, HOLD, LEFT, "Calf stretch"),  # rest -> the work
        (40.0, 4, SWITCH, RIGHT, "Calf stretch"),  # left side -> its switch, not past the step
        (67.0, 5, HOLD, RIGHT, "Calf stretch"),  # switch -> the right side
        (80.0, 6, REST, None, "Leg swings"),  # right side -> the rest after the step
        (110.0, 8, SWITCH, RIGHT, "Leg swings"),  # reps, left side -> its switch
        (125.0, 10, REST, None, "Quad stretch"),  # reps, right side -> past the step
        (136.0, 11, HOLD, None, "Quad stretch"),
    ],
)
def test_skip(
    clock: FakeClock,
    offset: float,
    index: int,
    kind: PhaseKind,
    side: Side | None,
    step_name: str,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    session.skip()
    snapshot = session.snapshot()
    assert snapshot.state is State.RUNNING
    assert (snapshot.phase_index, snapshot.phase.kind, snapshot.phase.side) == (index, kind, side)
    assert snapshot.step.name == step_name
    assert snapshot.remaining == WARMUP_PLAN[index][2]  # from the start of the phase
    ends_at = T0 + offset + WARMUP_TOTAL - WARMUP_STARTS[index]
    at(clock, session, 10_000.0)
    assert session.finished_at == ends_at


def test_a_skipped_step_is_not_completed(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 80.0)
    session.skip()  # Calf stretch, right side
    at(clock, session, 10_000.0)
    assert completed(session) == (0, 2, 3)


def test_skipping_the_left_side_goes_through_the_switch_to_the_right_side(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.skip()  # Calf stretch, left side
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.remaining, snapshot.next_side) == (SWITCH, 5.0, RIGHT)
    snapshot = at(clock, session, 45.0)
    assert (snapshot.phase.kind, snapshot.phase.side, snapshot.remaining) == (HOLD, RIGHT, 30.0)
    assert snapshot.step.name == "Calf stretch"
    assert completed(session) == (0,)


def test_a_step_whose_right_side_is_held_is_completed_though_its_left_was_skipped(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.skip()  # the left side only
    at(clock, session, 74.9)
    assert completed(session) == (0,)
    at(clock, session, 75.0)  # the right side ran to its end
    assert completed(session) == (0, 1)


def test_skipping_both_sides_leaves_the_step_not_completed(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.skip()  # left -> switch
    session.skip()  # switch -> right
    session.skip()  # right -> past the step
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.step.name) == (REST, "Leg swings")
    at(clock, session, 10_000.0)
    assert completed(session) == (0, 2, 3)


def test_skipping_a_prep_phase_still_completes_the_step(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 66.0)
    session.skip()  # the switch, not the work
    at(clock, session, 10_000.0)
    assert completed(session) == (0, 1, 2, 3)


def test_skip_from_work_without_rests_goes_to_the_next_steps_work(clock: FakeClock) -> None:
    session = started(make_routine(hold("A", 30), hold("B", 30), lead_in=0, rest=0), clock)
    at(clock, session, 10.0)
    session.skip()
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.step.name, snapshot.remaining) == (HOLD, "B", 30.0)


def test_skip_from_the_last_step_finishes(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 145.0)
    session.skip()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind) == (State.DONE, DONE)
    assert completed(session) == (0, 1, 2)
    assert session.finished_at == T0 + 145.0


def test_skip_while_paused_stays_paused_at_the_new_phase(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 80.0)  # Calf stretch, right side
    session.pause()
    clock.advance(60.0)
    session.skip()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.remaining) == (State.PAUSED, REST, 5.0)
    assert snapshot.pause_reason is PauseReason.USER
    clock.advance(60.0)
    session.resume()
    assert at(clock, session, 204.0).phase.kind is REST
    assert at(clock, session, 205.0).phase.kind is REPS


def test_skip_from_the_left_side_while_paused_stays_paused_at_the_switch(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.pause()
    clock.advance(60.0)
    session.skip()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.remaining) == (
        State.PAUSED,
        SWITCH,
        5.0,
    )
    assert snapshot.next_side is RIGHT
    session.skip()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.phase.side) == (State.PAUSED, HOLD, RIGHT)


def test_skip_the_last_step_while_paused_finishes(clock: FakeClock) -> None:
    session = started(make_routine(hold("Only", 30), lead_in=0), clock)
    session.pause()
    session.skip()
    assert session.snapshot().state is State.DONE
    assert completed(session) == ()


@pytest.mark.parametrize("state", [State.READY, State.DONE, State.STOPPED])
def test_skip_only_in_a_running_or_paused_session(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    before = session.snapshot()
    session.skip()
    assert session.snapshot() == before


# -- back -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "index"),
    [
        (3.0, 0),  # get ready: no previous step, start over
        (11.9, 0),  # 1.9 s into the first step: no previous step, start over
        (12.0, 0),  # 2.0 s is not more than 2.0 s
        (12.1, 1),  # 2.1 s in: redo the first step (not the get ready)
        (32.0, 1),  # rest before step 1: step 1 is not under way, go to step 0
        (36.9, 1),  # 1.9 s into step 1: back to step 0
        (37.0, 1),
        (37.1, 3),  # 2.1 s in: redo step 1
        (66.0, 3),  # switching sides: the right side is still to come, redo the left side
        (70.5, 3),  # right side just begun: back to the left side
        (72.0, 3),  # 2.0 s into the right side is not more than 2.0 s
        (72.1, 5),  # 2.1 s into the right side: redo the right side only
        (90.0, 5),
        (106.9, 3),  # 1.9 s into step 2's left side -> step 1, from its left side
        (110.0, 7),  # step 2's left side under way: redo it
        (118.0, 7),  # step 2's switch -> its left side
        (123.0, 7),  # 1 s into step 2's right side -> its left side
        (126.0, 9),  # step 2's right side under way: redo it
        (103.0, 3),  # rest before step 2 -> step 1
        (140.9, 7),  # 1.9 s into the last step -> step 2 from its left side
        (141.1, 11),
    ],
)
def test_back(clock: FakeClock, offset: float, index: int) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    session.back()
    snapshot = session.snapshot()
    assert snapshot.state is State.RUNNING
    assert snapshot.phase_index == index
    assert snapshot.remaining == WARMUP_PLAN[index][2]


def test_back_runs_the_phase_again_from_now(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 50.0)
    session.back()
    assert at(clock, session, 79.0).phase.kind is HOLD
    assert at(clock, session, 80.0).phase.kind is SWITCH


def test_back_in_the_first_step_without_lead_in_starts_over(clock: FakeClock) -> None:
    session = started(make_routine(hold("A", 30), hold("B", 30), lead_in=0), clock)
    at(clock, session, 1.0)
    session.back()
    snapshot = session.snapshot()
    assert (snapshot.phase_index, snapshot.phase.kind, snapshot.remaining) == (0, HOLD, 30.0)


def test_back_while_paused_stays_paused(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 50.0)
    session.pause()
    clock.advance(30.0)
    session.back()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.PAUSED, 3, 30.0)


def test_back_on_the_right_side_while_paused_redoes_the_right_side_paused(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 80.0)
    session.pause()
    clock.advance(30.0)
    session.back()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.PAUSED, 5, 30.0)
    session.back()  # 0 s into the right side: back to the left side
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.PAUSED, 3, 30.0)


def test_back_on_the_right_side_keeps_its_adjusted_time_and_the_step_completes_once(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 80.0)
    session.adjust(10.0)  # the right side: 40 s, ending at 110
    at(clock, session, 90.0)
    session.back()  # redo the right side: 40 s from now
    snapshot = session.snapshot()
    assert (snapshot.phase.side, snapshot.remaining) == (RIGHT, 40.0)
    assert at(clock, session, 129.9).phase.kind is HOLD
    assert at(clock, session, 130.0).phase.kind is REST
    assert completed(session) == (0, 1)


def test_back_while_paused_counts_only_time_before_the_pause(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 36.5)
    session.pause()
    clock.advance(30.0)
    session.back()
    assert session.snapshot().phase_index == 1


@pytest.mark.parametrize("state", [State.READY, State.DONE, State.STOPPED])
def test_back_only_in_a_running_or_paused_session(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    before = session.snapshot()
    session.back()
    assert session.snapshot() == before


def test_a_step_redone_is_completed_once(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 31.0)
    assert completed(session) == (0,)
    session.back()  # from the rest: the step just done, again
    at(clock, session, 51.0)
    assert completed(session) == (0,)
    at(clock, session, 10_000.0)
    assert completed(session) == (0, 1, 2, 3)


# -- restart and stop -----------------------------------------------------------


@pytest.mark.parametrize("state", [State.RUNNING, State.PAUSED, State.DONE, State.STOPPED])
def test_restart_goes_again_from_the_plan(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    session.restart()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.remaining) == (State.RUNNING, 0, 10.0)
    assert completed(session) == ()
    restarted_at = clock()
    assert (session.started_at, session.finished_at) == (restarted_at, None)
    at(clock, session, 10_000.0)
    assert session.finished_at == restarted_at + WARMUP_TOTAL


def test_restart_drops_adjustments_and_completed_steps(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.adjust(10.0)
    assert completed(session) == (0,)
    session.restart()
    assert table(session.phases) == WARMUP_PLAN
    assert session.adjusted_holds() == {}
    assert completed(session) == ()
    assert session.snapshot().total_remaining == WARMUP_TOTAL


def test_restart_from_ready_starts(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    session.restart()
    assert (session.state, session.started_at) == (State.RUNNING, T0)


def test_stop_freezes_the_session(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 42.0)
    session.stop()
    assert session.finished_at == T0 + 42.0
    clock.advance(1000.0)
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.remaining) == (State.STOPPED, HOLD, 23.0)
    assert snapshot.total_remaining == WARMUP_TOTAL - 42.0
    assert completed(session) == (0,)
    assert session.next_change_at() is None
    assert session.upcoming() == []


def test_a_stopped_session_takes_no_more_commands(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 42.0)
    session.stop()
    before = (session.snapshot(), session.revision, session.finished_at)
    clock.advance(5.0)
    session.start()
    session.pause()
    session.resume()
    session.skip()
    session.back()
    session.adjust(10.0)
    session.toggle()
    session.stop()
    assert (session.snapshot(), session.revision, session.finished_at) == before


def test_stop_while_paused_keeps_the_paused_time(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 42.0)
    session.pause()
    clock.advance(100.0)
    session.stop()
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.remaining, snapshot.pause_reason) == (
        State.STOPPED,
        23.0,
        None,
    )


def test_stop_before_the_start(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    session.stop()
    assert session.state is State.STOPPED
    assert (session.started_at, session.finished_at) == (None, None)


def test_stop_after_the_end_keeps_it_done(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance_to(T0 + 500.0)
    session.stop()
    assert session.state is State.DONE
    assert session.finished_at == T0 + WARMUP_TOTAL


# -- adjust ---------------------------------------------------------------------


def test_adjust_lengthens_the_current_phase(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.adjust(10.0)
    snapshot = session.snapshot()
    assert (snapshot.remaining, snapshot.total_remaining) == (35.0, WARMUP_TOTAL - 40.0 + 10.0)
    assert session.phases[3].duration == 40.0
    assert session.phases[5].duration == 30.0  # the right side is its own phase
    assert at(clock, session, 74.0).phase.kind is HOLD
    assert at(clock, session, 75.0).phase.kind is SWITCH
    at(clock, session, 10_000.0)
    assert session.finished_at == T0 + WARMUP_TOTAL + 10.0


def test_adjust_shortens_the_current_phase(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.adjust(-10.0)
    assert session.snapshot().remaining == 15.0
    assert session.phases[3].duration == 20.0
    at(clock, session, 10_000.0)
    assert session.finished_at == T0 + WARMUP_TOTAL - 10.0
    assert completed(session) == (0, 1, 2, 3)  # a shortened step still completes


@pytest.mark.parametrize(
    ("offset", "remaining", "duration"),
    [
        (60.0, 1.0, 26.0),  # 5 s left: clamped to 1 s, the phase lost 4 s
        (63.5, 1.0, 29.5),  # 1.5 s left: to 1 s
        (64.0, 1.0, 30.0),  # exactly 1 s left: nothing to take
        (64.5, 0.5, 30.0),  # less than 1 s left: a minus never lengthens it
    ],
)
def test_adjust_keeps_at_least_a_second(
    clock: FakeClock, offset: float, remaining: float, duration: float
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    session.adjust(-10.0)
    assert session.snapshot().remaining == remaining
    assert session.phases[3].duration == duration


def test_adjust_that_changes_nothing_is_not_a_timing_change(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 64.0)
    revision = session.revision
    session.adjust(-10.0)
    session.adjust(0.0)
    assert session.revision == revision


def test_adjust_while_paused(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 32.0)
    session.pause()
    session.adjust(10.0)
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.remaining) == (State.PAUSED, REST, 13.0)
    assert session.phases[2].duration == 15.0
    clock.advance(100.0)
    session.resume()
    assert at(clock, session, 144.9).phase.kind is REST
    assert at(clock, session, 145.0).phase.kind is HOLD


@pytest.mark.parametrize("state", [State.READY, State.DONE, State.STOPPED])
def test_adjust_only_in_a_running_or_paused_session(clock: FakeClock, state: State) -> None:
    session = session_in(state, clock)
    session.adjust(10.0)
    assert table(session.phases) == WARMUP_PLAN


def test_adjust_then_back_keeps_the_adjusted_time(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.adjust(10.0)
    at(clock, session, 45.0)
    session.back()  # redo the step: with the time the runner asked for
    snapshot = session.snapshot()
    assert (snapshot.phase_index, snapshot.remaining) == (3, 40.0)
    assert session.adjusted_holds() == {}  # not held yet
    at(clock, session, 10_000.0)
    assert session.adjusted_holds() == {1: 40.0}


@pytest.mark.parametrize(
    ("adjustments", "holds"),
    [
        ([], {}),
        ([(40.0, 10.0)], {1: 40.0}),  # left side longer
        ([(80.0, 10.0)], {1: 40.0}),  # right side longer
        ([(40.0, 10.0), (80.0, 20.0)], {1: 50.0}),  # both: the longer of the two
        ([(40.0, -10.0)], {}),  # left shorter, right as planned: the longer is as planned
        ([(40.0, -10.0), (80.0, -5.0)], {1: 25.0}),
        ([(40.0, 10.0), (41.0, -10.0)], {}),  # back to the planned time
        ([(145.0, -8.0)], {3: 12.0}),
        ([(15.0, 10.0), (32.0, 10.0), (67.0, 10.0), (110.0, 10.0)], {}),  # not holds
    ],
)
def test_adjusted_holds(
    clock: FakeClock, adjustments: list[tuple[float, float]], holds: dict[int, float]
) -> None:
    session = started(WARMUP, clock)
    shift = 0.0
    for offset, delta in adjustments:
        at(clock, session, offset + shift)
        session.adjust(delta)
        shift += delta
    at(clock, session, 10_000.0)
    assert session.adjusted_holds() == holds


@pytest.mark.parametrize("paused", [False, True])
@pytest.mark.parametrize(
    ("offset", "index"),
    [
        (40.0, 3),  # left side
        (66.0, 4),  # the switch
        (80.0, 5),  # right side
    ],
)
def test_adjust_changes_only_the_side_that_is_on(
    clock: FakeClock, offset: float, index: int, paused: bool
) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    if paused:
        session.pause()
    before = session.snapshot().remaining
    session.adjust(10.0)
    snapshot = session.snapshot()
    assert snapshot.phase_index == index
    assert snapshot.remaining == before + 10.0
    expected = [
        (kind, step, duration + 10.0 if row == index else duration, side)
        for row, (kind, step, duration, side) in enumerate(WARMUP_PLAN)
    ]
    assert table(session.phases) == expected
    session.adjust(-10.0)
    assert table(session.phases) == WARMUP_PLAN


def test_a_longer_switch_is_not_a_hold_to_keep(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 66.0)
    session.adjust(10.0)
    at(clock, session, 10_000.0)
    assert session.hold_changes() == ()


CALF = 1  # WARMUP's both-sides hold step


@pytest.mark.parametrize(
    ("actions", "change"),
    [
        # (seconds after the previous action, then "+", "-" or "skip")
        ([(40.0, "+")], HoldChange(CALF, 30.0, 40.0, True, 40.0, 30.0)),
        ([(80.0, "+")], HoldChange(CALF, 30.0, 40.0, True, 30.0, 40.0)),
        ([(40.0, "+"), (50.0, "+")], HoldChange(CALF, 30.0, 40.0, True, 40.0, 40.0)),
        ([(40.0, "-"), (30.0, "-")], HoldChange(CALF, 30.0, 20.0, True, 20.0, 20.0)),
        ([(40.0, "-")], None),  # left 20, right 30: the longer is as planned
        ([(40.0, "+"), (1.0, "skip")], None),  # the longer left side was not held
        ([(40.0, "skip"), (10.0, "-")], HoldChange(CALF, 30.0, 20.0, True, None, 20.0)),
        ([(40.0, "+"), (40.0, "skip")], HoldChange(CALF, 30.0, 40.0, True, 40.0, None)),
        # Both sides skipped: the step was not held at all.
        ([(40.0, "+"), (1.0, "skip"), (1.0, "skip"), (1.0, "skip")], None),
        ([(145.0, "-")], HoldChange(3, 20.0, 10.0)),
        ([(145.0, "-"), (1.0, "skip")], None),
        ([(15.0, "+"), (105.0, "+")], None),  # reps are not holds
    ],
)
def test_hold_changes_say_what_was_really_held(
    clock: FakeClock, actions: list[tuple[float, str]], change: HoldChange | None
) -> None:
    session = started(WARMUP, clock)
    for wait, action in actions:
        clock.advance(wait)
        if action == "skip":
            session.skip()
        else:
            session.adjust(10.0 if action == "+" else -10.0)
    at(clock, session, 10_000.0)
    expected = () if change is None else (change,)
    assert session.hold_changes() == expected
    assert session.adjusted_holds() == {c.step_index: c.kept for c in expected}


def test_held_times_are_saved_in_whole_seconds(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 154.5)  # 4.5 s left of the last hold
    session.adjust(-10.0)  # to 1 s: 16.5 s held, saved as 16 s (as the editor rounds)
    at(clock, session, 10_000.0)
    assert session.hold_changes() == (HoldChange(3, 20.0, 16.0),)
    session = started(WARMUP, clock)
    clock.advance(63.5)  # 1.5 s left of the calf stretch's left side
    session.adjust(-10.0)  # to 1 s: 29.5 s held, saved as 30 s: as planned
    clock.advance(1000.0)
    session.snapshot()
    assert session.hold_changes() == ()


def test_a_side_held_again_after_back_counts_as_last_held(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.adjust(10.0)  # left side 40 s, ends at 75
    at(clock, session, 76.0)  # the switch
    session.back()  # the left side again, 40 s
    session.adjust(-20.0)  # to 20 s
    at(clock, session, 10_000.0)
    assert session.hold_changes() == ()  # left 20, right 30: the longer is as planned


def test_a_restored_session_counts_the_sides_before_it_as_held(clock: FakeClock) -> None:
    durations = [phase.duration for phase in plan_phases(WARMUP)]
    durations[3] = 40.0  # the calf stretch's left side, lengthened before the app closed
    session = Session(WARMUP, clock)
    session.restore(5, 12.0, durations=durations, completed=(0,))
    session.resume()
    clock.advance(1000.0)
    session.snapshot()
    assert session.hold_changes() == (HoldChange(CALF, 30.0, 40.0, True, 40.0, 30.0),)


@pytest.mark.parametrize(
    ("completed", "changes"),
    [
        ((0, CALF, 2), (HoldChange(CALF, 30.0, 40.0, True, 40.0, 40.0),)),
        ((0, 2), ()),  # the calf stretch was skipped before the app closed
    ],
    ids=["held", "skipped"],
)
def test_a_restored_session_offers_only_the_holds_of_the_steps_done_before_it(
    clock: FakeClock, completed: tuple[int, ...], changes: tuple[HoldChange, ...]
) -> None:
    durations = [phase.duration for phase in plan_phases(WARMUP)]
    durations[3] = durations[5] = 40.0  # the calf stretch lengthened, both sides
    session = Session(WARMUP, clock)
    session.restore(11, 8.0, durations=durations, completed=completed)  # in the quad stretch
    session.resume()
    clock.advance(1000.0)
    session.snapshot()
    assert session.hold_changes() == changes


def test_restart_forgets_what_was_held(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 145.0)
    session.adjust(-8.0)
    at(clock, session, 10_000.0)
    assert session.adjusted_holds() == {3: 12.0}
    session.restart()
    assert session.hold_changes() == ()


STEPS = {step.name: step for step in WARMUP.steps}


@pytest.mark.parametrize(
    ("name", "change", "text"),
    [
        ("Quad stretch", HoldChange(3, 20.0, 12.0), "Quad stretch 12 s (was 20 s)"),
        (
            "Calf stretch",
            HoldChange(CALF, 30.0, 40.0, True, 40.0, 40.0),
            "Calf stretch 40 s each side (was 30 s)",
        ),
        (
            "Calf stretch",
            HoldChange(CALF, 30.0, 40.0, True, 40.0, 30.0),
            "Calf stretch 40 s (left 40 s, right 30 s: the longer is kept)",
        ),
        (
            "Calf stretch",
            HoldChange(CALF, 30.0, 40.0, True, 29.5, 40.0),
            "Calf stretch 40 s (left 29.5 s, right 40 s: the longer is kept)",
        ),
        (
            "Calf stretch",
            HoldChange(CALF, 30.0, 40.0, True, 40.0, None),
            "Calf stretch 40 s (left 40 s; the right side was skipped)",
        ),
        (
            "Calf stretch",
            HoldChange(CALF, 30.0, 20.0, True, None, 20.0),
            "Calf stretch 20 s (right 20 s; the left side was skipped)",
        ),
    ],
)
def test_describe_hold_change(name: str, change: HoldChange, text: str) -> None:
    assert describe_hold_change(STEPS[name], change) == text


def test_describe_hold_changes_in_step_order() -> None:
    changes = [HoldChange(3, 20.0, 12.0), HoldChange(CALF, 30.0, 40.0, True, 40.0, 30.0)]
    assert describe_hold_changes(WARMUP, changes) == (
        "Calf stretch 40 s (left 40 s, right 30 s: the longer is kept);"
        " Quad stretch 12 s (was 20 s)"
    )
    assert describe_hold_changes(WARMUP, []) == ""


def test_the_right_side_comes_next_only_while_the_step_is_on(clock: FakeClock) -> None:
    session = Session(make_routine(hold("Only", 30, Sides.BOTH), lead_in=0), clock)
    assert session.snapshot().next_side is RIGHT  # ready, at the left side
    session.start()
    session.pause()
    snapshot = session.snapshot()
    assert (snapshot.next_side, snapshot.next_step) == (RIGHT, None)  # last step, left side
    session.resume()
    assert at(clock, session, 31.0).next_side is RIGHT  # the switch
    assert at(clock, session, 36.0).next_side is None  # the right side
    assert at(clock, session, 100.0).next_side is None  # done


# -- next_change_at -------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "change_at"),
    [
        (0.0, 1.0),
        (0.25, 1.0),
        (1.0, 2.0),  # exactly on a second: the next one
        (8.999, 9.0),
        (9.0, 10.0),  # last second: the phase end
        (9.5, 10.0),
        (10.0, 11.0),  # first second of the next phase
    ],
)
def test_next_change_at_whole_seconds(clock: FakeClock, offset: float, change_at: float) -> None:
    session = started(WARMUP, clock)
    at(clock, session, offset)
    assert session.next_change_at() == T0 + change_at


@pytest.mark.parametrize(
    ("offset", "change_at"),
    [
        (0.0, 0.5),  # 2.5 s shown as 3; at 2 s left it shows 2
        (0.5, 1.5),
        (1.2, 1.5),
        (1.5, 2.5),  # the phase end
        (2.5, 3.5),  # the switch (5 s) takes over
    ],
)
def test_next_change_at_with_a_fractional_duration(
    clock: FakeClock, offset: float, change_at: float
) -> None:
    session = started(make_routine(hold("Lunge", 2.5, Sides.BOTH), lead_in=0), clock)
    at(clock, session, offset)
    assert session.next_change_at() == T0 + change_at


def test_next_change_at_follows_reps(clock: FakeClock) -> None:
    """4 reps at 1.5 s: countdown changes each second, reps each 1.5 s."""
    session = started(make_routine(reps("Swings", 4, 1.5), lead_in=0), clock)
    changes = []
    while (change_at := session.next_change_at()) is not None:
        clock.advance_to(change_at)
        changes.append((change_at - T0, shown(session.snapshot())))
    assert changes == [
        (1.0, (0, 5, 1)),
        (1.5, (0, 5, 2)),
        (2.0, (0, 4, 2)),
        (3.0, (0, 3, 3)),
        (4.0, (0, 2, 3)),
        (4.5, (0, 2, 4)),
        (5.0, (0, 1, 4)),
        (6.0, (1, 0, None)),
    ]
    assert session.state is State.DONE


@pytest.mark.parametrize("state", [State.READY, State.PAUSED, State.DONE, State.STOPPED])
def test_next_change_at_only_while_running(clock: FakeClock, state: State) -> None:
    assert session_in(state, clock).next_change_at() is None


def test_next_change_at_after_resuming_mid_second(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 2.7)
    session.pause()
    at(clock, session, 100.0)
    session.resume()
    assert session.next_change_at() == pytest.approx(T0 + 100.3, abs=1e-9)  # 7.3 s -> 7 s


@pytest.mark.parametrize("start", [0.0, T0, 7777.123, 123456.789, 9.87654321e6])
def test_a_view_woken_by_next_change_at_sees_every_second_and_rep(start: float) -> None:
    """Wake only when told: every wake-up shows something new, nothing is missed."""
    routine = make_routine(
        hold("Lunge", 2.5, Sides.BOTH),
        reps("Swings", 7, 1.5),
        reps("Skips", 9, 0.7, Sides.BOTH),
        reps("Hops", 12, 0.51),  # tempos whose rep times are not exact in binary
        reps("Kicks", 10, 0.57),
        hold("Calf", 3.3),
        lead_in=3.0,
        rest=1.1,
    )
    clock = FakeClock(start=start)
    session = started(routine, clock)
    seen = [shown(session.snapshot())]
    while (change_at := session.next_change_at()) is not None:
        assert change_at > clock()
        clock.advance_to(change_at)
        seen.append(shown(session.snapshot()))
        assert seen[-1] != seen[-2]
    changes = 0
    for index, phase in enumerate(session.phases):
        seconds = range(1, math.ceil(phase.duration) + 1)
        assert {(index, second) for second in seconds} <= {(i, s) for i, s, _ in seen}
        change_offsets = {round(phase.duration - second, 6) for second in seconds[:-1]}
        if isinstance(dose := routine.steps[phase.step_index].dose, Reps) and phase.kind is REPS:
            assert {rep for i, _, rep in seen if i == index} == set(range(1, dose.count + 1))
            change_offsets |= {round(rep * dose.tempo, 6) for rep in range(1, dose.count)}
        changes += len(change_offsets) + 1  # and the phase end
    assert len(seen) == 1 + changes  # one wake-up per change, none wasted
    assert session.finished_at == start + total_seconds(routine)


@pytest.mark.parametrize("start", [0.0, T0, 7777.123])
def test_a_tempo_written_finer_than_a_microsecond_still_shows_each_rep_on_its_beat(
    start: float,
) -> None:
    """A hand-written tempo of 0.5555555 s puts some beats between two microseconds,
    where the countdown is rounded: the view is still woken once per change, each
    rep shown within a microsecond of its beat, never early and never a wasted wake-up."""
    routine = make_routine(
        reps("Skips", 10, 0.5555555), reps("Hops", 10, 0.6666667), lead_in=0, rest=0
    )
    clock = FakeClock(start=start)
    session = started(routine, clock)
    seen = [(clock(), shown(session.snapshot()))]
    while (change_at := session.next_change_at()) is not None:
        assert change_at > clock()
        clock.advance_to(change_at)
        seen.append((change_at, shown(session.snapshot())))
        assert seen[-1][1] != seen[-2][1]
    phase_start = start
    for index, phase in enumerate(session.phases):
        dose = routine.steps[phase.step_index].dose
        assert isinstance(dose, Reps)
        first_shown: dict[int, float] = {}
        for moment, (shown_index, _, rep) in seen:
            if shown_index == index and rep is not None:
                first_shown.setdefault(rep, moment)
        assert sorted(first_shown) == list(range(1, dose.count + 1))
        for rep, moment in first_shown.items():
            assert moment == pytest.approx(phase_start + (rep - 1) * dose.tempo, abs=1e-6)
        phase_start += phase.duration


# -- upcoming -------------------------------------------------------------------


def test_upcoming_lists_every_later_phase_and_the_end(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    phases = session.phases
    expected = [(T0 + WARMUP_STARTS[i], i, phases[i]) for i in range(1, len(phases))]
    expected.append((T0 + WARMUP_TOTAL, -1, Phase(DONE, 3, 0.0)))
    assert session.upcoming() == expected


def test_upcoming_times_are_the_times_phases_begin(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 3.3)
    session.pause()
    at(clock, session, 20.0)
    session.resume()
    at(clock, session, 50.0)
    session.adjust(7.0)
    for start, index, phase in session.upcoming():
        just_before = session.snapshot(math.nextafter(start, 0.0))
        assert just_before.phase_index == (index if index >= 0 else len(session.phases)) - 1
        snapshot = session.snapshot(start)
        assert snapshot.phase == phase
        assert snapshot.phase_index == (index if index >= 0 else len(session.phases))
    assert session.state is State.DONE


def test_upcoming_from_mid_run(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 140.0)
    assert session.upcoming() == [(T0 + WARMUP_TOTAL, -1, Phase(DONE, 3, 0.0))]


def test_upcoming_moves_with_pauses_and_adjustments(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    at(clock, session, 40.0)
    session.pause()
    assert session.upcoming() == []
    clock.advance(100.0)
    session.resume()
    assert [start for start, _, _ in session.upcoming()] == [
        T0 + start + 100.0 for start in [*WARMUP_STARTS[4:], WARMUP_TOTAL]
    ]
    session.adjust(10.0)
    assert [start for start, _, _ in session.upcoming()] == [
        T0 + start + 110.0 for start in [*WARMUP_STARTS[4:], WARMUP_TOTAL]
    ]


# -- revision -------------------------------------------------------------------


def test_revision_counts_timing_changes_only(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    revisions = [session.revision]

    def after(command: str, *args: float) -> int:
        getattr(session, command)(*args)
        revisions.append(session.revision)
        return session.revision - revisions[-2]

    assert after("pause") == 0  # not running
    assert after("start") == 1
    clock.advance(50.0)
    session.snapshot()  # catching up follows the schedule: nothing to redo
    assert session.revision == revisions[-1]
    assert after("pause") == 1
    assert after("pause") == 0
    assert after("adjust", 10.0) == 1
    assert after("resume") == 1
    assert after("skip") == 1
    assert after("back") == 1
    assert after("adjust", -10.0) == 1
    assert after("toggle") == 1
    assert after("toggle") == 1
    assert after("restart") == 1
    assert after("stop") == 1
    assert after("stop") == 0
    assert after("resume") == 0


# -- a whole routine, looked at irregularly ---------------------------------------


TEN_MINUTES = make_routine(
    hold("Hamstring", 30),
    hold("Calf", 30, Sides.BOTH),
    reps("Hip circles", 12, 2.5),
    reps("Leg swings", 10, 1.5, Sides.BOTH),
    hold("Quad", 45, Sides.BOTH),
    hold("Glute", 90),
    reps("Ankle circles", 20, 2.0, Sides.BOTH),
    hold("Hip flexor", 60, Sides.BOTH),
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ten_minutes_looked_at_irregularly_ends_exactly_on_time(seed: int) -> None:
    assert total_seconds(TEN_MINUTES) == 600.0
    jitter = random.Random(seed)
    clock = FakeClock(start=12345.678)
    session = started(TEN_MINUTES, clock)
    start = clock()
    last_index = 0
    while (snapshot := session.snapshot()).state is State.RUNNING:
        elapsed = clock() - start
        assert snapshot.phase_index >= last_index
        last_index = snapshot.phase_index
        assert snapshot.total_remaining == pytest.approx(600.0 - elapsed, abs=1e-6)
        assert 0.0 < snapshot.remaining <= snapshot.phase.duration
        clock.advance(jitter.choice([0.0, 0.001, 0.3, 0.999, 1.0, 1.001, 2.7]))
    assert session.state is State.DONE
    assert session.finished_at == start + total_seconds(TEN_MINUTES)
    assert completed(session) == tuple(range(8))


def test_a_get_ready_and_a_rest_of_half_a_second_are_kept() -> None:
    routine = make_routine(hold("A", 5), hold("B", 5), lead_in=0.5, rest=0.5)
    assert [(phase.kind, phase.duration) for phase in plan_phases(routine)] == [
        (GET_READY, 0.5),
        (HOLD, 5.0),
        (REST, 0.5),
        (HOLD, 5.0),
    ]
    assert total_seconds(routine) == 11.0


def test_only_the_stretch_held_longer_is_offered_after_one_held_as_planned(
    clock: FakeClock,
) -> None:
    session = started(make_routine(hold("A", 20), hold("B", 20), lead_in=0, rest=0), clock)
    clock.advance(25.0)  # A held as planned; 15 s left of B
    session.adjust(10.0)
    clock.advance(100.0)
    assert session.snapshot().state is State.DONE
    assert session.hold_changes() == (HoldChange(1, 20.0, 30.0),)


def test_half_a_second_more_is_half_a_second_more(clock: FakeClock) -> None:
    session = started(make_routine(hold("A", 20), lead_in=0), clock)
    clock.advance(5.0)
    session.adjust(0.5)
    assert session.snapshot().remaining == 15.5


def test_a_session_lost_with_half_a_second_left_resumes_with_it() -> None:
    clock = FakeClock(T0)
    routine = make_routine(hold("A", 5), hold("B", 5), lead_in=0.5, rest=0.5)
    session = Session(routine, clock)
    session.restore(2, 0.5, durations=[0.5, 5.0, 0.5, 5.0], completed=(0,))
    snapshot = session.snapshot()
    assert (snapshot.state, snapshot.phase.kind, snapshot.remaining) == (
        State.PAUSED,
        REST,
        0.5,
    )


def test_a_stretch_held_longer_is_offered_after_one_that_was_skipped(clock: FakeClock) -> None:
    session = started(make_routine(hold("A", 20), hold("B", 20), lead_in=0, rest=0), clock)
    clock.advance(5.0)
    session.skip()  # A never held to its end
    clock.advance(5.0)
    session.adjust(10.0)
    clock.advance(100.0)
    assert session.snapshot().state is State.DONE
    assert session.hold_changes() == (HoldChange(1, 20.0, 30.0),)


# -- active time: what the done page and the history both say it took ---------


def test_active_time_counts_only_the_time_running(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    clock.advance(7.0)  # not started yet: nothing counts
    assert session.active_seconds() == 0.0
    assert session.paused_seconds() == 0.0
    session.start()
    clock.advance(12.5)
    assert session.active_seconds() == 12.5
    session.pause()
    clock.advance(40.0)  # paused: left out
    assert session.active_seconds() == 12.5
    assert session.paused_seconds() == 40.0
    session.resume()
    clock.advance(3.0)
    assert session.active_seconds() == 15.5
    assert session.paused_seconds() == 40.0


def test_active_time_stops_at_the_finish_not_when_it_is_looked_at(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    session.pause()
    clock.advance(20.0)
    session.resume()
    clock.advance(WARMUP_TOTAL + 300.0)  # the done page is read long after
    assert session.active_seconds() == WARMUP_TOTAL
    assert session.state is State.DONE
    assert session.paused_seconds() == 20.0


def test_a_pause_dated_back_for_sleep_leaves_the_sleep_out(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance(15.0)
    session.pause(PauseReason.SLEEP, at=T0 + 12.0)  # asleep since 12 s in
    assert session.active_seconds() == 12.0
    assert session.paused_seconds() == 3.0


def test_a_sleep_dated_before_the_last_resume_takes_nothing_back(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance(3.0)
    session.pause()
    clock.advance(5.0)
    session.resume()  # running again from 8 s on
    clock.advance(2.0)
    session.pause(PauseReason.SLEEP, at=T0 + 6.0)  # "asleep since 6 s": while paused
    assert session.active_seconds() == 3.0
    assert session.paused_seconds() == 7.0


def test_a_sleep_dated_before_a_skip_keeps_the_time_run_up_to_the_skip(
    clock: FakeClock,
) -> None:
    session = started(WARMUP, clock)
    clock.advance(4.0)
    session.skip()  # the runner was awake 4 s in: the reps start then
    clock.advance(6.0)
    session.pause(PauseReason.SLEEP, at=T0 + 2.0)  # "asleep since 2 s": before the skip
    assert session.active_seconds() == 4.0
    assert session.paused_seconds() == 6.0
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.remaining) == (REPS, 20.0)  # the reps still whole


def test_skipping_and_stopping_count_the_time_run_until_then(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance(4.0)
    session.skip()  # the get-ready cut short: 4 s ran, not 10
    clock.advance(6.0)
    session.stop()
    clock.advance(60.0)
    assert session.active_seconds() == 10.0
    assert session.paused_seconds() == 0.0


def test_a_restart_counts_from_zero(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance(50.0)
    session.restart()
    clock.advance(5.0)
    assert session.active_seconds() == 5.0


def test_a_restored_session_carries_the_time_it_had_run(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    session.restore(3, 12.0, active_seconds=47.25)  # paused where it was lost
    clock.advance(30.0)  # the question is on screen: paused, not counted
    assert session.active_seconds() == 47.25
    assert session.paused_seconds() == 30.0
    session.resume()
    clock.advance(WARMUP_TOTAL)  # to the end
    # 12 s left of the left hold, then 5 + 30 + 5 + 12 + 5 + 12 + 5 + 20 to the end.
    assert session.active_seconds() == 47.25 + 12.0 + 94.0
    assert session.state is State.DONE
    assert session.paused_seconds() == 30.0


def test_a_record_without_the_time_run_restores_from_zero(clock: FakeClock) -> None:
    session = Session(WARMUP, clock)
    session.restore(3, 12.0)  # a record from before the time run was kept
    session.resume()
    clock.advance(2.0)
    assert session.active_seconds() == 2.0


def test_the_pauses_are_counted_as_of_the_moment_asked(clock: FakeClock) -> None:
    session = started(WARMUP, clock)
    clock.advance(10.0)
    session.pause()
    clock.advance(10.0)
    session.resume()
    clock.advance(20.0)  # 40 s in; asked about 25 s in: 15 s run, 10 s paused
    assert session.paused_seconds(T0 + 25.0) == 10.0


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"phase_index": 99, "remaining": 5.0}, "phase 99 is not in this session"),
        ({"phase_index": 3, "remaining": 0.0}, "remaining must be positive, got 0.0"),
        (
            {"phase_index": 3, "remaining": 5.0, "durations": [5.0, 30.0]},
            "the phase durations do not fit this routine",
        ),
        (
            {"phase_index": 3, "remaining": 5.0, "completed": (0, 40)},
            "a completed step is not in this routine",
        ),
    ],
    ids=["phase", "remaining", "durations", "completed"],
)
def test_a_restore_that_does_not_fit_says_what_does_not(
    clock: FakeClock, record: dict[str, Any], message: str
) -> None:
    session = Session(WARMUP, clock)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        session.restore(**record)
    assert session.state is State.READY


@pytest.mark.parametrize("active", [-1.0, math.nan, math.inf])
def test_a_restore_refuses_an_impossible_active_time(clock: FakeClock, active: float) -> None:
    session = Session(WARMUP, clock)
    with pytest.raises(ValueError, match="active seconds"):
        session.restore(3, 12.0, active_seconds=active)
    assert session.state is State.READY
