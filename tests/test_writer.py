"""Routine -> YAML, atomic saving, and the pure edit operations (app.writer, app.editing)."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from app import editing, i18n, writer
from app.loader import ROUTINE_KEYS, STEP_KEYS, parse_routine
from app.regions import Region
from app.routine import MAX_HOLD, MIN_HOLD, Hold, Reps, Routine, Sides, Step, step_from_stretch
from app.session import total_seconds
from app.store import Catalog, shipped_library
from tests.pseudo import pseudo_locale, untranslated

LIBRARY = shipped_library()


def shipped_routines() -> list[Routine]:
    catalog = Catalog.load(Path("/nonexistent-limber-user-dir"))
    routines = [entry.routine for entry in catalog.entries if entry.builtin]
    assert all(routine is not None for routine in routines)
    return [routine for routine in routines if routine is not None]


def round_trip(routine: Routine) -> Routine:
    text = writer.routine_yaml(routine, LIBRARY)
    return parse_routine(text, "saved.yaml", LIBRARY, routine_id=routine.id)


def edited_routine() -> Routine:
    """Everything the format can say, and texts YAML likes to get wrong."""
    base = shipped_routines()[0]
    library_step = replace(
        step_from_stretch(LIBRARY["lunge-press"]),
        name="Deep lunge: slow",
        instructions="Line one.\nLine two: with a colon, 'quotes' and “curly” ones.",
        cue="",
        sides=Sides.ONE,
        dose=Hold(42.5),
        rest=0.0,
    )
    reps_step = replace(
        step_from_stretch(LIBRARY["supported-heel-raise"]), dose=Reps(12, 2.5), rest=12.0
    )
    custom = Step(
        name="yes",  # a YAML 1.1 boolean if written plain
        instructions="- starts like a list item # and has a hash",
        dose=Reps(7),
        cue="Stay tall",
        regions=(Region.WAIST, Region.FEET_ANKLES),
        image="stretches/lunge-press.svg",
        sides=Sides.BOTH,
        say="Seven, then switch",
    )
    single_region = editing.custom_step("Toe walk", "Walk on your toes. " * 12, 90)
    single_region = replace(single_region, regions=(Region.FEET_ANKLES,))
    return replace(
        base,
        id="edited",
        title="Édité: 10 % more",
        summary="",
        lead_in=0.0,
        rest=75.0,
        steps=(library_step, reps_step, custom, single_region, *base.steps),
    )


# --- round trips -------------------------------------------------------------------------------


def test_every_shipped_routine_loads_back_identically() -> None:
    routines = shipped_routines()
    assert len(routines) >= 7
    for routine in routines:
        assert round_trip(routine) == routine, routine.id


def test_an_edited_routine_with_every_field_loads_back_identically() -> None:
    routine = edited_routine()
    assert round_trip(routine) == routine


def test_scaled_and_fitted_shipped_routines_load_back_identically() -> None:
    for routine in shipped_routines():
        for changed in (
            editing.scale_holds(routine, 1.7),
            editing.fit_to_total(routine, 367),
            editing.editable_copy(routine, ()),
        ):
            assert round_trip(changed) == changed


def test_library_steps_write_only_what_they_change() -> None:
    text = writer.routine_yaml(shipped_routines()[0], LIBRARY)
    data = yaml.safe_load(text)
    assert data["steps"][0] == {"stretch": "march-on-the-spot", "hold": "45s"}
    assert "instructions" not in text


def test_a_renamed_step_is_saved_without_the_voice_text_its_name_gave_it() -> None:
    """So renaming it again in the file changes what is said again."""
    text = "title: T\nsteps:\n  - stretch: lunge-press\n    name: Split squat\n"
    renamed = parse_routine(text, "r.yaml", LIBRARY, routine_id="r")
    assert renamed.steps[0].say is not None
    assert renamed.steps[0].say.startswith("Split squat")
    saved = writer.routine_yaml(renamed, LIBRARY)
    assert "say:" not in saved
    assert round_trip(renamed) == renamed


def test_the_text_is_plain_block_yaml_in_the_documented_order() -> None:
    text = writer.routine_yaml(edited_routine(), LIBRARY)
    assert text.startswith("# A Limber routine")
    assert "!!" not in text
    assert "&" not in text.replace("& ", "")
    events = list(yaml.parse(text))
    assert all(getattr(event, "anchor", None) is None for event in events)
    assert all(
        not getattr(event, "flow_style", False)
        for event in events
        if isinstance(event, yaml.CollectionStartEvent)
    )
    data = yaml.safe_load(text)
    assert list(data) == [key for key in ROUTINE_KEYS if key in data]
    for step in data["steps"]:
        assert list(step) == [key for key in STEP_KEYS if key in step]
    assert data["rest"] == "1m15s"
    assert data["steps"][0]["hold"] == "42.5s"
    assert data["steps"][1]["tempo"] == "2.5s"
    assert data["steps"][2]["region"] == ["waist", "feet-ankles"]
    assert data["steps"][3]["hold"] == "1m30s"
    assert data["steps"][3]["region"] == "feet-ankles"


# --- atomic saving -----------------------------------------------------------------------------


def files_in(folder: Path) -> list[str]:
    """The folder's files (conftest puts the fake home folder in tmp_path too)."""
    return sorted(path.name for path in folder.iterdir() if path.is_file())


def test_save_creates_the_folder_and_the_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "new" / "mine.yaml"
    routine = edited_routine()
    writer.save_routine(routine, LIBRARY, path)
    assert parse_routine(path.read_bytes(), str(path), LIBRARY, routine_id="edited") == routine
    assert [p.name for p in path.parent.iterdir()] == ["mine.yaml"]


def test_a_failure_mid_write_leaves_the_old_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"title: Old\r\nsteps: []  # exactly these bytes\n")
    old = path.read_bytes()
    real_write = os.write

    def half_then_full_disk(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full_disk)
    with pytest.raises(OSError, match="No space left"):
        writer.save_routine(edited_routine(), LIBRARY, path)
    assert path.read_bytes() == old
    assert files_in(tmp_path) == ["mine.yaml"]


# --- edit operations ---------------------------------------------------------------------------


def holds(routine: Routine) -> list[float]:
    return [step.dose.seconds for step in routine.steps if isinstance(step.dose, Hold)]


def reps(routine: Routine) -> list[Reps]:
    return [step.dose for step in routine.steps if isinstance(step.dose, Reps)]


def test_scaling_changes_holds_only_rounded_and_within_limits() -> None:
    routine = edited_routine()
    half = editing.scale_holds(routine, 0.5)
    assert holds(half) == [round(s * 0.5) for s in holds(routine)]
    assert reps(half) == reps(routine)
    assert (half.lead_in, half.rest) == (routine.lead_in, routine.rest)
    long = replace(routine, steps=(replace(routine.steps[0], dose=Hold(500)),))
    assert holds(editing.scale_holds(long, 2)) == [MAX_HOLD]
    short = replace(routine, steps=(replace(routine.steps[0], dose=Hold(1)),))
    assert holds(editing.scale_holds(short, 0.5)) == [MIN_HOLD]
    with pytest.raises(ValueError, match="positive"):
        editing.scale_holds(routine, 0)


@pytest.mark.parametrize("target", [150, 240, 360, 367, 600, 901])
def test_fitting_lands_within_a_second_of_the_target(target: float) -> None:
    for routine in shipped_routines():
        if not holds(routine):
            continue
        fitted = editing.fit_to_total(routine, target)
        assert reps(fitted) == reps(routine)
        assert all(MIN_HOLD <= s <= MAX_HOLD and s == int(s) for s in holds(fitted))
        fixed = total_seconds(routine) - sum(
            s.dose.seconds * (2 if s.sides is Sides.BOTH else 1)
            for s in routine.steps
            if isinstance(s.dose, Hold)
        )
        reachable = fixed + len(holds(routine)) * 2 * MIN_HOLD < target
        if reachable:
            assert abs(total_seconds(fitted) - target) <= 1, (routine.id, target)


def test_fitting_an_impossible_target_gets_as_close_as_the_limits_allow() -> None:
    routine = shipped_routines()[0]
    fitted = editing.fit_to_total(routine, 10)
    assert set(holds(fitted)) == {MIN_HOLD}
    assert reps(fitted) == reps(routine)
    only_reps = replace(routine, steps=tuple(s for s in routine.steps if isinstance(s.dose, Reps)))
    assert editing.fit_to_total(only_reps, 600) == only_reps


def test_moving_inserting_and_removing_steps() -> None:
    routine = shipped_routines()[0]
    names = [step.name for step in routine.steps]
    moved = editing.move_step(routine, 0, 2)
    assert [step.name for step in moved.steps] == [names[1], names[2], names[0], *names[3:]]
    added = editing.insert_step(routine, 1, editing.custom_step("Mine", "Do it"))
    assert added.steps[1].name == "Mine"
    assert added.steps[1].stretch_id is None
    assert editing.remove_step(added, 1) == routine


def test_kept_hold_times_change_only_hold_steps() -> None:
    routine = edited_routine()
    kept = editing.with_holds(routine, {0: 52.4, 1: 99, 99: 5})
    assert kept.steps[0].dose == Hold(52)
    assert kept.steps[1] == routine.steps[1]
    assert kept.steps[2:] == routine.steps[2:]


def test_copies_get_clear_unique_names() -> None:
    routine = shipped_routines()[0]
    copy = editing.editable_copy(routine, {"full-warmup", "full-warmup-mine"})
    assert (copy.id, copy.title) == ("full-warmup-mine-2", "Full warm-up (my version)")
    assert not copy.builtin
    assert copy.steps == routine.steps
    dup = editing.duplicate(routine, set())
    assert (dup.id, dup.title) == ("full-warmup-copy", "Full warm-up (copy)")
    assert editing.new_routine({"my-routine"}).id == "my-routine-2"


def test_a_routine_too_big_for_the_loader_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    base = shipped_routines()[0]
    wordy = replace(base.steps[0], instructions="Breathe. " * 40_000)
    path = tmp_path / "routines" / "wordy.yaml"
    with pytest.raises(OSError, match="make it shorter") as caught:
        writer.save_routine(replace(base, steps=(wordy,)), LIBRARY, path)
    assert caught.value.errno == errno.EFBIG
    assert caught.value.strerror is not None
    assert caught.value.strerror.startswith("the routine would take 381 KiB")
    assert not path.parent.exists()


@pytest.mark.parametrize("name", ["Tab\there", "Reversed \u202e text", "Two\nlines"])
def test_a_routine_that_would_not_load_back_is_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    base = shipped_routines()[0]
    pasted = replace(base.steps[0], name=name)
    path = tmp_path / "routines" / "pasted.yaml"
    with pytest.raises(OSError, match=r"^\[Errno 22\] it would not load back \(") as caught:
        writer.save_routine(replace(base, steps=(pasted,)), LIBRARY, path)
    assert caught.value.errno == errno.EINVAL
    assert "in 'name'" in str(caught.value.strerror)
    assert not path.parent.exists()


def test_a_refused_save_says_why_in_the_runners_language(tmp_path: Path) -> None:
    base = shipped_routines()[0]
    wordy = replace(base.steps[0], instructions="Breathe. " * 40_000)
    pasted = replace(base.steps[0], name="Two\nlines")
    reasons = []
    with pseudo_locale():
        for step in (wordy, pasted):
            with pytest.raises(OSError, match=r"\[!! ") as caught:
                writer.save_routine(replace(base, steps=(step,)), LIBRARY, tmp_path / "r.yaml")
            reasons.append(str(caught.value.strerror))
    assert untranslated(reasons, allowed={"'name'"}) == []


def test_the_header_of_a_saved_file_is_in_the_runners_language() -> None:
    routine = shipped_routines()[0]
    with i18n.installed(i18n.ENGLISH):
        i18n.install_language("de")
        text = writer.routine_yaml(routine, LIBRARY)
    assert text.startswith("# Eine Limber-Routine (gespeichert von Limber ")
    assert "`limber validate FILE` prüft sie." in text.splitlines()[1]
    assert parse_routine(text, "r.yaml", LIBRARY, routine_id=routine.id) == routine
