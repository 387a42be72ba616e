"""The history database's file: opening it, its schema and migrations, and what to
do with one that cannot be used (split from app/history.py; see its docstring)."""

from __future__ import annotations

import contextlib
import enum
import os
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app.i18n import _

HISTORY_FILE_NAME = "history.sqlite3"

# Long enough to ride out another Limber's write (a few milliseconds), short
# enough that a database held open by a stuck process does not stall start-up.
DEFAULT_BUSY_TIMEOUT = 2.0

# Schema migrations, oldest first: MIGRATIONS[n] takes a database from
# `PRAGMA user_version` n to n + 1. Append to this list; never edit a step that
# has shipped, since databases out there are already past it.
MIGRATIONS: Sequence[Sequence[str]] = (
    # 1: the first schema. An unfinished session (the app quit or crashed mid
    # warm-up) has neither an end time nor an outcome; the CHECK keeps the two
    # in step, so "never ended" has exactly one representation.
    (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            steps_completed INTEGER NOT NULL DEFAULT 0,
            step_count INTEGER NOT NULL,
            outcome TEXT CHECK (outcome IN ('completed', 'stopped')),
            CHECK ((ended_at IS NULL) = (outcome IS NULL))
        )
        """,
    ),
    # 2: time actually spent warming up (pauses excluded), which wall-clock
    # start and end cannot tell; and an index on the start time, which every
    # query sorts or filters by.
    (
        "ALTER TABLE sessions ADD COLUMN seconds_active REAL",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite primary result codes (sqlite3.SQLITE_* only exists from Python 3.11).
_SQLITE_ERROR = 1
_SQLITE_CORRUPT = 11
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOTADB = 26
_MEMORY = ":memory:"
# SQLite's page cache per connection (its default is 2,000 KiB). Every query the
# window makes reads a few pages through an index, and the export reads the table
# once, in order; a full cache of a long history's pages stayed in the window's
# memory for nothing.
PAGE_CACHE_KIB = 256


class _Unusable(Exception):
    """The file opens, but it is not a history this version can use."""


class _Failure(enum.Enum):
    BROKEN = "broken"  # damaged, foreign or too new: set it aside, start afresh
    LOCKED = "locked"  # another process holds it: leave it alone
    UNAVAILABLE = "unavailable"  # cannot be opened or written here at all


def _connect(target: str, timeout: float) -> sqlite3.Connection:
    """Every connection goes through here (tests replace it to simulate a read-only folder).

    isolation_level=None: transactions are begun and ended explicitly, rather
    than by the sqlite3 module's guesses. check_same_thread=False: History
    serializes its own use of the connection, from whichever thread.
    """
    connection = sqlite3.connect(
        target, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    # Text that is not UTF-8 (edited by hand) reads with U+FFFD in place of the bad
    # bytes, instead of failing the whole query that met it.
    connection.text_factory = _lenient_text
    connection.execute(f"PRAGMA cache_size = {-PAGE_CACHE_KIB:d}")
    return connection


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _open_file(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection to `path`, created and migrated as needed; closed again on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(str(path), busy_timeout)
    try:
        _prepare(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _prepare(connection: sqlite3.Connection) -> None:
    """Check the database and bring its schema up to date, in one transaction, so an
    interrupted migration leaves it at the old version rather than half-way."""
    # IMMEDIATE takes the write lock up front: a migration must not find,
    # half-way through, that another process is writing.
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _Unusable(
                _(
                    "it was written by a newer version of Limber: schema version {version}, "
                    "this version knows up to {known}"
                ).format(version=version, known=SCHEMA_VERSION)
            )
        if version == 0 and connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise _Unusable(_("it is some other database, not a Limber history"))
        # Catches damage the opening reads did not touch (a garbled table page),
        # which would otherwise surface mid-session. Cheap at history sizes.
        if connection.execute("PRAGMA quick_check(1)").fetchone() != ("ok",):
            raise _Unusable(_("the file is damaged"))
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                _migrate(connection, statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise


def _migrate(connection: sqlite3.Connection, statement: str) -> None:
    """Run one migration statement. A plain SQL error here means the schema is not
    what its version number says (a table or index already there, or missing):
    that file will never upgrade, so it is unusable rather than unavailable, and
    is set aside instead of costing the runner their history on every start."""
    try:
        connection.execute(statement)
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", None) == _SQLITE_ERROR:
            raise _Unusable(
                _("it could not be upgraded to schema version {version}: {error}").format(
                    version=SCHEMA_VERSION, error=error
                )
            ) from error
        raise


def _diagnose(error: sqlite3.Error | OSError | _Unusable) -> tuple[_Failure, str]:
    """What kind of failure `error` is, and a reason to show in parentheses."""
    if isinstance(error, _Unusable):
        return _Failure.BROKEN, str(error)
    if isinstance(error, OSError):
        return _Failure.UNAVAILABLE, _describe_os_error(error)
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        primary = code & 0xFF
        if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return _Failure.LOCKED, str(error)
        if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return _Failure.BROKEN, str(error)
        return _Failure.UNAVAILABLE, str(error)
    # Python 3.10: the module raises plain DatabaseError for exactly these two codes.
    if type(error) is sqlite3.DatabaseError:
        return _Failure.BROKEN, str(error)
    if "locked" in str(error):
        return _Failure.LOCKED, str(error)
    return _Failure.UNAVAILABLE, str(error)


def _describe_os_error(error: OSError) -> str:
    return error.strerror or str(error)


def _set_aside(path: Path, local_now: datetime) -> Path:
    """Rename `path` to a name that says when it broke; returns the new path.
    Never overwrites an earlier one."""
    stem = f"{path.name}.broken-{local_now:%Y%m%d-%H%M%S}"
    target = path.with_name(stem)
    attempt = 1
    while os.path.lexists(target):
        attempt += 1
        target = path.with_name(f"{stem}-{attempt}")
    # No journal files to move with it: SQLite removes those itself when the
    # failed connection closes.
    os.rename(path, target)
    return target
