"""What the window imports after its first paint, and how, so no first use stalls.

The window's other pages, the session engine, the cue player, the editor: each
first use would stall the GUI thread on an import (the routine list's details
alone took 50 ms, a session page 40 ms), so they are imported after the first
paint, ahead of use. The plain-Python part (the engine, the history, YAML,
SQLite: most of the time) in a worker thread; then the window's own modules on
the GUI thread, one per turn of the event loop: a module that imports from
PySide6 makes its classes' Python types as it goes (PySide6 makes them on
first use), and two threads making them at once can crash the process (one
launch in ten did, at start-up). No worker thread imports from PySide6
(tests/ui/test_launch.py holds the lists to it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject

from app.ui.background import forget_imported_sources, import_modules, in_background, run_later

LATER_CORE_MODULES = (
    "app.session",
    "app.cues",
    "app.timing",
    "app.resume",
    "app.store",
    "app.editing",
    "app.generator",
    "app.writer",
    "app.history",
    "app.history_export",
    "app.session_record",
    "app.pictures",
    "app.moves",
    "json",
    # app.resources imports these where a picture is checked (the cue worker never does).
    "xml.etree.ElementTree",
    "difflib",
)
# Ordered by when they are needed: the routine list's details as soon as the
# routines are in, the session's parts for `--start`. A module's own imports
# come before it, each in a turn of its own (none takes much over 20 ms).
LATER_MODULES = (
    "app.ui.body_map",
    "app.ui.figure_view",
    "app.ui.picture_file",
    "app.ui.picture",
    "app.ui.routine_row",
    "app.ui.routine_details",
    "app.ui.session_driver",
    "app.ui.cue_player",
    "app.ui.session_log",
    "app.ui.resume_offer",
    "app.ui.session_page",
    "app.ui.done_page",
    "app.ui.history_page",
    "app.ui.settings_dialog",
    "app.ui.build_dialog",
    "app.ui.editor_dialogs",
    "app.ui.hold_timing_bar",
    "app.ui.library_panel",
    "app.ui.step_form",
    "app.ui.steps_panel",
    "app.ui.editor",
    "app.ui.routine_file_actions",
)


def import_later_modules(owner: QObject, then: Callable[[], None]) -> None:
    """LATER_CORE_MODULES in a worker, then LATER_MODULES on the GUI thread, one per
    turn; then `then()` (nothing, if `owner` is gone by then)."""
    forget_imported_sources()  # the source of those imported before the first paint
    in_background(
        owner,
        partial(import_modules, LATER_CORE_MODULES),
        lambda _: _import_in_turns(owner, LATER_MODULES, then),
    )


def _import_in_turns(owner: QObject, names: Sequence[str], then: Callable[[], None]) -> None:
    if not names:
        then()
        return
    import_modules(names[:1])
    run_later(owner, lambda: _import_in_turns(owner, names[1:], then))
