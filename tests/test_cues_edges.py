"""The cue plan at its edges: very short holds, a set cut to end on a beat, a stop,
a cue exactly as late as the tolerance allows."""

from __future__ import annotations

import pytest

from app.cues import (
    GET_INTO_POSITION,
    LATE_TOLERANCE,
    Cue,
    CueOptions,
    CueQueue,
    CueScheduler,
    Sound,
    _fit_words,
    _Priority,
    _Words,
)
from app.routine import Hold, Reps, Routine, Step
from app.session import Session
from app.speech_length import spoken_seconds
from tests.fakes import FakeClock
from tests.test_cues import START, RecordingSink, run_until, said, spoken_plan, started


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def test_stopping_a_session_gives_no_finish_cue(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 10.0)
    heard = list(sink.heard)
    session.stop()
    run_until(scheduler, sink, clock, 100.0)
    assert sink.heard == heard  # neither the finish sound nor "Warm-up done."


def test_a_new_scheduler_has_no_plan_yet(clock: FakeClock) -> None:
    scheduler = CueScheduler()
    assert scheduler.plan == []
    scheduler.set_session(
        Session(Routine(id="r", title="R", steps=(Step("S", "", Hold(30)),)), clock)
    )
    assert scheduler.plan == []


def test_a_set_cut_short_to_end_on_a_beat_gives_no_click_at_its_end(clock: FakeClock) -> None:
    # The heel raises (4 reps, one every 2 s) run from 53 s to 61 s; 2 s less makes
    # them end at 59 s, on the fourth rep's beat: the finish is heard then, not a click.
    session, scheduler = started(clock, CueOptions(voice=False))
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 54.0)
    session.adjust(-2.0)
    run_until(scheduler, sink, clock, 100.0)
    assert [cue for cue in sink.heard if cue[0] >= 53.0] == [
        (53.0, "chime"),
        (55.0, "rep"),
        (57.0, "rep"),
        (59.0, "finish"),
    ]


def test_holds_of_four_and_three_seconds_tick_on_each_second_after_the_chime(
    clock: FakeClock,
) -> None:
    routine = Routine(
        id="short",
        title="Short",
        steps=(Step("Four", "", Hold(4)), Step("Three", "", Hold(3))),
        lead_in=5,
        rest=3,
    )
    session = Session(routine, clock)
    scheduler = CueScheduler(CueOptions(voice=False))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100.0)
    # The three-second hold starts on its chime: its first tick would fall on it.
    assert sink.heard == [
        (5.0, "chime"),
        (6.0, "tick"),
        (7.0, "tick"),
        (8.0, "tick"),
        (12.0, "chime"),
        (13.0, "tick"),
        (14.0, "tick"),
        (15.0, "finish"),
    ]


def test_a_cue_exactly_as_late_as_the_tolerance_is_still_given_and_then_forgotten() -> None:
    tick = Cue(START, Sound.TICK, None, (3, "tick-2"))
    queue = CueQueue()
    queue.replace([tick])
    assert queue.due(START + LATE_TOLERANCE) == [tick]
    # Given that long ago, the same cue planned again (back restarted the stretch) is new.
    again = Cue(START + 2 * LATE_TOLERANCE, Sound.TICK, None, (3, "tick-2"))
    queue.replace([again])
    assert queue.due(START + 2 * LATE_TOLERANCE) == [again]


def test_a_rest_too_short_for_three_ticks_gives_those_clear_of_its_start(
    clock: FakeClock,
) -> None:
    # Ticks before a stretch keep off the first moment of the pause they count down
    # (there the sound before them is still heard): a rest of 3.5 s gives two.
    routine = Routine(
        id="quick",
        title="Quick",
        steps=(Step("One", "", Hold(5)), Step("Two", "", Hold(5))),
        lead_in=0,
        rest=3.5,
    )
    session = Session(routine, clock)
    scheduler = CueScheduler(CueOptions(voice=False, ticks_before_stretch=True))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100.0)
    assert sink.heard == [
        (0.0, "chime"),
        (2.0, "tick"),
        (3.0, "tick"),
        (4.0, "tick"),
        (6.5, "tick"),
        (7.5, "tick"),
        (8.5, "chime"),
        (10.5, "tick"),
        (11.5, "tick"),
        (12.5, "tick"),
        (13.5, "finish"),
    ]


@pytest.mark.parametrize(("rate", "rest"), [(0.0, 1.0), (-1.0, 2.0)])
def test_an_announcement_that_cannot_end_in_time_starts_as_soon_as_the_words_before_it_end(
    clock: FakeClock, rate: float, rest: float
) -> None:
    # A 2 s tap, then a rest too short for even "Next: Lunge." to end 1.5 s before
    # the lunge: it is said as early as it can be, right after "Tap." (at the slow
    # rate, the short form would have fitted had it been timed at the normal one).
    tap = Step(name="Tap", instructions="", dose=Hold(2))
    lunge = Step(name="Lunge", instructions="", dose=Hold(5), cue="Sink low.")
    routine = Routine(id="t", title="T", steps=(tap, lunge), lead_in=0, rest=rest)
    deadline = 2.0 + rest - GET_INTO_POSITION
    tap_ends = spoken_seconds("Tap.", rate)
    assert deadline - spoken_seconds("Next: Lunge.", rate) < tap_ends
    plan = spoken_plan(routine, clock, CueOptions(sounds=False, speech_rate=rate))
    assert [(start, text) for start, _, text in said(plan, rate)] == [
        (0.0, "Tap."),
        (round(tap_ends, 3), "Next: Lunge."),
        (2.0 + rest, "Go."),
        (7.0 + rest, "Warm-up done."),
    ]


def test_a_count_due_just_as_the_words_before_it_end_is_said(clock: FakeClock) -> None:
    # Reps one every as long as "Go. One." takes: "Two" comes right after, not over it.
    tempo = spoken_seconds("Go. One.")
    swings = Step(name="Swings", instructions="", dose=Reps(3, tempo))
    routine = Routine(id="t", title="T", steps=(swings,), lead_in=0, rest=0)
    options = CueOptions(sounds=False, say_step_names=False, count_reps_aloud=True)
    words = [(start, text) for start, _, text in said(spoken_plan(routine, clock, options))]
    assert words[:3] == [
        (0.0, "Go. One."),
        (round(tempo, 3), "Two"),
        (round(2 * tempo, 3), "Three"),
    ]


def test_a_count_that_ends_just_as_the_next_words_start_is_still_said() -> None:
    # A plan meets this only when two estimates add up to the last bit, so the rule
    # is checked on the fitting itself: words are left out only while they would
    # still be going on; "Two" ends as "Switch sides." starts, and both are said.
    two = spoken_seconds("Two")
    words = [
        _Words(0.0, "Two", (0, "rep-2-say"), _Priority.EXTRA),
        _Words(two, "Switch sides.", (1, "switch-say"), _Priority.MAIN),
    ]
    assert [(cue.at, cue.speech) for cue in _fit_words(words, 0.0)] == [
        (0.0, "Two"),
        (two, "Switch sides."),
    ]
    # A moment earlier, and the count would be cut off: it is left out.
    words[1] = _Words(two - 0.01, "Switch sides.", (1, "switch-say"), _Priority.MAIN)
    assert [cue.speech for cue in _fit_words(words, 0.0)] == ["Switch sides."]
