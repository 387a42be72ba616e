"""The record's rules: which history row and resume record a run needs, told from
what the engine shows. Driven by a fake clock, without Qt or a database."""

from __future__ import annotations

from app.clock import ManualClock
from app.routine import Hold, Routine, Step
from app.session import Session, State
from app.session_record import (
    Began,
    BeganAgain,
    Ended,
    Event,
    KeptForNextTime,
    NothingToResume,
    RunEnd,
    SessionRecorder,
    Standing,
)

# Get-ready 5, hold 20, rest 3, hold 10: 38 s.
ROUTINE = Routine(
    id="two",
    title="Two holds",
    steps=(
        Step(name="Calf stretch", instructions="Lean.", dose=Hold(20)),
        Step(name="Quad stretch", instructions="Pull.", dose=Hold(10)),
    ),
    lead_in=5,
    rest=3,
)


def shown(recorder: SessionRecorder, session: Session) -> list[Event]:
    """What the record needs after the driver shows `session` as it is now."""
    return recorder.changed(session, session.snapshot().state)


def test_a_session_not_started_records_nothing() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    assert shown(recorder, session) == []
    assert not recorder.recording
    assert recorder.unloaded(session) == [NothingToResume()]


def test_a_run_opens_a_row_keeps_its_place_and_ends_completed() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    assert shown(recorder, session) == [Began(session), Standing(session)]
    clock.advance(10.0)
    assert shown(recorder, session) == [Standing(session)]
    clock.advance(100.0)
    assert shown(recorder, session) == [
        Ended(session, RunEnd.COMPLETED, steps=2, active_seconds=38.0),
        NothingToResume(),
    ]
    assert shown(recorder, session) == []  # the done page redrawn: written once


def test_a_pause_is_left_out_of_the_time_the_row_keeps() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    shown(recorder, session)
    clock.advance(8.0)
    session.pause()
    clock.advance(60.0)
    session.resume()
    clock.advance(2.0)
    session.stop()
    assert shown(recorder, session) == [Standing(session)]  # stopped: nothing to resume
    assert recorder.unloaded(session) == [
        Ended(session, RunEnd.STOPPED, steps=0, active_seconds=10.0),
        NothingToResume(),
    ]


def test_a_restart_goes_on_in_the_same_row_counted_from_zero() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    shown(recorder, session)
    clock.advance(30.0)  # the first hold done
    session.restart()
    assert shown(recorder, session) == [BeganAgain(session), Standing(session)]
    clock.advance(7.0)
    assert recorder.unloaded(session) == [
        Ended(session, RunEnd.STOPPED, steps=0, active_seconds=7.0),
        NothingToResume(),
    ]


def test_going_again_from_the_done_page_is_a_new_row() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    shown(recorder, session)
    clock.advance(38.0)
    shown(recorder, session)  # done: its row ended
    session.restart()
    assert shown(recorder, session) == [Began(session), Standing(session)]


def test_another_session_loaded_ends_the_one_before_as_stopped() -> None:
    clock = ManualClock()
    first = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    first.start()
    shown(recorder, first)
    clock.advance(27.0)  # into the rest: the first hold is done
    first.stop()
    second = Session(ROUTINE, clock.monotonic)
    assert shown(recorder, second) == [Ended(first, RunEnd.STOPPED, steps=1, active_seconds=27.0)]
    assert recorder.session is second


def test_closing_mid_run_keeps_it_for_next_time_and_then_records_nothing() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    shown(recorder, session)
    clock.advance(12.0)
    assert recorder.closing(session) == [
        KeptForNextTime(session),
        Ended(session, RunEnd.STOPPED, steps=0, active_seconds=12.0),
    ]
    assert not recorder.recording
    # What the window does as it goes (unload the session) must not remove the record.
    assert recorder.unloaded(session) == []
    assert recorder.changed(session, State.STOPPED) == []
    assert recorder.closing(session) == []


def test_closing_with_nothing_under_way_keeps_nothing() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    assert recorder.closing(None) == []
    shown(recorder, session)
    assert recorder.closing(session) == []  # not started
    assert recorder.unloaded(session) == [NothingToResume()]


def test_a_resumed_run_carries_the_time_it_had_run_into_its_row() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    shown(recorder, session)  # loaded, as the driver shows it before the restore
    session.restore(1, 6.0, active_seconds=19.0)
    assert shown(recorder, session) == [Began(session), Standing(session)]
    session.resume()
    clock.advance(100.0)
    assert shown(recorder, session)[0] == Ended(
        session, RunEnd.COMPLETED, steps=2, active_seconds=19.0 + 6.0 + 3.0 + 10.0
    )


def test_the_row_keeps_the_time_run_to_the_millisecond() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    shown(recorder, session)
    clock.advance(12.3456)
    assert recorder.unloaded(session) == [
        Ended(session, RunEnd.STOPPED, steps=0, active_seconds=12.346),
        NothingToResume(),
    ]


def test_a_new_recorder_is_not_recording() -> None:
    assert not SessionRecorder().recording


def test_a_run_begun_and_done_between_two_shows_is_opened_and_closed() -> None:
    clock = ManualClock()
    session = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    session.start()
    clock.advance(100.0)  # the window was not drawn all the while (the laptop slept)
    assert shown(recorder, session) == [
        Began(session),
        Ended(session, RunEnd.COMPLETED, steps=2, active_seconds=38.0),
        NothingToResume(),
    ]


def test_closing_with_a_session_loaded_but_not_yet_shown_keeps_nothing() -> None:
    clock = ManualClock()
    first = Session(ROUTINE, clock.monotonic)
    recorder = SessionRecorder()
    first.start()
    shown(recorder, first)
    second = Session(ROUTINE, clock.monotonic)  # loaded; the window closes before it is drawn
    assert recorder.closing(second) == []
    assert recorder.recording
