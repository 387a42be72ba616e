"""The routine model: what a warm-up is made of, independent of any file format or GUI.

Everything here is immutable, so a loaded routine can be shared between the
picker, the session engine and the editor without anyone changing it under the
others' feet. Limits and defaults are declared once, here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from pathlib import Path

# Durations are formatted in app.durations; the name stays importable from here too.
from app.durations import format_duration as format_duration
from app.regions import Region

# Defaults and limits of the routine format (seconds). The loader, the engine,
# the editor and the docs all take them from here.
DEFAULT_LEAD_IN = 10.0
DEFAULT_REST = 5.0
DEFAULT_TEMPO = 2.0
SWITCH_SIDES_SECONDS = 5.0
MIN_HOLD = 1.0
MAX_HOLD = 600.0
MAX_PAUSE = 600.0  # longest lead-in or rest
MIN_TEMPO = 0.5
MAX_TEMPO = 10.0
MIN_REPS = 1
MAX_REPS = 200


class Kind(enum.Enum):
    """What a library stretch does for the run, so a warm-up can be ordered like a
    coach's plan (raise the pulse, mobilise, stretch, activate, rehearse the stride)
    and never end standing still in a held stretch."""

    PULSE = "pulse"  # easy movement on the spot that raises heart rate and breathing
    MOBILITY = "mobility"  # joints through their range, in rhythm
    DYNAMIC = "dynamic"  # a stretch done as slow, controlled repetitions
    STATIC = "static"  # a stretch held still
    STRENGTH = "strength"  # muscles made to work against the body's weight
    DRILL = "drill"  # a running drill: the stride rehearsed, quick and light


class Sides(enum.Enum):
    """Whether a step is done once, or on the left and then on the right."""

    ONE = "one"
    BOTH = "both"


@dataclass(frozen=True)
class Hold:
    """Keep the position for a number of seconds."""

    seconds: float


@dataclass(frozen=True)
class Reps:
    """Repeat a movement `count` times, one every `tempo` seconds."""

    count: int
    tempo: float = DEFAULT_TEMPO

    @property
    def seconds(self) -> float:
        return self.count * self.tempo


Dose = Hold | Reps


@dataclass(frozen=True)
class Stretch:
    """An entry of the stretch library (routines/stretches.yaml)."""

    id: str
    name: str
    regions: tuple[Region, ...]
    instructions: str
    cue: str
    image: str | None = None
    sides: Sides = Sides.ONE
    dose: Dose | None = None  # used when a step names the stretch without hold/reps
    say: str | None = None
    kind: Kind | None = None  # None: the library does not say (files written before kinds)


@dataclass(frozen=True)
class Step:
    """One step of a routine, with the library's texts already merged in.

    `stretch_id` remembers which library entry the step came from (None for an
    inline step), so a writer can save only what the step overrides.
    """

    name: str
    instructions: str
    dose: Dose
    cue: str = ""
    regions: tuple[Region, ...] = ()
    image: str | None = None
    sides: Sides = Sides.ONE
    stretch_id: str | None = None
    say: str | None = None
    rest: float | None = None  # transition after this step; None: the routine's rest
    kind: Kind | None = None  # the library stretch's; None for an inline step

    @property
    def work_seconds(self) -> float:
        """Time spent moving or holding, both sides counted, without switches."""
        per_side = self.dose.seconds
        return per_side * 2 if self.sides is Sides.BOTH else per_side


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    lead_in: float = DEFAULT_LEAD_IN
    rest: float = DEFAULT_REST
    source: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The regions the routine works, in the order of the Region enum."""
        worked = {region for step in self.steps for region in step.regions}
        return tuple(region for region in Region if region in worked)

    def rest_after(self, index: int) -> float:
        """The transition after step `index` (there is none after the last)."""
        if index >= len(self.steps) - 1:
            return 0.0
        own = self.steps[index].rest
        return self.rest if own is None else own


def step_from_stretch(stretch: Stretch, dose: Dose | None = None) -> Step:
    """A step doing a library stretch with all its texts, at `dose` or the stretch's own.

    A stretch without a default dose gets a 30 s hold, the library's usual one.
    """
    chosen = dose or stretch.dose or Hold(30.0)
    return Step(
        name=stretch.name,
        instructions=stretch.instructions,
        dose=chosen,
        cue=stretch.cue,
        regions=stretch.regions,
        image=stretch.image,
        sides=stretch.sides,
        stretch_id=stretch.id,
        say=stretch.say,
        kind=stretch.kind,
    )


def renamed_say(stretch: Stretch, name: str) -> str | None:
    """The library's voice text for a step that shows the stretch as `name`.

    The voice names what the screen names: a library `say` starts with the
    stretch's name, and a step that renames the stretch (without its own
    `say`) has that name swapped for its own. A `say` that does not start with
    the name cannot be reworded safely, so the step falls back to its name and
    cue (None).
    """
    if name == stretch.name or stretch.say is None:
        return stretch.say
    if stretch.say.startswith(stretch.name):
        return name + stretch.say[len(stretch.name) :]
    return None


def renamed_step(step: Step, name: str, stretch: Stretch | None) -> Step:
    """The step shown as `name` (`stretch`: the library entry it came from, if any).

    A voice text the step took from the library follows the new name; one the
    runner wrote is theirs and stays as it is.
    """
    say = step.say
    if stretch is not None and say == renamed_say(stretch, step.name):
        say = renamed_say(stretch, name)
    return replace(step, name=name, say=say)


def describe_dose(step: Step) -> str:
    """How much of a step, for people: "0:30", "0:30 each side", "15 reps"."""
    dose = step.dose
    amount = f"{dose.count} reps" if isinstance(dose, Reps) else format_duration(dose.seconds)
    return f"{amount} each side" if step.sides is Sides.BOTH else amount
