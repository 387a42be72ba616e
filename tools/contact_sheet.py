"""Draw every stretch picture into one PNG contact sheet, for review by eye.

Usage: python tools/contact_sheet.py OUT.png

One row per stretch: a stretch drawn from poses (app/figure.py) shows each of
its key poses, the end position first; a stretch without poses shows its
SVG. Every row is drawn twice, on the light scheme's window colour on the
left and on the dark scheme's on the right, so both are checked. Exits
non-zero, naming the file, if an SVG fails to load or Qt warns while parsing it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QMessageLogContext, QRectF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from app import figure, moves
from app.store import shipped_library
from app.ui.figure_view import paint_frame

STRETCHES = Path(__file__).resolve().parent.parent / "assets" / "stretches"
CELL = 180
LABEL = 24
PAD = 12
NAME_WIDTH = 190
# (background, label colour) per block: the window and text colours of the
# light and the dark scheme (app/ui/theme.py), where the pictures are shown
THEMES = (("#f3f4f6", "#15181c"), ("#202428", "#eceff3"))

Draw = Callable[[QPainter, QRectF], None]


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


def pose_cells(move: figure.Move) -> list[tuple[str, Draw]]:
    """Each key pose of `move`, labelled."""
    cells: list[tuple[str, Draw]] = []
    for index, pose in enumerate(move.keys):
        shown = figure.frame(move, pose)

        def draw(painter: QPainter, target: QRectF, shown: figure.Frame = shown) -> None:
            paint_frame(painter, shown, target)

        cells.append(("end position" if index == 0 else f"key pose {index + 1}", draw))
    return cells


def svg_cell(renderer: QSvgRenderer, name: str) -> tuple[str, Draw]:
    def draw(painter: QPainter, target: QRectF) -> None:
        renderer.render(painter, target)

    return (f"{name} (SVG)", draw)


def rows(failed: list[str]) -> list[tuple[str, list[tuple[str, Draw]]]]:
    """(stretch name, cells) for every library stretch, then any move not in the library."""
    found: list[tuple[str, list[tuple[str, Draw]]]] = []
    drawn: set[str] = set()
    for stretch in shipped_library().values():
        move = moves.move_for(stretch.image, stretch.id)
        if move is not None:
            found.append((stretch.name, pose_cells(move)))
            drawn.add(move.id)
        elif stretch.image:
            renderer = load(STRETCHES.parent / stretch.image)
            if renderer is None:
                failed.append(stretch.image)
            else:
                found.append((stretch.name, [svg_cell(renderer, Path(stretch.image).name)]))
    for move in moves.MOVES.values():
        if move.id not in drawn:
            found.append((f"{move.name} (not in the library yet)", pose_cells(move)))
    return found


def draw_sheet(sheet: list[tuple[str, list[tuple[str, Draw]]]]) -> QImage:
    columns = max(len(cells) for _, cells in sheet)
    block_width = NAME_WIDTH + columns * (CELL + PAD) + PAD
    row_height = CELL + LABEL + PAD
    image = QImage(
        len(THEMES) * block_width, PAD + len(sheet) * row_height, QImage.Format.Format_RGB32
    )
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(14)
    painter.setFont(font)
    for block, (background, ink) in enumerate(THEMES):
        left_edge = block * block_width
        painter.fillRect(left_edge, 0, block_width, image.height(), QColor(background))
        painter.setPen(QColor(ink))
        for row, (name, cells) in enumerate(sheet):
            top = PAD + row * row_height
            painter.setPen(QColor(ink))
            painter.drawText(
                QRectF(left_edge + PAD, top, NAME_WIDTH - PAD, CELL),
                Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                name,
            )
            for column, (label, draw) in enumerate(cells):
                left = left_edge + NAME_WIDTH + column * (CELL + PAD)
                draw(painter, QRectF(left, top, CELL, CELL))
                painter.setPen(QColor(ink))
                painter.drawText(
                    QRectF(left, top + CELL, CELL, LABEL), Qt.AlignmentFlag.AlignCenter, label
                )
    painter.end()
    return image


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    failed: list[str] = []
    sheet = rows(failed)
    if sheet and not draw_sheet(sheet).save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    del app
    if failed:
        print(f"failed to load: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(sheet)} stretches)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
