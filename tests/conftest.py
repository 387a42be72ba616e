"""Shared fixtures: every test gets its own user folders and settings."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from functools import partial
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

# Before anything imports Qt: run headless, whatever the shell says.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

if TYPE_CHECKING:
    from app.routine import Stretch
    from app.store import CatalogEntry

# A local zone that is not UTC and changes for daylight saving (UTC-5, UTC-4 in
# summer), whatever the machine says: a time stored or compared in local time
# where UTC is meant (or the other way round) then fails a test instead of
# passing unnoticed on a machine set to UTC.
TEST_TIME_ZONE = "America/New_York"
os.environ["TZ"] = TEST_TIME_ZONE
time.tzset()


# The tests' folders in memory where the machine has room there: every window a
# test opens writes its history (SQLite, flushed to disk at each write) and its
# resume record, and on a disk those flushes waited 15 % of the suite's time.
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_FOLDER_ROOM = 1024**3


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before pytest makes its base folder (in its own pytest_configure), put it in
    memory unless one was given; pytest-xdist's workers get theirs inside it."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    try:
        room = shutil.disk_usage(MEMORY_FOLDER).free
    except OSError:
        return
    if room >= MEMORY_FOLDER_ROOM and os.access(MEMORY_FOLDER, os.W_OK):
        config.option.basetemp = tempfile.mkdtemp(prefix="limber-tests-", dir=MEMORY_FOLDER)
        config.add_cleanup(partial(shutil.rmtree, config.option.basetemp, ignore_errors=True))


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's own `tmp_path`, made in constant time: a fresh, empty folder of the
    test's own under the run's base folder (kept as pytest keeps it). pytest numbers
    each test's folder by reading every folder made before it, which over the whole
    suite (every test has one, see user_dirs) grows with the square of the tests."""
    name = re.sub(r"\W", "_", request.node.name)[:30]
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp_path_factory.getbasetemp()))


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG folders at a fresh temp dir, so no test sees the real user's files.

    Only the home folder is made: the app makes the folders it writes to, as it
    must on a first run, and a folder made costs a test more than its own work."""
    home = tmp_path / "home"
    home.mkdir()
    for name, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture(autouse=True, scope="session")
def shipped_files_parsed_once() -> Iterator[None]:
    """The shipped stretch library and routines parsed once per run, not once in each
    of the ~350 tests that list them (a catalog took 12 ms, nearly all of it parsing
    the same eight files again).

    Each answer is kept under everything it was made from: the file's bytes and
    name, the catalogs in use (the texts are translated) and, for a routine, the
    library it was parsed with; a test that changes any of these gets a parse of
    its own, and a file that does not parse is parsed again each time. The
    answers are immutable (frozen dataclasses; the library's dict is never changed
    once built). Not under mutmut (a copy of the code in mutants/): each mutant
    must parse with its own code."""
    from app import i18n, store  # after the time zone is set

    if "mutants" in Path(store.__file__).parts:
        yield
        return
    libraries: dict[tuple[str, bytes, int], tuple[object, dict[str, Stretch]]] = {}
    entries: dict[tuple[str, bytes, int, int], tuple[object, object, CatalogEntry]] = {}
    real_library, real_entry = store.shipped_library, store._load_bundled_file

    def shipped_library() -> dict[str, Stretch]:
        file = store.bundled_library_file()  # type: ignore[attr-defined]
        key = (str(file), file.read_bytes(), id(i18n._active))
        if key not in libraries:
            libraries[key] = (i18n._active, real_library())  # the catalogs kept: ids stay theirs
        return libraries[key][1]

    def load_bundled_file(file: Traversable, library: Mapping[str, Stretch]) -> CatalogEntry:
        key = (str(file), file.read_bytes(), id(i18n._active), id(library))
        if key not in entries:
            entry = real_entry(file, library)
            if entry.routine is None:
                return entry
            entries[key] = (i18n._active, library, entry)
        return entries[key][2]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "shipped_library", shipped_library)
        patch.setattr(store, "_load_bundled_file", load_bundled_file)
        yield
