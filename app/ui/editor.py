"""The routine editor: one routine's title, timing and steps, with undo.

The editor works on an immutable Routine: every change computes a new one
(`app.editing`) and goes on a QUndoStack as a command holding the routine
before and after, so undo and redo just put one back. What the widgets show
is always redrawn from the current routine.

Every question it asks (unsaved changes) goes through a `Dialogs` object
(`app.ui.editor_dialogs`); the picker's actions on routine files, which open
it, are in `app.ui.routine_file_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QStandardItemModel,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import editing
from app.loader import parse_duration
from app.regions import Region
from app.routine import (
    MAX_HOLD,
    MAX_PAUSE,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Hold,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
    format_duration,
    renamed_step,
    step_from_stretch,
)
from app.store import save_user_routine
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds, with_overrides
from app.ui.editor_dialogs import Dialogs, UnsavedChoice
from app.ui.flow_layout import FlowLayout
from app.ui.naming import id_from_title
from app.ui.picker_page import name_clear_button
from app.ui.picture import StretchPicture, stretch_icon

_STEP_ROLE = Qt.ItemDataRole.UserRole
_STRETCH_ROLE = Qt.ItemDataRole.UserRole
_ICON_SIZE = 48
_DEFAULT_REST = -1
MIN_EDITOR_SIZE = QSize(760, 520)  # the rest spin box's "routine default" value


def step_line(number: int, step: Step) -> str:
    """ "3. Lunge press — 0:30 each side" for the step list."""
    dose = step.dose
    amount = f"{dose.count} reps" if isinstance(dose, Reps) else format_duration(dose.seconds)
    sides = " each side" if step.sides is Sides.BOTH else ""
    mine = "" if step.stretch_id is not None else "  (your own)"
    return f"{number}. {step.name} — {amount}{sides}{mine}"


class _EditCommand(QUndoCommand):
    """One edit: the routine before and after. Typing into one field merges into one edit."""

    def __init__(
        self, editor: RoutineEditor, before: Routine, after: Routine, text: str, merge: str
    ) -> None:
        super().__init__(text)
        self._editor = editor
        self.before = before
        self.after = after
        self.merge_key = merge

    def redo(self) -> None:
        self._editor.set_routine(self.after)

    def undo(self) -> None:
        self._editor.set_routine(self.before)

    def id(self) -> int:
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _EditCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


# "Fit holds to this time" refuses to bring any hold under this (a 1-second
# hold stretches nothing); holds already shorter are left to the runner.
MIN_FITTED_HOLD = 10.0


def _shortest_hold(routine: Routine) -> float | None:
    holds = [step.dose.seconds for step in routine.steps if isinstance(step.dose, Hold)]
    return min(holds) if holds else None


def _first_hold_change(before: Routine, after: Routine) -> str:
    """One hold as it was and is now, " (Lunge press 0:45 → 1:08)", to show what a
    scaling or fitting did; "" when no hold changed."""
    for old, new in zip(before.steps, after.steps, strict=False):
        if isinstance(old.dose, Hold) and isinstance(new.dose, Hold) and old.dose != new.dose:
            was, now = format_duration(old.dose.seconds), format_duration(new.dose.seconds)
            return f" ({new.name} {was} → {now})"
    return ""


class RoutineEditor(QDialog):
    """Edits one routine; `saved(routine_id)` after each successful save.

    A shipped routine is read-only: the editor works on the runner's copy of
    it (`full-warmup-mine`, "Full warm-up (my version)") and saves that.
    """

    saved = Signal(str)

    def __init__(
        self,
        routine: Routine,
        library: Mapping[str, Stretch],
        user_dir: Path,
        *,
        taken: Collection[str] = (),
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
        overrides: TimingOverrides = NO_OVERRIDES,
        name_from_title: bool = False,
    ) -> None:
        """`overrides`: the runner's get-ready and rest, which the total counts.

        `name_from_title`: a new routine, whose file is named from its title when
        first saved ("Walk test routine" -> `walk-test-routine.yaml`), not `taken`.
        """
        super().__init__(parent)
        self._taken = frozenset(taken)
        self._name_from_title = name_from_title
        self._overrides = overrides
        self._library = library
        self._user_dir = user_dir
        self._dialogs = dialogs or Dialogs()
        self._from_shipped = routine.builtin
        self._routine = editing.editable_copy(routine, taken) if routine.builtin else routine
        # A copy or a new routine has no file yet: closing it unsaved asks too.
        self._has_file = not routine.builtin and routine.source is not None
        self._refreshing = False
        # The last "All holds" scaling: (the routine before, after), so that pressing
        # it again scales the holds from before, not the scaled ones.
        self._scaled: tuple[Routine, Routine] | None = None
        self.undo_stack = QUndoStack(self)
        # A message about the last scaling or fitting goes once anything else is done
        # (an undo above all): it would describe holds no longer there.
        self.undo_stack.indexChanged.connect(self._clear_timing_message)
        self.resize(1040, 680)
        self._build(routine)
        self.undo_stack.cleanChanged.connect(self._show_save_state)
        self.set_routine(self._routine)
        self.steps_list.setCurrentRow(0)
        self._filter_library("")
        self.steps_list.setFocus()

    # -- building ------------------------------------------------------------

    def _build(self, original: Routine) -> None:
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(self._from_shipped)
        if self._from_shipped:
            self.notice_label.setText(
                f"“{original.title}” comes with Limber and stays as it is: your changes are "
                f"saved as “{self._routine.title}”, in your routines folder."
            )
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.textEdited.connect(self._title_edited)
        self.lead_in_spin = self._seconds_spin(0, int(MAX_PAUSE))
        self.lead_in_spin.setAccessibleName("Lead-in")
        self.lead_in_spin.valueChanged.connect(self._lead_in_changed)
        self.rest_spin = self._seconds_spin(0, int(MAX_PAUSE))
        self.rest_spin.setAccessibleName("Rest between steps")
        self.rest_spin.valueChanged.connect(self._rest_changed)
        self.total_label = QLabel(self)
        self.total_label.setAccessibleName("Total time")
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)

        header = QHBoxLayout()
        header.addWidget(self._buddy_label("&Title", self.title_edit))
        header.addWidget(self.title_edit, 3)
        header.addSpacing(12)
        header.addWidget(self._buddy_label("&Lead-in", self.lead_in_spin))
        header.addWidget(self.lead_in_spin)
        header.addWidget(self._buddy_label("R&est", self.rest_spin))
        header.addWidget(self.rest_spin)
        header.addSpacing(12)
        header.addWidget(self.total_label)

        columns = QHBoxLayout()
        columns.addWidget(self._build_steps(), 3)
        columns.addWidget(self._build_step_details(), 4)
        columns.addWidget(self._build_library(), 3)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QPushButton("Redo", self)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.save_button = QPushButton("&Save", self)
        self.save_button.clicked.connect(self._save_clicked)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        # A fixed minimum, set before the window exists: the layout growing it
        # later would resize a window the user has already placed.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(MIN_EDITOR_SIZE)
        layout.addWidget(self.notice_label)
        layout.addLayout(header)
        layout.addLayout(self._build_timing())
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        self._add_actions()
        # Return in a field (a time to fit, a search) must not also press a button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def _buddy_label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _seconds_spin(self, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(" s")
        spin.setKeyboardTracking(False)
        return spin

    def _build_steps(self) -> QGroupBox:
        box = QGroupBox("Steps", self)
        self.steps_list = QListWidget(box)
        self.steps_list.setAccessibleName("Steps")
        self.steps_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps_list.setWordWrap(True)
        self.steps_list.setSpacing(2)
        self.steps_list.currentRowChanged.connect(self._show_step)
        self.steps_list.model().rowsMoved.connect(self._rows_dragged)
        self.up_button = QPushButton("Move up", box)
        self.up_button.setToolTip("Ctrl+Up")
        self.up_button.clicked.connect(self.move_up)
        self.down_button = QPushButton("Move down", box)
        self.down_button.setToolTip("Ctrl+Down")
        self.down_button.clicked.connect(self.move_down)
        self.remove_button = QPushButton("Remove", box)
        self.remove_button.setToolTip("Delete")
        self.remove_button.clicked.connect(self.remove_current)
        # On two rows in a narrow window, so the selected step keeps its room.
        buttons = FlowLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        self.steps_list.setMinimumWidth(150)
        layout = QVBoxLayout(box)
        layout.addWidget(self.steps_list, 1)
        layout.addLayout(buttons)
        return box

    def _build_step_details(self) -> QGroupBox:
        box = QGroupBox("Selected step", self)
        # The fields scroll when the window is too short for them all.
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(scroll)
        self.name_edit = QLineEdit(page)
        self.name_edit.textEdited.connect(self._name_edited)
        self.kind_combo = QComboBox(page)
        self.kind_combo.addItems(["Hold", "Reps"])
        self.kind_combo.activated.connect(self._kind_chosen)
        self.hold_spin = QSpinBox(page)
        self.hold_spin.setRange(int(MIN_HOLD), int(MAX_HOLD))
        self.hold_spin.setSuffix(" s")
        self.hold_spin.setKeyboardTracking(False)
        self.hold_spin.valueChanged.connect(self._hold_changed)
        self.reps_spin = QSpinBox(page)
        self.reps_spin.setRange(MIN_REPS, MAX_REPS)
        self.reps_spin.setKeyboardTracking(False)
        self.reps_spin.valueChanged.connect(self._reps_changed)
        self.tempo_spin = QDoubleSpinBox(page)
        self.tempo_spin.setRange(MIN_TEMPO, MAX_TEMPO)
        self.tempo_spin.setSingleStep(0.5)
        self.tempo_spin.setDecimals(1)
        self.tempo_spin.setSuffix(" s per rep")
        self.tempo_spin.setKeyboardTracking(False)
        self.tempo_spin.valueChanged.connect(self._tempo_changed)
        self.sides_check = QCheckBox("Both sides", page)
        self.sides_check.setToolTip("Left side, then right, each for the full dose")
        self.sides_check.toggled.connect(self._sides_toggled)
        self.step_rest_spin = QSpinBox(page)
        self.step_rest_spin.setRange(_DEFAULT_REST, int(MAX_PAUSE))
        self.step_rest_spin.setSuffix(" s")
        self.step_rest_spin.setSpecialValueText("routine's rest")
        self.step_rest_spin.setKeyboardTracking(False)
        self.step_rest_spin.valueChanged.connect(self._step_rest_changed)
        lines = self.name_edit.fontMetrics().lineSpacing()
        self.instructions_edit = QPlainTextEdit(page)
        self.instructions_edit.setTabChangesFocus(True)
        self.instructions_edit.textChanged.connect(self._instructions_edited)
        self.instructions_edit.setMinimumHeight(lines * 4)
        self.instructions_edit.setMaximumHeight(lines * 8)
        self.cue_edit = QPlainTextEdit(page)
        self.cue_edit.setTabChangesFocus(True)
        self.cue_edit.setAccessibleName("Running-form cue")
        self.cue_edit.setPlaceholderText("The running-form point to keep in mind (optional)")
        self.cue_edit.setMaximumHeight(lines * 4)
        self.cue_edit.textChanged.connect(self._cue_edited)
        self.say_edit = QLineEdit(page)
        self.say_edit.setAccessibleName("Voice text")
        self.say_edit.setPlaceholderText(
            "Said before the step (blank: the library's words, or its name and cue)"
        )
        self.say_edit.textEdited.connect(self._say_edited)
        # The regions a step works: chosen for your own stretches; a library
        # stretch's come from the library.
        regions_grid = QGridLayout()
        regions_grid.setContentsMargins(0, 0, 0, 0)
        self.region_checks: dict[Region, QCheckBox] = {}
        for number, region in enumerate(Region):
            check = QCheckBox(region.label.split()[0], page)
            check.setAccessibleName(f"Works the {region.label.lower()}")
            check.setToolTip(region.label)
            check.toggled.connect(self._regions_toggled)
            regions_grid.addWidget(check, number // 2, number % 2)  # two fit a narrow column
            self.region_checks[region] = check
        self.picture_combo = QComboBox(page)
        self.picture_combo.setAccessibleName("Picture")
        self.picture_combo.setIconSize(QSize(24, 24))
        self.picture_combo.activated.connect(self._picture_chosen)
        # As wide as the column lets it be, not as its longest picture name.
        self.picture_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picture_combo.setMinimumContentsLength(8)
        self.step_picture = StretchPicture(page)
        self.step_picture.setMinimumSize(80, 80)
        form = QFormLayout(page)
        form.addRow("Name", self.name_edit)
        form.addRow("Dose", self.kind_combo)
        form.addRow("Hold", self.hold_spin)
        form.addRow("Reps", self.reps_spin)
        form.addRow("Tempo", self.tempo_spin)
        form.addRow("", self.sides_check)
        form.addRow("Rest after", self.step_rest_spin)
        form.addRow("Instructions", self.instructions_edit)
        form.addRow("Form cue", self.cue_edit)
        form.addRow("Voice text", self.say_edit)
        form.addRow("Works", regions_grid)
        form.addRow("Picture", self.picture_combo)
        form.addRow(self.step_picture)
        scroll.setWidget(page)
        # Never narrower than its fields: at the editor's smallest size they show whole.
        scroll.setMinimumWidth(
            page.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._details_form = form
        self.details_box = box
        return box

    def _build_library(self) -> QGroupBox:
        box = QGroupBox("Add a stretch", self)
        self.search_edit = QLineEdit(box)
        self.search_edit.setPlaceholderText("Search by name or region")
        self.search_edit.setClearButtonEnabled(True)
        name_clear_button(self.search_edit)
        self.search_edit.setAccessibleName("Search stretches")
        self.search_edit.textChanged.connect(self._filter_library)
        # Type a few letters, press Return: the stretch found first is added.
        self.search_edit.returnPressed.connect(self.add_current_stretch)
        self.library_list = QListWidget(box)
        self.library_list.setAccessibleName("Stretch library")
        self.library_list.setIconSize(QSize(_ICON_SIZE, _ICON_SIZE))
        self.library_list.setWordWrap(True)
        self.library_list.setMinimumWidth(210)
        self.library_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.library_list.itemActivated.connect(self._library_activated)
        for stretch in sorted(self._library.values(), key=lambda stretch: stretch.name.casefold()):
            regions = ", ".join(region.label for region in stretch.regions)
            item = QListWidgetItem(
                stretch_icon(stretch.image, _ICON_SIZE), f"{stretch.name}\n{regions}"
            )
            item.setData(_STRETCH_ROLE, stretch.id)
            item.setToolTip(stretch.instructions)
            self.library_list.addItem(item)
        self.add_button = QPushButton("Add to routine", box)
        self.add_button.clicked.connect(self.add_current_stretch)
        self.custom_name_edit = QLineEdit(box)
        self.custom_name_edit.setPlaceholderText("Name")
        self.custom_name_edit.setAccessibleName("Your own stretch: name")
        self.custom_instructions_edit = QLineEdit(box)
        self.custom_instructions_edit.setPlaceholderText("How to do it")
        self.custom_instructions_edit.setAccessibleName("Your own stretch: instructions")
        self.custom_button = QPushButton("Add your own", box)
        self.custom_button.clicked.connect(self.add_custom_step)
        layout = QVBoxLayout(box)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.library_list, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel("Or your own stretch:", box))
        layout.addWidget(self.custom_name_edit)
        layout.addWidget(self.custom_instructions_edit)
        layout.addWidget(self.custom_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _build_timing(self) -> QGridLayout:
        self.scale_spin = QSpinBox(self)
        self.scale_spin.setRange(round(editing.MIN_SCALE * 100), round(editing.MAX_SCALE * 100))
        self.scale_spin.setSingleStep(10)
        self.scale_spin.setSuffix(" %")
        self.scale_spin.setValue(100)
        self.scale_spin.setAccessibleName("Scale all holds")
        self.scale_button = QPushButton("Scale holds", self)
        self.scale_button.clicked.connect(self.apply_scale)
        self.fit_edit = QLineEdit(self)
        self.fit_edit.setPlaceholderText("e.g. 6m or 5m30s")
        self.fit_edit.setAccessibleName("Target total time")
        self.fit_edit.setMaximumWidth(140)
        self.fit_edit.returnPressed.connect(self.apply_fit)
        self.fit_button = QPushButton("Fit holds to this time", self)
        self.fit_button.clicked.connect(self.apply_fit)
        self.timing_label = QLabel(self)
        grid = QGridLayout()
        grid.addWidget(QLabel("All holds:", self), 0, 0)
        grid.addWidget(self.scale_spin, 0, 1)
        grid.addWidget(self.scale_button, 0, 2)
        grid.addWidget(QLabel("Total:", self), 0, 4)
        grid.addWidget(self.fit_edit, 0, 5)
        grid.addWidget(self.fit_button, 0, 6)
        grid.addWidget(self.timing_label, 0, 7)
        grid.setColumnStretch(3, 0)
        grid.setColumnMinimumWidth(3, 16)
        grid.setColumnStretch(7, 1)
        return grid

    def _add_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        bindings: list[tuple[str, str, Callable[[], None]]] = [
            ("Move step up", "Ctrl+Up", self.move_up),
            ("Move step down", "Ctrl+Down", self.move_down),
            ("Save", "Ctrl+S", self._save_clicked),
        ]
        for action in (undo, redo):
            self.addAction(action)
        for text, key, slot in bindings:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
        remove = QAction("Remove step", self.steps_list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_current)
        self.steps_list.addAction(remove)

    # -- state ---------------------------------------------------------------

    def routine(self) -> Routine:
        return self._routine

    def current_index(self) -> int:
        return self.steps_list.currentRow()

    def is_dirty(self) -> bool:
        """Whether there are changes that closing would lose (what Close asks about).

        A new routine or a copy not yet saved, but not changed either, loses
        nothing: it can still be saved, but closing it asks nothing.
        """
        return not self.undo_stack.isClean()

    def edit(self, after: Routine, text: str, merge: str = "") -> None:
        """Apply an edit as an undoable command (no-op if nothing changes)."""
        if after == self._routine:
            return
        self.undo_stack.push(_EditCommand(self, self._routine, after, text, merge))

    def set_routine(self, routine: Routine) -> None:
        """Show `routine` (called by the undo commands; use `edit` to change it)."""
        self._routine = routine
        self._refreshing = True
        try:
            if self.title_edit.text() != routine.title:
                self.title_edit.setText(routine.title)
            self.lead_in_spin.setValue(round(routine.lead_in))
            self.rest_spin.setValue(round(routine.rest))
            self._refresh_steps()
        finally:
            self._refreshing = False
        self._show_step(self.steps_list.currentRow())
        self._show_total()
        self.setWindowTitle(f"Edit “{routine.title}”[*] — Limber")
        self._show_save_state()

    def set_overrides(self, overrides: TimingOverrides) -> None:
        """The runner's get-ready and rest changed: the total follows."""
        self._overrides = overrides
        self._show_total()

    def _show_total(self) -> None:
        """The time a session of the routine takes. With the runner's get-ready or rest
        set, it says so: the Lead-in and Rest here then change the file, not the total."""
        total = format_duration(session_seconds(self._routine, self._overrides))
        if not self._overrides.overrides_anything:
            self.total_label.setText(f"Total {total}")
            self.total_label.setToolTip("")
            return
        own = format_duration(session_seconds(self._routine, NO_OVERRIDES))
        self.total_label.setText(f"Total {total} with your get-ready and rest")
        self.total_label.setToolTip(
            "Your get-ready and rest times in Settings replace this routine's own in "
            f"every session. With its own times it takes {own}."
        )

    def _refresh_steps(self) -> None:
        """Update the step list in place (never cleared: this also runs after a drag)."""
        steps = self._routine.steps
        current = self.steps_list.currentRow()
        while self.steps_list.count() > len(steps):
            self.steps_list.takeItem(self.steps_list.count() - 1)
        while self.steps_list.count() < len(steps):
            self.steps_list.addItem(QListWidgetItem())
        for index, step in enumerate(steps):
            item = self.steps_list.item(index)
            item.setText(step_line(index + 1, step))
            item.setData(_STEP_ROLE, index)
        if steps and not 0 <= current < len(steps):
            self.steps_list.setCurrentRow(min(max(current, 0), len(steps) - 1))

    def _show_save_state(self) -> None:
        problem = self._save_problem()
        self.save_button.setEnabled(problem is None and (self.is_dirty() or not self._has_file))
        if problem is not None:
            self.status_label.setText(problem)
        elif self.is_dirty():
            self.status_label.setText("Unsaved changes")
        elif not self._has_file:
            self.status_label.setText("Not saved yet")
        else:
            self.status_label.setText("Saved")
        self.setWindowModified(self.is_dirty())

    def _save_problem(self) -> str | None:
        if not self._routine.title.strip():
            return "Give the routine a title to save it."
        if not self._routine.steps:
            return "Add at least one step to save the routine."
        return None

    def _show_step(self, index: int) -> None:
        steps = self._routine.steps
        self.details_box.setEnabled(0 <= index < len(steps))
        for button in (self.up_button, self.remove_button):
            button.setEnabled(
                0 <= index < len(steps) and (button is not self.up_button or index > 0)
            )
        self.down_button.setEnabled(0 <= index < len(steps) - 1)
        if not 0 <= index < len(steps):
            return
        step = steps[index]
        self._refreshing = True
        try:
            if self.name_edit.text() != step.name:
                self.name_edit.setText(step.name)
            is_reps = isinstance(step.dose, Reps)
            self.kind_combo.setCurrentIndex(1 if is_reps else 0)
            self.hold_spin.setVisible(not is_reps)
            self.reps_spin.setVisible(is_reps)
            form = self._details_form
            form.setRowVisible(self.hold_spin, not is_reps)
            form.setRowVisible(self.reps_spin, is_reps)
            form.setRowVisible(self.tempo_spin, is_reps)
            if isinstance(step.dose, Reps):
                self.reps_spin.setValue(step.dose.count)
                self.tempo_spin.setValue(step.dose.tempo)
            else:
                self.hold_spin.setValue(round(step.dose.seconds))
            self.sides_check.setChecked(step.sides is Sides.BOTH)
            self.step_rest_spin.setValue(_DEFAULT_REST if step.rest is None else round(step.rest))
            if self.instructions_edit.toPlainText() != step.instructions:
                self.instructions_edit.setPlainText(step.instructions)
            if self.cue_edit.toPlainText() != step.cue:
                self.cue_edit.setPlainText(step.cue)
            if self.say_edit.text() != (step.say or ""):
                self.say_edit.setText(step.say or "")
            own = step.stretch_id is None
            for region, check in self.region_checks.items():
                check.setChecked(region in step.regions)
                check.setEnabled(own)
                check.setToolTip(region.label if own else f"{region.label}: set by the library")
            self._show_picture_choice(step.image, own)
        finally:
            self._refreshing = False
        self.step_picture.show_image(step.image, stretch_id=step.stretch_id)

    # -- routine-wide edits --------------------------------------------------

    def _title_edited(self, text: str) -> None:
        self.edit(replace(self._routine, title=text), "Rename", "title")

    def _lead_in_changed(self, value: int) -> None:
        if not self._refreshing:
            self.edit(replace(self._routine, lead_in=float(value)), "Change lead-in", "lead_in")

    def _rest_changed(self, value: int) -> None:
        if not self._refreshing:
            self.edit(replace(self._routine, rest=float(value)), "Change rest", "rest")

    def apply_scale(self) -> None:
        """Every hold at the percentage chosen of what it was before scaling: pressed
        again (150 % twice, or 150 % then 120 %), it scales the same holds, not the
        scaled ones, so the percentage shown is always what the holds are."""
        percent = self.scale_spin.value()
        base = self._routine
        if self._scaled is not None and self._scaled[1] == base:
            base = self._scaled[0]  # nothing changed since the last scaling
        scaled = editing.scale_holds(base, percent / 100)
        self.edit(scaled, f"Scale holds to {percent}%")
        self._scaled = (base, scaled)
        self.timing_label.setText(
            f"Holds at {percent} % of what they were{_first_hold_change(base, scaled)}."
        )

    def apply_fit(self) -> None:
        text = self.fit_edit.text()
        try:
            target = parse_duration(text)
        except ValueError as error:
            self.timing_label.setText(str(error).capitalize() + ".")
            return
        # The target is the session's real time: fitted with the runner's get-ready
        # and rest, the holds found are kept in the routine with its own.
        timed = editing.fit_to_total(with_overrides(self._routine, self._overrides), target)
        fitted = replace(self._routine, steps=timed.steps)
        before = self._routine
        shortest, shortest_before = _shortest_hold(fitted), _shortest_hold(before)
        if (
            shortest is not None
            and shortest_before is not None
            and shortest < MIN_FITTED_HOLD
            and shortest < shortest_before
        ):
            floor = editing.with_holds(
                self._routine,
                {
                    index: MIN_FITTED_HOLD
                    for index, step in enumerate(self._routine.steps)
                    if isinstance(step.dose, Hold)
                },
            )
            self.timing_label.setText(
                f"Not changed: in {format_duration(target)} holds would be only "
                f"{shortest:g} s. With holds of {MIN_FITTED_HOLD:g} s this routine takes "
                f"{format_duration(session_seconds(floor, self._overrides))}."
            )
            return
        self.edit(fitted, f"Fit to {format_duration(target)}")
        got = session_seconds(fitted, self._overrides)
        if abs(got - target) < 2:
            change = _first_hold_change(before, fitted)
            self.timing_label.setText(f"Fitted: {format_duration(got)}{change}.")
        else:
            self.timing_label.setText(
                f"Closest possible: {format_duration(got)} (holds stay between "
                f"{MIN_HOLD:g} s and {MAX_HOLD / 60:g} min; reps and rests are not changed)."
            )

    def _clear_timing_message(self) -> None:
        self.timing_label.setText("")

    # -- step edits ----------------------------------------------------------

    def _edit_step(self, step: Step, text: str, merge: str = "") -> None:
        index = self.current_index()
        if self._refreshing or not 0 <= index < len(self._routine.steps):
            return
        key = f"{merge}:{index}" if merge else ""
        self.edit(editing.replace_step(self._routine, index, step), text, key)

    def _current_step(self) -> Step:
        return self._routine.steps[self.current_index()]

    def _name_edited(self, text: str) -> None:
        if text.strip():
            step = self._current_step()
            stretch = None if step.stretch_id is None else self._library.get(step.stretch_id)
            self._edit_step(renamed_step(step, text, stretch), "Rename step", "name")

    def _instructions_edited(self) -> None:
        if self._refreshing:
            return
        text = self.instructions_edit.toPlainText()
        if text.strip():
            step = replace(self._current_step(), instructions=text)
            self._edit_step(step, "Change instructions", "instructions")

    def _cue_edited(self) -> None:
        if self._refreshing:
            return
        step = replace(self._current_step(), cue=self.cue_edit.toPlainText())
        self._edit_step(step, "Change form cue", "cue")

    def _kind_chosen(self, row: int) -> None:
        step = self._current_step()
        if row == 1 and not isinstance(step.dose, Reps):
            dose: Hold | Reps = Reps(max(MIN_REPS, min(MAX_REPS, round(step.dose.seconds / 2))))
        elif row == 0 and isinstance(step.dose, Reps):
            dose = Hold(editing.clamp_hold(step.dose.seconds))
        else:
            return
        self._edit_step(replace(step, dose=dose), "Change dose")

    def _hold_changed(self, value: int) -> None:
        if not self._refreshing:
            self._edit_step(replace(self._current_step(), dose=Hold(float(value))), "Change hold")

    def _reps_changed(self, value: int) -> None:
        step = self._routine.steps[self.current_index()] if not self._refreshing else None
        if step is not None and isinstance(step.dose, Reps):
            self._edit_step(replace(step, dose=replace(step.dose, count=value)), "Change reps")

    def _tempo_changed(self, value: float) -> None:
        step = self._routine.steps[self.current_index()] if not self._refreshing else None
        if step is not None and isinstance(step.dose, Reps):
            self._edit_step(replace(step, dose=replace(step.dose, tempo=value)), "Change tempo")

    def _say_edited(self, text: str) -> None:
        step = replace(self._current_step(), say=text.strip() or None)
        self._edit_step(step, "Change voice text", "say")

    def _regions_toggled(self) -> None:
        if self._refreshing:
            return
        regions = tuple(region for region, check in self.region_checks.items() if check.isChecked())
        self._edit_step(replace(self._current_step(), regions=regions), "Change regions")

    def _picture_chosen(self, row: int) -> None:
        image = self.picture_combo.itemData(row)
        step = self._current_step()
        if image != step.image:
            self._edit_step(replace(step, image=image), "Change picture")
            self.step_picture.show_image(image)

    def _picture_choices(self) -> list[tuple[str, str]]:
        """(name, image) of every library picture, by stretch name: what a step may show."""
        pictures: dict[str, str] = {}
        for stretch in sorted(self._library.values(), key=lambda stretch: stretch.name.casefold()):
            if stretch.image is not None and stretch.image not in pictures:
                pictures[stretch.image] = stretch.name
        return [(name, image) for image, name in pictures.items()]

    def _show_picture_choice(self, image: str | None, own: bool) -> None:
        combo = self.picture_combo
        if combo.count() == 0:
            combo.addItem("No picture", None)
            for name, path in self._picture_choices():
                combo.addItem(stretch_icon(path, 24), name, path)
        # A library stretch always shows a picture: a routine file can name another
        # one for it, but not none.
        model = combo.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(0)
            if item is not None:
                item.setEnabled(own)
        row = combo.findData(image)
        if row < 0 and image is not None:  # a picture of the user's own, kept as it is
            combo.addItem(Path(image).name, image)
            row = combo.count() - 1
        combo.setCurrentIndex(max(0, row))

    def _sides_toggled(self, checked: bool) -> None:
        if not self._refreshing:
            sides = Sides.BOTH if checked else Sides.ONE
            self._edit_step(replace(self._current_step(), sides=sides), "Change sides")

    def _step_rest_changed(self, value: int) -> None:
        if not self._refreshing:
            rest = None if value == _DEFAULT_REST else float(value)
            self._edit_step(replace(self._current_step(), rest=rest), "Change rest after step")

    def move_up(self) -> None:
        self._move_current(-1)

    def move_down(self) -> None:
        self._move_current(1)

    def _move_current(self, delta: int) -> None:
        index = self.current_index()
        target = index + delta
        if not (0 <= index < len(self._routine.steps) and 0 <= target < len(self._routine.steps)):
            return
        self.edit(editing.move_step(self._routine, index, target), "Move step")
        self.steps_list.setCurrentRow(target)

    def _rows_dragged(self) -> None:
        """After a drag and drop in the list: the items carry their old step indexes."""
        if self._refreshing:
            return
        order = [
            self.steps_list.item(row).data(_STEP_ROLE) for row in range(self.steps_list.count())
        ]
        if sorted(order) != list(range(len(self._routine.steps))):
            return
        moved = replace(self._routine, steps=tuple(self._routine.steps[i] for i in order))
        self.edit(moved, "Move step")

    def remove_current(self) -> None:
        index = self.current_index()
        if 0 <= index < len(self._routine.steps):
            name = self._routine.steps[index].name
            self.edit(editing.remove_step(self._routine, index), f"Remove “{name}”")

    def _insert(self, step: Step) -> None:
        index = self.current_index() + 1 if self._routine.steps else 0
        self.edit(editing.insert_step(self._routine, index, step), f"Add “{step.name}”")
        self.steps_list.setCurrentRow(index)

    def add_stretch(self, stretch_id: str) -> None:
        """Add a library stretch after the selected step."""
        self._insert(step_from_stretch(self._library[stretch_id]))

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
            self.status_label.setText("Your own stretch needs a name and how to do it.")
            return
        self._insert(editing.custom_step(name, instructions))
        self.custom_name_edit.clear()
        self.custom_instructions_edit.clear()

    def _filter_library(self, text: str) -> None:
        words = text.casefold().split()
        first_shown = None
        for row in range(self.library_list.count()):
            item = self.library_list.item(row)
            stretch = self._library[item.data(_STRETCH_ROLE)]
            haystack = " ".join(
                [stretch.name, stretch.id, *(region.label for region in stretch.regions)]
            ).casefold()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.library_list.currentItem()
        if (current is None or current.isHidden()) and first_shown is not None:
            self.library_list.setCurrentItem(first_shown)
        self.add_button.setEnabled(first_shown is not None)

    # -- saving and closing --------------------------------------------------

    def _save_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Write the routine to the user's folder; False (and an error shown) if it failed."""
        problem = self._save_problem()
        if problem is not None:
            self._dialogs.show_error(self, "Can't save yet", problem)
            return False
        if self._name_from_title and not self._has_file:
            routine_id = editing.unique_id(id_from_title(self._routine.title), self._taken)
            self._routine = replace(self._routine, id=routine_id)
        try:
            path = save_user_routine(self._routine, self._library, self._user_dir)
        except OSError as error:
            reason = error.strerror or str(error)
            self._dialogs.show_error(
                self, "Not saved", f"Could not save the routine: {reason}. The file is unchanged."
            )
            return False
        self._routine = replace(self._routine, source=path)
        self._has_file = True
        self.undo_stack.setClean()
        self._show_save_state()
        self.saved.emit(self._routine.id)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:
        # Esc: the same question as closing the window.
        if self._may_close():
            self.done(QDialog.DialogCode.Rejected)

    def _may_close(self) -> bool:
        if not self.is_dirty():
            return True
        choice = self._dialogs.ask_unsaved(self)
        if choice is UnsavedChoice.SAVE:
            return self.save()
        return choice is UnsavedChoice.DISCARD
