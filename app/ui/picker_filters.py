"""The picker's filters: the search box, the region chips, the "up to N min" limit
and "Build one for me", over the routine list (app.ui.picker_page)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton

from app.i18n import _, pgettext
from app.regions import Region

# The "up to N min" filter's choices; None: any length.
TIME_LIMITS_MINUTES: tuple[int | None, ...] = (None, 3, 5, 8, 10)


def name_clear_button(field: QLineEdit) -> None:
    """Qt's clear button in a search field has no name of its own for screen readers."""
    for button in field.findChildren(QToolButton):
        button.setAccessibleName(_("Clear the search"))


def region_short_label(region: Region) -> str:
    """A region in a word, on a filter chip or a check box ("Calves" for "Calves &
    Achilles"): five of them fit a narrow window. Looked up at each call."""
    short = {
        Region.TRUNK_HIPS: pgettext("region, in a word", "Trunk"),
        Region.WAIST: pgettext("region, in a word", "Waist"),
        Region.THIGHS_KNEES: pgettext("region, in a word", "Thighs"),
        Region.CALVES_ACHILLES: pgettext("region, in a word", "Calves"),
        Region.FEET_ANKLES: pgettext("region, in a word", "Feet"),
    }
    return short[region]
