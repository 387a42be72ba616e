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

# The Qt classes Limber's first screen uses. PySide6 builds each class's
# Python type, and every enum in it, on first use; touching them in an empty
# window measures what those classes cost on their own, apart from Limber.
_FIRST_SCREEN_CLASSES = {
    "PySide6.QtCore": "Qt QByteArray QSettings QEvent QObject QTimer QModelIndex QRect QRectF "
    "QSize",
    "PySide6.QtGui": "QAction QKeySequence QFont QFontMetrics QIcon QPainter QPalette QPixmap "
    "QShortcut QColor",
    "PySide6.QtWidgets": "QStackedWidget QAbstractItemView QComboBox QFrame QHBoxLayout QLabel "
    "QLineEdit QListWidget QListWidgetItem QPushButton QStyle QStyledItemDelegate "
    "QStyleOptionViewItem QToolButton QVBoxLayout QSizePolicy",
    "PySide6.QtSvg": "QSvgRenderer",
}


def _touch_qt_classes() -> None:
    import importlib

    for module_name, names in _FIRST_SCREEN_CLASSES.items():
        module = importlib.import_module(module_name)
        for name in names.split():
            getattr(module, name)


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
                if variant != "limber":  # nothing more to do: usable once painted
                    QTimer.singleShot(0, report_ready)
            return False

    if variant == "qt-classes":
        _touch_qt_classes()
    if variant in ("bare", "qt-classes"):
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
