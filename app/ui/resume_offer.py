"""Offering to resume a session the app lost (closed mid-run, crashed, a power cut).

Kept apart from the window: which routine the record names, the question, and
what becomes of a record not resumed. Imported after the first paint (it is in
the window's LATER_MODULES), as it brings the session engine with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app.resume import ResumePoint, restore
from app.routine import Routine
from app.session import Session
from app.store import Catalog
from app.ui.session_log import RecordRead, SessionLog


def resume_routine(catalog: Catalog, point: ResumePoint) -> Routine | None:
    """The routine `point` was running: by id, else by its file; None if it is gone."""
    entry = catalog.get(point.routine_id)
    if (entry is None or entry.routine is None) and point.routine_path:
        try:
            entry = catalog.resolve(point.routine_path)
        except LookupError:
            entry = None
    return None if entry is None else entry.routine


def offer_resume(
    log: SessionLog,
    catalog: Catalog,
    read: RecordRead | None,
    ask: Callable[[str], bool],
    open_paused: Callable[[Routine], Session],
) -> bool:
    """Offer the session the record (`read`, or read now) names; True if resumed.

    `open_paused` shows the routine's session, loaded and not started, for it to
    be put where the record says. A session not resumed (declined, its routine
    gone or changed) is recorded in the history as stopped, with the time it
    had run.
    """
    point = log.pending_resume(read)
    if point is None:
        return False
    routine = resume_routine(catalog, point)
    if routine is None or not ask(point.question()):
        log.forget_resume(point)
        return False
    session = open_paused(routine)
    try:
        restore(session, point)
    except ValueError:  # the routine changed since: it is there to start afresh
        log.forget_resume(point)
    else:
        log.continue_from(point)  # in the same history row
    return True


def ask_to_resume(parent: QWidget, title: str, question: str) -> bool:
    """The question in a dialog: Yes (the default) resumes."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
