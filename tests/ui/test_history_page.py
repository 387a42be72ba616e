"""Session history through the window: rows recorded for completed and stopped
sessions, the history view, CSV export, a damaged database, and resuming a
session lost to a crash or a closed window."""

from __future__ import annotations

import contextlib
import csv
import errno
import sqlite3
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import history_export
from app.history import History, Outcome
from app.settings import Settings
from app.store import Catalog
from app.ui import history_page
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.driving import (
    QUICK_ROUTINE,
    TWO_STEP_ROUTINE,
    advance,
    by_its_timer,
    die,
    make_window,
    open_two_step,
    resume_record,
    settle,
)
from tests.ui.fresh_process import run_python


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))


@pytest.fixture
def history(tmp_path: Path, wall: WallClock) -> Iterator[History]:
    with History.open(tmp_path / "history.sqlite3", now=wall, tz=UTC) as opened:
        yield opened


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    return Catalog.load(folder)


def key(qtbot: QtBot, window: MainWindow, name: Qt.Key) -> None:
    qtbot.keyClick(window, name)


def shown(qtbot: QtBot, window: MainWindow) -> history_page.HistoryPage:
    """The history page, once what it read in its worker is filled in."""
    page = window.history_page
    qtbot.waitUntil(lambda: not page.loading)
    return page


# --- recording -----------------------------------------------------------------------------


def test_a_completed_session_is_recorded(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History, settings: Settings
) -> None:
    open_two_step(qtbot, window)
    settle(qtbot, window)
    (row,) = history.recent()
    assert (row.routine_id, row.routine_title, row.step_count) == ("two-step", "Two step test", 2)
    assert row.outcome is None  # recorded at the start
    assert resume_record()  # and where it stands, in case of a crash
    advance(window, clock, 61.0)
    assert window.pages.currentWidget() is window.done_page
    settle(qtbot, window)
    (row,) = history.recent()
    assert row.outcome is Outcome.COMPLETED
    assert row.steps_completed == 2
    assert row.seconds_active == 61.0
    assert resume_record() == ""
    qtbot.waitUntil(lambda: window.done_page.streak_label.text() == "Day one of a new streak.")


def test_the_done_screen_counts_the_days_in_a_row(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History, wall: WallClock
) -> None:
    for day in (23, 24):
        wall.now = datetime(2026, 11, day, 7, 30, tzinfo=UTC)
        history.finish(history.start("waist", "Waist", 4), Outcome.COMPLETED, 4, 200.0)
    wall.now = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
    open_two_step(qtbot, window)
    advance(window, clock, 61.0)
    settle(qtbot, window)  # the streak is read once this warm-up's row is in
    qtbot.waitUntil(
        lambda: window.done_page.streak_label.text() == "3 days in a row: keep it going."
    )
    assert window.done_page.streak_label.isVisible()


def test_a_stopped_session_is_recorded_without_the_pauses(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History, settings: Settings
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 10.0)
    key(qtbot, window, Qt.Key.Key_Space)  # pause
    advance(window, clock, 100.0)
    key(qtbot, window, Qt.Key.Key_Space)  # resume
    advance(window, clock, 5.0)
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Return)  # yes, stop
    settle(qtbot, window)
    (row,) = history.recent()
    assert row.outcome is Outcome.STOPPED
    assert row.steps_completed == 0
    assert row.seconds_active == 15.0
    assert resume_record() == ""


def test_restart_begins_the_warm_up_again_in_the_same_row(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 5 + 20 + 5 + 20 + 3 + 1)  # the lunge press is done
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Space)  # yes, restart
    settle(qtbot, window)
    (row,) = history.recent()  # no "stopped early" row beside a new one
    assert row.outcome is None
    advance(window, clock, 61.0)
    settle(qtbot, window)
    (row,) = history.recent()
    assert (row.outcome, row.steps_completed, row.seconds_active) == (Outcome.COMPLETED, 2, 61.0)
    key(qtbot, window, Qt.Key.Key_Space)  # again, from the done page: a new warm-up
    settle(qtbot, window)
    assert [row.outcome for row in history.recent()] == [None, Outcome.COMPLETED]


def test_a_failing_database_never_stops_the_warm_up(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History
) -> None:
    open_two_step(qtbot, window)
    settle(qtbot, window)
    history.close()  # every write now fails with a sqlite3 error
    advance(window, clock, 61.0)
    assert window.pages.currentWidget() is window.done_page
    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.picker.history_notice.isVisible)
    assert "History could not be saved" in window.picker.history_notice.text()
    assert "\n" not in window.picker.history_notice.text()


# --- the view ------------------------------------------------------------------------------


def fill(history: History, wall: WallClock) -> None:
    """Completed warm-ups on the 23rd and 24th and three weeks before; one stopped today."""
    for started, outcome, steps in (
        (datetime(2026, 11, 3, 7, 0, tzinfo=UTC), Outcome.COMPLETED, 2),
        (datetime(2026, 11, 23, 7, 0, tzinfo=UTC), Outcome.COMPLETED, 2),
        (datetime(2026, 11, 24, 18, 30, tzinfo=UTC), Outcome.COMPLETED, 2),
        (datetime(2026, 11, 25, 8, 0, tzinfo=UTC), Outcome.STOPPED, 1),
    ):
        wall.now = started
        row = history.start("two-step", "Two step test", 2)
        wall.now = started + timedelta(minutes=2)
        history.finish(row, outcome, steps, 95.0)
    wall.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_h_opens_the_history_and_esc_goes_back(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock
) -> None:
    fill(history, wall)
    key(qtbot, window, Qt.Key.Key_H)
    page = shown(qtbot, window)
    assert window.pages.currentWidget() is page
    assert page.last_label.text() == "Last warm-up yesterday"
    assert page.streak_label.text() == "2-day streak"
    assert page.rows() == [
        ["Wed 25 Nov 2026, 08:00", "Two step test", "1 of 2", "1:35", "Stopped early"],
        ["Tue 24 Nov 2026, 18:30", "Two step test", "2 of 2", "1:35", "Completed"],
        ["Mon 23 Nov 2026, 07:00", "Two step test", "2 of 2", "1:35", "Completed"],
        ["Tue 03 Nov 2026, 07:00", "Two step test", "2 of 2", "1:35", "Completed"],
    ]
    counts = page.chart_counts()
    assert len(counts) == history_page.WEEKS_SHOWN
    assert counts[-4:] == [1, 0, 0, 2]  # the week of 2 Nov ... this week (23 Nov)
    assert not page.notice_label.isVisible()
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.picker


def test_with_only_unfinished_sessions_none_is_called_a_warm_up(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    for _ in range(4):
        history.finish(history.start("waist", "Waist", 4), Outcome.STOPPED, 1, 30.0)
    window.show_history()
    page = shown(qtbot, window)
    assert len(page.rows()) == 4
    assert page.last_label.text() == "No warm-up completed yet"


def test_sessions_of_two_routines_with_one_title_are_told_apart(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    for routine_id in ("tiny", "tiny-2", "tiny"):
        history.finish(history.start(routine_id, "Tiny test", 2), Outcome.COMPLETED, 2, 60.0)
    history.finish(history.start("waist", "Waist", 4), Outcome.COMPLETED, 4, 60.0)
    window.show_history()
    titles = [row[1] for row in shown(qtbot, window).rows()]
    assert sorted(titles) == ["Tiny test (tiny)", "Tiny test (tiny)", "Tiny test (tiny-2)", "Waist"]


def test_week_labels_turn_upwards_when_the_window_is_too_narrow_for_them(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock
) -> None:
    fill(history, wall)
    window.show_history()
    page = shown(qtbot, window)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.week_labels_angle() == 0)
    window.resize(window.minimumSize())  # "28 Sep" no longer fits under its bar
    qtbot.waitUntil(lambda: page.week_labels_angle() == -90)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.week_labels_angle() == 0)


def test_the_picker_button_opens_it_and_an_empty_history_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.mouseClick(window.picker.history_button, Qt.MouseButton.LeftButton)
    page = shown(qtbot, window)
    assert window.pages.currentWidget() is page
    assert page.last_label.text() == "No warm-ups yet"
    assert page.streak_label.text().startswith("No streak yet")
    assert page.rows() == [["No sessions yet", "", "", "", ""]]
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.picker


def test_h_does_nothing_during_a_session(qtbot: QtBot, window: MainWindow) -> None:
    open_two_step(qtbot, window)
    key(qtbot, window, Qt.Key.Key_H)
    assert window.pages.currentWidget() is window.session_page


def test_export_writes_the_csv_file(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock, tmp_path: Path
) -> None:
    fill(history, wall)
    target = tmp_path / "export.csv"
    window.show_history()
    page = shown(qtbot, window)
    asked: list[object] = []

    def choose(parent: object) -> str:
        asked.append(parent)
        return str(target)

    page.choose_export_path = choose
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert asked == [page]
    qtbot.waitUntil(lambda: not page.exporting)
    with target.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 5
    assert rows[1][2] == "Two step test"
    assert page.status_label.text() == f"Exported 4 sessions to {target}"


def test_a_cancelled_export_writes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.show_history()
    window.history_page.choose_export_path = lambda parent: ""
    qtbot.mouseClick(window.history_page.export_button, Qt.MouseButton.LeftButton)
    assert window.history_page.status_label.text() == ""
    assert list(tmp_path.glob("*.csv")) == []


def test_the_chart_says_its_numbers_to_a_screen_reader_and_needs_no_qtcharts(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock
) -> None:
    fill(history, wall)
    window.show_history()
    page = shown(qtbot, window)
    assert page.chart_view.accessibleName() == "Warm-ups per week"
    assert page.chart_view.accessibleDescription().startswith("Warm-ups per week: ")
    assert page.chart_view.accessibleDescription().endswith("16 Nov: 0, 23 Nov: 2")
    assert page.chart_view.focusPolicy() is Qt.FocusPolicy.NoFocus
    assert not page.notice_label.isVisible()
    assert "PySide6.QtCharts" not in sys.modules  # drawn by the page, not imported


def test_a_damaged_database_is_reported_and_the_app_runs(
    qtbot: QtBot,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    tmp_path: Path,
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    with History.open(damaged) as opened:
        assert opened.notice is not None
        win = make_window(qtbot, catalog, clock, settings, opened)
        assert win.picker.history_notice.isVisible()
        assert win.picker.history_notice.text() == opened.notice
        win.show_history()
        assert opened.notice in shown(qtbot, win).notice_label.text()
        win.close_session()
        win.open_routine("two-step", start=True)
        settle(qtbot, win)
        assert len(opened.recent()) == 1  # the fresh history records as usual
        win.close()


def test_history_can_arrive_after_the_first_paint(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, settings: Settings, history: History
) -> None:
    win = make_window(qtbot, catalog, clock, settings, None)
    win.show_history()
    assert "not available" in win.history_page.notice_label.text()
    win.set_history(history)
    assert shown(qtbot, win).last_label.text() == "No warm-ups yet"
    win.close()


# --- resuming ------------------------------------------------------------------------------


def crash_mid_session(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    """Get 7.5 s into the left side of the lunge press, pause, then "crash": the window
    is never closed, so what is on disk is what a kill -9 would leave."""
    open_two_step(qtbot, window)
    advance(window, clock, 5.0 + 7.5)
    key(qtbot, window, Qt.Key.Key_Space)  # pause: the record says 12.5 s left
    settle(qtbot, window)
    assert '"phase_index":1' in resume_record()
    die(window)


def test_after_a_crash_the_session_resumes_where_it_stopped(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    crash_mid_session(qtbot, window, clock)
    again = make_window(qtbot, catalog, clock, settings, history)
    questions: list[str] = []

    def yes(question: str) -> bool:
        questions.append(question)
        return True

    again.ask_resume = yes
    assert again.offer_resume()
    assert questions == ["Resume Two step test at Lunge press, left side, 0:13 left (step 1 of 2)?"]
    page = again.session_page
    assert again.pages.currentWidget() is page
    assert page.phase_label.text() == "Paused · Hold · Left side"
    assert page.countdown.text() == "0:13"
    assert again.windowTitle() == "Paused · 0:13 · Lunge press — Limber"
    settle(qtbot, again)
    (resumed,) = history.recent()  # the run goes on in its own row
    assert resumed.outcome is None
    again.driver.toggle()  # Space (the second window is not the active one offscreen)
    advance(again, clock, 12.5)
    assert page.phase_label.text() == "Switch sides"
    again.close()


def test_closing_the_window_keeps_the_exact_time_left(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 5.0 + 8.0)  # running, 12 s left
    window.close()
    assert history.recent()[0].outcome is Outcome.STOPPED
    again = make_window(qtbot, catalog, clock, settings, history)
    again.ask_resume = lambda question: True
    assert again.offer_resume()
    assert again.session_page.countdown.text() == "0:12"
    again.close()


def test_a_resumed_warm_up_is_one_session_in_the_history(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 5.0 + 8.0)  # 13 s run: the lead-in and 8 s of the hold
    window.close()
    (closed,) = history.recent()
    assert (closed.outcome, closed.seconds_active) == (Outcome.STOPPED, 13.0)
    again = make_window(qtbot, catalog, clock, settings, history)
    again.ask_resume = lambda question: True
    assert again.offer_resume()
    settle(qtbot, again)
    assert history.recent()[0].outcome is None  # under way again
    again.driver.toggle()
    advance(again, clock, 12.0 + 5.0 + 20.0 + 3.0 + 8.0)  # the rest of the routine
    assert again.pages.currentWidget() is again.done_page
    settle(qtbot, again)
    (session,) = history.recent()  # the same row, not a second one
    assert session.id == closed.id
    assert session.outcome is Outcome.COMPLETED
    assert session.steps_completed == 2
    assert session.seconds_active == pytest.approx(13.0 + 48.0)
    again.close()


def test_a_record_from_another_history_resumes_in_a_new_row(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    wall: WallClock,
    tmp_path: Path,
) -> None:
    crash_mid_session(qtbot, window, clock)
    # Meanwhile the history was replaced (a damaged file set aside, say).
    with History.open(tmp_path / "new.sqlite3", now=wall, tz=UTC) as fresh:
        again = make_window(qtbot, catalog, clock, settings, fresh)
        again.ask_resume = lambda question: True
        assert again.offer_resume()
        settle(qtbot, again)
        (session,) = fresh.recent()
        assert (session.routine_id, session.outcome) == ("two-step", None)
        again.close()


def test_declining_clears_the_record_and_records_the_session_stopped(
    qtbot: QtBot,
    window: MainWindow,
    catalog: Catalog,
    clock: FakeClock,
    settings: Settings,
    history: History,
) -> None:
    crash_mid_session(qtbot, window, clock)
    (lost,) = history.recent()
    assert lost.outcome is None  # as the crash left it
    again = make_window(qtbot, catalog, clock, settings, history)
    again.ask_resume = lambda question: False
    assert not again.offer_resume()
    assert again.pages.currentWidget() is again.picker
    settle(qtbot, again)
    assert resume_record() == ""
    (stopped,) = history.recent()
    assert (stopped.id, stopped.outcome, stopped.seconds_active) == (
        lost.id,
        Outcome.STOPPED,
        12.5,
    )
    again.close()


def test_a_record_for_a_routine_that_is_gone_is_dropped_without_asking(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    settings: Settings,
    history: History,
    tmp_path: Path,
) -> None:
    crash_mid_session(qtbot, window, clock)
    (tmp_path / "routines" / "two-step.yaml").unlink()
    again = make_window(qtbot, Catalog.load(tmp_path / "routines"), clock, settings, history)

    def never(question: str) -> bool:
        raise AssertionError(question)

    again.ask_resume = never
    assert not again.offer_resume()
    settle(qtbot, again)
    assert resume_record() == ""
    assert history.recent()[0].outcome is Outcome.STOPPED  # not left "unfinished"
    again.close()


def test_nothing_to_resume_after_a_normal_stop(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, settings: Settings
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 8.0)
    settle(qtbot, window)
    assert resume_record()
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Space)  # yes, stop
    settle(qtbot, window)
    assert resume_record() == ""


def test_nothing_of_history_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    result = run_python(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from app.clock import ManualClock
        from app.ui.settings_store import settings_at
        from app.store import Catalog
        from app.ui.main_window import MainWindow
        window = MainWindow(Catalog.load(Path({str(tmp_path)!r})), ManualClock(),
                            settings=settings_at({str(tmp_path / "s.ini")!r}))

        def at_first_paint():
            print([m for m in ("sqlite3", "json", "app.history", "app.ui.history_page",
                               "PySide6.QtCharts") if m in sys.modules])
            app.quit()

        window.first_painted.connect(at_first_paint)
        window.show()
        app.exec()
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- damaged rows --------------------------------------------------------------------------


def damage(history: History, *started_at: str) -> None:
    """Rows edited by hand into nonsense, straight into the database file."""
    assert history.path is not None
    connection = sqlite3.connect(history.path)
    with connection:
        for text in started_at:
            connection.execute(
                "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
                " steps_completed, step_count, outcome) VALUES ('x', 'X', ?, ?, 1, 1, 'completed')",
                (text, text),
            )
    connection.close()


def test_the_history_opens_over_damaged_rows_and_says_how_many(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock
) -> None:
    fill(history, wall)
    damage(history, "yesterday", "0001-01-01T00:00:00+05:00")
    key(qtbot, window, Qt.Key.Key_H)
    page = shown(qtbot, window)
    assert window.pages.currentWidget() is page
    assert page.streak_label.text() == "2-day streak"
    assert len(page.rows()) == 4
    assert page.notice_label.isVisible()
    assert page.notice_label.text() == "2 damaged entries not shown."


def test_the_done_screen_shows_over_a_damaged_row_and_says_so(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, history: History, wall: WallClock
) -> None:
    damage(history, "yesterday")
    wall.now = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
    open_two_step(qtbot, window)
    advance(window, clock, 61.0)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.done_page
    qtbot.waitUntil(  # read in a worker
        lambda: (
            window.done_page.streak_label.text()
            == "Day one of a new streak.\n1 damaged entry not shown."
        )
    )


# --- at any size ---------------------------------------------------------------------------


def add_sessions(history: History, count: int) -> None:
    """`count` completed sessions, one every six hours up to this morning, written
    straight into the file as years of use would leave them."""
    assert history.path is not None
    connection = sqlite3.connect(history.path)
    ending = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    with connection:
        connection.executemany(
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
            " steps_completed, step_count, outcome, seconds_active)"
            " VALUES ('two-step', 'Two step test', ?, ?, 2, 2, 'completed', 95.0)",
            [
                ((ending - timedelta(hours=6 * back)).isoformat(timespec="seconds"),) * 2
                for back in range(count)
            ],
        )
    connection.close()


def hold(monkeypatch: pytest.MonkeyPatch, history: History) -> threading.Event:
    """Make the streak's read wait (a database held by another program) until released."""
    release = threading.Event()
    streak = history.streak

    def held_streak(today: date) -> int:
        assert release.wait(5.0)
        return streak(today)

    monkeypatch.setattr(history, "streak", held_streak)
    return release


def test_the_history_page_opens_at_once_and_fills_in_when_it_is_read(
    qtbot: QtBot,
    window: MainWindow,
    history: History,
    wall: WallClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(history, wall)
    release = hold(monkeypatch, history)
    key(qtbot, window, Qt.Key.Key_H)  # returns while the read waits
    page = window.history_page
    assert window.pages.currentWidget() is page
    assert page.loading
    assert page.streak_label.text() == ""
    release.set()
    qtbot.waitUntil(lambda: not page.loading)
    assert page.streak_label.text() == "2-day streak"
    assert len(page.rows()) == 4


def test_the_done_page_shows_at_once_and_the_streak_when_it_is_read(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = hold(monkeypatch, history)
    open_two_step(qtbot, window)
    advance(window, clock, 61.0)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.done_page
    assert window.done_page.summary_label.text().startswith("2 of 2 stretches completed")
    assert not window.done_page.streak_label.isVisible()
    release.set()
    qtbot.waitUntil(lambda: window.done_page.streak_label.text() == "Day one of a new streak.")


def test_the_list_shows_a_page_and_more_on_request(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    page_size = history_page.RECENT_SHOWN
    add_sessions(history, 2 * page_size + 7)
    window.show_history()
    page = shown(qtbot, window)
    assert len(page.rows()) == page_size
    assert page.rows()[0][0] == "Wed 25 Nov 2026, 06:00"
    assert (
        page.more_label.text() == f"Showing the latest {page_size} of {2 * page_size + 7} sessions"
    )
    assert page.more_button.isVisible()
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.rows()) == 2 * page_size)
    assert page.more_label.text().startswith(f"Showing the latest {2 * page_size} of")
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.rows()) == 2 * page_size + 7)
    assert not page.more_button.isVisible()
    assert not page.more_label.isVisible()
    dates = [row[0] for row in page.rows()]
    assert len(set(dates)) == len(dates)  # each session once, in order
    assert dates[-1] == "Thu 29 Oct 2026, 18:00"  # 106 times six hours before the first


def test_a_title_shared_further_down_the_page_marks_the_rows_in_sight_too(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    add_sessions(history, history_page.RECENT_SHOWN - 1)
    assert history.path is not None
    with contextlib.closing(sqlite3.connect(history.path)) as connection, connection:
        connection.execute(  # the oldest, the last row of the page: a copy's session
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
            " steps_completed, step_count, outcome, seconds_active) VALUES ('two-step-2',"
            " 'Two step test', '2026-01-01T07:00:00+00:00', '2026-01-01T07:05:00+00:00',"
            " 2, 2, 'completed', 95.0)"
        )
    window.show_history()
    titles = [row[1] for row in shown(qtbot, window).rows()]
    assert len(titles) == history_page.RECENT_SHOWN
    assert titles[0] == "Two step test (two-step)"  # in sight at once, told apart all the same
    assert titles[-1] == "Two step test (two-step-2)"
    assert set(titles[:-1]) == {"Two step test (two-step)"}


def test_a_long_export_says_how_far_it_has_got_ten_times_a_second_at_most(
    qtbot: QtBot,
    window: MainWindow,
    history: History,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_sessions(history, 25)
    monkeypatch.setattr(history_export, "EXPORT_BATCH", 10)
    said: list[str] = []

    def progress_text(done: int, total: int) -> str:
        said.append(text := f"{done} of {total}")
        return text

    monkeypatch.setattr(history_page, "export_progress_text", progress_text)
    window.show_history()
    page = shown(qtbot, window)
    target = tmp_path / "long.csv"
    page.choose_export_path = lambda parent: str(target)
    # Each batch takes 0.06 s: the second comes too soon after the first to be said
    # (ten lines a second at most), the end is always said.
    times = iter([100.0, 100.06, 100.12])
    page.progress_clock = lambda: next(times)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert not page.export_button.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: not page.exporting)
    assert said == ["10 of 25", "25 of 25"]
    assert page.status_label.text() == f"Exported 25 sessions to {target}"
    assert page.export_button.isEnabled()
    assert len(target.read_text(encoding="utf-8").splitlines()) == 26


class DiskFull:
    """A file that takes the header, then finds the disk full."""

    @contextlib.contextmanager
    def __call__(self, path: Path) -> Iterator[TextIO]:
        yield self  # type: ignore[misc]

    def write(self, text: str) -> int:
        if not text.startswith("id,"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(text)


def test_a_full_disk_is_said_in_one_line_and_nothing_is_left(
    qtbot: QtBot, window: MainWindow, history: History, wall: WallClock, tmp_path: Path
) -> None:
    fill(history, wall)
    window.show_history()
    page = shown(qtbot, window)
    target = tmp_path / "history.csv"
    page.choose_export_path = lambda parent: str(target)
    page.open_export = DiskFull()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.exporting)
    assert page.status_label.text() == (
        f"The disk is full: the history was not exported to {target}. "
        "Free some space and try again."
    )
    assert not target.exists()
    assert page.export_button.isEnabled()


def test_a_session_run_by_its_own_timer_is_listed_with_the_done_pages_time(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_loaded_routine(QUICK_ROUTINE)
    window.driver.start()
    page = window.session_page
    by_its_timer(qtbot, clock, 0.5, lambda: page.phase_label.text().startswith("Rest"))
    window.driver.toggle()  # a 30 s pause: in neither time
    clock.advance(30.0)
    window.driver.toggle()
    by_its_timer(qtbot, clock, 0.3, lambda: window.pages.currentWidget() is window.done_page)
    settle(qtbot, window)
    window.close_session()
    window.show_history()
    table = shown(qtbot, window).table
    assert table.topLevelItemCount() == 1
    row = table.topLevelItem(0)
    assert row is not None
    assert row.text(1) == "Quick"
    assert row.text(3) == "0:01"
    assert window.done_page.summary_label.text().endswith(f"completed in {row.text(3)}")
