"""The routine picker: every routine, shipped and the user's, broken ones flagged."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.routine import Routine, format_duration
from app.session import total_seconds
from app.store import CatalogEntry
from app.ui import theme
from app.ui.session_page import dose_text

_ENTRY_ROLE = Qt.ItemDataRole.UserRole


def routine_facts(routine: Routine) -> str:
    """One line: regions and total time, e.g. "Waist · Feet & ankles · 3:40"."""
    regions = " · ".join(region.label for region in routine.regions)
    return f"{regions} · {format_duration(total_seconds(routine))}"


class PickerPage(QWidget):
    """Lists routines; emits `start_requested(id)` when the user picks one to do."""

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Routines")
        self.list.setMinimumWidth(260)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(self._activate)

        self.title_label = QLabel(self)
        self.title_label.setFont(theme.scaled_font(self, 1.8, bold=True))
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.steps_label = QLabel(self)
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton("Start  (Space)", self)
        self.start_button.setAccessibleName("Start routine")
        self.start_button.clicked.connect(self._start_current)

        details = QVBoxLayout()
        details.addWidget(self.title_label)
        details.addWidget(self.facts_label)
        details.addWidget(self.summary_label)
        details.addSpacing(8)
        details.addWidget(self.steps_label)
        details.addWidget(self.error_label)
        details.addStretch(1)
        details.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.list, 2)
        layout.addSpacing(16)
        layout.addLayout(details, 3)

    def set_entries(self, entries: Sequence[CatalogEntry], select: str | None = None) -> None:
        self.list.clear()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for entry in entries:
            item = QListWidgetItem(self.list)
            item.setData(_ENTRY_ROLE, entry)
            if entry.routine is not None:
                mine = "" if entry.builtin else "  (yours)"
                item.setText(f"{entry.routine.title}{mine}\n{routine_facts(entry.routine)}")
            else:
                item.setIcon(warning)
                item.setText(f"{entry.title}\nCan't be used: see the error")
            item.setToolTip(entry.path)
        ids = [entry.id for entry in entries]
        row = ids.index(select) if select in ids else 0
        if entries:
            self.list.setCurrentRow(row)

    def current_entry(self) -> CatalogEntry | None:
        item = self.list.currentItem()
        return None if item is None else item.data(_ENTRY_ROLE)  # type: ignore[no-any-return]

    def _show_current(self, item: QListWidgetItem | None) -> None:
        entry = None if item is None else item.data(_ENTRY_ROLE)
        routine = None if entry is None else entry.routine
        self.start_button.setEnabled(routine is not None)
        if entry is None:
            for label in (self.title_label, self.facts_label, self.summary_label):
                label.clear()
            return
        self.title_label.setText(entry.title)
        if routine is None:
            self.facts_label.setText(entry.path)
            self.summary_label.setText("This routine file has a problem, so it can't be started:")
            self.steps_label.clear()
            self.error_label.setText(str(entry.error))
            self.error_label.show()
            return
        self.facts_label.setText(routine_facts(routine))
        self.summary_label.setText(routine.summary)
        self.steps_label.setText(
            "\n".join(
                f"{number}. {step.name} — {dose_text(step)}"
                for number, step in enumerate(routine.steps, start=1)
            )
        )
        self.error_label.hide()

    def _activate(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self._start_current()

    def _start_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.routine is not None:
            self.start_requested.emit(entry.id)
