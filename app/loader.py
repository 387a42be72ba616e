"""Reading the stretch library and routine files, with compiler-style error messages.

Users write routine files by hand, so every mistake is reported as
`FILE:LINE:COL: message` at the exact key or value that is wrong, and all the
mistakes in a file are reported at once. This module is the public entry
point (`parse_routine`, `load_library`, `RoutineError`, ...); the work is done
in three layers: `app.yaml_nodes` composes the YAML strictly into nodes (no
objects, no aliases, nothing that runs code), `app.format_checker` checks the
routine and step fields, `app.durations` reads durations.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from app.durations import DURATION_EXAMPLES, parse_duration
from app.files import FileTooLargeError, read_file
from app.format_checker import (
    _STRETCH_ID,
    BLOCK_TEXT_KEYS,
    ROUTINE_KEYS,
    STEP_KEYS,
    STRETCH_KEYS,
    Owner,
    OwnerKind,
    Unknown,
    _Checker,
    _describe,
    _Fields,
    _is_text,
    _key_name,
    _line_of,
    _unknown,
)
from app.i18n import N_, _
from app.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REST,
    MAX_PAUSE,
    Routine,
    Sides,
    Step,
    Stretch,
    renamed_say,
)
from app.yaml_nodes import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    TAB_MESSAGE,
    TOO_LARGE_MESSAGE,
    Problem,
    RoutineError,
    _compose,
    _RefusedNode,
    _Report,
    too_large_message,
)

__all__ = [
    "BLOCK_TEXT_KEYS",
    "DURATION_EXAMPLES",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "ROUTINE_KEYS",
    "STEP_KEYS",
    "STRETCH_KEYS",
    "TAB_MESSAGE",
    "TOO_LARGE_MESSAGE",
    "Problem",
    "RoutineError",
    "load_library",
    "load_library_file",
    "load_routine_file",
    "parse_duration",
    "parse_routine",
    "read_routine_bytes",
    "too_large_message",
]


# --- the stretch library -----------------------------------------------------------------------


def load_library(text: str | bytes, path: str) -> dict[str, Stretch]:
    """The stretch library (routines/stretches.yaml), keyed by stretch id."""
    report = _Report(path)
    root = _compose(text, report, _("empty file: expected a mapping of stretch ids to stretches"))
    if not isinstance(root, yaml.MappingNode):
        if not isinstance(root, _RefusedNode):
            report.at(
                root,
                _("expected a mapping of stretch ids to stretches, found {found}").format(
                    found=_describe(root)
                ),
            )
        raise RoutineError(report.problems)
    check = _Checker(report)
    library: dict[str, Stretch] = {}
    first_lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        stretch_id = _key_name(key_node, report)
        if stretch_id is None:
            continue
        first_line = first_lines.get(stretch_id)
        if first_line is not None:
            report.at(
                key_node,
                _("duplicate stretch '{stretch}' (first defined on line {line})").format(
                    stretch=stretch_id, line=first_line
                ),
            )
            continue
        first_lines[stretch_id] = _line_of(key_node)
        if not _STRETCH_ID.match(stretch_id):
            report.at(
                key_node,
                _(
                    "stretch id '{stretch}' should be lowercase words joined by dashes, "
                    "like 'lunge-press'"
                ).format(stretch=stretch_id),
            )
        stretch = _stretch(check, stretch_id, value_node)
        if stretch is not None:
            library[stretch_id] = stretch
    report.raise_if_any()
    return library


def _stretch(check: _Checker, stretch_id: str, node: yaml.Node) -> Stretch | None:
    if isinstance(node, _RefusedNode):
        return None
    if not isinstance(node, yaml.MappingNode):
        check.report.at(
            node,
            _("expected a mapping for stretch '{stretch}', found {found}").format(
                stretch=stretch_id, found=_describe(node)
            ),
        )
        return None
    fields = _Fields(node, STRETCH_KEYS, check.report)
    owner = Owner(OwnerKind.STRETCH, stretch_id)
    name = check.required_text(fields, "name", owner)
    region_node = fields.get("region")
    if region_node is None:
        check.report.at(node, owner.missing("region"))
    sides_node = fields.get("sides")
    return Stretch(
        id=stretch_id,
        name=name,
        regions=() if region_node is None else check.regions(region_node),
        instructions=check.required_text(fields, "instructions", owner),
        cue=check.required_text(fields, "cue", owner),
        image=check.optional_image(fields),
        sides=Sides.ONE if sides_node is None else check.sides(sides_node),
        dose=check.dose(fields, None),
        say=check.optional_text(fields, "say"),
        kind=check.optional_kind(fields),
    )


# --- routines ----------------------------------------------------------------------------------


def parse_routine(
    data: str | bytes,
    path: str,
    library: Mapping[str, Stretch],
    *,
    routine_id: str,
    builtin: bool = False,
    source: Path | None = None,
) -> Routine:
    """A routine from the text of its file; `path` is only used in messages."""
    report = _Report(path)
    root = _compose(data, report, _("empty file: expected a mapping with 'title' and 'steps'"))
    if not isinstance(root, yaml.MappingNode):
        if not isinstance(root, _RefusedNode):
            report.at(
                root,
                _(
                    "expected a mapping with 'title' and 'steps' at the top of the file, "
                    "found {found}"
                ).format(found=_describe(root)),
            )
        raise RoutineError(report.problems)
    check = _Checker(report)
    fields = _Fields(root, ROUTINE_KEYS, report)
    title = check.required_text(fields, "title", Owner(OwnerKind.ROUTINE))
    summary = check.optional_text(fields, "summary")
    lead_in = check.optional_duration(fields, "lead_in", 0.0, MAX_PAUSE)
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    steps = _steps(check, fields, library)
    report.raise_if_any()
    return Routine(
        id=routine_id,
        title=title,
        steps=steps,
        summary=summary or "",
        lead_in=DEFAULT_LEAD_IN if lead_in is None else lead_in,
        rest=DEFAULT_REST if rest is None else rest,
        source=source,
        builtin=builtin,
    )


def load_routine_file(path: Path, library: Mapping[str, Stretch]) -> Routine:
    """A routine file from disk; its id is the file name without `.yaml`."""
    data = _read_file(path)
    return parse_routine(data, str(path), library, routine_id=path.stem, source=path)


def load_library_file(path: Path) -> dict[str, Stretch]:
    """A stretch library from disk (the shipped one is read through app.resources)."""
    return load_library(_read_file(path), str(path))


def _read_file(path: Path) -> bytes:
    return read_routine_bytes(path)


def read_routine_bytes(path: Path) -> bytes:
    """The bytes of a routine file, read as `app.files.read_file` reads (only a regular
    file, never in a way that can wait); RoutineError, in one line, if it cannot be
    read or is over the size cap."""
    try:
        # Translators: what the file should have been, as in "it is a folder, not {expected}".
        return read_file(path, limit=MAX_FILE_BYTES, expected=N_("a routine file"))
    except FileTooLargeError:
        raise RoutineError([Problem(str(path), 1, 1, too_large_message())]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        # Translators: {reason} says why, like "it is a folder, not a routine file".
        message = _("cannot read file: {reason}").format(reason=reason)
        raise RoutineError([Problem(str(path), 1, 1, message)]) from None


def _steps(check: _Checker, fields: _Fields, library: Mapping[str, Stretch]) -> tuple[Step, ...]:
    node = fields.get("steps")
    if node is None:
        check.report.at(fields.node, _("the routine is missing 'steps' (a list of stretches)"))
        return ()
    if isinstance(node, _RefusedNode):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        check.report.at(
            node, _("expected a list for 'steps', found {found}").format(found=_describe(node))
        )
        return ()
    if not node.value:
        check.report.at(node, _("'steps' is empty: a routine needs at least one step"))
        return ()
    steps = (_step(check, item, number, library) for number, item in enumerate(node.value, 1))
    return tuple(step for step in steps if step is not None)


def _step(
    check: _Checker, node: yaml.Node, number: int, library: Mapping[str, Stretch]
) -> Step | None:
    if isinstance(node, _RefusedNode):
        return None
    if not isinstance(node, yaml.MappingNode):
        if _is_text(node) and _STRETCH_ID.match(str(node.value)):
            message = _(
                "expected a mapping for step {number}, found {found} "
                "(did you mean 'stretch: {stretch}'?)"
            ).format(number=number, found=_describe(node), stretch=node.value)
        else:
            message = _("expected a mapping for step {number}, found {found}").format(
                number=number, found=_describe(node)
            )
        check.report.at(node, message)
        return None
    has_stretch = any(
        isinstance(key, yaml.ScalarNode) and key.value == "stretch" for key, _ in node.value
    )
    if has_stretch:
        fields = _Fields(node, STEP_KEYS, check.report, misplaced=_LIBRARY_STEP_MISPLACED)
        return _library_step(check, fields, number, library)
    fields = _Fields(node, STEP_KEYS, check.report)
    return _inline_step(check, fields, number)


# Translated where they are reported (app.format_checker._Fields).
_LIBRARY_STEP_MISPLACED = {
    "region": N_(
        "'region' comes from the stretch library and cannot be changed here "
        "(write the step without 'stretch' to set your own)"
    ),
}


def _library_step(
    check: _Checker, fields: _Fields, number: int, library: Mapping[str, Stretch]
) -> Step | None:
    stretch = _stretch_reference(check, fields, library)
    name = check.optional_text(fields, "name", blank_ok=False)
    instructions = check.optional_text(fields, "instructions", blank_ok=False)
    cue = check.optional_text(fields, "cue")
    say = check.optional_text(fields, "say")
    image = check.optional_image(fields)
    sides_node = fields.get("sides")
    sides = None if sides_node is None else check.sides(sides_node)
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    dose = check.dose(fields, None if stretch is None else stretch.dose)
    if stretch is None:
        return None
    if dose is None:
        if fields.misspelled_dose():
            return None
        check.report.at(
            fields.node,
            _(
                "step {number} needs 'hold' or 'reps' (the stretch '{stretch}' has no default dose)"
            ).format(number=number, stretch=stretch.id),
        )
        return None
    shown_name = stretch.name if name is None else name
    return Step(
        name=shown_name,
        instructions=stretch.instructions if instructions is None else instructions,
        dose=dose,
        cue=stretch.cue if cue is None else cue,
        regions=stretch.regions,
        image=stretch.image if image is None else image,
        sides=stretch.sides if sides is None else sides,
        stretch_id=stretch.id,
        say=renamed_say(stretch, shown_name) if say is None else say,
        rest=rest,
        kind=stretch.kind,
    )


def _stretch_reference(
    check: _Checker, fields: _Fields, library: Mapping[str, Stretch]
) -> Stretch | None:
    node = fields.values["stretch"]
    if isinstance(node, _RefusedNode):
        return None
    reported = len(check.report.problems)
    stretch_id = check.text(node, "stretch")
    if not _is_text(node) or len(check.report.problems) > reported:
        return None
    stretch = library.get(stretch_id)
    if stretch is None:
        check.report.at(node, _unknown(Unknown.STRETCH, stretch_id, sorted(library)))
    return stretch


def _inline_step(check: _Checker, fields: _Fields, number: int) -> Step | None:
    owner = Owner(OwnerKind.STEP, str(number))
    if "name" in fields.values or "instructions" in fields.values:
        name = check.required_text(fields, "name", owner)
        instructions = check.required_text(fields, "instructions", owner)
    else:
        check.report.at(
            fields.node,
            _(
                "step {number} needs 'stretch: <id>' from the library, "
                "or its own 'name' and 'instructions'"
            ).format(number=number),
        )
        name = instructions = ""
    cue = check.optional_text(fields, "cue")
    region_node = fields.get("region")
    regions = () if region_node is None else check.regions(region_node)
    image = check.optional_image(fields)
    sides_node = fields.get("sides")
    sides = Sides.ONE if sides_node is None else check.sides(sides_node)
    say = check.optional_text(fields, "say")
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    dose = check.dose(fields, None)
    if dose is None:
        if not fields.misspelled_dose():
            check.report.at(
                fields.node,
                _("step {number} needs 'hold' (seconds) or 'reps' (a count)").format(number=number),
            )
        return None
    return Step(
        name=name,
        instructions=instructions,
        dose=dose,
        cue=cue or "",
        regions=regions,
        image=image,
        sides=sides,
        say=say,
        rest=rest,
    )
