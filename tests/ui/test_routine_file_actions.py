"""The picker's actions on routine files (new, edit, duplicate, delete, import,
export), driven through its buttons."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.loader import load_routine_file
from app.routine import Hold
from app.settings import Settings
from app.store import Catalog
from app.ui import catalog_loader
from app.ui.main_window import MainWindow
from app.ui.picker_page import FILE_ACTIONS, UNDO_DELETE
from app.ui.routine_file_actions import FileAction
from tests.fakes import FakeClock
from tests.ui.driving import TWO_STEP_ROUTINE, advance, show_active
from tests.ui.editor_helpers import (
    FakeDialogs,
    click,
    click_and_relist,
    listed_ids,
    open_window,
    select,
)


@pytest.fixture
def window(qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings) -> MainWindow:
    return open_window(qtbot, user_dir, fake, settings)


def test_import_shows_file_line_col_errors(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\nsteps:\n  - stretch: lunge-pres\n", encoding="utf-8")
    fake.open_path = bad
    click(qtbot, window, "import")
    title, text = fake.errors[-1]
    assert title == "Can't import this file"
    assert f"{bad}:3:14: unknown stretch 'lunge-pres' (did you mean 'lunge-press'?)" in text
    assert "bad" not in listed_ids(window)
    good = tmp_path / "good.yaml"
    good.write_text(TWO_STEP_ROUTINE.replace("Two step test", "Imported"), encoding="utf-8")
    fake.open_path = good
    click_and_relist(qtbot, window, "import")
    assert "good" in listed_ids(window)
    current = window.picker.current_entry()
    assert current is not None
    assert current.id == "good"


def test_an_imported_routine_with_a_title_already_there_is_told_apart(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, tmp_path: Path
) -> None:
    again = tmp_path / "two-step.yaml"  # the same routine, a second time
    again.write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    fake.open_path = again
    click_and_relist(qtbot, window, "import")
    titles = [
        window.picker.list.item(row).text().split("\n")[0]
        for row in range(window.picker.list.count())
        if window.picker.list.item(row).text().startswith("Two step test")
    ]
    assert sorted(titles) == [
        "Two step test (yours, two-step-2.yaml)",
        "Two step test (yours, two-step.yaml)",
    ]


def test_duplicate_export_then_delete_and_undo(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, user_dir: Path, tmp_path: Path
) -> None:
    select(window, "waist")
    assert not window.picker.file_buttons["delete"].isEnabled()  # shipped
    click_and_relist(qtbot, window, "duplicate")
    assert "waist-copy" in listed_ids(window)
    files = window.routine_files
    assert files is not None
    copy = load_routine_file(user_dir / "waist-copy.yaml", files.catalog.library)
    assert copy.title.endswith("(copy)")
    fake.save_path = tmp_path / "shared.yaml"
    click(qtbot, window, "export")
    assert fake.suggested == str(Path.home() / f"{copy.id}.yaml")  # not the working folder
    assert yaml.safe_load(fake.save_path.read_text(encoding="utf-8"))["title"] == copy.title
    assert window.picker.undo_label is not None
    assert window.picker.undo_label.text() == f"Exported “{copy.title}” to {fake.save_path}."
    click(qtbot, window, "export")
    assert fake.suggested == str(tmp_path / f"{copy.id}.yaml")  # where it went last time
    original = (user_dir / "waist-copy.yaml").read_bytes()
    listed = listed_ids(window)
    neighbour = listed[listed.index("waist-copy") + 1 :][:1] or listed[-2:-1]
    click_and_relist(qtbot, window, "delete")  # at once, no question: it can be undone
    assert not (user_dir / "waist-copy.yaml").exists()
    assert "waist-copy" not in listed_ids(window)
    picker = window.picker
    selected = picker.current_entry()
    assert selected is not None
    assert [selected.id] == neighbour  # the one that took its place, not the first
    assert picker.undo_label is not None
    assert picker.undo_button is not None
    assert picker.undo_label.text() == f"Deleted “{copy.title}”."
    assert picker.undo_button.isVisible()
    with qtbot.waitSignal(window.catalog_arrived):
        qtbot.mouseClick(picker.undo_button, Qt.MouseButton.LeftButton)
    assert (user_dir / "waist-copy.yaml").read_bytes() == original
    entry = picker.current_entry()
    assert entry is not None
    assert entry.id == "waist-copy"  # back, and selected
    assert not picker.undo_button.isVisible()


def test_ctrl_z_in_the_picker_undoes_a_delete_until_another_action(
    qtbot: QtBot, window: MainWindow, user_dir: Path
) -> None:
    select(window, "two-step")
    click_and_relist(qtbot, window, "delete")
    assert not (user_dir / "two-step.yaml").exists()
    show_active(qtbot, window)
    with qtbot.waitSignal(window.catalog_arrived):
        qtbot.keyClick(window.picker.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (user_dir / "two-step.yaml").exists()
    click_and_relist(qtbot, window, "delete")
    select(window, "waist")
    click_and_relist(qtbot, window, "duplicate")  # another action: the delete stays done
    picker = window.picker
    assert picker.undo_button is not None
    assert not picker.undo_button.isVisible()
    qtbot.keyClick(picker.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not (user_dir / "two-step.yaml").exists()


def test_undo_never_overwrites_a_routine_that_took_the_name(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, user_dir: Path
) -> None:
    select(window, "two-step")
    click_and_relist(qtbot, window, "delete")
    newer = "title: Another two step\nsteps:\n  - stretch: front-bow\n"
    (user_dir / "two-step.yaml").write_text(newer, encoding="utf-8")  # by hand, meanwhile
    picker = window.picker
    assert picker.undo_button is not None
    qtbot.mouseClick(picker.undo_button, Qt.MouseButton.LeftButton)
    assert (user_dir / "two-step.yaml").read_text(encoding="utf-8") == newer
    assert fake.errors[-1][0] == "Not restored"
    assert "exists again" in fake.errors[-1][1]


@pytest.fixture
def slow_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The routines are read again only once the event given is set."""
    released = threading.Event()

    def slow(user_dir: Path) -> Catalog:
        released.wait(timeout=30)
        return Catalog.load(user_dir)

    monkeypatch.setattr(catalog_loader, "read_catalog", slow)
    yield released
    released.set()  # the worker never outlives a failed test


def test_the_list_shows_the_old_routines_until_the_new_ones_are_read(
    qtbot: QtBot, window: MainWindow, slow_reads: threading.Event
) -> None:
    before = listed_ids(window)
    select(window, "waist")
    click(qtbot, window, "duplicate")
    qtbot.waitUntil(lambda: window.catalog_loading)
    assert listed_ids(window) == before  # not frozen, not emptied: the routines it had
    with qtbot.waitSignal(window.catalog_arrived):
        slow_reads.set()
    assert "waist-copy" in listed_ids(window)
    entry = window.picker.current_entry()
    assert entry is not None
    assert entry.id == "waist-copy"  # the routine just saved, selected once listed


def test_two_duplicates_before_the_list_is_read_again_get_two_names(
    qtbot: QtBot, window: MainWindow, slow_reads: threading.Event, user_dir: Path
) -> None:
    select(window, "waist")
    click(qtbot, window, "duplicate")
    first = (user_dir / "waist-copy.yaml").read_bytes()
    click(qtbot, window, "duplicate")  # the list still shows the routines it had
    assert (user_dir / "waist-copy.yaml").read_bytes() == first
    assert (user_dir / "waist-copy-2.yaml").is_file()
    with qtbot.waitSignal(window.catalog_arrived):
        slow_reads.set()
    assert {"waist-copy", "waist-copy-2"} <= set(listed_ids(window))
    entry = window.picker.current_entry()
    assert entry is not None
    assert entry.id == "waist-copy-2"


def test_edit_and_new_open_the_editor_and_saving_refreshes_the_list(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, user_dir: Path
) -> None:
    files = window.routine_files
    assert files is not None
    click(qtbot, window, "new")
    editor = files.editor
    assert editor is not None
    assert editor.isVisible()
    editor.library_panel.add_current_stretch()
    with qtbot.waitSignal(window.catalog_arrived):
        assert editor.save()
    assert "my-routine" in listed_ids(window)
    editor.close()
    select(window, "full-warmup")
    click(qtbot, window, "edit")
    editor = files.editor
    assert editor is not None
    assert editor.routine().id == "full-warmup-mine"
    with qtbot.waitSignal(window.catalog_arrived):
        assert editor.save()
    assert "full-warmup-mine" in listed_ids(window)
    assert "full-warmup" in listed_ids(window)


def test_keep_the_new_hold_times_after_a_session(
    qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings
) -> None:
    clock = FakeClock()
    win = MainWindow(Catalog.load(user_dir), clock, settings=settings)
    qtbot.addWidget(win)
    files = win.routine_files
    assert files is not None
    files.dialogs = fake.as_dialogs()
    show_active(qtbot, win)
    win.open_routine("two-step", start=True)
    advance(win, clock, 6)  # past the 5 s lead-in, into the first hold
    qtbot.keyClick(win, Qt.Key.Key_Plus)
    advance(win, clock, 200)
    assert win.pages.currentWidget() is win.done_page
    assert not win.done_page.keep_button.isHidden()
    qtbot.mouseClick(win.done_page.keep_button, Qt.MouseButton.LeftButton)
    routine = load_routine_file(user_dir / "two-step.yaml", files.catalog.library)
    assert routine.steps[0].dose == Hold(30)
    assert not win.done_page.keep_button.isEnabled()
    assert "Two step test" in win.done_page.keep_label.text()


def test_keeping_new_times_of_a_shipped_routine_saves_a_copy(
    qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings
) -> None:
    clock = FakeClock()
    catalog = Catalog.load(user_dir)
    shipped = catalog.get("full-warmup")
    assert shipped is not None
    assert shipped.routine is not None
    before = Path(shipped.path).read_bytes()
    win = MainWindow(catalog, clock, settings=settings)
    qtbot.addWidget(win)
    files = win.routine_files
    assert files is not None
    files.dialogs = fake.as_dialogs()
    show_active(qtbot, win)
    win.open_routine("full-warmup", start=True)
    advance(win, clock, shipped.routine.lead_in + 1)
    qtbot.keyClick(win, Qt.Key.Key_Plus)
    advance(win, clock, 3600)
    qtbot.mouseClick(win.done_page.keep_button, Qt.MouseButton.LeftButton)
    assert Path(shipped.path).read_bytes() == before
    copy = load_routine_file(user_dir / "full-warmup-mine.yaml", catalog.library)
    first = shipped.routine.steps[0].dose.seconds
    assert copy.steps[0].dose == Hold(first + 10)
    assert copy.steps[1:] == shipped.routine.steps[1:]
    assert "(my version)" in win.done_page.keep_label.text()
    assert fake.errors == []


def test_an_import_that_cannot_be_read_says_why_and_lists_nothing_new(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, tmp_path: Path
) -> None:
    before = listed_ids(window)
    fake.open_path = tmp_path / "gone.yaml"  # chosen, then removed before it was read
    click(qtbot, window, "import")
    title, text = fake.errors[-1]
    missing = fake.open_path
    assert (title, text) == (
        "Can't import this file",
        f"gone.yaml has problems:\n\n{missing}:1:1: cannot read file: No such file or directory",
    )
    assert listed_ids(window) == before


def test_an_export_over_a_folder_says_why_and_leaves_the_folder(
    qtbot: QtBot, window: MainWindow, fake: FakeDialogs, tmp_path: Path
) -> None:
    select(window, "waist")
    fake.save_path = tmp_path / "waist.yaml"
    fake.save_path.mkdir()  # a folder of that name is in the way
    (fake.save_path / "keep.txt").write_text("mine", encoding="utf-8")
    click(qtbot, window, "export")
    title, text = fake.errors[-1]
    assert title == "Not exported"
    assert text.startswith(f"Could not write {fake.save_path}: ")
    assert (fake.save_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_every_button_of_the_picker_names_an_action_the_files_perform() -> None:
    assert {action.value for action in FileAction} == {*FILE_ACTIONS, UNDO_DELETE}
