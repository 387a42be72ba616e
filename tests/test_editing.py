"""Edits the editor makes to a routine: what the runner gets back after each one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.editing import (
    MIN_FITTED_HOLD,
    DoseKind,
    custom_step,
    duplicate,
    editable_copy,
    first_hold_change,
    fit_to_total,
    fit_too_short,
    new_routine,
    picture_choices,
    reordered,
    replace_step,
    save_problem,
    scale_holds,
    stretch_matches,
    with_dose_kind,
    with_fitting_floor,
    with_holds,
)
from app.regions import Region
from app.routine import (
    MAX_HOLD,
    MAX_REPS,
    MIN_HOLD,
    MIN_REPS,
    Hold,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
)
from app.session import total_seconds


def routine(*doses: tuple[Hold | Reps, Sides], lead_in: float = 0.0, rest: float = 0.0) -> Routine:
    steps = tuple(
        Step(name=f"Stretch {number}", instructions="Hold it.", dose=dose, sides=sides)
        for number, (dose, sides) in enumerate(doses, start=1)
    )
    return Routine(id="mine", title="Mine", steps=steps, lead_in=lead_in, rest=rest)


def held(routine: Routine) -> list[float]:
    return [step.dose.seconds for step in routine.steps]


ONE, BOTH = Sides.ONE, Sides.BOTH


def test_fit_holds_to_a_time_keeps_the_holds_in_proportion() -> None:
    # 30 s and 60 s holds after a 10 s lead-in and a 5 s rest: 105 s; asked for 195 s,
    # the 90 s of holding becomes 180 s, each hold doubled.
    start = routine((Hold(30), ONE), (Hold(60), ONE), lead_in=10, rest=5)
    fitted = fit_to_total(start, 195)
    assert held(fitted) == [60.0, 120.0]
    assert total_seconds(fitted) == 195


def test_fit_holds_to_a_shorter_time_shortens_every_hold_alike() -> None:
    fitted = fit_to_total(routine((Hold(40), ONE), (Hold(20), ONE)), 30)
    assert held(fitted) == [20.0, 10.0]


def test_fit_holds_gives_the_second_rounding_left_to_the_longest_hold() -> None:
    # 10 + 20 + 10 asked to take 42 s: scaled by 1.05 and rounded, the holds add up
    # to 41 s; the missing second goes to the longest hold, not the first one.
    fitted = fit_to_total(routine((Hold(10), ONE), (Hold(20), ONE), (Hold(10), ONE)), 42)
    assert held(fitted) == [10.0, 22.0, 10.0]
    assert total_seconds(fitted) == 42


def test_fit_holds_takes_the_second_from_the_first_of_equal_holds() -> None:
    # Three 10 s holds asked to take 32 s: rounded, each becomes 11 s (33 s); one
    # second comes off, from the first of the equal holds.
    fitted = fit_to_total(routine((Hold(10), ONE), (Hold(10), ONE), (Hold(10), ONE)), 32)
    assert held(fitted) == [10.0, 11.0, 11.0]


def test_fit_holds_moves_a_one_side_hold_when_a_both_sides_one_would_overshoot() -> None:
    # 30 s on each side (and the 5 s switch) plus 10 s: 75 s. For 76 s, one more second
    # on the both-sides hold would add 2 s; the one-side hold takes the second instead.
    start = routine((Hold(30), BOTH), (Hold(10), ONE))
    assert total_seconds(start) == 75
    fitted = fit_to_total(start, 76)
    assert held(fitted) == [30.0, 11.0]
    assert total_seconds(fitted) == 76


@pytest.mark.parametrize("target", [100, 137, 200, 451, 900])
def test_fit_holds_lands_within_a_second_of_the_time_asked(target: int) -> None:
    start = routine(
        (Hold(30), BOTH), (Reps(10, 2.0), ONE), (Hold(45), ONE), (Hold(20), ONE), lead_in=10, rest=5
    )
    fitted = fit_to_total(start, target)
    assert abs(total_seconds(fitted) - target) < 1
    assert fitted.steps[1].dose == Reps(10, 2.0)


def test_fit_holds_stops_at_the_longest_hold_the_format_allows() -> None:
    fitted = fit_to_total(routine((Hold(30), ONE), (Reps(5, 2.0), ONE)), 3 * 3600)
    assert held(fitted) == [MAX_HOLD, 10.0]


def test_fit_holds_to_no_time_leaves_the_shortest_hold() -> None:
    fitted = fit_to_total(routine((Hold(30), ONE), (Hold(45), BOTH), lead_in=10), 0)
    assert held(fitted) == [MIN_HOLD, MIN_HOLD]


def test_fit_holds_leaves_a_routine_of_reps_alone() -> None:
    start = routine((Reps(10, 2.0), ONE))
    assert fit_to_total(start, 600) == start


def test_adjusted_holds_put_back_skip_steps_that_are_not_holds() -> None:
    start = routine((Hold(30), ONE), (Reps(10, 2.0), ONE))
    changed = with_holds(start, {0: 44.4, 1: 90.0, 2: 50.0, -1: 50.0})
    assert held(changed) == [44.0, 20.0]


def test_a_stretch_of_the_runners_own_is_held_thirty_seconds() -> None:
    step = custom_step("Wall push", "Lean into the wall.")
    assert step.dose == Hold(30.0)
    assert (step.name, step.instructions) == ("Wall push", "Lean into the wall.")


def test_a_copy_of_a_shipped_routine_is_the_runners_own_file() -> None:
    shipped = Routine(
        id="waist", title="Waist", steps=(), source=Path("/usr/share/waist.yaml"), builtin=True
    )
    mine = editable_copy(shipped, {"waist-mine"})
    assert (mine.id, mine.title) == ("waist-mine-2", "Waist (my version)")
    assert mine.builtin is False
    assert mine.source is None
    copy = duplicate(shipped, set())
    assert (copy.id, copy.title, copy.builtin, copy.source) == (
        "waist-copy",
        "Waist (copy)",
        False,
        None,
    )


def test_a_new_routine_is_empty_and_named_my_routine() -> None:
    fresh = new_routine({"my-routine", "my-routine-2"})
    assert (fresh.id, fresh.title, fresh.steps) == ("my-routine-3", "My routine", ())


def test_fit_holds_never_overshoots_by_moving_a_both_sides_hold_one_second() -> None:
    # 30 s a side and the switch: 65 s. One second more would need half a second a
    # side; a whole second a side would make it 67 s. It stays as near as it can.
    start = routine((Hold(30), BOTH))
    assert held(fit_to_total(start, 66)) == [30.0]


def test_fit_holds_moves_both_sides_holds_two_seconds_at_a_time() -> None:
    start = routine((Hold(30), BOTH), (Hold(20), BOTH))
    for target in range(80, 140):
        fitted = fit_to_total(start, target)
        assert abs(total_seconds(fitted) - target) <= 1, target


def test_when_a_hold_is_at_its_longest_the_others_take_up_the_time() -> None:
    # Scaled in proportion the 10 min hold would be longer still: it stays at 10 min,
    # and the other hold grows until the routine takes the time asked.
    start = routine((Hold(MAX_HOLD), ONE), (Hold(10), ONE))
    assert held(fit_to_total(start, 1000)) == [MAX_HOLD, 400.0]
    assert held(fit_to_total(start, 1200)) == [MAX_HOLD, MAX_HOLD]


def test_when_a_hold_is_at_its_shortest_the_others_give_up_the_time() -> None:
    start = routine((Hold(1), ONE), (Hold(3), ONE))
    assert held(fit_to_total(start, 2)) == [MIN_HOLD, MIN_HOLD]


def test_replacing_a_step_changes_that_step_only() -> None:
    start = routine((Hold(30), ONE), (Hold(20), ONE))
    new = Step(name="Wall push", instructions="Lean in.", dose=Reps(10, 2.0))
    changed = replace_step(start, 1, new)
    assert changed.steps == (start.steps[0], new)
    assert start.steps[1].dose == Hold(20)  # the routine it came from is unchanged


# --- drag and drop, the dose kind, the pictures, the search ------------------------------------


def names(routine: Routine) -> list[str]:
    return [step.name for step in routine.steps]


def test_a_drop_puts_the_steps_in_the_order_the_list_shows() -> None:
    start = routine((Hold(10), ONE), (Hold(20), ONE), (Hold(30), BOTH))
    moved = reordered(start, [2, 0, 1])
    assert moved is not None
    assert names(moved) == ["Stretch 3", "Stretch 1", "Stretch 2"]
    assert moved.steps[0].sides is BOTH  # each step moves whole


@pytest.mark.parametrize("order", [[0, 1], [0, 1, 1], [0, 1, 3], []])
def test_a_drop_that_lost_or_doubled_a_step_changes_nothing(order: list[int]) -> None:
    assert reordered(routine((Hold(10), ONE), (Hold(20), ONE), (Hold(30), ONE)), order) is None


def step_of(dose: Hold | Reps) -> Step:
    return Step(name="Swing", instructions="Swing it.", dose=dose, sides=BOTH)


@pytest.mark.parametrize(
    ("seconds", "reps"), [(20, 10), (45, 22), (1, MIN_REPS), (MAX_HOLD, min(MAX_REPS, 300))]
)
def test_a_hold_switched_to_reps_takes_about_as_long(seconds: float, reps: int) -> None:
    switched = with_dose_kind(step_of(Hold(seconds)), DoseKind.REPS)
    assert switched.dose == Reps(reps)
    assert switched.sides is BOTH


def test_reps_switched_to_a_hold_last_as_long_as_the_reps_took() -> None:
    assert with_dose_kind(step_of(Reps(15, 2.0)), DoseKind.HOLD).dose == Hold(30)
    assert with_dose_kind(step_of(Reps(7, 1.5)), DoseKind.HOLD).dose == Hold(10)  # 10.5 rounded


def test_switching_to_the_kind_a_step_already_has_changes_nothing() -> None:
    reps, hold = step_of(Reps(12, 3.0)), step_of(Hold(25))
    assert with_dose_kind(reps, DoseKind.REPS) == reps
    assert with_dose_kind(hold, DoseKind.HOLD) == hold


def stretch(stretch_id: str, name: str, image: str | None) -> Stretch:
    return Stretch(
        id=stretch_id,
        name=name,
        regions=(Region.CALVES_ACHILLES,),
        instructions="Do it.",
        cue="",
        image=image,
    )


def test_the_pictures_to_choose_are_by_name_each_once() -> None:
    library = {
        "b": stretch("b", "bent-knee raise", "stretches/calf.svg"),
        "a": stretch("a", "Calf raise", "stretches/calf.svg"),
        "c": stretch("c", "Arm circles", "stretches/arms.svg"),
        "d": stretch("d", "Breathing", None),
    }
    assert picture_choices(library) == [
        ("Arm circles", "stretches/arms.svg"),
        ("bent-knee raise", "stretches/calf.svg"),
    ]


def test_the_library_search_needs_every_word_in_the_name_id_or_regions() -> None:
    raise_ = stretch("calf-raise", "Calf raise", None)
    assert stretch_matches(raise_, [])
    assert stretch_matches(raise_, ["calf", "raise"])
    assert stretch_matches(raise_, [Region.CALVES_ACHILLES.label.casefold()])
    assert not stretch_matches(raise_, ["calf", "lunge"])
    assert not stretch_matches(raise_, ["x"])  # a letter in none of them finds nothing


def test_fitting_is_refused_when_it_would_bring_a_hold_under_ten_seconds() -> None:
    start = routine((Hold(30), ONE), (Hold(60), ONE))
    assert fit_too_short(start, fit_to_total(start, 20))
    assert not fit_too_short(start, fit_to_total(start, 60))  # 20 s and 40 s
    assert not fit_too_short(start, fit_to_total(start, 30))  # 10 s and 20 s: just allowed
    # Holds already short are the runner's: fitting may keep them as short.
    short = routine((Hold(5), ONE), (Hold(60), ONE))
    assert not fit_too_short(short, with_holds(short, {1: 30}))
    assert not fit_too_short(routine(), routine())


def test_the_fitting_floor_holds_every_hold_ten_seconds_and_leaves_reps() -> None:
    floor = with_fitting_floor(routine((Hold(30), ONE), (Reps(10), ONE), (Hold(5), BOTH)))
    assert [step.dose for step in floor.steps] == [
        Hold(MIN_FITTED_HOLD),
        Reps(10),
        Hold(MIN_FITTED_HOLD),
    ]


def test_a_scaling_says_which_hold_changed_and_how() -> None:
    start = routine((Reps(10), ONE), (Hold(45), ONE), (Hold(20), ONE))
    assert first_hold_change(start, scale_holds(start, 1.5)) == " (Stretch 2 0:45 → 1:08)"
    assert first_hold_change(start, start) == ""


def test_a_routine_needs_a_title_and_a_step_to_be_saved() -> None:
    assert save_problem(routine((Hold(10), ONE))) is None
    untitled = replace(routine((Hold(10), ONE)), title="  ")
    assert save_problem(untitled) == "Give the routine a title to save it."
    assert save_problem(routine()) == "Add at least one step to save the routine."


def test_every_text_the_edits_make_is_translated() -> None:
    from tests.pseudo import pseudo_locale, untranslated

    start = routine((Hold(30), ONE))
    with pseudo_locale():
        texts = [
            save_problem(replace(start, title=" ")) or "",
            save_problem(routine()) or "",
            editable_copy(start, ()).title,
            duplicate(start, ()).title,
            new_routine(()).title,
            first_hold_change(start, scale_holds(start, 2)),
        ]
    assert all(texts)
    # The runner's own words: their routine's title and their stretch's name.
    assert untranslated(texts, allowed={"Mine", "Stretch 1"}) == []


def test_fit_holds_counts_a_both_sides_hold_twice_as_it_nudges() -> None:
    # Two both-sides holds of 10 s (25 s each with the switch) asked to take 64 s:
    # scaled and rounded they are 2 s short; each second moved on a both-sides hold
    # adds 2 s, so one move lands on 64 s exactly, and no further hold is moved.
    start = routine((Hold(10), BOTH), (Hold(10), BOTH))
    assert total_seconds(start) == 50
    fitted = fit_to_total(start, 64)
    assert total_seconds(fitted) == 64
    assert sorted(held(fitted)) == [13.0, 14.0]
