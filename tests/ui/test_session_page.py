"""The session and done pages' texts grow with a big window, read from across a room."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.store import Catalog
from app.ui.main_window import MainWindow
from app.ui.theme import MAX_TEXT_SCALE, text_scale
from tests.fakes import FakeClock
from tests.ui.driving import TWO_STEP_ROUTINE, open_two_step


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings) -> MainWindow:
    (tmp_path / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize(
    ("height", "point_size", "scale"),
    [
        (520, 9.0, 1.0),  # the smallest window
        (720, 9.0, 1.0),  # the usual one
        (1080, 9.0, 1.25),  # a full-HD screen
        (1440, 9.0, 1.75),
        (2160, 9.0, MAX_TEXT_SCALE),  # 4K: as large as it gets
        (1080, 18.0, 1.0),  # large system text: already big, not enlarged again
    ],
)
def test_text_scale_grows_with_the_height_per_point_of_text(
    height: int, point_size: float, scale: float
) -> None:
    assert text_scale(height, point_size) == scale


def test_a_taller_window_shows_the_stretch_in_larger_type(qtbot: QtBot, window: MainWindow) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.height() <= 720)
    usual = {
        label: label.font().pointSizeF()
        for label in (page.name_label, page.instructions_label, page.cue_label)
    }
    window.resize(1800, 1500)
    qtbot.waitUntil(lambda: page.height() > 1300)
    expected = text_scale(page.height(), page.font().pointSizeF())
    assert expected > 1.0
    for label, size in usual.items():
        assert label.font().pointSizeF() == pytest.approx(size * expected, rel=0.02)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.name_label.font().pointSizeF() == usual[page.name_label])


def test_the_done_page_grows_its_texts_too(qtbot: QtBot, window: MainWindow) -> None:
    page = window.done_page
    window.pages.setCurrentWidget(page)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.height() <= 720)
    usual = page.heading.font().pointSizeF()
    window.resize(1800, 1500)
    qtbot.waitUntil(lambda: page.height() > 1300)
    scale = text_scale(page.height(), page.font().pointSizeF())
    assert page.heading.font().pointSizeF() == pytest.approx(usual * scale, rel=0.02)
