"""The routine chosen in the picker, shown beside the list.

Its title, regions and total time (with the runner's get-ready and rest),
summary, the steps with their pictures small, and the body map; for a file
that can't be used, why not. The picker builds it with its first routines,
after the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.routine import describe_dose
from app.ui import theme
from app.ui.body_map import BodyMap
from app.ui.page_views import PageListWidget
from app.ui.picture import stretch_icon
from app.ui.routine_row import routine_facts

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from app.store import CatalogEntry
    from app.timing import TimingOverrides

STEP_ICON_SIZE = 40


class RoutineDetails(QWidget):
    """Shows one catalog entry (or nothing); it only displays, the picker acts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self)
        self.title_label.setFont(theme.scaled_font(self, 1.8, bold=True))
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(self)
        self.facts_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        # The steps, each with its picture small: what the routine looks like at a glance.
        self.steps_list = PageListWidget(self)  # hidden from screen readers with the page
        self.steps_list.setAccessibleName(_("Steps"))
        self.steps_list.setIconSize(QSize(STEP_ICON_SIZE, STEP_ICON_SIZE))
        # A long line ("10 Wiederholungen je Seite") wraps instead of running off the side.
        self.steps_list.setWordWrap(True)
        self.steps_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Reached with Tab, so a screen reader can go through the steps (Space still
        # starts the routine: it is the window's key).
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.steps_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.steps_list.setFrameShape(QFrame.Shape.NoFrame)
        # Drawn on the page's own background: a clear Base, the one colour
        # the list paints with (other colours still follow the theme).
        palette = self.steps_list.palette()
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
        self.steps_list.setPalette(palette)
        self._step_icons: dict[tuple[str, str], QIcon] = {}
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Right under its heading, taking the room the steps would have.
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.error_label.hide()
        self.body_map = BodyMap(self)
        self.body_map.setFixedSize(112, 112)
        self.body_map.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # its description: the regions

        heading = QVBoxLayout()
        heading.addWidget(self.title_label)
        heading.addWidget(self.facts_label)
        heading.addStretch(1)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.body_map, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.summary_label)
        layout.addSpacing(8)
        layout.addWidget(self.steps_list, 1)
        layout.addWidget(self.error_label)

    def show_entry(self, entry: CatalogEntry | None, overrides: TimingOverrides) -> None:
        """Show `entry`, its time as a session with `overrides` takes it."""
        routine = None if entry is None else entry.routine
        self.body_map.set_regions(() if routine is None else routine.regions)
        self.steps_list.clear()
        broken = entry is not None and routine is None
        self.error_label.setVisible(broken)
        self.steps_list.setVisible(not broken)
        if entry is None:
            for label in (self.title_label, self.facts_label, self.summary_label):
                label.clear()
            return
        self.title_label.setText(entry.title)
        if routine is None:
            self.facts_label.setText(entry.path)
            self.summary_label.setText(
                _("This routine file has a problem, so it can't be started:")
            )
            self.error_label.setText(str(entry.error))
            return
        self.facts_label.setText(routine_facts(routine, overrides))
        self.summary_label.setText(routine.summary)
        for number, step in enumerate(routine.steps, start=1):
            item = QListWidgetItem(f"{number}. {step.name} — {describe_dose(step)}")
            item.setIcon(self._step_icon(step.image, step.stretch_id))
            self.steps_list.addItem(item)

    def steps_text(self) -> list[str]:
        return [self.steps_list.item(row).text() for row in range(self.steps_list.count())]

    def _step_icon(self, image: str | None, stretch_id: str | None) -> QIcon:
        """The stretch's picture as a small icon, drawn once per picture."""
        key = (image or "", "" if image else stretch_id or "")
        if key not in self._step_icons:
            self._step_icons[key] = stretch_icon(image, STEP_ICON_SIZE, stretch_id)
        return self._step_icons[key]
