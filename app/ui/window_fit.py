"""Keeping a window inside the screen it opens on.

A size that suits a 1080p screen at 100 % (the window's default, or one saved
last time on a bigger screen) can be taller than the screen at 150 % scaling
or with 200 % text, which puts the buttons out of reach. These functions work
in the screen's logical pixels, as Qt reports them, so every scaling counts.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

# The window frame's size before the window manager has framed the window
# (a title bar and thin borders), so that the frame fits too on first show.
UNFRAMED_MARGINS = QMargins(4, 32, 4, 4)


def fitted_geometry(
    client: QRect, minimum: QSize, margins: QMargins, available: QRect
) -> tuple[QRect, QSize]:
    """The client area `client` moved and shrunk until its frame (`margins` around it)
    lies within `available`, and a minimum size no larger than what fits there."""
    room = QSize(
        max(1, available.width() - margins.left() - margins.right()),
        max(1, available.height() - margins.top() - margins.bottom()),
    )
    fitted_minimum = minimum.boundedTo(room)
    size = client.size().boundedTo(room).expandedTo(fitted_minimum)
    left_most = available.left() + margins.left()
    top_most = available.top() + margins.top()
    right_most = available.left() + available.width() - margins.right() - size.width()
    bottom_most = available.top() + available.height() - margins.bottom() - size.height()
    x = min(max(client.x(), left_most), max(left_most, right_most))
    y = min(max(client.y(), top_most), max(top_most, bottom_most))
    return QRect(QPoint(x, y), size), fitted_minimum


def fit_to_screen(window: QWidget) -> None:
    """Move and shrink `window` so that all of it, frame included, is on its screen's
    available area (the screen less its panels)."""
    available = window.screen().availableGeometry()
    frame, client = window.frameGeometry(), window.geometry()
    margins = QMargins(
        client.left() - frame.left(),
        client.top() - frame.top(),
        frame.right() - client.right(),
        frame.bottom() - client.bottom(),
    )
    if margins.isNull():  # not framed yet
        margins = UNFRAMED_MARGINS
    geometry, minimum = fitted_geometry(client, window.minimumSize(), margins, available)
    window.setMinimumSize(minimum)
    if geometry != client:
        window.setGeometry(geometry)
