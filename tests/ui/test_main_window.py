"""The window, driven like a user would: keys, clicks, and what the labels say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.regions import Region
from app.settings import Options, Settings
from app.store import Catalog
from app.ui.main_window import MainWindow
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock
from tests.ui.driving import (
    TWO_STEP_ROUTINE,
    advance,
    key,
    open_two_step,
    picker_texts,
    show_active,
)


@pytest.fixture
def user_routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    return folder


@pytest.fixture
def window(qtbot: QtBot, user_routines: Path, clock: FakeClock, settings: Settings) -> MainWindow:
    (user_routines / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(user_routines), clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_picker_lists_shipped_and_user_routines_with_regions_and_time(window: MainWindow) -> None:
    texts = picker_texts(window)
    assert texts[0].startswith("Full warm-up\n")
    assert "Trunk & hips · Waist · Thighs & knees · Calves & Achilles · Feet & ankles" in texts[0]
    # lead-in 5 + 20 + switch 5 + 20 + rest 3 + 4 reps x 2 s = 61 s
    assert "Two step test (yours)\nTrunk & hips · Calves & Achilles · 1:01" in texts


def test_space_right_after_start_up_starts_the_selected_routine(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focused = QApplication.focusWidget()
    assert focused is window.picker.list
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.session_page
    assert window.picker.search.text() == ""


def test_space_on_a_button_reached_with_tab_presses_that_button(
    qtbot: QtBot, window: MainWindow
) -> None:
    show_active(qtbot, window)
    window.picker.history_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.picker.history_button, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.history_page  # not a session
    window.close_session()
    open_two_step(qtbot, window)  # the session page has the focus, not its Back button
    page = window.session_page
    assert page.toggle_button.text() == "Pause"
    key(qtbot, window, Qt.Key.Key_Space)
    assert page.toggle_button.text() == "Resume"
    page.skip_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.skip_button, Qt.Key.Key_Space)
    assert page.phase_label.text() == "Paused · Hold · Left side"


def test_esc_in_the_search_box_clears_it(qtbot: QtBot, window: MainWindow) -> None:
    show_active(qtbot, window)
    window.picker.search.setFocus()
    qtbot.keyClicks(window.picker.search, "calves")
    assert len(window.picker.visible_titles()) < window.picker.list.count()
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Escape)
    assert window.picker.search.text() == ""
    assert len(window.picker.visible_titles()) == window.picker.list.count()
    assert window.pages.currentWidget() is window.picker


def test_broken_user_routine_is_flagged_with_its_error(
    qtbot: QtBot, user_routines: Path, clock: FakeClock, settings: Settings
) -> None:
    (user_routines / "broken.yaml").write_text("title: Broken\nsteps:\n  - hodl: 30\n")
    win = MainWindow(Catalog.load(user_routines), clock, settings=settings)
    qtbot.addWidget(win)
    rows = [row for row, text in enumerate(picker_texts(win)) if text.startswith("broken")]
    assert rows, picker_texts(win)
    win.picker.list.setCurrentRow(rows[0])
    assert "Can't be used" in win.picker.list.item(rows[0]).text()
    assert win.picker.details is not None
    assert "broken.yaml:3:5: unknown key 'hodl' (did you mean 'hold'?)" in (
        win.picker.details.error_label.text()
    )
    assert not win.picker.start_button.isEnabled()


def test_space_starts_the_selected_routine_with_the_lead_in(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    assert window.pages.currentWidget() is page
    assert page.phase_label.text() == "Get ready · up next"
    assert page.name_label.text() == "Lunge press"
    assert page.countdown.text() == "0:05"
    assert page.progress_label.text() == "Step 1 of 2"
    assert page.next_label.text() == "Next: Supported heel raise (4 reps)"
    assert "torso upright" in page.instructions_label.text()
    assert "Run tall" in page.cue_label.text()
    assert window.windowTitle() == "0:05 · Lunge press — Limber"


def test_the_body_map_lights_the_regions_of_the_stretch_shown(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    assert page.body_map.regions() == (Region.TRUNK_HIPS,)
    assert page.body_map.accessibleDescription() == (
        "Front and back views. Regions worked: Trunk & hips"
    )
    for _ in range(4):  # the lead-in, the left side, the switch, the right side
        key(qtbot, window, Qt.Key.Key_Right)  # on to the heel raises
    assert page.body_map.regions() == (Region.CALVES_ACHILLES,)


def test_holds_count_down_and_the_second_side_is_mirrored(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    advance(window, clock, 5.0)
    assert page.phase_label.text() == "Hold · Left side"
    assert page.countdown.text() == "0:20"
    assert page.picture.image() == "stretches/lunge-press.svg"
    assert not page.picture.mirrored()
    advance(window, clock, 7.5)
    assert page.countdown.text() == "0:13"  # 12.5 s left shows as 0:13, never 0:12 early
    assert window.windowTitle() == "0:13 · Lunge press — Limber"
    advance(window, clock, 12.5)
    assert page.phase_label.text() == "Switch sides"
    advance(window, clock, 5.0)
    assert page.phase_label.text() == "Hold · Right side"
    assert page.picture.mirrored()


def test_reps_show_the_current_rep(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 5 + 20 + 5 + 20 + 3)
    page = window.session_page
    assert page.phase_label.text() == "Reps"
    assert page.rep_label.text() == "Rep 1 of 4"
    advance(window, clock, 4.5)
    assert page.rep_label.text() == "Rep 3 of 4"
    assert page.next_label.text() == "Last stretch"


def test_space_pauses_and_resumes_without_losing_time(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 2.0)
    key(qtbot, window, Qt.Key.Key_Space)
    assert window.windowTitle() == "Paused · 0:03 · Lunge press — Limber"
    assert window.session_page.toggle_button.text() == "Resume"
    assert window.driver.pending_wakeup_ms is None  # nothing ticks while paused
    advance(window, clock, 60.0)
    assert window.session_page.countdown.text() == "0:03"
    key(qtbot, window, Qt.Key.Key_Space)
    advance(window, clock, 3.0)
    assert window.session_page.phase_label.text() == "Hold · Left side"


def test_timer_is_aimed_at_the_next_second_boundary(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    assert window.driver.pending_wakeup_ms == 1000
    advance(window, clock, 0.25)
    assert window.driver.pending_wakeup_ms == 750


def test_arrow_keys_skip_and_go_back(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    open_two_step(qtbot, window)
    page = window.session_page
    key(qtbot, window, Qt.Key.Key_Right)  # end the lead-in
    assert page.phase_label.text() == "Hold · Left side"
    key(qtbot, window, Qt.Key.Key_Right)  # the left side: on to the right side, not past it
    assert page.phase_label.text() == "Switch sides"
    assert page.name_label.text() == "Lunge press"
    key(qtbot, window, Qt.Key.Key_Right)
    assert page.phase_label.text() == "Hold · Right side"
    key(qtbot, window, Qt.Key.Key_Right)  # leave the lunge press unfinished
    assert page.phase_label.text() == "Rest · up next"
    assert page.name_label.text() == "Supported heel raise"
    key(qtbot, window, Qt.Key.Key_Left)
    assert page.name_label.text() == "Lunge press"
    assert page.phase_label.text() == "Hold · Left side"
    assert page.countdown.text() == "0:20"


def test_plus_and_minus_change_the_current_hold(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Right)
    key(qtbot, window, Qt.Key.Key_Plus)
    assert window.session_page.countdown.text() == "0:30"
    key(qtbot, window, Qt.Key.Key_Minus)
    key(qtbot, window, Qt.Key.Key_Minus)
    assert window.session_page.countdown.text() == "0:10"


def test_restart_key_asks_first_and_space_restarts_without_the_changes(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 6.0)  # 19 s left of the lunge press, left side
    key(qtbot, window, Qt.Key.Key_Plus)
    page = window.session_page
    assert page.countdown.text() == "0:29"
    key(qtbot, window, Qt.Key.Key_R)
    assert page.confirm_bar.isVisible()
    assert page.confirm_label.text().startswith("Restart from the first stretch?")
    advance(window, clock, 2.0)  # the countdown goes on while it asks
    assert page.countdown.text() == "0:27"
    key(qtbot, window, Qt.Key.Key_Space)
    assert not page.confirm_bar.isVisible()
    assert page.phase_label.text() == "Get ready · up next"
    assert page.countdown.text() == "0:05"
    advance(window, clock, 6.0)
    assert page.countdown.text() == "0:19"  # the planned 20 s, not the 10 s added


def test_a_restart_or_stop_pressed_by_mistake_keeps_the_place(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 10.0)
    page = window.session_page
    for asking in (Qt.Key.Key_R, Qt.Key.Key_Escape):
        key(qtbot, window, asking)
        assert page.confirm_bar.isVisible()
        key(qtbot, window, Qt.Key.Key_Escape)  # no
        assert not page.confirm_bar.isVisible()
        assert window.pages.currentWidget() is page
        assert (page.phase_label.text(), page.countdown.text()) == ("Hold · Left side", "0:15")
    page.stop_button.click()
    assert page.confirm_label.text() == "Stop this warm-up and go back to the list?"
    page.keep_going_button.click()
    assert page.countdown.text() == "0:15"
    key(qtbot, window, Qt.Key.Key_Return)  # nothing asked now: Enter stops nothing
    assert window.pages.currentWidget() is page


def test_restart_before_the_start_and_after_the_end_asks_nothing(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("two-step")
    key(qtbot, window, Qt.Key.Key_R)  # not started: nothing to lose
    page = window.session_page
    assert not page.confirm_bar.isVisible()
    assert page.toggle_button.text() == "Pause"
    key(qtbot, window, Qt.Key.Key_R)
    assert page.confirm_bar.isVisible()
    advance(window, clock, 61.0)  # finished while it asked: the question goes
    assert window.pages.currentWidget() is window.done_page
    assert not page.confirm_bar.isVisible()
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.picker


def test_escape_asks_then_enter_returns_to_the_picker(qtbot: QtBot, window: MainWindow) -> None:
    open_two_step(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.session_page
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.picker
    assert window.windowTitle() == "Limber"
    assert "Two step test" in window.picker.list.currentItem().text()


def test_done_screen_lists_what_was_completed(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 6.0)
    for _ in range(3):  # skip the rest of the lunge press: left side, switch, right side
        key(qtbot, window, Qt.Key.Key_Right)
    advance(window, clock, 3 + 8)
    assert window.pages.currentWidget() is window.done_page
    assert window.done_page.summary_label.text().startswith("1 of 2 stretches completed in")
    assert window.done_page.steps_label.text() == (
        "–  Lunge press  (skipped)\n✓  Supported heel raise"
    )
    assert window.windowTitle() == "Done — Limber"
    key(qtbot, window, Qt.Key.Key_Space)  # again
    assert window.pages.currentWidget() is window.session_page


def test_sleep_pauses_the_session_and_says_why(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, window)
    advance(window, clock, 5.0 + 4.0)  # 16 s left of the left side
    clock.sleep_system(3600)
    window.driver.refresh()
    page = window.session_page
    assert page.notice_label.isVisible()
    assert "went to sleep" in page.notice_label.text()
    assert page.countdown.text() == "0:16"
    assert window.windowTitle().startswith("Paused · 0:16")
    key(qtbot, window, Qt.Key.Key_Space)
    assert not page.notice_label.isVisible()


# Focus mode, keep on top, geometry and the last routine (issue 6)


@pytest.fixture
def ini(tmp_path: Path) -> str:
    return str(tmp_path / "limber.ini")


@pytest.fixture
def own_window(qtbot: QtBot, user_routines: Path, clock: FakeClock, ini: str) -> MainWindow:
    """A window with its own settings file, so nothing it saves reaches another test."""
    (user_routines / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(user_routines), clock, settings=settings_at(ini))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_f_enters_focus_mode_with_only_what_is_read_from_afar(
    qtbot: QtBot, own_window: MainWindow
) -> None:
    open_two_step(qtbot, own_window)
    page = own_window.session_page
    normal_name_size = page.name_label.font().pointSizeF()
    key(qtbot, own_window, Qt.Key.Key_F)
    assert own_window.is_focus_mode()
    assert own_window.isFullScreen()
    hidden = (
        page.routine_label,
        page.progress_label,
        page.total_label,
        page.instructions_label,
        page.next_label,
        page.toggle_button,
        page.stop_button,
        page.back_button,
    )
    assert [widget for widget in hidden if widget.isVisible()] == []
    shown = (page.countdown, page.name_label, page.phase_label, page.cue_box, page.picture)
    assert all(widget.isVisible() for widget in shown)
    assert page.name_label.font().pointSizeF() > normal_name_size * 1.5
    key(qtbot, own_window, Qt.Key.Key_F)
    assert not own_window.is_focus_mode()
    assert not own_window.isFullScreen()
    assert page.instructions_label.isVisible()
    assert page.name_label.font().pointSizeF() == normal_name_size


def test_esc_leaves_focus_mode_before_it_stops_the_session(
    qtbot: QtBot, own_window: MainWindow
) -> None:
    open_two_step(qtbot, own_window)
    key(qtbot, own_window, Qt.Key.Key_F)
    key(qtbot, own_window, Qt.Key.Key_Escape)
    assert not own_window.is_focus_mode()
    assert own_window.pages.currentWidget() is own_window.session_page
    assert own_window.driver.session is not None
    key(qtbot, own_window, Qt.Key.Key_Escape)
    key(qtbot, own_window, Qt.Key.Key_Space)  # yes, stop
    assert own_window.pages.currentWidget() is own_window.picker


def test_focus_mode_only_during_a_session(qtbot: QtBot, own_window: MainWindow) -> None:
    key(qtbot, own_window, Qt.Key.Key_F)
    assert not own_window.is_focus_mode()
    assert not own_window.isFullScreen()


def test_focus_mode_survives_the_next_step(
    qtbot: QtBot, own_window: MainWindow, clock: FakeClock
) -> None:
    open_two_step(qtbot, own_window)
    key(qtbot, own_window, Qt.Key.Key_F)
    advance(own_window, clock, 6.0)
    page = own_window.session_page
    assert page.phase_label.text() == "Hold · Left side"
    assert not page.next_label.isVisible()
    assert not page.toggle_button.isVisible()


def test_sessions_can_start_in_focus_mode(qtbot: QtBot, own_window: MainWindow) -> None:
    own_window.settings.set(Options.START_FULLSCREEN, True)
    open_two_step(qtbot, own_window)
    assert own_window.is_focus_mode()
    key(qtbot, own_window, Qt.Key.Key_Escape)
    key(qtbot, own_window, Qt.Key.Key_Escape)
    key(qtbot, own_window, Qt.Key.Key_Return)  # yes, stop
    assert own_window.pages.currentWidget() is own_window.picker
    assert not own_window.isFullScreen()


def test_ctrl_t_keeps_the_window_on_top_without_losing_it(
    qtbot: QtBot, own_window: MainWindow
) -> None:
    own_window.resize(900, 640)
    qtbot.keyClick(own_window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert own_window.settings.get(Options.KEEP_ON_TOP) is True
    assert own_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert own_window.isVisible()
    assert own_window.size().width() == 900
    qtbot.keyClick(own_window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not own_window.keeps_on_top()
    assert own_window.isVisible()


def test_keep_on_top_from_settings_at_start_up(
    qtbot: QtBot, user_routines: Path, clock: FakeClock, ini: str
) -> None:
    settings = settings_at(ini)
    settings.set(Options.KEEP_ON_TOP, True)
    win = MainWindow(Catalog.load(user_routines), clock, settings=settings)
    qtbot.addWidget(win)
    win.apply_start_up_settings()
    assert win.keeps_on_top()


def test_window_size_and_place_are_saved_on_close_and_restored(
    qtbot: QtBot, own_window: MainWindow, user_routines: Path, clock: FakeClock, ini: str
) -> None:
    own_window.resize(700, 560)  # within the offscreen screen (800 x 800), which clamps
    own_window.move(40, 30)
    placed = own_window.geometry()
    own_window.close()
    saved = settings_at(ini).get(Options.WINDOW_GEOMETRY)
    assert saved
    again = MainWindow(Catalog.load(user_routines), clock, settings=settings_at(ini))
    qtbot.addWidget(again)
    assert again.size().width() == 1000  # tests' windows don't restore on their own
    again.apply_start_up_settings()
    assert (again.size().width(), again.size().height()) == (700, 560)
    assert again.geometry() == placed


@pytest.mark.parametrize("saved", ["not hex at all", "abc", "0badcafe"])
def test_a_bad_saved_geometry_is_ignored(
    qtbot: QtBot, user_routines: Path, clock: FakeClock, ini: str, saved: str
) -> None:
    settings = settings_at(ini)
    settings.set(Options.WINDOW_GEOMETRY, saved)
    win = MainWindow(Catalog.load(user_routines), clock, settings=settings)
    qtbot.addWidget(win)
    assert not win.modes.restore_geometry()
    assert win.size().width() == 1000


def test_the_last_routine_is_selected_at_start(
    qtbot: QtBot, own_window: MainWindow, user_routines: Path, clock: FakeClock, ini: str
) -> None:
    open_two_step(qtbot, own_window)
    assert settings_at(ini).get(Options.LAST_ROUTINE) == "two-step"
    again = MainWindow(Catalog.load(user_routines), clock, settings=settings_at(ini))
    qtbot.addWidget(again)
    assert "Two step test" not in again.picker.list.currentItem().text()
    again.select_last_routine()
    assert "Two step test" in again.picker.list.currentItem().text()


def rows_showing(view: QWidget) -> list[str]:
    """The rows of `view` a screen reader is told are showing (not `invisible`)."""
    table = QAccessible.queryAccessibleInterface(view)
    assert table is not None
    rows = [table.child(index) for index in range(table.childCount())]
    return [
        row.text(QAccessible.Text.Name).split("\n")[0]
        for row in rows
        if row is not None and row.role() is QAccessible.Role.ListItem and not row.state().invisible
    ]


@pytest.fixture
def screen_reader() -> Iterator[None]:
    """Accessibility on, as when a screen reader listens (the views then keep their
    rows' interfaces up to date as they change)."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


@pytest.mark.usefixtures("screen_reader")
def test_a_page_left_behind_shows_no_rows_to_screen_readers(
    qtbot: QtBot, window: MainWindow
) -> None:
    picker = window.picker
    details = picker.details
    assert details is not None
    assert "Full warm-up" in rows_showing(picker.list)
    assert rows_showing(details.steps_list) != []
    open_two_step(qtbot, window)
    assert window.pages.currentWidget() is window.session_page
    assert rows_showing(picker.list) == []  # not the routines mid-session
    assert rows_showing(details.steps_list) == []
    window.close_session()
    assert "Two step test (yours)" in rows_showing(picker.list)
    # The routine just left is selected again, and in view.
    current = picker.list.currentItem()
    assert current is not None
    assert current.text().startswith("Two step test")
    assert picker.list.viewport().rect().intersects(picker.list.visualItemRect(current))
