"""The catalog: every routine the runner can pick, shipped and their own.

User routines live in the standard per-user data folder; a user file with the
same id as a shipped routine replaces it (the XDG convention), so editing a
copy of a shipped routine is how you change it. A broken user file is kept as
an entry carrying its error, so the picker and `limber list` can say what is
wrong instead of silently hiding it.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources.abc import Traversable
from pathlib import Path

from app.content_i18n import translated_library, translated_routine
from app.editing import unique_id
from app.files import read_file, remove_stale_temporaries, write_atomically
from app.i18n import _
from app.loader import (
    Problem,
    RoutineError,
    load_library,
    parse_routine,
    read_routine_bytes,
)
from app.parse_cache import ParseCache, load_routine_file_cached
from app.pictures import MAX_PICTURE_BYTES, PICTURES_FOLDER, is_own_picture, picture_file_name
from app.regions import Region
from app.resources import (
    LIBRARY_FILE_NAME,
    ROUTINE_SUFFIX,
    bundled_library_file,
    bundled_routine_files,
)
from app.routine import Routine, Stretch
from app.writer import save_routine

FIRST_ROUTINE_ID = "full-warmup"


def shipped_library() -> dict[str, Stretch]:
    """The stretch library that comes with Limber, in the runner's language; RoutineError
    if it is broken (a bug)."""
    library_file = bundled_library_file()
    return translated_library(load_library(library_file.read_bytes(), str(library_file)))


@dataclass(frozen=True)
class CatalogEntry:
    """One routine file: loaded (`routine`) or broken (`error`), never both."""

    id: str
    path: str
    builtin: bool
    routine: Routine | None
    error: RoutineError | None

    @property
    def title(self) -> str:
        """The routine's title, or the file name when the file is broken."""
        if self.routine is not None:
            return self.routine.title
        return Path(self.path).name


class Catalog:
    """The stretch library plus all routines, in the order the picker shows them."""

    def __init__(
        self,
        library: Mapping[str, Stretch],
        entries: Sequence[CatalogEntry],
        user_dir: Path,
        problem: str | None = None,
    ) -> None:
        self._library = library
        self._entries = tuple(entries)
        self._by_id = {entry.id: entry for entry in self._entries}
        self._user_dir = user_dir
        self._problem = problem

    @classmethod
    def load(cls, user_dir: Path, cache: ParseCache | None = None) -> Catalog:
        """Shipped routines plus the `*.yaml` files in `user_dir` (which may not exist).

        With a `cache`, an unchanged user file is not parsed again (the caller
        saves the cache). Raises RoutineError only if the shipped stretch
        library is broken: that is a bug in Limber, not something a user can fix.
        """
        library = shipped_library()
        paths, problem = _user_routine_files(user_dir)
        user = [_load_user_file(path, library, cache) for path in paths]
        replaced = {entry.id for entry in user}
        shipped = [
            _load_bundled_file(file, library)
            for file in bundled_routine_files()
            if _routine_id(file.name) not in replaced
        ]
        entries = sorted(shipped, key=_shipped_order) + sorted(user, key=_user_order)
        return cls(library, entries, user_dir, problem)

    @property
    def entries(self) -> tuple[CatalogEntry, ...]:
        return self._entries

    @property
    def library(self) -> Mapping[str, Stretch]:
        return self._library

    @property
    def user_dir(self) -> Path:
        return self._user_dir

    @property
    def problem(self) -> str | None:
        """Why the runner's own routines could not be listed (their folder cannot be
        read), in one line; None when they could."""
        return self._problem

    def get(self, routine_id: str) -> CatalogEntry | None:
        return self._by_id.get(routine_id)

    def resolve(self, id_or_path: str) -> CatalogEntry:
        """The entry for `--routine`: an existing file is loaded as it is, else an id.

        Raises LookupError, naming the known ids, when it is neither.
        """
        path = Path(id_or_path)
        try:
            is_file = path.is_file()
        except (OSError, ValueError) as error:  # a part over 255 bytes, a NUL
            reason = error.strerror if isinstance(error, OSError) else None
            raise LookupError(
                _("no routine '{name}': it cannot be a file name ({reason})").format(
                    name=id_or_path, reason=reason or error
                )
            ) from None
        if is_file:
            return _load_user_file(path, self._library)
        entry = self.get(id_or_path)
        if entry is not None:
            return entry
        known = [entry.id for entry in self._entries]
        close = difflib.get_close_matches(id_or_path, known, n=1)
        if close:
            message = _(
                "no routine '{name}': not a file, and not one of the known ids: {ids}. "
                "Did you mean '{close}'?"
            )
        else:
            message = _("no routine '{name}': not a file, and not one of the known ids: {ids}.")
        raise LookupError(
            message.format(name=id_or_path, ids=", ".join(known), close=close[0] if close else "")
        )


def _routine_id(file_name: str) -> str:
    return file_name.removesuffix(ROUTINE_SUFFIX)


def _user_routine_files(user_dir: Path) -> tuple[list[Path], str | None]:
    """The user's routine files, and why there are none when their folder cannot be
    read (one line: the picker and `limber list` show it, rather than an empty list).

    Hidden files (editor locks, backups) are not routines, and a stretches.yaml is
    the library's name, not a routine's. Temporary files a crash left behind in
    the middle of a save are removed on the way.
    """
    try:
        with os.scandir(user_dir) as listing:
            names = [entry.name for entry in listing]
    except FileNotFoundError:
        return [], None
    except OSError as error:
        reason = error.strerror or str(error)
        return [], _("Your routines folder cannot be read ({reason}): {folder}").format(
            reason=reason, folder=user_dir
        )
    remove_stale_temporaries(user_dir, names)
    return [
        user_dir / name
        for name in sorted(names)
        if name.endswith(ROUTINE_SUFFIX) and not name.startswith(".") and name != LIBRARY_FILE_NAME
    ], None


def _kept(error: RoutineError) -> RoutineError:
    """The error with its problems only: its traceback (and the YAML error it
    replaced) would keep the whole parse of the file alive, nodes and tokens,
    as long as the catalog lists the entry (a quarter of a million objects for
    a big file, for Python's cycle collector to walk again and again)."""
    return RoutineError(error.problems)


def _load_user_file(
    path: Path, library: Mapping[str, Stretch], cache: ParseCache | None = None
) -> CatalogEntry:
    if not _is_utf8(path.name):
        # Its id would be in the history, the resume record and `limber list`, none
        # of which can carry it: it is listed, with what to do, but not loaded.
        shown = _as_utf8(path.name)
        problem = Problem(
            str(path), 1, 1, _("the file name is not valid UTF-8: rename the file to use it")
        )
        return CatalogEntry(_routine_id(shown), str(path), False, None, RoutineError([problem]))
    try:
        routine = load_routine_file_cached(path, library, cache)
    except RoutineError as error:
        return CatalogEntry(_routine_id(path.name), str(path), False, None, _kept(error))
    return CatalogEntry(routine.id, str(path), False, routine, None)


def _load_bundled_file(file: Traversable, library: Mapping[str, Stretch]) -> CatalogEntry:
    """A shipped routine; a broken one becomes an entry too (a test keeps them all valid)."""
    routine_id = _routine_id(file.name)
    source = file if isinstance(file, Path) else None
    try:
        routine = parse_routine(
            file.read_bytes(),
            str(file),
            library,
            routine_id=routine_id,
            builtin=True,
            source=source,
        )
    except RoutineError as error:
        return CatalogEntry(routine_id, str(file), True, None, _kept(error))
    return CatalogEntry(routine_id, str(file), True, translated_routine(routine), None)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, kept as surrogate escapes
        return False
    return True


def _as_utf8(name: str) -> str:
    """A file name as text, with U+FFFD for each byte that is not UTF-8."""
    return os.fsencode(name).decode("utf-8", "replace")


def _main_region_index(routine: Routine) -> int:
    """Position in the Region enum of the region most steps work (ties: the earlier one)."""
    counts = Counter(region for step in routine.steps for region in step.regions)
    order = list(Region)
    if not counts:
        return len(order)
    return min(range(len(order)), key=lambda index: (-counts[order[index]], index))


def _shipped_order(entry: CatalogEntry) -> tuple[bool, bool, int, str]:
    """Full warm-up first, then other whole-body routines, then one per region, head to toe."""
    routine = entry.routine
    if routine is None:
        return (True, True, len(Region), entry.id)
    whole_body = len(routine.regions) == len(Region)
    return (entry.id != FIRST_ROUTINE_ID, not whole_body, _main_region_index(routine), entry.id)


def _user_order(entry: CatalogEntry) -> tuple[str, str]:
    return (entry.title.casefold(), entry.id)


# --- the runner's own routine files ------------------------------------------------------------


def user_routine_path(user_dir: Path, routine_id: str) -> Path:
    return user_dir / f"{routine_id}{ROUTINE_SUFFIX}"


def save_user_routine(routine: Routine, library: Mapping[str, Stretch], user_dir: Path) -> Path:
    """Write a routine into the user's folder as `<id>.yaml`, atomically; OSError if it fails.

    Shipped routines are read-only: saving one raises ValueError (save an
    `app.editing.editable_copy` of it instead).
    """
    if routine.builtin:
        raise ValueError(
            _("'{routine}' is a shipped routine: save a copy of it instead").format(
                routine=routine.id
            )
        )
    path = user_routine_path(user_dir, routine.id)
    save_routine(routine, library, path)
    return path


def import_routine_file(
    source: Path, library: Mapping[str, Stretch], user_dir: Path, taken: Collection[str]
) -> Routine:
    """Check a routine file and copy it, unchanged, into the user's folder (with the
    pictures of its own it names, into `pictures/`: the copy then names those).

    Raises RoutineError (with `FILE:LINE:COL: message` problems, as `limber
    validate` shows them) if the file cannot be used, OSError if it cannot be
    copied. The copy gets the file's name, or `name-2`... if that id is taken,
    so an import never replaces a routine.
    """
    data = read_routine_bytes(source)
    routine_id = unique_id(import_id(source.name), {*taken, *_names_in(user_dir), _LIBRARY_ID})
    path = user_routine_path(user_dir, routine_id)
    routine = parse_routine(data, str(source), library, routine_id=routine_id, source=path)
    user_dir.mkdir(parents=True, exist_ok=True)
    if any(is_own_picture(step.image) for step in routine.steps):
        # Its pictures come in with it, and the file then names the copies.
        routine = copy_pictures(routine, user_dir / PICTURES_FOLDER)
        save_routine(routine, library, path)
        return routine
    write_atomically(path, data)
    return routine


# A routine may not take the library's name: the catalog would never list it.
_LIBRARY_ID = LIBRARY_FILE_NAME.removesuffix(ROUTINE_SUFFIX)
# Room in a 255-byte file name for the suffix and a save's temporary name around the id.
MAX_ID_BYTES = 200


def import_id(file_name: str) -> str:
    """The id an imported file gets, from its name: visible (no leading dot), without
    its `.yaml`/`.yml` in any case, printable, short enough for any file system;
    "imported" when nothing is left."""
    stem = _as_utf8(file_name)
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = "".join(char if char.isprintable() and char not in "/\\" else "-" for char in stem)
    stem = stem.strip().lstrip(".").strip()
    while len(stem.encode("utf-8")) > MAX_ID_BYTES:
        stem = stem[:-1]
    return stem or "imported"


def _names_in(folder: Path) -> set[str]:
    """The ids of every routine file in `folder`, listed or not: never overwritten."""
    try:
        with os.scandir(folder) as listing:
            return {entry.name.removesuffix(ROUTINE_SUFFIX) for entry in listing}
    except OSError:
        return set()


def export_routine(routine: Routine, library: Mapping[str, Stretch], destination: Path) -> None:
    """Write a routine to a path the runner chose, atomically; OSError if it fails.

    The pictures of the runner's own it shows are written next to it, so the
    folder can be given to someone else whole.
    """
    save_routine(copy_pictures(routine, destination.parent), library, destination)


def copy_pictures(routine: Routine, folder: Path) -> Routine:
    """The routine with each picture of the runner's own copied into `folder` (under a
    name not taken there, unless the same picture is there already); one that is
    missing, or too big to be a picture, stays named as it was. OSError if a copy fails.
    """
    steps = []
    for step in routine.steps:
        image = step.image
        if image is not None and is_own_picture(image):
            image = str(_copy_picture(Path(image), folder))
        steps.append(replace(step, image=image))
    return replace(routine, steps=tuple(steps))


def _copy_picture(picture: Path, folder: Path) -> Path:
    try:
        if picture.parent.resolve() == folder.resolve():
            return picture
        if not picture.is_file() or picture.stat().st_size > MAX_PICTURE_BYTES:
            return picture
        data = picture.read_bytes()
    except OSError:
        return picture  # missing or unreadable: the routine still loads, without it
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with os.scandir(folder) as listing:
            present = [entry.name for entry in listing]
    except OSError:
        present = []
    same_name = folder / picture_file_name(picture.name, ())
    if same_name.is_file() and same_name.read_bytes() == data:
        return same_name
    target = folder / picture_file_name(picture.name, present)
    write_atomically(target, data)
    return target


def delete_user_routine(entry: CatalogEntry) -> bytes:
    """Remove one of the user's routine files; returns its bytes, so it can be put back.

    Shipped routines cannot be deleted (ValueError); OSError if removing fails.
    """
    if entry.builtin:
        raise ValueError(
            _("'{routine}' is a shipped routine and cannot be deleted").format(routine=entry.id)
        )
    path = Path(entry.path)
    data = read_file(path, limit=None)
    path.unlink()
    return data


def restore_user_routine(path: Path, data: bytes) -> None:
    """Put back a file that `delete_user_routine` removed (undo)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
