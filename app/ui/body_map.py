"""A front-and-back body map with the worked regions lit up.

Region names ("Calves & Achilles") mean little at a glance; a silhouette with
the calves coloured tells the runner in a fraction of a second what a routine
or stretch is for. Drawn with QPainter from a handful of rounded shapes, so it
is sharp at any size and follows the palette in light and dark schemes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import N_, _, pgettext
from app.regions import Region
from app.ui import theme

# Each silhouette is drawn in a FIGURE_WIDTH x FIGURE_HEIGHT box of its own units.
FIGURE_WIDTH = 100.0
FIGURE_HEIGHT = 224.0
GAP = 24.0  # between the front and the back view, in figure units
_FAINT_ACCENT = QColor("#f5b168")
# From this height on, "Front" and "Back" are written under the two views.
LABELS_FROM_HEIGHT = 100
VIEW_LABELS = (N_("Front"), N_("Back"))  # translated where they are drawn


@dataclass(frozen=True)
class _Part:
    """One rounded shape of the silhouette, and the region it lights up for, per view."""

    rect: QRectF
    front: Region | None  # the region this part shows on the front view
    back: Region | None  # ... and on the back view (e.g. the calves only from behind)


def _part(
    x: float, y: float, w: float, h: float, front: Region | None, back: Region | None
) -> _Part:
    return _Part(QRectF(x, y, w, h), front, back)


_HIPS, _WAIST, _THIGHS = Region.TRUNK_HIPS, Region.WAIST, Region.THIGHS_KNEES
_CALVES, _FEET = Region.CALVES_ACHILLES, Region.FEET_ANKLES

# Left to right as seen; the back view uses the same shapes with other regions.
_PARTS = (
    _part(15, 36, 12, 78, None, None),  # arms
    _part(73, 36, 12, 78, None, None),
    _part(29, 32, 42, 46, None, None),  # chest / upper back
    _part(32, 76, 36, 26, _WAIST, _WAIST),  # belly / lower back
    _part(29, 100, 42, 26, _HIPS, _HIPS),  # hips / glutes
    _part(31, 118, 18, 52, _THIGHS, _THIGHS),  # thighs (front: quads, back: hamstrings)
    _part(51, 118, 18, 52, _THIGHS, _THIGHS),
    _part(33, 168, 14, 40, None, _CALVES),  # shins / calves
    _part(53, 168, 14, 40, None, _CALVES),
    _part(29, 206, 18, 12, _FEET, _FEET),  # feet
    _part(53, 206, 18, 12, _FEET, _FEET),
)
_HEAD = QRectF(37, 4, 26, 28)


class BodyMap(QWidget):
    """Front view on the left, back view on the right; worked regions in the accent colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._regions: tuple[Region, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(56, 56)
        self._describe()

    def regions(self) -> tuple[Region, ...]:
        return self._regions

    def set_regions(self, regions: tuple[Region, ...]) -> None:
        self._regions = tuple(region for region in Region if region in regions)
        self._describe()
        self.update()

    def _describe(self) -> None:
        """The picture's meaning for screen readers and the tooltip."""
        names = pgettext("list", ", ").join(region.label for region in self._regions)
        # Translators: the regions a body map shows worked, when it shows none.
        worked = names or _("none")
        self.setAccessibleName(_("Body map"))
        self.setAccessibleDescription(
            _("Front and back views. Regions worked: {regions}").format(regions=worked)
        )
        self.setToolTip(_("Front (left) and back (right): {regions}").format(regions=worked))

    def sizeHint(self) -> QSize:
        return QSize(128, 128)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * FIGURE_HEIGHT / (2 * FIGURE_WIDTH + GAP))

    def labelled(self) -> bool:
        """Whether the views are big enough to carry their "Front" and "Back" labels."""
        return self.height() >= LABELS_FROM_HEIGHT

    def paintEvent(self, event: QPaintEvent) -> None:
        total_width = 2 * FIGURE_WIDTH + GAP
        label_height = self.fontMetrics().height() if self.labelled() else 0
        figure_height = self.height() - label_height
        scale = min(self.width() / total_width, figure_height / FIGURE_HEIGHT)
        if scale <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = (self.width() - total_width * scale) / 2
        top = (figure_height - FIGURE_HEIGHT * scale) / 2
        if label_height:
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            for number, text in enumerate(_(label) for label in VIEW_LABELS):
                x = left + number * (FIGURE_WIDTH + GAP) * scale
                box = QRectF(x, top + FIGURE_HEIGHT * scale, FIGURE_WIDTH * scale, label_height)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.translate(left, top)
        painter.scale(scale, scale)
        painter.setPen(Qt.PenStyle.NoPen)
        rest = self._rest_colour()
        for front in (True, False):
            painter.setBrush(rest)
            painter.drawEllipse(_HEAD)
            for part in _PARTS:
                painter.setBrush(self._colour(part, front=front, rest=rest))
                painter.drawRoundedRect(part.rect, 6, 6)
            painter.translate(FIGURE_WIDTH + GAP, 0)
        painter.end()

    def _colour(self, part: _Part, *, front: bool, rest: QColor) -> QColor:
        shown = part.front if front else part.back
        if shown is not None and shown in self._regions:
            return theme.ACCENT
        if front and part.back is not None and part.back in self._regions:
            return _FAINT_ACCENT  # the shins, when the calves behind them work
        return rest

    def _rest_colour(self) -> QColor:
        """The silhouette: a muted mix of text and window colours, readable in both schemes."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        weight = 0.35 if theme.is_dark(palette) else 0.3
        return QColor.fromRgbF(
            window.redF() + (text.redF() - window.redF()) * weight,
            window.greenF() + (text.greenF() - window.greenF()) * weight,
            window.blueF() + (text.blueF() - window.blueF()) * weight,
        )
