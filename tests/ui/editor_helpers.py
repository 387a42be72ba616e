"""What the editor's and the file actions' tests share: answers to their questions,
an editor or a window to drive, and the picker's buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.loader import load_routine_file
from app.routine import Routine
from app.settings import Settings
from app.store import Catalog
from app.ui.editor import RoutineEditor
from app.ui.editor_dialogs import Dialogs, UnsavedChoice
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.driving import TWO_STEP_ROUTINE


class FakeDialogs:
    """Answers the editor's questions without any modal box; records what was asked."""

    def __init__(self) -> None:
        self.unsaved_answer = UnsavedChoice.DISCARD
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.picture_path: Path | None = None
        self.asked_unsaved = 0
        self.suggested = ""  # where the export dialog was asked to start
        self.errors: list[tuple[str, str]] = []

    def ask_unsaved(self, parent: QWidget) -> UnsavedChoice:
        self.asked_unsaved += 1
        return self.unsaved_answer

    def choose_open_path(self, parent: QWidget) -> Path | None:
        return self.open_path

    def choose_save_path(self, parent: QWidget, suggested: str) -> Path | None:
        self.suggested = suggested
        return self.save_path

    def choose_picture_path(self, parent: QWidget) -> Path | None:
        return self.picture_path

    def show_error(self, parent: QWidget, title: str, text: str) -> None:
        self.errors.append((title, text))

    def as_dialogs(self) -> Dialogs:
        return Dialogs(
            ask_unsaved=self.ask_unsaved,
            choose_open_path=self.choose_open_path,
            choose_save_path=self.choose_save_path,
            show_error=self.show_error,
            choose_picture_path=self.choose_picture_path,
        )


def make_user_dir(tmp_path: Path) -> Path:
    """A routines folder holding TWO_STEP_ROUTINE as `two-step.yaml`."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    return folder


def make_editor(
    qtbot: QtBot, catalog: Catalog, routine_id: str, fake: FakeDialogs
) -> RoutineEditor:
    entry = catalog.get(routine_id)
    assert entry is not None
    assert entry.routine is not None
    editor = RoutineEditor(
        entry.routine,
        catalog.library,
        catalog.user_dir,
        taken=[e.id for e in catalog.entries],
        dialogs=fake.as_dialogs(),
    )
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    window = editor.windowHandle()
    assert window is not None
    window.requestActivate()
    qtbot.waitUntil(editor.isActiveWindow)  # shortcuts (Ctrl+Z...) go to the active window
    return editor


def saved(catalog: Catalog, routine_id: str) -> Routine:
    return load_routine_file(catalog.user_dir / f"{routine_id}.yaml", catalog.library)


def step_names(editor: RoutineEditor) -> list[str]:
    return [step.name for step in editor.routine().steps]


def open_window(qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings) -> MainWindow:
    """The main window on `user_dir`'s routines, its file actions asking `fake`."""
    win = MainWindow(Catalog.load(user_dir), FakeClock(), settings=settings)
    qtbot.addWidget(win)
    files = win.routine_files
    assert files is not None
    files.dialogs = fake.as_dialogs()
    win.show()
    qtbot.waitExposed(win)
    return win


def select(window: MainWindow, routine_id: str) -> None:
    for row in range(window.picker.list.count()):
        if window.picker.list.item(row).data(Qt.ItemDataRole.UserRole).id == routine_id:
            window.picker.list.setCurrentRow(row)
            return
    raise AssertionError(f"{routine_id} not listed")


def listed_ids(window: MainWindow) -> list[str]:
    items = (window.picker.list.item(row) for row in range(window.picker.list.count()))
    return [item.data(Qt.ItemDataRole.UserRole).id for item in items]


def click(qtbot: QtBot, window: MainWindow, action: str) -> None:
    qtbot.mouseClick(window.picker.file_buttons[action], Qt.MouseButton.LeftButton)


def click_and_relist(qtbot: QtBot, window: MainWindow, action: str) -> None:
    """Click, then wait for the routines, read again off the GUI thread, to be listed."""
    with qtbot.waitSignal(window.catalog_arrived):
        click(qtbot, window, action)


def open_editor(qtbot: QtBot, window: MainWindow, routine_id: str) -> RoutineEditor:
    select(window, routine_id)
    click(qtbot, window, "edit")
    files = window.routine_files
    assert files is not None
    assert files.editor is not None
    return files.editor
