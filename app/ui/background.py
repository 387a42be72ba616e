"""Work that may wait, done in a worker thread, its result handed back to the GUI thread.

Opening the history (SQLite may wait on a lock), reading the resume record
and importing the modules of pages not shown yet all take from a few to
hundreds of milliseconds, more on a busy or slow machine; on the GUI thread
that is a frozen countdown. A thread is enough here: this is Python work or
file and database waits, which hand the GIL over (Python switches threads
every few milliseconds), not a PySide6 call that holds it.

How a result gets back: a worker never touches the object that asked (the
window may be closed, and its objects deleted, while the worker runs:
emitting a signal of a deleted QObject crashes the process). It emits on
one relay that lives as long as the application, with a number; on the GUI
thread the relay looks the number up, and hands the result over only if
whoever asked is still there.
"""

from __future__ import annotations

import importlib
import itertools
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, Signal

T = TypeVar("T")


class _Failed:
    """What a worker raised, carried to the GUI thread to be raised there."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Relay(QObject):
    """The application's one receiver of workers' results (see the module docstring)."""

    arrived = Signal(int, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._waiting: dict[int, Callable[[Any], None]] = {}
        self._watches: dict[int, QMetaObject.Connection] = {}
        self._repeating: set[int] = set()
        self._numbers = itertools.count(1)
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def expect(self, owner: QObject, then: Callable[[Any], None], *, once: bool = True) -> int:
        """On the GUI thread: a number for one result (or for each, if not `once`), for
        `then` while `owner` lives."""
        number = next(self._numbers)
        self._waiting[number] = then
        if not once:
            self._repeating.add(number)
        # A lambda, not a bound method of the relay: `owner` may go first.
        watch = owner.destroyed.connect(lambda: self._waiting.pop(number, None))
        self._watches[number] = watch
        return number

    def _deliver(self, number: int, result: object) -> None:
        then: Callable[[Any], None] | None = self._waiting.get(number)
        if then is None:
            self._repeating.discard(number)
            return  # whoever asked is gone
        if number not in self._repeating:
            del self._waiting[number]
            QObject.disconnect(self._watches.pop(number))  # no connection left per result
        if isinstance(result, _Failed):
            raise result.error  # a bug: reported as any slot's exception is
        then(result)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """Made on first use, on the GUI thread, as a child of the application."""
    global _relay
    app = QCoreApplication.instance()
    assert app is not None, "no application to hand results to"
    if _relay is None or _relay.parent() is not app:
        _relay = _Relay(app)
    return _relay


def deliver_later(
    owner: QObject, then: Callable[[T], None], *, once: bool = True
) -> Callable[[T], None]:
    """A function a worker thread may call with a result (once, or as often as it
    likes if not `once`): `then(result)` runs on the GUI thread, unless `owner`
    was deleted meanwhile. Call on the GUI thread."""
    relay = _the_relay()
    number = relay.expect(owner, then, once=once)

    def hand_over(result: T) -> None:
        with suppress(RuntimeError):  # the application itself is gone (at exit)
            relay.arrived.emit(number, result)

    return hand_over


def in_background(owner: QObject, work: Callable[[], T], then: Callable[[T], None]) -> None:
    """Run `work()` in a new worker thread, then `then(result)` on the GUI thread.

    Nothing is delivered once `owner` is gone (the window closed meanwhile).
    `work` should not raise: what it raises is raised again on the GUI thread.
    """
    hand_over: Callable[[object], None] = deliver_later(owner, then)  # type: ignore[arg-type]

    def run() -> None:
        result: object
        try:
            result = work()
        except BaseException as error:  # carried over, raised there
            result = _Failed(error)
        hand_over(result)

    threading.Thread(target=run, name="limber-background", daemon=True).start()


def import_modules(names: Iterable[str]) -> None:
    """Import `names` (in a worker, so the GUI thread later finds them imported).

    One that fails to import is left for the GUI thread to import, and report,
    where it is used.
    """
    for name in names:
        with suppress(ImportError):
            importlib.import_module(name)
