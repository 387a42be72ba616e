"""Reading files without waiting and replacing them atomically (app.files)."""

from __future__ import annotations

import csv
import errno
import os
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
