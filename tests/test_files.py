"""Reading files without waiting and replacing them atomically (app.files)."""

from __future__ import annotations

import csv
import errno
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import files
from app.files import FileTooLargeError, UnreadableFileError, atomic_text_writer, read_file


def files_in(folder: Path) -> list[str]:
    """The folder's files (conftest puts the fake home folder in tmp_path too)."""
    return sorted(path.name for path in folder.iterdir() if path.is_file())


@pytest.fixture
def umask() -> Iterator[None]:
    """Whatever umask a test sets is put back afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    try:
        yield
    finally:
        os.umask(old)


# --- reading -----------------------------------------------------------------------------------


def test_a_file_is_read_whole_up_to_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 10)
    assert read_file(path, limit=10) == b"x" * 10
    assert read_file(path, limit=None) == b"x" * 10


def test_a_file_over_the_cap_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 11)
    with pytest.raises(FileTooLargeError) as raised:
        read_file(path, limit=10)
    assert raised.value.errno == errno.EFBIG
    assert raised.value.strerror == "it is larger than 10 bytes"


def test_a_large_file_without_a_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    data = bytes(range(256)) * 1000  # several reads' worth
    path.write_bytes(data)
    assert read_file(path, limit=None) == data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once_rather_than_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableFileError) as raised:
        read_file(pipe, limit=None, expected="a routine file")
    assert raised.value.strerror == "it is a named pipe, not a routine file"


def test_a_folder_or_a_missing_file_is_an_os_error_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="it is a folder, not a regular file"):
        read_file(tmp_path, limit=None)
    with pytest.raises(OSError, match="No such file") as raised:
        read_file(tmp_path / "gone.yaml", limit=None)
    assert raised.value.strerror == "No such file or directory"
    assert raised.value.errno == errno.ENOENT


# --- writing -----------------------------------------------------------------------------------


def test_writing_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")
    files.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert files_in(tmp_path) == ["mine.yaml"]


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failure_before_the_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match="Input/output error"):
        files.write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert files_in(tmp_path) == ["mine.yaml"]


def test_saving_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    files.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.yaml"
    files.write_atomically(fresh, b"x")
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_only_old_temporaries_of_our_own_shape_are_removed(tmp_path: Path) -> None:
    tmp_path = tmp_path / "folder"
    tmp_path.mkdir()
    names = [".a.yaml.abcd_123.tmp", ".a.yaml.tmp", "a.yaml", ".b.yaml.ABCDEFGH.tmp"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".dir.yaml.abcdefgh.tmp").mkdir()
    now = os.stat(tmp_path / "a.yaml").st_mtime + files.STALE_TEMPORARY_SECONDS + 1
    listing = os.listdir(tmp_path)
    assert files.remove_stale_temporaries(tmp_path, listing, now=now) == [".a.yaml.abcd_123.tmp"]
    assert sorted(os.listdir(tmp_path)) == sorted(
        [".a.yaml.tmp", "a.yaml", ".b.yaml.ABCDEFGH.tmp", ".dir.yaml.abcdefgh.tmp"]
    )
    assert files.remove_stale_temporaries(tmp_path, os.listdir(tmp_path), now=now - 10) == []


def test_a_new_file_honours_the_umask_and_a_private_file_stays_private(
    tmp_path: Path, umask: None
) -> None:
    os.umask(0o077)
    fresh = tmp_path / "fresh.yaml"
    files.write_atomically(fresh, b"x")
    assert fresh.stat().st_mode & 0o777 == 0o600
    os.umask(0o022)
    private = tmp_path / "private.csv"
    private.write_bytes(b"old")
    private.chmod(0o600)
    with atomic_text_writer(private) as stream:
        stream.write("new")
    assert private.stat().st_mode & 0o777 == 0o600


def test_a_csv_stream_replaces_the_export_only_once_written(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    with atomic_text_writer(path) as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title"])
        writer.writerow([1, "Morning, calf raises ✓"])
        assert not path.exists()
    assert path.read_bytes() == 'id,title\r\n1,"Morning, calf raises ✓"\r\n'.encode()
    assert path.stat().st_mode & 0o777 == 0o644
    assert files_in(tmp_path) == ["history.csv"]


def test_a_failing_csv_stream_keeps_the_earlier_export(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("earlier", encoding="utf-8")

    def export_to_a_full_disk() -> None:
        with atomic_text_writer(path) as stream:
            stream.write("half")
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        export_to_a_full_disk()
    assert path.read_text(encoding="utf-8") == "earlier"
    assert files_in(tmp_path) == ["history.csv"]


def test_temporaries_are_named_so_a_crashed_write_is_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    seen: list[str] = []
    real_replace = os.replace

    def look(source: str | Path, target: str | Path) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", look)
    files.write_atomically(path, b"x")
    assert len(seen) == 1
    assert files._TEMPORARY_NAME.match(seen[0]), seen
    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomically(path, b"y")
    assert files_in(tmp_path) == ["mine.yaml"]


# --- what a file that cannot be read is, and which file it was -----------------------------------


def test_an_unreadable_file_names_itself_in_its_error(tmp_path: Path) -> None:
    """Whatever went wrong, the error says which file (its `filename`, and its text)."""
    folder = tmp_path / "routines"
    folder.mkdir()
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 11)
    for path, limit in ((folder, None), (tmp_path / "gone.yaml", None), (big, 10)):
        with pytest.raises(UnreadableFileError) as raised:
            read_file(path, limit=limit)
        assert raised.value.filename == str(path)
        assert str(raised.value).endswith(f"{raised.value.strerror}: {str(path)!r}")


def test_a_path_with_a_nul_in_it_is_an_error_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\0name.yaml"
    with pytest.raises(UnreadableFileError) as raised:
        read_file(path, limit=None)
    assert raised.value.strerror == "embedded null byte"
    assert raised.value.filename == str(path)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="sockets in files are POSIX")
def test_a_socket_is_said_to_be_one(tmp_path: Path) -> None:
    # Opening a socket file fails with "No such device or address": it is looked
    # at before it is opened, so the runner reads what it is instead.
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        with pytest.raises(UnreadableFileError) as raised:
            read_file(path, limit=None, expected="a routine file")
    assert raised.value.strerror == "it is a socket, not a routine file"


@pytest.mark.skipif(not os.path.exists(os.devnull), reason="no null device")
def test_a_device_is_refused_without_being_read(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as raised:
        read_file(Path(os.devnull), limit=None, expected="a routine file")
    assert raised.value.strerror == "it is a device, not a routine file"


@pytest.mark.parametrize(
    ("kind", "said"),
    [(stat.S_IFBLK, "a device"), (0o150000, "a special file")],
    ids=["a-disk", "a-kind-this-system-has-no-name-for"],
)
def test_every_kind_of_file_is_said_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: int, said: str
) -> None:
    """A disk (a block device: only root may open one, so tests cannot make one) and
    a kind only other systems have (a Solaris door), as the system reports them."""
    path = tmp_path / "odd.yaml"
    real_stat = os.stat

    def reported(target: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        if target != path:
            return found
        return os.stat_result((kind | 0o644, *tuple(found)[1:]))

    path.write_bytes(b"x")
    monkeypatch.setattr(os, "stat", reported)
    with pytest.raises(UnreadableFileError) as raised:
        read_file(path, limit=None, expected="a routine file")
    assert raised.value.strerror == f"it is {said}, not a routine file"


class _Pieces:
    """os.read and os.write as a slow network drive may do them: a few bytes a call,
    and a count of the bytes that went through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
        self.read = 0
        self.written = 0
        self._size = size
        self._real_read = os.read
        self._real_write = os.write
        monkeypatch.setattr(os, "read", self._read)
        monkeypatch.setattr(os, "write", self._write)

    def _read(self, fd: int, wanted: int) -> bytes:
        chunk = self._real_read(fd, min(wanted, self._size))
        self.read += len(chunk)
        return chunk

    def _write(self, fd: int, data: bytes | memoryview) -> int:
        done = self._real_write(fd, data[: self._size])
        self.written += done
        return done


def test_a_file_handed_over_in_pieces_is_read_whole_and_the_cap_still_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"0123456789")
    pieces = _Pieces(monkeypatch, 3)
    assert read_file(path, limit=10) == b"0123456789"
    assert read_file(path, limit=None) == b"0123456789"
    path.write_bytes(b"x" * 1000)
    pieces.read = 0
    with pytest.raises(FileTooLargeError):
        read_file(path, limit=10)
    assert pieces.read == 11  # one byte past the cap, never the whole file


def test_a_file_over_the_cap_is_refused_after_one_byte_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"x" * 100_000)
    pieces = _Pieces(monkeypatch, 1 << 20)
    with pytest.raises(FileTooLargeError):
        read_file(path, limit=10)
    assert pieces.read == 11


def test_a_write_the_system_takes_in_pieces_still_saves_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")
    pieces = _Pieces(monkeypatch, 3)
    files.write_atomically(path, b"steps: [calf raises, lunges]\n")
    assert path.read_bytes() == b"steps: [calf raises, lunges]\n"
    assert pieces.written == len(b"steps: [calf raises, lunges]\n")


# --- saving where the folder cannot do everything ---------------------------------------------


def test_a_disk_that_keeps_no_permissions_still_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A USB stick in FAT refuses chmod: the file is saved all the same."""
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    files.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert files_in(tmp_path) == ["mine.yaml"]


def test_a_folder_that_cannot_be_synced_still_gets_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network drives refuse to sync a folder (EINVAL): the save stands."""
    path = tmp_path / "mine.yaml"
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    files.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"


def test_a_temporary_name_already_taken_is_left_alone_for_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    taken = tmp_path / ".mine.yaml.00000000.tmp"
    taken.write_bytes(b"another Limber's save")
    draws = iter([b"\0\0\0\0", b"\1\1\1\1"])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    files.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert taken.read_bytes() == b"another Limber's save"


def test_a_folder_with_no_free_temporary_name_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"old")
    (tmp_path / ".mine.yaml.00000000.tmp").write_bytes(b"taken")
    monkeypatch.setattr(os, "urandom", lambda size: b"\0" * size)
    with pytest.raises(FileExistsError) as raised:
        files.write_atomically(path, b"new")
    assert raised.value.errno == errno.EEXIST
    assert raised.value.strerror == "no free temporary file name"
    assert raised.value.filename == str(tmp_path)
    assert path.read_bytes() == b"old"


def test_a_stale_temporary_is_removed_whatever_is_listed_before_it(tmp_path: Path) -> None:
    """A folder, a temporary being written right now and one another Limber just
    removed come first in the listing: the old one after them still goes."""
    (tmp_path / ".dir.yaml.abcdefgh.tmp").mkdir()
    young = tmp_path / ".a.yaml.young000.tmp"
    old = tmp_path / ".b.yaml.old00000.tmp"
    young.write_bytes(b"x")
    old.write_bytes(b"x")
    now = young.stat().st_mtime + 10
    os.utime(old, (now - files.STALE_TEMPORARY_SECONDS - 1,) * 2)
    listing = [".dir.yaml.abcdefgh.tmp", young.name, ".c.yaml.gone0000.tmp", old.name]
    assert files.remove_stale_temporaries(tmp_path, listing, now=now) == [old.name]
    assert young.exists()
    assert not old.exists()


def test_a_file_swapped_for_a_folder_after_the_look_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looked at, the path was a routine file; by the time it is opened, a folder:
    the open file is looked at again, and refused for what it is then."""
    swapped = tmp_path / "mine.yaml"
    swapped.mkdir()
    regular = tmp_path / "regular.yaml"
    regular.write_bytes(b"title: T\n")
    real_stat = os.stat

    def looked_before_the_swap(target: object, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(regular if target == swapped else target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", looked_before_the_swap)
    with pytest.raises(UnreadableFileError) as raised:
        read_file(swapped, limit=None, expected="a routine file")
    assert raised.value.strerror == "it is a folder, not a routine file"
    assert raised.value.filename == str(swapped)
