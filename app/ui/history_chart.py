"""The history page's chart of warm-ups per week, drawn by the page itself.

It was a QtCharts chart: importing QtCharts took tens of milliseconds, and laying
out its scene took 30 to 70 ms of the GUI thread each time the page was resized
or filled in, the worst of the History page's stalls. Twelve bars, their labels
and a value axis need none of that: the geometry is worked out once per size
(`_layout`), and each paint only fills rectangles and writes short texts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import _
from app.ui import theme

# Room the value axis and the margins leave the bars, for deciding whether the week
# labels fit side by side (as QtCharts' plot took most of its view).
_AXIS_ROOM = 80
_MARGIN = 8
_GAP = 6  # between the title, the plot, the labels
_BAR_SHARE = 0.6  # of each week's slot filled by its bar
_MOST_TICKS = 6  # value-axis labels at most, beyond the zero


@dataclass(frozen=True)
class _Geometry:
    """Where everything goes at one size: worked out when the size changes, drawn on paint."""

    title: QRectF
    plot: QRectF
    bars: tuple[QRectF, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, label) of each value-axis line
    labels: tuple[tuple[QPointF, str], ...]  # where each week's label starts
    angle: int  # 0: upright; -90: turned to read upwards
    size: QSize  # the widget's, when this was worked out


def value_axis(most: int) -> tuple[int, int]:
    """The axis's top and the step between its labels for a largest count `most`: at
    least 3, whole numbers, no more than _MOST_TICKS labels above zero."""
    top = max(most, 3)
    step = max(1, math.ceil(top / _MOST_TICKS))
    return math.ceil(top / step) * step, step


class WeeklyChart(QWidget):
    """Bars of the weekly counts, oldest week on the left, each labelled by its Monday.

    A picture, not a control: no Tab stop; its numbers are its accessible description.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: tuple[int, ...] = ()
        self._labels: tuple[str, ...] = ()
        self._geometry: _Geometry | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Warm-ups per week"))

    def set_weeks(self, counts: Sequence[int], labels: Sequence[str], description: str) -> None:
        """Show `counts` (oldest first) under `labels`; `description` says them in words."""
        self._counts = tuple(counts)
        self._labels = tuple(labels)
        self.setAccessibleDescription(description)
        self._geometry = None
        self.update()

    def counts(self) -> list[int]:
        """The bars drawn, oldest week first."""
        return list(self._counts)

    def labels_angle(self) -> int:
        """How the week labels are turned at the present width (0: upright)."""
        return self._laid_out().angle

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def changeEvent(self, event: QEvent) -> None:  # a new font or palette: lay out again
        self._geometry = None
        super().changeEvent(event)

    def _laid_out(self) -> _Geometry:
        if self._geometry is None or self._geometry.size != self.size():
            self._geometry = self._layout()
        return self._geometry

    def _layout(self) -> _Geometry:
        """The title above, the value axis on the left, the week labels below (upright
        when they fit side by side, else turned: a narrow window would cut them)."""
        metrics = QFontMetrics(self.font())
        title_metrics = QFontMetrics(theme.scaled_font(self, 1.0, bold=True))
        width, height = float(self.width()), float(self.height())
        weeks = max(1, len(self._counts))
        widest_label = max((metrics.horizontalAdvance(text) for text in self._labels), default=0)
        angle = 0 if widest_label + 8 <= (width - _AXIS_ROOM) / weeks else -90
        label_room = metrics.height() if angle == 0 else widest_label
        top, step = value_axis(max(self._counts, default=0))
        tick_texts = [str(value) for value in range(0, top + 1, step)]
        axis_width = max(metrics.horizontalAdvance(text) for text in tick_texts) + _GAP
        title = QRectF(0, _MARGIN, width, title_metrics.height())
        plot = QRectF(
            _MARGIN + axis_width,
            title.bottom() + _GAP,
            max(1.0, width - 2 * _MARGIN - axis_width),
            max(1.0, height - title.bottom() - 2 * _GAP - label_room - _MARGIN),
        )
        slot = plot.width() / weeks
        bars = tuple(
            QRectF(
                plot.left() + slot * (index + (1 - _BAR_SHARE) / 2),
                plot.bottom() - plot.height() * count / top,
                slot * _BAR_SHARE,
                plot.height() * count / top,
            )
            for index, count in enumerate(self._counts)
        )
        ticks = tuple(
            (plot.bottom() - plot.height() * int(text) / top, text) for text in tick_texts
        )
        labels = []
        for index, text in enumerate(self._labels):
            middle = plot.left() + slot * (index + 0.5)
            if angle == 0:
                start = QPointF(
                    middle - metrics.horizontalAdvance(text) / 2,
                    plot.bottom() + _GAP + metrics.ascent(),
                )
            else:  # read upwards, ending just under the axis
                start = QPointF(
                    middle + (metrics.ascent() - metrics.descent()) / 2,
                    plot.bottom() + _GAP + metrics.horizontalAdvance(text),
                )
            labels.append((start, text))
        return _Geometry(title, plot, bars, ticks, tuple(labels), angle, self.size())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._counts:
            return  # nothing read yet
        geometry = self._laid_out()
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        grid = palette.color(palette.ColorRole.Mid)
        painter = QPainter(self)
        painter.setFont(theme.scaled_font(self, 1.0, bold=True))
        painter.setPen(text)
        painter.drawText(geometry.title, Qt.AlignmentFlag.AlignHCenter, _("Warm-ups per week"))
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        plot = geometry.plot
        for y, label in geometry.ticks:
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QPointF(
                    plot.left() - _GAP - metrics.horizontalAdvance(label),
                    y + metrics.ascent() / 2 - metrics.descent() / 2,
                ),
                label,
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(theme.ACCENT).darker(120))
        painter.setBrush(theme.ACCENT)
        for bar in geometry.bars:
            if bar.height() > 0:
                painter.drawRect(bar)
        painter.setPen(text)
        for start, label in geometry.labels:
            if geometry.angle == 0:
                painter.drawText(start, label)
            else:
                painter.save()
                painter.translate(start)
                painter.rotate(geometry.angle)
                painter.drawText(QPointF(0, 0), label)
                painter.restore()
        painter.end()
