"""Colours and fonts shared by the pages, chosen from the palette so light and dark both work."""

from __future__ import annotations

import enum

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENT = QColor("#f08a24")  # borders and fills only; picture colours: assets/stretches/README.md
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


# Big texts grow with their page (a big screen is read from further away): beyond
# this many pixels of height per point of the user's text size (900 px at 10 pt),
# in quarter steps, up to MAX_TEXT_SCALE. Relative to the text size, so large
# system text is not enlarged again until there is room for it.
PIXELS_PER_POINT = 90
MAX_TEXT_SCALE = 2.5


def text_scale(height: int, point_size: float) -> float:
    """How much larger than usual the page's texts are at `height` pixels."""
    scale = round(height / (PIXELS_PER_POINT * point_size) * 4) / 4
    return max(1.0, min(MAX_TEXT_SCALE, scale))


def page_text_scale(page: QWidget) -> float:
    """text_scale for `page` as it is now: its height, and its text size."""
    point_size = page.font().pointSizeF()
    return text_scale(page.height(), point_size if point_size > 0 else 10.0)


# WCAG 2.x: the least contrast for normal text (AA), and for large text (18 pt, or 14 pt bold).
AA_NORMAL = 4.5
AA_LARGE = 3.0


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: float) -> float:
        if channel <= 0.04045:
            return channel / 12.92
        return float(((channel + 0.055) / 1.055) ** 2.4)

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours, 1.0 (none) to 21.0 (black on white); order-free."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_pairs(palette: QPalette) -> dict[str, tuple[QColor, QColor]]:
    """Every (text, background) pair the pages draw with this palette, by what it is."""
    role = QPalette.ColorRole
    window = palette.color(role.Window)
    wash = cue_background(palette)
    return {
        "window text": (palette.color(role.WindowText), window),
        "accent text on window": (accent_text(palette), window),
        "cue text on the cue wash": (palette.color(role.WindowText), wash),
        "cue title on the cue wash": (accent_text(palette), wash),
        "notice text": (palette.color(role.WindowText), wash),
        "list and field text": (palette.color(role.Text), palette.color(role.Base)),
        "button text": (palette.color(role.ButtonText), palette.color(role.Button)),
        "selected text": (palette.color(role.HighlightedText), palette.color(role.Highlight)),
        "placeholder text": (palette.color(role.PlaceholderText), palette.color(role.Base)),
    }


class Scheme(enum.Enum):
    """The colour scheme setting: follow the desktop, or force light or dark (what the
    settings dialog calls each is declared with the option, `Options.THEME`)."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def of(cls, value: str) -> Scheme:
        """The scheme a setting names; SYSTEM for anything unknown (a hand-edited file)."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            return cls.SYSTEM


def palette_for(scheme: Scheme) -> QPalette | None:
    """The explicit palette apply_scheme uses; None for SYSTEM (the desktop's)."""
    if scheme is Scheme.SYSTEM:
        return None
    return _dark_palette() if scheme is Scheme.DARK else _light_palette()


def control_outline(palette: QPalette) -> QColor:
    """The edge of a check box: 3:1 against the window (WCAG 1.4.11) in both schemes.

    Fusion draws it a shade darker than the window, which on a dark window is
    black on near-black: an unchecked box can't be seen.
    """
    return QColor("#9aa5b4") if is_dark(palette) else QColor("#5b6470")


def apply_scheme(app: QApplication, scheme: Scheme) -> None:
    """Use Fusion with an explicit palette for light and dark, the desktop's for SYSTEM.

    An explicit palette (rather than only a colour-scheme hint) looks the same
    on every platform, including ones whose style ignores the hint.
    """
    if scheme is Scheme.SYSTEM:
        # An empty palette, not the style's standard one: nothing is then set
        # explicitly, so Qt keeps following the desktop's light or dark mode.
        app.setPalette(QPalette())
        return
    palette = palette_for(scheme)
    assert palette is not None
    from app.ui.limber_style import LimberStyle  # not before the first paint (QStyle is slow)

    if not isinstance(app.style(), LimberStyle):
        app.setStyle(LimberStyle())
    app.setPalette(palette)


def _light_palette() -> QPalette:
    palette = QPalette(QColor("#f3f4f6"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#15181c"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6db3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#5b6470"))
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
