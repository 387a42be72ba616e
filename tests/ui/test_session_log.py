"""The session log through the window: the resume record kept fresh to the second
(so a crash or a power cut resumes where it stood), the questions asked, records
left by the previous version or garbled, `--start` with a session pending, and
history writes on a worker thread that never hold up the countdown."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.history import History, Outcome, SessionRecord
from app.paths import history_path, resume_path, user_routines_dir
from app.resume import ResumePoint
from app.routine import format_duration
from app.session import PhaseKind, State
from app.settings import Options, Settings
from app.store import Catalog
from app.ui import session_log
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.driving import (
    TWO_STEP_ROUTINE,
    advance,
    die,
    make_window,
    open_two_step,
    resume_record,
    settle,
    start_up,
)
from tests.ui.fresh_process import run_python


@pytest.fixture
def catalog() -> Catalog:
    """The two-step routine among the user's own (where `--routine` finds it too)."""
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    return Catalog.load(folder)


@pytest.fixture
def history() -> Iterator[History]:
    """Where the app keeps it, so a window set up as `launch` does shares it."""
    with History.open(history_path()) as opened:
        yield opened


def held(release: threading.Event) -> None:
    """A write held up (a slow disk, a lock), on the writer thread, until let go."""
    assert release.wait(10.0), "the write was never let go"


def answering(answer: bool, asked: list[str]) -> Callable[[str], bool]:
    """An `ask_resume` that notes each question and gives `answer`."""

    def ask(question: str) -> bool:
        asked.append(question)
        return answer

    return ask


# --- resuming after a crash ---------------------------------------------------------------

# Lead-in 5, left side 20, switch 5, right side 20: times into the session.
CRASH_POINTS = [
    pytest.param(5.3, PhaseKind.HOLD, "left side", id="hold-start"),
    pytest.param(12.5, PhaseKind.HOLD, "left side", id="hold-middle"),
    pytest.param(24.9, PhaseKind.HOLD, "left side", id="hold-end"),
    pytest.param(25.2, PhaseKind.SWITCH_SIDES, "switching to the right side", id="switch-start"),
    pytest.param(27.0, PhaseKind.SWITCH_SIDES, "switching to the right side", id="switch-mid"),
    pytest.param(29.95, PhaseKind.SWITCH_SIDES, "switching to the right side", id="switch-end"),
    pytest.param(41.5, PhaseKind.HOLD, "right side", id="right-side"),
]


@pytest.mark.parametrize(("elapsed", "kind", "where"), CRASH_POINTS)
def test_after_a_crash_the_phase_comes_back_with_the_time_left_to_a_second(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
    elapsed: float,
    kind: PhaseKind,
    where: str,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, elapsed)  # running all along: no pause, no phase change just now
    settle(qtbot, window)
    lost = window.driver.snapshot()
    assert lost is not None
    assert (lost.state, lost.phase.kind) == (State.RUNNING, kind)
    die(window)

    again = make_window(qtbot, catalog, clock, settings, history)
    questions: list[str] = []
    again.ask_resume = answering(True, questions)
    assert again.offer_resume()
    back = again.driver.snapshot()
    assert back is not None
    assert (back.state, back.phase_index) == (State.PAUSED, lost.phase_index)
    assert 0 <= back.remaining - lost.remaining < 1.0
    left = format_duration(back.remaining)
    assert questions == [
        f"Resume Two step test at Lunge press, {where}, {left} left (step 1 of 2)?"
    ]
    assert again.session_page.countdown.text() == left
    settle(qtbot, again)
    (row,) = history.recent()  # the same session goes on, under way
    assert row.outcome is None
    again.driver.toggle()
    advance(again, clock, 61.0)
    settle(qtbot, again)
    (row,) = history.recent()
    assert row.outcome is Outcome.COMPLETED
    assert row.seconds_active == pytest.approx(61.0, abs=1.0)  # what was run, as run
    again.close()


def test_a_killed_process_leaves_a_record_that_resumes_to_the_second(
    qtbot: QtBot,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    tmp_path: Path,
) -> None:
    """A real kill -9, mid-switch: nothing of the process runs after it."""
    result = run_python(
        f"""
        import os, signal, time
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from app.clock import ManualClock
        from app.history import History
        from app.ui.settings_store import settings_at
        from app.paths import history_path
        from app.store import Catalog
        from app.ui.main_window import MainWindow
        from tests.ui.driving import advance
        clock = ManualClock()
        window = MainWindow(Catalog.load(Path({str(user_routines_dir())!r})), clock,
                            settings=settings_at({str(tmp_path / "child.ini")!r}),
                            history=History.open(history_path()))
        window.show()
        window.open_routine("two-step", start=True)
        advance(window, clock, 5 + 20 + 2.5)  # 2.5 s left of the switch
        from PySide6.QtTest import QTest
        log = window.session_log
        give_up = time.monotonic() + 20
        while log.writes_pending and time.monotonic() < give_up:  # as qtbot.waitUntil
            QTest.qWait(10)
        print(window.driver.snapshot().remaining, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    assert result.returncode == -9, result.stderr
    assert float(result.stdout) == 2.5
    with History.open(history_path()) as history:
        (lost,) = history.recent()
        assert lost.outcome is None  # the kill left it under way
        again = make_window(qtbot, catalog, clock, settings, history)
        questions: list[str] = []
        again.ask_resume = answering(True, questions)
        assert again.offer_resume()
        assert questions == [
            "Resume Two step test at Lunge press, switching to the right side, 0:03 left "
            "(step 1 of 2)?"
        ]
        back = again.driver.snapshot()
        assert back is not None
        assert back.phase.kind is PhaseKind.SWITCH_SIDES
        assert 2.5 <= back.remaining < 3.5
        settle(qtbot, again)
        assert [row.id for row in history.recent()] == [lost.id]
        again.close()


def test_the_record_stays_fresh_every_second_while_running(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    began = clock.monotonic()
    for elapsed, remaining in ((5.0 + 1.0, 19.0), (5.0 + 7.0, 13.0), (5.0 + 15.0, 5.0)):
        advance(window, clock, began + elapsed - clock.monotonic())
        settle(qtbot, window)
        point = ResumePoint.from_json(resume_record())
        assert point is not None
        assert (point.phase_index, point.remaining) == (1, remaining)
        assert point.active_seconds == elapsed
        assert point.history_row is not None


def test_a_record_left_in_the_settings_by_the_previous_version_resumes_once(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, settings: Settings
) -> None:
    settings.set(
        Options.RESUME_SESSION,
        '{"version":1,"routine_id":"two-step","routine_title":"Two step test",'
        '"routine_path":null,"phase_index":3,"remaining":20.0,"phase_count":6,'
        '"step_number":1,"step_count":2,"stretch":"Lunge press","completed":[],'
        '"durations":[5.0,20.0,5.0,20.0,3.0,8.0]}',
    )
    questions: list[str] = []
    window.ask_resume = answering(True, questions)
    assert window.offer_resume()
    assert questions == ["Resume Two step test at Lunge press, 0:20 left (step 1 of 2)?"]
    assert window.session_page.phase_label.text() == "Paused · Hold · Right side"
    assert window.session_page.countdown.text() == "0:20"
    assert settings.get(Options.RESUME_SESSION) == ""  # read once, then only the file
    settle(qtbot, window)
    assert ResumePoint.from_json(resume_record()) is not None


def test_a_session_whose_routine_changed_since_is_recorded_stopped(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 9.0)
    settle(qtbot, window)
    die(window)
    shorter = TWO_STEP_ROUTINE.split("  - stretch: supported-heel-raise")[0]
    (user_routines_dir() / "two-step.yaml").write_text(shorter, encoding="utf-8")
    again = make_window(qtbot, Catalog.load(user_routines_dir()), clock, settings, history)
    again.ask_resume = answering(True, [])
    again.offer_resume()
    session = again.driver.session
    assert session is not None
    assert session.state is State.READY  # there to start afresh
    settle(qtbot, again)
    assert resume_record() == ""
    (lost,) = history.recent()
    assert (lost.outcome, lost.seconds_active) == (Outcome.STOPPED, 9.0)
    again.close()


@pytest.mark.parametrize("content", [b"{garbled", b"\x00\x01\x02", b'{"version":2}'])
def test_a_garbled_record_is_dropped_without_asking(
    window: MainWindow, qtbot: QtBot, content: bytes
) -> None:
    resume_path().parent.mkdir(parents=True, exist_ok=True)
    resume_path().write_bytes(content)

    def never(question: str) -> bool:
        raise AssertionError(question)

    window.ask_resume = never
    assert not window.offer_resume()
    assert window.pages.currentWidget() is window.picker
    settle(qtbot, window)
    assert not resume_path().exists()


def test_an_absurd_record_is_dropped_with_a_notice_that_says_why(
    window: MainWindow, qtbot: QtBot
) -> None:
    record = (
        '{"version":2,"routine_id":"two-step","routine_title":"Two steps",'
        '"routine_path":null,"phase_index":1,"remaining":1' + "0" * 70 + ","
        '"phase_count":6,"step_number":1,"step_count":2,"stretch":"Lunge press",'
        '"completed":[],"durations":[5.0,20.0,5.0,20.0,3.0,30.0],"history_row":'
        + "9" * 30
        + ',"active_seconds":0.0,"phase_kind":"hold","side":"left"}'
    )
    resume_path().parent.mkdir(parents=True, exist_ok=True)
    resume_path().write_text(record, encoding="utf-8")

    def never(question: str) -> bool:
        raise AssertionError(question)

    window.ask_resume = never
    assert not window.offer_resume()
    assert window.pages.currentWidget() is window.picker
    assert window.picker.history_notice.text() == (
        "An interrupted session could not be resumed: its record was removed "
        "because it has 1e+70 s left of a 20 s phase."
    )
    settle(qtbot, window)
    assert not resume_path().exists()


def test_a_record_that_cannot_be_written_is_reported_once(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, tmp_path: Path
) -> None:
    folder = resume_path().parent
    shutil.rmtree(folder)  # the routines were read already
    folder.write_text("a file where the data folder should be", encoding="utf-8")
    with History.open(tmp_path / "history.sqlite3") as elsewhere:
        win = make_window(qtbot, catalog, clock, settings, elsewhere)
        notices: list[str] = []
        win.session_log.notice.connect(notices.append)
        win.open_routine("two-step", start=True)
        advance(win, clock, 10.0)
        settle(qtbot, win)
        # The failure comes back from the writer's thread queued: it may land just after.
        qtbot.waitUntil(lambda: bool(notices))
        assert win.pages.currentWidget() is win.session_page  # the warm-up goes on
        assert len(notices) == 1  # not once a second
        assert notices[0].startswith("Where the session stands could not be saved (")
        assert notices[0].endswith("); the warm-up goes on.")
        assert win.picker.history_notice.text() == notices[0]
        win.close()


# --- `--routine X --start` with a session pending -----------------------------------------


@pytest.fixture
def crashed(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, history: History
) -> Iterator[int]:
    """A warm-up (Waist & lower back) lost 20 s in; yields its history row."""
    lost = make_window(qtbot, catalog, clock, settings, history)
    lost.open_routine("waist", start=True)
    advance(lost, clock, 20.0)
    settle(qtbot, lost)
    (row,) = history.recent()
    die(lost)
    yield row.id
    lost.close()


@pytest.fixture
def launched(qtbot: QtBot, clock: FakeClock, settings: Settings) -> Iterator[MainWindow]:
    """A window as launch() makes it: painted first, routines and history after."""
    win = MainWindow(None, clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    opened = win.history
    win.close()
    if opened is not None:
        opened.close()


def test_start_with_a_session_pending_asks_first_and_yes_resumes_it(
    qtbot: QtBot, crashed: int, launched: MainWindow, history: History
) -> None:
    questions: list[str] = []
    launched.ask_resume = answering(True, questions)
    start_up(qtbot, launched, "two-step", True)
    assert len(questions) == 1
    assert questions[0].startswith("Resume Waist & lower back at ")
    session = launched.driver.session
    assert session is not None
    assert (session.routine.title, session.state) == ("Waist & lower back", State.PAUSED)
    settle(qtbot, launched)
    (row,) = history.recent()
    assert (row.id, row.outcome) == (crashed, None)  # it goes on


def test_start_with_a_session_pending_and_no_records_it_stopped_and_starts_the_new_one(
    qtbot: QtBot, crashed: int, launched: MainWindow, history: History
) -> None:
    launched.ask_resume = lambda question: False
    start_up(qtbot, launched, "two-step", True)
    session = launched.driver.session
    assert session is not None
    assert (session.routine.title, session.state) == ("Two step test", State.RUNNING)
    settle(qtbot, launched)
    newer, lost = history.recent()
    assert (lost.id, lost.outcome) == (crashed, Outcome.STOPPED)
    assert lost.seconds_active == pytest.approx(20.0, abs=1.0)
    assert (newer.routine_id, newer.outcome) == ("two-step", None)
    point = ResumePoint.from_json(resume_record())
    assert point is not None
    assert point.routine_id == "two-step"


# --- history writes off the GUI thread ----------------------------------------------------


def test_a_history_write_held_up_does_not_hold_up_the_countdown(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    start = history.start

    def held_start(routine_id: str, routine_title: str, step_count: int) -> int:
        held(release)
        return start(routine_id, routine_title, step_count)

    monkeypatch.setattr(history, "start", held_start)
    open_two_step(qtbot, window)
    advance(window, clock, 5.0 + 7.0)
    qtbot.waitUntil(lambda: '"remaining":13.0' in resume_record())  # the record keeps up
    advance(window, clock, 61.0 - 12.0)  # to the end, the row's start still held
    assert window.pages.currentWidget() is window.done_page
    assert window.session_log.writes_pending
    assert history.recent() == []
    release.set()
    settle(qtbot, window)
    (row,) = history.recent()
    assert (row.outcome, row.steps_completed, row.seconds_active) == (Outcome.COMPLETED, 2, 61.0)
    qtbot.waitUntil(lambda: window.done_page.streak_label.text() == "Day one of a new streak.")


def test_a_locked_history_gives_the_notice_and_the_warm_up_goes_on(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "locked.sqlite3"
    with History.open(path, busy_timeout=0.2) as locked_out:
        other = sqlite3.connect(path, isolation_level=None)  # another program holds it
        other.execute("BEGIN EXCLUSIVE")
        try:
            win = make_window(qtbot, catalog, clock, settings, locked_out)
            win.open_routine("two-step", start=True)
            advance(win, clock, 61.0)
            assert win.pages.currentWidget() is win.done_page
            win.close_session()
            qtbot.waitUntil(win.picker.history_notice.isVisible)
            assert win.picker.history_notice.text() == (
                "History could not be saved (database is locked); the warm-up goes on."
            )
            settle(qtbot, win)
        finally:
            other.execute("ROLLBACK")
            other.close()
        win.close()
        assert locked_out.recent() == []


def test_closing_the_window_waits_for_the_last_row(
    window: MainWindow,
    qtbot: QtBot,
    clock: FakeClock,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 8.0)
    settle(qtbot, window)
    release = threading.Event()
    finish = history.finish

    def slow_finish(*args: object) -> None:
        held(release)
        finish(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "finish", slow_finish)
    let_go = threading.Timer(0.2, release.set)  # a slow disk, done after a moment
    let_go.start()
    window.close()
    let_go.join()
    (row,) = history.recent()
    assert (row.outcome, row.seconds_active) == (Outcome.STOPPED, 8.0)


def test_closing_waits_for_a_stuck_write_only_so_long(
    window: MainWindow,
    qtbot: QtBot,
    clock: FakeClock,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(session_log, "CLOSE_WAIT_SECONDS", 0.2)
    open_two_step(qtbot, window)
    advance(window, clock, 8.0)
    settle(qtbot, window)
    release = threading.Event()
    finish = history.finish

    def stuck_finish(*args: object) -> None:
        held(release)
        finish(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "finish", stuck_finish)
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 2.0
    assert history.recent()[0].outcome is None  # not yet: the app may quit regardless
    release.set()
    qtbot.waitUntil(lambda: history.recent()[0].outcome is Outcome.STOPPED)


def test_a_notice_mid_session_does_not_read_the_history(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.show_history()  # the history page is built, reads the history...
    qtbot.waitUntil(lambda: not window.history_page.loading)  # (in a worker)
    window.close_session()  # ...and is left
    reads: list[str] = []
    last_warmup = history.last_warmup  # the page's first read

    def counted_last_warmup() -> SessionRecord | None:
        reads.append("last_warmup")
        return last_warmup()

    monkeypatch.setattr(history, "last_warmup", counted_last_warmup)
    open_two_step(qtbot, window)
    settle(qtbot, window)
    history.close()  # every write now fails
    advance(window, clock, 61.0)
    qtbot.waitUntil(lambda: "History could not be saved" in window.picker.history_notice.text())
    assert reads == []  # the countdown never waited on a read
    window.close_session()
    window.show_history()
    assert "History could not be saved" in window.history_page.notice_label.text()


def test_the_done_page_and_the_history_row_give_the_same_time(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 10.0)
    window.driver.toggle()  # a 30 s pause: left out of both
    advance(window, clock, 30.0)
    window.driver.toggle()
    advance(window, clock, 60.0)
    settle(qtbot, window)
    (row,) = history.recent()
    assert (row.outcome, row.seconds_active) == (Outcome.COMPLETED, 61.0)
    summary = window.done_page.summary_label.text()
    assert summary == f"2 of 2 stretches completed in {format_duration(61.0)}"
    assert window.done_page.paused_label.text() == "Paused for 0:30 along the way"


def test_a_resumed_session_counts_the_time_before_the_crash_on_the_done_page(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 20.0)
    settle(qtbot, window)
    die(window)
    again = make_window(qtbot, catalog, clock, settings, history)
    again.ask_resume = answering(True, [])
    assert again.offer_resume()
    clock.advance(15.0)  # the runner reads the question and the screen: paused
    again.driver.toggle()
    advance(again, clock, 61.0)
    settle(qtbot, again)
    (row,) = history.recent()
    assert row.seconds_active is not None
    assert row.seconds_active == pytest.approx(61.0, abs=1.0)
    summary = again.done_page.summary_label.text()
    assert summary == f"2 of 2 stretches completed in {format_duration(row.seconds_active)}"
    again.close()
