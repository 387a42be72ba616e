"""Where Limber keeps the user's files, from the platform's conventions (QStandardPaths).

A module of its own, light to import: the window needs these paths at
start-up, before (and without) the loader and its YAML parser.

`limber validate` and `limber list` never load Qt otherwise, and importing
QtCore for one folder name would be most of their start-up: on Linux, while
QtCore is not loaded, the folder is worked out here by the same XDG rule
QStandardPaths follows (the tests hold the two to the same answer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _data_dir() -> Path:
    if sys.platform.startswith("linux") and "PySide6.QtCore" not in sys.modules:
        return xdg_data_home() / "limber"
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "limber"


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or not an absolute
    path (the XDG Base Directory rule, as QStandardPaths applies it on Linux)."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    return Path.home() / ".local" / "share"


def xdg_cache_home() -> Path:
    """$XDG_CACHE_HOME, or ~/.cache when it is unset, empty or not an absolute path."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    return Path.home() / ".cache"


def _cache_dir() -> Path:
    if sys.platform.startswith("linux") and "PySide6.QtCore" not in sys.modules:
        return xdg_cache_home() / "limber"
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.StandardLocation.GenericCacheLocation
    return Path(QStandardPaths.writableLocation(location)) / "limber"


def parse_cache_path() -> Path:
    """The parsed routine files kept between runs ($XDG_CACHE_HOME/limber/routines.json)."""
    return _cache_dir() / "routines.json"


def user_routines_dir() -> Path:
    """Where the runner's own routine files go ($XDG_DATA_HOME/limber/routines on Linux)."""
    return _data_dir() / "routines"


def history_path() -> Path:
    """The session history database ($XDG_DATA_HOME/limber/history.sqlite3 on Linux)."""
    return _data_dir() / "history.sqlite3"


def resume_path() -> Path:
    """The record of a session under way, next to the history, so a crash can resume it."""
    return history_path().with_name("resume.json")
