"""The flow layout: one row when there is room, more rows instead of cut-off buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.flow_layout import FlowLayout

LABELS = ["New", "Edit", "Duplicate", "Delete", "Import…", "Export…"]


def buttons_in(qtbot: QtBot, width: int) -> tuple[QMainWindow, list[QPushButton]]:
    """The six buttons in a flow layout `width` px wide (and their window, kept alive).

    In a main window with a minimum size, as in the app: otherwise the
    offscreen platform warns as the layout's minimum height changes.
    """
    window = QMainWindow()
    window.setMinimumSize(200, 100)
    qtbot.addWidget(window)
    host = QWidget(window)
    window.setCentralWidget(host)
    layout = FlowLayout(host)
    buttons = [QPushButton(label, host) for label in LABELS]
    for button in buttons:
        layout.addWidget(button)
    window.resize(width, layout.heightForWidth(width))
    window.show()
    qtbot.waitExposed(window)
    return window, buttons


def rows(buttons: list[QPushButton]) -> list[list[str]]:
    by_top: dict[int, list[str]] = {}
    for button in buttons:
        by_top.setdefault(button.geometry().top(), []).append(button.text())
    return [by_top[top] for top in sorted(by_top)]


def test_with_room_the_buttons_share_one_row(qtbot: QtBot) -> None:
    _host, buttons = buttons_in(qtbot, 900)
    assert rows(buttons) == [LABELS]


def test_when_narrow_they_wrap_in_order_and_keep_their_size(qtbot: QtBot) -> None:
    _host, buttons = buttons_in(qtbot, 300)
    wrapped = rows(buttons)
    assert len(wrapped) >= 2
    assert [label for row in wrapped for label in row] == LABELS
    for button in buttons:
        assert button.width() >= button.sizeHint().width()  # no label cut off
        assert button.geometry().right() < 300


def test_the_height_it_asks_for_grows_as_the_width_shrinks(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host)
    for label in LABELS:
        layout.addWidget(QPushButton(label, host))
    one_row = layout.heightForWidth(900)
    assert layout.heightForWidth(300) > one_row
    assert layout.minimumSize().width() < layout.sizeHint().width()
