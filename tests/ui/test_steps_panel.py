"""The editor's step list on its own (app.ui.steps_panel): the line each step reads,
which buttons can be pressed where, and what the runner's clicks, keys and drags ask
the editor for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.routine import Hold, Reps, Sides, Step
from app.ui.steps_panel import StepsPanel

STEPS = (
    Step("Lunge press", "Press.", Hold(30.0), sides=Sides.BOTH, stretch_id="lunge-press"),
    Step("Wall push", "Push the wall away.", Reps(10, 2.0)),
    Step("Forward bend", "Bend.", Hold(20.0), stretch_id="forward-bend"),
)


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def panel(qtbot: QtBot, host: QWidget) -> StepsPanel:
    shown = StepsPanel(host)
    shown.show_steps(STEPS)
    host.show()
    qtbot.waitExposed(host)
    return shown


def lines(panel: StepsPanel) -> list[str]:
    return [panel.steps_list.item(row).text() for row in range(panel.steps_list.count())]


def enabled(panel: StepsPanel) -> tuple[bool, bool, bool]:
    buttons = (panel.up_button, panel.down_button, panel.remove_button)
    return (buttons[0].isEnabled(), buttons[1].isEnabled(), buttons[2].isEnabled())


def test_each_step_reads_its_number_name_and_dose(panel: StepsPanel) -> None:
    assert lines(panel) == [
        "1. Lunge press — 0:30 each side",
        "2. Wall push — 10 reps  (your own)",
        "3. Forward bend — 0:20",
    ]
    assert panel.steps_list.item(1).toolTip() == "2. Wall push — 10 reps  (your own)"


def test_the_buttons_follow_the_selected_steps_place(panel: StepsPanel) -> None:
    assert panel.current_index() == 0  # the first step, as the list is filled
    assert enabled(panel) == (False, True, True)
    panel.set_current(1)
    assert enabled(panel) == (True, True, True)
    panel.set_current(2)
    assert enabled(panel) == (True, False, True)


def test_fewer_steps_keep_a_step_selected_and_the_buttons_right(panel: StepsPanel) -> None:
    panel.set_current(2)
    panel.show_steps(STEPS[:2])
    assert lines(panel) == ["1. Lunge press — 0:30 each side", "2. Wall push — 10 reps  (your own)"]
    assert panel.current_index() == 1
    assert enabled(panel) == (True, False, True)


def test_clicks_and_the_delete_key_ask_the_editor(qtbot: QtBot, panel: StepsPanel) -> None:
    panel.set_current(1)
    with qtbot.waitSignal(panel.move_requested) as up:
        qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.move_requested) as down:
        qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert (up.args, down.args) == ([-1], [1])
    with qtbot.waitSignal(panel.remove_requested):
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    panel.steps_list.setFocus()
    with qtbot.waitSignal(panel.remove_requested):
        qtbot.keyClick(panel.steps_list, Qt.Key.Key_Delete)


def test_a_drag_asks_for_the_steps_in_their_new_order(qtbot: QtBot, panel: StepsPanel) -> None:
    with qtbot.waitSignal(panel.reorder_requested) as dragged:
        # A drop in the list moves the row in its model, as dragging does.
        assert panel.steps_list.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert dragged.args == [[2, 0, 1]]
