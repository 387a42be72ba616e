"""Paints a laid-out figure (app/figure.py) with QPainter, at any size.

The frame is in a 240 x 240 square; it is scaled to the largest square that
fits the target and centred in it, so the figure keeps its proportions in a
tall or wide space. The colours are the house palette, which reads on both
colour schemes, so nothing here depends on the scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from app.figure import LOOP_STEPS, SIZE, Frame, Shape, Stroke


def paint_frame(painter: QPainter, frame: Frame, target: QRectF) -> None:
    """Draw `frame` into `target`, keeping its square shape."""
    side = min(target.width(), target.height())
    if side <= 0:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(
        target.x() + (target.width() - side) / 2, target.y() + (target.height() - side) / 2
    )
    painter.scale(side / SIZE, side / SIZE)
    for draw in _prepared(frame):
        draw(painter)
    painter.restore()


Draw = Callable[[QPainter], None]


@lru_cache(maxsize=2 * LOOP_STEPS)
def _prepared(frame: Frame) -> tuple[Draw, ...]:
    """The frame's strokes as ready-made pens and points: a moving figure's frames
    repeat every loop, and building Qt objects costs more than painting them."""
    return tuple(_prepare(stroke) for stroke in frame.strokes)


def _prepare(stroke: Stroke) -> Draw:
    colour = QColor(stroke.colour)
    points = [QPointF(x, y) for x, y in stroke.points]
    if stroke.shape is Shape.DISC:
        centre, radius = points[0], stroke.width

        def disc(painter: QPainter) -> None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(centre, radius, radius)

        return disc
    pen = QPen(colour, stroke.width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if stroke.flat_ends else Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if stroke.shape is Shape.LINE:
        start, end = points

        def line(painter: QPainter) -> None:
            painter.setPen(pen)
            painter.drawLine(start, end)

        return line
    path = QPainterPath(points[0])
    if stroke.shape is Shape.POLYLINE:
        for point in points[1:]:
            path.lineTo(point)
    else:
        path.quadTo(points[1], points[2])

    def curve(painter: QPainter) -> None:
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    return curve
