"""The picker's filters on their own (app.ui.picker_filters): what each control
reports to the page, and when it says that something changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.regions import Region
from app.ui.picker_filters import TIME_LIMITS_MINUTES, PickerFilters


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A window of their own (Python keeps it while the test runs)."""
    window = QWidget()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def filters(qtbot: QtBot, host: QWidget) -> PickerFilters:
    shown = PickerFilters(host)
    host.show()
    qtbot.waitExposed(host)
    return shown


def test_with_nothing_chosen_every_routine_passes(qtbot: QtBot, filters: PickerFilters) -> None:
    assert filters.checked_regions() == frozenset()
    assert filters.max_minutes() is None
    assert filters.search_words() == []
    assert filters.time_limit.currentText() == "Any length"


def test_each_control_says_that_the_filters_changed(qtbot: QtBot, filters: PickerFilters) -> None:
    with qtbot.waitSignal(filters.changed):
        qtbot.mouseClick(filters.region_chips[Region.WAIST], Qt.MouseButton.LeftButton)
    assert filters.checked_regions() == {Region.WAIST}
    with qtbot.waitSignal(filters.changed):
        filters.time_limit.setCurrentIndex(TIME_LIMITS_MINUTES.index(5))
    assert filters.max_minutes() == 5
    assert filters.time_limit.currentText() == "Up to 5 min"
    with qtbot.waitSignal(filters.changed):
        qtbot.keyClicks(filters.search, "Heel RAISE")
    assert filters.search_words() == ["heel", "raise"]


def test_return_in_the_search_box_hands_the_keys_on(qtbot: QtBot, filters: PickerFilters) -> None:
    with qtbot.waitSignal(filters.search_entered):
        qtbot.keyClick(filters.search, Qt.Key.Key_Return)


def test_the_builder_button_waits_for_a_catalog(qtbot: QtBot, filters: PickerFilters) -> None:
    assert not filters.build_button.isEnabled()
    filters.set_build_enabled(True)
    with qtbot.waitSignal(filters.build_requested):
        qtbot.mouseClick(filters.build_button, Qt.MouseButton.LeftButton)


def test_clearing_the_search_empties_it(qtbot: QtBot, filters: PickerFilters) -> None:
    qtbot.keyClicks(filters.search, "lunge")
    filters.clear_search()
    assert filters.search.text() == ""
    assert filters.search_words() == []
