"""Work that may wait, done in a worker thread, its result handed back to the GUI thread.

Opening the history (SQLite may wait on a lock), reading the resume record
and importing the modules of pages not shown yet all take from a few to
hundreds of milliseconds, more on a busy or slow machine; on the GUI thread
that is a frozen countdown. A thread is enough here: this is Python work or
file and database waits, which hand the GIL over (Python switches threads
every few milliseconds), not a PySide6 call that holds it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

T = TypeVar("T")


class _Failed:
    """What a worker raised, carried to the GUI thread to be raised there."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Handover(QObject):
    """Lives on the GUI thread; the worker emits, the queued slot calls `then` there."""

    arrived = Signal(object)

    def __init__(self, parent: QObject, then: Callable[[Any], None]) -> None:
        super().__init__(parent)
        self._then = then
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, result: object) -> None:
        self.deleteLater()
        if isinstance(result, _Failed):
            raise result.error  # a bug: reported as any slot's exception is
        self._then(result)


def in_background(parent: QObject, work: Callable[[], T], then: Callable[[T], None]) -> None:
    """Run `work()` in a new worker thread, then `then(result)` on the GUI thread.

    Nothing is delivered once `parent` is gone (the window closed meanwhile).
    `work` should not raise: what it raises is raised again on the GUI thread.
    """
    handover = _Handover(parent, then)

    def run() -> None:
        result: object
        try:
            result = work()
        except BaseException as error:  # carried over, raised there
            result = _Failed(error)
        with suppress(RuntimeError):  # the handover (with its parent) was deleted
            handover.arrived.emit(result)

    threading.Thread(target=run, name="limber-background", daemon=True).start()


def import_modules(names: Iterable[str]) -> None:
    """Import `names` (in a worker, so the GUI thread later finds them imported).

    One that fails to import is left for the GUI thread to import, and report,
    where it is used.
    """
    for name in names:
        with suppress(ImportError):
            importlib.import_module(name)
