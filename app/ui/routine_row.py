"""A routine's row in the picker's list: its two lines of text, whether the filters keep
it, and how it is drawn.

The picker loads this with its first routines, after the window's first
paint: PySide6 takes milliseconds to set up QStyle and the other classes
drawing needs, time the first paint doesn't wait for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.i18n import _
from app.regions import Region
from app.routine import Routine, format_duration
from app.timing import TimingOverrides, session_seconds

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex

    from app.store import CatalogEntry


def routine_facts(routine: Routine, overrides: TimingOverrides) -> str:
    """One line: regions and the time a session takes with the runner's get-ready
    and rest, e.g. "Waist · Feet & ankles · 3:40"."""
    regions = " · ".join(region.label for region in routine.regions)
    return f"{regions} · {format_duration(session_seconds(routine, overrides))}"


def entry_matches(
    entry: CatalogEntry,
    regions: frozenset[Region],
    max_seconds: float | None,
    words: Sequence[str],
    overrides: TimingOverrides,
) -> bool:
    """Whether the filters keep a routine: it works any of `regions` (none: all
    kept), a session of it fits in `max_seconds` (with `overrides`), and every
    word of the search is in its title, summary or step names. A broken file
    has no regions or time, so it is only found by its name, and only while no
    region or time filter is on."""
    routine = entry.routine
    if routine is None:
        if regions or max_seconds is not None:
            return False
        haystack = f"{entry.title} {entry.path}".casefold()
    else:
        if regions and not regions.intersection(routine.regions):
            return False
        if max_seconds is not None and session_seconds(routine, overrides) > max_seconds:
            return False
        names = " ".join(step.name for step in routine.steps)
        haystack = f"{routine.title} {routine.summary} {names}".casefold()
    return all(word in haystack for word in words)


def shared_titles(entries: Sequence[CatalogEntry]) -> frozenset[str]:
    """The titles (case aside) that more than one routine has: an imported copy of a
    routine already there, say. Their rows name their files, to tell them apart."""
    counts = Counter(entry.title.casefold() for entry in entries if entry.routine is not None)
    return frozenset(title for title, count in counts.items() if count > 1)


def row_text(
    entry: CatalogEntry, overrides: TimingOverrides, shared: frozenset[str] = frozenset()
) -> str:
    """The title (marked when it is the user's own, with its file's name when another
    routine has the same title) over regions and time, or what is wrong."""
    if entry.routine is None:
        return entry.title + "\n" + _("Can't be used: see the error")
    title = entry.routine.title
    if not entry.builtin:
        if title.casefold() in shared:
            # Translators: a routine of the runner's own, whose title another one has too.
            title = _("{title} (yours, {file})").format(title=title, file=PurePath(entry.path).name)
        else:
            # Translators: a routine of the runner's own, not one that comes with Limber.
            title = _("{title} (yours)").format(title=title)
    return f"{title}\n{routine_facts(entry.routine, overrides)}"


def broken_icon(widget: QWidget) -> QIcon:
    """The warning sign shown beside a routine file that can't be used."""
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


_ROW_PADDING = 6
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def _title_and_facts(option: QStyleOptionViewItem) -> tuple[str, str]:
    # initStyleOption turns the item's "\n" into U+2028 (line separator).
    title, _, facts = option.text.replace("\u2028", "\n").partition("\n")
    return title, facts


class RoutineItemDelegate(QStyledItemDelegate):
    """Draws a routine row as its title in bold over its regions and time.

    The item's text stays "title\nfacts" (what screen readers and tests read);
    only the drawing splits it.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        title, facts = _title_and_facts(view_option)
        view_option.text = ""
        widget = view_option.widget  # the list: the delegate is only used there
        style = widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view_option, widget)
        area = area.adjusted(_ROW_PADDING, _ROW_PADDING, -_ROW_PADDING, -_ROW_PADDING)
        selected = bool(view_option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(view_option.palette.color(role))
        title_font = self._title_font(view_option.font)
        painter.setFont(title_font)
        title_rect = QFontMetrics(title_font).boundingRect(area, _WRAP, title)
        painter.drawText(area, _WRAP, title)
        painter.setFont(view_option.font)
        painter.drawText(area.adjusted(0, title_rect.height(), 0, 0), _WRAP, facts)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        title, facts = _title_and_facts(view_option)
        view = view_option.widget
        if isinstance(view, QListWidget):
            width = view.viewport().width() - 2 * view.spacing()
        else:
            width = view.width()
        icon = view_option.decorationSize.width() + 8 if not view_option.icon.isNull() else 0
        area = QRect(0, 0, max(80, width - icon - 2 * _ROW_PADDING), 10_000)
        title_height = (
            QFontMetrics(self._title_font(view_option.font))
            .boundingRect(area, _WRAP, title)
            .height()
        )
        facts_height = QFontMetrics(view_option.font).boundingRect(area, _WRAP, facts).height()
        return QSize(width, title_height + facts_height + 2 * _ROW_PADDING)

    @staticmethod
    def _title_font(base: QFont) -> QFont:
        font = QFont(base)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        return font
