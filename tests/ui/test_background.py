"""Work in a worker thread, its result on the GUI thread, never to an owner that is gone."""

from __future__ import annotations

import linecache
import sys
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from app.ui.background import deliver_later, import_modules, in_background, run_later


def test_the_work_runs_in_a_worker_and_its_result_comes_back_on_the_gui_thread(
    qtbot: QtBot,
) -> None:
    owner = QObject()
    got: list[tuple[int, int]] = []
    in_background(
        owner, threading.get_ident, lambda worker: got.append((worker, threading.get_ident()))
    )
    qtbot.waitUntil(lambda: bool(got))
    (worker, receiver), gui = got[0], threading.get_ident()
    assert (worker != gui, receiver == gui) == (True, True)


def test_nothing_is_handed_to_an_owner_deleted_while_the_work_ran(qtbot: QtBot) -> None:
    release = threading.Event()
    gone = QObject()
    lost: list[int] = []

    def slow() -> int:
        release.wait(10)
        return 1

    in_background(gone, slow, lost.append)
    shiboken6.delete(gone)  # the window closed meanwhile: no crash, nothing delivered
    release.set()
    for thread in threading.enumerate():
        if thread.name == "limber-background":
            thread.join(10)
    # A later result, emitted after the first one, is delivered after it too.
    later: list[int] = []
    live = QObject()
    in_background(live, lambda: 2, later.append)
    qtbot.waitUntil(lambda: bool(later))
    assert (lost, later) == ([], [2])


def test_a_repeating_hand_over_delivers_each_result(qtbot: QtBot) -> None:
    owner = QObject()
    got: list[str] = []
    hand_over = deliver_later(owner, got.append, once=False)
    worker = threading.Thread(target=lambda: [hand_over(text) for text in ("a", "b", "c")])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(got) == 3)
    assert got == ["a", "b", "c"]


def test_what_the_work_raises_is_raised_on_the_gui_thread(qtbot: QtBot) -> None:
    def broken() -> None:
        raise ValueError("a bug in the work")

    owner = QObject()
    with qtbot.captureExceptions() as raised:
        in_background(owner, broken, lambda result: None)
        qtbot.waitUntil(lambda: bool(raised))
    assert str(raised[0][1]) == "a bug in the work"


def test_a_module_that_will_not_import_is_left_for_its_user() -> None:
    sys.modules.pop("colorsys", None)
    import_modules(["app.no_such_module", "colorsys"])  # no error: its user reports it
    assert "colorsys" in sys.modules


def test_importing_in_steps_keeps_no_source_text_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PySide6 reads each newly imported module's source; the line cache would
    # keep it all (5 MiB in the window).
    (tmp_path / "limber_page_for_memory.py").write_text("import colorsys\nWIDTH = 3\n")
    (tmp_path / "limber_user_of_it.py").write_text("import limber_page_for_memory\n")
    monkeypatch.syspath_prepend(tmp_path)
    import_modules(["limber_user_of_it"])
    assert sys.modules["limber_page_for_memory"].WIDTH == 3
    assert not any(name.startswith(str(tmp_path)) for name in linecache.cache)
    for name in ("limber_user_of_it", "limber_page_for_memory"):
        monkeypatch.delitem(sys.modules, name)


def test_steps_run_one_per_turn_with_the_timers_between_them(qtbot: QtBot) -> None:
    """Two steps queued together don't run back to back: a timer due meanwhile runs
    between them (Qt runs all of a turn's queued calls before its timers)."""
    owner = QObject()
    ran: list[str] = []
    tick = QTimer(owner)
    tick.setInterval(0)
    tick.timeout.connect(lambda: ran.append("timer"))
    tick.start()
    run_later(owner, lambda: ran.append("first"))
    run_later(owner, lambda: ran.append("second"))
    qtbot.waitUntil(lambda: "second" in ran)
    tick.stop()
    first, second = ran.index("first"), ran.index("second")
    assert "timer" in ran[first + 1 : second]


def test_a_step_whose_owner_is_gone_does_not_run(qtbot: QtBot) -> None:
    gone, live = QObject(), QObject()
    ran: list[str] = []
    run_later(gone, lambda: ran.append("gone"))
    run_later(live, lambda: ran.append("live"))
    shiboken6.delete(gone)
    qtbot.waitUntil(lambda: bool(ran))
    assert ran == ["live"]


def test_a_timer_that_falls_due_during_a_step_runs_before_the_next_step(qtbot: QtBot) -> None:
    """The countdown's timer, due while a long step ran, is not held back by a second
    step (the steps' timer is aimed anew once each step is done)."""
    owner = QObject()
    ran: list[str] = []
    due = QTimer(owner)
    due.setSingleShot(True)
    due.setInterval(0)
    due.timeout.connect(lambda: ran.append("timer"))

    def first() -> None:
        ran.append("first")
        due.start()  # falls due now, in the middle of the step

    run_later(owner, first)
    run_later(owner, lambda: ran.append("second"))
    qtbot.waitUntil(lambda: len(ran) == 3)
    assert ran == ["first", "timer", "second"]
