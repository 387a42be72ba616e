"""The weekly chart: its bars, its value axis, and its week labels upright or turned."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.ui import theme
from app.ui.history_chart import WeeklyChart, value_axis

LABELS = [f"{day} Sep" for day in range(1, 13)]


def chart_of(qtbot: QtBot, counts: list[int], width: int, height: int = 260) -> WeeklyChart:
    chart = WeeklyChart()
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.set_weeks(counts, LABELS[: len(counts)], "Warm-ups per week: ...")
    return chart


def test_the_value_axis_goes_to_three_at_least_in_whole_steps() -> None:
    assert value_axis(0) == (3, 1)
    assert value_axis(2) == (3, 1)
    assert value_axis(6) == (6, 1)
    assert value_axis(7) == (8, 2)  # no more than six labels above zero
    assert value_axis(72) == (72, 12)
    assert value_axis(73) == (78, 13)


def test_each_bar_is_as_tall_as_its_count_and_an_empty_week_has_none(qtbot: QtBot) -> None:
    chart = chart_of(qtbot, [3, 0, 6, 1], 600)
    geometry = chart._laid_out()
    heights = [bar.height() for bar in geometry.bars]
    assert heights[1] == 0
    assert heights[0] == heights[2] / 2 == heights[3] * 3
    assert heights[2] == geometry.plot.height()  # the largest reaches the top
    lefts = [bar.left() for bar in geometry.bars]
    assert lefts == sorted(lefts)  # oldest week on the left
    assert all(bar.bottom() == geometry.plot.bottom() for bar in geometry.bars)
    assert [text for _y, text in geometry.ticks] == ["0", "1", "2", "3", "4", "5", "6"]
    assert chart.counts() == [3, 0, 6, 1]


def test_the_bars_are_drawn_in_the_accent_colour(qtbot: QtBot) -> None:
    chart = chart_of(qtbot, [0, 2], 400)
    picture = chart.grab().toImage()
    bar = chart._laid_out().bars[1]
    middle = picture.pixelColor(int(bar.center().x()), int(bar.center().y()))
    assert middle == QColor(theme.ACCENT)
    empty = chart._laid_out().bars[0]
    assert picture.pixelColor(int(empty.center().x()), int(bar.center().y())) != middle


def test_week_labels_turn_to_read_upwards_only_when_they_do_not_fit(qtbot: QtBot) -> None:
    chart = chart_of(qtbot, [1] * 12, 1000)
    assert chart.labels_angle() == 0
    chart.resize(300, 260)
    assert chart.labels_angle() == -90
    chart.resize(1000, 260)
    assert chart.labels_angle() == 0


def test_a_chart_is_no_tab_stop_and_says_its_numbers(qtbot: QtBot) -> None:
    chart = chart_of(qtbot, [1, 2], 400)
    assert chart.accessibleName() == "Warm-ups per week"
    assert chart.accessibleDescription() == "Warm-ups per week: ..."
