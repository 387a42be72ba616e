"""One start-up, measured from inside: `python startup_child.py bare|limber T0`.

Prints `seconds rss_kib`: the time from T0 (the parent's time.time() just
before it spawned us) to the first paint of the window, and the peak resident
memory at that point. The bare variant is the yardstick: an empty PySide6
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
    if variant == "bare":
        window: QMainWindow = QMainWindow()
        window.resize(1000, 720)
    else:
        from app.clock import SystemClock
        from app.store import Catalog, user_routines_dir
        from app.ui.main_window import MainWindow

        window = MainWindow(Catalog.load(user_routines_dir()), SystemClock())

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                elapsed = time.time() - started
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                print(f"{elapsed:.4f} {rss}", flush=True)
                QTimer.singleShot(0, app.quit)
                window.removeEventFilter(self)
            return False

    painted = FirstPaint(window)
    window.installEventFilter(painted)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
