"""Item views for pages of the window's stack that screen readers see only while shown.

Qt tells assistive technology (AT-SPI on Linux) whether a row is showing from
its place on the screen alone, so the rows of a page the stack has hidden were
still "showing" to a screen reader, which then read the picker's routines in
the middle of a session. These views have no place on the screen while hidden:
each row reports itself invisible, as its view does.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QListWidget, QTreeWidget


class PageListWidget(QListWidget):
    """A QListWidget whose rows are invisible to screen readers while it is hidden."""

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        return super().visualRect(index) if self.isVisible() else QRect()

    def showEvent(self, event: QShowEvent) -> None:
        """Hidden, it could not scroll: the row selected meanwhile is brought into view."""
        super().showEvent(event)
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())


class PageTreeWidget(QTreeWidget):
    """A QTreeWidget whose rows are invisible to screen readers while it is hidden."""

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        return super().visualRect(index) if self.isVisible() else QRect()

    def showEvent(self, event: QShowEvent) -> None:
        """Hidden, it could not scroll: the row selected meanwhile is brought into view."""
        super().showEvent(event)
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())
