"""Driving a window through fake time, as its timers would."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.history import History
from app.paths import resume_path
from app.record_slots import newest_text
from app.routine import Hold, Reps, Routine, Step
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


# Phases of a fraction of a second, so the driver's real timer fires within
# milliseconds: a test moves the fake clock on, and the timer's own timeout (not
# a call to refresh) brings the pages up to date. 0.8 s in all.
QUICK_ROUTINE = Routine(
    id="quick",
    title="Quick",
    steps=(
        Step(name="Calf hold", instructions="Lean on the wall.", dose=Hold(0.3)),
        Step(name="Heel raise", instructions="Up and down.", dose=Reps(2, 0.1)),
    ),
    lead_in=0.2,
    rest=0.1,
)


def by_its_timer(qtbot: QtBot, clock: FakeClock, seconds: float, shown: Callable[[], bool]) -> None:
    """Move the fake clock on by `seconds`, then wait for the window's own timer to
    fire and show it (`shown`): nothing here calls refresh()."""
    clock.advance(seconds)
    qtbot.waitUntil(shown, timeout=2000)


def make_window(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, history: History | None
) -> MainWindow:
    """A window as a test builds it: shown, and exposed (its first paint done)."""
    win = MainWindow(catalog, clock, settings=settings, history=history)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let the history rows and the resume record, written on worker threads, land."""
    qtbot.waitUntil(lambda: not window.session_log.writes_pending)


def die(window: MainWindow) -> None:
    """As a kill -9 or a power cut would: the session log goes without a last word
    (no window close, no final write); what is on disk stays as it was. The window
    is left as a shell for the test to close."""
    shiboken6.delete(window.session_log)


def resume_record() -> str:
    """The resume record on disk, "" when there is none."""
    path = resume_path()
    record = newest_text(path.read_bytes()) if path.exists() else None
    return "" if record is None else record.decode("utf-8")


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
    history read off the GUI thread, a lost session offered, the routine opened,
    then the cue workers started (which a session asked to start waits for)."""
    from app.ui import _finish_start_up

    with qtbot.waitSignal(window.started_up, timeout=10_000):
        _finish_start_up(window, routine, start)
    qtbot.waitUntil(lambda: window.cues.loaded)
