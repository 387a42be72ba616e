"""Two first-use costs of PySide6 that stalled the GUI thread, made cheap or moved.

Each import. From PySide6 6.4 on (PYSIDE-2029), every module imported after
PySide6 is checked for whether it uses PySide6, for the `__feature__`
switches: its hook takes the module's whole source through `inspect.getsource`
(several stat calls to find the file, tokenize to decode it, every line kept in
`linecache`). Measured at a launch: 122 modules on the GUI thread, 42 ms in
all, up to 4 ms for one, and 18-50 ms more in worker threads.
`check_imports_quickly` asks the same question of the file's bytes: a plain
read, nothing kept.

The widget types. The first time PySide6 must name a plain QWidget that Qt
made (a list's viewport, say), it looks through every QtWidgets class for a
closer match, making the Python types of all of them as it goes: 20-36 ms,
once. The picker's rows asked it first, inside the first routines' listing (a
40 ms stall in all); `make_widget_types` has it done in a turn of its own.
"""

from __future__ import annotations

import sys
from types import ModuleType


def check_imports_quickly() -> bool:
    """PySide6's import hook reads a module's file instead of inspecting it; True if
    it was (or already is) installed. Call after PySide6 is imported; where
    PySide6 has no such hook (another version), nothing changes."""
    feature = sys.modules.get("shibokensupport.feature")
    inspected = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(inspected):
        return False
    if getattr(inspected, "reads_the_file", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        """What PySide6 asks: does the module's source say "PySide6"?"""
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(inspected(module))  # built in, or compiled with no source
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # gone since, or inside a zip
            return bool(inspected(module))

    uses_pyside.reads_the_file = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True


def make_widget_types() -> None:
    """Have PySide6 make the Python types of the QtWidgets classes now (see above):
    call in a turn of the event loop of its own, before the routines are listed."""
    from PySide6.QtWidgets import QAbstractScrollArea

    area = QAbstractScrollArea()  # its viewport is a plain QWidget Qt made
    area.viewport()
