"""The catalog of shipped and user routines, and the bundled resources behind it."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from app import resources, store
from app.loader import RoutineError, load_routine_file
from app.paths import user_routines_dir
from app.regions import Region
from app.resources import (
    asset_bytes,
    asset_exists,
    bundled_library_text,
    bundled_routine_files,
    split_asset_path,
)
from app.store import Catalog, CatalogEntry

ROUTINE = "title: {title}\nsteps:\n  - stretch: forward-bend\n    hold: 20s\n"
INLINE = (
    "title: {title}\nsteps:\n"
    "  - name: Move\n    instructions: Move.\n    region: {region}\n    hold: 10\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "user-routines"


# --- resources ---------------------------------------------------------------------------------


def test_bundled_routine_files_are_sorted_and_leave_out_the_library() -> None:
    names = [file.name for file in bundled_routine_files()]
    assert names == sorted(names)
    assert "full-warmup.yaml" in names
    assert "stretches.yaml" not in names
    assert all(name.endswith(".yaml") for name in names)


def test_bundled_library_text_is_the_shipped_library() -> None:
    text = bundled_library_text()
    assert isinstance(text, bytes)
    assert b"lunge-press:" in text


def test_assets_are_read_from_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path / "stretches", "x.svg", "<svg/>")
    monkeypatch.setattr(resources, "_assets_folder", lambda: tmp_path)
    assert asset_exists("stretches/x.svg")
    assert asset_bytes("stretches/x.svg") == b"<svg/>"
    assert not asset_exists("stretches/missing.svg")
    with pytest.raises(FileNotFoundError, match=r"stretches/missing\.svg"):
        asset_bytes("stretches/missing.svg")


@pytest.mark.parametrize("relative", ["../pyproject.toml", "/etc/passwd", "a\\b.svg", ""])
def test_asset_paths_cannot_leave_assets(relative: str) -> None:
    assert not asset_exists(relative)
    with pytest.raises(FileNotFoundError):
        asset_bytes(relative)
    with pytest.raises(ValueError, match=r"."):
        split_asset_path(relative)


# --- the user's folder -------------------------------------------------------------------------


def test_user_routines_live_in_the_xdg_data_folder(user_dirs: Path) -> None:
    assert user_routines_dir() == user_dirs / ".local/share/limber/routines"


# --- loading the catalog -----------------------------------------------------------------------


def test_every_shipped_routine_loads(user_dir: Path) -> None:
    catalog = Catalog.load(user_dir)
    broken = [str(entry.error) for entry in catalog.entries if entry.error is not None]
    assert broken == []
    assert len(catalog.entries) == len(bundled_routine_files())
    assert all(entry.builtin and entry.routine is not None for entry in catalog.entries)
    assert all(entry.routine.builtin for entry in catalog.entries if entry.routine)
    assert catalog.entries[0].id == "full-warmup"
    assert "lunge-press" in catalog.library


def test_user_routines_come_after_the_shipped_ones_by_title(user_dir: Path) -> None:
    write(user_dir, "a.yaml", ROUTINE.format(title="Zulu"))
    write(user_dir, "b.yaml", ROUTINE.format(title="alpha"))
    entries = Catalog.load(user_dir).entries
    shipped = len(bundled_routine_files())
    assert all(entry.builtin for entry in entries[:shipped])
    assert [(entry.id, entry.title, entry.builtin) for entry in entries[shipped:]] == [
        ("b", "alpha", False),
        ("a", "Zulu", False),
    ]
    routine = entries[-1].routine
    assert routine is not None
    assert (routine.builtin, routine.source) == (False, user_dir / "a.yaml")


def test_a_user_file_replaces_the_shipped_routine_with_its_id(user_dir: Path) -> None:
    path = write(user_dir, "full-warmup.yaml", ROUTINE.format(title="My warm-up"))
    catalog = Catalog.load(user_dir)
    matching = [entry for entry in catalog.entries if entry.id == "full-warmup"]
    assert len(matching) == 1
    (entry,) = matching
    assert (entry.title, entry.builtin, entry.path) == ("My warm-up", False, str(path))
    assert catalog.get("full-warmup") == entry


def test_a_file_over_the_cap_is_one_line_of_error_and_the_others_are_all_there(
    user_dir: Path,
) -> None:
    huge = write(user_dir, "huge.yaml", ROUTINE.format(title="Huge") + "#" * (256 * 1024))
    write(user_dir, "bad.yaml", "title: Bad\nsteps: [\n")
    write(user_dir, "good.yaml", ROUTINE.format(title="Good"))
    catalog = Catalog.load(user_dir)
    entry = catalog.get("huge")
    assert entry is not None
    assert entry.routine is None
    assert str(entry.error) == (
        f"{huge}:1:1: file is larger than 256 KiB: routine files are small text files"
    )
    bad = catalog.get("bad")
    assert bad is not None
    assert bad.error is not None
    good = catalog.get("good")
    assert good is not None
    assert good.routine is not None
    assert good.routine.title == "Good"
    assert len(catalog.entries) == len(bundled_routine_files()) + 3


def test_a_broken_entry_keeps_its_problems_and_not_the_parse(user_dir: Path) -> None:
    """A traceback (or the YAML error replaced) would keep the file's nodes alive."""
    write(user_dir, "bad.yaml", "title: &t Bad\nsummary: *t\nsteps: [\n")
    entry = Catalog.load(user_dir).get("bad")
    assert entry is not None
    assert entry.error is not None
    assert len(entry.error.problems) == 2
    assert entry.error.__traceback__ is None
    assert entry.error.__context__ is None


def test_a_broken_user_file_is_an_entry_with_its_error(user_dir: Path) -> None:
    path = write(
        user_dir, "oops.yaml", "title: Oops\nsteps:\n  - stretch: forward-bend\n    hodl: 3\n"
    )
    entry = Catalog.load(user_dir).get("oops")
    assert entry is not None
    assert (entry.routine, entry.builtin, entry.title) == (None, False, "oops.yaml")
    assert entry.error is not None
    assert [str(problem) for problem in entry.error.problems] == [
        f"{path}:4:5: unknown key 'hodl' (did you mean 'hold'?)"
    ]


def test_a_missing_user_folder_is_fine(tmp_path: Path) -> None:
    catalog = Catalog.load(tmp_path / "does" / "not" / "exist")
    assert all(entry.builtin for entry in catalog.entries)


def test_hidden_files_and_a_user_stretch_library_are_not_routines(user_dir: Path) -> None:
    write(user_dir, ".#draft.yaml", "not: a routine")
    write(user_dir, "stretches.yaml", "lunge-press: {}")
    write(user_dir, "notes.txt", "hello")
    assert all(entry.builtin for entry in Catalog.load(user_dir).entries)


def test_a_broken_shipped_library_is_a_bug_and_raises(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user_dir: Path
) -> None:
    broken = write(tmp_path, "stretches.yaml", "lunge-press:\n  name: [\n")
    monkeypatch.setattr(store, "bundled_library_file", lambda: broken)
    with pytest.raises(RoutineError, match=r"stretches\.yaml:3:1: invalid YAML"):
        Catalog.load(user_dir)


def test_shipped_routines_go_whole_body_first_then_head_to_toe(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user_dir: Path
) -> None:
    shipped = tmp_path / "shipped"
    every_region = "[trunk-hips, waist, thighs-knees, calves-achilles, feet-ankles]"
    files: list[Traversable] = [
        write(shipped, "aaa-feet.yaml", INLINE.format(title="Feet", region="feet-ankles")),
        write(shipped, "broken.yaml", "title: [\n"),
        write(shipped, "full-warmup.yaml", INLINE.format(title="Full", region=every_region)),
        write(shipped, "quick.yaml", INLINE.format(title="Quick", region=every_region)),
        write(shipped, "waist.yaml", INLINE.format(title="Waist", region="[waist, feet-ankles]")),
    ]
    monkeypatch.setattr(store, "bundled_routine_files", lambda: files)
    entries = Catalog.load(user_dir).entries
    assert [entry.id for entry in entries] == [
        "full-warmup",
        "quick",
        "waist",
        "aaa-feet",
        "broken",
    ]
    assert entries[-1].error is not None
    waist = entries[2].routine
    assert waist is not None
    assert waist.regions == (Region.WAIST, Region.FEET_ANKLES)


# --- looking routines up -----------------------------------------------------------------------


def test_get_returns_none_for_an_unknown_id(user_dir: Path) -> None:
    assert Catalog.load(user_dir).get("no-such-routine") is None


def test_resolve_takes_an_id(user_dir: Path) -> None:
    catalog = Catalog.load(user_dir)
    assert catalog.resolve("full-warmup") is catalog.get("full-warmup")


def test_resolve_loads_an_existing_file_as_it_is(tmp_path: Path, user_dir: Path) -> None:
    path = write(tmp_path / "elsewhere", "tonight.yaml", ROUTINE.format(title="Tonight"))
    entry = Catalog.load(user_dir).resolve(str(path))
    assert (entry.id, entry.title, entry.path, entry.builtin) == (
        "tonight",
        "Tonight",
        str(path),
        False,
    )


def test_resolve_keeps_the_error_of_a_broken_file(tmp_path: Path, user_dir: Path) -> None:
    path = write(tmp_path, "bad.yaml", "title: Bad\n")
    entry = Catalog.load(user_dir).resolve(str(path))
    assert entry.routine is None
    assert str(entry.error) == f"{path}:1:1: the routine is missing 'steps' (a list of stretches)"


def test_resolve_names_the_known_ids_for_an_unknown_one(user_dir: Path) -> None:
    catalog = Catalog.load(user_dir)
    with pytest.raises(LookupError) as info:
        catalog.resolve("full-warmpu")
    message = str(info.value)
    assert message.startswith(
        "no routine 'full-warmpu': not a file, and not one of the known ids: "
    )
    assert all(entry.id in message for entry in catalog.entries)
    assert message.endswith("Did you mean 'full-warmup'?")


def test_an_entry_title_is_the_file_name_when_broken() -> None:
    error = RoutineError([])
    assert CatalogEntry("x", "/some/where/x.yaml", False, None, error).title == "x.yaml"


# --- saving, importing, exporting and deleting the runner's routines ----------------------------


def test_save_user_routine_writes_id_yaml_and_refuses_shipped(user_dir: Path) -> None:
    from app import editing

    catalog = Catalog.load(user_dir)
    shipped = catalog.get("waist")
    assert shipped is not None
    assert shipped.routine is not None
    with pytest.raises(ValueError, match="shipped"):
        store.save_user_routine(shipped.routine, catalog.library, user_dir)
    copy = editing.editable_copy(shipped.routine, [entry.id for entry in catalog.entries])
    path = store.save_user_routine(copy, catalog.library, user_dir)
    assert path == user_dir / "waist-mine.yaml"
    entry = Catalog.load(user_dir).get("waist-mine")
    assert entry is not None
    assert entry.routine == copy
    assert entry.routine.title == f"{shipped.routine.title} (my version)"


def test_import_copies_a_valid_file_unchanged_under_a_free_id(
    user_dir: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "downloads", "waist.yaml", "# mine\n" + ROUTINE.format(title="W"))
    catalog = Catalog.load(user_dir)
    taken = [entry.id for entry in catalog.entries]
    routine = store.import_routine_file(source, catalog.library, user_dir, taken)
    assert routine.id == "waist-2"  # never replaces the shipped "waist"
    assert (user_dir / "waist-2.yaml").read_bytes() == source.read_bytes()
    assert Catalog.load(user_dir).get("waist-2") is not None


def test_import_refuses_a_broken_file_with_positioned_errors(
    user_dir: Path, tmp_path: Path
) -> None:
    source = write(
        tmp_path, "bad.yaml", "title: Bad\nsteps:\n  - stretch: forward-bend\n    hodl: 5\n"
    )
    catalog = Catalog.load(user_dir)
    with pytest.raises(RoutineError) as caught:
        store.import_routine_file(source, catalog.library, user_dir, [])
    assert f"{source}:4:5: unknown key 'hodl' (did you mean 'hold'?)" in str(caught.value)
    assert not user_dir.exists()
    with pytest.raises(RoutineError, match="cannot read file"):
        store.import_routine_file(tmp_path / "missing.yaml", catalog.library, user_dir, [])


def test_export_writes_a_loadable_file_and_delete_can_be_undone(
    user_dir: Path, tmp_path: Path
) -> None:
    write(user_dir, "mine.yaml", ROUTINE.format(title="Mine"))
    catalog = Catalog.load(user_dir)
    entry = catalog.get("mine")
    assert entry is not None
    assert entry.routine is not None
    exported = tmp_path / "out" / "shared.yaml"
    store.export_routine(entry.routine, catalog.library, exported)
    assert load_routine_file(exported, catalog.library) == replace(entry.routine, id="shared")
    data = store.delete_user_routine(entry)
    assert not (user_dir / "mine.yaml").exists()
    store.restore_user_routine(user_dir / "mine.yaml", data)
    assert (user_dir / "mine.yaml").read_text(encoding="utf-8") == ROUTINE.format(title="Mine")
    shipped = catalog.get("waist")
    assert shipped is not None
    with pytest.raises(ValueError, match="cannot be deleted"):
        store.delete_user_routine(shipped)


# --- strange files and names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".hidden.yaml", "hidden"),  # listed, not invisible
        ("stretches.yaml", "stretches-2"),  # the library's name is never a routine's
        ("UPPER.YAML", "UPPER"),  # not UPPER.YAML.yaml
        ("Mine.yml", "Mine"),
        ("...", "imported"),
    ],
)
def test_import_gives_a_visible_name_that_the_catalog_lists(
    user_dir: Path, tmp_path: Path, name: str, expected: str
) -> None:
    source = write(tmp_path / "downloads", name, ROUTINE.format(title="Imported"))
    catalog = Catalog.load(user_dir)
    taken = [entry.id for entry in catalog.entries]
    routine = store.import_routine_file(source, catalog.library, user_dir, taken)
    assert routine.id == expected
    listed = Catalog.load(user_dir).get(expected)
    assert listed is not None
    assert listed.routine is not None
    assert listed.title == "Imported"


def test_a_second_import_never_overwrites_a_file_the_catalog_does_not_list(
    user_dir: Path, tmp_path: Path
) -> None:
    hidden = write(user_dir, "hidden.yaml", "not a routine, but someone's file")
    source = write(tmp_path, ".hidden.yaml", ROUTINE.format(title="H"))
    catalog = Catalog.load(user_dir)
    first = store.import_routine_file(source, catalog.library, user_dir, [])
    second = store.import_routine_file(source, catalog.library, user_dir, [])
    assert (first.id, second.id) == ("hidden-2", "hidden-3")
    assert hidden.read_text(encoding="utf-8") == "not a routine, but someone's file"


def test_an_imported_name_too_long_for_the_file_system_is_shortened(
    user_dir: Path, tmp_path: Path
) -> None:
    source = write(tmp_path, "é" * 120 + ".yaml", ROUTINE.format(title="Long"))
    catalog = Catalog.load(user_dir)
    routine = store.import_routine_file(source, catalog.library, user_dir, [])
    assert len(routine.id.encode("utf-8")) <= store.MAX_ID_BYTES
    assert Catalog.load(user_dir).get(routine.id) is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_routines_folder_is_reported_in_one_line(user_dir: Path) -> None:
    write(user_dir, "mine.yaml", ROUTINE.format(title="Mine"))
    user_dir.chmod(0)
    try:
        catalog = Catalog.load(user_dir)
    finally:
        user_dir.chmod(0o755)
    assert catalog.problem == (
        f"Your routines folder cannot be read (Permission denied): {user_dir}"
    )
    assert all(entry.builtin for entry in catalog.entries)  # the shipped ones still work


def test_an_unreadable_routines_folder_is_reported_even_as_root(
    user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(user_dir, "mine.yaml", ROUTINE.format(title="Mine"))
    real_scandir = os.scandir

    def refused(path: object) -> object:
        if Path(str(path)) == user_dir:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refused)
    catalog = Catalog.load(user_dir)
    assert catalog.problem == (
        f"Your routines folder cannot be read (Permission denied): {user_dir}"
    )
    assert Catalog.load(user_dir.parent / "missing").problem is None


def test_temporary_files_left_by_a_crashed_save_are_removed_when_old(user_dir: Path) -> None:
    stale = write(user_dir, ".mine.yaml.ab12_xyz.tmp", "half a routine")
    fresh = write(user_dir, ".mine.yaml.qwertyui.tmp", "a save under way")
    not_ours = write(user_dir, ".mine.yaml.tmp", "someone else's")
    also_not_ours = write(user_dir, "notes.ab12_xyz.tmp", "not hidden: not ours")
    hour_ago = time.time() - 2 * 3600
    for path in (stale, not_ours, also_not_ours):
        os.utime(path, (hour_ago, hour_ago))
    Catalog.load(user_dir)
    assert not stale.exists()
    assert fresh.exists()
    assert not_ours.exists()
    assert also_not_ours.exists()


def test_a_file_name_that_is_not_utf8_is_listed_with_what_to_do(user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    name = os.fsdecode(b"caf\xe9.yaml")
    (user_dir / name).write_text(ROUTINE.format(title="Cafe"), encoding="utf-8")
    entry = Catalog.load(user_dir).get("caf\ufffd")
    assert entry is not None
    assert entry.routine is None
    assert entry.error is not None
    assert entry.error.problems[0].message == (
        "the file name is not valid UTF-8: rename the file to use it"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_the_folder_is_a_broken_entry_not_a_hang(user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    os.mkfifo(user_dir / "pipe.yaml")
    write(user_dir, "mine.yaml", ROUTINE.format(title="Mine"))
    catalog = Catalog.load(user_dir)
    pipe = catalog.get("pipe")
    assert pipe is not None
    assert pipe.error is not None
    assert "it is a named pipe, not a routine file" in str(pipe.error)
    mine = catalog.get("mine")
    assert mine is not None
    assert mine.routine is not None


def test_a_routine_whose_picture_is_missing_is_listed_with_the_problem(user_dir: Path) -> None:
    write(
        user_dir,
        "pictured.yaml",
        "title: P\nsteps:\n  - stretch: forward-bend\n    hold: 20s\n"
        "    image: stretches/forward-bnd.svg\n",
    )
    entry = Catalog.load(user_dir).get("pictured")
    assert entry is not None
    assert entry.error is not None
    assert str(entry.error).endswith(
        ":5:12: no picture 'stretches/forward-bnd.svg' in assets/ "
        "(did you mean 'stretches/forward-bend.svg'?)"
    )


def test_resolve_says_in_one_line_that_an_over_long_path_cannot_be_a_file(user_dir: Path) -> None:
    catalog = Catalog.load(user_dir)
    long = "x" * 300 + ".yaml"
    with pytest.raises(LookupError) as caught:
        catalog.resolve(long)
    assert (
        str(caught.value) == f"no routine '{long}': it cannot be a file name (File name too long)"
    )
