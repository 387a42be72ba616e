"""The end of a session: what was done, and what next."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.history import History, damaged_entries_text
from app.i18n import N_, _, ngettext
from app.routine import Routine, format_duration
from app.session import HoldChange, describe_hold_changes
from app.ui import theme
from app.ui.background import in_background
from app.ui.body_map import BodyMap


class StepsArea(QScrollArea):
    """The list of stretches done, scrolled when the page is too short for it.

    As tall as its list (a QScrollArea's own size hint stops at a dozen lines)
    and always as wide as its longest line with the scroll bar beside it: the bar,
    when it shows, takes no letters off.
    """

    def _list_size(self) -> QSize:
        shown = self.widget()
        size = QSize(0, 0) if shown is None else shown.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(size.width() + bar, size.height())

    def sizeHint(self) -> QSize:
        return self._list_size()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._list_size().width(), 3 * self.fontMetrics().lineSpacing())


def completion_summary(routine: Routine, completed: tuple[int, ...], seconds: float) -> str:
    """ "2 of 3 stretches completed in 4:10": `seconds` is the session's active time
    (Session.active_seconds), the very figure its history row keeps."""
    count = len(routine.steps)
    done = len(set(completed))
    # Translators: {count} is how many stretches the routine has; {time} is m:ss.
    return ngettext(
        "{done} of {count} stretch completed in {time}",
        "{done} of {count} stretches completed in {time}",
        count,
    ).format(done=done, count=count, time=format_duration(seconds))


def step_lines(routine: Routine, completed: tuple[int, ...]) -> str:
    finished = set(completed)
    return "\n".join(
        f"✓  {step.name}"
        if index in finished
        # Translators: a stretch of the list on the done page that was skipped.
        else _("–  {stretch}  (skipped)").format(stretch=step.name)
        for index, step in enumerate(routine.steps)
    )


def keep_times_text(routine: Routine, changes: Sequence[HoldChange]) -> str:
    """What "Keep the new hold times" would save, said before it is pressed."""
    if not changes:
        return ""
    return _("New hold times to keep: {changes}.").format(
        changes=describe_hold_changes(routine, changes)
    )


def paused_text(paused: float) -> str:
    """ "Paused for 0:27 along the way", told apart from the time moving; "" for none."""
    if paused < 1:
        return ""
    return _("Paused for {time} along the way").format(time=format_duration(paused))


NEXT_HINT = N_(
    "Now head out, and take the first few minutes of your run easy: they finish the warm-up."
)


def streak_and_note(history: History) -> tuple[int, str]:
    """The current streak, this warm-up counted (0 when it cannot be read: the session
    log has already said what is wrong), and the line on damaged rows. In a worker."""
    try:
        days = history.streak(history.today())  # read first: then the damage is counted
    except sqlite3.Error:
        days = 0
    damaged = damaged_entries_text(history.damaged_entries)
    return days, _("{sentence}.").format(sentence=damaged) if damaged else ""


def streak_message(days: int) -> str:
    if days <= 0:
        return ""
    if days == 1:
        return _("Day one of a new streak.")
    return ngettext(
        "{days} day in a row: keep it going.", "{days} days in a row: keep it going.", days
    ).format(days=days)


class DonePage(QWidget):
    again_requested = Signal()
    close_requested = Signal()
    keep_times_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Takes the focus when shown (see MainWindow), so that no button has it unasked.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.heading = QLabel(_("Warm-up done"), self)
        self.summary_label = QLabel(self)
        self.steps_label = QLabel(self)
        self.steps_label.setTextFormat(Qt.TextFormat.PlainText)
        self.steps_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Its full height when there is room; a scroll bar, not a line cut off the
        # bottom, when there is not (15 stretches of Chinese at the smallest size).
        self.steps_area = StepsArea(self)
        self.steps_area.setWidget(self.steps_label)
        self.steps_area.setWidgetResizable(True)
        self.steps_area.setFrameShape(QFrame.Shape.NoFrame)
        self.steps_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and Esc stay the page's
        self.steps_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps_area.viewport().setAutoFillBackground(False)
        self.steps_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.streak_label = QLabel(self)
        self.streak_label.hide()
        self.paused_label = QLabel(self)  # the pauses, left out of the time above
        self.hint_label = QLabel(_(NEXT_HINT), self)
        self.hint_label.setWordWrap(True)
        # What the stretches done worked, at a glance.
        self.body_map = BodyMap(self)
        self.body_map.setFixedSize(150, 150)
        # What the keep button would save, per step, before it is pressed.
        self.keep_plan_label = QLabel(self)
        self.keep_plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.keep_plan_label.setWordWrap(True)
        self.keep_plan_label.hide()
        # (label, size as a multiple of the text size, bold), all grown with the page.
        self._texts = (
            (self.heading, 2.6, True),
            (self.summary_label, 1.3, False),
            (self.paused_label, 1.15, False),
            (self.steps_label, 1.15, False),
            (self.streak_label, 1.15, True),
            (self.hint_label, 1.15, False),
            (self.keep_plan_label, 1.0, False),
        )
        self._text_scale = 1.0
        self._apply_fonts()
        self.again_button = QPushButton(_("Do it again  (Space)"), self)
        self.again_button.clicked.connect(self.again_requested)
        self.close_button = QPushButton(_("Back to routines  (Esc)"), self)
        self.close_button.clicked.connect(self.close_requested)
        # Offered when + / - changed holds during the session.
        self.keep_button = QPushButton(_("Keep the new hold times"), self)
        self.keep_button.setToolTip(_("Save the holds as you changed them into the routine"))
        self.keep_button.clicked.connect(self.keep_times_requested)
        self.keep_label = QLabel(self)
        self.keep_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.keep_label, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 24)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.paused_label)
        layout.addSpacing(12)
        done_row = QHBoxLayout()
        done_row.addWidget(self.steps_area)
        done_row.addSpacing(48)
        done_row.addWidget(self.body_map, 0, Qt.AlignmentFlag.AlignTop)
        done_row.addStretch(1)
        layout.addLayout(done_row)
        layout.addSpacing(12)
        layout.addWidget(self.streak_label)
        layout.addSpacing(12)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)
        layout.addWidget(self.keep_plan_label)
        layout.addLayout(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.page_text_scale(self)
        if scale != self._text_scale:
            self._text_scale = scale
            self._apply_fonts()

    def _apply_fonts(self) -> None:
        for label, factor, bold in self._texts:
            label.setFont(theme.scaled_font(self, factor * self._text_scale, bold=bold))
        self.steps_area.updateGeometry()

    def show_result(
        self,
        routine: Routine,
        completed: tuple[int, ...],
        active_seconds: float,
        *,
        paused_seconds: float = 0.0,
        hold_changes: Sequence[HoldChange] = (),
    ) -> None:
        """`active_seconds` and `paused_seconds` are the engine's (Session); the
        `hold_changes` (Session.hold_changes) are offered to keep, each said in full."""
        paused = paused_text(paused_seconds)
        self.paused_label.setText(paused)
        self.paused_label.setVisible(bool(paused))
        done = set(completed)
        worked = {
            region
            for index, step in enumerate(routine.steps)
            if index in done
            for region in step.regions
        }
        self.body_map.set_regions(tuple(worked))
        plan = keep_times_text(routine, hold_changes)
        self.keep_plan_label.setText(plan)
        self.keep_plan_label.setVisible(bool(plan))
        self.keep_button.setAccessibleDescription(plan)
        self.keep_button.setVisible(bool(hold_changes))
        self.keep_button.setEnabled(True)
        self.keep_label.clear()
        self.summary_label.setText(completion_summary(routine, completed, active_seconds))
        self.steps_label.setText(step_lines(routine, completed))
        self.steps_area.updateGeometry()

    def show_kept(self, message: str, *, saved: bool) -> None:
        """After "Keep the new hold times": where they went, or why they didn't."""
        self.keep_label.setText(message)
        self.keep_button.setEnabled(not saved)

    def read_streak(self, history: History | None) -> None:
        """Read the streak in a worker (the database may be held by an export or
        another program), and show it when it comes."""
        if history is None:
            self.show_streak(0)
            return
        in_background(self, lambda: streak_and_note(history), self._streak_read)

    def _streak_read(self, answer: tuple[int, str]) -> None:
        self.show_streak(*answer)

    def show_streak(self, days: int, note: str = "") -> None:
        """Days in a row with a completed warm-up, this one included (0: not known);
        `note` is a line about the history under it (rows skipped as damaged)."""
        text = "\n".join(line for line in (streak_message(days), note) if line)
        self.streak_label.setText(text)
        self.streak_label.setVisible(bool(text))
