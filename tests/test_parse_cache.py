"""The parse cache (app.parse_cache): hits, misses, invalidation, and a damaged cache file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app import commands, parse_cache
from app.loader import parse_routine
from app.parse_cache import FileStamp, ParseCache, load_routine_file_cached, open_parse_cache
from app.paths import parse_cache_path
from app.routine import Hold, Reps, Routine
from app.store import Catalog, shipped_library
from app.yaml_nodes import RoutineError

LIBRARY = shipped_library()
VERSION = "test-version"
ROUTINE = """\
title: Morning
summary: Short and easy.
lead_in: 5
steps:
  - stretch: forward-bend
    hold: 20
  - name: Ankle circles
    instructions: Draw circles with each foot.
    region: [feet-ankles, calves-achilles]
    reps: 8
    tempo: 1.5
    rest: 3
"""
BROKEN = "title: Broken\nsteps:\n  - stretch: twsit\n    hold: 20\n"


def settled(path: Path, text: str) -> Path:
    """A file last changed an hour ago: old enough to be cached."""
    path.write_text(text, encoding="utf-8")
    an_hour_ago = path.stat().st_mtime - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths actually parsed (not answered from the cache)."""
    seen: list[str] = []
    real = parse_routine

    def counted(data: str | bytes, path: str, *args: object, **kwargs: object) -> Routine:
        seen.append(Path(path).name)
        return real(data, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_cache, "parse_routine", counted)
    return seen


def load(path: Path, cache_file: Path) -> Routine:
    cache = ParseCache.open(cache_file, VERSION)
    try:
        return load_routine_file_cached(path, LIBRARY, cache)
    finally:
        cache.save()


def test_an_unchanged_file_is_answered_from_the_cache(tmp_path: Path, parses: list[str]) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    cache_file = tmp_path / "cache" / "routines.json"
    first = load(path, cache_file)
    second = load(path, cache_file)
    assert parses == ["morning.yaml"]
    assert second == first
    assert (second.id, second.source, second.builtin) == ("morning", path, False)
    assert second.title == "Morning"
    assert second.lead_in == 5.0
    assert second.steps[0].dose == Hold(20.0)
    assert second.steps[1].dose == Reps(8, 1.5)
    assert second.steps[1].rest == 3.0


def test_a_changed_file_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    cache_file = tmp_path / "routines.json"
    load(path, cache_file)
    settled(path, ROUTINE.replace("Morning", "Evening"))
    assert load(path, cache_file).title == "Evening"
    assert parses == ["morning.yaml", "morning.yaml"]


def test_a_file_changed_moments_ago_is_not_cached(tmp_path: Path, parses: list[str]) -> None:
    """It could change again within the file system's time resolution, unseen."""
    path = tmp_path / "morning.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    cache_file = tmp_path / "routines.json"
    load(path, cache_file)
    load(path, cache_file)
    assert parses == ["morning.yaml", "morning.yaml"]


def test_a_broken_file_gives_the_same_problems_from_the_cache(
    tmp_path: Path, parses: list[str]
) -> None:
    path = settled(tmp_path / "broken.yaml", BROKEN)
    cache_file = tmp_path / "routines.json"
    with pytest.raises(RoutineError) as first:
        load(path, cache_file)
    with pytest.raises(RoutineError) as second:
        load(path, cache_file)
    assert parses == ["broken.yaml"]
    assert str(second.value) == str(first.value)
    assert str(second.value).startswith(f"{path}:3:14: unknown stretch 'twsit'")


def test_a_new_version_of_the_loader_invalidates_every_entry(
    tmp_path: Path, parses: list[str]
) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    cache_file = tmp_path / "routines.json"
    load(path, cache_file)
    cache = ParseCache.open(cache_file, "another-version")
    assert len(cache) == 0
    load_routine_file_cached(path, LIBRARY, cache)
    assert parses == ["morning.yaml", "morning.yaml"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: b"\x00\xff not json",
        lambda text: text[: len(text) // 2],
        lambda text: b"[]",
        lambda text: text.replace(b'"title":"Morning"', b'"title":7'),
        lambda text: text.replace(b'"title":"Morning"', b'"title":"Mor\\u202ening"'),
        lambda text: text.replace(b'"title":"Morning"', b'"title":"Mor\\u001bning"'),
        lambda text: text.replace(b"[20.0]", b"[100000.0]"),
        lambda text: text.replace(b"[20.0]", b"[true]"),
        lambda text: text.replace(b"[8,1.5]", b"[8,NaN]"),
        lambda text: text.replace(b'"feet-ankles"', b'"elbows"'),
        lambda text: text.replace(b'"steps":[0,1]', b'"steps":[0,7]'),
        lambda text: text.replace(b'"steps":[0,1]', b'"steps":[]'),
        lambda text: text.replace(b'"steps":[0,1]', b'"steps":["0"]'),
        lambda text: text.replace(b'"one"', b'"three"'),
        lambda text: text.replace(b'"format":1', b'"format":2'),
    ],
)
def test_a_damaged_cache_is_a_miss_and_the_file_is_read_again(
    tmp_path: Path, parses: list[str], damage: object
) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    cache_file = tmp_path / "routines.json"
    good = load(path, cache_file)
    text = cache_file.read_bytes()
    damaged = damage(text)  # type: ignore[operator]
    assert damaged != text, "the damage must change the cache"
    cache_file.write_bytes(damaged)
    assert load(path, cache_file) == good
    assert parses == ["morning.yaml", "morning.yaml"]
    assert load(path, cache_file) == good  # and the cache is good again
    assert parses == ["morning.yaml", "morning.yaml"]


def test_an_image_outside_assets_in_the_cache_is_a_miss(tmp_path: Path, parses: list[str]) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    cache_file = tmp_path / "routines.json"
    good = load(path, cache_file)
    data = json.loads(cache_file.read_bytes())
    data["steps"][0][5] = "../../etc/passwd"
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert load(path, cache_file) == good
    assert parses == ["morning.yaml", "morning.yaml"]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    path = settled(tmp_path / "morning.yaml", ROUTINE)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load(path, blocked / "routines.json").title == "Morning"
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_file_that_cannot_be_read_is_never_cached(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert FileStamp.of(folder) is None
    cache_file = tmp_path / "routines.json"
    with pytest.raises(RoutineError, match="it is a folder, not a routine file"):
        load(folder, cache_file)
    assert not cache_file.exists()


def test_the_catalog_lists_the_same_routines_from_the_cache(
    tmp_path: Path, parses: list[str]
) -> None:
    user_dir = tmp_path / "routines"
    user_dir.mkdir()
    settled(user_dir / "morning.yaml", ROUTINE)
    settled(user_dir / "broken.yaml", BROKEN)
    cache_file = tmp_path / "routines.json"
    listings = []
    for _ in range(2):
        cache = ParseCache.open(cache_file, VERSION)
        catalog = Catalog.load(user_dir, cache)
        cache.save()
        listings.append(
            [(e.id, e.title, e.routine, str(e.error)) for e in catalog.entries if not e.builtin]
        )
    assert listings[0] == listings[1]
    assert [row[0] for row in listings[1]] == ["broken", "morning"]
    assert parses.count("morning.yaml") == 1
    assert parses.count("broken.yaml") == 1


def test_validate_prints_the_same_lines_from_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    good = settled(tmp_path / "morning.yaml", ROUTINE)
    short = settled(
        tmp_path / "short.yaml",
        "title: Short\nlead_in: 1\nsteps:\n  - stretch: forward-bend\n    hold: 20\n",
    )
    broken = settled(tmp_path / "broken.yaml", BROKEN)
    files = [good, short, broken]
    assert commands.validate(files) == 1
    first = capsys.readouterr().out
    assert commands.validate(files) == 1
    assert capsys.readouterr().out == first
    assert f"{good}: OK (Morning, 2 steps, total " in first
    assert f"{short}:4:5: warning: the 1 s get-ready before 'Forward bend' is too short" in first
    assert f"{broken}:3:14: unknown stretch 'twsit'" in first
    assert sorted(parses) == ["broken.yaml", "morning.yaml", "short.yaml"]
    assert len(open_parse_cache(parse_cache_path())) == 3  # kept in the user's cache folder
