"""The stretch illustration: the figure drawn from poses, or an SVG, at any size.

A library stretch is drawn from its poses (app/figure.py) by one renderer; any
other picture is rendered as it is. A picture file of the runner's own (an
absolute path, `app.pictures`) is read and decoded in a worker thread; if
it is gone, one line says so in its place. During a session the
figure moves with the session's clock: each repaint asks the session where it
is now and draws the pose for that instant, so the motion follows pause, skip,
back and +/-10 s by construction. The repaint timer runs only while a moving
pose is shown on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QIcon, QImage, QPainter, QPaintEvent, QPixmap, QShowEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app import figure, moves, pictures, resources
from app.session import Snapshot, State
from app.ui.background import in_background
from app.ui.figure_view import paint_frame
from app.ui.picture_file import read_own_picture

# How often a moving figure is redrawn: smooth enough for a rep of a second or
# more, cheap enough to stay well under the CPU budget (benchmarks/motion.py).
FRAME_MS = 60

SnapshotSource = Callable[[], Snapshot | None]


class StretchPicture(QWidget):
    """Draws one stretch, mirrored for the second side of a two-sided step.

    Pictures are drawn at paint time rather than scaled from a bitmap: sharp
    at 120 px in the library and at full screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._image: str | None = None
        self._move: figure.Move | None = None
        self._mirrored = False
        self._snapshot: Snapshot | None = None
        self._source: SnapshotSource | None = None
        self._frames_painted = 0
        self._painted_frame: figure.Frame | None = None  # what the last paint drew
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._next_frame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(96, 96)
        self._raster: QImage | None = None  # a PNG or JPEG of the runner's own, decoded
        self._wanted_own: str | None = None  # the picture of one's own being read
        self._own_shown: str | None = None  # the one read last (shown, or said missing)
        # Said in place of a picture of the runner's own that is gone.
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.missing_label)

    def image(self) -> str | None:
        """The asset path shown now, or None when there is no (valid) picture."""
        return self._image

    def drawn_move(self) -> figure.Move | None:
        """The move drawn from poses, or None when an SVG (or nothing) is shown."""
        return self._move

    def mirrored(self) -> bool:
        return self._mirrored

    def animating(self) -> bool:
        """Whether the repaint timer runs: a moving pose shown on screen."""
        return self._timer.isActive()

    def frames_painted(self) -> int:
        return self._frames_painted

    def current_frame(self) -> figure.Frame | None:
        """The figure as drawn now (mirrored on the right side), or None for an SVG."""
        move = self._move
        if move is None:
            return None
        if self._snapshot is not None:
            return figure.frame_at(move, self._snapshot)
        shown = figure.frame(move)
        return shown.mirrored() if self._mirrored else shown

    def show_image(
        self, image: str | None, *, mirrored: bool = False, stretch_id: str | None = None
    ) -> None:
        """Show a still picture: the end position of a move, or the SVG `image`."""
        self._snapshot = None
        self._show(image, stretch_id, mirrored)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show the step of `snapshot`, moving with the session when it is a moving pose."""
        step = snapshot.step
        self._snapshot = snapshot
        self._show(step.image, step.stretch_id, snapshot.mirrored)

    def set_snapshot_source(self, source: SnapshotSource | None) -> None:
        """Where a moving figure asks for the session's state between the page's redraws."""
        self._source = source
        self._sync_timer()

    def _show(self, image: str | None, stretch_id: str | None, mirrored: bool) -> None:
        """Repainted only when what is drawn changes: not for every second of a hold."""
        before = (self._move, self._image, self._mirrored, self.isVisible())
        move = moves.move_for(image, stretch_id)
        own = image is not None and pictures.is_own_picture(image)
        if not own:
            self._wanted_own = self._own_shown = None
            self.missing_label.hide()
        if move is not None:
            self._move, self._image, self._raster = move, image, None
        elif image is not None and own:
            self._move = None
            if image not in (self._own_shown, self._wanted_own):
                self._image, self._raster = None, None
                self._read_own(image)
        elif self._move is not None or image != self._image:
            self._move, self._raster = None, None
            self._image = image if image and self._load(image) else None
        self._mirrored = mirrored
        self.setVisible(
            self._move is not None or self._image is not None or not self.missing_label.isHidden()
        )
        self._sync_timer()
        after = (self._move, self._image, self._mirrored, self.isVisible())
        if after != before or self.current_frame() != self._painted_frame:
            self.update()

    def _read_own(self, image: str) -> None:
        """Read a picture of the runner's own off the GUI thread; shown once it is in."""
        self._wanted_own = image
        self.missing_label.hide()
        in_background(
            self, lambda: read_own_picture(Path(image)), lambda read: self._own_read(image, read)
        )

    def _own_read(self, image: str, read: QImage | bytes | None) -> None:
        if image != self._wanted_own:
            return  # another step is shown by now
        self._wanted_own, self._own_shown = None, image
        if isinstance(read, QImage):
            self._image, self._raster = image, read
        elif isinstance(read, bytes) and self._renderer.load(QByteArray(read)):
            self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            self._image, self._raster = image, None
        else:
            self._image, self._raster = None, None
            self.missing_label.setText(pictures.missing_picture_line(image))
            self.missing_label.show()
        self.setVisible(True)
        self.update()

    def missing_line(self) -> str:
        """What is said in place of a picture of the runner's own that is gone ("" if none)."""
        return "" if self.missing_label.isHidden() else self.missing_label.text()

    def _load(self, image: str) -> bool:
        try:
            data = resources.asset_bytes(image)
        except OSError:
            return False
        loaded = self._renderer.load(QByteArray(data)) and self._renderer.isValid()
        # Loading starts a new document, which forgets the aspect ratio mode.
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        return loaded

    def _wants_motion(self) -> bool:
        snapshot = self._snapshot
        return (
            self._move is not None
            and self._source is not None
            and snapshot is not None
            and snapshot.state is State.RUNNING
            and figure.loop_fraction(self._move, snapshot) is not None
            and self.isVisible()
            and not self.window().isMinimized()
        )

    def _sync_timer(self) -> None:
        if self._wants_motion():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _next_frame(self) -> None:
        source, shown = self._source, self._snapshot
        snapshot = source() if source is not None else None
        if snapshot is None or shown is None or snapshot.phase_index != shown.phase_index:
            # The page redraws a new step itself; until then, keep what is shown.
            self._timer.stop()
            return
        move = self._move
        moved = move is not None and figure.loop_step(move, snapshot) != figure.loop_step(
            move, shown
        )
        self._snapshot = snapshot
        self._sync_timer()
        if moved and self._timer.isActive():
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._sync_timer()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._move is None and self._image is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self.current_frame()
        self._painted_frame = shown
        if shown is not None:
            paint_frame(painter, shown, QRectF(self.rect()))
            self._frames_painted += 1
        else:
            if self._mirrored:
                painter.translate(self.width(), 0)
                painter.scale(-1, 1)
            if self._raster is not None:
                _draw_fitted(painter, self._raster, QRectF(self.rect()))
            else:
                self._renderer.render(painter, QRectF(self.rect()))
        painter.end()
        if not self._timer.isActive():
            # Shown again after being minimized: pick the motion up from here.
            self._sync_timer()


def stretch_icon(image: str | None, size: int, stretch_id: str | None = None) -> QIcon:
    """A stretch's picture as a `size` px icon for lists; blank (but as wide) without one.

    A move shows its end position. Drawn at twice the size, so it stays sharp
    on a HiDPI screen.
    """
    return QIcon(QPixmap.fromImage(stretch_icon_image(image, size, stretch_id)))


def stretch_icon_image(image: str | None, size: int, stretch_id: str | None = None) -> QImage:
    """The icon's picture, drawn at twice `size`: safe in any thread (a QImage, not a
    QPixmap), so a worker can draw the list icons before the GUI thread needs them
    (prepare_icons). A figure's icon is drawn once per move and size."""
    move = moves.move_for(image, stretch_id)
    if move is None:
        return _drawn_icon(None, _renderer_for(image), size)
    key = (move, size)
    with _icons_lock:
        drawn = _figure_icons.get(key)
    if drawn is None:
        drawn = _drawn_icon(move, None, size)
        with _icons_lock:
            drawn = _figure_icons.setdefault(key, drawn)
    return drawn


def prepare_icons(pictures: Iterable[tuple[str | None, str | None]], size: int) -> None:
    """Draw the icons of `pictures` ((image, stretch id) pairs) ahead, in a worker:
    the first routine details shown then only copy them (drawing the fifteen
    figures of a routine's steps on the GUI thread took about 30 ms there)."""
    for image, stretch_id in pictures:
        if moves.move_for(image, stretch_id) is not None:
            stretch_icon_image(image, size, stretch_id)


def _drawn_icon(move: figure.Move | None, renderer: QSvgRenderer | None, size: int) -> QImage:
    drawn = QImage(size * 2, size * 2, QImage.Format.Format_ARGB32_Premultiplied)
    drawn.fill(Qt.GlobalColor.transparent)
    if move is not None or renderer is not None:
        painter = QPainter(drawn)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if move is not None:
            paint_frame(painter, figure.frame(move), QRectF(drawn.rect()))
        elif renderer is not None:
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            renderer.render(painter, QRectF(drawn.rect()))
        painter.end()
    return drawn


_icons_lock = threading.Lock()
_figure_icons: dict[tuple[figure.Move, int], QImage] = {}


def _renderer_for(image: str | None) -> QSvgRenderer | None:
    if not image:
        return None
    try:
        data = resources.asset_bytes(image)
    except OSError:
        return None
    renderer = QSvgRenderer(QByteArray(data))
    return renderer if renderer.isValid() else None


def _draw_fitted(painter: QPainter, image: QImage, area: QRectF) -> None:
    """`image` as large as fits in `area`, centred, its proportions kept."""
    if image.width() <= 0 or image.height() <= 0:
        return
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    left = area.x() + (area.width() - width) / 2
    top = area.y() + (area.height() - height) / 2
    target = QRectF(left, top, width, height)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
