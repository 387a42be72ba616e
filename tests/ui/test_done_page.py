"""The done page says what "Keep the new hold times" will save, and saves just that."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.loader import load_routine_file
from app.regions import Region
from app.routine import Hold, Reps, Routine, Sides, Step
from app.session import HoldChange
from app.settings import Settings
from app.store import Catalog
from app.ui.done_page import DonePage
from app.ui.editor_dialogs import Dialogs
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.driving import (
    QUICK_ROUTINE,
    TWO_STEP_ROUTINE,
    advance,
    by_its_timer,
    key,
    show_active,
)

ROUTINE = Routine(
    id="test",
    title="Test",
    steps=(
        Step(name="Lunge press", instructions="Lunge.", dose=Hold(20), sides=Sides.BOTH),
        Step(name="Heel raise", instructions="Rise.", dose=Reps(4, 2.0)),
        Step(name="Quad stretch", instructions="Pull.", dose=Hold(20)),
    ),
)


def test_the_done_page_says_what_keeping_saves(qtbot: QtBot) -> None:
    page = DonePage()
    qtbot.addWidget(page)
    changes = (
        HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=20.0),
        HoldChange(2, 20.0, 10.0),
    )
    page.show_result(ROUTINE, (0, 1, 2), 100.0, hold_changes=changes)
    text = (
        "New hold times to keep: Lunge press 30 s (left 30 s, right 20 s: the longer is kept);"
        " Quad stretch 10 s (was 20 s)."
    )
    assert page.keep_plan_label.text() == text
    assert not page.keep_plan_label.isHidden()
    assert not page.keep_button.isHidden()
    assert page.keep_button.accessibleDescription() == text
    page.show_result(ROUTINE, (0, 1, 2), 100.0)  # another session, nothing changed
    assert page.keep_plan_label.text() == ""
    assert page.keep_plan_label.isHidden()
    assert page.keep_button.isHidden()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings) -> MainWindow:
    (tmp_path / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(win)
    show_active(qtbot, win)
    return win


def errors_of(window: MainWindow) -> list[str]:
    """Make saving errors land in a list instead of a message box."""
    files = window.routine_files
    assert files is not None
    errors: list[str] = []

    def show_error(parent: QWidget, title: str, text: str) -> None:
        errors.append(text)

    files.dialogs = Dialogs(show_error=show_error)
    return errors


# The two-step routine: lead-in 5, lunge press left 20 (5-25), switch 5, right 20, rest 3, reps 8.
@pytest.mark.parametrize(
    ("plus_at", "text", "saved"),
    [
        (
            [6.0],  # the left side only
            "New hold times to keep: Lunge press 30 s (left 30 s, right 20 s: the longer is kept).",
            30,
        ),
        (
            [6.0, 45.0],  # both sides (the right side starts at 40 once the left is 30 s)
            "New hold times to keep: Lunge press 30 s each side (was 20 s).",
            30,
        ),
        (
            [40.0],  # the right side only
            "New hold times to keep: Lunge press 30 s (left 20 s, right 30 s: the longer is kept).",
            30,
        ),
    ],
)
def test_keep_the_new_hold_times_saves_what_it_said(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    tmp_path: Path,
    plus_at: list[float],
    text: str,
    saved: int,
) -> None:
    errors = errors_of(window)
    window.open_routine("two-step", start=True)
    elapsed = 0.0
    for when in plus_at:
        advance(window, clock, when - elapsed)
        elapsed = when
        key(qtbot, window, Qt.Key.Key_Plus)
    advance(window, clock, 200.0)
    page = window.done_page
    assert window.pages.currentWidget() is page
    assert page.keep_plan_label.text() == text
    assert page.keep_plan_label.isVisible()
    qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    routine = load_routine_file(tmp_path / "two-step.yaml", Catalog.load(tmp_path).library)
    assert routine.steps[0].dose == Hold(saved)
    assert page.keep_label.text() == "Saved in “Two step test”."
    assert errors == []


def test_a_lengthened_side_that_was_skipped_is_not_offered(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("two-step", start=True)
    advance(window, clock, 6.0)
    key(qtbot, window, Qt.Key.Key_Plus)  # the left side: 30 s
    key(qtbot, window, Qt.Key.Key_Right)  # but skipped: on to the switch, then the right side
    advance(window, clock, 200.0)
    page = window.done_page
    assert window.pages.currentWidget() is page
    assert page.keep_button.isHidden()
    assert page.keep_plan_label.isHidden()
    assert page.summary_label.text().startswith("2 of 2 stretches completed")


def test_the_done_page_shows_what_was_done_and_what_next(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("two-step", start=True)
    advance(window, clock, 10.0)
    key(qtbot, window, Qt.Key.Key_Space)  # a 30 s pause
    advance(window, clock, 30.0)
    key(qtbot, window, Qt.Key.Key_Space)
    advance(window, clock, 60.0)
    page = window.done_page
    assert window.pages.currentWidget() is page
    # The time moving, as the history row keeps it; the pause told apart.
    assert page.summary_label.text() == "2 of 2 stretches completed in 1:01"
    assert page.paused_label.text() == "Paused for 0:30 along the way"
    assert page.body_map.regions() == (Region.TRUNK_HIPS, Region.CALVES_ACHILLES)
    assert page.hint_label.text().startswith("Now head out")


def test_the_done_page_says_how_long_the_warm_up_took(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("two-step", start=True)
    advance(window, clock, 200.0)
    page = window.done_page
    assert window.pages.currentWidget() is page
    # Lead-in 5 + 20 + switch 5 + 20 + rest 3 + 4 reps x 2 s.
    assert page.summary_label.text() == "2 of 2 stretches completed in 1:01"
    assert page.steps_label.text() == "✓  Lunge press\n✓  Supported heel raise"


def test_the_done_page_counts_a_skipped_stretch_out_and_the_time_it_saved(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("two-step", start=True)
    advance(window, clock, 40.0)  # on the right side of the lunge press
    key(qtbot, window, Qt.Key.Key_Right)  # skipped: on to the rest before the heel raises
    advance(window, clock, 200.0)
    page = window.done_page
    assert page.summary_label.text() == "1 of 2 stretches completed in 0:51"
    assert page.steps_label.text() == "–  Lunge press  (skipped)\n✓  Supported heel raise"


def test_the_done_page_comes_by_the_sessions_own_timer_with_the_time_moving(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_loaded_routine(QUICK_ROUTINE)
    window.driver.start()
    page = window.session_page
    by_its_timer(qtbot, clock, 0.2, lambda: page.phase_label.text() == "Hold")
    window.driver.toggle()  # paused for 4 s, in the middle of the hold
    clock.advance(4.0)
    window.driver.toggle()
    by_its_timer(qtbot, clock, 0.3, lambda: page.phase_label.text().startswith("Rest"))
    by_its_timer(qtbot, clock, 0.3, lambda: window.pages.currentWidget() is window.done_page)
    done = window.done_page
    # 0.8 s moving, shown rounded up as a countdown is; the pause apart.
    assert done.summary_label.text() == "2 of 2 stretches completed in 0:01"
    assert done.paused_label.text() == "Paused for 0:04 along the way"
