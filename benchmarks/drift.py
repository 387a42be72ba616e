"""Countdown accuracy and idle cost over a real 60 s hold (takes 75 s).

Runs the real SessionDriver on the real clock and records every redraw. For
each one, drift is how long after the ideal second boundary the new number
appeared. Also counts wake-ups and the CPU time the process used while
counting down. Target (issue 2): worst drift under 5 ms.

Then, for scale, the same for a bare precise QTimer aimed at a moment about
a second away: what the machine itself adds when a process wakes from a
second's sleep (on a virtual machine, often most of the drift).
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from app.clock import SystemClock
from app.routine import Hold, Routine, Step
from app.session import Snapshot, State
from app.ui.session_driver import SessionDriver

HOLD_SECONDS = 60
BARE_WAKE_UPS = 15


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    routine = Routine(
        id="drift",
        title="Drift benchmark",
        steps=(Step(name="Hold", instructions="Stand still.", dose=Hold(HOLD_SECONDS)),),
        lead_in=0,
        rest=0,
    )
    driver = SessionDriver(SystemClock(), app)
    drifts: list[float] = []
    shown = [HOLD_SECONDS]
    redraws = [0]

    def record(snapshot: Snapshot) -> None:
        redraws[0] += 1
        displayed = math.ceil(snapshot.remaining)
        if snapshot.state is State.RUNNING and displayed != shown[0]:
            shown[0] = displayed
            drifts.append(displayed - snapshot.remaining)

    driver.changed.connect(record)
    driver.finished.connect(app.quit)
    driver.load(routine)
    cpu_before = cpu_seconds()
    driver.start()
    app.exec()
    cpu_used = cpu_seconds() - cpu_before

    print(f"countdown over a real {HOLD_SECONDS} s hold")
    print(f"  redraws:     {redraws[0]} for {len(drifts)} changes of the number shown")
    print(
        f"  drift:       worst {max(drifts) * 1000:.2f} ms, "
        f"median {statistics.median(drifts) * 1000:.2f} ms (target < 5 ms)"
    )
    print(
        f"  CPU used:    {cpu_used * 1000:.0f} ms over {HOLD_SECONDS} s "
        f"({cpu_used / HOLD_SECONDS * 100:.3f}% of one core)"
    )
    bare = bare_timer_lateness(app)
    print(
        f"  for scale:   a bare precise QTimer waking after ~1 s is late by "
        f"{statistics.median(bare) * 1000:.2f} ms (median), "
        f"{max(bare) * 1000:.2f} ms (worst) on this machine"
    )
    return 0


def bare_timer_lateness(app: QCoreApplication) -> list[float]:
    """How late a precise single-shot timer fires after about a second, BARE_WAKE_UPS times."""
    timer = QTimer(app)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    clock = SystemClock()
    lateness: list[float] = []
    target = [0.0]

    def arm() -> None:
        # A moment a second away, at a different fraction of a millisecond each time.
        target[0] = clock.monotonic() + 1.0 + 0.000437 * (len(lateness) % 7)
        timer.start(math.ceil((target[0] - clock.monotonic()) * 1000))

    def fired() -> None:
        lateness.append(clock.monotonic() - target[0])
        if len(lateness) < BARE_WAKE_UPS:
            arm()
        else:
            app.quit()

    timer.timeout.connect(fired)
    arm()
    app.exec()
    return lateness


if __name__ == "__main__":
    raise SystemExit(main())
