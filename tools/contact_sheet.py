"""Render the stretch illustrations into one PNG contact sheet for review.

Usage: python tools/contact_sheet.py OUT.png [SVG ...]

Without SVG arguments it draws every assets/stretches/*.svg. Each picture gets a
300x300 cell with its file name underneath, up to six to a row; the pictures
are drawn twice, first on a light background and then on a dark one, so both
themes are checked. Exits
non-zero, naming the file, if any SVG fails to load (QSvgRenderer.isValid() is
false) or Qt warns while parsing it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QRectF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

STRETCHES = Path(__file__).resolve().parent.parent / "assets" / "stretches"
CELL = 300
LABEL = 32
PAD = 16
COLUMNS = 6
# (background, label colour) per block: the window and text colours of the
# light and the dark scheme (app/ui/theme.py), where the pictures are shown
THEMES = (("#f3f4f6", "#15181c"), ("#202428", "#eceff3"))


def load(path: Path) -> QSvgRenderer | None:
    """A renderer for ``path``, or None if it is invalid or Qt warned while parsing it."""
    warnings: list[str] = []

    def collect(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            warnings.append(message)

    previous = qInstallMessageHandler(collect)
    try:
        renderer = QSvgRenderer(str(path))
    finally:
        qInstallMessageHandler(previous)
    for message in warnings:
        print(f"{path.name}: {message}", file=sys.stderr)
    if not renderer.isValid() or warnings:
        return None
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    return renderer


def draw_sheet(renderers: list[tuple[str, QSvgRenderer]]) -> QImage:
    """A grid of cells per theme (light block above dark), COLUMNS pictures to a row.

    A grid rather than one long row keeps the sheet viewable as the library grows.
    """
    columns = min(COLUMNS, len(renderers))
    rows = -(-len(renderers) // COLUMNS)
    row_height = PAD + CELL + LABEL
    block_height = rows * row_height + PAD
    image = QImage(
        PAD + columns * (CELL + PAD),
        len(THEMES) * block_height,
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(16)
    painter.setFont(font)
    for block, (background, ink) in enumerate(THEMES):
        block_top = block * block_height
        painter.fillRect(0, block_top, image.width(), block_height, QColor(background))
        painter.setPen(QColor(ink))
        for index, (name, renderer) in enumerate(renderers):
            row, column = divmod(index, COLUMNS)
            left = PAD + column * (CELL + PAD)
            top = block_top + row * row_height
            renderer.render(painter, QRectF(left, top + PAD, CELL, CELL))
            label = QRectF(left, top + PAD + CELL, CELL, LABEL)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, name)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    paths = [Path(arg) for arg in argv[2:]] or sorted(STRETCHES.glob("*.svg"))
    if not paths:
        print(f"no SVG files found in {STRETCHES}", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    renderers: list[tuple[str, QSvgRenderer]] = []
    failed: list[str] = []
    for path in paths:
        renderer = load(path)
        if renderer is None:
            failed.append(path.name)
        else:
            renderers.append((path.name, renderer))
    if renderers and not draw_sheet(renderers).save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    del app
    if failed:
        print(f"failed to load: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(renderers)} pictures)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
