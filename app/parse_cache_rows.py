"""Routines as the parse cache's JSON rows, and back (app.parse_cache).

Every value read back is checked as the loader checks a routine file: a row
this module did not write (edited by hand, damaged, from another version) is
`Unusable`, a miss, never a routine the loader would have refused.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

from app.format_checker import _BIDI_CONTROLS
from app.pictures import is_own_picture, suffix_problem
from app.regions import Region
from app.resources import split_asset_path
from app.routine import (
    MAX_HOLD,
    MAX_PAUSE,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Dose,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Step,
)
from app.yaml_nodes import Problem


def _json_key(row: list[Any]) -> str:
    """A step row as text, to find it again. json is imported where it is used: the
    window imports the parse cache (through app.store) before its first paint, and
    nothing of the cache is needed until the routines are read, in a worker."""
    import json

    return json.dumps(row)


class StepTable:
    """Every distinct step of the cached routines, once; routines name theirs by index.

    Routines made from the same library share most of their steps, and a Step
    is immutable, so each is checked and built once however many routines hold it.
    """

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows
        self._index: dict[str, int] | None = None
        self._built: dict[int, Step] = {}

    def add(self, step: Step) -> int:
        if self._index is None:
            self._index = {_json_key(row): number for number, row in enumerate(self._rows)}
        row = _step_data(step)
        key = _json_key(row)
        number = self._index.get(key)
        if number is None:
            number = len(self._rows)
            self._rows.append(row)
            self._index[key] = number
            self._built[number] = step
        return number

    def step(self, number: object) -> Step:
        if not is_int(number):
            raise Unusable
        built = self._built.get(number)
        if built is None:
            if not 0 <= number < len(self._rows):
                raise Unusable
            built = self._built[number] = _step(self._rows[number])
        return built

    def compacted(self, entries: Mapping[str, dict[str, Any]]) -> list[Any]:
        """The rows `entries` use, renumbered in place in the entries; an entry that
        names a row that is not there keeps the number, and is a miss when read."""
        rows: list[Any] = []
        renumbered: dict[int, int] = {}
        for entry in entries.values():
            routine = entry.get("routine")
            steps = routine.get("steps") if isinstance(routine, dict) else None
            if not isinstance(steps, list):
                continue
            for position, number in enumerate(steps):
                if not (is_int(number) and 0 <= number < len(self._rows)):
                    continue  # left as it is: reading it back is a miss
                if number not in renumbered:
                    renumbered[number] = len(rows)
                    rows.append(self._rows[number])
                steps[position] = renumbered[number]
        self._rows = rows
        self._index = None
        self._built = {}
        return rows


class Unusable(Exception):
    """A cached value that is not what this module writes."""


def routine_data(routine: Routine, steps: StepTable) -> dict[str, Any]:
    return {
        "title": routine.title,
        "summary": routine.summary,
        "lead_in": routine.lead_in,
        "rest": routine.rest,
        "steps": [steps.add(step) for step in routine.steps],
    }


def _step_data(step: Step) -> list[Any]:
    """A step as a list, its fields in _STEP_FIELDS' order (a third of the size of a mapping)."""
    dose = step.dose
    return [
        step.name,
        step.instructions,
        [dose.seconds] if isinstance(dose, Hold) else [dose.count, dose.tempo],
        step.cue,
        [region.value for region in step.regions],
        step.image,
        step.sides.value,
        step.stretch_id,
        step.say,
        step.rest,
        None if step.kind is None else step.kind.value,
    ]


_STEP_FIELDS = 11
_REGIONS = {region.value: region for region in Region}
_SIDES = {sides.value: sides for sides in Sides}
_KINDS = {kind.value: kind for kind in Kind}


def routine_from_data(data: object, path: Path, table: StepTable) -> Routine:
    fields = _mapping(data)
    steps = _list(fields["steps"])
    if not steps:
        raise Unusable
    return Routine(
        id=path.stem,
        title=_text(fields["title"]),
        steps=tuple(table.step(number) for number in steps),
        summary=_text(fields["summary"]),
        lead_in=_seconds(fields["lead_in"], 0.0, MAX_PAUSE),
        rest=_seconds(fields["rest"], 0.0, MAX_PAUSE),
        source=path,
    )


def _step(data: object) -> Step:
    fields = _list(data)
    if len(fields) != _STEP_FIELDS:
        raise Unusable
    name, instructions, dose, cue, regions, image, sides, stretch_id, say, rest, kind = fields
    return Step(
        name=_text(name),
        instructions=_text(instructions),
        dose=_dose(dose),
        cue=_text(cue),
        regions=tuple(_REGIONS[_text(region)] for region in _list(regions)),
        image=None if image is None else _image(image),
        sides=_SIDES[_text(sides)],
        stretch_id=_optional_text(stretch_id),
        say=_optional_text(say),
        rest=None if rest is None else _seconds(rest, 0.0, MAX_PAUSE),
        kind=None if kind is None else _KINDS[_text(kind)],
    )


def _dose(data: object) -> Dose:
    values = _list(data)
    if len(values) == 1:
        return Hold(_seconds(values[0], MIN_HOLD, MAX_HOLD))
    if len(values) == 2 and is_int(values[0]) and MIN_REPS <= values[0] <= MAX_REPS:
        return Reps(values[0], _seconds(values[1], MIN_TEMPO, MAX_TEMPO))
    raise Unusable


def problems_from_data(data: object, path: str) -> list[Problem]:
    problems = []
    for item in _list(data):
        line, column, message = _list(item)
        if not (is_int(line) and is_int(column) and line >= 1 and column >= 1):
            raise Unusable
        problems.append(Problem(path, line, column, _text(message)))
    if not problems:
        raise Unusable
    return problems


@functools.lru_cache(maxsize=1024)
def _image(value: object) -> str:
    """A picture path that stays under assets/, or a picture file of the runner's
    own (absolute: app.pictures); ValueError otherwise: a miss.
    Remembered: a thousand routines name the same few dozen pictures."""
    image = _text(value)
    if not is_own_picture(image):
        split_asset_path(image)
    elif suffix_problem(image) is not None:
        raise ValueError(f"not a picture file: {image!r}")
    return image


def _mapping(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unusable
    return value


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise Unusable
    return value


def _text(value: object) -> str:
    """Text as the loader lets it through: no control character but a line break,
    no lone surrogate, no bidirectional override (a title reaches the terminal)."""
    if not isinstance(value, str):
        raise Unusable
    if not value.isprintable():
        for char in value:
            if char != "\n" and (
                char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")
            ):
                raise Unusable
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unusable
    seconds = float(value)
    if not (math.isfinite(seconds) and low <= seconds <= high):
        raise Unusable
    return seconds
