"""The routine picker: every routine, shipped and the user's, broken ones flagged.

The window's first screen, so it is built with as little as possible: the
filters (app.ui.picker_filters), the list and the buttons. What shows a routine (app.ui.routine_row
for the list's rows, app.ui.routine_details beside it) loads with the first
routines, after the window's first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.regions import Region
from app.ui.flow_layout import FlowLayout
from app.ui.page_views import PageListWidget
from app.ui.picker_filters import PickerFilters

if TYPE_CHECKING:
    from app.store import Catalog, CatalogEntry
    from app.timing import TimingOverrides
    from app.ui.build_dialog import BuildDialog
    from app.ui.routine_details import RoutineDetails
    from app.ui.routine_row import RoutineItemDelegate

_ENTRY_ROLE = Qt.ItemDataRole.UserRole
# What the buttons under a routine do with its file, and their labels.
FILE_ACTIONS = {
    # Translators: makes a new routine.
    "new": N_("New"),
    "edit": N_("Edit"),
    "duplicate": N_("Duplicate"),
    "delete": N_("Delete"),
    "import": N_("Import…"),
    "export": N_("Export…"),
}


# Asks for the routine deleted last to be put back (app.ui.routine_file_actions.RoutineFiles).
UNDO_DELETE = "undo-delete"

# Rows put in the list at once; past these, the rest follow ROWS_PER_TURN per turn
# of the event loop, so a folder of a thousand routines never holds up the window
# (a turn of 250 rows: about 10 ms). Each turn also costs the list a layout and a
# repaint: 1,000 routines took 46 to 54 ms to list in turns of 250, 70 to 120 ms
# in turns of 50 (measured, benchmarks/scale.py's 1,000 routines).
ROWS_AT_ONCE = 50
ROWS_PER_TURN = 250


class PickerPage(QWidget):
    """Lists routines; emits `start_requested(id)` when the user picks one to do.

    The runner narrows the list by region chips, an "up to N min" limit and a
    search box; "Build one for me" makes a routine from regions and minutes
    (`generated_start_requested(Routine)` to run it, `routine_saved(id)` once
    it is kept with the user's routines). Every time shown, the limit and the
    builder count the runner's get-ready and rest (`set_overrides`).
    """

    start_requested = Signal(str)
    generated_start_requested = Signal(object)
    routine_saved = Signal(str)
    # (action, routine id): one of FILE_ACTIONS, for the current routine ("" if
    # none), or UNDO_DELETE.
    file_action_requested = Signal(str, str)
    settings_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = PageListWidget(self)  # its rows hidden from screen readers with the page
        # Draws each row's title in bold; set with the first routines (set_entries).
        self._row_delegate: RoutineItemDelegate | None = None
        # Rows wrap to the list's width, so lay them out again when it changes.
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        # Rows are measured (wrapped to the width) a batch per turn of the event loop.
        self.list.setLayoutMode(QListWidget.LayoutMode.Batched)
        self.list.setBatchSize(ROWS_AT_ONCE // 2)
        self._listing = 0  # set_entries calls; rows still to add for an older one are dropped
        self._rows_pending = False  # rows of the last set_entries still to be added
        self.list.setAccessibleName(_("Routines"))
        self.list.setMinimumWidth(260)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)  # long region lists wrap instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(self._activate)
        self._catalog: Catalog | None = None
        self._shared_titles: frozenset[str] = frozenset()  # see routine_row.shared_titles
        # The runner's get-ready and rest; None: none set (app.timing loads with the routines).
        self._overrides: TimingOverrides | None = None
        self.builder: BuildDialog | None = None  # the last "build one for me" dialog
        filters = self._build_list_column()

        # Translators: the key in brackets starts it too.
        self.start_button = QPushButton(_("Start  (Space)"), self)
        self.start_button.setAccessibleName(_("Start routine"))
        self.start_button.clicked.connect(self.start_selected)
        self.start_button.setEnabled(False)  # until a routine is chosen
        self.settings_button = QPushButton(_("Settings…"), self)
        self.settings_button.setToolTip(_("Timing, sound and voice, theme, window (Ctrl+,)"))
        self.settings_button.clicked.connect(self.settings_requested)
        self.history_button = QPushButton(_("History  (H)"), self)
        self.history_button.setToolTip(_("Past sessions, your streak and warm-ups per week"))
        self.history_button.clicked.connect(self.history_requested)
        # A problem with the session history (damaged or locked database), in one line.
        self.history_notice = QLabel(self)
        self.history_notice.setWordWrap(True)
        self.history_notice.hide()

        # "Deleted …" with an Undo button, built after the first delete (offer_undo).
        self.undo_label: QLabel | None = None
        self.undo_button: QPushButton | None = None
        # The chosen routine's details, built with the first routines (set_entries);
        # until then the stretch keeps the buttons at the bottom.
        self.details: RoutineDetails | None = None
        self._details_column = QVBoxLayout()
        self._details_column.addStretch(1)
        self._details_column.addLayout(self._build_file_buttons())
        bottom = QHBoxLayout()
        bottom.addWidget(self.settings_button)
        bottom.addWidget(self.history_button)
        bottom.addStretch(1)
        bottom.addWidget(self.start_button)
        self._details_column.addLayout(bottom)
        self._details_column.addWidget(self.history_notice)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(filters, 2)
        layout.addSpacing(16)
        layout.addLayout(self._details_column, 3)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab follows the layout: the filters, the list, the file buttons, then Settings, Start."""
        chain: list[QWidget] = [
            self.search,
            *self.region_chips.values(),
            self.time_limit,
            self.build_button,
            self.list,
            *self.file_buttons.values(),
            self.settings_button,
            self.history_button,
            self.start_button,
        ]
        for index in range(len(chain) - 1):
            QWidget.setTabOrder(chain[index], chain[index + 1])

    def offer_undo(self, text: str) -> None:
        """After a delete: `text` beside an Undo button (Ctrl+Z) over the file buttons;
        "" takes them away."""
        if self.undo_label is None or self.undo_button is None:
            if not text:
                return
            self.undo_label = QLabel(self)
            self.undo_label.setWordWrap(True)
            self.undo_button = QPushButton(_("Undo  (Ctrl+Z)"), self)
            self.undo_button.setAccessibleName(_("Undo the delete"))
            self.undo_button.clicked.connect(self._request_undo)
            undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
            undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            undo.activated.connect(self._request_undo)
            row = QHBoxLayout()
            row.addWidget(self.undo_label, 1)
            row.addWidget(self.undo_button)
            # Just above the file buttons, under the details (or their stretch).
            self._details_column.insertLayout(1, row)
        self.undo_label.setText(text)
        for widget in (self.undo_label, self.undo_button):
            widget.setVisible(bool(text))

    def show_file_message(self, text: str) -> None:
        """What a file action did ("Exported …"), where a delete's Undo is offered."""
        self.offer_undo(text)
        if self.undo_button is not None:
            self.undo_button.hide()

    def _request_undo(self) -> None:
        if self.undo_button is not None and self.undo_button.isVisible():
            self.file_action_requested.emit(UNDO_DELETE, "")

    def set_history_notice(self, text: str) -> None:
        self.history_notice.setText(text)
        self.history_notice.setVisible(bool(text))

    def _build_list_column(self) -> QVBoxLayout:
        """The filters (app.ui.picker_filters) above the list, and what stands in for
        the list when it is empty or still loading."""
        self.filters = PickerFilters(self)
        self.filters.changed.connect(self._apply_filters)
        self.filters.search_entered.connect(self.list.setFocus)
        self.filters.build_requested.connect(self.open_builder)
        # The filters' own widgets, as the page has always named them.
        self.search = self.filters.search
        self.region_chips = self.filters.region_chips
        self.time_limit = self.filters.time_limit
        self.build_button = self.filters.build_button
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.filters.focus_search)

        self.empty_label = QLabel(_("No routine matches. Clear a filter, or build one."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        # Over the list while the routines are read (show_loading), or why they weren't.
        self.loading_label = QLabel(self)
        self.loading_label.setWordWrap(True)
        self.loading_label.hide()

        column = QVBoxLayout()
        column.addWidget(self.filters)
        column.addWidget(self.loading_label)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_label)
        return column

    def show_loading(self) -> None:
        """Until the first routines arrive (set_entries): one line over the empty list."""
        self.loading_label.setText(_("Loading routines…"))
        self.loading_label.show()

    def show_load_error(self, text: str) -> None:
        """The routines could not be read: `text`, in one line, where they would be."""
        self.loading_label.setText(text)
        self.loading_label.show()

    def clear_search(self) -> None:
        """Esc on the picker: an empty search box, and the list takes the keys again."""
        self.filters.clear_search()
        self.list.setFocus()

    def checked_regions(self) -> frozenset[Region]:
        return self.filters.checked_regions()

    def max_minutes(self) -> int | None:
        return self.filters.max_minutes()

    def visible_titles(self) -> list[str]:
        """The titles of the routines the filters leave in the list, top to bottom."""
        return [
            self.list.item(row).data(_ENTRY_ROLE).title
            for row in range(self.list.count())
            if not self.list.item(row).isHidden()
        ]

    def overrides(self) -> TimingOverrides:
        """The runner's get-ready and rest that the times shown count."""
        from app.timing import NO_OVERRIDES  # loaded with the entries

        return NO_OVERRIDES if self._overrides is None else self._overrides

    def set_overrides(self, overrides: TimingOverrides) -> None:
        """The runner's get-ready and rest changed: show every time, and filter and
        build by length, as sessions will now take them."""
        if overrides == self._overrides:
            return
        self._overrides = overrides
        if self.builder is not None:
            self.builder.set_overrides(overrides)
        if self.list.count() == 0:
            return  # nothing shown yet: set_entries uses them
        from app.ui.routine_row import row_text  # loaded with the entries

        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setText(row_text(item.data(_ENTRY_ROLE), overrides, self._shared_titles))
        if self.details is not None:
            self.details.show_entry(self.current_entry(), overrides)
        self._apply_filters()

    def _apply_filters(self) -> None:
        """Hide the rows the filters leave out; keep a visible routine selected."""
        self._filter_rows(0)

    def _filter_rows(self, first_row: int) -> None:
        """Hide the rows from `first_row` on that the filters leave out; keep a visible
        routine selected. A list that comes in batches filters each batch once as it
        comes (the rows before it are as the filters left them): filtering the whole
        list again after each batch made listing 1,000 routines quadratic."""
        from app.ui.routine_row import entry_matches  # loaded with the entries

        regions = self.checked_regions()
        minutes = self.max_minutes()
        max_seconds = None if minutes is None else minutes * 60.0
        words = self.filters.search_words()
        overrides = self.overrides()
        first_visible: QListWidgetItem | None = None
        for row in range(first_row, self.list.count()):
            item = self.list.item(row)
            keep = entry_matches(item.data(_ENTRY_ROLE), regions, max_seconds, words, overrides)
            item.setHidden(not keep)
            if keep and first_visible is None:
                first_visible = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            # No row before `first_row` is visible then: it would be the one selected.
            # With nothing visible, clear the selection so Space cannot start a hidden routine.
            if first_visible is None:
                self.list.setCurrentRow(-1)
                self.list.clearSelection()
            else:
                self.list.setCurrentItem(first_visible)
        selected = self.list.currentItem()
        if selected is not None:
            self.list.scrollToItem(selected)  # a filter cleared: where the selection is
        self.empty_label.setVisible(self.list.count() > 0 and selected is None)

    def set_catalog(self, catalog: Catalog) -> None:
        """The stretch library and user folder that "build one for me" works with."""
        self._catalog = catalog
        self.filters.set_build_enabled(True)

    def open_builder(self) -> None:
        """Opens the builder, starting from the regions and time the filters show."""
        if self._catalog is None:
            return
        from app.ui.build_dialog import DEFAULT_MINUTES, BuildDialog

        dialog = BuildDialog(
            self._catalog,
            self.checked_regions(),
            self.max_minutes() or DEFAULT_MINUTES,
            self,
            overrides=self.overrides(),
        )
        if self.builder is not None:
            self.builder.deleteLater()
        dialog.start_requested.connect(self.generated_start_requested)
        dialog.saved.connect(self.routine_saved)
        self.builder = dialog
        dialog.open()

    def _build_file_buttons(self) -> FlowLayout:
        """New, Edit, Duplicate, Delete, Import, Export: done by RoutineFiles
        (app.ui.routine_file_actions).

        In a flow layout: one row, or two in a narrow window.
        """
        row = FlowLayout()
        self.file_buttons: dict[str, QPushButton] = {}
        for action, text in FILE_ACTIONS.items():
            button = QPushButton(_(text), self)
            button.clicked.connect(partial(self._request_file_action, action))
            row.addWidget(button)
            self.file_buttons[action] = button
        self.list.currentItemChanged.connect(self._enable_file_buttons)
        self._enable_file_buttons(None)
        return row

    def _enable_file_buttons(self, item: QListWidgetItem | None) -> None:
        entry = None if item is None else item.data(_ENTRY_ROLE)
        usable = entry is not None and entry.routine is not None
        for action in ("edit", "duplicate", "export"):
            self.file_buttons[action].setEnabled(usable)
        self.file_buttons["delete"].setEnabled(entry is not None and not entry.builtin)

    def _request_file_action(self, action: str) -> None:
        entry = self.current_entry()
        self.file_action_requested.emit(action, "" if entry is None else entry.id)

    def build_details(self) -> None:
        """The details pane and the rows' delegate, built with the first routines or
        ahead of them, in a turn of their own (MainWindow prepares it after the
        first paint); once."""
        from app.ui.routine_details import RoutineDetails
        from app.ui.routine_row import RoutineItemDelegate

        if self._row_delegate is None:
            self._row_delegate = RoutineItemDelegate(self.list)
            self.list.setItemDelegate(self._row_delegate)
        if self.details is None:
            self.details = RoutineDetails(self)
            self._details_column.takeAt(0)  # the stretch that stood in for it
            self._details_column.insertWidget(0, self.details, 1)
            # Made after the buttons: put in the Tab order where they are on screen.
            first_button = next(iter(self.file_buttons.values()))
            QWidget.setTabOrder(self.list, self.details.body_map)
            QWidget.setTabOrder(self.details.body_map, self.details.steps_list)
            QWidget.setTabOrder(self.details.steps_list, first_button)

    def set_entries(self, entries: Sequence[CatalogEntry], select: str | None = None) -> None:
        # Loaded here, with the first routines, after the first paint (see its docstring).
        from app.ui.routine_row import shared_titles

        self.build_details()
        self.loading_label.hide()
        self.list.clear()
        self._listing += 1
        # Over every entry, not one batch: a title shared with a row still to come.
        self._shared_titles = shared_titles(entries)
        ids = [entry.id for entry in entries]
        row = ids.index(select) if select in ids else 0
        first = max(ROWS_AT_ONCE, row + 1)
        self._add_rows(entries[:first])
        if entries:
            self.list.setCurrentRow(row)
        self._apply_filters()
        self._rows_pending = len(entries) > first
        if self._rows_pending:
            self._add_rows_later(self._listing, entries, first)

    def _add_rows(self, entries: Sequence[CatalogEntry]) -> None:
        from app.ui.routine_row import broken_icon, row_text

        overrides = self.overrides()
        for entry in entries:
            item = QListWidgetItem(row_text(entry, overrides, self._shared_titles), self.list)
            item.setData(_ENTRY_ROLE, entry)
            if entry.routine is None:
                item.setIcon(broken_icon(self))
            item.setToolTip(entry.path)

    def _add_rows_later(self, listing: int, entries: Sequence[CatalogEntry], start: int) -> None:
        """The rows from `start` on, ROWS_PER_TURN per turn of the event loop."""

        def add() -> None:
            if listing != self._listing:
                return  # listed again since
            end = start + ROWS_PER_TURN
            self._add_rows(entries[start:end])
            self._filter_rows(start)
            if end < len(entries):
                self._add_rows_later(listing, entries, end)
            else:
                self._rows_pending = False

        QTimer.singleShot(0, self, add)

    @property
    def listing_done(self) -> bool:
        """Whether every routine of the last set_entries is in the list."""
        return not self._rows_pending

    def current_entry(self) -> CatalogEntry | None:
        item = self.list.currentItem()
        return None if item is None else item.data(_ENTRY_ROLE)  # type: ignore[no-any-return]

    def _show_current(self, item: QListWidgetItem | None) -> None:
        entry = None if item is None else item.data(_ENTRY_ROLE)
        self.start_button.setEnabled(entry is not None and entry.routine is not None)
        if self.details is not None:
            self.details.show_entry(entry, self.overrides())

    def _activate(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.start_selected()

    # The page's API for the window: it never reaches into the list or the buttons.

    def select(self, routine_id: str) -> bool:
        """Make `routine_id`'s row the current one; False when it is not listed."""
        for row in range(self.list.count()):
            if self.list.item(row).data(_ENTRY_ROLE).id == routine_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def focus_list(self) -> None:
        """The list takes the keys: Space then starts the routine selected."""
        self.list.setFocus()

    def start_selected(self) -> None:
        """`start_requested` for the routine selected, if it can run."""
        entry = self.current_entry()
        if entry is not None and entry.routine is not None:
            self.start_requested.emit(entry.id)
