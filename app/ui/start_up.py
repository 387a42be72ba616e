"""What launch() does after the first paint, in steps that never stall the countdown.

A session can be running (`--start`) while start-up is still going on, so
nothing here may hold the GUI thread for long: whatever may wait is done in
worker threads (the routine files by the catalog loader; the history
database, which SQLite may find locked, and the resume record here; the
modules of the pages not shown yet by the window's `prepared`), and what is
left for the GUI thread is cut into short steps, one per turn of the event
loop (`run_later`), so a 10 ms timer never waits on more than one of them.

The order: the routines listed, and (once the window is prepared) the
history and resume record read, in either order; then the last routine
selected and the history handed to the window; then a lost session offered
for resuming; then the routine asked for on the command line opened (and
started). The app's icon is drawn in the worker that imports this module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app import resources
from app.i18n import _
from app.ui.background import in_background, run_later

if TYPE_CHECKING:
    from app.history import History
    from app.store import Catalog
    from app.ui.main_window import MainWindow
    from app.ui.session_log import RecordRead, SessionLog


@dataclass(frozen=True)
class _Records:
    """What start-up reads from the user's data folder, in a worker."""

    history: History
    resume: RecordRead


def icon_image() -> QImage | None:
    """The app's icon, drawn from its SVG (in a worker: loading the SVG plugin takes
    tens of milliseconds; a QImage, unlike a QPixmap, may be made off the GUI thread)."""
    if not resources.asset_exists("icon.svg"):
        return None
    image = QImage()
    image.loadFromData(QByteArray(resources.asset_bytes("icon.svg")), "SVG")
    return None if image.isNull() else image


def _read_records(history_file: Path, log: SessionLog) -> _Records:
    from app.history import History

    # Never raises over the file: a damaged or locked one is reported in the window.
    return _Records(History.open(history_file), log.read_resume_record())


class StartUp(QObject):
    """Runs once per window; the window's `started_up` when start-up is over (also
    when the routine asked for could not be opened, or a lost session was
    resumed instead)."""

    def __init__(
        self,
        window: MainWindow,
        routine: str | None,
        start: bool,
        *,
        user_dir: Path,
        history_file: Path,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._routine = routine
        self._start = start
        self._user_dir = user_dir
        self._history_file = history_file
        self._catalog: Catalog | None = None
        self._records: _Records | None = None

    def begin(self) -> None:
        window = self._window
        window.hold_cue_workers_until_started_up()
        window.catalog_arrived.connect(self._catalog_in, Qt.ConnectionType.SingleShotConnection)
        window.load_catalog(self._user_dir)
        # The resume record is read through the window's session log, which is
        # built (with its imports) once the window is prepared.
        if window.is_prepared:
            self._read_records()
        else:
            window.prepared.connect(self._read_records, Qt.ConnectionType.SingleShotConnection)

    def _read_records(self) -> None:
        reading = self._history_file, self._window.session_log
        in_background(self, lambda: _read_records(*reading), self._records_in)

    def _next(self, step: Callable[[], None]) -> None:
        """`step` in a later turn of the event loop, after what is queued now."""
        run_later(self, step)

    def _catalog_in(self, catalog: Catalog) -> None:
        self._catalog = catalog
        if self._records is not None:
            self._next(self._hand_over)

    def _records_in(self, records: _Records) -> None:
        self._records = records
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(records.history.close)
        if self._catalog is not None:
            self._next(self._hand_over)

    def _hand_over(self) -> None:
        assert self._records is not None
        self._window.select_last_routine()
        self._window.set_history(self._records.history)
        self._next(self._offer_resume)

    def _offer_resume(self) -> None:
        # A session lost to a crash or a closed window is offered first, also when a
        # routine was asked for: declined, it is recorded stopped, and that one opens.
        assert self._records is not None
        if self._window.offer_resume(self._records.resume) or self._routine is None:
            self._window.started_up.emit()
            return
        self._next(self._open_asked_for)

    def _open_asked_for(self) -> None:
        assert self._catalog is not None
        assert self._routine is not None
        window = self._window
        try:
            entry = self._catalog.resolve(self._routine)
        except LookupError as error:
            self._report(str(error))
        else:
            if entry.routine is None:
                # Translators: a routine file asked for on the command line; its problems below.
                message = _("{file} can't be used:\n{problems}")
                self._report(message.format(file=entry.path, problems=entry.error))
            else:
                window.open_loaded_routine(entry.routine, start=self._start)
        self._window.started_up.emit()

    def _report(self, message: str) -> None:
        """A routine asked for on the command line can't be opened: said on the
        terminal it was asked from too, then in the window."""
        print(f"limber: {message}", file=sys.stderr)
        self._window.warn(message)
