"""Builds a routine for the regions a runner picks and the time they have.

Pure Python, no Qt: the "build one for me" dialog calls it, and the tests
check its promises (time close to the target, only the picked regions, no
stretch twice, a routine the loader would accept) without a window.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from app.regions import Region
from app.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REST,
    MAX_HOLD,
    MAX_REPS,
    MIN_REPS,
    Dose,
    Hold,
    Reps,
    Routine,
    Step,
    Stretch,
    step_from_stretch,
)
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds

GENERATED_ID = "built-for-you"
# How far a stretch's default dose may be stretched or shrunk to meet the target:
# beyond these, a hold gets tedious or a set too short to warm anything up.
MIN_DOSE_SCALE = 0.5
MAX_DOSE_SCALE = 2.5
MIN_GENERATED_HOLD = 10.0
HOLD_ROUNDING = 5.0


def generate(
    library: Mapping[str, Stretch],
    regions: Collection[Region],
    target_seconds: float,
    *,
    lead_in: float = DEFAULT_LEAD_IN,
    rest: float = DEFAULT_REST,
    overrides: TimingOverrides = NO_OVERRIDES,
) -> Routine:
    """A routine working `regions`, lasting about `target_seconds` in all.

    The time aimed at is the session's real one: with the runner's get-ready
    and rest (`overrides`) where they are set, else `lead_in` and `rest`, which
    the routine keeps as its own either way.

    Stretches are taken in turn from each region (so no region crowds out the
    others), each at most once; stretches that work only picked regions come
    before ones that also work another. The routine keeps the library's order,
    which runs from gentle mobility to brisk drills. Doses are then scaled
    together so the total, sides and switches included, lands near the target.
    Deterministic: the same inputs always give the same routine.

    Raises ValueError when no region is picked or no stretch works them.
    """
    picked = [region for region in Region if region in regions]
    if not picked:
        raise ValueError("pick at least one region")
    queue = _round_robin(_candidates_by_region(library, picked))
    if not queue:
        raise ValueError("no stretch in the library works the picked regions")
    frame = Routine(id=GENERATED_ID, title="", steps=(), lead_in=lead_in, rest=rest)
    chosen = _enough_stretches(queue, len(picked), target_seconds, frame, overrides)
    order = {stretch_id: index for index, stretch_id in enumerate(library)}
    chosen.sort(key=lambda stretch: order[stretch.id])
    scale = _dose_scale(chosen, target_seconds, frame, overrides)
    steps = tuple(_step(stretch, scale) for stretch in chosen)
    labels = " · ".join(region.label for region in picked)
    return Routine(
        id=GENERATED_ID,
        title=f"Built for you: {labels}",
        summary=f"Made for {labels.lower()} in about {round(target_seconds / 60)} minutes.",
        steps=steps,
        lead_in=lead_in,
        rest=rest,
    )


def _candidates_by_region(
    library: Mapping[str, Stretch], picked: Sequence[Region]
) -> list[list[Stretch]]:
    """Per picked region, the stretches whose first picked region it is, best fits first."""
    buckets: dict[Region, list[Stretch]] = {region: [] for region in picked}
    for stretch in library.values():
        if stretch.dose is None:
            continue
        home = next((region for region in stretch.regions if region in buckets), None)
        if home is not None:
            buckets[home].append(stretch)
    inside = set(picked)
    # sort is stable: library order is kept within each group
    return [
        sorted(bucket, key=lambda stretch: not set(stretch.regions) <= inside)
        for bucket in buckets.values()
    ]


def _round_robin(buckets: Sequence[Sequence[Stretch]]) -> list[Stretch]:
    """One from each region in turn, until every region has run out."""
    queue: list[Stretch] = []
    for depth in range(max((len(bucket) for bucket in buckets), default=0)):
        queue.extend(bucket[depth] for bucket in buckets if depth < len(bucket))
    return queue


def _enough_stretches(
    queue: Sequence[Stretch],
    regions: int,
    target: float,
    frame: Routine,
    overrides: TimingOverrides,
) -> list[Stretch]:
    """The prefix of `queue` whose time at default doses is closest to the target.

    Never fewer than one stretch per region (when the queue has them).
    """
    best = list(queue[: max(1, min(regions, len(queue)))])
    best_gap = abs(_length(best, 1.0, frame, overrides) - target)
    for count in range(len(best) + 1, len(queue) + 1):
        gap = abs(_length(queue[:count], 1.0, frame, overrides) - target)
        if gap < best_gap:
            best, best_gap = list(queue[:count]), gap
    return best


def _dose_scale(
    stretches: Sequence[Stretch], target: float, frame: Routine, overrides: TimingOverrides
) -> float:
    """The factor on every default dose that brings the total to the target, within limits."""
    fixed = _length(stretches, 0.0, frame, overrides)
    moving = _length(stretches, 1.0, frame, overrides) - fixed
    if moving <= 0:
        return 1.0
    return min(MAX_DOSE_SCALE, max(MIN_DOSE_SCALE, (target - fixed) / moving))


def _length(
    stretches: Sequence[Stretch], scale: float, frame: Routine, overrides: TimingOverrides
) -> float:
    """Seconds a session of the stretches takes with doses scaled by `scale` (unrounded),
    in `frame`'s lead-in and rest unless overridden."""
    steps = tuple(_step(stretch, scale, rounded=False) for stretch in stretches)
    return session_seconds(replace(frame, steps=steps), overrides)


def _step(stretch: Stretch, scale: float, *, rounded: bool = True) -> Step:
    assert stretch.dose is not None  # _candidates_by_region only keeps stretches with a dose
    return step_from_stretch(stretch, _scaled(stretch.dose, scale, rounded=rounded))


def _scaled(dose: Dose, scale: float, *, rounded: bool) -> Dose:
    """The dose times `scale`: holds to the nearest 5 s, reps to a whole count."""
    if not rounded:
        if isinstance(dose, Hold):
            return Hold(dose.seconds * scale)
        return Reps(dose.count, dose.tempo * scale)  # same seconds, no rounding
    if isinstance(dose, Hold):
        seconds = round(dose.seconds * scale / HOLD_ROUNDING) * HOLD_ROUNDING
        return Hold(min(MAX_HOLD, max(MIN_GENERATED_HOLD, seconds)))
    count = min(MAX_REPS, max(MIN_REPS, round(dose.count * scale)))
    return Reps(count, dose.tempo)
