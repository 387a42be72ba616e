"""Runs work right after a window is first painted, to keep it off the start-up path."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Emits `done` once, just after `window`'s first paint has been handled.

    Whatever is connected to it (loading routines, importing QtMultimedia)
    then costs nothing before the user sees the window.
    """

    done = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            # Queued, so the paint in progress completes before the work begins.
            QTimer.singleShot(0, self.done.emit)
        return False
