"""One start-up, measured from inside: `python startup_child.py bare|limber T0`.

Prints `first_paint_seconds ready_seconds rss_kib`: the time from T0 (the
parent's time.time() just before it spawned us) to the window's first paint,
then to the moment it is usable (for Limber: routines listed), and the peak
resident memory then. The bare variant is the yardstick: an empty PySide6
QMainWindow, the least any Qt app can do.
"""

from __future__ import annotations

import resource
import sys
import time


def main() -> int:
    variant, started = sys.argv[1], float(sys.argv[2])
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    painted_at: list[float] = []

    def report_ready() -> None:
        ready = time.time() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{painted_at[0]:.4f} {ready:.4f} {rss}", flush=True)
        app.quit()

    class FirstPaintClock(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted_at:
                painted_at.append(time.time() - started)
                if variant == "bare":  # nothing more to do: usable once painted
                    QTimer.singleShot(0, report_ready)
            return False

    if variant == "bare":
        window: QMainWindow = QMainWindow()
        window.resize(1000, 720)
        window.installEventFilter(FirstPaintClock(window))
        window.show()
    else:
        from app.clock import SystemClock
        from app.ui import _finish_start_up
        from app.ui.first_paint import FirstPaint
        from app.ui.main_window import MainWindow

        window = MainWindow(None, SystemClock())
        window.installEventFilter(FirstPaintClock(window))
        window.show()
        first_paint = FirstPaint(window)

        def finish() -> None:
            _finish_start_up(window, None, False)
            report_ready()

        first_paint.done.connect(finish)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
