"""The picker's region filter chips: on and off told apart by more than a shade.

A chip that is on is filled with the accent, in dark text, with a tick before
its name; one that is off is only outlined. A style sheet draws them (custom
painting would set up QPainter before the first paint); since a widget under
a style sheet keeps the palette it was polished with, the sheet is made again
from the application's palette whenever that changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from app.ui import theme

TICK = "✓ "
# The text on the accent fill: 7:1 against it.
ON_TEXT = QColor("#1a1a1a")
# The outline of a chip that is off: 3:1 against both schemes' window colour.
OFF_OUTLINE = QColor("#7b8591")


class RegionChip(QToolButton):
    """A checkable chip for one region; `name` is the region's short name."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setCheckable(True)
        self.toggled.connect(self._show_state)
        self._restyle()
        # Room for the tick either way, so that turning a chip on moves nothing.
        self.setText(TICK + name)
        self.setMinimumWidth(self.sizeHint().width())
        self._show_state(False)

    @property
    def name(self) -> str:
        return self._name

    def _show_state(self, on: bool) -> None:
        """The tick says "on" without relying on colour."""
        self.setText(TICK + self._name if on else self._name)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()

    def _restyle(self) -> None:
        palette = QApplication.palette()
        text = palette.color(QPalette.ColorRole.WindowText).name()
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        focus = palette.color(QPalette.ColorRole.Highlight).name()
        accent = theme.ACCENT.name()
        self.setStyleSheet(
            f"QToolButton {{ color: {text}; background: transparent;"
            f" border: 1px solid {OFF_OUTLINE.name()}; border-radius: 11px; padding: 3px 7px; }}"
            f"QToolButton:hover {{ border-color: {accent}; }}"
            f"QToolButton:focus {{ border: 2px solid {focus}; }}"
            f"QToolButton:checked {{ color: {ON_TEXT.name()}; background: {accent};"
            f" border-color: {accent}; }}"
            f"QToolButton:checked:focus {{ border: 2px solid {focus}; }}"
            f"QToolButton:disabled {{ color: {disabled.name()}; }}"
        )
