"""The window opens inside the screen, frame and buttons included, at any scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QRect, QSize

from app.ui.window_fit import fitted_geometry
from tests.ui.fresh_process import REPO

FRAME = QMargins(4, 30, 4, 4)


def test_a_window_taller_than_the_screen_is_shrunk_and_moved_into_it() -> None:
    # 1920 x 1080 at 150 %: 1280 x 720 logical pixels, less a 40 px panel.
    available = QRect(0, 0, 1280, 680)
    geometry, minimum = fitted_geometry(QRect(0, 0, 1000, 720), QSize(640, 520), FRAME, available)
    assert geometry == QRect(4, 30, 1000, 646)
    assert minimum == QSize(640, 520)


def test_a_window_saved_on_a_bigger_screen_comes_back_whole() -> None:
    available = QRect(1920, 0, 1280, 720)  # a second screen, to the right
    saved = QRect(2800, 400, 1600, 1000)
    geometry, _ = fitted_geometry(saved, QSize(640, 520), FRAME, available)
    assert geometry == QRect(1920 + 4, 30, 1272, 686)


def test_the_minimum_size_gives_way_on_a_tiny_screen() -> None:
    geometry, minimum = fitted_geometry(
        QRect(0, 0, 1000, 720), QSize(640, 520), FRAME, QRect(0, 0, 600, 480)
    )
    assert minimum == QSize(592, 446)
    assert geometry == QRect(4, 30, 592, 446)


def test_a_window_that_fits_stays_where_it_is() -> None:
    placed = QRect(100, 80, 900, 600)
    geometry, _ = fitted_geometry(placed, QSize(640, 520), FRAME, QRect(0, 0, 1920, 1040))
    assert geometry == placed


@pytest.mark.parametrize(
    ("width", "height", "dpr", "font_dpi"),
    [(1920, 1080, 1.5, None), (2000, 1440, 1.0, "192")],
    ids=["150 % on 1920x1080", "200 % text on 2000x1440"],
)
def test_the_app_window_opens_within_the_available_screen(
    tmp_path: Path, width: int, height: int, dpr: float, font_dpi: str | None
) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "test", "x": 0, "y": 0, "width": width, "height": height, "dpr": dpr}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    if font_dpi is not None:
        env["QT_FONT_DPI"] = font_dpi
    script = """
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from app.clock import SystemClock
        from app.ui.settings_store import settings_at
        from app.store import Catalog
        from app.ui.main_window import MainWindow

        app = QApplication(sys.argv[:1])
        folder = Path(sys.argv[1])
        window = MainWindow(
            Catalog.load(folder), SystemClock(), settings=settings_at(str(folder / "l.ini"))
        )
        window.apply_start_up_settings()
        window.show()
        window.open_routine("full-warmup")
        app.processEvents()
        frame, room = window.frameGeometry(), window.screen().availableGeometry()
        print(room.contains(frame), frame, room)
        buttons = window.session_page.stop_button
        corner = buttons.mapTo(window, buttons.rect().bottomRight())
        print(window.rect().contains(corner))
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    inside, buttons_shown = result.stdout.splitlines()
    assert inside.startswith("True"), inside
    assert buttons_shown == "True"
