"""Every stretch picture the library names exists, is valid SVG and draws something."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from app import resources
from app.routine import Stretch
from app.store import shipped_library

LIBRARY = shipped_library()
SIZE = 120


@pytest.fixture(autouse=True)
def gui_app(qapp: QGuiApplication) -> QGuiApplication:
    """QSvgRenderer and QPainter need a GUI application: pytest-qt's, shared by all tests."""
    return qapp


def test_every_stretch_has_a_picture() -> None:
    assert [stretch.id for stretch in LIBRARY.values() if not stretch.image] == []


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_picture_renders_and_is_not_blank(stretch: Stretch) -> None:
    assert stretch.image is not None
    data = resources.asset_bytes(stretch.image)  # OSError fails the test: a missing file
    renderer = QSvgRenderer(QByteArray(data))
    assert renderer.isValid(), f"{stretch.image} is not valid SVG"
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, SIZE, SIZE))
    painter.end()
    drawn = sum(
        1 for y in range(0, SIZE, 2) for x in range(0, SIZE, 2) if image.pixelColor(x, y).alpha()
    )
    # A figure covers a good part of its square; a stray ground line alone would not.
    assert drawn > (SIZE // 2) ** 2 * 0.05, f"{stretch.image} draws (almost) nothing"


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_picture_has_a_title_for_screen_readers(stretch: Stretch) -> None:
    assert stretch.image is not None
    assert b"<title>" in resources.asset_bytes(stretch.image)
