"""Edits to a routine, as pure functions: each takes a Routine and returns a new one.

The editor's undo stack keeps the Routine before and after each edit, so
undoing is putting the old value back; nothing here knows about Qt.

Whole-routine timing changes only *holds*: a reps step is a number of
movements, not a time to stretch, so scaling and fitting never touch rep
counts, tempos, the lead-in or the rests. Holds are rounded to whole seconds
and kept within MIN_HOLD..MAX_HOLD; when a target cannot be reached inside
those limits (or the routine has no holds), the result is as close as they
allow and the caller shows the total it actually got.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from app.i18n import N_, _
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
    format_duration,
)
from app.session import total_seconds

MIN_SCALE = 0.5
MAX_SCALE = 2.0
COPY_SUFFIX = "mine"
# Translators: the title of the runner's own copy of a routine that comes with Limber.
COPY_TITLE = N_("{title} (my version)")
DUPLICATE_SUFFIX = "copy"
DUPLICATE_TITLE = N_("{title} (copy)")


def clamp_hold(seconds: float) -> float:
    """A hold in whole seconds, within the format's limits."""
    return float(min(MAX_HOLD, max(MIN_HOLD, round(seconds))))


# --- single edits --------------------------------------------------------------------------------


def replace_step(routine: Routine, index: int, step: Step) -> Routine:
    steps = list(routine.steps)
    steps[index] = step
    return replace(routine, steps=tuple(steps))


def insert_step(routine: Routine, index: int, step: Step) -> Routine:
    steps = list(routine.steps)
    steps.insert(index, step)
    return replace(routine, steps=tuple(steps))


def remove_step(routine: Routine, index: int) -> Routine:
    steps = list(routine.steps)
    del steps[index]
    return replace(routine, steps=tuple(steps))


def move_step(routine: Routine, source: int, destination: int) -> Routine:
    """The step at `source` taken out and put back so that it ends up at `destination`."""
    steps = list(routine.steps)
    step = steps.pop(source)
    steps.insert(destination, step)
    return replace(routine, steps=tuple(steps))


def reordered(routine: Routine, order: Sequence[int]) -> Routine | None:
    """The steps in `order` (old step indexes, as a drag and drop leaves them); None
    when `order` is not each index once (a drop that lost or doubled a step)."""
    if sorted(order) != list(range(len(routine.steps))):
        return None
    return replace(routine, steps=tuple(routine.steps[index] for index in order))


class DoseKind(enum.Enum):
    """What a step's dose is counted in: seconds held, or repetitions."""

    HOLD = "hold"
    REPS = "reps"


def with_dose_kind(step: Step, kind: DoseKind) -> Step:
    """The step switched to a hold or to reps, taking about the same time: a hold
    becomes one rep per 2 s, reps become a hold as long as they took. A step
    already of that kind comes back as it is."""
    dose = step.dose
    if kind is DoseKind.REPS and isinstance(dose, Hold):
        return replace(step, dose=Reps(max(MIN_REPS, min(MAX_REPS, round(dose.seconds / 2)))))
    if kind is DoseKind.HOLD and isinstance(dose, Reps):
        return replace(step, dose=Hold(clamp_hold(dose.seconds)))
    return step


def picture_choices(library: Mapping[str, Stretch]) -> list[tuple[str, str]]:
    """(name, image) of every library picture, by stretch name: what a step may show.
    A picture two stretches share is listed once, under the first name."""
    pictures: dict[str, str] = {}
    for stretch in sorted(library.values(), key=lambda stretch: stretch.name.casefold()):
        if stretch.image is not None and stretch.image not in pictures:
            pictures[stretch.image] = stretch.name
    return [(name, image) for image, name in pictures.items()]


def stretch_matches(stretch: Stretch, words: Sequence[str]) -> bool:
    """Whether every (casefolded) search word is in the stretch's name, id or regions."""
    haystack = " ".join(
        [stretch.name, stretch.id, *(region.label for region in stretch.regions)]
    ).casefold()
    return all(word in haystack for word in words)


def custom_step(name: str, instructions: str, seconds: float = 30.0) -> Step:
    """A step of the runner's own, not from the library."""
    return Step(name=name, instructions=instructions, dose=Hold(clamp_hold(seconds)))


def with_holds(routine: Routine, holds: Mapping[int, float]) -> Routine:
    """`holds` (step index -> seconds, as Session.adjusted_holds gives) put into the routine.

    Only hold steps change; an index that is not a hold step is left alone.
    """
    steps = list(routine.steps)
    for index, seconds in holds.items():
        if 0 <= index < len(steps) and isinstance(steps[index].dose, Hold):
            steps[index] = replace(steps[index], dose=Hold(clamp_hold(seconds)))
    return replace(routine, steps=tuple(steps))


# --- whole-routine timing ------------------------------------------------------------------------


def scale_holds(routine: Routine, factor: float) -> Routine:
    """Every hold times `factor` (e.g. 0.5 to 2), rounded to whole seconds, within limits."""
    if not math.isfinite(factor) or factor <= 0:
        raise ValueError(f"scale must be a positive number, found {factor!r}")
    return replace(
        routine,
        steps=tuple(
            replace(step, dose=Hold(clamp_hold(step.dose.seconds * factor)))
            if isinstance(step.dose, Hold)
            else step
            for step in routine.steps
        ),
    )


def fit_to_total(routine: Routine, target: float) -> Routine:
    """The routine with its holds scaled so that it takes `target` seconds, as near as can be.

    Holds are scaled in proportion, rounded to whole seconds, then nudged one
    second at a time (longest holds first) until the total is within a second
    of the target or no hold can move further. Reps, rests and the lead-in stay.
    """
    holds = [index for index, step in enumerate(routine.steps) if isinstance(step.dose, Hold)]
    if not holds:
        return routine
    weights = {index: _sides_factor(routine.steps[index]) for index in holds}
    hold_time = sum(routine.steps[index].dose.seconds * weights[index] for index in holds)
    fixed = total_seconds(routine) - hold_time
    factor = max(target - fixed, 0.0) / hold_time
    seconds = {index: clamp_hold(routine.steps[index].dose.seconds * factor) for index in holds}
    total = fixed + sum(seconds[index] * weights[index] for index in holds)
    moved = True
    while moved and abs(target - total) >= 1:
        moved = False
        direction = 1.0 if target > total else -1.0
        for index in sorted(holds, key=lambda i: (-seconds[i], i)):
            gap = abs(target - total)
            new = seconds[index] + direction
            # Moving a both-sides hold changes the total by 2 s: only when that gets closer.
            if gap < 1 or weights[index] >= 2 * gap or not MIN_HOLD <= new <= MAX_HOLD:
                continue
            seconds[index] = new
            total += direction * weights[index]
            moved = True
    return with_holds(routine, seconds)


# "Fit holds to this time" refuses to bring any hold under this (a 1-second
# hold stretches nothing); holds already shorter are left to the runner.
MIN_FITTED_HOLD = 10.0


def shortest_hold(routine: Routine) -> float | None:
    holds = [step.dose.seconds for step in routine.steps if isinstance(step.dose, Hold)]
    return min(holds) if holds else None


def fit_too_short(before: Routine, fitted: Routine) -> bool:
    """Whether a fitting would bring a hold under MIN_FITTED_HOLD and below the
    shortest hold there was: the editor then refuses it and says why."""
    shortest, shortest_before = shortest_hold(fitted), shortest_hold(before)
    return (
        shortest is not None
        and shortest_before is not None
        and shortest < MIN_FITTED_HOLD
        and shortest < shortest_before
    )


def with_fitting_floor(routine: Routine) -> Routine:
    """Every hold at MIN_FITTED_HOLD: the shortest routine fitting may make."""
    return with_holds(
        routine,
        {
            index: MIN_FITTED_HOLD
            for index, step in enumerate(routine.steps)
            if isinstance(step.dose, Hold)
        },
    )


def first_hold_change(before: Routine, after: Routine) -> str:
    """One hold as it was and is now, " (Lunge press 0:45 → 1:08)", to show what a
    scaling or fitting did; "" when no hold changed."""
    for old, new in zip(before.steps, after.steps, strict=False):
        if isinstance(old.dose, Hold) and isinstance(new.dose, Hold) and old.dose != new.dose:
            was, now = format_duration(old.dose.seconds), format_duration(new.dose.seconds)
            # Translators: added at the end of a sentence: " (Lunge press 0:45 → 1:08)".
            return _(" ({name} {was} → {now})").format(name=new.name, was=was, now=now)
    return ""


def _sides_factor(step: Step) -> int:
    return 2 if step.sides is Sides.BOTH else 1


def save_problem(routine: Routine) -> str | None:
    """Why the routine cannot be saved yet (a file without a title or steps would not
    load back); None when it can."""
    if not routine.title.strip():
        return _("Give the routine a title to save it.")
    if not routine.steps:
        return _("Add at least one step to save the routine.")
    return None


# --- copies of routines --------------------------------------------------------------------------


def unique_id(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def editable_copy(routine: Routine, taken: Collection[str]) -> Routine:
    """The runner's own version of a shipped routine: `full-warmup-mine`, "… (my version)"."""
    return _user_copy(routine, taken, COPY_SUFFIX, COPY_TITLE)


def duplicate(routine: Routine, taken: Collection[str]) -> Routine:
    """A copy to change freely: `waist-copy`, "Waist (copy)"."""
    return _user_copy(routine, taken, DUPLICATE_SUFFIX, DUPLICATE_TITLE)


def _user_copy(routine: Routine, taken: Collection[str], suffix: str, title: str) -> Routine:
    return replace(
        routine,
        id=unique_id(f"{routine.id}-{suffix}", taken),
        title=_(title).format(title=routine.title),
        builtin=False,
        source=None,
    )


def new_routine(taken: Collection[str]) -> Routine:
    """An empty routine to build up from the library."""
    return Routine(id=unique_id("my-routine", taken), title=_("My routine"), steps=())
