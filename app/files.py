"""Reading small files without waiting, and replacing files without ever losing one.

Every file Limber reads or writes on the user's behalf goes through here:
routine files and the library (the loader, the store), saved and imported
routines, the history's CSV export and the parse cache.

`read_file` reads only a regular file, never in a way that can wait (a FIFO or
a device named like a routine would otherwise hang for ever), and refuses one
bigger than its caller's cap before reading it all.

`write_atomically` (and `atomic_text_writer`, for a stream) writes a file so
that a crash, a full disk or a failing write leaves either the old file or the
new one, never a mix: the data goes to a hidden temporary file in the same
folder, is flushed to disk, replaces the old file in one rename, and the
folder is synced so the rename lasts. One permission rule for all: a replaced
file keeps its mode; a new one gets 0o644 less the umask, like any file the
user makes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from app.i18n import N_, _

NEW_FILE_MODE = 0o644
# The temporary files a write makes: "." + the file's name + "." + eight
# random characters + ".tmp". Only these are ever cleaned up.
_TEMPORARY_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z")
# A save takes milliseconds; one this old was cut short by a crash or a power cut.
STALE_TEMPORARY_SECONDS = 3600.0
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class UnreadableFileError(OSError):
    """A file that cannot be read, with the reason in words (its `strerror`)."""

    def __init__(self, path: Path, reason: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason, str(path))


class FileTooLargeError(UnreadableFileError):
    """A file bigger than the reader's cap: only the first bytes past the cap were read."""

    def __init__(self, path: Path, limit: int) -> None:
        reason = _("it is larger than {limit} bytes").format(limit=limit)
        super().__init__(path, reason, errno.EFBIG)


# --- reading -----------------------------------------------------------------------------------


# Translators: what a file should have been, as in "it is a folder, not {expected}".
REGULAR_FILE = N_("a regular file")


def read_file(path: Path, *, limit: int | None, expected: str = REGULAR_FILE) -> bytes:
    """The bytes of the regular file at `path`; at most `limit` of them (None: no cap).

    `expected` names what the file should have been, for the message about one
    that is not a regular file ("it is a folder, not a routine file"): an English
    text marked with `N_()`, translated here.

    The file is opened non-blocking and checked again once open (it may have
    been swapped between the two looks). Raises FileTooLargeError past the cap
    (after reading one byte more than it, never the whole file), and
    UnreadableFileError (an OSError) for anything else, in one line.
    """
    try:
        kind = _not_a_file(os.stat(path).st_mode)
        if kind is not None:
            raise UnreadableFileError(path, _not_what_was_expected(kind, expected))
        fd = os.open(path, _OPEN_FLAGS)
        try:
            kind = _not_a_file(os.fstat(fd).st_mode)
            if kind is not None:
                raise UnreadableFileError(path, _not_what_was_expected(kind, expected))
            data = _read_up_to(fd, None if limit is None else limit + 1)
        finally:
            os.close(fd)
    except UnreadableFileError:
        raise
    except OSError as error:
        raise UnreadableFileError(
            path, error.strerror or str(error), error.errno or errno.EIO
        ) from None
    except ValueError as error:  # a NUL in the path
        raise UnreadableFileError(path, str(error)) from None
    if limit is not None and len(data) > limit:
        raise FileTooLargeError(path, limit)
    return data


def _read_up_to(fd: int, most: int | None) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while most is None or size < most:
        chunk = os.read(fd, 1 << 16 if most is None else most - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _not_what_was_expected(kind: str, expected: str) -> str:
    # Translators: {kind} is what the file is ("a folder"), {expected} what it should
    # have been ("a routine file").
    return _("it is {kind}, not {expected}").format(kind=kind, expected=_(expected))


def _not_a_file(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        # Translators: what a file is, as in "it is {kind}, not a routine file"
        # (the other kinds: a named pipe, a socket, a device, a special file).
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("a special file")


# --- writing -----------------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; on any failure the old file stays as it was.

    Raises OSError (the temporary file is removed first).
    """
    with _replacing(path) as fd:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]


@contextlib.contextmanager
def atomic_text_writer(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream whose content replaces `path` only once it is all on disk.

    Line endings are written as given (newline=""), as the csv module wants.
    """
    with (
        _replacing(path) as fd,
        open(fd, "w", encoding="utf-8", newline="", closefd=False) as stream,
    ):
        yield stream


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[int]:
    """A descriptor on a fresh temporary file next to `path`, which replaces `path`
    once the block has written it (flushed to disk first); removed on any failure."""
    folder = path.parent
    fd, temporary = _create_temporary(path)
    try:
        try:
            _give_mode(temporary, path)
            yield fd
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(folder)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file beside `path`, named so `remove_stale_temporaries` knows it.

    Created with NEW_FILE_MODE, so the umask applies as to any file the user makes.
    """
    for _attempt in range(100):
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, _CREATE_FLAGS, NEW_FILE_MODE), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, _("no free temporary file name"), str(path.parent))


def _give_mode(temporary: Path, path: Path) -> None:
    """The replaced file's permissions for the new one (a file the user made private
    stays private); a new file keeps the mode it was created with."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except (OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        os.chmod(temporary, mode)


def sync_folder(folder: Path) -> None:
    """Make a rename or removal in `folder` durable (not possible, nor needed, everywhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(
    folder: Path, names: Iterable[str], *, now: float | None = None
) -> list[str]:
    """Remove the temporary files an interrupted write left in `folder` (of `names`,
    the folder's listing); returns the names removed.

    Only names of the shape it makes, only regular files, and only those older than
    STALE_TEMPORARY_SECONDS (another Limber may be saving right now): nothing else
    in the folder is touched. A file that cannot be removed is left.
    """
    moment = time.time() if now is None else now
    removed: list[str] = []
    for name in names:
        if not _TEMPORARY_NAME.match(name):
            continue
        path = folder / name
        try:
            found = os.lstat(path)
            if not stat.S_ISREG(found.st_mode):
                continue
            if moment - found.st_mtime < STALE_TEMPORARY_SECONDS:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(name)
    if removed:
        sync_folder(folder)
    return removed
