"""Paints a laid-out figure (app/figure.py) with QPainter, at any size.

The frame is in a 240 x 240 square; it is scaled to the largest square that
fits the target and centred in it, so the figure keeps its proportions in a
tall or wide space. The colours are the house palette, which reads on both
colour schemes, so nothing here depends on the scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from app.figure import SIZE, Frame, Shape, Stroke


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
    for stroke in frame.strokes:
        _paint_stroke(painter, stroke)
    painter.restore()


def _paint_stroke(painter: QPainter, stroke: Stroke) -> None:
    colour = QColor(stroke.colour)
    points = [QPointF(x, y) for x, y in stroke.points]
    if stroke.shape is Shape.DISC:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(points[0], stroke.width, stroke.width)
        return
    pen = QPen(colour, stroke.width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if stroke.flat_ends else Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if stroke.shape is Shape.LINE:
        painter.drawLine(points[0], points[1])
    elif stroke.shape is Shape.POLYLINE:
        painter.drawPolyline(points)
    else:
        path = QPainterPath(points[0])
        path.quadTo(points[1], points[2])
        painter.drawPath(path)
