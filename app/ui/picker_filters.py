"""The picker's filters: the search box, the region chips, the "up to N min" limit
and "Build one for me", over the routine list (app.ui.picker_page).

Built with the picker for the window's first screen: only what the filters show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, pgettext
from app.regions import Region
from app.ui.flow_layout import FlowLayout
from app.ui.region_chip import RegionChip

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


class PickerFilters(QWidget):
    """Search, region chips, time limit and "build one for me", above the list.

    `changed` whenever the runner changes a filter (the page then asks for
    `checked_regions`, `max_minutes` and `search_words`); `search_entered` on
    Return in the search box; `build_requested` from "Build one for me".
    """

    changed = Signal()
    search_entered = Signal()
    build_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search routines and stretches  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search)
        self.search.setAccessibleName(_("Search routines"))
        self.search.textChanged.connect(self.changed)
        self.search.returnPressed.connect(self.search_entered)

        chips = FlowLayout()  # on a second line when the window is narrow
        self.region_chips: dict[Region, RegionChip] = {}
        for region in Region:
            # The first word ("Calves" for "Calves & Achilles"): five chips fit a narrow window.
            chip = RegionChip(region_short_label(region), self)
            chip.setAccessibleName(_("Filter: {region}").format(region=region.label))
            tip = _("Show only routines that work the {region}").format(region=region.in_sentence)
            chip.setToolTip(tip)
            chip.toggled.connect(self.changed)
            chips.addWidget(chip)
            self.region_chips[region] = chip

        self.time_limit = QComboBox(self)
        self.time_limit.setAccessibleName(_("Longest routine"))
        for minutes in TIME_LIMITS_MINUTES:
            if minutes is None:
                self.time_limit.addItem(_("Any length"))
            else:
                self.time_limit.addItem(_("Up to {minutes} min").format(minutes=minutes))
        self.time_limit.currentIndexChanged.connect(self.changed)
        self.build_button = QPushButton(_("Build one for me…"), self)
        self.build_button.setToolTip(_("Make a routine for the regions and minutes you choose"))
        self.build_button.clicked.connect(self.build_requested)
        self.build_button.setEnabled(False)  # until there is a catalog to build from
        # Its label: on Linux, Qt names a combo box by its value ("Any length") and
        # leaves what it sets to the label it is the buddy of.
        time_label = QLabel(_("&Length:"), self)
        time_label.setBuddy(self.time_limit)
        # The length and the builder side by side, or the builder on a line of its
        # own where the words are long (German) and the window narrow.
        length = QWidget(self)  # the label and its box stay on one line
        length_row = QHBoxLayout(length)
        length_row.setContentsMargins(0, 0, 0, 0)
        length_row.addWidget(time_label)
        length_row.addWidget(self.time_limit)
        time_row = FlowLayout()
        time_row.addWidget(length)
        time_row.addWidget(self.build_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addLayout(chips)
        column.addLayout(time_row)

    def checked_regions(self) -> frozenset[Region]:
        return frozenset(region for region, chip in self.region_chips.items() if chip.isChecked())

    def max_minutes(self) -> int | None:
        """The "up to N min" limit; None: any length."""
        return TIME_LIMITS_MINUTES[max(0, self.time_limit.currentIndex())]

    def search_words(self) -> list[str]:
        """The words searched for, case folded: a routine matches when it has them all."""
        return self.search.text().casefold().split()

    def focus_search(self) -> None:
        """Ctrl+F: the search box takes the keys, its text selected to type over."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()

    def set_build_enabled(self, enabled: bool) -> None:
        """ "Build one for me" works once there is a catalog to build from."""
        self.build_button.setEnabled(enabled)
