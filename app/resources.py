"""Files shipped inside the package: the stretch library, routines and assets.

Everything goes through `importlib.resources`, so the same code works in a
checkout (where `app/routines` and `app/assets` are symlinks to the top-level
folders) and in an installed wheel or zip (where they are real package data).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

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
    if not relative.strip():
        raise ValueError(
            _("expected a path under assets/, like 'stretches/lunge-press.svg', found ''")
        )
    if "\\" in relative:
        raise ValueError(
            _("use '/' between folders in {path}, like 'stretches/lunge-press.svg'").format(
                path=repr(relative)
            )
        )
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(
            _(
                "expected a path inside assets/, like 'stretches/lunge-press.svg', found {path}"
            ).format(path=repr(relative))
        )
    return path.parts


def _asset(relative: str) -> Traversable:
    try:
        parts = split_asset_path(relative)
    except ValueError as error:
        # Translators: {reason} says why the path names no file under assets/.
        message = _("no asset {path}: {reason}").format(path=repr(relative), reason=error)
        raise FileNotFoundError(message) from None
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
        raise FileNotFoundError(
            _("no asset {path} in {folder}").format(path=repr(relative), folder=_assets_folder())
        )
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
    found = _picture_fault(relative)
    if found is None:
        return None
    fault, detail = found
    if fault is _PictureFault.NO_PATH:
        return _no_asset_message(relative)
    if fault is _PictureFault.FOLDER:
        return _("picture '{path}' is a folder, not a picture").format(path=relative)
    if fault is _PictureFault.MISSING:
        if detail:
            return _("no picture '{path}' in assets/ (did you mean '{close}'?)").format(
                path=relative, close=detail
            )
        return _("no picture '{path}' in assets/").format(path=relative)
    if fault is _PictureFault.UNREADABLE:
        return _("picture '{path}' cannot be read: {reason}").format(path=relative, reason=detail)
    if fault is _PictureFault.TOO_LARGE:
        return _("picture '{path}' is larger than {size} MiB").format(
            path=relative, size=_MAX_PICTURE_BYTES // (1024 * 1024)
        )
    return _("'{path}' is not a picture (expected SVG, PNG, JPEG, GIF or BMP)").format(
        path=relative
    )


def _no_asset_message(relative: str) -> str:
    """Why a path names no asset, worded again in the language of this moment."""
    try:
        _asset(relative)
    except FileNotFoundError as error:
        return str(error)
    return _("no picture '{path}' in assets/").format(path=relative)


class _PictureFault(enum.Enum):
    """What is wrong with a picture path: remembered without words, so that the
    message is in the language of the moment it is shown."""

    NO_PATH = "no path"
    FOLDER = "folder"
    MISSING = "missing"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too large"
    NOT_A_PICTURE = "not a picture"


@functools.lru_cache(maxsize=512)
def _picture_fault(relative: str) -> tuple[_PictureFault, str] | None:
    """The fault of a picture path and its detail (a near miss, a reason); None if none."""
    try:
        entry = _asset(relative)
    except FileNotFoundError:
        return _PictureFault.NO_PATH, ""
    try:
        if not entry.is_file():
            if entry.is_dir():
                return _PictureFault.FOLDER, ""
            import difflib  # here: the cue worker reads sounds only (0.4 MiB it never needs)

            close = difflib.get_close_matches(relative, picture_paths(), n=1, cutoff=0.6)
            return _PictureFault.MISSING, close[0] if close else ""
        with entry.open("rb") as stream:
            data = stream.read(_MAX_PICTURE_BYTES + 1)
    except OSError as error:
        return _PictureFault.UNREADABLE, str(error.strerror or error)
    if len(data) > _MAX_PICTURE_BYTES:
        return _PictureFault.TOO_LARGE, ""
    if _is_picture(data):
        return None
    return _PictureFault.NOT_A_PICTURE, ""


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
    # Imported here: the cue worker reads sounds only, and never needs its 0.4 MiB.
    from xml.etree.ElementTree import ParseError, XMLPullParser

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
