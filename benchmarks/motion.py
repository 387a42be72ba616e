"""CPU cost of the moving figure over 60 s of reps, then paused, then minimized (takes 2.5 min).

Runs the real SessionDriver on the real clock and the real session page in a
1000 x 720 window, hooked up as the main window does: the driver redraws the
page when the countdown or the rep changes, and the picture's own repaint
timer draws the figure in between. Counts the frames painted and the CPU time
the process used, first with the figure still (the page's own redraws), then
moving. Target (issue 14): the motion costs at most 3 % of a core while the
reps run, and nothing measurable while paused or minimized.
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.clock import SystemClock
from app.routine import Reps, Routine, step_from_stretch
from app.session import Snapshot, State
from app.store import shipped_library
from app.ui.picture import FRAME_MS, StretchPicture
from app.ui.session_driver import SessionDriver
from app.ui.session_page import SessionPage

REPS_SECONDS = 60
PAUSED_SECONDS = 15
MINIMIZED_SECONDS = 15
TEMPO = 1.5  # leg swings: the quickest rep of the library, and the most strokes


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_for(app: QApplication, seconds: float) -> None:
    # A loop of its own: quitting the application's would close its windows.
    loop = QEventLoop(app)
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def measured(app: QApplication, seconds: float, picture: StretchPicture) -> tuple[float, int]:
    """CPU seconds used and frames painted over `seconds` of the event loop."""
    frames, cpu = picture.frames_painted(), cpu_seconds()
    run_for(app, seconds)
    return cpu_seconds() - cpu, picture.frames_painted() - frames


def report(label: str, seconds: float, cpu: float, frames: int) -> None:
    print(
        f"  {label:<11}{cpu * 1000:6.0f} ms CPU over {seconds:.0f} s "
        f"({cpu / seconds * 100:.3f}% of one core), {frames} frames ({frames / seconds:.1f} per s)"
    )


def report_drift(drifts: list[float]) -> None:
    late = drifts[1:]  # the first number is drawn by the command itself
    print(
        f"{'':13}countdown drift: worst {max(late) * 1000:.2f} ms, "
        f"median {statistics.median(late) * 1000:.2f} ms over {len(late)} seconds"
    )


def main() -> int:
    app = QApplication(sys.argv[:1])
    stretch = shipped_library()["leg-swings"]
    step = step_from_stretch(stretch, Reps(round(REPS_SECONDS / TEMPO) + 10, TEMPO))
    routine = Routine(id="motion", title="Motion benchmark", steps=(step,), lead_in=0, rest=0)
    driver = SessionDriver(SystemClock(), app)
    page = SessionPage()
    page.resize(1000, 720)
    page.show()
    picture = page.picture
    picture.set_snapshot_source(driver.snapshot)
    driver.changed.connect(lambda snapshot: page.show_snapshot(snapshot, routine.title))
    # The countdown's drift (as benchmarks/drift.py measures it): how long after
    # its second boundary each new number appeared. The figure's repaints share
    # the GUI thread with it.
    drifts: list[float] = []
    shown = [0]

    def record(snapshot: Snapshot) -> None:
        displayed = math.ceil(snapshot.remaining)
        if snapshot.state is State.RUNNING and displayed != shown[0]:
            shown[0] = displayed
            drifts.append(displayed - snapshot.remaining)

    driver.changed.connect(record)
    driver.load(routine)
    run_for(app, 0.5)  # shown and painted once before measuring

    def act(command: Callable[[], None]) -> None:
        command()
        app.processEvents()

    print(f"the moving figure (leg swings, a rep every {TEMPO} s, a frame every {FRAME_MS} ms)")
    # First the same reps with a still figure: what the page costs without the motion.
    picture.set_snapshot_source(None)
    act(driver.start)
    still_cpu, frames = measured(app, REPS_SECONDS, picture)
    report("still:", REPS_SECONDS, still_cpu, frames)
    report_drift(drifts)
    picture.set_snapshot_source(driver.snapshot)
    drifts.clear()
    act(driver.restart)  # from the first rep again, running
    cpu, frames = measured(app, REPS_SECONDS, picture)
    report("moving:", REPS_SECONDS, cpu, frames)
    report_drift(drifts)
    motion = cpu - still_cpu
    print(
        f"  the motion's own cost: {motion / REPS_SECONDS * 100:.3f}% of one core "
        "(target: at most 3%)"
    )
    act(driver.toggle)
    cpu, frames = measured(app, PAUSED_SECONDS, picture)
    report("paused:", PAUSED_SECONDS, cpu, frames)
    act(driver.toggle)
    act(page.showMinimized)
    cpu, frames = measured(app, MINIMIZED_SECONDS, picture)
    report("minimized:", MINIMIZED_SECONDS, cpu, frames)
    print("  (paused and minimized: only the countdown's once-a-second redraw is left)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
