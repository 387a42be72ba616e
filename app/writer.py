"""A routine back to the YAML a person would write, and saving it without ever losing a file.

`routine_yaml` is the inverse of `app.loader.parse_routine`: what it writes
loads back as an equal Routine (tests check every shipped routine). The text
is plain block-style YAML, keys in the order the docs list them, durations as
'30s' or '1m30s', no tags and no anchors. A step that names a library stretch
writes only what it changes: the dose always (so a reader sees the time), the
texts, picture and sides only when they differ from the library's.

`save_routine` writes one through `app.files.write_atomically`: a crash, a
full disk or a failing write leaves either the old file or the new one.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from app import __version__
from app.durations import format_yaml_duration
from app.files import (
    STALE_TEMPORARY_SECONDS,
    remove_stale_temporaries,
    sync_folder,
    write_atomically,
)
from app.i18n import N_, _
from app.loader import MAX_FILE_BYTES, ROUTINE_KEYS, STEP_KEYS, RoutineError, parse_routine
from app.pictures import is_own_picture, relative_picture_path
from app.routine import (
    DEFAULT_TEMPO,
    Hold,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
    renamed_say,
)

# Saving itself is app.files' job; its names stay importable from here for older callers.
__all__ = [
    "HEADER",
    "STALE_TEMPORARY_SECONDS",
    "remove_stale_temporaries",
    "routine_data",
    "routine_yaml",
    "save_routine",
    "sync_folder",
    "write_atomically",
]

# The comment at the top of a saved file, for the person who opens it in an editor:
# in the runner's language (translated where it is written, `routine_yaml`).
# Each line is made a YAML comment here, so no translation can break the file.
HEADER = N_(
    "A Limber routine (saved by Limber {version}).\n"
    "Plain YAML: edit it here or in the app; `limber validate FILE` checks it."
)
# Longer texts are folded onto several lines at about this width.
_WIDTH = 76


def routine_data(
    routine: Routine, library: Mapping[str, Stretch], folder: Path | None = None
) -> dict[str, Any]:
    """The routine as plain mappings and lists, keys in the documented order.

    `folder`: where the file goes, which its steps' own pictures are named from.
    """
    data: dict[str, Any] = {"title": routine.title}
    if routine.summary:
        data["summary"] = routine.summary
    data["lead_in"] = format_yaml_duration(routine.lead_in)
    data["rest"] = format_yaml_duration(routine.rest)
    data["steps"] = [_step_data(step, library, folder) for step in routine.steps]
    return {key: data[key] for key in ROUTINE_KEYS if key in data}


def routine_yaml(
    routine: Routine, library: Mapping[str, Stretch], folder: Path | None = None
) -> str:
    """The text of a routine file (to be written in `folder`), header comment included."""
    body = yaml.dump(
        routine_data(routine, library, folder),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=_WIDTH,
        indent=2,
    )
    return _header() + body


def _header() -> str:
    """The header in the runner's language, every line of it a comment."""
    text = _(HEADER).format(version=__version__)
    return "".join(f"# {line}\n" for line in text.splitlines())


def _step_data(step: Step, library: Mapping[str, Stretch], folder: Path | None) -> dict[str, Any]:
    stretch = library.get(step.stretch_id) if step.stretch_id is not None else None
    data: dict[str, Any] = {}
    if step.image is not None and is_own_picture(step.image):
        own = Path(step.image)
        data["picture"] = own.as_posix() if folder is None else relative_picture_path(own, folder)
        step = replace(step, image=None if stretch is None else stretch.image)
    if stretch is not None:
        data["stretch"] = stretch.id
        for key, mine, theirs in (
            ("name", step.name, stretch.name),
            ("instructions", step.instructions, stretch.instructions),
            ("cue", step.cue, stretch.cue),
            ("image", step.image, stretch.image),
            ("say", step.say, renamed_say(stretch, step.name)),
        ):
            if mine is not None and mine != theirs:
                data[key] = mine
        if step.sides is not stretch.sides:
            data["sides"] = step.sides.value
        base_tempo = stretch.dose.tempo if isinstance(stretch.dose, Reps) else DEFAULT_TEMPO
    else:
        # A step whose stretch left the library is written out in full, so it keeps working.
        data["name"] = step.name
        data["instructions"] = step.instructions
        if step.cue:
            data["cue"] = step.cue
        if step.regions:
            values = [region.value for region in step.regions]
            data["region"] = values[0] if len(values) == 1 else values
        if step.image is not None:
            data["image"] = step.image
        if step.say is not None:
            data["say"] = step.say
        if step.sides is Sides.BOTH:
            data["sides"] = step.sides.value
        base_tempo = DEFAULT_TEMPO
    dose = step.dose
    if isinstance(dose, Hold):
        data["hold"] = format_yaml_duration(dose.seconds)
    else:
        data["reps"] = dose.count
        if dose.tempo != base_tempo:
            data["tempo"] = format_yaml_duration(dose.tempo)
    if step.rest is not None:
        data["rest"] = format_yaml_duration(step.rest)
    return {key: data[key] for key in STEP_KEYS if key in data}


class _Dumper(yaml.SafeDumper):
    """Safe YAML, never an anchor; long or multi-line texts in block style."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the shipped files (and most people) do.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = None
    if "\n" in text:
        style = "|"
    elif len(text) > _WIDTH - 20 and text == text.strip() and "  " not in text:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


# --- saving ------------------------------------------------------------------------------------


def save_routine(routine: Routine, library: Mapping[str, Stretch], path: Path) -> None:
    """Write `routine` to `path` atomically (creating the folder); OSError if it fails.

    Never a file the loader would then refuse, which would lose the routine from
    the list: one too big is refused (EFBIG), and so is one that does not load
    back (EINVAL: a name pasted with a control character in it, say), saying why.
    """
    text = routine_yaml(routine, library, path.parent)
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise OSError(
            errno.EFBIG,
            _(
                "the routine would take {size} KiB, and routine files can be at most "
                "{limit} KiB: make it shorter"
            ).format(size=len(data) // 1024, limit=MAX_FILE_BYTES // 1024),
        )
    try:
        parse_routine(text, str(path), library, routine_id=routine.id)
    except RoutineError as error:
        # Translators: {problem} is what the loader would say about the saved file.
        reason = _("it would not load back ({problem})").format(problem=error.problems[0].message)
        raise OSError(errno.EINVAL, reason) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
