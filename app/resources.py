"""Files shipped inside the package: the stretch library, routines and assets.

Everything goes through `importlib.resources`, so the same code works in a
checkout (where `app/routines` and `app/assets` are symlinks to the top-level
folders) and in an installed wheel or zip (where they are real package data).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from app.i18n import _

LIBRARY_FILE_NAME = "stretches.yaml"
ROUTINE_SUFFIX = ".yaml"


def _routines_folder() -> Traversable:
    return files("app") / "routines"


def _assets_folder() -> Traversable:
    return files("app") / "assets"


def bundled_routine_files() -> list[Traversable]:
    """Every shipped routine file (not the stretch library), sorted by file name."""
    return sorted(
        (
            entry
            for entry in _routines_folder().iterdir()
            if entry.name.endswith(ROUTINE_SUFFIX)
            and entry.name != LIBRARY_FILE_NAME
            and entry.is_file()
        ),
        key=lambda entry: entry.name,
    )


def bundled_library_file() -> Traversable:
    """The shipped stretch library; its str() is what error messages name."""
    return _routines_folder() / LIBRARY_FILE_NAME


def bundled_library_text() -> bytes:
    return bundled_library_file().read_bytes()


def split_asset_path(relative: str) -> tuple[str, ...]:
    """The parts of a path under assets/, or ValueError saying why it is not one.

    Routine files name images by such paths; refusing absolute paths and `..`
    keeps a hand-written (or downloaded) routine from reaching outside assets/.
    """
    example = "like 'stretches/lunge-press.svg'"
    if not relative.strip():
        raise ValueError(f"expected a path under assets/, {example}, found ''")
    if "\\" in relative:
        raise ValueError(f"use '/' between folders in {relative!r}, {example}")
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"expected a path inside assets/, {example}, found {relative!r}")
    return path.parts


def _asset(relative: str) -> Traversable:
    try:
        parts = split_asset_path(relative)
    except ValueError as error:
        raise FileNotFoundError(f"no asset {relative!r}: {error}") from None
    entry = _assets_folder()
    for part in parts:
        entry = entry / part
    return entry


def asset_exists(relative: str) -> bool:
    try:
        return _asset(relative).is_file()
    except FileNotFoundError:
        return False


def asset_bytes(relative: str) -> bytes:
    """The content of a shipped asset; FileNotFoundError if there is none by that path."""
    entry = _asset(relative)
    if not entry.is_file():
        raise FileNotFoundError(f"no asset {relative!r} in {_assets_folder()}")
    return entry.read_bytes()


# --- pictures ----------------------------------------------------------------------------------

# How the formats Qt reads out of the box begin (SVG is told by its first element).
_PICTURE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
)
_PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
_MAX_PICTURE_BYTES = 4 * 1024 * 1024


def picture_problem(relative: str) -> str | None:
    """Why `relative` (under assets/) is not a picture the window can show, in words
    ending with a near-miss suggestion when there is one; None when it is one.

    Without Qt: the file is there, is a regular file, and begins as a format Qt
    reads (an SVG's first element is <svg>). Remembered per path: the catalog
    loads the same few pictures for every routine.
    """
    return _picture_problem(relative)


@functools.lru_cache(maxsize=512)
def _picture_problem(relative: str) -> str | None:
    try:
        entry = _asset(relative)
    except FileNotFoundError as error:
        return str(error)
    try:
        if not entry.is_file():
            if entry.is_dir():
                return _("picture '{path}' is a folder, not a picture").format(path=relative)
            return _missing_picture(relative)
        with entry.open("rb") as stream:
            data = stream.read(_MAX_PICTURE_BYTES + 1)
    except OSError as error:
        message = _("picture '{path}' cannot be read: {reason}")
        return message.format(path=relative, reason=error.strerror or error)
    if len(data) > _MAX_PICTURE_BYTES:
        message = _("picture '{path}' is larger than {size} MiB")
        return message.format(path=relative, size=_MAX_PICTURE_BYTES // (1024 * 1024))
    if _is_picture(data):
        return None
    message = _("'{path}' is not a picture (expected SVG, PNG, JPEG, GIF or BMP)")
    return message.format(path=relative)


def _missing_picture(relative: str) -> str:
    known = picture_paths()
    close = difflib.get_close_matches(relative, known, n=1, cutoff=0.6)
    if close:
        message = _("no picture '{path}' in assets/ (did you mean '{close}'?)")
        return message.format(path=relative, close=close[0])
    return _("no picture '{path}' in assets/").format(path=relative)


def picture_paths() -> list[str]:
    """Every picture under assets/, as the paths routine files name them."""
    found: list[str] = []
    pending: list[tuple[Traversable, str]] = [(_assets_folder(), "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            relative = prefix + entry.name
            if entry.is_dir():
                pending.append((entry, relative + "/"))
            elif entry.name.lower().endswith(_PICTURE_SUFFIXES):
                found.append(relative)
    return sorted(found)


def _is_picture(data: bytes) -> bool:
    if data.startswith(_PICTURE_SIGNATURES):
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return _is_svg(data)


def _is_svg(data: bytes) -> bool:
    """Whether the XML in `data` has <svg> (in any namespace) as its first element."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("start",))
    try:
        for start in range(0, len(data), 4096):  # only as far as the first element
            parser.feed(data[start : start + 4096])
            # typeshed types the events loosely: ("start", element) pairs here.
            events: Iterable[tuple[str, Element]] = parser.read_events()  # type: ignore[assignment]
            for _event, element in events:
                tag = element.tag
                return tag.rsplit("}", 1)[-1] == "svg"
    except ParseError:
        return False
    return False


def looks_like_svg(data: bytes) -> bool:
    """Whether `data` is XML whose first element is <svg>: checked before Qt's SVG
    reader sees it, which would warn about anything else."""
    return _is_svg(data)
