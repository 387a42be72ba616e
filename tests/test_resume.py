"""The "session in progress" record and Session.restore: picking a lost session up."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.clock import ManualClock
from app.resume import ResumePoint, restore, resume_point
from app.routine import Hold, Routine, Sides, Step
from app.session import PauseReason, PhaseKind, Session, State


def make_routine() -> Routine:
    return Routine(
        id="two",
        title="Two steps",
        steps=(
            Step(name="Lunge press", instructions="Press.", dose=Hold(20), sides=Sides.BOTH),
            Step(name="Forward bend", instructions="Bend.", dose=Hold(30)),
        ),
        lead_in=5,
        rest=3,
    )


def started(clock: ManualClock) -> Session:
    session = Session(make_routine(), clock.monotonic)
    session.start()
    return session


def test_restore_opens_the_phase_paused_with_the_time_left() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    session.restore(3, 12.5, completed=())
    snapshot = session.snapshot()
    assert snapshot.state is State.PAUSED
    assert snapshot.pause_reason is PauseReason.USER
    assert snapshot.phase.kind is PhaseKind.HOLD
    assert snapshot.phase.side is not None
    assert snapshot.phase.side.value == "right"
    assert snapshot.remaining == 12.5
    assert session.started_at == clock.monotonic()
    session.resume()
    clock.advance(12.5)
    assert session.snapshot().phase.kind is PhaseKind.REST
    assert session.completed_steps == (0,)


def test_restore_keeps_adjusted_durations_and_completed_steps() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    durations = [5.0, 20.0, 5.0, 30.0, 3.0, 45.0]
    session.restore(5, 50.0, durations=durations, completed=(0,))
    assert [phase.duration for phase in session.phases] == durations
    assert session.snapshot().remaining == 45.0  # capped at the phase
    assert session.completed_steps == (0,)


@pytest.mark.parametrize(
    ("phase", "remaining", "durations", "completed"),
    [
        (6, 5.0, None, ()),
        (-1, 5.0, None, ()),
        (1, 0.0, None, ()),
        (1, float("nan"), None, ()),
        (1, 5.0, [1.0, 2.0], ()),
        (1, 5.0, [5.0, 20.0, 5.0, 20.0, 3.0, 0.0], ()),
        (1, 5.0, None, (2,)),
    ],
)
def test_restore_refuses_what_does_not_fit(
    phase: int, remaining: float, durations: list[float] | None, completed: tuple[int, ...]
) -> None:
    session = Session(make_routine(), ManualClock().monotonic)
    with pytest.raises(ValueError):  # noqa: PT011
        session.restore(phase, remaining, durations=durations, completed=completed)
    assert session.state is State.READY


def test_restore_only_from_ready() -> None:
    session = started(ManualClock())
    with pytest.raises(ValueError, match="not yet started"):
        session.restore(1, 5.0)


def test_a_running_session_round_trips_through_its_record() -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(5 + 20 + 5 + 8)  # 12 s left of the right side
    session.adjust(10)
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert point.question() == "Resume Two steps at Lunge press (step 1 of 2)?"
    again = ResumePoint.from_json(point.to_json())
    assert again == point

    fresh = Session(make_routine(), clock.monotonic)
    restore(fresh, again)
    snapshot = fresh.snapshot()
    assert snapshot.state is State.PAUSED
    assert snapshot.phase_index == 3
    assert snapshot.remaining == 22.0
    assert fresh.phases[3].duration == 30.0


def test_the_record_keeps_the_history_row_and_the_time_run() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert (point.history_row, point.active_seconds) == (None, 0.0)
    kept = replace(point, history_row=42, active_seconds=37.5)
    assert ResumePoint.from_json(kept.to_json()) == kept
    # A record written before these were kept still resumes, with neither.
    old = kept.to_json().replace(',"history_row":42,"active_seconds":37.5', "")
    assert '"history_row"' not in old
    assert ResumePoint.from_json(old) == point
    for bad in ('"history_row":"42"', '"active_seconds":-1'):
        key = bad.split(":")[0]
        garbled = re.sub(key + r":[^,}]*", bad, kept.to_json())
        assert ResumePoint.from_json(garbled) is None, bad


def test_no_record_before_the_start_or_after_the_end() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    assert resume_point(session, session.snapshot()) is None
    session.start()
    clock.advance(1000)
    assert resume_point(session, session.snapshot()) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"version": 2}',
        '{"version": 1, "routine_id": "x"}',
    ],
)
def test_garbled_records_are_ignored(text: str) -> None:
    assert ResumePoint.from_json(text) is None


def test_a_record_out_of_range_is_ignored() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    bad = point.to_json().replace('"phase_index":0', '"phase_index":9')
    assert ResumePoint.from_json(bad) is None


def test_a_changed_routine_is_not_restored() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    shorter = Routine(id="two", title="Two steps", steps=make_routine().steps[1:], lead_in=5)
    with pytest.raises(ValueError, match="changed"):
        restore(Session(shorter, clock.monotonic), point)
