"""The driver against the sleep watch: a suspend pauses the session, a stall doesn't.

On Linux (a clock that measures suspend) a GUI stall of a few seconds leaves
the session running and on its deadlines; elsewhere a gap that long can't be
told from a sleep and pauses it, as documented in app.clock.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.routine import Hold, Routine, Step
from app.session import PauseReason, Snapshot, State
from app.store import Catalog
from app.ui.main_window import MainWindow
from app.ui.session_driver import SessionDriver
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock
from tests.ui.driving import TWO_STEP_ROUTINE, advance

# Lead-in 5, then one 60 s hold.
ONE_HOLD = Routine(
    id="one-hold",
    title="One hold",
    steps=(Step(name="Calf hold", instructions="Lean on the wall.", dose=Hold(60.0)),),
    lead_in=5.0,
)


def running(clock: FakeClock) -> tuple[SessionDriver, list[Snapshot]]:
    """A driver 10 s into ONE_HOLD (5 s into the hold), checked every second."""
    driver = SessionDriver(clock)
    shown: list[Snapshot] = []
    driver.changed.connect(shown.append)
    driver.load(ONE_HOLD)
    driver.start()
    for _ in range(10):
        clock.advance(1.0)
        driver.refresh()
    assert (shown[-1].state, shown[-1].remaining) == (State.RUNNING, 55.0)
    return driver, shown


@pytest.fixture
def linux_clock() -> FakeClock:
    return FakeClock(measures_suspend=True)


def test_a_six_second_stall_does_not_pause_the_session(
    qtbot: QtBot, linux_clock: FakeClock
) -> None:
    driver, shown = running(linux_clock)
    linux_clock.stall(6.0)
    driver.refresh()
    # Still running, and the stall counted: the hold ends when it always would.
    assert (shown[-1].state, shown[-1].pause_reason, shown[-1].remaining) == (
        State.RUNNING,
        None,
        49.0,
    )


def test_a_six_second_suspend_pauses_the_session_where_it_was(
    qtbot: QtBot, linux_clock: FakeClock
) -> None:
    driver, shown = running(linux_clock)
    linux_clock.sleep_system(6.0)
    driver.refresh()
    assert (shown[-1].state, shown[-1].pause_reason, shown[-1].remaining) == (
        State.PAUSED,
        PauseReason.SLEEP,
        55.0,
    )


def test_without_a_measured_suspend_a_six_second_stall_pauses(qtbot: QtBot) -> None:
    """The fallback (macOS, Windows): a stall that long can't be told from a sleep."""
    clock = FakeClock(measures_suspend=False)
    driver, shown = running(clock)
    clock.stall(6.0)
    driver.refresh()
    assert (shown[-1].state, shown[-1].pause_reason, shown[-1].remaining) == (
        State.PAUSED,
        PauseReason.SLEEP,
        55.0,
    )


def test_after_a_stall_the_window_keeps_counting_and_says_nothing_of_sleep(
    qtbot: QtBot, tmp_path: Path, linux_clock: FakeClock
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    window = MainWindow(
        Catalog.load(folder), linux_clock, settings=settings_at(str(tmp_path / "limber.ini"))
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_routine("two-step", start=True)
    advance(window, linux_clock, 5.0 + 4.0)  # 16 s left of the left side
    linux_clock.stall(6.0)
    window.driver.refresh()
    page = window.session_page
    assert not page.notice_label.isVisible()
    assert page.countdown.text() == "0:10"
    assert window.windowTitle().startswith("0:10 · Lunge press")

    linux_clock.sleep_system(6.0)
    window.driver.refresh()
    assert page.notice_label.isVisible()
    assert "went to sleep" in page.notice_label.text()
    assert page.countdown.text() == "0:10"
