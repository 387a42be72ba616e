"""Guards against Qt binding bugs that would crash Limber rather than fail a feature."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    carried = Signal(object)


def test_emitting_a_python_object_keeps_its_reference_count() -> None:
    # PySide6 6.12.0 dropped one reference per emit: the driver's snapshots
    # were freed while still in use and the interpreter aborted on exit.
    emitter = _Emitter()
    received: list[object] = []
    emitter.carried.connect(received.append)
    payload = object()
    before = sys.getrefcount(payload)
    for _ in range(50):
        emitter.carried.emit(payload)
    received.clear()
    assert sys.getrefcount(payload) == before
