"""A small record rewritten every second, never half-written, at a tenth of the cost.

The resume record is rewritten whenever the countdown shows another second. As
a new file each time (a temporary file, flushed, renamed over the old one, the
folder flushed) that cost its writer thread 0.8 ms of CPU a write, 50 ms a
minute, most of the CPU Limber spent while counting down. So the record's file
holds two slots, and each write goes over the older one in place, flushed with
fdatasync (the file's size never changes, so there is nothing else to flush):
0.1 ms. Each slot starts with its number, its text's length and a checksum, so
a slot left half-written by a power cut is known for what it is, and the other
one, a second older, is read instead. A new file (the first record, or one that
has outgrown its slots) is still written atomically, as every other file is.

Pure Python (no Qt).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from app.files import sync_folder, write_atomically

MAGIC = b"limber-record "
# MAGIC, then "number checksum length" in fixed-width hex, then a newline.
HEADER_BYTES = len(MAGIC) + 16 + 1 + 8 + 1 + 8 + 1
SMALLEST_SLOT = 4096  # a record is a few hundred bytes: one page holds it
# Where a file cannot be written in place (no pwrite), each record is a new file.
_IN_PLACE = hasattr(os, "pwrite")
_flush_data = getattr(os, "fdatasync", os.fsync)


def slot_bytes(number: int, text: bytes) -> bytes:
    """One slot's content: its header, then `text`."""
    header = b"%016x %08x %08x\n" % (number, zlib.crc32(text), len(text))
    return MAGIC + header + text


def newest_text(data: bytes) -> bytes | None:
    """The newest whole record in a file's `data`; None if no slot holds one.

    A file that does not start with a slot (a record written by Limber before
    slots, or by hand) is taken as a record of its own, to be checked as one.
    """
    if not data.startswith(MAGIC) and (not data or data[:1] in b"{ \t\r\n"):
        return data
    size = len(data) // 2
    slots = [_read_slot(data[:size]), _read_slot(data[size:])] if size else []
    whole = [slot for slot in slots if slot is not None]
    return max(whole)[1] if whole else None


def _read_slot(slot: bytes) -> tuple[int, bytes] | None:
    """(number, text) of a whole slot; None for one that is empty, torn or damaged."""
    if not slot.startswith(MAGIC) or len(slot) < HEADER_BYTES:
        return None
    fields = slot[len(MAGIC) : HEADER_BYTES - 1].split(b" ")
    if len(fields) != 3 or slot[HEADER_BYTES - 1 : HEADER_BYTES] != b"\n":
        return None
    try:
        number, checksum, length = (int(field, 16) for field in fields)
    except ValueError:
        return None
    text = slot[HEADER_BYTES : HEADER_BYTES + length]
    if len(text) != length or zlib.crc32(text) != checksum:
        return None
    return number, text


class TwoSlotFile:
    """Writes records to `path`, each over the older of its two slots.

    For one writer at a time (the resume record's thread). The file is kept
    open between writes; one that was removed or replaced meanwhile (by hand,
    or by another program) is made anew at the next write.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None
        self._slot_size = 0
        self._number = 0
        self._identity: tuple[int, int] | None = None

    def write(self, text: bytes) -> None:
        """Make `text` the record; on return it is on disk (OSError if it cannot be)."""
        if self._fd is None or HEADER_BYTES + len(text) > self._slot_size or not self._still_ours():
            self._create(text)
            return
        self._number += 1
        try:
            os.pwrite(self._fd, slot_bytes(self._number, text), self._offset(self._number))
            _flush_data(self._fd)
        except OSError:
            self.close()  # made anew next time
            raise

    def remove(self) -> None:
        """Remove the file, for good (a power cut does not bring it back)."""
        self.close()
        try:
            self._path.unlink()
        except FileNotFoundError:
            return
        sync_folder(self._path.parent)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def _offset(self, number: int) -> int:
        return (number % 2) * self._slot_size

    def _create(self, text: bytes) -> None:
        self.close()
        size = SMALLEST_SLOT
        while size < HEADER_BYTES + len(text):
            size *= 2
        write_atomically(self._path, slot_bytes(0, text).ljust(2 * size, b"\0"))
        if not _IN_PLACE:
            return
        fd = os.open(self._path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        status = os.fstat(fd)
        self._fd, self._slot_size, self._number = fd, size, 0
        self._identity = (status.st_dev, status.st_ino)

    def _still_ours(self) -> bool:
        try:
            status = os.stat(self._path)
        except OSError:
            return False
        return (status.st_dev, status.st_ino) == self._identity
