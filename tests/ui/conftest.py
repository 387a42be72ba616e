"""Fixtures for window tests: a fake clock, settings in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.history import History
from app.settings import Settings
from app.store import Catalog
from app.ui import catalog_loader
from app.ui.main_window import MainWindow
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock
from tests.ui.driving import make_window
from tests.ui.editor_helpers import FakeDialogs, make_user_dir

# The tests import the modules that draw the step icons on the main thread (this
# file imports the window), as a window does before it lets a worker draw them.
catalog_loader.step_icons_may_be_drawn.set()


@pytest.fixture(autouse=True)
def number_format_after() -> Iterator[None]:
    """Qt's number format is process-wide (QLocale.setDefault): a test that launches
    in German must not leave the tests after it writing 2,5 for 2.5."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Each test's own settings file: nothing leaks from one test to the next."""
    return settings_at(str(tmp_path / "limber.ini"))


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    """Put the application's style and palette back after the test."""
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield qapp
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def fake() -> FakeDialogs:
    """The editor's questions and file dialogs, answered without a modal box."""
    return FakeDialogs()


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """A routines folder with the editor tests' own routines in it."""
    return make_user_dir(tmp_path)


@pytest.fixture
def window(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, history: History
) -> Iterator[MainWindow]:
    """A window recording in the test file's `history`, with its `catalog` listed
    (test files without these two fixtures define a `window` of their own)."""
    win = make_window(qtbot, catalog, clock, settings, history)
    yield win
    win.close()  # while the history is still open
