"""The resume record's two copies: the newest whole one is read, whatever a power cut left."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.record_slots import HEADER_BYTES, SMALLEST_SLOT, TwoSlotFile, newest_text, slot_bytes


def written(path: Path, *texts: bytes) -> TwoSlotFile:
    slots = TwoSlotFile(path)
    for text in texts:
        slots.write(text)
    return slots


def test_the_newest_record_is_read_after_each_write(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    slots = TwoSlotFile(path)
    for second in range(5):
        slots.write(b'{"remaining": %d}' % (30 - second))
        assert newest_text(path.read_bytes()) == b'{"remaining": %d}' % (30 - second)
    assert path.stat().st_size == 2 * SMALLEST_SLOT  # written in place, not grown
    slots.close()


def test_a_write_cut_short_leaves_the_record_before_it(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    written(path, b"second 30", b"second 29", b"second 28").close()
    data = bytearray(path.read_bytes())
    # "second 28" went over the slot of "second 30" (the first slot); the power
    # went in the middle of it: its last bytes are still the old ones.
    newest = slot_bytes(2, b"second 28")
    assert data[: len(newest)] == newest
    data[len(newest) - 3 : len(newest)] = b"XYZ"
    assert newest_text(bytes(data)) == b"second 29"
    data[SMALLEST_SLOT + 5] ^= 0xFF  # and the other slot damaged too
    assert newest_text(bytes(data)) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda header: header[: HEADER_BYTES - 1] + b"X",  # no end of line
        lambda header: header.replace(b" ", b"_", 2),  # fields run together
        lambda header: header[:20] + b"zz" + header[22:],  # not hexadecimal
    ],
)
def test_a_slot_with_a_damaged_header_is_not_read(damage: object) -> None:
    good, older = slot_bytes(5, b"newer"), slot_bytes(4, b"older")
    broken = damage(good[:HEADER_BYTES]) + good[HEADER_BYTES:]  # type: ignore[operator]
    data = broken.ljust(SMALLEST_SLOT, b"\0") + older.ljust(SMALLEST_SLOT, b"\0")
    assert newest_text(data) == b"older"


def test_a_plain_record_from_an_earlier_version_is_read_as_it_is() -> None:
    assert newest_text(b'{"version":2}') == b'{"version":2}'
    assert newest_text(b"") == b""
    assert newest_text(b"\x00" * 64) is None  # neither a record nor slots


def test_a_record_that_outgrows_its_slot_gets_a_larger_file(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    large = b"x" * (3 * SMALLEST_SLOT)
    slots = written(path, b"small", large)
    assert newest_text(path.read_bytes()) == large
    assert path.stat().st_size == 2 * 4 * SMALLEST_SLOT
    slots.write(b"small again")
    assert newest_text(path.read_bytes()) == b"small again"
    slots.close()


def test_a_file_removed_or_replaced_meanwhile_is_made_anew(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    slots = written(path, b"one")
    path.unlink()
    slots.write(b"two")
    assert newest_text(path.read_bytes()) == b"two"
    replacement = tmp_path / "new.json"
    replacement.write_bytes(b'{"by hand": true}')
    replacement.replace(path)  # another file in its place
    slots.write(b"three")
    assert newest_text(path.read_bytes()) == b"three"
    slots.close()


def test_remove_takes_the_file_away(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    slots = written(path, b"one", b"two")
    slots.remove()
    assert not path.exists()
    slots.remove()  # nothing there: nothing to do
    slots.write(b"three")
    assert newest_text(path.read_bytes()) == b"three"
    slots.close()
