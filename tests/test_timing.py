"""The session's real total: the routine's times with the runner's get-ready and rest."""

from __future__ import annotations

import pytest

from app.routine import MAX_PAUSE, Hold, Reps, Routine, Sides, Step
from app.session import Session, State, total_seconds
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds, timed, with_overrides
from tests.fakes import FakeClock

# Lead-in 10, a 30 s hold, rest 5, 20 s each side with a 5 s switch, rest 5,
# 8 reps x 2 s: 10 + 30 + 5 + 45 + 5 + 16 = 111 s.
ROUTINE = Routine(
    id="three",
    title="Three",
    steps=(
        Step(name="Hold", instructions="", dose=Hold(30.0)),
        Step(name="Sides", instructions="", dose=Hold(20.0), sides=Sides.BOTH),
        Step(name="Reps", instructions="", dose=Reps(8, 2.0)),
    ),
    lead_in=10.0,
    rest=5.0,
)
WORK = 30 + 45 + 16


def test_without_overrides_it_is_the_routines_own_total() -> None:
    assert with_overrides(ROUTINE, NO_OVERRIDES) is ROUTINE
    assert session_seconds(ROUTINE, NO_OVERRIDES) == total_seconds(ROUTINE) == 111.0
    assert not NO_OVERRIDES.overrides_anything


def test_a_lead_in_override_replaces_the_routines_own() -> None:
    overrides = TimingOverrides(lead_in=25.0)
    assert overrides.overrides_anything
    assert session_seconds(ROUTINE, overrides) == 25 + WORK + 5 + 5
    assert with_overrides(ROUTINE, overrides).rest == 5.0  # the rest is the routine's


def test_a_rest_override_replaces_every_routine_wide_rest() -> None:
    assert session_seconds(ROUTINE, TimingOverrides(rest=12.0)) == 10 + WORK + 12 + 12


def test_both_overrides_together() -> None:
    overrides = TimingOverrides(lead_in=3.0, rest=7.0)
    assert session_seconds(ROUTINE, overrides) == 3 + WORK + 7 + 7


def test_zero_lead_in_and_zero_rest_leave_only_the_stretching() -> None:
    assert session_seconds(ROUTINE, TimingOverrides(lead_in=0.0, rest=0.0)) == WORK


def test_a_steps_own_rest_still_applies() -> None:
    """The override replaces the routine-wide rest only, as the setting says."""
    steps = (
        Step(name="Long rest after", instructions="", dose=Hold(30.0), rest=20.0),
        *ROUTINE.steps[1:],
    )
    routine = Routine(id="own-rest", title="Own rest", steps=steps, lead_in=10.0, rest=5.0)
    assert session_seconds(routine, NO_OVERRIDES) == 10 + WORK + 20 + 5
    assert session_seconds(routine, TimingOverrides(rest=0.0)) == 10 + WORK + 20
    assert session_seconds(routine, TimingOverrides(rest=9.0)) == 10 + WORK + 20 + 9


def test_the_original_routine_is_left_as_it_is() -> None:
    changed = with_overrides(ROUTINE, TimingOverrides(lead_in=0.0, rest=0.0))
    assert (changed.lead_in, changed.rest) == (0.0, 0.0)
    assert (ROUTINE.lead_in, ROUTINE.rest) == (10.0, 5.0)
    assert changed.steps == ROUTINE.steps


@pytest.mark.parametrize(
    "overrides",
    [NO_OVERRIDES, TimingOverrides(lead_in=0.0), TimingOverrides(lead_in=4.0, rest=0.0)],
)
def test_the_session_ends_exactly_when_the_total_says(overrides: TimingOverrides) -> None:
    clock = FakeClock(start=100.0)
    session = Session(with_overrides(ROUTINE, overrides), clock)
    session.start()
    clock.advance_to(100.0 + session_seconds(ROUTINE, overrides))
    assert session.snapshot().state is State.DONE
    assert session.finished_at == 100.0 + session_seconds(ROUTINE, overrides)


@pytest.mark.parametrize(
    ("lead_in", "rest", "expected"),
    [
        (-1, -1, NO_OVERRIDES),
        (0, 0, TimingOverrides(0.0, 0.0)),
        (12, -1, TimingOverrides(lead_in=12.0)),
        (-1, 8, TimingOverrides(rest=8.0)),
        (-7, -30, NO_OVERRIDES),  # any negative number: the routine's own
        (100_000, 601, TimingOverrides(MAX_PAUSE, MAX_PAUSE)),  # edited by hand: the longest
    ],
)
def test_from_the_settings_numbers(lead_in: int, rest: int, expected: TimingOverrides) -> None:
    assert TimingOverrides.from_settings(lead_in, rest) == expected


@pytest.mark.parametrize(
    ("lead_in", "rest"), [(-1.0, None), (None, -0.5), (MAX_PAUSE + 1, None), (None, 1e9)]
)
def test_an_impossible_override_is_refused(lead_in: float | None, rest: float | None) -> None:
    with pytest.raises(ValueError, match="0 to 600 seconds"):
        TimingOverrides(lead_in, rest)


def test_a_session_runs_with_the_settings_get_ready_and_rest() -> None:
    assert timed(ROUTINE, -1, -1) == ROUTINE  # unset: the routine's own
    changed = timed(ROUTINE, 0, 12)
    assert (changed.lead_in, changed.rest) == (0.0, 12.0)
    assert (ROUTINE.lead_in, ROUTINE.rest) == (10.0, 5.0)  # the routine itself is untouched
    # No get-ready, 12 s between stretches: 0 + 30 + 12 + 45 + 12 + 16 s.
    assert total_seconds(changed) == 115.0
    assert total_seconds(changed) == session_seconds(ROUTINE, TimingOverrides.from_settings(0, 12))


def test_a_steps_own_rest_outlasts_the_settings_rest() -> None:
    own = Step(name="Own rest", instructions="", dose=Hold(10.0), rest=30.0)  # the rest after it
    routine = Routine(id="own", title="Own", steps=(own, ROUTINE.steps[0]), lead_in=0, rest=5)
    # 10 s hold, then the step's own 30 s rest (not the 2 s set), then 30 s.
    assert total_seconds(timed(routine, -1, 2)) == 70.0
