"""Fixtures for window tests: a fake clock, settings in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.settings import Settings
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock


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
