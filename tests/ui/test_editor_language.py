"""The editor in the runner's language: every text translated, none cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.store import Catalog
from app.ui.editor import MIN_EDITOR_SIZE, RoutineEditor
from tests.pseudo import pseudo_locale, untranslated
from tests.ui.editor_helpers import FakeDialogs, make_editor, make_user_dir
from tests.ui.layout_check import cut_off_texts, save_shot
from tests.ui.pseudo_widgets import untranslated_widget_texts

# The runner's own data in the editor: their routine's title, a stretch of their own.
MINE = {"Two step test", "Neck roll", "Roll the head slowly."}


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def qt_key_names() -> set[str]:
    """The keys named in the tooltips: Qt's own names, from Qt's catalogs."""
    keys = ("Ctrl+Up", "Ctrl+Down", "Del")
    return {QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in keys}


def editor_texts(editor: RoutineEditor) -> list[str]:
    """What the widget check does not read: spin box suffixes and special values, the
    undo stack's texts (the Undo action's "Undo Rename")."""
    form = editor.step_form
    spins = (editor.lead_in_spin, editor.rest_spin, form.hold_spin, form.step_rest_spin)
    texts = [spin.suffix() for spin in spins]
    texts += [form.tempo_spin.suffix(), form.step_rest_spin.specialValueText()]
    texts += [editor.timing_bar.scale_spin.suffix()]
    stack = editor.undo_stack
    texts += [stack.text(index) for index in range(stack.count())]
    return [text for text in texts if text.strip() not in {"s", "%"}]


def add_own_stretch(qtbot: QtBot, editor: RoutineEditor) -> None:
    panel = editor.library_panel
    panel.custom_name_edit.setText("Neck roll")
    panel.custom_instructions_edit.setText("Roll the head slowly.")
    qtbot.mouseClick(panel.custom_button, Qt.MouseButton.LeftButton)


def test_every_text_of_the_editor_is_translated(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakeDialogs()
    with pseudo_locale():
        catalog = Catalog.load(make_user_dir(tmp_path))  # the library in the language
        allowed = MINE | qt_key_names()
        # A shipped routine: the notice that the runner's copy is what is saved.
        shipped = make_editor(qtbot, catalog, "full-warmup", fake)
        assert shipped.notice_label.isVisible()
        assert untranslated_widget_texts(shipped, allowed=allowed) == []
        shipped.timing_bar.scale_spin.setValue(150)
        qtbot.mouseClick(shipped.timing_bar.scale_button, Qt.MouseButton.LeftButton)
        assert shipped.timing_bar.timing_label.text()
        assert untranslated_widget_texts(shipped, allowed=allowed) == []
        for target in ("1m", "6m", "90m"):  # too short, fitted, as close as it gets
            shipped.timing_bar.fit_edit.setText(target)
            shipped.timing_bar.apply_fit()
            assert untranslated_widget_texts(shipped, allowed=allowed) == [], target
        assert untranslated(editor_texts(shipped), allowed=allowed) == []

        # The runner's own routine: a hold, then reps, then a stretch of their own.
        own = make_editor(qtbot, catalog, "two-step", fake)
        for row in range(own.steps_list.count()):
            own.steps_list.setCurrentRow(row)
            assert untranslated_widget_texts(own, allowed=allowed) == [], row
        add_own_stretch(qtbot, own)
        assert "Neck roll" in own.steps_list.currentItem().text()
        assert untranslated_widget_texts(own, allowed=allowed) == []
        own.title_edit.clear()
        own.title_edit.textEdited.emit("")  # no title: why it cannot be saved
        assert own.status_label.text()
        assert untranslated_widget_texts(own, allowed=allowed) == []
        own.save()
        own.library_panel.add_custom_step()  # no name or instructions: it says what is missing
        assert untranslated_widget_texts(own, allowed=allowed) == []
        assert untranslated(editor_texts(own), allowed=allowed) == []
        assert fake.errors
        assert untranslated([text for error in fake.errors for text in error], allowed) == []


def test_the_editors_words_come_from_the_catalog(qtbot: QtBot, tmp_path: Path) -> None:
    i18n.install_language("de")
    catalog = Catalog.load(make_user_dir(tmp_path))
    editor = make_editor(qtbot, catalog, "full-warmup", FakeDialogs())
    assert editor.save_button.text() == "&Speichern"
    assert editor.step_form.title() == "Gewählter Schritt"
    assert editor.routine().title.endswith(" (meine Version)")
    assert editor.windowTitle() == f"„{editor.routine().title}“ bearbeiten[*] — Limber"
    editor.steps_list.setCurrentRow(2)  # hip circles, in reps
    assert editor.step_form.tempo_spin.text() == "2,0 s/Wdh."  # a German decimal comma
    i18n.install_language("zh_CN")
    editor = make_editor(qtbot, catalog, "two-step", FakeDialogs())
    assert editor.library_panel.title() == "添加动作"
    assert editor.total_label.text().startswith("总计 ")


def show_smallest(qtbot: QtBot, widget: QWidget) -> None:
    widget.resize(widget.minimumSize())
    qtbot.waitUntil(lambda: widget.size() == widget.minimumSize())


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_nothing_is_cut_off_in_the_editor_at_its_smallest_size(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    i18n.install_language(language)
    catalog = Catalog.load(make_user_dir(tmp_path))
    editor = make_editor(qtbot, catalog, "full-warmup", FakeDialogs())
    assert editor.minimumSize() == MIN_EDITOR_SIZE
    show_smallest(qtbot, editor)
    editor.timing_bar.fit_edit.setText("1m")  # the longest message: holds would be too short
    editor.timing_bar.apply_fit()
    message = editor.timing_bar.timing_label  # laid out again for its new text
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))
    save_shot(editor, f"editor-{language}-smallest")
    assert cut_off_texts(editor) == []
    editor.steps_list.setCurrentRow(2)  # hip circles, in reps: the tempo row
    qtbot.waitUntil(editor.step_form.tempo_spin.isVisible)
    assert cut_off_texts(editor) == []
    save_shot(editor, f"editor-{language}-reps-smallest")
    editor.title_edit.clear()
    editor.title_edit.textEdited.emit("")  # the longest status: why it cannot be saved
    status = editor.status_label
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
    assert cut_off_texts(editor) == []
    save_shot(editor, f"editor-{language}-untitled-smallest")


def test_the_editors_questions_and_file_dialogs_are_translated(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.ui import editor_dialogs

    asked: list[str] = []

    def file_dialog(parent: QWidget, title: str, start: str, filters: str) -> tuple[str, str]:
        asked.extend((title, filters))
        return "", ""

    def question(parent: QWidget, title: str, text: str, *buttons: object) -> object:
        asked.extend((title, text))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QFileDialog, "getOpenFileName", file_dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", file_dialog)
    monkeypatch.setattr(QMessageBox, "question", question)
    parent = QWidget()
    qtbot.addWidget(parent)
    with pseudo_locale():
        assert editor_dialogs.choose_open_path_with_dialog(parent) is None
        assert editor_dialogs.choose_save_path_with_dialog(parent, "mine.yaml") is None
        assert editor_dialogs.choose_picture_path_with_dialog(parent) is None
        choice = editor_dialogs.ask_unsaved_with_message_box(parent)
    assert choice is editor_dialogs.UnsavedChoice.CANCEL
    assert len(asked) == 8
    assert untranslated(asked) == []
