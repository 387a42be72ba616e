"""One undoable edit of a routine in the editor: the routine before and after.

Routines are values, so undoing is showing the old one again: `show` (the
editor's set_routine) is called with `before` or `after`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.routine import Routine


class RoutineEdit(QUndoCommand):
    """One edit: the routine before and after. Typing into one field merges into one edit."""

    def __init__(
        self,
        show: Callable[[Routine], None],
        before: Routine,
        after: Routine,
        text: str,
        merge: str,
    ) -> None:
        super().__init__(text)
        self._show = show
        self.before = before
        self.after = after
        self.merge_key = merge

    def redo(self) -> None:
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)

    def id(self) -> int:
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RoutineEdit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True
