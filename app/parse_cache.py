"""Parsed routine files kept between runs, so a thousand routines load in a blink.

Parsing is most of what `limber validate`, `limber list` and the window's
routine list cost with many files. A file is parsed again only when it has
changed: each entry is keyed by the file's path, modification time (in
nanoseconds) and size, and holds what parsing gave (the routine, or its
problems) plus any notes a command keeps about it (the lines `validate`
printed).

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
import functools
import math
import os
import stat
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from app.files import read_file, write_atomically
from app.format_checker import _BIDI_CONTROLS
from app.i18n import current_language
from app.loader import parse_routine, read_routine_bytes
from app.pictures import is_own_picture, suffix_problem
from app.regions import Region
from app.resources import bundled_library_text, split_asset_path
from app.routine import (
    MAX_HOLD,
    MAX_PAUSE,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Dose,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
)
from app.yaml_nodes import Problem, RoutineError

CACHE_FORMAT = 1
CACHE_FILE_NAME = "routines.json"
# A thousand routines take about 3 MiB; a cache past this is not one Limber wrote.
MAX_CACHE_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 10_000
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


def cache_version(library_data: bytes) -> str:
    """A digest of the core's source, the shipped library and the language: any change
    to how a file is parsed or checked (or to the stretches it names, or to the
    language their texts are in) gives a new version."""
    import hashlib  # where it is used, as json (see _json_key)

    digest = hashlib.sha256(f"format {CACHE_FORMAT}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        with contextlib.suppress(OSError):
            digest.update(hashlib.sha256(source.read_bytes()).digest())
    digest.update(hashlib.sha256(library_data).digest())
    # The entries hold texts in the runner's language (the library's stretches as
    # translated, the problems' messages): another language, or new catalogs, is
    # another cache.
    language = current_language()
    digest.update(f"language {language}\n".encode())
    for catalog in sorted((Path(__file__).parent / "locale" / language).glob("*/*.mo")):
        with contextlib.suppress(OSError):
            digest.update(hashlib.sha256(catalog.read_bytes()).digest())
    return digest.hexdigest()


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
        self._steps = _StepTable(steps or [])
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
            entries, steps = _read_entries(file, version)
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
                return RoutineError(_problems(entry["problems"], str(path)))
            return _routine(entry["routine"], path, self._steps)
        except (_Unusable, KeyError, TypeError, ValueError):
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
            entry["routine"] = _routine_data(result, self._steps)
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
        import json  # (see _json_key)

        data = json.dumps(
            {"format": CACHE_FORMAT, "version": self._version, "files": kept, "steps": steps},
            separators=(",", ":"),
        ).encode("ascii")
        with contextlib.suppress(OSError):
            self._file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self._file, data)
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


def _read_entries(file: Path, version: str) -> tuple[dict[str, dict[str, Any]], list[Any]]:
    """The entries and the step table of a cache file of this version; empty if it
    cannot be used."""
    try:
        import json  # (see _json_key)

        data = json.loads(read_file(file, limit=MAX_CACHE_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}, []
    if not isinstance(data, dict):
        return {}, []
    if data.get("format") != CACHE_FORMAT or data.get("version") != version:
        return {}, []
    files, steps = data.get("files"), data.get("steps")
    if not isinstance(files, dict) or not isinstance(steps, list):
        return {}, []
    entries = {
        key: entry
        for key, entry in files.items()
        if isinstance(entry, dict) and _is_int(entry.get("mtime_ns")) and _is_int(entry.get("size"))
    }
    return entries, steps


def _json_key(row: list[Any]) -> str:
    """A step row as text, to find it again. json is imported where it is used: the
    window imports this module (through app.store) before its first paint, and
    nothing of the cache is needed until the routines are read, in a worker."""
    import json

    return json.dumps(row)


class _StepTable:
    """Every distinct step of the cached routines, once; routines name theirs by index.

    Routines made from the same library share most of their steps, and a Step
    is immutable, so each is checked and built once however many routines hold it.
    """

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows
        self._index: dict[str, int] | None = None
        self._built: dict[int, Step] = {}

    def add(self, step: Step) -> int:
        if self._index is None:
            self._index = {_json_key(row): number for number, row in enumerate(self._rows)}
        row = _step_data(step)
        key = _json_key(row)
        number = self._index.get(key)
        if number is None:
            number = len(self._rows)
            self._rows.append(row)
            self._index[key] = number
            self._built[number] = step
        return number

    def step(self, number: object) -> Step:
        if not _is_int(number):
            raise _Unusable
        built = self._built.get(number)
        if built is None:
            if not 0 <= number < len(self._rows):
                raise _Unusable
            built = self._built[number] = _step(self._rows[number])
        return built

    def compacted(self, entries: Mapping[str, dict[str, Any]]) -> list[Any]:
        """The rows `entries` use, renumbered in place in the entries; an entry that
        names a row that is not there keeps the number, and is a miss when read."""
        rows: list[Any] = []
        renumbered: dict[int, int] = {}
        for entry in entries.values():
            routine = entry.get("routine")
            steps = routine.get("steps") if isinstance(routine, dict) else None
            if not isinstance(steps, list):
                continue
            for position, number in enumerate(steps):
                if not (_is_int(number) and 0 <= number < len(self._rows)):
                    continue  # left as it is: reading it back is a miss
                if number not in renumbered:
                    renumbered[number] = len(rows)
                    rows.append(self._rows[number])
                steps[position] = renumbered[number]
        self._rows = rows
        self._index = None
        self._built = {}
        return rows


# --- routines to JSON and back, every value checked on the way back ----------------------------


class _Unusable(Exception):
    """A cached value that is not what this module writes."""


def _routine_data(routine: Routine, steps: _StepTable) -> dict[str, Any]:
    return {
        "title": routine.title,
        "summary": routine.summary,
        "lead_in": routine.lead_in,
        "rest": routine.rest,
        "steps": [steps.add(step) for step in routine.steps],
    }


def _step_data(step: Step) -> list[Any]:
    """A step as a list, its fields in _STEP_FIELDS' order (a third of the size of a mapping)."""
    dose = step.dose
    return [
        step.name,
        step.instructions,
        [dose.seconds] if isinstance(dose, Hold) else [dose.count, dose.tempo],
        step.cue,
        [region.value for region in step.regions],
        step.image,
        step.sides.value,
        step.stretch_id,
        step.say,
        step.rest,
        None if step.kind is None else step.kind.value,
    ]


_STEP_FIELDS = 11
_REGIONS = {region.value: region for region in Region}
_SIDES = {sides.value: sides for sides in Sides}
_KINDS = {kind.value: kind for kind in Kind}


def _routine(data: object, path: Path, table: _StepTable) -> Routine:
    fields = _mapping(data)
    steps = _list(fields["steps"])
    if not steps:
        raise _Unusable
    return Routine(
        id=path.stem,
        title=_text(fields["title"]),
        steps=tuple(table.step(number) for number in steps),
        summary=_text(fields["summary"]),
        lead_in=_seconds(fields["lead_in"], 0.0, MAX_PAUSE),
        rest=_seconds(fields["rest"], 0.0, MAX_PAUSE),
        source=path,
    )


def _step(data: object) -> Step:
    fields = _list(data)
    if len(fields) != _STEP_FIELDS:
        raise _Unusable
    name, instructions, dose, cue, regions, image, sides, stretch_id, say, rest, kind = fields
    return Step(
        name=_text(name),
        instructions=_text(instructions),
        dose=_dose(dose),
        cue=_text(cue),
        regions=tuple(_REGIONS[_text(region)] for region in _list(regions)),
        image=None if image is None else _image(image),
        sides=_SIDES[_text(sides)],
        stretch_id=_optional_text(stretch_id),
        say=_optional_text(say),
        rest=None if rest is None else _seconds(rest, 0.0, MAX_PAUSE),
        kind=None if kind is None else _KINDS[_text(kind)],
    )


def _dose(data: object) -> Dose:
    values = _list(data)
    if len(values) == 1:
        return Hold(_seconds(values[0], MIN_HOLD, MAX_HOLD))
    if len(values) == 2 and _is_int(values[0]) and MIN_REPS <= values[0] <= MAX_REPS:
        return Reps(values[0], _seconds(values[1], MIN_TEMPO, MAX_TEMPO))
    raise _Unusable


def _problems(data: object, path: str) -> list[Problem]:
    problems = []
    for item in _list(data):
        line, column, message = _list(item)
        if not (_is_int(line) and _is_int(column) and line >= 1 and column >= 1):
            raise _Unusable
        problems.append(Problem(path, line, column, _text(message)))
    if not problems:
        raise _Unusable
    return problems


@functools.lru_cache(maxsize=1024)
def _image(value: object) -> str:
    """A picture path that stays under assets/, or a picture file of the runner's
    own (absolute: app.pictures); ValueError otherwise: a miss.
    Remembered: a thousand routines name the same few dozen pictures."""
    image = _text(value)
    if not is_own_picture(image):
        split_asset_path(image)
    elif suffix_problem(image) is not None:
        raise ValueError(f"not a picture file: {image!r}")
    return image


def _mapping(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Unusable
    return value


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise _Unusable
    return value


def _text(value: object) -> str:
    """Text as the loader lets it through: no control character but a line break,
    no lone surrogate, no bidirectional override (a title reaches the terminal)."""
    if not isinstance(value, str):
        raise _Unusable
    if not value.isprintable():
        for char in value:
            if char != "\n" and (
                char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")
            ):
                raise _Unusable
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Unusable
    seconds = float(value)
    if not (math.isfinite(seconds) and low <= seconds <= high):
        raise _Unusable
    return seconds
