"""The picker's actions on routine files: new, edit, duplicate, delete, import, export."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app import editing
from app.i18n import _
from app.loader import RoutineError
from app.routine import Routine
from app.store import (
    Catalog,
    delete_user_routine,
    export_routine,
    import_routine_file,
    restore_user_routine,
    save_user_routine,
)
from app.timing import NO_OVERRIDES, TimingOverrides
from app.ui.editor import RoutineEditor
from app.ui.editor_dialogs import Dialogs
from app.ui.picker_page import UNDO_DELETE


class FileAction(enum.Enum):
    """What the picker's file buttons (and its Undo) ask for; the values are the
    names the picker sends (`app.ui.picker_page.FILE_ACTIONS`, UNDO_DELETE)."""

    NEW = "new"
    EDIT = "edit"
    DUPLICATE = "duplicate"
    DELETE = "delete"
    IMPORT = "import"
    EXPORT = "export"
    UNDO_DELETE = UNDO_DELETE


@dataclass(frozen=True)
class _Deleted:
    """A deleted routine file, kept so that it can be put back as it was."""

    path: Path
    data: bytes
    routine_id: str


class RoutineFiles(QObject):
    """The picker's actions on routine files: new, edit, duplicate, delete, import, export.

    After each change to the files it emits `files_changed(id to select)`: the
    window reads the routines again, off the GUI thread, and hands the new
    catalog back through set_catalog.
    """

    files_changed = Signal(str)
    # After a delete, what the picker shows beside its Undo button; "" once the
    # deletion can no longer be undone (undone, or another action came first).
    undo_offered = Signal(str)
    # What an action did, to say under the list ("Exported … to …").
    message = Signal(str)

    def __init__(self, catalog: Catalog, window: QWidget, dialogs: Dialogs | None = None) -> None:
        super().__init__(window)
        self._catalog = catalog
        self._window = window
        self.dialogs = dialogs or Dialogs()
        self.editor: RoutineEditor | None = None
        self._deleted: _Deleted | None = None
        self._overrides = NO_OVERRIDES  # the runner's get-ready and rest, for the editor's total
        self._export_folder = Path.home()
        # Ids of the files written since the catalog was read: taken, though not
        # listed until the new catalog arrives (a second Duplicate must not reuse one).
        self._written: set[str] = set()

    def set_overrides(self, overrides: TimingOverrides) -> None:
        """The runner's get-ready and rest: the editor's total counts them."""
        self._overrides = overrides
        if self.editor is not None:
            self.editor.set_overrides(overrides)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._written = {
            routine_id for routine_id in self._written if catalog.get(routine_id) is None
        }

    def run(self, action: str, routine_id: str) -> None:
        """What the picker asks for, by its name (a FILE_ACTIONS key or UNDO_DELETE), on
        the routine `routine_id` (if it takes one). Any other action ends the chance
        to undo a delete."""
        self.perform(FileAction(action), routine_id)

    def perform(self, action: FileAction, routine_id: str) -> None:
        if action is FileAction.UNDO_DELETE:
            self.undo_delete()
            return
        self._forget_deleted()
        match action:
            case FileAction.NEW:
                self.new()
            case FileAction.IMPORT:
                self.import_file()
            case FileAction.EDIT:
                self.edit(routine_id)
            case FileAction.DUPLICATE:
                self.duplicate(routine_id)
            case FileAction.DELETE:
                self.delete(routine_id)
            case FileAction.EXPORT:
                self.export(routine_id)

    def _taken(self) -> set[str]:
        return {entry.id for entry in self._catalog.entries} | self._written

    def _reload(self, select: str) -> None:
        """After writing the file of routine `select` (or deleting one: ""): list it."""
        if select:
            self._written.add(select)
        self.files_changed.emit(select)

    def _error(self, title: str, text: str) -> None:
        self.dialogs.show_error(self._window, title, text)

    def new(self) -> None:
        self._open_editor(editing.new_routine(self._taken()), name_from_title=True)

    def edit(self, routine_id: str) -> None:
        entry = self._catalog.get(routine_id)
        if entry is not None and entry.routine is not None:
            self._open_editor(entry.routine)

    def _open_editor(self, routine: Routine, *, name_from_title: bool = False) -> None:
        if self.editor is not None:
            self.editor.close()
        editor = RoutineEditor(
            routine,
            self._catalog.library,
            self._catalog.user_dir,
            taken=self._taken(),
            dialogs=self.dialogs,
            parent=self._window,
            overrides=self._overrides,
            name_from_title=name_from_title,
        )
        editor.setWindowFlag(Qt.WindowType.Window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._reload)
        editor.destroyed.connect(self._editor_gone)
        self.editor = editor
        editor.open()

    def _editor_gone(self) -> None:
        self.editor = None

    def duplicate(self, routine_id: str) -> None:
        entry = self._catalog.get(routine_id)
        if entry is None or entry.routine is None:
            return
        copy = editing.duplicate(entry.routine, self._taken())
        if self._save(copy):
            self._reload(copy.id)

    def delete(self, routine_id: str) -> None:
        """Remove the routine's file at once; `undo_delete` puts it back (no question asked)."""
        entry = self._catalog.get(routine_id)
        if entry is None or entry.builtin:
            return
        try:
            data = delete_user_routine(entry)
        except OSError as error:
            message = _("Could not delete {file}: {reason}")
            self._error(
                _("Not deleted"), message.format(file=entry.path, reason=error.strerror or error)
            )
            return
        self._deleted = _Deleted(Path(entry.path), data, entry.id)
        self._written.discard(entry.id)
        # The routine that took its place in the list stays selected, not the first one.
        ids = [listed.id for listed in self._catalog.entries]
        at = ids.index(entry.id)
        after, before = ids[at + 1 : at + 2], ids[max(0, at - 1) : at]
        self.files_changed.emit((after or before or [""])[0])
        self.undo_offered.emit(_("Deleted “{title}”.").format(title=entry.title))

    def undo_delete(self) -> None:
        """Put back the routine deleted last, byte for byte, and select it."""
        deleted = self._deleted
        if deleted is None:
            return
        if deleted.path.exists():  # a new routine has taken its name since
            message = _("{file} exists again, so it was left as it is.")
            self._error(_("Not restored"), message.format(file=deleted.path))
            return
        try:
            restore_user_routine(deleted.path, deleted.data)
        except OSError as error:
            message = _("Could not write {file}: {reason}")
            self._error(
                _("Not restored"), message.format(file=deleted.path, reason=error.strerror or error)
            )
            return
        self._forget_deleted()
        self._reload(deleted.routine_id)

    def _forget_deleted(self) -> None:
        if self._deleted is not None:
            self._deleted = None
            self.undo_offered.emit("")

    def import_file(self) -> None:
        path = self.dialogs.choose_open_path(self._window)
        if path is None:
            return
        try:
            routine = import_routine_file(
                path, self._catalog.library, self._catalog.user_dir, self._taken()
            )
        except RoutineError as error:
            message = _("{file} has problems:\n\n{problems}")
            self._error(_("Can't import this file"), message.format(file=path.name, problems=error))
            return
        except OSError as error:
            message = _("Could not copy {file}: {reason}")
            self._error(
                _("Not imported"), message.format(file=path, reason=error.strerror or error)
            )
            return
        self._reload(routine.id)

    def export(self, routine_id: str) -> None:
        entry = self._catalog.get(routine_id)
        if entry is None or entry.routine is None:
            return
        # In the folder exported to last (at first the home folder), not wherever
        # the program happened to be started.
        suggested = self._export_folder / f"{entry.id}.yaml"
        path = self.dialogs.choose_save_path(self._window, str(suggested))
        if path is None:
            return
        try:
            export_routine(entry.routine, self._catalog.library, path)
        except OSError as error:
            message = _("Could not write {file}: {reason}")
            self._error(
                _("Not exported"), message.format(file=path, reason=error.strerror or error)
            )
            return
        self._export_folder = path.parent
        self.message.emit(_("Exported “{title}” to {file}.").format(title=entry.title, file=path))

    def keep_hold_times(self, routine: Routine, holds: Mapping[int, float]) -> Routine | None:
        """Save the holds changed during a session into the routine (or the runner's copy).

        Returns the routine as saved, or None if saving failed (the error is shown).
        """
        changed = editing.with_holds(routine, holds)
        if routine.builtin:
            changed = editing.editable_copy(changed, self._taken())
        if not self._save(changed):
            return None
        self._reload(changed.id)
        return changed

    def _save(self, routine: Routine) -> bool:
        try:
            save_user_routine(routine, self._catalog.library, self._catalog.user_dir)
        except OSError as error:
            message = _("Could not save “{title}”: {reason}")
            reason = error.strerror or error
            self._error(_("Not saved"), message.format(title=routine.title, reason=reason))
            return False
        return True
