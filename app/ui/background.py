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
import linecache
import threading
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QTimer, Signal

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
        self._owners: dict[int, QObject] = {}
        self._repeating: set[int] = set()
        self._numbers = itertools.count(1)
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def expect(self, owner: QObject, then: Callable[[Any], None], *, once: bool = True) -> int:
        """On the GUI thread: a number for one result (or for each, if not `once`), for
        `then` while `owner` lives."""
        number = next(self._numbers)
        self._waiting[number] = then
        self._owners[number] = owner
        if not once:
            self._repeating.add(number)
        # A lambda, not a bound method of the relay: `owner` may go first.
        watch = owner.destroyed.connect(lambda: self._forget(number))
        self._watches[number] = watch
        return number

    def _forget(self, number: int) -> None:
        self._waiting.pop(number, None)
        self._owners.pop(number, None)

    def _deliver(self, number: int, result: object) -> None:
        then: Callable[[Any], None] | None = self._waiting.get(number)
        owner = self._owners.get(number)
        if then is None or owner is None:
            self._repeating.discard(number)
            return  # whoever asked is gone
        if number not in self._repeating:
            self._forget(number)
            QObject.disconnect(self._watches.pop(number))  # no connection left per result
        if isinstance(result, _Failed):
            raise result.error  # a bug: reported as any slot's exception is
        run_later(owner, partial(then, result))


class _Steps(QObject):
    """Work for the GUI thread, one step per turn of the event loop (see run_later)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._queue: deque[tuple[QObject, Callable[[], None]]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)  # fires once per turn, after the events waiting
        self._timer.timeout.connect(self._run_one)

    def add(self, owner: QObject, step: Callable[[], None]) -> None:
        self._queue.append((owner, step))
        self._timer.start()

    def _run_one(self) -> None:
        while self._queue:
            owner, step = self._queue.popleft()
            if shiboken6.isValid(owner):
                try:
                    step()
                finally:
                    if self._queue:
                        # Aimed anew from now: Qt aims a repeating timer from when it
                        # fired, so a timer that fell due during the step (the
                        # countdown's) would wait for the next step too.
                        self._timer.start()
                    else:
                        self._timer.stop()
                return
        self._timer.stop()


_relay: _Relay | None = None
_steps: _Steps | None = None


def run_later(owner: QObject, step: Callable[[], None]) -> None:
    """Run `step` on the GUI thread in a later turn of the event loop, unless `owner`
    is deleted by then.

    Steps from everywhere (start-up's, the window's preparation, results handed
    back by workers) wait in one queue and run one per turn, with the timers
    between them: two steps of 30 ms queued together would otherwise run back
    to back, a 60 ms stall of the countdown (Qt runs all the queued calls of a
    turn before it looks at its timers).
    """
    global _steps
    app = QCoreApplication.instance()
    assert app is not None, "no application to run steps in"
    if _steps is None or _steps.parent() is not app:
        _steps = _Steps(app)
    _steps.add(owner, step)


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
        forget_imported_sources()


def forget_imported_sources() -> None:
    """Let go of the source text of the modules imported so far.

    PySide6 reads the source of each module imported after it (to find out
    whether it uses PySide6), and Python's line cache keeps all it read: 5 MiB
    of the window's 21 MiB of Python objects once its modules are in. (Since
    app.ui.pyside_costs.check_imports_quickly, only what was imported before it,
    or all of it where PySide6's hook is another than the one it replaces.) Cleared
    after each import, that memory is used again by the next import instead of
    being added to. Safe beside other threads: PySide6 reads a module once,
    never one already in the cache; a traceback reads the lines it shows again.
    """
    linecache.clearcache()
