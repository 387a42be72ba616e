"""The window and the picker in the runner's language: every text of theirs translated,
none cut off at the window's smallest size."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.settings import Settings
from app.store import Catalog
from app.ui.main_window import MainWindow
from app.ui.picker_page import PickerPage
from tests.fakes import FakeClock
from tests.pseudo import pseudo_locale, untranslated
from tests.ui.driving import advance
from tests.ui.editor_helpers import (
    FakeDialogs,
    click,
    click_and_relist,
    make_user_dir,
    open_window,
    select,
)
from tests.ui.layout_check import cut_off_texts, save_shot
from tests.ui.pseudo_widgets import widget_texts

# The runner's own data: their routine's title, file names and folders, the system's
# words for a file error.
MINE = {"Two step test", os.strerror(errno.EISDIR)}
APP_NAME = {"Limber"}  # a name, the same in every language


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def picker_texts(picker: PickerPage) -> list[str]:
    """The texts of the picker's own widgets: the filters, the buttons, the lines
    under them. Not the routine rows or the details beside them (app.ui.routine_row
    and routine_details, tested with the routines they show)."""
    skipped: set[QWidget] = {picker.list}
    if picker.details is not None:
        skipped |= {picker.details, *picker.details.findChildren(QWidget)}
    texts = [picker.list.accessibleName()]
    for widget in [picker, *picker.findChildren(QWidget)]:
        if widget not in skipped and widget.isVisibleTo(picker):
            texts.extend(text for text in widget_texts(widget) if text)
    return texts


def test_every_text_of_the_picker_and_the_window_is_translated(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    fake = FakeDialogs()
    with pseudo_locale():
        window = open_window(qtbot, make_user_dir(tmp_path), fake, settings)
        picker = window.picker
        allowed = MINE | {str(tmp_path)}
        assert untranslated([window.windowTitle(), window.accessibleName()], APP_NAME) == []
        assert untranslated([action.text() for action in window.actions()]) == []
        assert untranslated(picker_texts(picker), allowed=allowed) == []
        picker.search.setText("no such routine")  # nothing matches: what to do instead
        assert picker.empty_label.isVisible()
        assert untranslated(picker_texts(picker), allowed=allowed | {"no such routine"}) == []
        picker.search.clear()

        select(window, "two-step")
        fake.save_path = tmp_path / "shared.yaml"
        click(qtbot, window, "export")
        assert untranslated(picker_texts(picker), allowed=allowed) == []  # "Exported …"
        fake.save_path.unlink()
        fake.save_path.mkdir()  # a folder in the way: not exported, and why
        click(qtbot, window, "export")
        click_and_relist(qtbot, window, "delete")
        assert picker.undo_label is not None
        assert picker.undo_label.isVisible()  # "Deleted …" with its Undo button
        assert untranslated(picker_texts(picker), allowed=allowed) == []
        assert fake.errors
        assert untranslated([text for error in fake.errors for text in error], allowed) == []


def test_the_window_title_follows_the_session_in_the_runners_language(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    with pseudo_locale():
        clock = FakeClock()
        window = MainWindow(Catalog.load(make_user_dir(tmp_path)), clock, settings=settings)
        qtbot.addWidget(window)
        window.show()
        titles = [window.windowTitle()]
        window.open_routine("two-step", start=True)
        for seconds in (1, 10, 1):  # the lead-in, the first hold, its other side
            advance(window, clock, seconds)
            titles += [window.windowTitle(), window.accessibleName()]
        window.driver.toggle()  # paused
        titles += [window.windowTitle(), window.accessibleName()]
        window.driver.toggle()
        advance(window, clock, 120)  # done
        titles.append(window.windowTitle())
        assert len(set(titles)) > 4
        assert untranslated(titles, APP_NAME) == []


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_nothing_of_the_picker_is_cut_off_at_the_windows_smallest_size(
    qtbot: QtBot, tmp_path: Path, settings: Settings, language: str
) -> None:
    i18n.install_language(language)
    window = open_window(qtbot, make_user_dir(tmp_path), FakeDialogs(), settings)
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    picker = window.picker
    picker.search.setText("no such routine")  # the line that says nothing matches
    qtbot.waitUntil(picker.empty_label.isVisible)
    save_shot(window, f"picker-{language}-smallest-empty")
    assert cut_off_texts(picker) == []
    picker.search.clear()
    select(window, "full-warmup")
    save_shot(window, f"picker-{language}-smallest")
    assert cut_off_texts(picker) == []
