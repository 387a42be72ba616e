"""The session, done and history pages in other languages: every text they show goes
through the catalogs (the pseudo-locale finds any that does not), and dates and
numbers follow the chosen language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.clock import ManualClock
from app.history import History, Outcome, damaged_entries_text
from app.i18n import ENGLISH, _, install_language, installed
from app.regions import Region
from app.routine import Hold, Reps, Routine, Sides, Step
from app.session import HoldChange, PauseReason, Session
from app.ui.done_page import DonePage
from app.ui.history_page import HistoryPage
from app.ui.history_texts import number_text, week_label
from app.ui.session_page import Confirmation, SessionPage
from tests.pseudo import pseudo_locale
from tests.ui.pseudo_widgets import untranslated_widget_texts

ROUTINE = Routine(
    id="mine",
    title="My morning",
    steps=(
        Step(
            name="Lunge press",
            instructions="Step forward and sink.",
            dose=Hold(20),
            sides=Sides.BOTH,
            regions=(Region.THIGHS_KNEES,),
            cue="Knee over the ankle.",
        ),
        Step(name="Heel raise", instructions="Rise slowly.", dose=Reps(4, 2.0)),
    ),
    lead_in=5,
    rest=3,
)
# The runner's own routine: its title and texts stay as they wrote them.
USER_DATA = {
    ROUTINE.id,  # its file's name, in the history's tooltips
    ROUTINE.title,
    *(step.name for step in ROUTINE.steps),
    *(step.instructions for step in ROUTINE.steps),
    *(step.cue for step in ROUTINE.steps if step.cue),
}


def untranslated(page: QWidget) -> list[tuple[str, str]]:
    """What of `page` the pseudo-locale did not reach, the runner's own texts aside."""
    return untranslated_widget_texts(page, USER_DATA)


def session_states(session: Session, clock: ManualClock) -> Iterator[str]:
    """Takes the session through its main moments, naming each."""
    yield "ready"
    session.start()
    yield "get ready"
    clock.advance(6)
    yield "hold, left side"
    session.pause()
    yield "paused"
    session.resume()
    clock.advance(20)
    yield "switch sides"
    clock.advance(5)
    yield "hold, right side"
    session.adjust(10)
    clock.advance(31)
    yield "rest"
    clock.advance(3)
    clock.advance(1)
    yield "reps"
    session.pause(PauseReason.SLEEP)
    yield "paused by sleep"
    session.resume()
    session.skip()
    yield "done"


def test_every_text_of_the_session_page_is_translated(qtbot: QtBot) -> None:
    clock = ManualClock()
    with pseudo_locale():
        page = SessionPage()
        qtbot.addWidget(page)
        session = Session(ROUTINE, clock)
        found = []
        for state in session_states(session, clock):
            page.show_snapshot(session.snapshot(), ROUTINE.title)
            found += [(state, *text) for text in untranslated(page)]
            if state == "hold, left side":
                for confirmation in Confirmation:
                    page.ask(confirmation)
                    found += [(confirmation.value, *text) for text in untranslated(page)]
                    page.cancel_confirmation()
    assert found == [], "\n".join(map(str, found))


def test_every_text_of_the_done_page_is_translated(qtbot: QtBot) -> None:
    with pseudo_locale():
        page = DonePage()
        qtbot.addWidget(page)
        found = []
        changes = (
            HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=20.0),
            HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0),
            HoldChange(0, 20.0, 30.0, both_sides=True, right=30.0),
            HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=30.0),
            HoldChange(1, 20.0, 10.0),
        )
        for completed, paused, change, days in (
            ((0,), 0.0, changes[:1], 0),
            ((0, 1), 27.0, changes[1:2], 1),
            ((), 0.0, changes[2:3], 2),
            ((0, 1), 0.0, changes[3:], 5),
        ):
            page.show_result(ROUTINE, completed, 95.0, paused_seconds=paused, hold_changes=change)
            page.show_streak(days, _("{sentence}.").format(sentence=damaged_entries_text(days)))
            found += untranslated(page)
    assert found == [], "\n".join(map(str, found))


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    """Two weeks of a runner's own routine: completed, stopped and unfinished sessions."""
    wall = WallClock(datetime(2026, 11, 9, 7, 0, tzinfo=UTC))
    with History.open(tmp_path / "history.sqlite3", now=wall, tz=UTC) as opened:
        for day, outcome in ((0, Outcome.COMPLETED), (7, Outcome.STOPPED), (15, None)):
            wall.now = datetime(2026, 11, 9, 7, 0, tzinfo=UTC) + timedelta(days=day)
            row = opened.start(ROUTINE.id, ROUTINE.title, 2)
            if outcome is not None:
                wall.now += timedelta(minutes=2)
                opened.finish(row, outcome, 1, 95.0)
        wall.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
        yield opened


def shown_history(qtbot: QtBot, history: History | None) -> HistoryPage:
    page = HistoryPage()
    qtbot.addWidget(page)
    page.set_history(history)
    qtbot.waitUntil(lambda: not page.loading)
    return page


def test_every_text_of_the_history_page_is_translated(
    qtbot: QtBot, history: History, tmp_path: Path
) -> None:
    target = str(tmp_path / "sessions.csv")
    with pseudo_locale():
        found = untranslated(shown_history(qtbot, None))
        page = shown_history(qtbot, history)
        found += untranslated(page)
        page.choose_export_path = lambda parent: target
        page.export()
        qtbot.waitUntil(lambda: not page.exporting)
        assert target in page.status_label.text()
        found += untranslated(page)  # the file's name is inside the translated sentence
    assert found == [], "\n".join(map(str, found))


@contextmanager
def language(code: str) -> Iterator[None]:
    """The shipped catalogs of `code` for the length of a `with` block."""
    with installed(ENGLISH):
        install_language(code)
        yield


@pytest.mark.parametrize(
    ("code", "started", "steps", "week", "number"),
    [
        ("en", "Mon 09 Nov 2026, 07:00", "1 of 2", "9 Nov", "1,204"),
        ("de", "Mo., 09.11.2026, 07:00", "1 von 2", "9.11.", "1.204"),
        ("zh_CN", "2026年11月9日 周一 07:00", "1/2", "11/9", "1,204"),
    ],
)
def test_the_history_writes_dates_weeks_and_numbers_as_the_language_does(
    qtbot: QtBot, history: History, code: str, started: str, steps: str, week: str, number: str
) -> None:
    with language(code):
        page = shown_history(qtbot, history)
        assert page.rows()[-1][:3] == [started, ROUTINE.title, steps]
        assert week_label(date(2026, 11, 9)) == week
        assert number_text(1204) == number


def cut_off(page: QWidget) -> list[tuple[str, int, int]]:
    """The texts of one line (labels that do not wrap, buttons) narrower than they need:
    (text, width given, width needed)."""
    page.grab()  # lays the page out at its size
    found = []
    for label in page.findChildren(QLabel):
        if label.isVisibleTo(page) and not label.wordWrap() and label.text():
            needed = max(map(label.fontMetrics().horizontalAdvance, label.text().split("\n")))
            if label.contentsRect().width() < needed:
                found.append((label.text(), label.contentsRect().width(), needed))
    for button in page.findChildren(QAbstractButton):
        if button.isVisibleTo(page) and button.width() < button.sizeHint().width():
            found.append((button.text(), button.width(), button.sizeHint().width()))
    return found


@pytest.mark.parametrize("code", ["de", "zh_CN"])
def test_nothing_is_cut_off_at_the_smallest_size(qtbot: QtBot, history: History, code: str) -> None:
    clock = ManualClock()
    with language(code):
        session_page = SessionPage()
        done_page = DonePage()
        history_page = shown_history(qtbot, history)
        pages: tuple[QWidget, ...] = (session_page, done_page, history_page)
        for page in pages[:2]:
            qtbot.addWidget(page)
        found = []
        for page in pages:
            page.resize(640, 480)  # the smallest window, less its menu and margins
        session = Session(ROUTINE, clock)
        for state in session_states(session, clock):
            session_page.show_snapshot(session.snapshot(), ROUTINE.title)
            found += [(state, *text) for text in cut_off(session_page)]
        done_page.show_result(
            ROUTINE,
            (0,),
            95.0,
            paused_seconds=27.0,
            hold_changes=(HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=20.0),),
        )
        done_page.show_streak(12, _("{sentence}.").format(sentence=damaged_entries_text(3)))
        found += [("done", *text) for text in cut_off(done_page)]
        found += [("history", *text) for text in cut_off(history_page)]
    assert found == [], "\n".join(map(str, found))
