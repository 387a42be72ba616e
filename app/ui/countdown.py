"""The big countdown: as large as its space allows, readable from across a room.

It changes every second, so what a change costs counts: a label given new text
asks its parent's layout to lay everything out again, and repaints all of itself.
So the label sits alone in a box with no layout (`CountdownBox`); it draws each
character from a picture of it made once per font and colour (text this large is
drawn outline by outline: Qt caches no glyphs at this size); and it keeps its
text itself, so that a new second repaints only the characters that changed
("0:24" to "0:23": one digit, a tenth of the label's area, which is also all that
is copied to the screen), not the whole label as QLabel.setText would.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
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

# What a character's picture depends on besides the character: font, colour, pixel ratio.
_Style = tuple[str, int, float]
# A character's place in the label, and its picture.
_Placed = tuple[QRectF, QPixmap]
# What makes a new font or colour (EnabledChange: the disabled colours).
_RESTYLING = (
    QEvent.Type.FontChange,
    QEvent.Type.PaletteChange,
    QEvent.Type.EnabledChange,
    QEvent.Type.StyleChange,
)


class _Look(NamedTuple):
    """The font and colour the characters are drawn in, with what keys their pictures."""

    font: QFont
    metrics: QFontMetricsF
    colour: QColor
    font_key: str
    rgba: int


class _Glyph(NamedTuple):
    """A character's picture and its size in the label's own (device-independent) pixels."""

    picture: QPixmap
    width: float
    height: float


# The widest text the countdown shows; the font is sized so this fits.
_WIDEST_TEXT = "00:00"


class CountdownLabel(QLabel):
    """A label whose font follows its size, so the digits fill the space given.

    Its size policy ignores the text's own size hint: the layout decides the
    box and the font adapts, never the other way round (no resize feedback).
    A QLabel for what it is to screen readers (static text, named by the page
    "Time left in this phase"), but it keeps and paints its text itself (see the
    module's docstring): `text()` and `setText()` are its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = "0:00"
        self._glyphs: dict[tuple[str, str, int, float], _Glyph] = {}
        self._placings: dict[tuple[str, int, int, _Style], list[_Placed]] = {}
        self._look: _Look | None = None
        # Where the text shown was last placed (the old text's place, for a new
        # second), as of the last paint or new text: a new size or font repaints
        # the whole label, so an out-of-date one only ever marks too much.
        self._shown: list[_Placed] = []
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
        if event.type() in _RESTYLING:
            self._look = None  # found again on next use
        glyphs = self.__dict__.get("_glyphs")  # (none yet while __init__ sets the font)
        if glyphs and event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            glyphs.clear()  # drawn again, once, in the new font or colours
            self._placings.clear()

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        """Show `text`, repainting only the characters that differ from the last."""
        old, self._text = self._text, text
        if text == old:
            return
        before, after = self._shown, self._placed(text)
        self._shown = after
        if [rect for rect, _ in before] == [rect for rect, _ in after]:
            # As wide as before (tabular digits): only the changed characters.
            for (rect, _), was, now in zip(after, old, text, strict=True):
                if was != now:
                    self.update(rect.toAlignedRect())
            return
        for placed in (before, after):  # a new width ("10:00" to "9:59"): all of both
            if placed:
                self.update(placed[0][0].united(placed[-1][0]).toAlignedRect())

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text centred, each character from its picture (see the module's docstring)."""
        placed = self._shown = self._placed(self._text)
        if not placed:
            return
        painter = QPainter(self)
        for rect, glyph in placed:
            if event.rect().intersects(rect.toAlignedRect()):
                painter.drawPixmap(rect.topLeft(), glyph)
        painter.end()

    def _placed(self, text: str) -> list[_Placed]:
        """Where each character of `text` goes (centred), with its picture. The last
        few are kept: each second asks for the old text, the new one, and its paint."""
        if not text:
            return []
        look = self._current_look()
        ratio = self.devicePixelRatioF()
        style = (look.font_key, look.rgba, ratio)
        key = (text, self.width(), self.height(), style)
        placed = self._placings.get(key)
        if placed is not None:
            return placed
        glyphs = [self._glyph(character, style, look) for character in text]
        x = (self.width() - sum(glyph.width for glyph in glyphs)) / 2
        y = (self.height() - look.metrics.height()) / 2
        placed = []
        for glyph in glyphs:
            placed.append((QRectF(x, y, glyph.width, glyph.height), glyph.picture))
            x += glyph.width
        if len(self._placings) >= 4:
            self._placings.clear()
        self._placings[key] = placed
        return placed

    def _current_look(self) -> _Look:
        """The font and colour the text is drawn in, found once per change of either
        (asking the palette and the font each second cost a tenth of a millisecond)."""
        if self._look is None:
            font = self.font()
            colour = self.palette().color(
                QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled,
                self.foregroundRole(),
            )
            self._look = _Look(font, QFontMetricsF(font), colour, font.key(), colour.rgba())
        return self._look

    def _glyph(self, character: str, style: _Style, look: _Look) -> _Glyph:
        key = (character, *style)
        glyph = self._glyphs.get(key)
        if glyph is None:
            picture = _drawn_character(character, look.font, look.metrics, look.colour, style[2])
            size = picture.deviceIndependentSize()
            glyph = _Glyph(picture, size.width(), size.height())
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
