"""The shipped routines and stretch library, read as a running coach would.

These fail on a real mistake in the content: a routine longer or shorter than
its name promises, a warm-up that ends standing still, a text whose count
disagrees with the dose, two texts giving different landing rules, a voice
that names something other than the screen.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.cues import (
    GET_INTO_POSITION,
    Cue,
    CueOptions,
    announcement_fits,
    intro_text,
    plan_cues,
    session_timeline,
)
from app.routine import Hold, Kind, Reps, Routine, Sides, Step, Stretch, step_from_stretch
from app.session import Session
from app.speech_length import DEFAULT_RATE, MIN_RATE, spoken_seconds
from app.store import Catalog, shipped_library
from app.timing import NO_OVERRIDES, session_seconds

LIBRARY = shipped_library()
SHIPPED = {
    entry.id: entry.routine
    for entry in Catalog.load(Path("/nonexistent/limber-routines")).entries
    if entry.builtin and entry.routine is not None
}
MINUTE = 60.0
# What each routine promises, in seconds: its name and summary say so.
BANDS = {
    "full-warmup": (8 * MINUTE, 10 * MINUTE),  # race day: the whole plan
    "quick-warmup": (2.5 * MINUTE, 3 * MINUTE),  # out the door
}
REGION_BAND = (4 * MINUTE, 6 * MINUTE)
# The five stretches of the source material, one per region.
SOURCE_STRETCHES = (
    "lunge-press",
    "forward-bend",
    "front-bow",
    "supported-heel-raise",
    "kneeling-ankle-press",
)
MAX_CUE_WORDS = 25


def _routine_id(routine: Routine) -> str:
    return routine.id


ROUTINES = sorted(SHIPPED.values(), key=_routine_id)
# Every step of every shipped routine, and every library stretch at its own dose.
STEPS = [
    (f"{routine.id}/{n}", step) for routine in ROUTINES for n, step in enumerate(routine.steps)
]
STEPS += [
    (f"library/{stretch.id}", step_from_stretch(stretch))
    for stretch in LIBRARY.values()
    if stretch.dose is not None
]


def texts(step: Step) -> dict[str, str]:
    return {"instructions": step.instructions, "cue": step.cue, "say": step.say or ""}


def minutes(seconds: float) -> str:
    return f"{seconds / MINUTE:.2f} min"


# --- lengths and order -------------------------------------------------------------------------


def test_every_shipped_routine_is_checked() -> None:
    assert set(SHIPPED) >= set(BANDS)
    assert len(SHIPPED) >= 5


@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_every_routine_lasts_what_it_promises(routine: Routine) -> None:
    low, high = BANDS.get(routine.id, REGION_BAND)
    total = session_seconds(routine, NO_OVERRIDES)
    assert low <= total <= high, f"{routine.id} takes {minutes(total)}"


@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_a_summary_that_gives_the_time_gives_the_right_one(routine: Routine) -> None:
    total = session_seconds(routine, NO_OVERRIDES)
    for match in re.finditer(r"\b(\w+) minutes?\b", routine.summary):
        said = _NUMBERS.get(match[1].lower()) or int(match[1])
        assert said == round(total / MINUTE), f"{routine.id}: {match[0]!r}, {minutes(total)}"


def test_the_full_warm_up_is_the_longest() -> None:
    totals = {routine_id: session_seconds(r, NO_OVERRIDES) for routine_id, r in SHIPPED.items()}
    assert max(totals, key=totals.__getitem__) == "full-warmup"


def test_every_library_stretch_says_what_kind_it_is() -> None:
    assert [stretch.id for stretch in LIBRARY.values() if stretch.kind is None] == []


@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_no_routine_ends_on_a_static_hold(routine: Routine) -> None:
    assert routine.steps[-1].kind is not Kind.STATIC


def test_the_quick_warm_up_is_all_on_the_move() -> None:
    kinds = [step.kind for step in SHIPPED["quick-warmup"].steps]
    assert Kind.STATIC not in kinds
    assert kinds[0] is Kind.PULSE


def test_the_full_warm_up_follows_a_coachs_plan() -> None:
    """Raise the pulse for 1-2 min, mobilise, the five stretches, activate, then drills."""
    steps = SHIPPED["full-warmup"].steps
    pulse = [step for step in steps if step.kind is Kind.PULSE]
    assert steps[0].kind is Kind.PULSE
    assert MINUTE <= sum(step.work_seconds for step in pulse) <= 2 * MINUTE
    ids = [step.stretch_id for step in steps]
    assert all(stretch_id in ids for stretch_id in SOURCE_STRETCHES)
    first_stretch = min(ids.index(stretch_id) for stretch_id in SOURCE_STRETCHES)
    assert Kind.MOBILITY in {step.kind for step in steps[:first_stretch]}
    assert steps[-1].kind is Kind.DRILL
    drills = [n for n, step in enumerate(steps) if step.kind is Kind.DRILL]
    assert drills == list(range(drills[0], len(steps)))  # the drills come last, together


@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_every_routine_warms_up_before_it_stretches(routine: Routine) -> None:
    assert routine.steps[0].kind is Kind.PULSE


def test_the_source_stretches_are_done_as_the_source_describes_them() -> None:
    """Slow bends and a press-and-release, not long still holds."""
    for stretch_id in ("forward-bend", "front-bow", "supported-heel-raise", "lunge-press"):
        assert isinstance(LIBRARY[stretch_id].dose, Reps), stretch_id
    for stretch_id in ("forward-bend", "front-bow"):
        dose = LIBRARY[stretch_id].dose
        assert isinstance(dose, Reps)
        assert dose.tempo >= 4, f"{stretch_id}: too quick to pause at the end position"


# --- words -------------------------------------------------------------------------------------

_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
}
# "One" is left out: "one leg", "one way" are not counts.
_COUNT = re.compile(
    r"\b(?P<number>[0-9]+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?P<unit>seconds?|s\b|each way|one way|each direction|[a-z]+))?",
    re.IGNORECASE,
)


def counts_that_disagree(step: Step, text: str) -> list[str]:
    """Each count or duration in `text` that is not the step's dose."""
    wrong: list[str] = []
    dose = step.dose
    for match in _COUNT.finditer(text):
        raw = match["number"].lower()
        number = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = (match["unit"] or "").lower()
        if unit in ("s", "second", "seconds"):
            right = isinstance(dose, Hold) and dose.seconds == number
        elif unit in ("each way", "one way", "each direction"):
            right = isinstance(dose, Reps) and dose.count == 2 * number
        else:
            right = isinstance(dose, Reps) and dose.count == number
        if not right:
            wrong.append(match[0])
    return wrong


@pytest.mark.parametrize(("where", "step"), STEPS, ids=[where for where, _ in STEPS])
def test_every_count_in_a_text_is_the_dose(where: str, step: Step) -> None:
    for key, text in texts(step).items():
        assert counts_that_disagree(step, text) == [], f"{where} {key}: {text!r}"


@pytest.mark.parametrize(("where", "step"), STEPS, ids=[where for where, _ in STEPS])
def test_no_text_describes_a_dose_of_the_other_kind(where: str, step: Step) -> None:
    """A timed hold does not speak of counts; repetitions do not speak of holding on."""
    words = " ".join(texts(step).values()).lower()
    if isinstance(step.dose, Hold):
        assert not re.search(r"\b(count|reps?|times)\b", words), where
    else:
        assert not re.search(r"\b(hold it|hold there|hold,|breaths|for a while)\b", words), where


def test_the_counting_check_catches_a_mismatch() -> None:
    circles = step_from_stretch(LIBRARY["hip-circles"], Reps(12, 2.0))
    assert counts_that_disagree(circles, "ten each way, then change") == ["ten each way"]
    assert counts_that_disagree(circles, "six each way") == []
    bend = step_from_stretch(LIBRARY["forward-bend"], Hold(30.0))
    assert counts_that_disagree(bend, "stay there for 40 seconds") == ["40 seconds"]
    assert counts_that_disagree(bend, "stay there for thirty seconds") == []


@pytest.mark.parametrize(("where", "step"), STEPS, ids=[where for where, _ in STEPS])
def test_cues_are_short_enough_to_read_from_across_the_room(where: str, step: Step) -> None:
    assert len(step.cue.split()) <= MAX_CUE_WORDS, where


def test_one_landing_rule_everywhere() -> None:
    """Where a text says where the foot lands, it is about a foot's length ahead."""
    for stretch in LIBRARY.values():
        for text in (stretch.instructions, stretch.cue, stretch.say or ""):
            lower = text.lower()
            assert not re.search(r"\blands? under\b|\bunder (you|your hips)\b.*land", lower)
            if re.search(r"\blanding about|\blands? about|\bland about", lower):
                assert "a foot's length ahead" in lower, f"{stretch.id}: {text!r}"
    landing_rules = [
        stretch.id
        for stretch in LIBRARY.values()
        if "a foot's length ahead" in " ".join((stretch.instructions, stretch.cue)).lower()
    ]
    assert len(landing_rules) >= 2  # the calf point and the A-skip say the same


def test_the_sources_reasons_are_kept() -> None:
    """A rule is remembered with its reason."""
    cues = {stretch_id: stretch.cue.lower() for stretch_id, stretch in LIBRARY.items()}
    assert all(word in cues["lunge-press"] for word in ("breathe", "balance", "stride"))
    assert "bobbing up and down" in cues["hip-circles"]
    assert "achilles" in cues["supported-heel-raise"]
    assert "further" in cues["supported-heel-raise"]
    assert all(word in cues["ankle-circles"] for word in ("turned in or out", "knee", "ankle"))
    assert "straight ahead" in cues["front-bow"]
    assert "knee" in cues["front-bow"]
    assert "middle of the foot" in cues["kneeling-ankle-press"]


def _stretches(kind: Kind) -> list[Stretch]:
    return [stretch for stretch in LIBRARY.values() if stretch.kind is kind]


@pytest.mark.parametrize("stretch", _stretches(Kind.STATIC), ids=lambda stretch: stretch.id)
def test_a_held_stretch_says_how_to_ease_in(stretch: Stretch) -> None:
    words = stretch.instructions.lower()
    assert all(part in words for part in ("ease in", "no bouncing", "mild tension"))


def test_the_one_line_safety_words() -> None:
    assert "knees soft" in LIBRARY["forward-bend"].instructions
    assert "no bouncing" in LIBRARY["forward-bend"].instructions.lower()
    assert "without pulling on it" in LIBRARY["front-bow"].instructions
    kneeling = LIBRARY["kneeling-ankle-press"].instructions
    assert "on a mat" in kneeling
    assert "Can't kneel? Stand" in kneeling


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_a_travelling_move_can_be_done_on_the_spot(stretch: Stretch) -> None:
    words = stretch.instructions.lower()
    if re.search(r"\b(skip forward|walk in|take a long step|or forward)\b", words):
        assert "on the spot" in words or "step back to the start" in words, stretch.id


@pytest.mark.parametrize(
    "stretch",
    [stretch for stretch in LIBRARY.values() if stretch.sides is Sides.BOTH],
    ids=lambda stretch: stretch.id,
)
def test_left_side_says_what_works_on_screen_and_aloud(stretch: Stretch) -> None:
    assert "Left side: " in stretch.instructions
    assert "left" in (stretch.say or "").lower()


# --- the voice ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_the_voice_names_what_the_screen_names(stretch: Stretch) -> None:
    assert stretch.say is not None
    assert stretch.say.startswith(stretch.name)


@pytest.mark.parametrize(("where", "step"), STEPS, ids=[where for where, _ in STEPS])
def test_every_announcement_starts_with_the_name_on_screen(where: str, step: Step) -> None:
    assert intro_text(step).startswith(step.name), where


@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_every_announcement_fits_its_pause_at_the_normal_rate(routine: Routine) -> None:
    """Said as the get-ready or rest begins, each ends 1.5 s before its stretch."""
    for fit in announcement_fits(routine, DEFAULT_RATE):
        step = routine.steps[fit.step_index]
        assert fit.fits, f"{step.name}: {fit.spoken:.1f} s to say in a {fit.gap:g} s pause"


def planned_words(routine: Routine, rate: float) -> tuple[list[Cue], dict[int, float]]:
    """The spoken cues of a whole session at `rate`, and when each phase starts."""
    clock = ManualClock()
    session = Session(routine, clock)
    session.start()
    now = clock.monotonic()
    timeline = session_timeline(session, now)
    options = CueOptions(speech_rate=rate, count_reps_aloud=True)
    plan = plan_cues(routine.steps, timeline, options, None, now)
    starts = {index: start for start, index, _ in timeline}
    return [cue for cue in plan if cue.speech is not None], starts


@pytest.mark.parametrize("rate", [DEFAULT_RATE, MIN_RATE], ids=["normal", "slowest"])
@pytest.mark.parametrize("routine", ROUTINES, ids=_routine_id)
def test_as_planned_every_announcement_ends_in_time_and_nothing_is_cut_off(
    routine: Routine, rate: float
) -> None:
    """At the normal rate and the slowest the settings allow, counting reps aloud too."""
    words, starts = planned_words(routine, rate)
    announcements = [cue for cue in words if cue.key[1] == "next-say"]
    assert len(announcements) == len(routine.steps)
    for cue in announcements:
        assert cue.speech is not None
        stretch_starts = starts[cue.key[0] + 1]  # the stretch after the get-ready or rest
        end = cue.at + spoken_seconds(cue.speech, rate)
        assert end <= stretch_starts - GET_INTO_POSITION + 1e-6, cue.speech
    for earlier, later in itertools.pairwise(words):
        assert earlier.speech is not None
        end = earlier.at + spoken_seconds(earlier.speech, rate)
        assert end <= later.at + 1e-6, f"{earlier.speech!r} is cut off by {later.speech!r}"
