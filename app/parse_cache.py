"""Parsed routine files kept between runs, so a thousand routines load in a blink.

Parsing is most of what `limber validate`, `limber list` and the window's
routine list cost with many files. A file is parsed again only when it has
changed: each entry is keyed by the file's path, modification time (in
nanoseconds) and size, and holds what parsing gave (the routine, or its
problems) plus any notes a command keeps about it (the lines `validate`
printed). This module is the lookup; the file itself (format, version, reading
and writing) is `app.parse_cache_file`, and the routines as JSON rows, checked
on the way back, are `app.parse_cache_rows`.

The cache is one JSON file in the user's cache folder, and it is read like
anything a user could have edited: a file that is missing, damaged, too big,
of another format, or holding one value out of place or out of range is a
miss, never an error, and the routine files are simply parsed again. It is
written atomically, only when a load changed it. Its version is a digest of
the core's source files and of the shipped stretch library, so a changed
loader (or a changed library) invalidates every entry at once.

A file changed twice within its file system's timestamp resolution could
keep its old time and size; so a file modified in the last few seconds is
never cached (the rule git uses for its index).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.loader import parse_routine, read_routine_bytes
from app.parse_cache_file import MAX_ENTRIES, cache_version, read_entries, write_cache_file
from app.parse_cache_rows import (
    StepTable,
    Unusable,
    problems_from_data,
    routine_data,
    routine_from_data,
)
from app.resources import bundled_library_text
from app.routine import Routine, Stretch
from app.yaml_nodes import RoutineError

__all__ = [
    "SETTLING_SECONDS",
    "FileStamp",
    "ParseCache",
    "cache_version",
    "load_routine_file_cached",
    "open_parse_cache",
]

# A file modified this recently may change again without its time or size changing.
SETTLING_SECONDS = 3.0


@dataclass(frozen=True)
class FileStamp:
    """What says a file is unchanged: its modification time and its size."""

    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of a regular file; None for anything else, or if it cannot be seen."""
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(found.st_mode):
            return None
        return cls(found.st_mtime_ns, found.st_size)

    def settled(self, now: float) -> bool:
        """Whether the file was last changed long enough ago to be cached."""
        return now - self.mtime_ns / 1e9 >= SETTLING_SECONDS


class ParseCache:
    """The entries of one cache file; `save()` writes them back if anything changed.

    `now` is the wall clock, injected (tests pass their own).
    """

    def __init__(
        self,
        file: Path | None,
        version: str,
        entries: Mapping[str, dict[str, Any]] | None = None,
        steps: list[Any] | None = None,
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._file = file
        self._version = version
        self._entries: dict[str, dict[str, Any]] = dict(entries or {})
        self._steps = StepTable(steps or [])
        self._now = now
        self._changed = False

    @classmethod
    def open(
        cls, file: Path | None, version: str, *, now: Callable[[], float] = time.time
    ) -> ParseCache:
        """The cache in `file`, or an empty one if it cannot be used (None: never saved)."""
        entries: dict[str, dict[str, Any]] = {}
        steps: list[Any] = []
        if file is not None:
            entries, steps = read_entries(file, version)
        return cls(file, version, entries, steps, now=now)

    def __len__(self) -> int:
        return len(self._entries)

    def parsed(self, path: Path, stamp: FileStamp) -> Routine | RoutineError | None:
        """What parsing `path` gave when it had this stamp; None on a miss."""
        entry = self._entry(path, stamp)
        if entry is None:
            return None
        try:
            if "problems" in entry:
                return RoutineError(problems_from_data(entry["problems"], str(path)))
            return routine_from_data(entry["routine"], path, self._steps)
        except (Unusable, KeyError, TypeError, ValueError):
            self._forget(path)
            return None

    def remember(self, path: Path, stamp: FileStamp, result: Routine | RoutineError) -> None:
        """Keep what parsing `path` gave (notes kept about the older file go)."""
        if not stamp.settled(self._now()):
            return
        entry: dict[str, Any] = {"mtime_ns": stamp.mtime_ns, "size": stamp.size}
        if isinstance(result, RoutineError):
            entry["problems"] = [[p.line, p.column, p.message] for p in result.problems]
        else:
            entry["routine"] = routine_data(result, self._steps)
        self._entries[_key(path)] = entry
        self._changed = True

    def note(self, path: Path, stamp: FileStamp, name: str) -> list[str] | None:
        """The lines kept under `name` for `path` at this stamp; None on a miss."""
        entry = self._entry(path, stamp)
        notes = None if entry is None else entry.get("notes")
        lines = notes.get(name) if isinstance(notes, dict) else None
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            return None
        return list(lines)

    def keep_note(self, path: Path, stamp: FileStamp, name: str, lines: Sequence[str]) -> None:
        """Keep `lines` under `name` for `path` (only beside a parse kept at this stamp)."""
        entry = self._entry(path, stamp)
        if entry is None:
            return
        notes = entry.setdefault("notes", {})
        if not isinstance(notes, dict):
            return
        notes[name] = list(lines)
        self._changed = True

    def save(self) -> None:
        """Write the cache back, atomically, if a load changed it. A cache that cannot
        be written only makes the next load slower: no error is raised."""
        if self._file is None or not self._changed:
            return
        kept = self._entries = dict(list(self._entries.items())[-MAX_ENTRIES:])
        steps = self._steps.compacted(kept)
        with contextlib.suppress(OSError):
            write_cache_file(self._file, self._version, kept, steps)
            self._changed = False

    def _entry(self, path: Path, stamp: FileStamp) -> dict[str, Any] | None:
        entry = self._entries.get(_key(path))
        if entry is None:
            return None
        if entry.get("mtime_ns") != stamp.mtime_ns or entry.get("size") != stamp.size:
            self._forget(path)
            return None
        return entry

    def _forget(self, path: Path) -> None:
        if self._entries.pop(_key(path), None) is not None:
            self._changed = True


def open_parse_cache(file: Path | None) -> ParseCache:
    """The cache at `file` (app.paths.parse_cache_path()), for the shipped library."""
    return ParseCache.open(file, cache_version(bundled_library_text()))


def load_routine_file_cached(
    path: Path, library: Mapping[str, Stretch], cache: ParseCache | None
) -> Routine:
    """`app.loader.load_routine_file`, answered from `cache` when the file is unchanged.

    Only a parse is cached: a file that cannot be read (permissions, a pipe) is
    tried again every time.
    """
    stamp = FileStamp.of(path) if cache is not None else None
    if cache is not None and stamp is not None:
        known = cache.parsed(path, stamp)
        if isinstance(known, RoutineError):
            raise known
        if known is not None:
            return known
    data = read_routine_bytes(path)
    try:
        routine = parse_routine(data, str(path), library, routine_id=path.stem, source=path)
    except RoutineError as error:
        if cache is not None and stamp is not None:
            cache.remember(path, stamp, error)
        raise
    if cache is not None and stamp is not None:
        cache.remember(path, stamp, routine)
    return routine


def _key(path: Path) -> str:
    return os.path.abspath(path)
