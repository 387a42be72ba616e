"""Pictures of the runner's own: the limits, their names, and how routine files name them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import parse_cache, store
from app.loader import RoutineError, load_library, load_routine_file, parse_routine
from app.pictures import (
    MAX_PICTURE_BYTES,
    MAX_PICTURE_SIDE,
    dimensions_problem,
    is_own_picture,
    missing_picture_line,
    missing_pictures,
    picture_file_name,
    relative_picture_path,
    resolved_picture_path,
    size_problem,
    suffix_problem,
)
from app.resources import bundled_library_text
from app.routine import Routine
from app.writer import routine_yaml, save_routine

LIBRARY = load_library(bundled_library_text(), "stretches.yaml")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)

OWN_STEP = (
    "title: Mine\nsteps:\n  - name: Wall push\n    instructions: Push the wall.\n"
    "    picture: {picture}\n    hold: 30s\n"
)


def write_routine(folder: Path, picture: str, name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(OWN_STEP.format(picture=picture), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["wall.png", "Wall.PNG", "w.jpg", "w.jpeg", "figure.svg"])
def test_png_jpeg_and_svg_files_may_be_your_own_picture(name: str) -> None:
    assert suffix_problem(name) is None


@pytest.mark.parametrize("name", ["notes.txt", "clip.gif", "photo.webp", "png"])
def test_other_files_are_refused_in_one_line(name: str) -> None:
    assert suffix_problem(f"/home/me/{name}") == f"“{name}” is not a PNG, JPEG or SVG picture."


def test_a_picture_over_five_megabytes_is_refused_saying_how_big_it_is() -> None:
    assert size_problem("big.png", MAX_PICTURE_BYTES) is None
    assert size_problem("big.png", MAX_PICTURE_BYTES + 1) == (
        "“big.png” is 5.0 MB: pictures can be at most 5 MB."
    )
    assert size_problem("huge.jpg", 12 * 1024 * 1024) == (
        "“huge.jpg” is 12.0 MB: pictures can be at most 5 MB."
    )


def test_a_picture_over_four_thousand_pixels_on_a_side_is_refused() -> None:
    assert dimensions_problem("p.png", MAX_PICTURE_SIDE, MAX_PICTURE_SIDE) is None
    assert dimensions_problem("p.png", 4001, 300) == (
        "“p.png” is 4001 by 300 px: pictures can be at most 4000 px on a side."
    )
    assert dimensions_problem("p.png", 300, 4001) is not None
    assert dimensions_problem("p.svg", 0, 10) == "“p.svg” has no size, so it cannot be shown."


def test_a_copied_picture_gets_a_plain_name_of_its_own() -> None:
    assert picture_file_name("Wall push (1).PNG", ()) == "wall-push-1.png"
    assert picture_file_name("photo.JPEG", ()) == "photo.jpg"
    assert picture_file_name("???.svg", ()) == "picture.svg"
    assert picture_file_name("wall.png", ["Wall.png", "wall-2.png"]) == "wall-3.png"


def test_own_pictures_are_absolute_paths_and_shipped_ones_are_not() -> None:
    assert is_own_picture("/home/me/routines/pictures/wall.png")
    assert not is_own_picture("stretches/lunge-press.svg")
    assert not is_own_picture(None)


def test_a_routine_file_names_its_pictures_relative_to_itself(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    picture = folder / "pictures" / "wall.png"
    assert relative_picture_path(picture, folder) == "pictures/wall.png"
    assert relative_picture_path(tmp_path / "wall.png", folder) == "../wall.png"
    assert resolved_picture_path("pictures/wall.png", folder) == picture
    assert resolved_picture_path("../wall.png", folder) == tmp_path / "wall.png"


def test_a_routine_with_its_picture_loads_it_from_beside_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "wall.png").write_bytes(PNG)
    routine = load_routine_file(write_routine(folder, "pictures/wall.png"), LIBRARY)
    assert routine.steps[0].image == str(folder / "pictures" / "wall.png")
    assert missing_pictures(routine) == []


def test_a_missing_picture_of_your_own_does_not_break_the_routine(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    routine = load_routine_file(write_routine(folder, "pictures/gone.png"), LIBRARY)
    assert routine.steps[0].name == "Wall push"
    assert missing_pictures(routine) == [str(folder / "pictures" / "gone.png")]
    assert missing_picture_line(routine.steps[0].image or "") == (
        "Your picture “gone.png” is missing, so none is shown."
    )


def test_a_missing_shipped_image_is_still_an_error() -> None:
    text = "title: T\nsteps:\n  - stretch: forward-bend\n    image: stretches/gone.svg\n"
    with pytest.raises(RoutineError) as raised:
        parse_routine(text, "t.yaml", LIBRARY, routine_id="t")
    assert "t.yaml:4:12: no picture 'stretches/gone.svg'" in str(raised.value)


def test_a_picture_that_is_not_png_jpeg_or_svg_is_an_error_at_its_place(tmp_path: Path) -> None:
    path = write_routine(tmp_path, "notes.txt")
    with pytest.raises(RoutineError) as raised:
        load_routine_file(path, LIBRARY)
    assert f"{path}:5:14: 'picture' must name a PNG, JPEG or SVG file" in str(raised.value)


def test_a_step_names_an_image_or_a_picture_not_both(tmp_path: Path) -> None:
    text = OWN_STEP.format(picture="wall.png") + "    image: stretches/lunge-press.svg\n"
    with pytest.raises(RoutineError) as raised:
        parse_routine(text, str(tmp_path / "t.yaml"), LIBRARY, routine_id="t")
    assert ":5:14: a step has one picture: 'image' or 'picture', not both" in str(raised.value)


def test_saving_names_the_picture_relative_to_the_file_and_loads_back(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    routine = load_routine_file(write_routine(folder, "pictures/wall.png"), LIBRARY)
    assert "    picture: pictures/wall.png\n" in routine_yaml(routine, LIBRARY, folder)
    elsewhere = tmp_path / "other" / "mine.yaml"
    save_routine(routine, LIBRARY, elsewhere)
    assert "    picture: ../routines/pictures/wall.png\n" in elsewhere.read_text("utf-8")
    assert load_routine_file(elsewhere, LIBRARY).steps == routine.steps


def test_a_library_stretch_can_show_your_own_picture_instead(tmp_path: Path) -> None:
    text = "title: T\nsteps:\n  - stretch: forward-bend\n    picture: mine.svg\n"
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    routine = load_routine_file(path, LIBRARY)
    assert routine.steps[0].image == str(tmp_path / "mine.svg")
    written = routine_yaml(routine, LIBRARY, tmp_path)
    assert "picture: mine.svg" in written
    assert "image:" not in written


def test_export_writes_the_pictures_next_to_the_routine(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "wall.png").write_bytes(PNG)
    routine = load_routine_file(write_routine(folder, "pictures/wall.png"), LIBRARY)
    destination = tmp_path / "usb" / "mine.yaml"
    store.export_routine(routine, LIBRARY, destination)
    assert (tmp_path / "usb" / "wall.png").read_bytes() == PNG
    assert "    picture: wall.png\n" in destination.read_text("utf-8")
    # Exported again, the picture already there is used, not copied a second time.
    store.export_routine(routine, LIBRARY, destination)
    assert sorted(path.name for path in (tmp_path / "usb").iterdir()) == ["mine.yaml", "wall.png"]


def test_export_never_overwrites_another_picture_of_that_name(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "wall.png").write_bytes(PNG)
    routine = load_routine_file(write_routine(folder, "pictures/wall.png"), LIBRARY)
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "wall.png").write_bytes(b"someone else's")
    store.export_routine(routine, LIBRARY, tmp_path / "usb" / "mine.yaml")
    assert (tmp_path / "usb" / "wall.png").read_bytes() == b"someone else's"
    assert (tmp_path / "usb" / "wall-2.png").read_bytes() == PNG
    assert "picture: wall-2.png" in (tmp_path / "usb" / "mine.yaml").read_text("utf-8")


def test_import_copies_the_pictures_into_your_pictures_folder(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "Wall Push.PNG").write_bytes(PNG)
    source = write_routine(usb, "Wall Push.PNG", name="shared.yaml")
    user_dir = tmp_path / "routines"
    routine = store.import_routine_file(source, LIBRARY, user_dir, ())
    copied = user_dir / "pictures" / "wall-push.png"
    assert copied.read_bytes() == PNG
    assert routine.steps[0].image == str(copied)
    assert "    picture: pictures/wall-push.png\n" in (user_dir / "shared.yaml").read_text("utf-8")
    assert load_routine_file(user_dir / "shared.yaml", LIBRARY).steps == routine.steps


def test_import_of_a_routine_whose_picture_is_missing_keeps_it_named(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    source = write_routine(usb, "gone.png", name="shared.yaml")
    user_dir = tmp_path / "routines"
    routine = store.import_routine_file(source, LIBRARY, user_dir, ())
    assert missing_pictures(routine) == [str(usb / "gone.png")]
    assert not (user_dir / "pictures").exists()


def test_a_routine_with_your_own_picture_is_answered_from_the_parse_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "routines"
    path = write_routine(folder, "pictures/wall.png")
    an_hour_ago = path.stat().st_mtime - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))  # settled: old enough to be cached
    parsed: list[str] = []
    real = parse_routine

    def counted(data: str | bytes, name: str, *args: object, **kwargs: object) -> Routine:
        parsed.append(name)
        return real(data, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_cache, "parse_routine", counted)
    version = parse_cache.cache_version(bundled_library_text())
    routines = []
    for _ in range(2):
        cache = parse_cache.ParseCache.open(tmp_path / "cache.json", version)
        routines.append(parse_cache.load_routine_file_cached(path, LIBRARY, cache))
        cache.save()
    assert parsed == [str(path)]
    assert routines[1] == routines[0]
    assert routines[1].steps[0].image == str(folder / "pictures" / "wall.png")


def test_every_refusal_of_a_picture_is_translated() -> None:
    from tests.pseudo import pseudo_locale, untranslated

    with pseudo_locale():
        lines = [
            suffix_problem("photo.gif"),
            size_problem("photo.png", MAX_PICTURE_BYTES + 1),
            dimensions_problem("photo.png", 0, 10),
            dimensions_problem("photo.png", MAX_PICTURE_SIDE + 1, 10),
            missing_picture_line("/home/me/photo.png"),
        ]
    assert None not in lines
    assert untranslated([line or "" for line in lines], allowed={"photo.gif", "photo.png"}) == []


def test_a_pictures_size_is_written_as_the_runners_language_writes_numbers() -> None:
    from app import i18n

    size = MAX_PICTURE_BYTES + 512 * 1024  # half a megabyte over
    limit = MAX_PICTURE_BYTES // (1024 * 1024)
    with i18n.installed(i18n.ENGLISH):
        i18n.install_language("de")
        line = size_problem("foto.png", size)
    assert line == f"„foto.png“ hat {limit},5 MB: Bilder dürfen höchstens {limit} MB groß sein."
