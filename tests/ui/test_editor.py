"""The routine editor, driven through its widgets."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from app.routine import Hold, Reps, format_duration
from app.session import total_seconds
from app.settings import Options, Settings
from app.store import Catalog
from app.ui.editor import MIN_EDITOR_SIZE
from app.ui.editor_dialogs import UnsavedChoice
from app.ui.main_window import MainWindow
from app.ui.naming import id_from_title
from tests.ui.editor_helpers import (
    FakeDialogs,
    click,
    listed_ids,
    make_editor,
    open_editor,
    open_window,
    saved,
    step_names,
)


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
