"""The big countdown: drawn as a label would draw it, each character pictured once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui import countdown
from app.ui.countdown import CountdownBox


def ink(image: QImage) -> tuple[int, int, int, int, int]:
    """How many dark pixels, and the box around them."""
    dark = [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 128
    ]
    xs, ys = [x for x, _ in dark], [y for _, y in dark]
    return len(dark), min(xs), max(xs), min(ys), max(ys)


def shown_box(qtbot: QtBot, text: str) -> CountdownBox:
    box = CountdownBox()
    qtbot.addWidget(box)
    box.resize(600, 260)
    box.label.setText(text)
    box.show()
    return box


def test_the_countdown_looks_as_a_plain_label_would_draw_it(qtbot: QtBot) -> None:
    box = shown_box(qtbot, "1:07")
    plain = QLabel("1:07")
    qtbot.addWidget(plain)
    plain.setFont(box.label.font())
    plain.setAlignment(Qt.AlignmentFlag.AlignCenter)
    plain.resize(box.size())
    drawn, expected = ink(box.grab().toImage()), ink(plain.grab().toImage())
    assert abs(drawn[0] - expected[0]) < expected[0] * 0.02  # the same amount of ink
    assert all(abs(a - b) <= 2 for a, b in zip(drawn[1:], expected[1:], strict=True))


def test_each_character_is_drawn_once_however_many_seconds_pass(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = shown_box(qtbot, "0:45")
    drawn: list[str] = []
    real = countdown._drawn_character

    def counted(character: str, *args: object) -> QPixmap:
        drawn.append(character)
        return real(character, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(countdown, "_drawn_character", counted)
    box.label._glyphs.clear()
    for second in range(45, 29, -1):
        box.label.setText(f"0:{second:02d}")
        box.grab()
    assert sorted(drawn) == sorted("0123456789:")  # each character once, in 16 seconds
    palette = box.label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("darkred"))
    box.label.setPalette(palette)  # another colour (a phase, the dark scheme): anew
    box.grab()
    assert drawn[-3:] == ["0", ":", "3"]
