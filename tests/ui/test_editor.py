"""The routine editor, driven through its widgets."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from app.regions import Region
from app.routine import Hold, Reps, format_duration
from app.session import total_seconds
from app.settings import Options, Settings
from app.store import Catalog
from app.timing import TimingOverrides, session_seconds
from app.ui.editor import MIN_EDITOR_SIZE
from app.ui.editor_dialogs import UnsavedChoice
from app.ui.main_window import MainWindow
from app.ui.naming import id_from_title
from tests.ui.editor_helpers import (
    FakeDialogs,
    click,
    listed_ids,
    make_editor,
    make_user_dir,
    open_editor,
    open_window,
    saved,
    step_names,
)


@pytest.fixture
def fake() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return make_user_dir(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings) -> MainWindow:
    return open_window(qtbot, user_dir, fake, settings)


@pytest.fixture
def catalog(user_dir: Path) -> Catalog:
    return Catalog.load(user_dir)


def test_changing_a_hold_updates_the_total_and_saves(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    assert editor.total_label.text() == "Total 1:01"
    editor.steps_list.setCurrentRow(0)
    editor.step_form.hold_spin.setValue(25)  # both sides: +10 s in all
    assert editor.total_label.text() == "Total 1:11"
    assert editor.total_label.text() == f"Total {format_duration(total_seconds(editor.routine()))}"
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    text = (catalog.user_dir / "two-step.yaml").read_text(encoding="utf-8")
    assert "hold: 25s" in text
    assert saved(catalog, "two-step").steps[0].dose == Hold(25)
    assert saved(catalog, "two-step") == editor.routine()
    assert not editor.save_button.isEnabled()
    assert fake.errors == []


def test_reps_sides_rest_lead_in_and_rename(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(1)
    assert editor.step_form.reps_spin.isVisible()
    assert not editor.step_form.hold_spin.isVisible()
    editor.step_form.reps_spin.setValue(9)
    editor.step_form.sides_check.setChecked(True)
    editor.steps_list.setCurrentRow(0)
    editor.step_form.step_rest_spin.setValue(0)
    editor.lead_in_spin.setValue(0)
    editor.rest_spin.setValue(7)
    editor.title_edit.clear()
    qtbot.keyClicks(editor.title_edit, "Short one")
    assert editor.save()
    routine = saved(catalog, "two-step")
    assert routine.title == "Short one"
    assert routine.steps[1].dose == Reps(9, 2.0)
    assert routine.steps[1].sides.value == "both"
    assert (routine.steps[0].rest, routine.lead_in, routine.rest) == (0.0, 0.0, 7.0)
    # Typing a title is one undoable edit, not one per letter.
    texts = [editor.undo_stack.text(i) for i in range(editor.undo_stack.count())]
    assert texts.count("Rename") == 1


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


def test_reorder_by_keyboard_and_by_drag_and_drop(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    first, second = step_names(editor)
    editor.steps_list.setCurrentRow(0)
    editor.steps_list.setFocus()
    qtbot.keyClick(editor.steps_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert step_names(editor) == [second, first]
    assert editor.current_index() == 1
    # A drop in the list moves the row in its model, as dragging does.
    model = editor.steps_list.model()
    assert model.moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert step_names(editor) == [first, second]
    assert editor.steps_list.item(0).text().startswith(f"1. {first}")
    editor.undo_stack.undo()
    assert step_names(editor) == [second, first]
    assert editor.steps_list.item(0).text().startswith(f"1. {second}")


def test_a_dragged_order_is_the_order_saved(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    first, second = step_names(editor)
    assert editor.steps_list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert editor.status_label.text() == "Unsaved changes"
    assert editor.save()
    assert [step.name for step in saved(catalog, "two-step").steps] == [second, first]


def test_a_dragged_order_that_cannot_be_saved_keeps_the_file_and_the_order(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalog.user_dir / "two-step.yaml"
    before = path.read_bytes()
    editor = make_editor(qtbot, catalog, "two-step", fake)
    first, second = step_names(editor)
    assert editor.steps_list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)

    def refused(source: object, target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert path.read_bytes() == before
    assert sorted(p.name for p in catalog.user_dir.iterdir()) == ["two-step.yaml"]
    assert fake.errors[0][0] == "Not saved"
    assert "Permission denied" in fake.errors[0][1]
    assert step_names(editor) == [second, first]
    assert editor.steps_list.item(0).text().startswith(f"1. {second}")
    assert editor.status_label.text() == "Unsaved changes"
    monkeypatch.undo()
    assert editor.save()
    assert [step.name for step in saved(catalog, "two-step").steps] == [second, first]


def test_return_in_the_library_search_adds_the_stretch_found(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.steps_list.setCurrentRow(0)
    qtbot.keyClicks(editor.library_panel.search_edit, "forward")
    qtbot.keyClick(editor.library_panel.search_edit, Qt.Key.Key_Return)
    assert step_names(editor)[1] == "Forward bend"
    assert editor.isVisible()  # Return pressed no button: the editor is still open


def test_add_from_the_searchable_library_and_inline_then_remove(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    qtbot.keyClicks(editor.library_panel.search_edit, "forward bend")
    shown = [
        editor.library_panel.library_list.item(row)
        for row in range(editor.library_panel.library_list.count())
        if not editor.library_panel.library_list.item(row).isHidden()
    ]
    assert [item.text().split("\n")[0] for item in shown] == ["Forward bend"]
    assert "Waist" in shown[0].text()
    assert not shown[0].icon().isNull()
    editor.steps_list.setCurrentRow(0)
    qtbot.mouseClick(editor.library_panel.add_button, Qt.MouseButton.LeftButton)
    assert step_names(editor)[1] == "Forward bend"
    assert editor.current_index() == 1
    qtbot.keyClicks(editor.library_panel.custom_name_edit, "Skips")
    qtbot.keyClicks(editor.library_panel.custom_instructions_edit, "Skip lightly.")
    qtbot.mouseClick(editor.library_panel.custom_button, Qt.MouseButton.LeftButton)
    assert step_names(editor)[2] == "Skips"
    assert editor.save()
    routine = saved(catalog, "two-step")
    assert [step.name for step in routine.steps] == step_names(editor)
    assert routine.steps[2].stretch_id is None
    editor.steps_list.setCurrentRow(2)
    editor.steps_list.setFocus()
    qtbot.keyClick(editor.steps_list, Qt.Key.Key_Delete)
    assert "Skips" not in step_names(editor)
    assert editor.save_button.isEnabled()


def test_undo_and_redo_with_the_keyboard(qtbot: QtBot, catalog: Catalog, fake: FakeDialogs) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    original = editor.routine()
    editor.remove_current()
    editor.step_form.hold_spin.setValue(44)
    changed = editor.routine()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.routine() == original
    assert editor.steps_list.count() == 2
    assert not editor.save_button.isEnabled()  # back where the file is
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor, Qt.Key.Key_Z, shift_ctrl)
    qtbot.keyClick(editor, Qt.Key.Key_Z, shift_ctrl)
    assert editor.routine() == changed
    assert editor.step_form.hold_spin.value() == 44


def test_scale_and_fit_from_the_editor(qtbot: QtBot, catalog: Catalog, fake: FakeDialogs) -> None:
    editor = make_editor(qtbot, catalog, "full-warmup", fake)
    editor.timing_bar.scale_spin.setValue(200)
    qtbot.mouseClick(editor.timing_bar.scale_button, Qt.MouseButton.LeftButton)
    # The first hold is the 45 s march.
    assert next(s.dose for s in editor.routine().steps if isinstance(s.dose, Hold)) == Hold(90)
    qtbot.keyClicks(editor.timing_bar.fit_edit, "8m")
    qtbot.keyClick(editor.timing_bar.fit_edit, Qt.Key.Key_Return)
    assert abs(total_seconds(editor.routine()) - 480) <= 1
    assert editor.total_label.text() in ("Total 7:59", "Total 8:00", "Total 8:01")
    editor.timing_bar.fit_edit.setText("soon")
    qtbot.mouseClick(editor.timing_bar.fit_button, Qt.MouseButton.LeftButton)
    assert "expected a duration" in editor.timing_bar.timing_label.text().lower()


def test_all_holds_scales_from_the_holds_before_scaling_and_says_so(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "full-warmup", fake)
    assert editor.routine().steps[0].dose == Hold(45)  # Marching on the spot
    editor.timing_bar.scale_spin.setValue(150)
    qtbot.mouseClick(editor.timing_bar.scale_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.timing_bar.scale_button, Qt.MouseButton.LeftButton)  # again: not 1:41
    assert editor.routine().steps[0].dose == Hold(68)
    message = "Holds at 150 % of what they were (Marching on the spot 0:45 → 1:08)."
    assert editor.timing_bar.timing_label.text() == message
    editor.timing_bar.scale_spin.setValue(120)
    qtbot.mouseClick(editor.timing_bar.scale_button, Qt.MouseButton.LeftButton)
    assert editor.routine().steps[0].dose == Hold(54)  # 120 % of 45 s, not of 68 s
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.routine().steps[0].dose == Hold(68)
    assert editor.timing_bar.timing_label.text() == ""  # no message about holds no longer there


def test_fit_refuses_to_make_holds_too_short_and_says_why(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "full-warmup", fake)
    before = editor.routine()
    editor.timing_bar.fit_edit.setText("1m")
    qtbot.mouseClick(editor.timing_bar.fit_button, Qt.MouseButton.LeftButton)
    assert editor.routine() == before
    text = editor.timing_bar.timing_label.text()
    assert text.startswith("Not changed: in 1:00 holds would be only 1 s.")
    assert "With holds of 10 s this routine takes" in text
    editor.timing_bar.fit_edit.setText("8m")
    qtbot.mouseClick(editor.timing_bar.fit_button, Qt.MouseButton.LeftButton)
    message = editor.timing_bar.timing_label.text()
    assert message.startswith("Fitted: 8:00 (Marching on the spot 0:45 → ")


def test_the_selected_step_shows_whole_at_the_smallest_size(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "full-warmup", fake)
    editor.resize(MIN_EDITOR_SIZE)
    qtbot.waitUntil(lambda: editor.size() == MIN_EDITOR_SIZE)
    scroll = editor.step_form.findChild(QScrollArea)
    assert scroll is not None
    viewport = scroll.viewport()
    cut = [
        field.accessibleName() or type(field).__name__
        for field in (
            editor.step_form.name_edit,
            editor.step_form.say_edit,
            *editor.step_form.region_checks.values(),
        )
        if field.mapTo(viewport, field.rect().topRight()).x() > viewport.width()
    ]
    assert cut == []
    buttons = (editor.up_button, editor.down_button, editor.remove_button)
    box = editor.steps_list.parentWidget()
    assert box is not None
    assert all(box.rect().contains(b.mapTo(box, b.rect().bottomRight())) for b in buttons)


def test_a_new_routine_is_named_from_its_title_and_closes_unasked_when_unchanged(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, user_dir: Path
) -> None:
    files = window.routine_files
    assert files is not None
    click(qtbot, window, "new")
    editor = files.editor
    assert editor is not None
    editor.close()  # nothing was changed: nothing to lose, no question
    assert fake.asked_unsaved == 0
    click(qtbot, window, "new")
    editor = files.editor
    assert editor is not None
    editor.title_edit.setText("")
    qtbot.keyClicks(editor.title_edit, "Walk test routine")
    editor.library_panel.add_current_stretch()
    with qtbot.waitSignal(window.catalog_arrived):
        assert editor.save()
    assert (user_dir / "walk-test-routine.yaml").exists()
    assert not (user_dir / "my-routine.yaml").exists()
    assert "walk-test-routine" in listed_ids(window)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Walk test routine", "walk-test-routine"),
        ("Élan — 5 min!", "elan-5-min"),
        ("★", "my-routine"),
    ],
)
def test_file_names_from_titles(title: str, expected: str) -> None:
    assert id_from_title(title) == expected


def test_a_shipped_routine_is_saved_as_a_copy(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    shipped_entry = catalog.get("full-warmup")
    assert shipped_entry is not None
    shipped_bytes = Path(shipped_entry.path).read_bytes()
    editor = make_editor(qtbot, catalog, "full-warmup", fake)
    assert editor.notice_label.isVisible()
    assert "(my version)" in editor.notice_label.text()
    editor.step_form.hold_spin.setValue(45)
    assert editor.save()
    assert Path(shipped_entry.path).read_bytes() == shipped_bytes
    copy = saved(catalog, "full-warmup-mine")
    assert copy.title == "Full warm-up (my version)"
    assert copy.steps[0].dose == Hold(45)
    assert Catalog.load(catalog.user_dir).get("full-warmup") is not None


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.close()  # nothing changed: no question
    assert fake.asked_unsaved == 0
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.step_form.hold_spin.setValue(33)
    fake.unsaved_answer = UnsavedChoice.CANCEL
    editor.close()
    assert editor.isVisible()
    assert fake.asked_unsaved == 1
    fake.unsaved_answer = UnsavedChoice.SAVE
    editor.close()
    assert not editor.isVisible()
    assert saved(catalog, "two-step").steps[0].dose == Hold(33)
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.step_form.hold_spin.setValue(50)
    fake.unsaved_answer = UnsavedChoice.DISCARD
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert saved(catalog, "two-step").steps[0].dose == Hold(33)


def test_a_failed_save_keeps_the_old_file_and_the_changes(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalog.user_dir / "two-step.yaml"
    before = path.read_bytes()
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.step_form.hold_spin.setValue(59)

    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert path.read_bytes() == before
    assert sorted(p.name for p in catalog.user_dir.iterdir()) == ["two-step.yaml"]
    assert fake.errors
    assert "No space left on device" in fake.errors[0][1]
    assert editor.save_button.isEnabled()
    assert editor.status_label.text() == "Unsaved changes"
    monkeypatch.undo()
    assert editor.save()
    assert saved(catalog, "two-step").steps[0].dose == Hold(59)


def test_an_empty_routine_cannot_be_saved(
    qtbot: QtBot, catalog: Catalog, fake: FakeDialogs
) -> None:
    editor = make_editor(qtbot, catalog, "two-step", fake)
    editor.remove_current()
    editor.remove_current()
    assert editor.steps_list.count() == 0
    assert not editor.save_button.isEnabled()
    assert "at least one step" in editor.status_label.text()
    assert not editor.save()


# --- the total counts the runner's get-ready and rest (Settings) --------------------------------


def test_the_total_is_the_sessions_with_your_get_ready_and_rest(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    settings.set(Options.LEAD_IN, 65)  # the two-step routine's own is 5 s
    editor = open_editor(qtbot, window, "two-step")
    assert editor.total_label.text() == "Total 2:01 with your get-ready and rest"
    assert "With its own times it takes 1:01." in editor.total_label.toolTip()
    editor.lead_in_spin.setValue(20)  # the file's lead-in: a session still takes 65 s
    assert editor.total_label.text() == "Total 2:01 with your get-ready and rest"
    assert "With its own times it takes 1:16." in editor.total_label.toolTip()

    settings.set(Options.REST, 0)  # changed while the editor is open: its 3 s rest goes
    assert editor.total_label.text() == "Total 1:58 with your get-ready and rest"
    settings.set(Options.LEAD_IN, -1)
    settings.set(Options.REST, -1)
    assert editor.total_label.text() == "Total 1:16"  # its own, edited lead-in included
    assert editor.total_label.toolTip() == ""


def test_fit_aims_at_the_sessions_real_time(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    settings.set(Options.LEAD_IN, 60)
    editor = open_editor(qtbot, window, "two-step")
    assert editor.total_label.text() == "Total 1:56 with your get-ready and rest"
    editor.timing_bar.fit_edit.setText("2m")
    qtbot.mouseClick(editor.timing_bar.fit_button, Qt.MouseButton.LeftButton)
    routine = editor.routine()
    assert session_seconds(routine, TimingOverrides(lead_in=60.0)) == 120.0
    assert routine.steps[0].dose == Hold(22)  # each side, from 20
    assert routine.lead_in == 5.0  # the routine keeps its own
    assert editor.timing_bar.timing_label.text() == "Fitted: 2:00 (Lunge press 0:20 → 0:22)."
    assert editor.total_label.text() == "Total 2:00 with your get-ready and rest"


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
