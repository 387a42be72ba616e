"""The editor's "Add a stretch" panel: the searchable stretch library and a stretch of your own.

It adds nothing itself: it emits `step_requested(step)` for the step to add
(a library stretch, or one of the runner's own), and `problem(text)` when
the runner's own stretch lacks what it needs; the editor does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import editing
from app.i18n import _, pgettext
from app.routine import Stretch, step_from_stretch
from app.ui.picker_filters import name_clear_button
from app.ui.picture import stretch_icon

_STRETCH_ROLE = Qt.ItemDataRole.UserRole
_ICON_SIZE = 48


class LibraryPanel(QGroupBox):
    """The stretch library to add from, searchable by name or region."""

    step_requested = Signal(object)
    problem = Signal(str)

    def __init__(self, library: Mapping[str, Stretch], parent: QWidget | None = None) -> None:
        super().__init__(_("Add a stretch"), parent)
        self._library = library
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search by name or region"))
        self.search_edit.setClearButtonEnabled(True)
        name_clear_button(self.search_edit)
        self.search_edit.setAccessibleName(_("Search stretches"))
        self.search_edit.textChanged.connect(self.filter)
        # Type a few letters, press Return: the stretch found first is added.
        self.search_edit.returnPressed.connect(self.add_current_stretch)
        self.library_list = QListWidget(self)
        self.library_list.setAccessibleName(_("Stretch library"))
        self.library_list.setIconSize(QSize(_ICON_SIZE, _ICON_SIZE))
        self.library_list.setWordWrap(True)
        self.library_list.setMinimumWidth(210)
        self.library_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.library_list.itemActivated.connect(self._library_activated)
        for stretch in sorted(library.values(), key=lambda stretch: stretch.name.casefold()):
            regions = pgettext("list", ", ").join(region.label for region in stretch.regions)
            item = QListWidgetItem(
                stretch_icon(stretch.image, _ICON_SIZE), f"{stretch.name}\n{regions}"
            )
            item.setData(_STRETCH_ROLE, stretch.id)
            item.setToolTip(stretch.instructions)
            self.library_list.addItem(item)
        self.add_button = QPushButton(_("Add to routine"), self)
        self.add_button.clicked.connect(self.add_current_stretch)
        self.custom_name_edit = QLineEdit(self)
        self.custom_name_edit.setPlaceholderText(_("Name"))
        self.custom_name_edit.setAccessibleName(_("Your own stretch: name"))
        self.custom_instructions_edit = QLineEdit(self)
        self.custom_instructions_edit.setPlaceholderText(_("How to do it"))
        self.custom_instructions_edit.setAccessibleName(_("Your own stretch: instructions"))
        self.custom_button = QPushButton(_("Add your own"), self)
        self.custom_button.clicked.connect(self.add_custom_step)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.library_list, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel(_("Or your own stretch:"), self))
        layout.addWidget(self.custom_name_edit)
        layout.addWidget(self.custom_instructions_edit)
        layout.addWidget(self.custom_button, 0, Qt.AlignmentFlag.AlignRight)
        self.filter("")

    def add_stretch(self, stretch_id: str) -> None:
        """Ask for the library stretch `stretch_id` to be added."""
        self.step_requested.emit(step_from_stretch(self._library[stretch_id]))

    def add_current_stretch(self) -> None:
        item = self.library_list.currentItem()
        if item is not None and not item.isHidden():
            self.add_stretch(item.data(_STRETCH_ROLE))

    def _library_activated(self, item: QListWidgetItem) -> None:
        self.add_stretch(item.data(_STRETCH_ROLE))

    def add_custom_step(self) -> None:
        name = self.custom_name_edit.text().strip()
        instructions = self.custom_instructions_edit.text().strip()
        if not name or not instructions:
            self.problem.emit(_("Your own stretch needs a name and how to do it."))
            return
        self.step_requested.emit(editing.custom_step(name, instructions))
        self.custom_name_edit.clear()
        self.custom_instructions_edit.clear()

    def filter(self, text: str) -> None:
        """Show only the stretches whose name, id or regions hold every word of `text`."""
        words = text.casefold().split()
        first_shown = None
        for row in range(self.library_list.count()):
            item = self.library_list.item(row)
            stretch = self._library[item.data(_STRETCH_ROLE)]
            hidden = not editing.stretch_matches(stretch, words)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.library_list.currentItem()
        if (current is None or current.isHidden()) and first_shown is not None:
            self.library_list.setCurrentItem(first_shown)
        self.add_button.setEnabled(first_shown is not None)
