"""Reading the routines off the GUI thread: the catalog arrives by a queued signal.

A catalog load parses every routine file; a few big ones take seconds, and
the countdown and the window must go on meanwhile. So the files are read in
a worker thread, and the finished Catalog is handed to the GUI thread.

Why a thread, with Python's cycle collector paused while it reads: the parse
holds the GIL, but Python hands it over every few milliseconds, so a 10 ms
timer on the GUI thread keeps ticking. Measured on 20 files of 250 KiB (half
with a syntax error or an alias at the end: 6-9 s of parsing on a busy
machine), the timer's longest gap was 9.3 s on the GUI thread; in the worker,
56-92 ms (1 tick in 100 later than 38-49 ms) with the collector running, and
about 60 ms (1 in 100 later than 14-23 ms) with it paused: its collections
walk every object the parse has made so far, holding the GIL. Paused, it
runs once the files are read. A subprocess would not stall at all, but costs
about 300 ms of start-up (Python and the loader's imports) before the first
routine shows, on every load.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.i18n import _
from app.ui.background import deliver_later

if TYPE_CHECKING:
    from app.store import Catalog


def read_catalog(user_dir: Path) -> Catalog:
    """The catalog as app.store reads it (imported here, in the worker: the
    loader's imports, YAML among them, are off the GUI thread too), unchanged
    files answered from the parse cache (app.parse_cache), which is saved after."""
    from app.parse_cache import open_parse_cache
    from app.paths import parse_cache_path
    from app.store import Catalog

    cache = open_parse_cache(parse_cache_path())
    catalog = Catalog.load(user_dir, cache)
    cache.save()
    return catalog


# Set by the window once the GUI thread has imported the modules that draw the
# icons (app.ui.picture, app.ui.routine_details: a worker thread must not be
# the first to import them, see app/ui/later_modules.py) and its own start-up
# steps are done (drawing alongside them made them wait for the GIL). A catalog
# read before then waits for it, at most ICONS_WAIT_S, so that its routine's
# details show drawn icons; past that, the window draws them in a worker.
step_icons_may_be_drawn = threading.Event()
ICONS_WAIT_S = 2.0


def prepare_step_icons(catalog: Catalog) -> None:
    """Draw the icons of the routines' steps ahead, in a worker, so showing a
    routine's details on the GUI thread never waits on drawing figures."""
    from app.ui.picture import prepare_icons
    from app.ui.routine_details import STEP_ICON_SIZE

    pictures = {
        (step.image, step.stretch_id)
        for entry in catalog.entries
        if entry.routine is not None
        for step in entry.routine.steps
    }
    prepare_icons(pictures, STEP_ICON_SIZE)


def _read(user_dir: Path, hand_over: Callable[[object], None]) -> None:
    """In the worker thread: the catalog, or the exception raised, to the GUI thread
    (app/ui/background.py: never through this loader, which may be gone by then)."""
    result: object
    try:
        with collector_paused():
            result = read_catalog(user_dir)
            if step_icons_may_be_drawn.wait(ICONS_WAIT_S):
                prepare_step_icons(result)
    except Exception as error:  # delivered to the GUI thread, not lost in the worker
        result = error
    hand_over(result)


_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the block runs (see the module's docstring);
    nested or overlapping pauses, from several threads, end with the last one."""
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()


class CatalogLoader(QObject):
    """Reads the catalog in a worker thread; `loaded(Catalog)` comes on the GUI thread.

    Only the newest request is delivered: one made while another is reading
    reads the files as they are after the change that asked for it.
    `failed(text)` says, in one line, why no catalog came (the shipped stretch
    library is broken: a bug in Limber, not in the user's files).
    """

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="limber-catalog")
        self._requested = 0
        self._delivered = 0
        executor = self._executor
        # A read in progress runs to its end (its result is dropped); none waits to start.
        self.destroyed.connect(lambda: executor.shutdown(wait=False, cancel_futures=True))

    @property
    def loading(self) -> bool:
        """True from a request until its catalog (or a newer one) is delivered."""
        return self._delivered < self._requested

    def request(self, user_dir: Path) -> None:
        self._requested += 1
        hand_over = deliver_later(self, partial(self._deliver, self._requested))
        self._executor.submit(_read, user_dir, hand_over)

    def _deliver(self, number: int, result: object) -> None:
        if number != self._requested:
            return  # a newer request is being read
        self._delivered = number
        if isinstance(result, Exception):
            first_line = str(result).partition("\n")[0]
            self.failed.emit(
                _("The routines could not be read: {problem}").format(problem=first_line)
            )
        else:
            self.loaded.emit(result)
