"""Pictures of the runner's own: the rules a picture file must meet, and where it lives.

A stretch of the runner's own can show a picture file they chose (PNG, JPEG
or SVG). The editor copies it into `pictures/` in the user's routines
folder under a name of its own, and the routine file names it by a path
relative to itself (`picture: pictures/wall-push.png`), so the routine and
its pictures can move together. In memory a step holds the picture as an
absolute path; shipped pictures are paths under assets/, never absolute, so
the two are told apart by that alone.

Deciding whether the file decodes needs Qt (`app.ui.picture_file`); the
limits, the names and the paths are here, without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from app.i18n import _, pgettext
from app.routine import Routine

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_PICTURE_SIDE = 4000
# The folder, next to the routine files, that holds the runner's pictures.
PICTURES_FOLDER = "pictures"
_MAX_STEM = 60


def is_own_picture(image: str | None) -> bool:
    """Whether a step's `image` is a file of the runner's own (not a shipped picture)."""
    return image is not None and os.path.isabs(image)


def suffix_problem(name: str) -> str | None:
    """Why a file named `name` cannot be a picture of the runner's own; None if it can."""
    if name.lower().endswith(PICTURE_SUFFIXES):
        return None
    return _("“{file}” is not a PNG, JPEG or SVG picture.").format(file=Path(name).name)


def size_problem(name: str, byte_count: int) -> str | None:
    """A one-line refusal for a file over MAX_PICTURE_BYTES; None if it is small enough."""
    if byte_count <= MAX_PICTURE_BYTES:
        return None
    megabytes = byte_count / (1024 * 1024)
    limit = MAX_PICTURE_BYTES // (1024 * 1024)
    message = _("“{file}” is {size} MB: pictures can be at most {limit} MB.")
    # Translators: the decimal mark of a number ("2.5" in English, "2,5" in German).
    size = f"{megabytes:.1f}".replace(".", pgettext("number", "."))
    return message.format(file=name, size=size, limit=limit)


def dimensions_problem(name: str, width: int, height: int) -> str | None:
    """A one-line refusal for a picture over MAX_PICTURE_SIDE px on a side (or empty)."""
    if width <= 0 or height <= 0:
        return _("“{file}” has no size, so it cannot be shown.").format(file=name)
    if max(width, height) <= MAX_PICTURE_SIDE:
        return None
    message = _("“{file}” is {width} by {height} px: pictures can be at most {limit} px on a side.")
    return message.format(file=name, width=width, height=height, limit=MAX_PICTURE_SIDE)


def picture_file_name(source_name: str, taken: Collection[str]) -> str:
    """The name a chosen picture gets in the pictures folder: its own name made plain
    ("Wall push (1).PNG" -> "wall-push-1.png"), numbered when that is taken."""
    path = PurePosixPath(source_name.replace("\\", "/"))
    suffix = path.suffix.lower()
    suffix = ".jpg" if suffix == ".jpeg" else suffix
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-")[:_MAX_STEM].strip("-")
    stem = stem or "picture"
    taken_names = {name.casefold() for name in taken}
    name = f"{stem}{suffix}"
    number = 2
    while name.casefold() in taken_names:
        name = f"{stem}-{number}{suffix}"
        number += 1
    return name


def relative_picture_path(picture: Path, routine_folder: Path) -> str:
    """How a routine file in `routine_folder` names `picture`: relative, with '/'."""
    return PurePosixPath(Path(os.path.relpath(picture, routine_folder)).as_posix()).as_posix()


def resolved_picture_path(relative: str, routine_folder: Path) -> Path:
    """The file a routine file in `routine_folder` means by `picture: relative`."""
    return Path(os.path.normpath(routine_folder / relative))


def missing_pictures(routine: Routine) -> list[str]:
    """The runner's own pictures the routine names that are not there (any longer)."""
    return [
        step.image
        for step in routine.steps
        if step.image is not None and is_own_picture(step.image) and not Path(step.image).is_file()
    ]


def missing_picture_line(image: str) -> str:
    """What the session says in place of a picture of the runner's own that is gone."""
    return _("Your picture “{file}” is missing, so none is shown.").format(file=Path(image).name)
