"""The big countdown: drawn as a label would draw it, each character pictured once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.ui import countdown
from app.ui.countdown import CountdownBox


def ink(image: QImage) -> tuple[int, int, int, int, int]:
    """How many dark pixels, and the box around them."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, stride, width = bytes(grey.constBits()), grey.bytesPerLine(), grey.width()
    dark = [
        (x, y)
        for y in range(grey.height())
        for x, value in enumerate(data[y * stride : y * stride + width])
        if value < 128
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


class PaintedRegions(QObject):
    """The regions the label is asked to paint."""

    def __init__(self, label: QWidget) -> None:
        super().__init__(label)
        self.regions: list[QRegion] = []
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.regions.append(QRegion(event.region()))
        return False


def painted_after(qtbot: QtBot, box: CountdownBox, text: str) -> QRect:
    """The part of the label repainted when it is given `text`."""
    painted = PaintedRegions(box.label)
    box.label.update()  # a whole repaint first, after whatever was still to do
    qtbot.waitUntil(lambda: bool(painted.regions))
    painted.regions.clear()
    box.label.setText(text)
    qtbot.waitUntil(lambda: bool(painted.regions))
    return QRegion().united(painted.regions[0]).boundingRect()


def test_a_new_second_repaints_only_the_digits_that_changed(qtbot: QtBot) -> None:
    box = shown_box(qtbot, "0:24")
    qtbot.waitExposed(box)
    one_digit = painted_after(qtbot, box, "0:23")
    label = box.label.rect()
    assert one_digit.width() < label.width() / 3
    assert one_digit.height() < label.height()
    assert one_digit.left() > label.center().x()  # the last digit, right of the middle
    two_digits = painted_after(qtbot, box, "0:19")
    assert one_digit.width() < two_digits.width() < label.width() / 2
    assert two_digits.right() == one_digit.right()
    assert box.label.text() == "0:19"
    # And what it shows is still the whole text, as a plain label would draw it.
    plain = QLabel("0:19")
    qtbot.addWidget(plain)
    plain.setFont(box.label.font())
    plain.setAlignment(Qt.AlignmentFlag.AlignCenter)
    plain.resize(box.size())
    drawn, expected = ink(box.grab().toImage()), ink(plain.grab().toImage())
    assert abs(drawn[0] - expected[0]) < expected[0] * 0.02


def test_a_text_of_another_width_repaints_all_of_the_old_and_the_new(qtbot: QtBot) -> None:
    box = shown_box(qtbot, "10:00")
    qtbot.waitExposed(box)
    wider = painted_after(qtbot, box, "9:59")
    glyph_width = QFontMetricsF(box.label.font()).horizontalAdvance("0")
    assert wider.width() >= 4 * glyph_width  # "10:00" was five characters wide


def ink_colour(image: QImage) -> QColor:
    """The colour of the most saturated pixel on the middle row: the text's, on a
    plain background (the middle row crosses every digit's strokes)."""
    y = image.height() // 2
    pixels = (image.pixelColor(x, y) for x in range(image.width()))
    return max(pixels, key=lambda colour: colour.hsvSaturation())


def test_the_digits_follow_each_new_colour_font_and_the_disabled_state(qtbot: QtBot) -> None:
    box = shown_box(qtbot, "0:12")
    box.resize(300, 130)  # small: every pixel is looked at
    label = box.label
    palette = label.palette()
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText, QColor("#c00000"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#0000c0"))
    label.setPalette(palette)
    assert ink_colour(label.grab().toImage()).name() == "#c00000"
    label.setText("0:11")
    label.setEnabled(False)  # e.g. a paused window's dimmed countdown
    assert ink_colour(label.grab().toImage()).name() == "#0000c0"
    label.setEnabled(True)
    label.setText("0:10")
    assert ink_colour(label.grab().toImage()).name() == "#c00000"
    before = ink(label.grab().toImage())
    font = label.font()
    font.setPixelSize(font.pixelSize() // 2)
    label.setFont(font)
    after = ink(label.grab().toImage())
    assert after[4] - after[3] < (before[4] - before[3]) * 0.7  # the digits are smaller
