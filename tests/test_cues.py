"""The cue plan and scheduler: which cue, at which time, through pause, skip and back."""

from __future__ import annotations

import io
import itertools
import json
import wave
from dataclasses import dataclass, field

import pytest

from app import resources
from app.cues import (
    GET_INTO_POSITION,
    LATE_TOLERANCE,
    SPEECH_AFTER_SOUND,
    Cue,
    CueOptions,
    CueQueue,
    CueScheduler,
    SilentSink,
    Sound,
    announcement_fits,
    first_sentence,
    intro_text,
)
from app.routine import Hold, Reps, Routine, Sides, Step
from app.session import Session
from app.speech_length import spoken_seconds
from tests.fakes import FakeClock

START = 1000.0

LUNGE = Step(
    name="Lunge press",
    instructions="Step forward and sink.",
    dose=Hold(20),
    cue="Run tall. Hips forward.",
    sides=Sides.BOTH,
    say="Lunge press. Sink down.",
)
HEELS = Step(
    name="Heel raise",
    instructions="Up and down.",
    dose=Reps(4, 2.0),
    cue="Rise tall. Then lower slowly.",
)
ROUTINE = Routine(id="test", title="Test", steps=(LUNGE, HEELS), lead_in=5, rest=3)


@dataclass
class RecordingSink:
    """Writes down what would be heard, and when (seconds since the start)."""

    clock: FakeClock
    heard: list[tuple[float, str]] = field(default_factory=list)

    def play(self, sound: Sound) -> None:
        self.heard.append((round(self.clock.monotonic() - START, 6), sound.value))

    def say(self, text: str) -> None:
        self.heard.append((round(self.clock.monotonic() - START, 6), f'"{text}"'))


def give(scheduler: CueScheduler, sink: RecordingSink, now: float) -> None:
    for cue in scheduler.due(now):
        if cue.sound is not None:
            sink.play(cue.sound)
        if cue.speech is not None:
            sink.say(cue.speech)


def run_until(scheduler: CueScheduler, sink: RecordingSink, clock: FakeClock, end: float) -> None:
    """Walk the fake clock from cue to cue, as the player's timer would, up to `end`."""
    give(scheduler, sink, clock.monotonic())
    while (at := scheduler.next_at(clock.monotonic())) is not None and at <= START + end:
        clock.advance_to(max(at, clock.monotonic()))
        give(scheduler, sink, clock.monotonic())
    clock.advance_to(max(clock.monotonic(), START + end))
    give(scheduler, sink, clock.monotonic())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def started(clock: FakeClock, options: CueOptions | None = None) -> tuple[Session, CueScheduler]:
    session = Session(ROUTINE, clock)
    scheduler = CueScheduler(options)
    scheduler.set_session(session)
    session.start()
    return session, scheduler


# The 3 s rest is too short for "Next: Heel raise. Rise tall.": it is said over
# the end of the lunge instead, ending 1.5 s before the heel raises start at 53 s.
HEELS_NEXT = "Next: Heel raise. Rise tall."
HEELS_NEXT_AT = round(53.0 - GET_INTO_POSITION - spoken_seconds(HEELS_NEXT), 6)

FULL_SEQUENCE = [
    (0.0, '"Next: Lunge press. Sink down."'),
    (5.0, "chime"),
    (5.64, '"Left side."'),
    (15.0, '"Ten seconds."'),
    (22.0, "tick"),
    (23.0, "tick"),
    (24.0, "tick"),
    (25.0, "switch"),
    (25.63, '"Switch sides."'),
    (30.0, "chime"),
    (30.64, '"Right side."'),
    (40.0, '"Ten seconds."'),
    (47.0, "tick"),
    (48.0, "tick"),
    (HEELS_NEXT_AT, f'"{HEELS_NEXT}"'),
    (49.0, "tick"),
    (53.0, "chime"),
    (53.64, '"Go."'),
    (55.0, "rep"),
    (57.0, "rep"),
    (59.0, "rep"),
    (61.0, "finish"),
    (62.31, '"Warm-up done."'),
]


def test_a_whole_routine_gives_every_cue_on_time(clock: FakeClock) -> None:
    assert 48.0 < HEELS_NEXT_AT < 49.0
    _, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    assert sink.heard == FULL_SEQUENCE


def test_options_leave_out_voice_sounds_or_single_announcements(clock: FakeClock) -> None:
    _, scheduler = started(clock, CueOptions(voice=False))
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    assert sink.heard == [cue for cue in FULL_SEQUENCE if not cue[1].startswith('"')]

    clock2 = FakeClock(START)
    options = CueOptions(
        sounds=False, say_step_names=False, say_ten_seconds=False, say_switch_sides=False
    )
    _, scheduler = started(clock2, options)
    sink = RecordingSink(clock2)
    run_until(scheduler, sink, clock2, 100)
    assert sink.heard == [
        (5.0, '"Left side."'),
        (30.0, '"Right side."'),
        (53.0, '"Go."'),
        (61.0, '"Warm-up done."'),
    ]


def test_every_stretch_starts_on_a_3_2_1_when_asked(clock: FakeClock) -> None:
    _, scheduler = started(clock, CueOptions(voice=False, ticks_before_stretch=True))
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    ticks = [at for at, heard in sink.heard if heard == "tick"]
    assert ticks == [
        2.0, 3.0, 4.0,  # the get-ready's last three seconds, into the left side at 5 s
        22.0, 23.0, 24.0,  # the left side's last three
        27.0, 28.0, 29.0,  # the switch's (5 s; its sound first), into the right side at 30 s
        47.0, 48.0, 49.0,  # the right side's last three
        51.0, 52.0,  # the rest's (3 s: the first second is the rest's start)
    ]  # fmt: skip
    assert (25.0, "switch") in sink.heard


def test_reps_are_counted_aloud_when_asked(clock: FakeClock) -> None:
    _, scheduler = started(clock, CueOptions(count_reps_aloud=True, sounds=False))
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    assert sink.heard[-5:] == [
        (53.0, '"Go. One."'),
        (55.0, '"Two"'),
        (57.0, '"Three"'),
        (59.0, '"Four"'),
        (61.0, '"Warm-up done."'),
    ]


def test_pause_holds_the_cues_back_and_resume_shifts_them(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 21.5)
    session.pause()
    assert scheduler.next_at(clock.monotonic()) is None
    clock.advance(30)  # nothing while paused
    assert scheduler.due(clock.monotonic()) == []
    session.resume()  # at 51.5; the three ticks are now 30 s later
    run_until(scheduler, sink, clock, 56)
    assert sink.heard[-6:] == [
        (15.0, '"Ten seconds."'),
        (52.0, "tick"),
        (53.0, "tick"),
        (54.0, "tick"),
        (55.0, "switch"),
        (55.63, '"Switch sides."'),
    ]


def test_skip_drops_the_rest_of_the_stretch_and_announces_what_comes(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 47.5)  # the right side's first tick given
    session.skip()  # leaves the lunge: into the rest before the heel raise
    run_until(scheduler, sink, clock, 52)
    # The skipped stretch's other ticks never come, late or otherwise.
    assert sink.heard[-5:] == [
        (40.0, '"Ten seconds."'),
        (47.0, "tick"),
        (47.5, '"Next: Heel raise."'),  # 3 s to go: no time for more than the name
        (50.5, "chime"),
        (51.14, '"Go."'),
    ]


def test_skip_on_the_left_side_switches_sides_at_once(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 22.5)  # the left side's first tick given
    session.skip()  # on to the switch, then the right side
    run_until(scheduler, sink, clock, 29)
    assert sink.heard[-6:] == [
        (15.0, '"Ten seconds."'),
        (22.0, "tick"),
        (22.5, "switch"),
        (23.13, '"Switch sides."'),
        (27.5, "chime"),
        (28.14, '"Right side."'),
    ]


def test_skip_from_the_get_ready_starts_the_stretch_without_repeating_it(
    clock: FakeClock,
) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 1)
    session.skip()
    run_until(scheduler, sink, clock, 2)
    assert sink.heard == [
        (0.0, '"Next: Lunge press. Sink down."'),
        (1.0, "chime"),
        (1.64, '"Left side."'),
    ]


def test_skipping_the_last_stretch_still_finishes_with_the_finish_cue(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 54)
    session.skip()
    run_until(scheduler, sink, clock, 70)
    assert sink.heard[-3:] == [(53.64, '"Go."'), (54.0, "finish"), (55.31, '"Warm-up done."')]


def test_back_restarts_the_stretch_and_its_cues(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 12)
    session.back()  # 7 s into the lunge: restart it
    run_until(scheduler, sink, clock, 13)
    assert sink.heard[-2:] == [(12.0, "chime"), (12.64, '"Left side."')]
    run_until(scheduler, sink, clock, 33)
    assert sink.heard[-6:] == [
        (22.0, '"Ten seconds."'),
        (29.0, "tick"),
        (30.0, "tick"),
        (31.0, "tick"),
        (32.0, "switch"),
        (32.63, '"Switch sides."'),
    ]


def test_adjusting_at_the_start_of_a_stretch_does_not_repeat_its_chime(clock: FakeClock) -> None:
    session, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 5)
    session.adjust(10)  # in the very instant the chime played
    run_until(scheduler, sink, clock, 36)
    assert [entry for entry in sink.heard if entry[1] == "chime"] == [(5.0, "chime")]
    assert (25.0, '"Ten seconds."') in sink.heard
    assert (32.0, "tick") in sink.heard
    assert (35.0, "switch") in sink.heard


def test_a_cue_found_late_is_dropped_not_played_late(clock: FakeClock) -> None:
    _, scheduler = started(clock)
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 21.9)
    clock.advance_to(START + 22 + LATE_TOLERANCE / 2)  # slightly late: still given
    give(scheduler, sink, clock.monotonic())
    assert sink.heard[-1] == (22.125, "tick")
    clock.advance_to(START + 24.5)  # the 23 s tick is 1.5 s late, the 24 s one 0.5 s
    give(scheduler, sink, clock.monotonic())
    assert sink.heard[-1] == (22.125, "tick")


def test_the_spoken_forms() -> None:
    assert intro_text(LUNGE) == "Lunge press. Sink down."
    assert intro_text(HEELS) == "Heel raise. Rise tall."
    assert first_sentence("Keep  it\nlong") == "Keep it long."
    assert first_sentence("Knees soft! Then go.") == "Knees soft!"


def test_a_step_with_no_pause_before_it_is_announced_as_it_starts(clock: FakeClock) -> None:
    routine = Routine(id="t", title="T", steps=(HEELS, HEELS), lead_in=0, rest=0)
    session = Session(routine, clock)
    scheduler = CueScheduler(CueOptions(sounds=False))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 9)
    assert sink.heard == [(0.0, '"Heel raise. Rise tall."'), (8.0, '"Heel raise. Rise tall."')]


def test_words_that_go_with_a_sound_wait_for_it_to_end(clock: FakeClock) -> None:
    _, scheduler = started(clock)
    plan = scheduler.replan(clock.monotonic())
    assert plan is not None
    chime = next(cue for cue in plan if cue.sound is Sound.CHIME)
    words = next(cue for cue in plan if cue.speech == "Left side.")
    assert words.at == pytest.approx(chime.at + Sound.CHIME.seconds + SPEECH_AFTER_SOUND)
    assert all(cue.sound is None or cue.speech is None for cue in plan)
    assert scheduler.replan(clock.monotonic()) is None  # nothing changed: the plan stands


def test_the_sound_lengths_are_those_of_the_files() -> None:
    for sound in Sound:
        with wave.open(io.BytesIO(resources.asset_bytes(sound.asset))) as file:
            assert file.getnframes() / file.getframerate() == pytest.approx(
                sound.seconds, abs=0.005
            )


def test_a_cue_crosses_the_pipe_unchanged_and_garbage_is_refused() -> None:
    cue = Cue(1234.5, Sound.TICK, None, (3, "tick-2"))
    assert Cue.from_wire(json.loads(json.dumps(cue.to_wire()))) == cue
    spoken = Cue(1.0, None, "Next: Lunge press.", (0, "next-say"))
    assert Cue.from_wire(spoken.to_wire()) == spoken
    bad: object
    for bad in (
        [],
        {"at": "soon", "sound": None, "speech": "x", "key": [0, "a"]},
        {"at": float("nan"), "sound": None, "speech": "x", "key": [0, "a"]},
        {"at": 1.0, "sound": "bang", "speech": None, "key": [0, "a"]},
        {"at": 1.0, "sound": None, "speech": 7, "key": [0, "a"]},
        {"at": 1.0, "sound": None, "speech": "x", "key": "a"},
    ):
        with pytest.raises(ValueError, match="a cue"):
            Cue.from_wire(bad)


def test_a_queue_gives_each_cue_once_even_when_the_plan_is_sent_again() -> None:
    queue = CueQueue()
    plan = [Cue(10.0, Sound.CHIME, None, (1, "start")), Cue(12.0, Sound.TICK, None, (1, "t"))]
    queue.replace(plan)
    assert queue.next_at() == 10.0
    assert queue.due(9.99) == []
    assert queue.due(10.0) == [plan[0]]
    queue.replace(plan)  # the same plan again, in the same instant (+10 s pressed)
    assert queue.due(10.01) == []
    assert queue.next_at() == 12.0
    assert queue.due(12.0 + LATE_TOLERANCE + 0.01) == []  # too late: dropped, not played
    assert queue.next_at() is None


def test_every_cue_in_a_plan_has_its_own_key(clock: FakeClock) -> None:
    _, scheduler = started(clock)
    plan: list[Cue] = scheduler.plan
    scheduler.due(clock.monotonic())
    plan = scheduler.plan or plan
    assert len({cue.key for cue in plan}) == len(plan)
    SilentSink().play(Sound.TICK)
    SilentSink().say("nothing")
    assert Sound.FINISH.asset == "sounds/finish.wav"


# --- words that fit: announcements end in time, short cues never cut each other off ------------


def spoken_plan(routine: Routine, clock: FakeClock, options: CueOptions) -> list[Cue]:
    session = Session(routine, clock)
    scheduler = CueScheduler(options)
    scheduler.set_session(session)
    session.start()
    plan = scheduler.replan(clock.monotonic())
    assert plan is not None
    return [cue for cue in plan if cue.speech is not None]


def said(plan: list[Cue], rate: float = 0.0) -> list[tuple[float, float, str]]:
    """(start, end, words) of every spoken cue, seconds since the start."""
    return [
        (
            round(cue.at - START, 3),
            round(cue.at - START + spoken_seconds(cue.speech, rate), 3),
            cue.speech,
        )
        for cue in plan
        if cue.speech is not None
    ]


def test_at_a_slow_rate_the_announcement_is_shorter_or_earlier(clock: FakeClock) -> None:
    slow = CueOptions(speech_rate=-1.0)
    plan = spoken_plan(ROUTINE, clock, slow)
    announcements = [cue for cue in plan if cue.key[1] == "next-say"]
    # The 5 s get-ready has no room for all of "Next: Lunge press. Sink down." spoken slowly
    # and nothing comes before it: the name alone, at once.
    assert announcements[0].speech == "Next: Lunge press."
    assert announcements[0].at == START
    # The heel raise's is said over the end of the lunge, in full, to end 1.5 s early.
    assert announcements[1].speech == "Next: Heel raise. Rise tall."
    end = announcements[1].at + spoken_seconds("Next: Heel raise. Rise tall.", -1.0)
    assert end == pytest.approx(START + 53.0 - GET_INTO_POSITION)
    starts_and_ends = said(plan, -1.0)
    for (_, end, words), (start, _, later) in itertools.pairwise(starts_and_ends):
        assert end <= start, f"{words!r} is cut off by {later!r}"


def test_a_count_that_would_cut_the_side_off_is_left_out(clock: FakeClock) -> None:
    swings = Step(name="Leg swings", instructions="Swing.", dose=Reps(4, 1.5), sides=Sides.BOTH)
    routine = Routine(id="t", title="T", steps=(swings,), lead_in=0, rest=0)
    options = CueOptions(sounds=False, count_reps_aloud=True, say_step_names=False)
    words = [(start, text) for start, _, text in said(spoken_plan(routine, clock, options))]
    # "Left side. One." takes longer than the 1.5 s to the second rep: "Two" is not said.
    assert spoken_seconds("Left side. One.") > 1.5
    assert words[:3] == [(0.0, "Left side. One."), (3.0, "Three"), (4.5, "Four")]
    for (_, end, text), (start, _, later) in itertools.pairwise(
        said(spoken_plan(routine, FakeClock(START), options))
    ):
        assert end <= start, f"{text!r} is cut off by {later!r}"


def test_ten_seconds_gives_way_to_an_announcement_that_needs_its_time(clock: FakeClock) -> None:
    wordy = Step(
        name="Kneeling ankle press",
        instructions="Kneel.",
        dose=Hold(30),
        say=(
            "Kneeling ankle press. Kneel on a mat, sit back on your heels, and ease in "
            "slowly. Keep your back upright and breathe."
        ),
    )
    hold = Step(name="Lunge", instructions="Sink.", dose=Hold(20))
    routine = Routine(id="t", title="T", steps=(hold, wordy), lead_in=0, rest=2)
    plan = spoken_plan(routine, clock, CueOptions(sounds=False))
    announcement = next(cue for cue in plan if cue.key[1] == "next-say")
    spoken = spoken_seconds(str(announcement.speech))
    assert announcement.at + spoken == pytest.approx(START + 22.0 - GET_INTO_POSITION)
    # The lunge's "Ten seconds." would still be speaking when the announcement starts.
    assert announcement.at - START < 10.0 + spoken_seconds("Ten seconds.")
    assert [cue.speech for cue in plan][:3] == ["Lunge.", announcement.speech, "Go."]


def test_an_announcement_is_never_planned_into_the_past(clock: FakeClock) -> None:
    session, scheduler = started(clock, CueOptions(speech_rate=-1.0))
    clock.advance(48.9)  # in the lunge's last seconds; its announcement was due earlier
    session.pause()
    session.resume()
    plan = scheduler.replan(clock.monotonic())
    assert plan is not None
    announcement = next(cue for cue in plan if cue.key[1] == "next-say")
    assert announcement.at >= clock.monotonic()


def test_the_speaking_rate_changes_the_plan(clock: FakeClock) -> None:
    scheduler = CueScheduler()
    session = Session(ROUTINE, clock)
    scheduler.set_session(session)
    session.start()
    normal = scheduler.replan(clock.monotonic())
    scheduler.set_options(CueOptions(speech_rate=-1.0))
    slow = scheduler.replan(clock.monotonic())
    assert normal is not None
    assert slow is not None
    assert normal != slow


def test_announcement_fits_measures_each_pause_at_a_rate() -> None:
    fits = announcement_fits(ROUTINE)
    assert [(fit.step_index, fit.gap) for fit in fits] == [(0, 5.0), (1, 3.0)]
    assert fits[0].spoken == pytest.approx(spoken_seconds("Next: Lunge press. Sink down."))
    assert fits[0].fits
    assert not fits[1].fits  # 3 s is not enough for "Next: Heel raise. Rise tall." and 1.5 s
    assert announcement_fits(ROUTINE, -1.0)[0].spoken > fits[0].spoken
    no_pauses = Routine(id="t", title="T", steps=(LUNGE, HEELS), lead_in=0, rest=0)
    assert announcement_fits(no_pauses) == []  # named as each starts: nothing to fit


def spoken_lines(sink: RecordingSink) -> list[tuple[float, str]]:
    """What the voice said, and when, leaving out the sounds."""
    return [(at, what) for at, what in sink.heard if what.startswith('"')]


def test_ten_seconds_is_said_only_on_holds_of_twenty_seconds_or_more(clock: FakeClock) -> None:
    short = Step(name="Calf hold", instructions="Lean in.", dose=Hold(19), cue="Heel down.")
    long = Step(name="Hip hold", instructions="Sink.", dose=Hold(20), cue="Tall.")
    session = Session(Routine(id="t", title="T", steps=(short, long), lead_in=5, rest=5), clock)
    scheduler = CueScheduler(CueOptions(sounds=False))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    # The 19 s hold runs 5-24 s, the 20 s hold 29-49 s: only the second hears it.
    assert [at for at, what in spoken_lines(sink) if what == '"Ten seconds."'] == [39.0]


def test_reps_past_ten_are_counted_aloud_as_numbers(clock: FakeClock) -> None:
    skips = Step(name="Skips", instructions="Skip on the spot.", dose=Reps(12, 3.0), cue="Light.")
    session = Session(Routine(id="t", title="T", steps=(skips,), lead_in=5, rest=0), clock)
    scheduler = CueScheduler(CueOptions(count_reps_aloud=True, sounds=False))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    # One every 3 s from 5 s: the tenth rep at 32 s, the last at 38 s.
    assert spoken_lines(sink)[-4:] == [
        (32.0, '"Ten"'),
        (35.0, '"11"'),
        (38.0, '"12"'),
        (41.0, '"Warm-up done."'),
    ]


def test_the_short_spoken_form_ends_at_a_full_stop_not_inside_a_number() -> None:
    assert first_sentence("Run tall.") == "Run tall."
    assert first_sentence("Breathe out for 2.5 s. Then in.") == "Breathe out for 2.5 s."
    assert first_sentence("Make an X shape. Then reach.") == "Make an X shape."
    assert first_sentence("Are you tall? Good.") == "Are you tall?"
    assert first_sentence("") == ""


def test_warm_up_done_is_left_unsaid_when_turned_off_but_the_finish_sound_plays(
    clock: FakeClock,
) -> None:
    _, scheduler = started(clock, CueOptions(say_done=False))
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 100)
    assert sink.heard[-1] == (61.0, "finish")
    assert '"Warm-up done."' not in [what for _, what in sink.heard]


def test_the_first_cue_is_given_at_once_when_asked_for_what_is_due(clock: FakeClock) -> None:
    _, scheduler = started(clock)
    assert [cue.speech for cue in scheduler.due(clock.monotonic())] == [
        "Next: Lunge press. Sink down."
    ]


def test_with_no_session_nothing_is_planned_or_given(clock: FakeClock) -> None:
    idle = CueScheduler()
    assert idle.due(START) == []
    assert idle.next_at(START) is None
    assert idle.replan(START) is None

    _, scheduler = started(clock)
    assert scheduler.replan(START)
    scheduler.set_session(None)
    assert scheduler.plan == []
    assert scheduler.due(START + 5) == []


@pytest.mark.parametrize("key", [[0], [0, "a", "b"], ["0", "a"], [True, "a"], None])
def test_a_cue_whose_key_is_not_an_index_and_a_name_is_refused(key: object) -> None:
    with pytest.raises(ValueError, match="a cue's key"):
        Cue.from_wire({"at": 1.0, "sound": None, "speech": "x", "key": key})


def test_a_two_sided_hold_with_no_pause_before_it_is_named_then_its_side_said(
    clock: FakeClock,
) -> None:
    routine = Routine(id="t", title="T", steps=(HEELS, LUNGE), lead_in=5, rest=0)
    session = Session(routine, clock)
    scheduler = CueScheduler(CueOptions(sounds=False))
    scheduler.set_session(session)
    session.start()
    sink = RecordingSink(clock)
    run_until(scheduler, sink, clock, 14)
    # The heel raises end at 13 s and the lunge starts at once: no pause to announce it in.
    assert spoken_lines(sink)[-1] == (13.0, '"Lunge press. Sink down. Left side."')


def test_a_one_second_rest_is_measured_and_found_too_short_for_its_announcement() -> None:
    short = Routine(id="t", title="T", steps=(LUNGE, HEELS), lead_in=1, rest=1)
    fits = announcement_fits(short)
    assert [(fit.step_index, fit.gap, fit.fits) for fit in fits] == [
        (0, 1.0, False),
        (1, 1.0, False),
    ]
