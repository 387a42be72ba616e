"""The routine editor: one routine's title, timing and steps, with undo.

The editor works on an immutable Routine: every change computes a new one
(`app.editing`) and goes on a QUndoStack as a command holding the routine
before and after, so undo and redo just put one back. What the widgets show
is always redrawn from the current routine.

Its parts are widgets of their own: the list of steps (`app.ui.steps_panel`),
the selected step (`app.ui.step_form`), the library to add from
(`app.ui.library_panel`), scale and fit (`app.ui.hold_timing_bar`).

Every question it asks (unsaved changes) goes through a `Dialogs` object
(`app.ui.editor_dialogs`); the picker's actions on routine files, which open
it, are in `app.ui.routine_file_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import editing
from app.i18n import _
from app.pictures import PICTURES_FOLDER
from app.routine import (
    MAX_PAUSE,
    Routine,
    Step,
    Stretch,
    format_duration,
)
from app.store import save_user_routine
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds
from app.ui.background import in_background
from app.ui.editor_dialogs import Dialogs, UnsavedChoice
from app.ui.hold_timing_bar import HoldTimingBar
from app.ui.library_panel import LibraryPanel
from app.ui.naming import id_from_title
from app.ui.picture_file import CopiedPicture, copy_picture_file
from app.ui.routine_edit import RoutineEdit
from app.ui.step_form import StepForm
from app.ui.steps_panel import StepsPanel

MIN_EDITOR_SIZE = QSize(760, 520)


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
        self.undo_stack = QUndoStack(self)
        self.resize(1040, 680)
        self._build(routine)
        self.undo_stack.cleanChanged.connect(self._show_save_state)
        self.set_routine(self._routine)
        self.steps_list.setCurrentRow(0)
        self.steps_list.setFocus()

    # -- building ------------------------------------------------------------

    def _build(self, original: Routine) -> None:
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(self._from_shipped)
        if self._from_shipped:
            notice = _(
                "“{title}” comes with Limber and stays as it is: your changes are "
                "saved as “{copy}”, in your routines folder."
            )
            self.notice_label.setText(notice.format(title=original.title, copy=self._routine.title))
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.textEdited.connect(self._title_edited)
        self.lead_in_spin = self._seconds_spin(0, int(MAX_PAUSE))
        self.lead_in_spin.setAccessibleName(_("Lead-in"))
        self.lead_in_spin.valueChanged.connect(self._lead_in_changed)
        self.rest_spin = self._seconds_spin(0, int(MAX_PAUSE))
        self.rest_spin.setAccessibleName(_("Rest between steps"))
        self.rest_spin.valueChanged.connect(self._rest_changed)
        self.total_label = QLabel(self)
        self.total_label.setAccessibleName(_("Total time"))
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)

        header = QHBoxLayout()
        header.addWidget(self._buddy_label(_("&Title"), self.title_edit))
        header.addWidget(self.title_edit, 3)
        header.addSpacing(12)
        header.addWidget(self._buddy_label(_("&Lead-in"), self.lead_in_spin))
        header.addWidget(self.lead_in_spin)
        # Translators: the rest between the steps of a routine, in seconds.
        header.addWidget(self._buddy_label(_("R&est"), self.rest_spin))
        header.addWidget(self.rest_spin)
        header.addSpacing(12)
        header.addWidget(self.total_label)

        self.timing_bar = HoldTimingBar(self.routine, lambda: self._overrides, self)
        self.timing_bar.edit_requested.connect(self.edit)
        # A message about the last scaling or fitting goes once anything else is done
        # (an undo above all): it would describe holds no longer there.
        self.undo_stack.indexChanged.connect(self.timing_bar.clear_message)
        columns = QHBoxLayout()
        columns.addWidget(self._build_steps(), 3)
        self.step_form = StepForm(self._library, self)
        self.step_form.step_edited.connect(self._edit_step)
        self.step_form.picture_file_requested.connect(self.choose_picture_file)
        self.library_panel = LibraryPanel(self._library, self)
        self.library_panel.step_requested.connect(self._insert)
        columns.addWidget(self.step_form, 4)
        columns.addWidget(self.library_panel, 3)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.library_panel.problem.connect(self.status_label.setText)
        self.undo_button = QPushButton(_("Undo"), self)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QPushButton(_("Redo"), self)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.clicked.connect(self._save_clicked)
        self.close_button = QPushButton(_("Close"), self)
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
        layout.addWidget(self.timing_bar)
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
        # Translators: after a number of seconds in a spin box ("30 s").
        spin.setSuffix(_(" s"))
        spin.setKeyboardTracking(False)
        return spin

    def _build_steps(self) -> StepsPanel:
        self.steps_panel = StepsPanel(self)
        self.steps_panel.current_changed.connect(self._show_step)
        self.steps_panel.move_requested.connect(self._move_current)
        self.steps_panel.remove_requested.connect(self.remove_current)
        self.steps_panel.reorder_requested.connect(self._reorder)
        # The panel's widgets, as the editor has always named them.
        self.steps_list = self.steps_panel.steps_list
        self.up_button = self.steps_panel.up_button
        self.down_button = self.steps_panel.down_button
        self.remove_button = self.steps_panel.remove_button
        return self.steps_panel

    def _add_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self, _("Undo"))
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, _("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        bindings: list[tuple[str, str, Callable[[], None]]] = [
            (_("Move step up"), "Ctrl+Up", self.move_up),
            (_("Move step down"), "Ctrl+Down", self.move_down),
            (_("Save"), "Ctrl+S", self._save_clicked),
        ]
        for action in (undo, redo):
            self.addAction(action)
        for text, key, slot in bindings:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)

    # -- state ---------------------------------------------------------------

    def routine(self) -> Routine:
        return self._routine

    def current_index(self) -> int:
        return self.steps_panel.current_index()

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
        self.undo_stack.push(RoutineEdit(self.set_routine, self._routine, after, text, merge))

    def set_routine(self, routine: Routine) -> None:
        """Show `routine` (called by the undo commands; use `edit` to change it)."""
        self._routine = routine
        self._refreshing = True
        try:
            if self.title_edit.text() != routine.title:
                self.title_edit.setText(routine.title)
            self.lead_in_spin.setValue(round(routine.lead_in))
            self.rest_spin.setValue(round(routine.rest))
            self.steps_panel.show_steps(routine.steps)
        finally:
            self._refreshing = False
        self._show_step(self.current_index())
        self._show_total()
        # Translators: the editor's window title; keep "[*]": it marks unsaved changes.
        self.setWindowTitle(_("Edit “{title}”[*] — Limber").format(title=routine.title))
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
            self.total_label.setText(_("Total {time}").format(time=total))
            self.total_label.setToolTip("")
            return
        own = format_duration(session_seconds(self._routine, NO_OVERRIDES))
        self.total_label.setText(_("Total {time} with your get-ready and rest").format(time=total))
        tip = _(
            "Your get-ready and rest times in Settings replace this routine's own in "
            "every session. With its own times it takes {time}."
        )
        self.total_label.setToolTip(tip.format(time=own))

    def _show_save_state(self) -> None:
        problem = editing.save_problem(self._routine)
        self.save_button.setEnabled(problem is None and (self.is_dirty() or not self._has_file))
        if problem is not None:
            self.status_label.setText(problem)
        elif self.is_dirty():
            self.status_label.setText(_("Unsaved changes"))
        elif not self._has_file:
            self.status_label.setText(_("Not saved yet"))
        else:
            self.status_label.setText(_("Saved"))
        self.setWindowModified(self.is_dirty())

    def _show_step(self, index: int) -> None:
        steps = self._routine.steps
        self.step_form.show_step(steps[index] if 0 <= index < len(steps) else None)

    # -- routine-wide edits --------------------------------------------------

    def _title_edited(self, text: str) -> None:
        self.edit(replace(self._routine, title=text), _("Rename"), "title")

    def _lead_in_changed(self, value: int) -> None:
        if not self._refreshing:
            self.edit(replace(self._routine, lead_in=float(value)), _("Change lead-in"), "lead_in")

    def _rest_changed(self, value: int) -> None:
        if not self._refreshing:
            self.edit(replace(self._routine, rest=float(value)), _("Change rest"), "rest")

    # -- step edits ----------------------------------------------------------

    def _edit_step(self, step: Step, text: str, merge: str = "") -> None:
        index = self.current_index()
        if self._refreshing or not 0 <= index < len(self._routine.steps):
            return
        key = f"{merge}:{index}" if merge else ""
        self.edit(editing.replace_step(self._routine, index, step), text, key)

    def choose_picture_file(self) -> None:
        """Ask for a picture file for the selected step of the runner's own; it is
        checked and copied into the pictures folder off the GUI thread."""
        index = self.current_index()
        if not 0 <= index < len(self._routine.steps):
            return
        chosen = self._dialogs.choose_picture_path(self)
        if chosen is None:
            return
        step = self._routine.steps[index]
        self.status_label.setText(_("Checking “{file}”…").format(file=chosen.name))
        folder = self._user_dir / PICTURES_FOLDER
        in_background(
            self,
            lambda: copy_picture_file(chosen, folder),
            lambda copied: self._picture_copied(index, step, copied),
        )

    def _picture_copied(self, index: int, step: Step, copied: CopiedPicture) -> None:
        self._show_save_state()
        if copied.path is None:
            self._dialogs.show_error(self, _("Picture not used"), copied.problem or "")
            return
        steps = self._routine.steps
        if index >= len(steps) or steps[index] != step:
            return  # the step changed while its picture was read; the copy waits unused
        changed = replace(step, image=str(copied.path))
        self.edit(editing.replace_step(self._routine, index, changed), _("Change picture"))

    def move_up(self) -> None:
        self._move_current(-1)

    def move_down(self) -> None:
        self._move_current(1)

    def _move_current(self, delta: int) -> None:
        index = self.current_index()
        target = index + delta
        if not (0 <= index < len(self._routine.steps) and 0 <= target < len(self._routine.steps)):
            return
        self.edit(editing.move_step(self._routine, index, target), _("Move step"))
        self.steps_panel.set_current(target)

    def _reorder(self, order: list[int]) -> None:
        """After a drag and drop in the list: `order` holds the old step indexes."""
        if self._refreshing:
            return
        moved = editing.reordered(self._routine, order)
        if moved is not None:
            self.edit(moved, _("Move step"))

    def remove_current(self) -> None:
        index = self.current_index()
        if 0 <= index < len(self._routine.steps):
            name = self._routine.steps[index].name
            self.edit(
                editing.remove_step(self._routine, index), _("Remove “{name}”").format(name=name)
            )

    def _insert(self, step: Step) -> None:
        index = self.current_index() + 1 if self._routine.steps else 0
        self.edit(
            editing.insert_step(self._routine, index, step),
            _("Add “{name}”").format(name=step.name),
        )
        self.steps_panel.set_current(index)

    # -- saving and closing --------------------------------------------------

    def _save_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Write the routine to the user's folder; False (and an error shown) if it failed."""
        problem = editing.save_problem(self._routine)
        if problem is not None:
            self._dialogs.show_error(self, _("Can't save yet"), problem)
            return False
        if self._name_from_title and not self._has_file:
            routine_id = editing.unique_id(id_from_title(self._routine.title), self._taken)
            self._routine = replace(self._routine, id=routine_id)
        try:
            path = save_user_routine(self._routine, self._library, self._user_dir)
        except OSError as error:
            reason = error.strerror or str(error)
            message = _("Could not save the routine: {reason}. The file is unchanged.")
            self._dialogs.show_error(self, _("Not saved"), message.format(reason=reason))
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
