"""The editor's step form: a picture file of the runner's own for their own stretch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.routine import Hold
from app.store import Catalog
from app.ui.editor import RoutineEditor
from tests.ui.editor_helpers import FakeDialogs, make_editor, make_user_dir, saved


@pytest.fixture
def fake() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog.load(make_user_dir(tmp_path))


def own_stretch(qtbot: QtBot, catalog: Catalog, fake: FakeDialogs) -> RoutineEditor:
    """An editor with a stretch of the runner's own added and selected (step 3)."""
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(1)
    qtbot.keyClicks(editor.library_panel.custom_name_edit, "Wall push")
    qtbot.keyClicks(editor.library_panel.custom_instructions_edit, "Push the wall away.")
    editor.library_panel.add_custom_step()
    assert editor.current_index() == 2
    return editor


def red_png(path: Path, width: int = 40, height: int = 40) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.red))
    assert image.save(str(path))
    return path


def test_your_own_picture_is_copied_in_shown_and_saved_relative_to_the_routine(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, tmp_path: Path
) -> None:
    editor = own_stretch(qtbot, catalog, fake)
    form = editor.step_form
    assert form.picture_file_button.isEnabled()
    fake.picture_path = red_png(tmp_path / "My Wall Push.png")
    copied = catalog.user_dir / "pictures" / "my-wall-push.png"
    qtbot.mouseClick(form.picture_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.routine().steps[2].image == str(copied))
    assert copied.read_bytes() == fake.picture_path.read_bytes()
    assert form.picture_combo.currentText() == "my-wall-push.png"
    qtbot.waitUntil(lambda: form.step_picture.image() == str(copied))  # the preview
    assert editor.save()
    text = (catalog.user_dir / "two-step.yaml").read_text(encoding="utf-8")
    assert "    picture: pictures/my-wall-push.png\n" in text
    step = saved(catalog, "two-step").steps[2]
    assert (step.name, step.image, step.dose) == ("Wall push", str(copied), Hold(30))
    editor.undo_stack.undo()
    assert editor.routine().steps[2].image is None


def test_a_picture_too_large_is_refused_in_one_line_and_changes_nothing(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, tmp_path: Path
) -> None:
    editor = own_stretch(qtbot, catalog, fake)
    before = editor.routine()
    fake.picture_path = red_png(tmp_path / "panorama.png", 4100, 10)
    qtbot.mouseClick(editor.step_form.picture_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(fake.errors))
    assert fake.errors == [
        (
            "Picture not used",
            "“panorama.png” is 4100 by 10 px: pictures can be at most 4000 px on a side.",
        )
    ]
    assert editor.routine() == before
    assert not (catalog.user_dir / "pictures").exists()
    assert editor.status_label.text() == "Unsaved changes"


def test_a_file_that_is_not_a_picture_is_refused(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, tmp_path: Path
) -> None:
    editor = own_stretch(qtbot, catalog, fake)
    fake.picture_path = tmp_path / "notes.jpg"
    fake.picture_path.write_text("not a photo", encoding="utf-8")
    qtbot.mouseClick(editor.step_form.picture_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(fake.errors))
    assert fake.errors[0][1] == "“notes.jpg” is not a PNG or JPEG picture that can be read."
    assert editor.routine().steps[2].image is None


def test_a_library_stretch_keeps_to_the_library_pictures(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)
    assert not editor.step_form.picture_file_button.isEnabled()


def test_a_saved_picture_gone_missing_leaves_the_routine_editable(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, tmp_path: Path
) -> None:
    editor = own_stretch(qtbot, catalog, fake)
    fake.picture_path = red_png(tmp_path / "wall.png")
    copied = catalog.user_dir / "pictures" / "wall.png"
    qtbot.mouseClick(editor.step_form.picture_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.routine().steps[2].image == str(copied))
    assert editor.save()
    editor.close()
    copied.unlink()
    reopened = make_editor(qtbot, Catalog.load(catalog.user_dir), "two-step", fake)
    reopened.steps_list.setCurrentRow(2)
    picture = reopened.step_form.step_picture
    qtbot.waitUntil(lambda: picture.missing_line() != "")
    assert picture.missing_line() == "Your picture “wall.png” is missing, so none is shown."
    assert reopened.step_form.picture_combo.currentText() == "wall.png"
