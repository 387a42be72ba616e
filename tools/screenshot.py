"""Renders the window mid-session to a PNG.

Usage: `python tools/screenshot.py OUT.png [--dark] [--size WxH] [--page ...]`.

Used for the README picture (`make screenshot`) and to look at the layout at
other sizes and in the dark scheme. Runs offscreen, on a manual clock, so the
picture is the same every time.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--size", default="1000x720", help="window size, WxH")
    parser.add_argument("--routine", default="full-warmup")
    parser.add_argument("--at", type=float, default=22.0, help="seconds into the session")
    parser.add_argument("--page", choices=("session", "picker", "done"), default="session")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from app.clock import ManualClock
    from app.store import Catalog
    from app.ui.main_window import MainWindow
    from app.ui.theme import Scheme, apply_scheme

    app = QApplication(sys.argv[:1])
    apply_scheme(app, Scheme.DARK if args.dark else Scheme.LIGHT)
    width, height = (int(part) for part in args.size.split("x"))
    clock = ManualClock()
    catalog = Catalog.load(Path(os.devnull))  # shipped routines only: the same picture anywhere
    window = MainWindow(catalog, clock)
    window.resize(width, height)
    window.show()
    if args.page != "picker":
        window.open_routine(args.routine, start=True)
        # Walk the clock forward a second at a time, as the real timer would:
        # one big jump would look like the machine slept, and pause the session.
        remaining = args.at if args.page == "session" else 24 * 3600.0
        while remaining > 0 and window.driver.pending_wakeup_ms is not None:
            step = min(1.0, remaining)
            clock.advance(step)
            remaining -= step
            window.driver.refresh()
    app.processEvents()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.output)):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({width}x{height}, {'dark' if args.dark else 'light'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
