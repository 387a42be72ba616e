"""Renders the window mid-session to a PNG.

Usage: `python tools/screenshot.py OUT.png [--dark] [--size WxH] [--page ...]
[--language de|zh_CN]`.

Used for the README pictures (`make screenshot`) and to look at the layout at
other sizes, in the dark scheme and in another language (installed as the app
does at launch, before the window makes any text; Chinese needs a CJK font,
`fonts-noto-cjk`). Runs offscreen, on a manual clock, so the
picture is the same every time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.i18n import LANGUAGES, SOURCE_LANGUAGE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--size", default="1000x720", help="window size, WxH")
    parser.add_argument("--routine", default="full-warmup")
    parser.add_argument("--at", type=float, default=22.0, help="seconds into the session")
    parser.add_argument("--page", choices=("session", "picker", "done"), default="session")
    parser.add_argument(
        "--language",
        choices=(SOURCE_LANGUAGE, *LANGUAGES),
        default=SOURCE_LANGUAGE,
        help="the language chosen in Settings (default: English)",
    )
    parser.add_argument(
        "--smallest", action="store_true", help="the window's smallest size (overrides --size)"
    )
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from app.settings import Options
    from app.ui import install_chosen_language
    from app.ui.i18n_qt import load_qt_translations
    from app.ui.settings_store import settings_at
    from app.ui.theme import Scheme, apply_scheme

    app = QApplication(sys.argv[:1])
    apply_scheme(app, Scheme.DARK if args.dark else Scheme.LIGHT)
    with tempfile.TemporaryDirectory() as folder:
        # Settings of the picture's own, not the user's: the same picture anywhere.
        settings = settings_at(str(Path(folder) / "limber.ini"))
        settings.set(Options.LANGUAGE, args.language)
        language = install_chosen_language(settings)
        load_qt_translations(app, language)
        routines = Path(folder) / "routines"
        routines.mkdir()
        return _render(app, args, settings, routines)


def _render(app: QApplication, args: argparse.Namespace, settings: Settings, routines: Path) -> int:
    from app.clock import ManualClock
    from app.store import Catalog
    from app.ui.main_window import MainWindow

    clock = ManualClock()
    catalog = Catalog.load(routines)  # shipped routines only: the same picture anywhere
    window = MainWindow(catalog, clock, settings=settings)
    if args.smallest:
        width, height = window.minimumWidth(), window.minimumHeight()
    else:
        width, height = (int(part) for part in args.size.split("x"))
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
    scheme = "dark" if args.dark else "light"
    print(f"wrote {args.output} ({width}x{height}, {scheme}, {args.language})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
