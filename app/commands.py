"""`limber validate` and `limber list`: routine files checked and listed as text.

Everything goes to stdout, one problem per line as FILE:LINE:COL: message,
like a linter; a warning (FILE:LINE:COL: warning: ...) points at something that
works but that the runner would notice, and leaves the exit code at 0. Every
line is made safe for a terminal first (`terminal_safe`): a title or a file
name can hold anything. Nothing here imports the Qt widgets.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import yaml

from app.durations import format_duration, format_seconds
from app.i18n import _, ngettext, pgettext
from app.loader import RoutineError, load_library_file, read_routine_bytes
from app.parse_cache import FileStamp, ParseCache, load_routine_file_cached, open_parse_cache
from app.paths import parse_cache_path, user_routines_dir
from app.pictures import missing_pictures
from app.resources import LIBRARY_FILE_NAME
from app.routine import Routine, Stretch
from app.session import total_seconds
from app.store import Catalog, CatalogEntry, shipped_library

USER_MARK = "*"


def terminal_safe(text: str) -> str:
    """`text` with everything a terminal would act on, or could not show, escaped:
    control characters (an escape sequence in a title would otherwise repaint the
    screen), bidi overrides, lone surrogates. A byte of a file name that is not
    UTF-8 (which Python keeps as a surrogate escape) is shown as that byte, \\xff."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def say(line: object = "") -> None:
    """Print one line of output, made safe for a terminal."""
    print(terminal_safe(str(line)))


def _say_problems(error: RoutineError) -> None:
    for problem in error.problems:
        say(problem)


# --- validate ----------------------------------------------------------------------------------


def validate(files: Sequence[Path]) -> int:
    """Check every file (not stopping at the first bad one); 1 if any has a problem.

    A routine file unchanged since the last check is answered from the parse
    cache (app.parse_cache): its problems, or the lines printed for it then.
    """
    try:
        library = shipped_library()
    except RoutineError as error:
        _say_problems(error)
        return 1
    cache = open_parse_cache(parse_cache_path())
    results = [_validate_file(path, library, cache) for path in files]
    cache.save()
    return 0 if all(results) else 1


# The name of the lines `validate` keeps in the parse cache for a valid routine file,
# one per spelling of its path (the lines name the file as it was given).
_VALIDATE_NOTE = "validate {}"


def _validate_file(path: Path, library: Mapping[str, Stretch], cache: ParseCache) -> bool:
    stamp = FileStamp.of(path)
    kept = None if stamp is None else cache.note(path, stamp, _VALIDATE_NOTE.format(path))
    if kept is not None:
        for line in kept:
            say(line)
        return True
    try:
        summary, warnings = _check_file(path, library, cache)
    except RoutineError as error:
        _say_problems(error)
        return False
    # Translators: the line for a file with no problems; {summary} is "Evening, 4 steps,
    # total 6:30" (or "stretch library, 32 stretches").
    lines = [*warnings, _("{path}: OK ({summary})").format(path=path, summary=summary)]
    for line in lines:
        say(line)
    if stamp is not None and path.name != LIBRARY_FILE_NAME:
        cache.keep_note(path, stamp, _VALIDATE_NOTE.format(path), lines)
    return True


def _check_file(
    path: Path, library: Mapping[str, Stretch], cache: ParseCache | None = None
) -> tuple[str, list[str]]:
    """A one-line summary of a valid file and its warnings; RoutineError for an invalid one.

    A file named like the stretch library is checked as a library, so the
    library can be validated the same way while it is being edited.
    """
    if path.name == LIBRARY_FILE_NAME:
        return _stretch_library_summary(path), []
    routine = load_routine_file_cached(path, library, cache)
    count = len(routine.steps)
    # Translators: {title} is the routine's own title, {time} its length as "6:30".
    summary = ngettext(
        "{title}, {count} step, total {time}", "{title}, {count} steps, total {time}", count
    ).format(title=routine.title, count=count, time=_total_time(routine))
    return summary, _voice_warnings(path, routine) + _picture_warnings(path, routine)


def _picture_warnings(path: Path, routine: Routine) -> list[str]:
    """A warning at each step whose picture of the runner's own is missing: the
    routine still runs, without that picture."""
    missing = set(missing_pictures(routine))
    places = _step_positions(path)
    warnings = []
    for index, step in enumerate(routine.steps):
        if step.image in missing:
            line, column = places[index] if index < len(places) else (1, 1)
            message = _(
                "warning: the picture {picture} is missing: '{name}' is shown without one"
            ).format(picture=step.image, name=step.name)
            warnings.append(f"{path}:{line}:{column}: {message}")
    return warnings


def _voice_warnings(path: Path, routine: Routine) -> list[str]:
    """A warning at each step whose get-ready or rest is too short for its announcement
    at the normal speaking rate (the app then says it earlier, or only the name).

    The cue planner is imported here, for a file the parse cache has no verdict
    on: most of a warm `validate`'s start-up otherwise."""
    from app.cues import GET_INTO_POSITION, announcement_fits

    misfits = [fit for fit in announcement_fits(routine) if not fit.fits]
    if not misfits:
        return []
    places = _step_positions(path)
    warnings = []
    for fit in misfits:
        line, column = places[fit.step_index] if fit.step_index < len(places) else (1, 1)
        if fit.step_index == 0:
            # Translators: {pause}, {spoken}, {position} and {needed} are seconds as
            # "12 s"; {name} is the step's name; 'say' is a key of the file, kept as it is.
            template = _(
                "warning: the {pause} get-ready before '{name}' is too short for its "
                "announcement ({spoken} at the normal speaking rate, then {position} to get "
                "into position): make it at least {needed}, or give the step a shorter 'say'"
            )
        else:
            # Translators: as the get-ready's warning, for the rest between two steps.
            template = _(
                "warning: the {pause} rest before '{name}' is too short for its "
                "announcement ({spoken} at the normal speaking rate, then {position} to get "
                "into position): make it at least {needed}, or give the step a shorter 'say'"
            )
        message = template.format(
            pause=format_seconds(fit.gap),
            name=routine.steps[fit.step_index].name,
            spoken=format_seconds(fit.spoken, places=1),
            position=format_seconds(GET_INTO_POSITION),
            needed=format_seconds(math.ceil(fit.spoken + GET_INTO_POSITION)),
        )
        warnings.append(f"{path}:{line}:{column}: {message}")
    return warnings


def _step_positions(path: Path) -> list[tuple[int, int]]:
    """Line and column of each step in a file that has just loaded without problems."""
    try:
        data = read_routine_bytes(path)
        root = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (RoutineError, yaml.YAMLError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "steps" and isinstance(value, yaml.SequenceNode):
            return [(item.start_mark.line + 1, item.start_mark.column + 1) for item in value.value]
    return []


def _stretch_library_summary(path: Path) -> str:
    count = len(load_library_file(path))
    return ngettext(
        "stretch library, {count} stretch", "stretch library, {count} stretches", count
    ).format(count=count)


def _total_time(routine: Routine) -> str:
    return format_duration(total_seconds(routine))


# --- list --------------------------------------------------------------------------------------


def list_routines() -> int:
    """Print every routine; broken user files are listed with their first problem."""
    user_dir = user_routines_dir()
    cache = open_parse_cache(parse_cache_path())
    try:
        catalog = Catalog.load(user_dir, cache)
    except RoutineError as error:
        _say_problems(error)
        return 1
    cache.save()
    rows = [_ListRow.of(entry).safe() for entry in catalog.entries]
    id_width = max(display_width(row.id) for row in rows)
    title_width = max(display_width(row.title) for row in rows)
    time_width = max(display_width(row.time) for row in rows)
    for row in rows:
        mark = " " if row.builtin else USER_MARK
        line = (
            f"{mark} {_padded(row.id, id_width)}  {_padded(row.title, title_width)}  "
            f"{_padded(row.time, time_width, right=True)}  {row.details}"
        )
        print(line.rstrip())
    print()
    # Translators: the key to the list's marks; {mark} is "*", {folder} a folder's path.
    say(_("{mark} your own routines, from {folder}").format(mark=USER_MARK, folder=user_dir))
    if catalog.problem is not None:
        say(catalog.problem)
    return 0


def display_width(text: str) -> int:
    """How many terminal columns `text` takes: a Chinese character takes two, so
    the list's columns line up with translated titles too."""
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


def _padded(text: str, width: int, *, right: bool = False) -> str:
    padding = " " * max(0, width - display_width(text))
    return padding + text if right else text + padding


class _ListRow(NamedTuple):
    id: str
    title: str
    time: str
    details: str  # the regions worked, or the first problem of a broken file
    builtin: bool

    def safe(self) -> _ListRow:
        """The row with its texts made safe for a terminal (before widths are measured)."""
        return self._replace(
            id=terminal_safe(self.id),
            title=terminal_safe(self.title),
            details=terminal_safe(self.details),
        )

    @classmethod
    def of(cls, entry: CatalogEntry) -> _ListRow:
        if entry.routine is None:
            problems = entry.error.problems if entry.error is not None else ()
            first = str(problems[0]) if problems else _("cannot be loaded")
            # Translators: a broken file in the list; {problem} is "FILE:LINE:COL: message".
            details = _("error: {problem}").format(problem=first)
            return cls(entry.id, entry.title, "", details, entry.builtin)
        # Translators: what separates the items of a list in a line ("Waist, Feet & ankles").
        separator = pgettext("list separator", ", ")
        regions = separator.join(region.label for region in entry.routine.regions)
        return cls(entry.id, entry.title, _total_time(entry.routine), regions, entry.builtin)
