"""Files shipped inside the package: the stretch library, routines and assets.

Everything goes through `importlib.resources`, so the same code works in a
checkout (where `app/routines` and `app/assets` are symlinks to the top-level
folders) and in an installed wheel or zip (where they are real package data).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

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
