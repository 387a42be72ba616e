"""Builds a routine for the regions a runner picks and the time they have.

Pure Python, no Qt: the "build one for me" dialog calls it, and the tests
check its promises (time close to the target, only the picked regions, no
stretch twice, a routine the loader would accept, a coach's order) without a
window.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from app.i18n import _, ngettext
from app.regions import Region
from app.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REST,
    MAX_REPS,
    MIN_REPS,
    Dose,
    Hold,
    Kind,
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
# Holds stay in a coach's range: long enough to count, short enough to stay warm.
MIN_GENERATED_HOLD = 20.0
MAX_GENERATED_HOLD = 45.0
HOLD_ROUNDING = 5.0
# From this long on, the pulse is raised with two moves (1-2 min), as in the full warm-up.
TWO_PULSE_RAISERS_FROM = 8 * 60.0
# From this long on, a running drill closes the routine even when the picked regions
# brought none: there is time to rehearse the stride. Shorter ones keep theirs if they have one.
CLOSING_DRILL_FROM = 5 * 60.0


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

    It follows a coach's plan, as the library's order does: raise the pulse
    (one easy move, two from TWO_PULSE_RAISERS_FROM), loosen the joints,
    stretch, wake the muscles up, then running drills. A pulse raiser opens
    every routine and, from CLOSING_DRILL_FROM on, a drill closes it, working
    the picked regions where the library has such moves, others where it has
    not; a held stretch is never last. In between, stretches are taken in turn
    from each region (so no region crowds out the others), each at most once;
    stretches that work only picked regions come before ones that also work
    another. Doses are then scaled
    together so the total, sides and switches included, lands near the target,
    holds within MIN_GENERATED_HOLD to MAX_GENERATED_HOLD. Deterministic: the
    same inputs always give the same routine.

    Raises ValueError when no region is picked or no stretch works them.
    """
    picked = [region for region in Region if region in regions]
    if not picked:
        raise ValueError(_("pick at least one region"))
    pulse_count = 2 if target_seconds >= TWO_PULSE_RAISERS_FROM else 1
    opening = _best_fits(library, Kind.PULSE, picked, pulse_count)
    # Regions the opening already works come last in each round, so that one round of
    # the others plus the opening covers every picked region.
    covered = {region for stretch in opening for region in stretch.regions}
    by_region = _candidates_by_region(library, picked)
    rounds = [by_region[region] for region in picked if region not in covered]
    rounds += [by_region[region] for region in picked if region in covered]
    queue = _round_robin(rounds)
    if not queue:
        raise ValueError(_("no stretch in the library works the picked regions"))
    uncovered = sum(1 for region in picked if region not in covered)
    labels = " · ".join(region.label for region in picked)
    phrases = " · ".join(region.in_sentence for region in picked)
    minutes = round(target_seconds / 60)
    # The routine being built, all but its steps: its lead-in and rest time the
    # candidates while they are chosen and scaled.
    frame = Routine(
        id=GENERATED_ID,
        # Translators: the title of a routine the builder made; {regions}: "Waist · Feet & ankles".
        title=_("Built for you: {regions}").format(regions=labels),
        summary=ngettext(
            "Made for {regions} in about {minutes} minute.",
            "Made for {regions} in about {minutes} minutes.",
            minutes,
        ).format(regions=phrases, minutes=minutes),
        steps=(),
        lead_in=lead_in,
        rest=rest,
    )
    chosen = _enough_stretches(queue, opening, uncovered, target_seconds, frame, overrides)
    has_drill = any(stretch.kind is Kind.DRILL for stretch in chosen)
    if not has_drill and target_seconds >= CLOSING_DRILL_FROM:
        chosen += _best_fits(library, Kind.DRILL, picked, 1)
    order = {stretch_id: index for index, stretch_id in enumerate(library)}
    chosen.sort(key=lambda stretch: order[stretch.id])
    chosen = _static_not_last(chosen)
    scale = _dose_scale(chosen, target_seconds, frame, overrides)
    return replace(frame, steps=tuple(_step(stretch, scale) for stretch in chosen))


def _best_fits(
    library: Mapping[str, Stretch], kind: Kind, picked: Sequence[Region], count: int
) -> list[Stretch]:
    """Up to `count` stretches of `kind`: first those working only picked regions, then
    those working some, then the others; in library order within each."""
    inside = set(picked)
    of_kind = [stretch for stretch in library.values() if stretch.kind is kind and stretch.dose]
    of_kind.sort(  # stable
        key=lambda stretch: (not set(stretch.regions) <= inside, not set(stretch.regions) & inside)
    )
    return of_kind[:count]


def _static_not_last(stretches: list[Stretch]) -> list[Stretch]:
    """The stretches with any held ones at the end moved before the last moving one: a
    warm-up ends on the move (only a library without kinds could need this)."""
    moving = [n for n, stretch in enumerate(stretches) if stretch.kind is not Kind.STATIC]
    if not moving:
        return stretches
    last = moving[-1]  # already last when the list ends on the move: then nothing changes
    return [*stretches[:last], *stretches[last + 1 :], stretches[last]]


def _candidates_by_region(
    library: Mapping[str, Stretch], picked: Sequence[Region]
) -> dict[Region, list[Stretch]]:
    """Per picked region, the stretches whose first picked region it is, best fits first.

    Pulse raisers are left out: they open the routine (`_best_fits`), never fill it.
    """
    buckets: dict[Region, list[Stretch]] = {region: [] for region in picked}
    for stretch in library.values():
        if stretch.dose is None or stretch.kind is Kind.PULSE:
            continue
        home = next((region for region in stretch.regions if region in buckets), None)
        if home is not None:
            buckets[home].append(stretch)
    inside = set(picked)
    # sort is stable: library order is kept within each group
    return {
        region: sorted(bucket, key=lambda stretch: not set(stretch.regions) <= inside)
        for region, bucket in buckets.items()
    }


def _round_robin(buckets: Sequence[Sequence[Stretch]]) -> list[Stretch]:
    """One from each region in turn, until every region has run out (there is at least
    one region: `generate` refuses an empty pick)."""
    queue: list[Stretch] = []
    for depth in range(max(len(bucket) for bucket in buckets)):
        queue.extend(bucket[depth] for bucket in buckets if depth < len(bucket))
    return queue


def _enough_stretches(
    queue: Sequence[Stretch],
    opening: Sequence[Stretch],
    regions: int,
    target: float,
    frame: Routine,
    overrides: TimingOverrides,
) -> list[Stretch]:
    """`opening` and the prefix of `queue` whose time at default doses is closest to the target.

    Never fewer than `regions` stretches from the queue (one per region the opening
    does not work), nor fewer than one.
    """
    first = max(1, min(regions, len(queue)))
    best = [*opening, *queue[:first]]
    best_gap = abs(_length(best, 1.0, frame, overrides) - target)
    for count in range(first + 1, len(queue) + 1):
        candidate = [*opening, *queue[:count]]
        gap = abs(_length(candidate, 1.0, frame, overrides) - target)
        if gap < best_gap:
            best, best_gap = candidate, gap
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
    steps = tuple(
        step_from_stretch(stretch, _scaled_exactly(_dose(stretch), scale)) for stretch in stretches
    )
    return session_seconds(replace(frame, steps=steps), overrides)


def _step(stretch: Stretch, scale: float) -> Step:
    return step_from_stretch(stretch, _scaled(_dose(stretch), scale))


def _dose(stretch: Stretch) -> Dose:
    assert stretch.dose is not None  # only stretches with a dose are ever chosen
    return stretch.dose


def _scaled(dose: Dose, scale: float) -> Dose:
    """The dose times `scale`: holds to the nearest 5 s, reps to a whole count."""
    if isinstance(dose, Hold):
        seconds = round(dose.seconds * scale / HOLD_ROUNDING) * HOLD_ROUNDING
        return Hold(min(MAX_GENERATED_HOLD, max(MIN_GENERATED_HOLD, seconds)))
    count = min(MAX_REPS, max(MIN_REPS, round(dose.count * scale)))
    return Reps(count, dose.tempo)


def _scaled_exactly(dose: Dose, scale: float) -> Dose:
    """The dose times `scale`, unrounded, to find the scale: a hold within its limits,
    a set as many seconds at the same count."""
    if isinstance(dose, Hold):
        return Hold(min(MAX_GENERATED_HOLD, max(MIN_GENERATED_HOLD, dose.seconds * scale)))
    return Reps(dose.count, dose.tempo * scale)
