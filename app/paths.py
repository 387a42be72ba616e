"""Where Limber keeps the user's files, from the platform's conventions (QStandardPaths).

A module of its own, light to import: the window needs these paths at
start-up, before (and without) the loader and its YAML parser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def _data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "limber"


def user_routines_dir() -> Path:
    """Where the runner's own routine files go ($XDG_DATA_HOME/limber/routines on Linux)."""
    return _data_dir() / "routines"


def history_path() -> Path:
    """The session history database ($XDG_DATA_HOME/limber/history.sqlite3 on Linux)."""
    return _data_dir() / "history.sqlite3"


def resume_path() -> Path:
    """The record of a session under way, next to the history, so a crash can resume it."""
    return history_path().with_name("resume.json")
