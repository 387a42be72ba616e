"""Colours: WCAG contrast in both schemes, and switching schemes live."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from app.ui import theme
from app.ui.theme import Scheme


def test_contrast_ratio_matches_the_wcag_examples() -> None:
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#ffffff"), QColor("#000000")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#3366cc"), QColor("#3366cc")) == pytest.approx(1.0)
    # The usual "just fails AA" grey on white, and the one that just passes.
    assert theme.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, 0.01)
    assert theme.contrast_ratio(QColor("#767676"), QColor("#ffffff")) >= theme.AA_NORMAL


@pytest.mark.parametrize("scheme", [Scheme.LIGHT, Scheme.DARK])
def test_every_text_colour_meets_wcag_aa_in_both_schemes(scheme: Scheme) -> None:
    palette = theme.palette_for(scheme)
    assert palette is not None
    pairs = theme.text_pairs(palette)
    assert {
        "window text",
        "accent text on window",
        "cue text on the cue wash",
        "notice text",
    } <= pairs.keys()
    too_low = {
        name: round(theme.contrast_ratio(text, background), 2)
        for name, (text, background) in pairs.items()
        if theme.contrast_ratio(text, background) < theme.AA_NORMAL
    }
    assert too_low == {}


def test_the_accent_text_follows_the_scheme() -> None:
    light, dark = theme.palette_for(Scheme.LIGHT), theme.palette_for(Scheme.DARK)
    assert light is not None
    assert dark is not None
    assert not theme.is_dark(light)
    assert theme.is_dark(dark)
    assert theme.accent_text(light) != theme.accent_text(dark)


def test_a_scheme_is_read_leniently_from_a_setting() -> None:
    assert Scheme.of("dark") is Scheme.DARK
    assert Scheme.of(" Light ") is Scheme.LIGHT
    assert Scheme.of("purple") is Scheme.SYSTEM
    assert theme.palette_for(Scheme.SYSTEM) is None


def test_apply_scheme_switches_the_application_palette(app_look: QApplication) -> None:
    window = QPalette.ColorRole.Window
    theme.apply_scheme(app_look, Scheme.DARK)
    assert app_look.palette().color(window) == QColor("#202428")
    assert theme.is_dark(app_look.palette())
    theme.apply_scheme(app_look, Scheme.LIGHT)
    assert app_look.palette().color(window) == QColor("#f3f4f6")
    assert not theme.is_dark(app_look.palette())


def test_following_the_system_sets_no_colour_of_its_own(app_look: QApplication) -> None:
    theme.apply_scheme(app_look, Scheme.DARK)
    theme.apply_scheme(app_look, Scheme.SYSTEM)
    # Nothing explicitly set: Qt keeps following the desktop's light or dark mode.
    assert app_look.palette().resolveMask() == 0


@pytest.mark.parametrize("scheme", [Scheme.LIGHT, Scheme.DARK])
def test_check_box_edges_stand_out_from_the_window(scheme: Scheme) -> None:
    palette = theme.palette_for(scheme)
    assert palette is not None
    window = palette.color(QPalette.ColorRole.Window)
    assert theme.contrast_ratio(theme.control_outline(palette), window) >= theme.AA_LARGE


@pytest.mark.parametrize("scheme", [Scheme.LIGHT, Scheme.DARK])
def test_an_unchecked_box_can_be_seen_on_screen(
    qtbot: QtBot, app_look: QApplication, scheme: Scheme
) -> None:
    theme.apply_scheme(app_look, scheme)
    box = QCheckBox("Mute all cues")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    picture = box.grab().toImage()
    ratio = picture.devicePixelRatio()
    window = app_look.palette().color(QPalette.ColorRole.Window)
    # The strongest edge pixel along the indicator's left side, as drawn.
    edge = max(
        theme.contrast_ratio(picture.pixelColor(round(x * ratio), round(y * ratio)), window)
        for x in range(indicator.left(), indicator.left() + 3)
        for y in range(indicator.top() + 3, indicator.bottom() - 2)
    )
    assert edge >= theme.AA_LARGE
