"""The editor's list of steps (app.ui.editor): one line per step, in order, and the
buttons that move and remove them.

The panel shows the steps it is given and forwards what the runner asks for;
the editor makes each change (`app.editing`) as an undoable edit and hands the
new steps back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.routine import Step, describe_dose
from app.ui.flow_layout import FlowLayout

# Each row's step index, as it was before a drag moved the row.
_STEP_ROLE = Qt.ItemDataRole.UserRole


def _key_text(key: str) -> str:
    """A key as the runner's language names it ("Strg+Nach oben"), from Qt's catalog."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def step_line(number: int, step: Step) -> str:
    """ "3. Lunge press — 0:30 each side" for the step list."""
    if step.stretch_id is not None:
        # Translators: a line of the editor's step list: "3. Lunge press — 0:30 each side".
        line = _("{number}. {name} — {dose}")
    else:
        # Translators: a line of the step list for a stretch the runner made up.
        line = _("{number}. {name} — {dose}  (your own)")
    return line.format(number=number, name=step.name, dose=describe_dose(step))


class StepsPanel(QGroupBox):
    """The routine's steps, with Move up, Move down and Remove; a drag reorders them.

    It shows what it is given (`show_steps`) and asks for changes by signal:
    `current_changed(row)`, `move_requested(delta)` (-1 up, +1 down),
    `remove_requested()` (the button or Delete in the list), and
    `reorder_requested(order)` after a drag: the old index of each step, in
    its new order.
    """

    current_changed = Signal(int)
    move_requested = Signal(int)
    remove_requested = Signal()
    reorder_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Steps"), parent)
        self.steps_list = QListWidget(self)
        self.steps_list.setAccessibleName(_("Steps"))
        self.steps_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps_list.setWordWrap(True)
        self.steps_list.setSpacing(2)
        self.steps_list.currentRowChanged.connect(self._current_row_changed)
        self.steps_list.model().rowsMoved.connect(self._rows_dragged)
        self.up_button = QPushButton(_("Move up"), self)
        self.up_button.setToolTip(_key_text("Ctrl+Up"))
        self.up_button.clicked.connect(lambda: self.move_requested.emit(-1))
        self.down_button = QPushButton(_("Move down"), self)
        self.down_button.setToolTip(_key_text("Ctrl+Down"))
        self.down_button.clicked.connect(lambda: self.move_requested.emit(1))
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setToolTip(_key_text("Del"))
        self.remove_button.clicked.connect(self.remove_requested)
        remove = QAction(_("Remove step"), self.steps_list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_requested)
        self.steps_list.addAction(remove)
        # On two rows in a narrow window, so the selected step keeps its room.
        buttons = FlowLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        self.steps_list.setMinimumWidth(150)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps_list, 1)
        layout.addLayout(buttons)
        self._refreshing = False

    def current_index(self) -> int:
        return self.steps_list.currentRow()

    def set_current(self, index: int) -> None:
        self.steps_list.setCurrentRow(index)

    def show_steps(self, steps: Sequence[Step]) -> None:
        """Update the list in place (never cleared: this also runs after a drag)."""
        current = self.steps_list.currentRow()
        self._refreshing = True
        try:
            while self.steps_list.count() > len(steps):
                self.steps_list.takeItem(self.steps_list.count() - 1)
            while self.steps_list.count() < len(steps):
                self.steps_list.addItem(QListWidgetItem())
            for index, step in enumerate(steps):
                item = self.steps_list.item(index)
                item.setText(step_line(index + 1, step))
                item.setToolTip(item.text())  # whole, where a narrow list cuts a long name off
                item.setData(_STEP_ROLE, index)
            if steps and not 0 <= current < len(steps):
                self.steps_list.setCurrentRow(min(max(current, 0), len(steps) - 1))
        finally:
            self._refreshing = False
        self._enable_buttons(self.steps_list.currentRow())

    def _current_row_changed(self, row: int) -> None:
        self._enable_buttons(row)
        self.current_changed.emit(row)

    def _enable_buttons(self, index: int) -> None:
        count = self.steps_list.count()
        self.up_button.setEnabled(0 < index < count)
        self.remove_button.setEnabled(0 <= index < count)
        self.down_button.setEnabled(0 <= index < count - 1)

    def _rows_dragged(self) -> None:
        """After a drag and drop in the list: the items carry their old step indexes."""
        if self._refreshing:
            return
        order = [
            self.steps_list.item(row).data(_STEP_ROLE) for row in range(self.steps_list.count())
        ]
        self.reorder_requested.emit(order)
