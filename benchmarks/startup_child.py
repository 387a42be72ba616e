"""One start-up, measured from inside: `python startup_child.py VARIANT T0`.

Prints `first_paint_seconds ready_seconds rss_kib`: the time from T0 (the
parent's time.time() just before it spawned us) to the window's first paint,
then to the moment it is usable (for Limber: routines listed), and the peak
resident memory then.

- `bare`: the yardstick, an empty PySide6 QMainWindow, the least any Qt app can do.
- `qt-classes`: the same empty window after touching the Qt classes Limber's
  first screen uses, to show what those cost on their own.
- `limber`: the real `limber` command (`app.cli.main`), imported first as
  `python -m app` does; the only change is that the main window's show()
  also installs the paint clock.

The clock watches the window only: an application-wide event filter would
make PySide6 wrap every object an event goes to, a cost of its own.
"""

from __future__ import annotations

import resource
import sys
import time

# The Qt classes Limber's first screen uses. PySide6 builds each class's
# Python type, and every enum in it, on first use; touching them in an empty
# window measures what those classes cost on their own, apart from Limber.
_FIRST_SCREEN_CLASSES = {
    "PySide6.QtCore": "Qt QSettings QEvent QObject QTimer QSize",
    "PySide6.QtGui": "QAction QKeySequence QFont QPainter QPalette QShortcut QColor",
    "PySide6.QtWidgets": "QStackedWidget QAbstractItemView QComboBox QFrame QHBoxLayout QLabel "
    "QLineEdit QListWidget QPushButton QToolButton QVBoxLayout QSizePolicy",
}


def _touch_qt_classes() -> None:
    import importlib

    for module_name, names in _FIRST_SCREEN_CLASSES.items():
        module = importlib.import_module(module_name)
        for name in names.split():
            getattr(module, name)


def main() -> int:
    variant, started = sys.argv[1], float(sys.argv[2])
    if variant == "limber":
        import app.cli  # first, as `python -m app` and the `limber` script do

    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    qt_app = QApplication(sys.argv[:1])  # Limber's launch() uses this one
    painted_at: list[float] = []

    def report_ready() -> None:
        ready = time.time() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if variant == "limber":
            window = next(w for w in qt_app.topLevelWidgets() if isinstance(w, QMainWindow))
            if window.catalog_loading:  # type: ignore[attr-defined]
                # Read off the GUI thread: usable once they are listed.
                window.catalog_arrived.connect(  # type: ignore[attr-defined]
                    lambda catalog: QTimer.singleShot(0, report_ready),
                    Qt.ConnectionType.SingleShotConnection,
                )
                return
            if window.picker.list.count() == 0:  # type: ignore[attr-defined]
                raise SystemExit("the routines were not listed when Limber was reported usable")
        print(f"{painted_at[0]:.4f} {ready:.4f} {rss}", flush=True)
        qt_app.quit()

    def after_start_up_work() -> None:
        # Posted behind the work Limber posts on its first paint (loading the
        # routines), so this runs once that is done.
        QTimer.singleShot(0, report_ready)

    class FirstPaintClock(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not painted_at
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QMainWindow)
            ):
                painted_at.append(time.time() - started)
                QTimer.singleShot(0, after_start_up_work if variant == "limber" else report_ready)
            return False

    clock = FirstPaintClock(qt_app)
    if variant == "limber":
        from app.ui.main_window import MainWindow  # launch() imports it next anyway

        show = MainWindow.show

        def show_watched(window: QWidget) -> None:
            window.installEventFilter(clock)
            show(window)

        MainWindow.show = show_watched  # type: ignore[method-assign]
        return app.cli.main([])
    if variant == "qt-classes":
        _touch_qt_classes()
    window = QMainWindow()
    window.resize(1000, 720)
    window.installEventFilter(clock)
    window.show()
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
