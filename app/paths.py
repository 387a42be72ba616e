"""Where Limber keeps the user's files, by the platform's conventions.

A module of its own, light to import: the window needs these paths at
start-up, before (and without) the loader and its YAML parser.

Plain Python, no Qt: the folder is worked out by the rule QStandardPaths
follows for its GenericDataLocation (XDG on Linux and other Unixes,
~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows), so
`limber validate` and `limber list` never load QtCore for a folder name, and
the core reads no Qt. tests/test_paths.py holds the rule to Qt's answer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _data_dir() -> Path:
    return data_home() / "limber"


def data_home() -> Path:
    """The folder QStandardPaths calls GenericDataLocation, on this platform."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        return Path(local) if local and os.path.isabs(local) else Path.home() / "AppData" / "Local"
    return xdg_data_home()


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


def cache_home() -> Path:
    """The folder QStandardPaths calls GenericCacheLocation, on this platform."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if sys.platform == "win32":
        return data_home() / "cache"
    return xdg_cache_home()


def _cache_dir() -> Path:
    return cache_home() / "limber"


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
