"""The big countdown: as large as its space allows, readable from across a room.

It changes every second, so what a change costs counts: a label given new text
asks its parent's layout to lay everything out again, and repaints. The label
sits alone in a box with no layout (`CountdownBox`), so a new second repaints the
digits and lays out nothing; and it draws each character from a picture of it
made once per font and colour: text this large is drawn outline by outline
(Qt caches no glyphs at this size), which cost most of each second's repaint.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# The widest text the countdown shows; the font is sized so this fits.
_WIDEST_TEXT = "00:00"


class CountdownLabel(QLabel):
    """A label whose font follows its size, so the digits fill the space given.

    Its size policy ignores the text's own size hint: the layout decides the
    box and the font adapts, never the other way round (no resize feedback).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("0:00", parent)
        self._glyphs: dict[tuple[str, str, int, float], QPixmap] = {}
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 80)
        font = QFont(self.font())
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        # Tabular digits keep "1:11" from jittering against "0:59".
        font.setFeature(QFont.Tag("tnum"), 1)
        self.setFont(font)
        self._scale = 1.0

    def set_scale(self, percent: int) -> None:
        """The digits at `percent` of the size that fills the box (capped so they still fit)."""
        self._scale = max(0.25, percent / 100)
        self._fit_font()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_font()

    def _fit_font(self) -> None:
        font = QFont(self.font())
        font.setPixelSize(100)
        metrics = QFontMetricsF(font)
        width_at_100 = metrics.horizontalAdvance(_WIDEST_TEXT)
        height_at_100 = metrics.height()
        fill = min(self.width() / width_at_100, self.height() / height_at_100)
        scale = min(fill * 0.95 * self._scale, fill)
        font.setPixelSize(max(24, int(100 * scale)))
        self.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        glyphs = self.__dict__.get("_glyphs")  # (none yet while __init__ sets the font)
        if glyphs and event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            glyphs.clear()  # drawn again, once, in the new font or colours

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text centred, each character from its picture (see the module's docstring)."""
        text = self.text()
        if not text:
            return
        metrics = QFontMetricsF(self.font())
        glyphs = [self._glyph(character, metrics) for character in text]
        ratio = self.devicePixelRatioF()
        width = sum(glyph.width() for glyph in glyphs) / ratio
        x = (self.width() - width) / 2
        y = (self.height() - metrics.height()) / 2
        painter = QPainter(self)
        for glyph in glyphs:
            painter.drawPixmap(QPointF(x, y), glyph)
            x += glyph.width() / ratio
        painter.end()

    def _glyph(self, character: str, metrics: QFontMetricsF) -> QPixmap:
        colour = self.palette().color(
            QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled,
            self.foregroundRole(),
        )
        ratio = self.devicePixelRatioF()
        key = (character, self.font().key(), colour.rgba(), ratio)
        glyph = self._glyphs.get(key)
        if glyph is None:
            glyph = _drawn_character(character, self.font(), metrics, colour, ratio)
            self._glyphs[key] = glyph
        return glyph


def _drawn_character(
    character: str, font: QFont, metrics: QFontMetricsF, colour: QColor, ratio: float
) -> QPixmap:
    """One character as the label would draw it, on a transparent picture as wide as
    its advance (the digits are tabular: every one as wide as the others)."""
    width = max(1, math.ceil(metrics.horizontalAdvance(character) * ratio))
    height = max(1, math.ceil(metrics.height() * ratio))
    glyph = QPixmap(width, height)
    glyph.setDevicePixelRatio(ratio)
    glyph.fill(Qt.GlobalColor.transparent)
    painter = QPainter(glyph)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(QPointF(0, metrics.ascent()), character)
    painter.end()
    return glyph


class CountdownBox(QWidget):
    """The countdown's place in the page: it takes the room the page's layout gives
    it and hands all of it to its one label, without a layout of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.label = CountdownLabel(self)
        self.setMinimumSize(self.label.minimumSize())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
