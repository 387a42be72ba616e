"""The big countdown: as large as its space allows, readable from across a room.

It changes every second, so what a change costs counts: a label given new text
asks its parent's layout to lay everything out again, and repaints. The label
sits alone in a box with no layout (`CountdownBox`), so a new second repaints the
digits and lays out nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
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
