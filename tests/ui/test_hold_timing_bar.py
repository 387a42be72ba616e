"""The editor's "All holds N %" and "Fit holds to this time", driven through its widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.routine import Hold
from app.session import total_seconds
from app.settings import Options, Settings
from app.store import Catalog
from app.timing import TimingOverrides, session_seconds
from app.ui.main_window import MainWindow
from tests.ui.editor_helpers import (
    FakeDialogs,
    make_editor,
    open_editor,
    open_window,
)


@pytest.fixture
def window(qtbot: QtBot, user_dir: Path, fake: FakeDialogs, settings: Settings) -> MainWindow:
    return open_window(qtbot, user_dir, fake, settings)


@pytest.fixture
def catalog(user_dir: Path) -> Catalog:
    return Catalog.load(user_dir)


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
