"""The style of the light and dark schemes: Fusion, with check boxes that can be seen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

from app.ui.theme import control_outline


class LimberStyle(QProxyStyle):
    """Fusion, with check boxes whose edge can be seen on a dark window too."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("limber")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        ):
            edge = QColor(control_outline(option.palette))
            if not option.state & QStyle.StateFlag.State_Enabled:
                edge.setAlphaF(0.5)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.translate(0.5, 0.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(edge, 1.0))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()
