"""One real session, watched from inside: `python session_child.py ROUTINE_FILE`.

Runs the real `limber --routine ROUTINE_FILE --start` (app.cli.main), with the
real cue workers even on the offscreen platform (the one change: the default
cue backend is the workers', not the silent one offscreen gets), and a 10 ms
probe timer on the GUI thread from the window's first show. When the session
has been done for two seconds it prints one JSON object:

- worst_stall_ms, stall_at: the probe's worst lateness, and when (seconds after
  the window was shown), from launch to the end; stall_cpu_ms: the CPU time the
  GUI thread itself used meanwhile (much less than the stall: it was waiting,
  for the GIL or for a CPU another process had); stall_runqueue_ms: how much of
  the stall it spent ready to run with no CPU free (Linux's schedstat; the rest
  of the wait is for the GIL or a system call);
- counting_stall_ms, counting_from: the worst lateness while the countdown ran
  (the session's state RUNNING before and after the stall), and when it first
  ran (seconds after the window was shown; before it, the window is starting up
  and the cue workers loading, with "Getting the sounds and voice ready");
- planned: every cue the window planned last, [key, at, sound, speech];
- given: every cue a worker reports it gave, [key, planned at, given at];
- notice: the session page's sound notice at the end ("" when all is heard);
- shown_at: time.monotonic() when the window was shown.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any


def runqueue_seconds() -> float:
    """The time the calling thread has spent ready to run with no CPU for it (0 where
    the kernel does not say)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def main() -> int:
    routine_file = sys.argv[1]
    import app.cli  # first, as `python -m app` does
    from app.ui import cue_player

    cue_player.default_backend = cue_player.worker_backend

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.cues import CueScheduler
    from app.session import State
    from app.ui.cue_channel import CueKind
    from app.ui.main_window import MainWindow

    planned: dict[str, list[Any]] = {}
    replan = CueScheduler.replan

    def replan_recorded(scheduler: CueScheduler, now: float) -> Any:
        plan = replan(scheduler, now)
        for cue in plan or ():
            sound = None if cue.sound is None else cue.sound.value
            planned[repr(cue.key)] = [list(cue.key), cue.at, sound, cue.speech]
        return plan

    CueScheduler.replan = replan_recorded  # type: ignore[method-assign,assignment]

    given: list[list[Any]] = []
    probe: dict[str, float] = {
        "worst": 0.0,
        "at": 0.0,
        "last": 0.0,
        "shown": 0.0,
        "cpu": 0.0,
        "worst_cpu": 0.0,
        "queued": 0.0,
        "worst_queued": 0.0,
        "counting_worst": 0.0,
        "counting_from": -1.0,
    }
    running: dict[str, Any] = {"window": None, "before": False}
    show = MainWindow.show

    def tick() -> None:
        now, cpu, queued = time.monotonic(), time.thread_time(), runqueue_seconds()
        late = now - probe["last"] - 0.010
        if late > probe["worst"]:
            probe["worst"], probe["at"] = late, now - probe["shown"]
            probe["worst_cpu"] = cpu - probe["cpu"]
            probe["worst_queued"] = queued - probe["queued"]
        window = running["window"]
        session = None if window is None else window.driver.session
        counting = session is not None and session.state is State.RUNNING
        if counting and probe["counting_from"] < 0:
            probe["counting_from"] = now - probe["shown"]
        if counting and running["before"]:
            probe["counting_worst"] = max(probe["counting_worst"], late)
        running["before"] = counting
        probe["last"], probe["cpu"], probe["queued"] = now, cpu, queued

    def report(window: MainWindow) -> None:
        print(
            json.dumps(
                {
                    "worst_stall_ms": round(probe["worst"] * 1000, 1),
                    "stall_at": round(probe["at"], 3),
                    "stall_cpu_ms": round(probe["worst_cpu"] * 1000, 1),
                    "stall_runqueue_ms": round(probe["worst_queued"] * 1000, 1),
                    "counting_stall_ms": round(probe["counting_worst"] * 1000, 1),
                    "counting_from": round(probe["counting_from"], 3),
                    "planned": sorted(planned.values(), key=lambda cue: cue[1]),
                    "given": given,
                    "notice": window.cues.notice or "",
                    "shown_at": probe["shown"],
                }
            ),
            flush=True,
        )
        window.close()
        QApplication.quit()

    watched: list[object] = []

    def watch_cues(window: MainWindow) -> None:
        for kind in CueKind:
            channel = window.cues.channel(kind)
            if channel is not None and channel not in watched:
                watched.append(channel)
                channel.gave.connect(given.append)

    def show_watched(window: MainWindow) -> None:
        running["window"] = window
        timer = QTimer(window)
        timer.setInterval(10)
        timer.timeout.connect(tick)
        probe["shown"] = probe["last"] = time.monotonic()
        probe["cpu"], probe["queued"] = time.thread_time(), runqueue_seconds()
        timer.start()
        window.driver.finished.connect(lambda _: QTimer.singleShot(2000, lambda: report(window)))
        window.cues.notice_changed.connect(lambda _: watch_cues(window))
        QTimer.singleShot(600_000, lambda: report(window))  # never for ever
        show(window)

    MainWindow.show = show_watched  # type: ignore[method-assign,assignment]
    return app.cli.main(["--routine", routine_file, "--start"])


if __name__ == "__main__":
    raise SystemExit(main())
