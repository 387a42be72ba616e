"""The session page: what comes next, and its texts grow with a big window."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.store import Catalog
from app.ui.main_window import MainWindow
from app.ui.theme import MAX_TEXT_SCALE, text_scale
from tests.fakes import FakeClock
from tests.ui.driving import (
    QUICK_ROUTINE,
    TWO_STEP_ROUTINE,
    advance,
    key,
    open_two_step,
    show_active,
)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings) -> MainWindow:
    (tmp_path / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize(
    ("height", "point_size", "scale"),
    [
        (520, 9.0, 1.0),  # the smallest window
        (720, 9.0, 1.0),  # the usual one
        (1080, 9.0, 1.25),  # a full-HD screen
        (1440, 9.0, 1.75),
        (2160, 9.0, MAX_TEXT_SCALE),  # 4K: as large as it gets
        (1080, 18.0, 1.0),  # large system text: already big, not enlarged again
    ],
)
def test_text_scale_grows_with_the_height_per_point_of_text(
    height: int, point_size: float, scale: float
) -> None:
    assert text_scale(height, point_size) == scale


def test_a_taller_window_shows_the_stretch_in_larger_type(qtbot: QtBot, window: MainWindow) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.height() <= 720)
    usual = {
        label: label.font().pointSizeF()
        for label in (page.name_label, page.instructions_label, page.cue_label)
    }
    window.resize(1800, 1500)
    qtbot.waitUntil(lambda: page.height() > 1300)
    expected = text_scale(page.height(), page.font().pointSizeF())
    assert expected > 1.0
    for label, size in usual.items():
        assert label.font().pointSizeF() == pytest.approx(size * expected, rel=0.02)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.name_label.font().pointSizeF() == usual[page.name_label])


def test_the_done_page_grows_its_texts_too(qtbot: QtBot, window: MainWindow) -> None:
    page = window.done_page
    window.pages.setCurrentWidget(page)
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: page.height() <= 720)
    usual = page.heading.font().pointSizeF()
    window.resize(1800, 1500)
    qtbot.waitUntil(lambda: page.height() > 1300)
    scale = text_scale(page.height(), page.font().pointSizeF())
    assert page.heading.font().pointSizeF() == pytest.approx(usual * scale, rel=0.02)


# The two-step routine: lead-in 5, lunge press left 20, switch 5, right 20, rest 3, heel raises.
HEEL_RAISES_NEXT = "Next: Supported heel raise (4 reps)"


@pytest.mark.parametrize(
    ("seconds", "heading", "next_text"),
    [
        (1.0, "Get ready · up next", HEEL_RAISES_NEXT),  # the step after the lunge press
        (6.0, "Hold · Left side", "Next: Right side"),
        (26.0, "Switch sides", "Next: Right side"),
        (31.0, "Hold · Right side", HEEL_RAISES_NEXT),
        (51.0, "Rest · up next", "Last stretch"),
    ],
)
def test_next_says_the_right_side_while_the_left_side_is_on(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    seconds: float,
    heading: str,
    next_text: str,
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, seconds)
    page = window.session_page
    assert page.phase_label.text() == heading
    assert page.next_label.text() == next_text


def test_next_says_the_right_side_while_paused_on_the_left_side(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    show_active(qtbot, window)
    open_two_step(qtbot, window)
    advance(window, clock, 6.0)
    key(qtbot, window, Qt.Key.Key_Space)
    page = window.session_page
    assert page.phase_label.text() == "Paused · Hold · Left side"
    assert page.next_label.text() == "Next: Right side"


def test_skip_on_the_left_side_shows_the_switch_then_the_right_side(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    show_active(qtbot, window)
    open_two_step(qtbot, window)
    advance(window, clock, 6.0)
    page = window.session_page
    key(qtbot, window, Qt.Key.Key_Right)
    assert (page.phase_label.text(), page.name_label.text()) == ("Switch sides", "Lunge press")
    assert page.next_label.text() == "Next: Right side"
    # Unmistakable: a banner across the page, and the title from the task bar.
    assert page.switch_banner.isVisible()
    assert page.switch_banner.text() == "⇄  Switch sides: the right side next"
    assert window.windowTitle() == "Switch sides · 0:05 — Limber"
    advance(window, clock, 1.0)
    assert window.windowTitle() == "Switch sides · 0:04 — Limber"
    key(qtbot, window, Qt.Key.Key_F)  # seen in focus mode too
    assert page.switch_banner.isVisible()
    key(qtbot, window, Qt.Key.Key_F)
    advance(window, clock, 4.0)  # through the switch gap
    assert not page.switch_banner.isVisible()
    assert page.phase_label.text() == "Hold · Right side"
    assert page.countdown.text() == "0:20"
    assert page.next_label.text() == HEEL_RAISES_NEXT


@pytest.mark.parametrize(
    ("seconds", "heading", "shown", "changed"),
    [
        (6.0, "Hold · Left side", "0:29", 1),  # 19 s left, 10 more
        (26.0, "Switch sides", "0:14", 2),
        (31.0, "Hold · Right side", "0:29", 3),
    ],
)
def test_plus_changes_only_the_phase_that_is_on(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    seconds: float,
    heading: str,
    shown: str,
    changed: int,
) -> None:
    show_active(qtbot, window)
    open_two_step(qtbot, window)
    advance(window, clock, seconds)
    page = window.session_page
    key(qtbot, window, Qt.Key.Key_Plus)
    assert (page.phase_label.text(), page.countdown.text()) == (heading, shown)
    session = window.driver.session
    assert session is not None
    planned = [5.0, 20.0, 5.0, 20.0, 3.0, 8.0]  # get ready, left, switch, right, rest, reps
    expected = [d + 10.0 if index == changed else d for index, d in enumerate(planned)]
    assert [phase.duration for phase in session.phases] == expected


class PaintCounter(QObject):
    """Counts the paints of the widgets it watches."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.paints: dict[QObject, int] = dict.fromkeys(widgets, 0)
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.paints:
            self.paints[watched] += 1
        return False


def countdown_painted_past(counter: PaintCounter, countdown: QWidget, paints: int) -> bool:
    return counter.paints[countdown] > paints


def test_each_second_redraws_the_countdown_not_the_pictures(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    counter = PaintCounter(page.countdown, page.picture, page.body_map)
    advance(window, clock, 6.0)  # into the lunge press's left side
    assert page.picture.isVisible()
    qtbot.waitUntil(lambda: counter.paints[page.picture] > 0 and counter.paints[page.body_map] > 0)
    pictures, body_maps = counter.paints[page.picture], counter.paints[page.body_map]
    for second in range(3):
        painted = counter.paints[page.countdown]
        advance(window, clock, 1.0)
        assert page.countdown.text() == f"0:{19 - second - 1:02d}"
        qtbot.waitUntil(partial(countdown_painted_past, counter, page.countdown, painted))
    assert counter.paints[page.picture] == pictures
    assert counter.paints[page.body_map] == body_maps


def test_the_page_follows_the_session_by_its_own_timer(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_loaded_routine(QUICK_ROUTINE)
    page = window.session_page
    window.driver.start()
    assert page.phase_label.text() == "Get ready · up next"
    clock.advance(0.2)
    qtbot.waitUntil(lambda: page.phase_label.text() == "Hold", timeout=2000)
    assert page.name_label.text() == "Calf hold"
    clock.advance(0.3)
    qtbot.waitUntil(lambda: page.phase_label.text().startswith("Rest"), timeout=2000)
    clock.advance(0.1)
    qtbot.waitUntil(lambda: page.name_label.text() == "Heel raise", timeout=2000)
    clock.advance(0.2)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done_page, timeout=2000)
    # 0.8 s in all, shown rounded up as a countdown is.
    assert window.done_page.summary_label.text() == "2 of 2 stretches completed in 0:01"


class LayoutWatch(QObject):
    """Counts the times the page is asked to lay itself out again."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.requests = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.requests += 1
        return False


def test_a_new_second_repaints_the_times_and_lays_nothing_out_again(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    show_active(qtbot, window)
    open_two_step(qtbot, window)
    advance(window, clock, 7.0)  # into the first hold
    page = window.session_page
    assert page.phase_label.text() == "Hold · Left side"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)  # the new phase's
    watch = LayoutWatch(page)
    for widget in (page, window):
        widget.installEventFilter(watch)
    seen = []
    for _ in range(3):
        advance(window, clock, 1.0)
        # Deliver the requests a change posts (Qt lays out on its next turn).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        seen.append((page.countdown.text(), page.total_label.text()))
    assert seen == [
        ("0:17", "0:53 left in total"),
        ("0:16", "0:52 left in total"),
        ("0:15", "0:51 left in total"),
    ]
    assert watch.requests == 0
    # The fixed size still holds the whole text.
    assert page.total_label.width() >= page.total_label.sizeHint().width()


def test_the_total_gets_room_for_a_longer_time(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    short = page.total_label.width()
    page._set_total_text("1:02:03 left in total")
    assert page.total_label.width() > short
    assert page.total_label.width() >= page.total_label.sizeHint().width()


def test_a_new_second_sets_only_the_times(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other texts stay as they are (each text set costs, even to the same words),
    and are set again as soon as the phase changes."""
    open_two_step(qtbot, window)
    advance(window, clock, 7.0)  # into the first hold
    page = window.session_page
    set_texts: list[str] = []
    for label in (page.phase_label, page.name_label, page.next_label, page.progress_label):
        real = label.setText

        def recorded(text: str, real: Callable[[str], None] = real) -> None:
            set_texts.append(text)
            real(text)

        monkeypatch.setattr(label, "setText", recorded)
    advance(window, clock, 3.0)
    assert page.countdown.text() == "0:15"
    assert set_texts == []
    advance(window, clock, 15.0)  # the left side ends: the switch
    assert "Switch" in page.phase_label.text()
    assert page.phase_label.text() in set_texts
