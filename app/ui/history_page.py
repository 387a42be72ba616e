"""The history view: recent sessions, the last warm-up, the streak, and warm-ups per week.

Built the first time the runner opens it (H, or History on the picker). The
weekly chart is drawn by the page itself (app/ui/history_chart.py), its labels
and numbers worked out in the worker with the rest.

It reads only what it shows (the last warm-up, the streak, 12 weeks and a page
of the list, more on "Show more") and reads it in a worker thread, as it writes
the CSV export: a database held by an export, another program or a slow disk
never freezes the window, and the page fills in when the answer comes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.history import (
    History,
    SessionRecord,
    atomic_text_writer,
    damaged_entries_text,
    describe_last,
    export_failure_text,
)
from app.i18n import _, ngettext
from app.routine import format_duration
from app.ui import theme
from app.ui.background import in_background, run_later
from app.ui.history_chart import WeeklyChart
from app.ui.history_texts import (
    COLUMNS,
    OUTCOME_TEXT,
    export_progress_text,
    number_text,
    shown_text,
    started_text,
    streak_text,
    week_label,
    weeks_as_text,
)
from app.ui.page_views import PageTreeWidget

WEEKS_SHOWN = 12
RECENT_SHOWN = 50  # rows in the list at first, and added by each "Show more"
ROWS_IN_SIGHT = 25  # of those, put in the list first, the rest a turn later
# The shortest time between two progress lines of an export: each line is a repaint
# of the page, and one every batch (50 for 100,000 sessions) made the export twice
# as long in the window as on its own.
PROGRESS_INTERVAL = 0.1


@dataclass(frozen=True)
class HistoryView:
    """What the page shows, read in one go in a worker."""

    now: datetime
    last: SessionRecord | None
    streak: int
    weeks: list[tuple[date, int]]
    week_labels: list[str]  # each week by its Monday, under its bar
    weeks_text: str  # the chart's numbers in words, for screen readers
    recent: list[SessionRecord]
    rows: list[tuple[str, ...]]  # the list's texts of `recent`
    total: int  # sessions in the history, for "Showing the latest 50 of 1,204"
    damaged: int  # rows skipped as damaged by the reads so far


def read_view(history: History) -> HistoryView | str:
    """The page's figures, or why they could not be read (in words). Runs in a worker."""
    try:
        today = history.today()
        weeks = history.per_week(WEEKS_SHOWN, today)
        recent = history.recent(RECENT_SHOWN)
        return HistoryView(
            now=history.now(),
            last=history.last_warmup(),
            streak=history.streak(today),
            weeks=weeks,
            week_labels=[week_label(monday) for monday, _count in weeks],
            weeks_text=weeks_as_text(weeks),
            recent=recent,
            rows=row_texts(recent, [], history.tz),
            total=history.session_count(),
            damaged=history.damaged_entries,
        )
    except sqlite3.Error as error:
        return _("History could not be read ({error}).").format(error=error)


def row_texts(
    records: Sequence[SessionRecord], earlier: Sequence[SessionRecord], tz: tzinfo | None
) -> list[tuple[str, ...]]:
    """The list's texts of `records`, to be shown under `earlier` (made in a worker:
    dates in the runner's language take a tenth of a millisecond each)."""
    # A title two routines share (an imported copy, say) is shown with the
    # routine's id, which names its file, to tell their sessions apart.
    ids_by_title: dict[str, set[str]] = {}
    for record in (*earlier, *records):
        ids_by_title.setdefault(record.routine_title, set()).add(record.routine_id)
    texts: list[tuple[str, ...]] = []
    for record in records:
        title = record.routine_title
        if len(ids_by_title[title]) > 1:
            title = f"{title} ({record.routine_id})"
        active = "" if record.seconds_active is None else format_duration(record.seconds_active)
        texts.append(
            (
                started_text(record.started_at.astimezone(tz)),
                title,
                # Translators: steps done of the routine's, in the history's list ("3 of 5").
                _("{done} of {count}").format(done=record.steps_completed, count=record.step_count),
                active,
                _(OUTCOME_TEXT[record.outcome]),
            )
        )
    return texts


class ThrottledProgress:
    """Passes an export's progress on at most once every `interval` seconds of `clock`
    (the first at once), and always its end; called from the export's worker."""

    def __init__(
        self, report: Callable[[int, int], None], clock: Callable[[], float], interval: float
    ) -> None:
        self._report = report
        self._clock = clock
        self._interval = interval
        self._next: float | None = None  # when the next line may be said
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        with self._lock:
            if done < total and self._next is not None and now < self._next:
                return
            self._next = now + self._interval
        self._report(done, total)


def _default_export_path(parent: QWidget) -> str:
    path, _chosen_filter = QFileDialog.getSaveFileName(
        parent,
        _("Export history"),
        QDir.home().filePath("limber-history.csv"),
        # Translators: the file types of the export dialog; keep "(*.csv)" and "(*)".
        _("CSV files (*.csv);;All files (*)"),
    )
    return path


class HistoryPage(QWidget):
    """Shows a History; `back_requested` when the runner is done looking (Esc)."""

    back_requested = Signal()
    # From the export's worker thread (queued to this one): sessions written, of how many.
    _export_progress = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: History | None = None
        # Asks where to save the CSV; "" means cancelled. Tests replace it.
        self.choose_export_path: Callable[[QWidget], str] = _default_export_path
        # Opens the file the export is written to (atomic). Tests replace it.
        self.open_export: Callable[[Path], AbstractContextManager[TextIO]] = atomic_text_writer
        # Times the export's progress lines (monotonic seconds). Tests replace it.
        self.progress_clock: Callable[[], float] = time.monotonic
        self._reads = 0  # refreshes asked for; an answer to an older one is dropped
        self._reading = False  # a refresh or a page of the list is being read
        self._exporting = False
        self._shown: list[SessionRecord] = []  # the list's sessions, newest first
        self._total = 0  # sessions in the history, as last read
        self._export_progress.connect(self._show_export_progress)

        title = QLabel(_("History"), self)
        title.setFont(theme.scaled_font(self, 1.8, bold=True))
        self.back_button = QPushButton(_("Back  (Esc)"), self)
        self.back_button.clicked.connect(self.back_requested)
        self.export_button = QPushButton(_("Export CSV…"), self)
        self.export_button.setToolTip(_("Save every session as a spreadsheet file"))
        self.export_button.clicked.connect(self.export)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.export_button)
        header.addWidget(self.back_button)

        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        # Both wrap: side by side, in German or Chinese they are wider than the
        # smallest window.
        self.last_label = QLabel(self)
        self.last_label.setFont(theme.scaled_font(self, 1.3, bold=True))
        self.last_label.setWordWrap(True)
        self.streak_label = QLabel(self)
        self.streak_label.setFont(theme.scaled_font(self, 1.3, bold=True))
        self.streak_label.setWordWrap(True)
        facts = QHBoxLayout()
        facts.addWidget(self.last_label)
        facts.addSpacing(32)
        facts.addWidget(self.streak_label)
        facts.addStretch(1)

        self.chart_view = WeeklyChart(self)  # empty until the weeks are read

        self.table = PageTreeWidget(self)  # hidden from screen readers with the page
        self.table.setAccessibleName(_("Recent sessions"))
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels([_(column) for column in COLUMNS])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        # Rows coming in never narrow the rows' area, which measures the columns again.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header_view = self.table.header()
        header_view.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Columns sized by the rows in sight, not by every row shown so far: as light
        # after a hundred "Show more" as at first.
        header_view.setResizeContentsPrecision(0)
        self.more_label = QLabel(self)
        self.more_button = QPushButton(_("Show more"), self)
        self.more_button.setToolTip(
            ngettext(
                "Add the next {count} session to the list",
                "Add the next {count} sessions to the list",
                RECENT_SHOWN,
            ).format(count=RECENT_SHOWN)
        )
        self.more_button.clicked.connect(self.show_more)
        more = QHBoxLayout()
        more.addWidget(self.more_label)
        more.addStretch(1)
        more.addWidget(self.more_button)
        self.more_label.hide()
        self.more_button.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Selectable with the mouse, but no stop for Tab or screen readers while empty.
        self.status_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(header)
        layout.addWidget(self.notice_label)
        layout.addLayout(facts)
        layout.addWidget(self.chart_view, 2)
        layout.addWidget(self.table, 3)
        layout.addLayout(more)
        layout.addWidget(self.status_label)

    def set_history(self, history: History | None, notice: str | None = None) -> None:
        """Show `history` as it is now; `notice` is a problem to mention (one line)."""
        self._history = history
        self.refresh(notice)

    @property
    def loading(self) -> bool:
        """Whether what the page shows is still being read."""
        return self._reading

    def refresh(self, notice: str | None = None) -> None:
        """Read the history again (in a worker); the page fills in when it is read."""
        history = self._history
        if not self._exporting:
            self.status_label.clear()
        notices = [notice] if notice else []
        self._reads += 1
        if history is None:
            self._reading = False
            notices.append(_("History is not available yet."))
            self._show_notices(notices)
            self.export_button.setEnabled(False)
            self.more_button.setEnabled(False)
            return
        self.export_button.setEnabled(not self._exporting)
        self._show_notices(notices)  # at once; what the read finds is added to it
        self._reading = True
        read = self._reads
        in_background(
            self,
            lambda: read_view(history),
            lambda view: self._show_view(read, history, view, notices),
        )

    def _show_view(
        self, read: int, history: History, view: HistoryView | str, notices: list[str]
    ) -> None:
        """Fill the page in four turns of the event loop (the figures, the chart, the
        rows in sight, the rest of the list), so that none of them holds the window
        up for long; `loading` until the last."""
        if not self._still_wanted(read, history):
            return  # asked again since, or another history: that answer will follow
        if isinstance(view, str):
            self._reading = False
            self._show_notices([*notices, view])
            return
        last_text = describe_last(view.last, view.now, history.tz)
        if view.last is None and view.recent:  # sessions there, none of them completed
            last_text = _("No warm-up completed yet")
        self.last_label.setText(last_text)
        self.streak_label.setText(streak_text(view.streak))

        def chart() -> None:
            if not self._still_wanted(read, history):
                return
            counts = [count for _monday, count in view.weeks]
            self.chart_view.set_weeks(counts, view.week_labels, view.weeks_text)
            run_later(self, rows)

        def rows() -> None:
            if not self._still_wanted(read, history):
                return
            self._total = view.total
            self._shown = []
            self.table.clear()
            self._add_rows(view.recent, view.rows, history, read)
            damaged = damaged_entries_text(view.damaged)
            if damaged:
                notices.append(_("{sentence}.").format(sentence=damaged))
            self._show_notices(notices)

        run_later(self, chart)

    def _still_wanted(self, read: int, history: History) -> bool:
        return read == self._reads and history is self._history

    def show_more(self) -> None:
        """Add the next page of older sessions to the list (read in a worker)."""
        history = self._history
        if history is None or self._reading:
            return
        self._reading = True
        self.more_button.setEnabled(False)
        read, shown = self._reads, list(self._shown)

        def page() -> tuple[list[SessionRecord], list[tuple[str, ...]]] | str:
            try:
                records = history.recent(RECENT_SHOWN, offset=len(shown))
            except sqlite3.Error as error:
                return _("History could not be read ({error}).").format(error=error)
            return records, row_texts(records, shown, history.tz)

        def show(found: tuple[list[SessionRecord], list[tuple[str, ...]]] | str) -> None:
            if read != self._reads or history is not self._history:
                return
            if isinstance(found, str):
                self._reading = False
                self._show_notices([found])
                self.more_button.setEnabled(True)
                return
            self._add_rows(*found, history, read)

        in_background(self, page, show)

    def _show_notices(self, notices: Sequence[str]) -> None:
        self.notice_label.setText("\n".join(notices))
        self.notice_label.setVisible(bool(notices))

    def week_labels_angle(self) -> int:
        """How the week labels are turned (0: upright), for tests."""
        return self.chart_view.labels_angle()

    def chart_counts(self) -> list[int]:
        """The bars drawn, oldest week first (for tests)."""
        return self.chart_view.counts()

    def _add_rows(
        self,
        records: Sequence[SessionRecord],
        texts: Sequence[tuple[str, ...]],
        history: History,
        read: int,
    ) -> None:
        """Add `records` (their `texts`) under the rows shown: those in sight at once,
        the rest in the next turn (making and measuring items takes up to a few tenths
        of a millisecond each on a busy machine); then offer more while some are not
        shown, and stop `loading`."""
        self._insert_rows(records[:ROWS_IN_SIGHT], texts[:ROWS_IN_SIGHT])

        def rest() -> None:
            if not self._still_wanted(read, history):
                return
            self._insert_rows(records[ROWS_IN_SIGHT:], texts[ROWS_IN_SIGHT:])
            self._list_filled(len(records))

        if len(records) > ROWS_IN_SIGHT:
            run_later(self, rest)
        else:
            self._list_filled(len(records))

    def _insert_rows(
        self, records: Sequence[SessionRecord], texts: Sequence[tuple[str, ...]]
    ) -> None:
        self.table.setUpdatesEnabled(False)
        items = []
        for record, row in zip(records, texts, strict=True):
            item = QTreeWidgetItem(list(row))
            item.setToolTip(1, record.routine_id)
            items.append(item)
        # In one insertion: the columns sized to their contents are measured once.
        self.table.addTopLevelItems(items)
        self.table.setUpdatesEnabled(True)
        self._shown.extend(records)

    def _list_filled(self, added: int) -> None:
        """The list is in: say so if it is empty, offer more while some are not shown."""
        self._reading = False
        if not self._shown:
            item = QTreeWidgetItem([_("No sessions yet"), "", "", "", ""])
            item.setDisabled(True)
            self.table.addTopLevelItem(item)
        # Fewer than a page back: the list has reached the oldest session.
        more = added == RECENT_SHOWN and len(self._shown) < self._total
        self.more_label.setText(shown_text(len(self._shown), self._total) if more else "")
        self.more_label.setVisible(more)
        self.more_button.setVisible(more)
        self.more_button.setEnabled(more)

    def rows(self) -> list[list[str]]:
        """The table's text, top to bottom (for tests)."""
        items = [self.table.topLevelItem(row) for row in range(self.table.topLevelItemCount())]
        return [
            [item.text(column) for column in range(len(COLUMNS))]
            for item in items
            if item is not None
        ]

    @property
    def exporting(self) -> bool:
        """Whether an export is being written."""
        return self._exporting

    def export(self) -> None:
        """Ask where, then write every session there as CSV, in a worker thread, saying
        how far it has got; says how it went."""
        history = self._history
        if history is None or self._exporting:
            return
        chosen = self.choose_export_path(self)
        if not chosen:
            return
        target = Path(chosen)
        open_export = self.open_export
        self._exporting = True
        self.export_button.setEnabled(False)
        self.status_label.setText(_("Exporting…"))
        progress = ThrottledProgress(
            self._export_progress.emit, self.progress_clock, PROGRESS_INTERVAL
        )

        def write() -> int | str:
            try:
                return history.export_csv(target, progress=progress, open_target=open_export)
            except (OSError, sqlite3.Error) as error:
                return export_failure_text(error, target)

        in_background(self, write, lambda result: self._export_done(chosen, result))

    def _show_export_progress(self, done: int, total: int) -> None:
        if self._exporting and total:
            self.status_label.setText(export_progress_text(done, total))

    def _export_done(self, chosen: str, result: int | str) -> None:
        self._exporting = False
        self.export_button.setEnabled(self._history is not None)
        if isinstance(result, str):
            self.status_label.setText(result)
            return
        self.status_label.setText(
            ngettext(
                "Exported {count} session to {path}", "Exported {count} sessions to {path}", result
            ).format(count=number_text(result), path=chosen)
        )
