"""Driving a window through fake time, as its timers would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.history import History
from app.settings import Settings
from app.store import Catalog
from app.ui.cue_channel import CueKind
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.cue_fakes import RecordingChannel

# Lead-in 5 + lunge press 20 per side with a 5 s switch + rest 3 + 4 reps x 2 s = 61 s.
TWO_STEP_ROUTINE = """\
title: Two step test
lead_in: 5
rest: 3
steps:
  - stretch: lunge-press
    hold: 20
  - stretch: supported-heel-raise
    reps: 4
    tempo: 2
"""


def make_window(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, history: History | None
) -> MainWindow:
    """A window as a test builds it: shown, and exposed (its first paint done)."""
    win = MainWindow(catalog, clock, settings=settings, history=history)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def advance(window: MainWindow, clock: FakeClock, seconds: float) -> None:
    """Let fake time pass, firing the display and cue timers whenever each would."""
    target = clock.monotonic() + seconds
    while True:
        waits = [wait for wait, _ in _timers(window) if wait is not None]
        if not waits or clock.monotonic() + min(waits) / 1000 > target:
            break
        clock.advance(min(waits) / 1000)
        # Each one re-arms from the time now, as a fired Qt timer would.
        for _, fire in _timers(window):
            fire()
    clock.advance_to(target)
    for _, fire in _timers(window):
        fire()


def _timers(window: MainWindow) -> list[tuple[int | None, Callable[[], None]]]:
    """The display timer, then the timers of the fake cue channels (tests/ui/cue_fakes.py)."""
    timers: list[tuple[int | None, Callable[[], None]]] = [
        (window.driver.pending_wakeup_ms, window.driver.refresh)
    ]
    for kind in CueKind:
        channel = window.cues.channel(kind)
        if isinstance(channel, RecordingChannel):
            timers.append((channel.timer.pending_ms, channel.timer.give_due))
    return timers


def key(qtbot: QtBot, window: MainWindow, name: Qt.Key) -> None:
    qtbot.keyClick(window, name)


def picker_texts(window: MainWindow) -> list[str]:
    return [window.picker.list.item(row).text() for row in range(window.picker.list.count())]


def open_two_step(qtbot: QtBot, window: MainWindow) -> None:
    rows = [row for row, text in enumerate(picker_texts(window)) if "Two step test" in text]
    window.picker.list.setCurrentRow(rows[0])
    key(qtbot, window, Qt.Key.Key_Space)


def show_active(qtbot: QtBot, window: MainWindow) -> None:
    """Show the window and wait until it is the active one: its key shortcuts only
    fire then (the offscreen platform activates a window a moment after showing it)."""
    window.show()
    qtbot.waitUntil(window.isActiveWindow)


def start_up(qtbot: QtBot, window: MainWindow, routine: str | None, start: bool) -> None:
    """What launch() does after the first paint, to its end: the routines and the
    history read off the GUI thread, a lost session offered, the routine opened."""
    from app.ui import _finish_start_up

    with qtbot.waitSignal(window.started_up, timeout=10_000):
        _finish_start_up(window, routine, start)
