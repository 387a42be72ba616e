"""One Limber window at one size, measured from inside: `python scale_child.py T0 EXPORT_PATH
[--export-only]`.

Started by benchmarks/scale.py with XDG_DATA_HOME pointing at a folder that
holds the history and the routines of that size. Runs the real `limber`
command (app.cli.main), and prints one JSON line of figures, in seconds:

- `first_paint`, `listed`: from T0 (the parent's time.time() just before it
  spawned us) to the window's first paint, then to the routines listed;
- `history`: H pressed on the picker to the History page filled in;
- `export`: Export CSV to the file written and said so; `export_cpu`: the CPU
  time of the thread that wrote it, while it did (`History.export_csv`);
- `done`: the done page's figures (the streak) asked for, to shown;
- `history_again`: History opened a second time (the page built, its figures
  read again, as after a session);
- `stall_*`: the longest gap of a 10 ms probe timer on the GUI thread
  during start-up (first paint to listed), History, export, done page and
  History again;
- `pss_kib`, `cpu_ms_per_minute`: while a held stretch counts down, between its
  cues, the PSS of the window and its cue worker summed (`pss_window_kib`: the
  window's alone), and their CPU time
  over the sample (the real workers, also offscreen, where the window would
  otherwise make none).

A window from before issue 15 reads the History page and exports on the GUI
thread: then the figure is the time the call took, and its stall the same.

With `--export-only` the window quits once the export is written, and prints
the figures up to it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# How long the countdown is sampled for CPU and memory.
COUNTDOWN_SAMPLE_SECONDS = 10.0
SAMPLE_FROM = 9.0  # seconds after the held stretch is opened (its lead-in is 5 s)


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    """The process's threads' time on a CPU, from the scheduler's own count (in ns:
    /proc's utime and stime come in 10 ms ticks, which over the 10 s sample made
    the figure a multiple of 60 ms a minute)."""
    total = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0.0
    for task in tasks:
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return total / 1e9


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _time_export_thread(figures: dict[str, float]) -> None:
    """Have `History.export_csv` note its thread's CPU time in `figures` (`export_cpu`)."""
    from app.history import History

    export_csv = History.export_csv

    def timed(self: History, *args: object, **options: object) -> int:
        began = time.thread_time()
        try:
            return export_csv(self, *args, **options)  # type: ignore[arg-type]
        finally:
            figures["export_cpu"] = time.thread_time() - began

    History.export_csv = timed  # type: ignore[method-assign]


def main() -> int:
    started, export_path = float(sys.argv[1]), Path(sys.argv[2])
    export_only = "--export-only" in sys.argv[3:]
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    import app.cli  # first, as `python -m app` does
    from app.ui import cue_player

    # The real cue workers, also offscreen (where the window would make none):
    # the memory and CPU counting down are those of all of Limber's processes.
    cue_player.default_backend = cue_player.worker_backend

    qt_app = QApplication(sys.argv[:1])
    figures: dict[str, float] = {}
    _time_export_thread(figures)
    probe_clock = QElapsedTimer()
    last_tick = [0]
    worst = [0]

    def tick() -> None:
        now = probe_clock.elapsed()
        worst[0] = max(worst[0], now - last_tick[0])
        last_tick[0] = now

    probe = QTimer(qt_app)
    probe.setInterval(10)
    probe.timeout.connect(tick)

    def stall_since_reset() -> float:
        tick()
        return worst[0] / 1000

    def reset_stall() -> None:
        tick()
        worst[0] = 0

    def wait_until(done: Callable[[], bool], then: Callable[[], None]) -> None:
        if done():
            then()
        else:
            QTimer.singleShot(5, lambda: wait_until(done, then))

    window_box: list[QMainWindow] = []

    def window() -> object:
        return window_box[0]

    def listed() -> bool:
        picker = window().picker  # type: ignore[attr-defined]
        return bool(picker.list.count()) and getattr(picker, "listing_done", True)

    def start_up_done() -> None:
        figures["listed"] = time.time() - started
        figures["stall_start_up"] = stall_since_reset()
        win: object = window()
        # The history is opened in a worker too; then start-up's last steps settle.
        wait_until(
            lambda: win.history is not None,  # type: ignore[attr-defined]
            lambda: QTimer.singleShot(200, open_history),
        )

    def open_history() -> None:
        win: object = window()
        reset_stall()
        began = time.perf_counter()
        win.show_history()  # type: ignore[attr-defined]
        page = win.history_page  # type: ignore[attr-defined]

        def shown() -> None:
            figures["history"] = time.perf_counter() - began
            figures["stall_history"] = stall_since_reset()
            QTimer.singleShot(100, lambda: export(page))

        wait_until(lambda: not getattr(page, "loading", False), shown)

    def export(page: object) -> None:
        page.choose_export_path = lambda parent: str(export_path)  # type: ignore[attr-defined]
        reset_stall()
        began = time.perf_counter()
        page.export()  # type: ignore[attr-defined]

        def written() -> None:
            figures["export"] = time.perf_counter() - began
            figures["stall_export"] = stall_since_reset()
            text = page.status_label.text()  # type: ignore[attr-defined]
            if not text.startswith("Exported"):
                raise SystemExit(f"the export failed: {text}")
            if export_only:
                print(json.dumps(figures), flush=True)
                qt_app.quit()
                return
            QTimer.singleShot(100, done_page)

        wait_until(lambda: not getattr(page, "exporting", False), written)

    def done_page() -> None:
        win: object = window()
        label = win.done_page.streak_label  # type: ignore[attr-defined]
        label.setText("")
        reset_stall()
        began = time.perf_counter()
        win._show_streak()  # type: ignore[attr-defined]  # what a session's end asks for

        def shown() -> None:
            figures["done"] = time.perf_counter() - began
            figures["stall_done"] = stall_since_reset()
            QTimer.singleShot(100, history_again)

        wait_until(lambda: bool(label.text()), shown)

    def history_again() -> None:
        """History opened again, as after a session: the page is there, its figures
        are read again."""
        win: object = window()
        reset_stall()
        began = time.perf_counter()
        win.show_history()  # type: ignore[attr-defined]
        page = win.history_page  # type: ignore[attr-defined]

        def shown() -> None:
            figures["history_again"] = time.perf_counter() - began
            figures["stall_history_again"] = stall_since_reset()
            QTimer.singleShot(100, count_down)

        wait_until(lambda: not getattr(page, "loading", False), shown)

    def count_down() -> None:
        win: object = window()
        win.close_session()  # type: ignore[attr-defined]
        # A held stretch (benchmarks/scale.py writes it): its figure is still.
        win.open_routine("held-stretch", start=True)  # type: ignore[attr-defined]
        # Sampled once the hold has begun and its first cues are past (SAMPLE_FROM
        # after opening: the get-ready's ticks, the chime and "Go." at 5 s, the
        # cue workers watched until 2 s after them), and 3 s after the workers
        # have loaded or been given up (with no sound server the voice worker
        # waits on speech-dispatcher for two load bounds, 20 s; a worker loading
        # takes about half a second of CPU): what a long hold costs between its
        # cues. Its first seconds cost more: sampled from 3 s, over the ticks,
        # the chime and the words, the same windows took 180 to 240 ms a minute.
        cues = win.cues  # type: ignore[attr-defined]
        opened = time.monotonic()

        def settled() -> None:
            wait = max(3.0, SAMPLE_FROM - (time.monotonic() - opened))
            QTimer.singleShot(int(wait * 1000), sample)

        wait_until(lambda: not cues.loading, settled)

    def sample() -> None:
        probe.stop()  # its ticks would count as the window's CPU
        pids = [os.getpid(), *_children(os.getpid())]
        before = sum(_cpu_seconds(pid) for pid in pids)
        began = time.monotonic()

        def after() -> None:
            spent = sum(_cpu_seconds(pid) for pid in pids) - before
            figures["cpu_ms_per_minute"] = spent / (time.monotonic() - began) * 60_000
            figures["pss_kib"] = sum(_pss_kib(pid) for pid in pids)
            figures["processes"] = len(pids)
            figures["pss_window_kib"] = _pss_kib(os.getpid())
            print(json.dumps(figures), flush=True)
            qt_app.quit()

        QTimer.singleShot(int(COUNTDOWN_SAMPLE_SECONDS * 1000), after)

    class FirstPaintClock(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if "first_paint" not in figures and event.type() == QEvent.Type.Paint:
                figures["first_paint"] = time.time() - started
                probe_clock.start()
                probe.start()
                # Posted behind the work Limber posts on its first paint (reading the
                # routines in a worker): then wait for every routine to be listed.
                QTimer.singleShot(0, lambda: wait_until(listed, start_up_done))
            return False

    clock = FirstPaintClock(qt_app)
    from app.ui.main_window import MainWindow

    show = MainWindow.show

    def show_watched(shown: QWidget) -> None:
        window_box.append(shown)  # type: ignore[arg-type]
        shown.installEventFilter(clock)
        show(shown)

    MainWindow.show = show_watched  # type: ignore[method-assign]
    return app.cli.main([])


if __name__ == "__main__":
    raise SystemExit(main())
