"""The parse cache's file (app.parse_cache_file): its version, and reading back what
was written."""

from __future__ import annotations

from pathlib import Path

from app.i18n import CONTENT_DOMAIN, DOMAIN, Translations, installed, load_catalog
from app.parse_cache_file import CACHE_FORMAT, cache_version, read_entries, write_cache_file
from app.resources import bundled_library_text

ENTRY = {"mtime_ns": 1_700_000_000_000_000_000, "size": 120, "routine": {"steps": [0]}}


def test_the_version_follows_the_library() -> None:
    shipped = bundled_library_text()
    assert cache_version(shipped) == cache_version(shipped)
    assert cache_version(shipped) != cache_version(shipped + b"\n")


def translations_for(language: str) -> Translations:
    return Translations(
        language, load_catalog(language, DOMAIN), load_catalog(language, CONTENT_DOMAIN)
    )


def test_the_version_follows_the_language() -> None:
    shipped = bundled_library_text()
    english = cache_version(shipped)
    with installed(translations_for("zh_CN")):
        chinese = cache_version(shipped)
    with installed(translations_for("de")):
        german = cache_version(shipped)
    assert len({english, chinese, german}) == 3  # stretch texts cached in one are not the other's


def test_what_is_written_is_read_back_by_the_same_version(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "routines.json"  # its folder made on the way
    write_cache_file(file, "one", {"/r/morning.yaml": ENTRY}, [["row"]])
    assert read_entries(file, "one") == ({"/r/morning.yaml": ENTRY}, [["row"]])
    assert file.read_bytes().startswith(f'{{"format":{CACHE_FORMAT},"version":"one"'.encode())


def test_another_version_or_a_missing_file_gives_no_entries(tmp_path: Path) -> None:
    file = tmp_path / "routines.json"
    write_cache_file(file, "one", {"/r/morning.yaml": ENTRY}, [])
    assert read_entries(file, "two") == ({}, [])
    assert read_entries(tmp_path / "missing.json", "one") == ({}, [])


def test_an_entry_without_its_stamp_is_left_out(tmp_path: Path) -> None:
    file = tmp_path / "routines.json"
    stampless = {"size": 120, "routine": {"steps": [0]}}
    write_cache_file(file, "one", {"/r/a.yaml": ENTRY, "/r/b.yaml": stampless}, [])
    assert read_entries(file, "one") == ({"/r/a.yaml": ENTRY}, [])
