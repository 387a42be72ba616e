"""The stretch illustration: an SVG drawn at whatever size the layout gives it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from app import resources


class StretchPicture(QWidget):
    """Draws one stretch's SVG, mirrored for the second side of a two-sided step.

    Pictures are vector art, so they are rendered at paint time rather than
    scaled from a bitmap: sharp at 120 px in the library and at full screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._image: str | None = None
        self._mirrored = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(96, 96)

    def image(self) -> str | None:
        """The asset path shown now, or None when there is no (valid) picture."""
        return self._image

    def mirrored(self) -> bool:
        return self._mirrored

    def show_image(self, image: str | None, *, mirrored: bool = False) -> None:
        if image != self._image:
            self._image = image if image and self._load(image) else None
        self._mirrored = mirrored
        self.setVisible(self._image is not None)
        self.update()

    def _load(self, image: str) -> bool:
        try:
            data = resources.asset_bytes(image)
        except OSError:
            return False
        loaded = self._renderer.load(QByteArray(data)) and self._renderer.isValid()
        # Loading starts a new document, which forgets the aspect ratio mode.
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        return loaded

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        self._renderer.render(painter, QRectF(self.rect()))
        painter.end()


def stretch_icon(image: str | None, size: int) -> QIcon:
    """A stretch's picture as a `size` px icon for lists; blank (but as wide) without one.

    Drawn at twice the size, so it stays sharp on a HiDPI screen.
    """
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = _renderer_for(image)
    if renderer is not None:
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(pixmap.rect()))
        painter.end()
    return QIcon(pixmap)


def _renderer_for(image: str | None) -> QSvgRenderer | None:
    if not image:
        return None
    try:
        data = resources.asset_bytes(image)
    except OSError:
        return None
    renderer = QSvgRenderer(QByteArray(data))
    return renderer if renderer.isValid() else None
