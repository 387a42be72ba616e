"""The routine model: durations as shown, doses described, regions and rests derived."""

from __future__ import annotations

from dataclasses import replace

from app.regions import Region
from app.routine import (
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
    describe_dose,
    renamed_say,
    renamed_step,
    step_from_stretch,
)


def step(name: str, **fields: object) -> Step:
    return Step(name=name, instructions="Do it.", dose=Hold(30), **fields)  # type: ignore[arg-type]


def test_describe_dose_says_how_much_for_people() -> None:
    assert describe_dose(step("A")) == "0:30"
    assert describe_dose(step("B", sides=Sides.BOTH)) == "0:30 each side"
    assert describe_dose(replace_dose(step("C"), Reps(15))) == "15 reps"


def replace_dose(original: Step, dose: Hold | Reps) -> Step:
    return replace(original, dose=dose)


def test_work_seconds_count_both_sides_and_reps_at_their_tempo() -> None:
    assert step("A").work_seconds == 30
    assert step("B", sides=Sides.BOTH).work_seconds == 60
    assert replace_dose(step("C"), Reps(10, 1.5)).work_seconds == 15


def test_routine_regions_follow_the_enum_order_without_repeats() -> None:
    routine = Routine(
        id="r",
        title="R",
        steps=(
            step("Feet", regions=(Region.FEET_ANKLES,)),
            step("Hips", regions=(Region.TRUNK_HIPS, Region.FEET_ANKLES)),
        ),
    )
    assert routine.regions == (Region.TRUNK_HIPS, Region.FEET_ANKLES)


def test_rest_after_uses_a_steps_own_rest_and_none_after_the_last() -> None:
    routine = Routine(id="r", title="R", rest=5, steps=(step("A"), step("B", rest=12.0), step("C")))
    assert [routine.rest_after(index) for index in range(3)] == [5, 12.0, 0.0]


def test_step_from_stretch_takes_every_text_and_the_default_dose() -> None:
    stretch = Stretch(
        id="lunge",
        name="Lunge",
        regions=(Region.TRUNK_HIPS,),
        instructions="Step and sink.",
        cue="Run tall.",
        image="stretches/lunge.svg",
        sides=Sides.BOTH,
        dose=Hold(20),
        say="Lunge.",
    )
    made = step_from_stretch(stretch)
    assert (made.name, made.cue, made.image, made.say) == (
        "Lunge",
        "Run tall.",
        "stretches/lunge.svg",
        "Lunge.",
    )
    assert (made.dose, made.sides, made.stretch_id) == (Hold(20), Sides.BOTH, "lunge")
    assert step_from_stretch(stretch, Reps(8)).dose == Reps(8)
    no_dose = Stretch(id="x", name="X", regions=(), instructions="I.", cue="")
    assert step_from_stretch(no_dose).dose == Hold(30.0)


def test_a_renamed_step_says_its_new_name_unless_its_words_are_its_own() -> None:
    stretch = Stretch(
        id="lunge",
        name="Lunge press",
        regions=(Region.TRUNK_HIPS,),
        instructions="Sink.",
        cue="Run tall.",
        say="Lunge press, left foot in front. Sink.",
        kind=Kind.STRENGTH,
    )
    assert renamed_say(stretch, "Lunge press") == stretch.say
    assert renamed_say(stretch, "Split squat") == "Split squat, left foot in front. Sink."
    assert renamed_say(replace(stretch, say="Sink low."), "Split squat") is None
    step = step_from_stretch(stretch)
    assert step.kind is Kind.STRENGTH
    renamed = renamed_step(step, "Split squat", stretch)
    assert (renamed.name, renamed.say) == ("Split squat", "Split squat, left foot in front. Sink.")
    own = renamed_step(replace(step, say="Down you go."), "Split squat", stretch)
    assert own.say == "Down you go."
    inline = replace(step, stretch_id=None)
    assert renamed_step(inline, "Split squat", None).say == step.say
