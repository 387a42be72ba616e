"""The editor's library panel: adding a stretch from the library or of your own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store import Catalog
from tests.ui.editor_helpers import (
    FakeDialogs,
    make_editor,
    saved,
    step_names,
)


@pytest.fixture
def catalog(user_dir: Path) -> Catalog:
    return Catalog.load(user_dir)


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
