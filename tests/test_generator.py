"""The routine builder's promises, checked over every combination of regions."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from app.generator import generate
from app.loader import parse_routine
from app.regions import Region
from app.routine import DEFAULT_LEAD_IN, DEFAULT_REST, Hold, Kind, Reps, Routine, Sides, Stretch
from app.session import total_seconds
from app.store import shipped_library
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds

LIBRARY = shipped_library()
ALL_COMBINATIONS = [
    combo for size in range(1, len(Region) + 1) for combo in itertools.combinations(Region, size)
]
# Short targets suit any pick; long ones need a few regions to fill without repeats.
SENSIBLE = [(combo, minutes) for combo in ALL_COMBINATIONS for minutes in (3, 4, 5)] + [
    (combo, minutes) for combo in ALL_COMBINATIONS if len(combo) >= 3 for minutes in (8, 10)
]


def _id(value: object) -> str:
    if isinstance(value, tuple):
        return "+".join(region.value for region in value)
    return f"{value}min"


def as_yaml(routine: Routine) -> str:
    """The routine as a user would write it (JSON strings are valid YAML scalars)."""
    lines = [
        f"title: {json.dumps(routine.title)}",
        f"summary: {json.dumps(routine.summary)}",
        f"lead_in: {routine.lead_in}",
        f"rest: {routine.rest}",
        "steps:",
    ]
    for step in routine.steps:
        lines.append(f"  - stretch: {step.stretch_id}")
        if isinstance(step.dose, Hold):
            lines.append(f"    hold: {step.dose.seconds}")
        else:
            lines.append(f"    reps: {step.dose.count}")
            lines.append(f"    tempo: {step.dose.tempo}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("regions", "minutes"), SENSIBLE, ids=_id)
def test_generated_time_is_within_ten_percent_of_the_target(
    regions: tuple[Region, ...], minutes: int
) -> None:
    routine = generate(LIBRARY, regions, minutes * 60)
    assert total_seconds(routine) == pytest.approx(minutes * 60, rel=0.10)


# Long lead-ins and rests move the real time far from the routine's own. (Longer
# still, one stretch per region can outlast a short target: see below.)
LONGER_PAUSES = TimingOverrides(lead_in=30.0, rest=12.0)


@pytest.mark.parametrize(("regions", "minutes"), SENSIBLE, ids=_id)
def test_with_the_runners_timing_the_real_time_is_within_ten_percent_of_the_target(
    regions: tuple[Region, ...], minutes: int
) -> None:
    routine = generate(LIBRARY, regions, minutes * 60, overrides=LONGER_PAUSES)
    assert session_seconds(routine, LONGER_PAUSES) == pytest.approx(minutes * 60, rel=0.10)


@pytest.mark.parametrize(
    "overrides",
    [LONGER_PAUSES, TimingOverrides(rest=20.0), TimingOverrides(lead_in=0.0, rest=0.0)],
    ids=repr,
)
@pytest.mark.parametrize(("regions", "minutes"), SENSIBLE[::9], ids=_id)
def test_the_runners_timing_is_fitted_as_if_it_were_the_routines_own(
    regions: tuple[Region, ...], minutes: int, overrides: TimingOverrides
) -> None:
    """The same stretches and doses as a routine with those times written in it."""
    lead_in = DEFAULT_LEAD_IN if overrides.lead_in is None else overrides.lead_in
    rest = DEFAULT_REST if overrides.rest is None else overrides.rest
    overridden = generate(LIBRARY, regions, minutes * 60, overrides=overrides)
    written = generate(LIBRARY, regions, minutes * 60, lead_in=lead_in, rest=rest)
    assert overridden.steps == written.steps


def test_the_runners_timing_changes_the_doses_not_the_routines_own_timing() -> None:
    regions = (Region.TRUNK_HIPS, Region.WAIST, Region.THIGHS_KNEES)
    own = generate(LIBRARY, regions, 300)
    long_pauses = TimingOverrides(lead_in=60.0, rest=30.0)
    shorter = generate(LIBRARY, regions, 300, overrides=long_pauses)
    assert (shorter.lead_in, shorter.rest) == (own.lead_in, own.rest)  # saved as its own
    assert total_seconds(shorter) < total_seconds(own)  # less stretching fits in the 5 min
    assert session_seconds(shorter, long_pauses) == pytest.approx(300, rel=0.10)
    assert generate(LIBRARY, regions, 300, overrides=NO_OVERRIDES) == own


def test_pauses_too_long_for_the_target_give_the_shortest_routine_there_is() -> None:
    """A minute to get ready and 30 s rests leave no room in 3 min for five regions:
    one stretch each at the shortest doses, which the builder says is longer."""
    long_pauses = TimingOverrides(lead_in=60.0, rest=30.0)
    routine = generate(LIBRARY, tuple(Region), 180, overrides=long_pauses)
    # The pulse raiser works the thighs: one more stretch for each of the four other regions.
    assert routine.steps[0].kind is Kind.PULSE
    assert len(routine.steps) == len(Region)
    assert session_seconds(routine, long_pauses) > 180 * 1.10


@pytest.mark.parametrize("regions", ALL_COMBINATIONS, ids=_id)
def test_generated_routine_works_the_picked_regions_without_repeats(
    regions: tuple[Region, ...],
) -> None:
    routine = generate(LIBRARY, regions, 300)
    ids = [step.stretch_id for step in routine.steps]
    assert len(ids) == len(set(ids))
    # The pulse raiser and a closing drill warm up and rehearse the whole stride: they may
    # work another region when the library has none for the picked ones.
    body = [step for step in routine.steps if step.kind not in (Kind.PULSE, Kind.DRILL)]
    assert all(set(step.regions) & set(regions) for step in body)
    assert set(routine.regions) >= set(regions)  # every picked region gets something


def test_stretches_inside_the_picked_regions_come_before_ones_reaching_outside() -> None:
    # Hips and thighs have plenty of their own stretches: nothing else is needed.
    regions = (Region.TRUNK_HIPS, Region.THIGHS_KNEES)
    routine = generate(LIBRARY, regions, 300)
    assert set(routine.regions) == set(regions)


def test_regions_are_balanced() -> None:
    routine = generate(LIBRARY, (Region.WAIST, Region.CALVES_ACHILLES), 300)
    main = [next(r for r in step.regions if r in routine.regions) for step in routine.steps]
    assert abs(main.count(Region.WAIST) - main.count(Region.CALVES_ACHILLES)) <= 1


def test_both_sides_are_counted_in_the_time() -> None:
    routine = generate(LIBRARY, (Region.FEET_ANKLES,), 240, lead_in=0, rest=0)
    two_sided = [step for step in routine.steps if step.sides is Sides.BOTH]
    assert two_sided  # ankle circles
    assert total_seconds(routine) == pytest.approx(240, rel=0.10)


@pytest.mark.parametrize("regions", ALL_COMBINATIONS, ids=_id)
def test_generated_routine_is_one_the_loader_accepts(regions: tuple[Region, ...]) -> None:
    routine = generate(LIBRARY, regions, 360, lead_in=5, rest=4)
    parsed = parse_routine(as_yaml(routine), "generated.yaml", LIBRARY, routine_id=routine.id)
    assert parsed == routine
    for step in routine.steps:
        if isinstance(step.dose, Reps):
            assert step.dose.count >= 1
        else:
            assert 20 <= step.dose.seconds <= 45


def test_generation_is_deterministic() -> None:
    regions = (Region.TRUNK_HIPS, Region.FEET_ANKLES)
    assert generate(LIBRARY, regions, 420) == generate(LIBRARY, regions, 420)


def test_no_region_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one region"):
        generate(LIBRARY, (), 300)


# --- a coach's plan ----------------------------------------------------------------------------

ALL_TARGETS = [(combo, minutes) for combo in ALL_COMBINATIONS for minutes in (3, 5, 10)]


@pytest.mark.parametrize(("regions", "minutes"), ALL_TARGETS, ids=_id)
def test_the_plan_raises_the_pulse_first_holds_briefly_and_never_ends_held(
    regions: tuple[Region, ...], minutes: int
) -> None:
    routine = generate(LIBRARY, regions, minutes * 60)
    kinds = [step.kind for step in routine.steps]
    assert kinds[0] is Kind.PULSE
    assert kinds[-1] is not Kind.STATIC
    order = list(Kind)  # pulse, mobility, ... drill: the plan's order
    phases = [order.index(kind) for kind in kinds if kind in (Kind.PULSE, Kind.MOBILITY)]
    assert phases == sorted(phases)
    drills = [n for n, kind in enumerate(kinds) if kind is Kind.DRILL]
    assert drills == list(range(len(kinds) - len(drills), len(kinds)))  # drills close it
    holds = [step.dose.seconds for step in routine.steps if isinstance(step.dose, Hold)]
    assert all(20 <= seconds <= 45 for seconds in holds), holds


@pytest.mark.parametrize("regions", ALL_COMBINATIONS, ids=_id)
def test_at_ten_minutes_the_drills_are_kept(regions: tuple[Region, ...]) -> None:
    routine = generate(LIBRARY, regions, 600)
    kinds = [step.kind for step in routine.steps]
    assert kinds[-1] is Kind.DRILL
    assert kinds[:2] == [Kind.PULSE, Kind.PULSE]  # 1-2 minutes to raise the pulse
    pulse = sum(step.work_seconds for step in routine.steps if step.kind is Kind.PULSE)
    assert 60 <= pulse <= 120


def test_a_library_without_kinds_still_builds_and_never_ends_held() -> None:
    """Older libraries name no kinds: the builder falls back to the library's order."""
    plain = {key: replace(stretch, kind=None) for key, stretch in LIBRARY.items()}
    routine = generate(plain, (Region.FEET_ANKLES,), 240)
    assert routine.steps
    held_last = replace(LIBRARY["kneeling-ankle-press"], kind=Kind.STATIC)
    mixed = {**plain, "kneeling-ankle-press": held_last}
    assert generate(mixed, (Region.FEET_ANKLES,), 240).steps[-1].kind is not Kind.STATIC


@pytest.mark.parametrize("minutes", [3, 4, 7, 10, 13])
def test_built_holds_are_whole_five_seconds_and_reps_keep_the_librarys_tempo(
    minutes: int,
) -> None:
    # Odd targets scale the doses by awkward factors: the runner still reads
    # "Hold 25 s" or "12 reps", never "Hold 23.7 s" or a tempo of 1.83 s.
    built = generate(LIBRARY, list(Region), minutes * 60)
    for step in built.steps:
        stretch = LIBRARY[step.stretch_id] if step.stretch_id else None
        assert stretch is not None
        assert stretch.dose is not None
        if isinstance(step.dose, Hold):
            assert step.dose.seconds % 5 == 0, step
            assert 20 <= step.dose.seconds <= 45, step
        else:
            assert isinstance(step.dose, Reps)
            assert isinstance(stretch.dose, Reps)
            assert step.dose.tempo == stretch.dose.tempo, step
            assert step.dose.count == int(step.dose.count), step


def test_a_built_routine_is_named_for_the_picked_regions_and_keeps_the_pauses_given() -> None:
    built = generate(LIBRARY, [Region.THIGHS_KNEES, Region.WAIST], 7 * 60 + 29, lead_in=7, rest=4)
    assert built.id == "built-for-you"
    assert built.title == "Built for you: Waist · Thighs & knees"
    assert built.summary == "Made for waist · thighs & knees in about 7 minutes."
    assert (built.lead_in, built.rest) == (7, 4)


@pytest.mark.parametrize(("seconds", "pulse_raisers"), [(8 * 60 - 1, 1), (8 * 60, 2)])
def test_two_pulse_raisers_open_a_warm_up_of_eight_minutes_or_more(
    seconds: int, pulse_raisers: int
) -> None:
    kinds = [step.kind for step in generate(LIBRARY, [Region.WAIST], seconds).steps]
    assert kinds[:3].count(Kind.PULSE) == pulse_raisers


def test_building_with_no_region_picked_says_to_pick_one() -> None:
    with pytest.raises(ValueError, match=r"^pick at least one region$"):
        generate(LIBRARY, [], 300)


def test_building_from_a_library_with_nothing_for_the_regions_says_so() -> None:
    pulse_only = {key: stretch for key, stretch in LIBRARY.items() if stretch.kind is Kind.PULSE}
    with pytest.raises(ValueError, match=r"^no stretch in the library works the picked regions$"):
        generate(pulse_only, [Region.FEET_ANKLES], 300)


@pytest.mark.parametrize(("seconds", "minutes"), [(449, 7), (450, 8), (600, 10)])
def test_a_built_routines_summary_gives_the_time_to_the_nearest_minute(
    seconds: int, minutes: int
) -> None:
    built = generate(LIBRARY, [Region.WAIST], seconds)
    assert built.summary == f"Made for waist in about {minutes} minutes."


def own_stretch(stretch_id: str, kind: Kind, dose: Hold | Reps, region: Region) -> Stretch:
    return Stretch(
        id=stretch_id,
        name=stretch_id.replace("-", " ").capitalize(),
        regions=(region,),
        instructions="Do it.",
        cue="Tall.",
        dose=dose,
        kind=kind,
    )


MARCH = own_stretch("march", Kind.PULSE, Reps(20, 1.0), Region.THIGHS_KNEES)
HIP_CIRCLES = own_stretch("hip-circles", Kind.MOBILITY, Reps(10, 2.0), Region.WAIST)
TRUNK_TWISTS = own_stretch("trunk-twists", Kind.MOBILITY, Reps(10, 2.0), Region.WAIST)
SIDE_STRETCH = own_stretch("side-stretch", Kind.STATIC, Hold(30), Region.WAIST)
WALL_LEAN = own_stretch("wall-lean", Kind.STATIC, Hold(30), Region.WAIST)


def built_ids(stretches: list[Stretch], seconds: float) -> list[str | None]:
    library = {stretch.id: stretch for stretch in stretches}
    return [step.stretch_id for step in generate(library, [Region.WAIST], seconds).steps]


def test_a_library_that_would_end_on_a_hold_ends_on_its_last_moving_stretch() -> None:
    # In library order the side stretch (held) would come last: the last moving
    # stretch goes after it, and the warm-up ends on the move.
    library = [MARCH, HIP_CIRCLES, TRUNK_TWISTS, SIDE_STRETCH]
    assert built_ids(library, 120) == ["march", "hip-circles", "side-stretch", "trunk-twists"]
    assert built_ids([MARCH, SIDE_STRETCH], 120) == ["side-stretch", "march"]


def test_a_library_of_holds_only_still_builds_a_routine_of_holds() -> None:
    assert built_ids([SIDE_STRETCH, WALL_LEAN], 120) == ["side-stretch", "wall-lean"]


def test_a_library_of_holds_of_twenty_seconds_builds_them_at_twenty_seconds() -> None:
    # Twenty seconds is the shortest hold the builder gives: there is nothing to scale.
    short = [replace(SIDE_STRETCH, dose=Hold(20)), replace(WALL_LEAN, dose=Hold(20))]
    library = {stretch.id: stretch for stretch in short}
    built = generate(library, [Region.WAIST], 120)
    assert [step.dose for step in built.steps] == [Hold(20), Hold(20)]


def test_a_hold_just_over_twenty_seconds_is_stretched_to_fill_a_long_target() -> None:
    library = {"side-stretch": replace(SIDE_STRETCH, dose=Hold(20.5))}
    built = generate(library, [Region.WAIST], 600)
    assert [step.dose for step in built.steps] == [Hold(45)]


PULSE_ELSEWHERE = own_stretch("skips", Kind.PULSE, Reps(20, 1.0), Region.FEET_ANKLES)
PULSE_PARTLY = replace(
    own_stretch("high-knees", Kind.PULSE, Reps(20, 1.0), Region.WAIST),
    regions=(Region.WAIST, Region.FEET_ANKLES),
)
PULSE_INSIDE = own_stretch("waist-swings", Kind.PULSE, Reps(20, 1.0), Region.WAIST)


PULSE_IDS = {"skips", "high-knees", "waist-swings"}


@pytest.mark.parametrize(
    ("seconds", "opening"),
    [(120, ["waist-swings"]), (8 * 60, ["high-knees", "waist-swings"])],
)
def test_the_pulse_raisers_chosen_work_the_picked_regions_first(
    seconds: int, opening: list[str]
) -> None:
    # Listed the other way round: one for another region, one partly for the waist,
    # one for the waist alone. Eight minutes and more take two (in library order).
    library = [PULSE_ELSEWHERE, PULSE_PARTLY, PULSE_INSIDE, HIP_CIRCLES, SIDE_STRETCH]
    assert [
        stretch_id for stretch_id in built_ids(library, seconds) if stretch_id in PULSE_IDS
    ] == (opening)


def test_from_eight_minutes_two_pulse_raisers_open_however_many_the_library_has() -> None:
    library = [PULSE_INSIDE, replace(MARCH, regions=(Region.WAIST,)), PULSE_PARTLY, HIP_CIRCLES]
    steps = generate({stretch.id: stretch for stretch in library}, [Region.WAIST], 8 * 60).steps
    assert [step.kind for step in steps].count(Kind.PULSE) == 2


def test_a_stretch_working_only_the_picked_region_is_taken_before_one_reaching_beyond() -> None:
    wider = replace(
        own_stretch("lunge-twist", Kind.MOBILITY, Reps(10, 2.0), Region.WAIST),
        regions=(Region.WAIST, Region.THIGHS_KNEES),
    )
    assert built_ids([MARCH, wider, HIP_CIRCLES], 60) == ["march", "hip-circles"]


def test_a_built_routine_of_about_a_minute_says_minute_once() -> None:
    built = generate(LIBRARY, [Region.WAIST], 60)
    assert built.summary == "Made for waist in about 1 minute."


def test_a_target_halfway_between_two_lengths_takes_the_fewer_stretches() -> None:
    # March, then hip circles (each 20 s at its own dose); trunk twists after them add
    # a rest and 20 s more. Halfway between, the builder keeps two and lengthens their
    # doses rather than adding the third.
    two = DEFAULT_LEAD_IN + 20.0 + DEFAULT_REST + 20.0
    halfway = two + (DEFAULT_REST + 20.0) / 2
    assert built_ids([MARCH, HIP_CIRCLES, TRUNK_TWISTS], halfway) == ["march", "hip-circles"]


def test_a_library_of_sets_only_is_scaled_to_the_target() -> None:
    library = {stretch.id: stretch for stretch in (MARCH, HIP_CIRCLES)}
    for target in (45, 60, 90):
        routine = generate(library, [Region.WAIST], target)
        assert session_seconds(routine, NO_OVERRIDES) == pytest.approx(target, rel=0.10)
