"""The editor's step form: the selected step's fields, and a picture file of your own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.regions import Region
from app.routine import Hold, Reps, format_duration
from app.session import total_seconds
from app.store import Catalog
from app.ui.editor import RoutineEditor
from tests.ui.editor_helpers import FakeDialogs, make_editor, make_user_dir, saved


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


def test_the_form_cue_can_be_changed_and_is_saved_as_an_override(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)
    assert editor.step_form.cue_edit.toPlainText() == catalog.library["lunge-press"].cue
    editor.step_form.cue_edit.clear()
    qtbot.keyClicks(editor.step_form.cue_edit, "Chest up, hips square.")
    assert editor.save()
    text = (catalog.user_dir / "two-step.yaml").read_text(encoding="utf-8")
    assert "cue: Chest up, hips square." in text
    assert "stretch: lunge-press" in text  # still the library stretch, cue overridden
    assert saved(catalog, "two-step").steps[0].cue == "Chest up, hips square."
    assert editor.undo_stack.text(editor.undo_stack.count() - 1) == "Change form cue"


def test_tempo_shows_for_reps_only_and_is_saved(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)  # a hold
    assert not editor.step_form.tempo_spin.isVisible()
    editor.steps_list.setCurrentRow(1)  # 4 reps at 2 s
    assert editor.step_form.tempo_spin.isVisible()
    assert editor.step_form.tempo_spin.value() == 2.0
    editor.step_form.tempo_spin.setValue(3.5)
    assert editor.total_label.text() == f"Total {format_duration(total_seconds(editor.routine()))}"
    assert editor.save()
    assert saved(catalog, "two-step").steps[1].dose == Reps(4, 3.5)
    editor.undo_stack.undo()
    assert editor.routine().steps[1].dose == Reps(4, 2.0)
    assert editor.step_form.tempo_spin.value() == 2.0


def test_voice_text_and_picture_override_a_library_stretch(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)  # the lunge press
    assert editor.step_form.say_edit.text() == catalog.library["lunge-press"].say
    assert editor.step_form.picture_combo.currentText() == "Lunge press"
    no_picture = editor.step_form.picture_combo.model().index(0, 0)
    assert no_picture.data() == "No picture"
    assert not no_picture.flags() & Qt.ItemFlag.ItemIsEnabled  # a file can't say "none"
    editor.step_form.say_edit.clear()
    qtbot.keyClicks(editor.step_form.say_edit, "Lunge, and breathe")
    row = editor.step_form.picture_combo.findText("Walking lunges")
    assert row > 0
    editor.step_form.picture_combo.setCurrentIndex(row)
    editor.step_form.picture_combo.activated.emit(row)  # what choosing it with the mouse sends
    assert editor.step_form.step_picture.image() == "stretches/walking-lunges.svg"
    assert editor.save()
    text = (catalog.user_dir / "two-step.yaml").read_text(encoding="utf-8")
    assert "say: Lunge, and breathe" in text
    assert "image: stretches/walking-lunges.svg" in text
    step = saved(catalog, "two-step").steps[0]
    assert (step.say, step.image, step.stretch_id) == (
        "Lunge, and breathe",
        "stretches/walking-lunges.svg",
        "lunge-press",
    )
    # A library stretch's regions come from the library.
    assert not editor.step_form.region_checks[Region.TRUNK_HIPS].isEnabled()
    assert editor.step_form.region_checks[Region.TRUNK_HIPS].isChecked()


def test_renaming_a_library_stretch_renames_it_in_the_voice_unless_you_wrote_the_words(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)  # the lunge press
    editor.step_form.name_edit.clear()
    qtbot.keyClicks(editor.step_form.name_edit, "Split squat")
    library_say = catalog.library["lunge-press"].say
    assert library_say is not None
    assert editor.routine().steps[0].say == "Split squat" + library_say[len("Lunge press") :]
    assert editor.step_form.say_edit.text() == editor.routine().steps[0].say
    assert editor.save()
    text = (catalog.user_dir / "two-step.yaml").read_text(encoding="utf-8")
    assert "name: Split squat" in text
    assert "say:" not in text  # renamed again in the file, the voice follows again
    editor.step_form.say_edit.clear()
    qtbot.keyClicks(editor.step_form.say_edit, "Down and up")
    editor.step_form.name_edit.clear()
    qtbot.keyClicks(editor.step_form.name_edit, "Lunge")
    assert editor.routine().steps[0].say == "Down and up"


def test_your_own_stretch_gets_regions_and_a_picture(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(1)  # added after the selected step
    qtbot.keyClicks(editor.library_panel.custom_name_edit, "Wall calf stretch")
    qtbot.keyClicks(
        editor.library_panel.custom_instructions_edit, "Lean into a wall, back heel down."
    )
    editor.library_panel.add_custom_step()
    assert editor.steps_list.currentRow() == 2
    assert editor.step_form.picture_combo.currentText() == "No picture"
    assert editor.step_form.picture_combo.model().index(0, 0).flags() & Qt.ItemFlag.ItemIsEnabled
    calves = editor.step_form.region_checks[Region.CALVES_ACHILLES]
    assert calves.isEnabled()
    calves.setChecked(True)
    editor.step_form.region_checks[Region.FEET_ANKLES].setChecked(True)
    row = editor.step_form.picture_combo.findText("Bent-knee calf raise")
    editor.step_form.picture_combo.setCurrentIndex(row)
    editor.step_form.picture_combo.activated.emit(row)
    assert editor.save()
    step = saved(catalog, "two-step").steps[2]
    assert step.stretch_id is None
    assert step.regions == (Region.CALVES_ACHILLES, Region.FEET_ANKLES)
    assert step.image == "stretches/bent-knee-calf-raise.svg"
    editor.undo_stack.undo()  # the picture
    editor.undo_stack.undo()  # the feet
    assert editor.routine().steps[2].regions == (Region.CALVES_ACHILLES,)
    assert not editor.step_form.region_checks[Region.FEET_ANKLES].isChecked()


def test_switching_a_hold_to_reps_and_back_keeps_about_the_same_time(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)  # the lunge press, held 20 s a side
    assert (editor.step_form.kind_combo.currentText(), editor.step_form.hold_spin.value()) == (
        "Hold",
        20,
    )
    editor.step_form.kind_combo.setFocus()
    qtbot.keyClick(editor.step_form.kind_combo, Qt.Key.Key_Down)  # to "Reps"
    # 20 s becomes 10 reps at the default 2 s each: the total stays 1:01.
    assert editor.routine().steps[0].dose == Reps(10, 2.0)
    assert editor.step_form.reps_spin.isVisible()
    assert editor.step_form.tempo_spin.isVisible()
    assert not editor.step_form.hold_spin.isVisible()
    assert editor.step_form.reps_spin.value() == 10
    assert editor.total_label.text() == "Total 1:01"
    editor.step_form.reps_spin.setValue(15)
    qtbot.keyClick(editor.step_form.kind_combo, Qt.Key.Key_Up)  # back to "Hold": 15 x 2 s
    assert editor.routine().steps[0].dose == Hold(30.0)
    assert editor.step_form.hold_spin.isVisible()
    assert not editor.step_form.reps_spin.isVisible()
    assert editor.step_form.hold_spin.value() == 30
    assert editor.save()
    assert saved(catalog, "two-step").steps[0].dose == Hold(30.0)
