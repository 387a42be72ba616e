"""Colours and fonts shared by the pages, chosen from the palette so light and dark both work."""

from __future__ import annotations

import enum

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENT = QColor("#f08a24")  # the illustrations' highlight colour; borders and fills only
# Text in the accent hue, dark enough on light backgrounds and light enough on
# dark ones for WCAG AA (4.5:1) against the window colour.
_ACCENT_TEXT_ON_LIGHT = QColor("#9c4f00")
_ACCENT_TEXT_ON_DARK = QColor("#ffb36b")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def accent_text(palette: QPalette) -> QColor:
    return _ACCENT_TEXT_ON_DARK if is_dark(palette) else _ACCENT_TEXT_ON_LIGHT


def cue_background(palette: QPalette) -> QColor:
    """A faint wash of the accent over the window colour, to set the form cue apart."""
    base = palette.color(QPalette.ColorRole.Window)
    weight = 0.18 if is_dark(palette) else 0.12
    return QColor.fromRgbF(
        base.redF() + (ACCENT.redF() - base.redF()) * weight,
        base.greenF() + (ACCENT.greenF() - base.greenF()) * weight,
        base.blueF() + (ACCENT.blueF() - base.blueF()) * weight,
    )


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font, `factor` times the application's point size."""
    font = QFont(widget.font())
    base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(base * factor)
    font.setBold(bold)
    return font


class Scheme(enum.Enum):
    """The colour scheme setting: follow the desktop, or force light or dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def apply_scheme(app: QApplication, scheme: Scheme) -> None:
    """Use Fusion with an explicit palette for light and dark, the desktop's for SYSTEM.

    An explicit palette (rather than only a colour-scheme hint) looks the same
    on every platform, including ones whose style ignores the hint.
    """
    if scheme is Scheme.SYSTEM:
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if scheme is Scheme.DARK else _light_palette())


def _light_palette() -> QPalette:
    palette = QPalette(QColor("#f3f4f6"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6db3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def _dark_palette() -> QPalette:
    palette = QPalette(QColor("#202428"))
    for role, colour in (
        (QPalette.ColorRole.Window, "#202428"),
        (QPalette.ColorRole.WindowText, "#eceff3"),
        (QPalette.ColorRole.Base, "#181b1f"),
        (QPalette.ColorRole.AlternateBase, "#262a30"),
        (QPalette.ColorRole.Text, "#eceff3"),
        (QPalette.ColorRole.Button, "#2c3137"),
        (QPalette.ColorRole.ButtonText, "#eceff3"),
        (QPalette.ColorRole.ToolTipBase, "#2c3137"),
        (QPalette.ColorRole.ToolTipText, "#eceff3"),
        (QPalette.ColorRole.PlaceholderText, "#9aa5b4"),
        (QPalette.ColorRole.Highlight, "#4d8fd6"),
        (QPalette.ColorRole.HighlightedText, "#0d0f12"),
        (QPalette.ColorRole.Link, "#7fb2ff"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QColor("#7b8591")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette
