"""The session view: what to do now, for how long, and what comes next."""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtGui
from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAccessible, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, pgettext
from app.routine import Reps, format_duration
from app.session import ADJUST_SECONDS, Snapshot, State
from app.ui import theme
from app.ui.body_map import BodyMap
from app.ui.countdown import CountdownBox
from app.ui.picture import StretchPicture
from app.ui.session_texts import Confirmation as Confirmation  # window_keys asks from here
from app.ui.session_texts import announcement, next_text, notice_text, phase_heading, switch_text

# Qt 6.8 and later (Limber runs on 6.7 too).
_ANNOUNCEMENT_EVENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def _announce_key(snapshot: Snapshot) -> tuple[object, ...]:
    """Changes with the step or phase, and when the session starts (its get-ready
    is no longer "Press Space to start"), not when a second ticks or it pauses."""
    if snapshot.state is State.DONE:
        return (State.DONE,)
    waiting = snapshot.state is State.READY
    return (waiting, snapshot.step_number, snapshot.phase.kind, snapshot.phase.side, snapshot.rep)


# The text on the switch banner's accent fill: 7:1 against it.
SWITCH_TEXT = "#1a1a1a"

# Font sizes (times the application's) of the big labels, normally and in
# focus mode, where they are read from across a room.
NORMAL_FONT_FACTORS = {
    "switch": 1.8,
    "phase": 1.3,
    "name": 2.4,
    "rep": 2.0,
    "cue": 1.1,
    "cue_title": 1.0,
    "instructions": 1.15,
    "next": 1.1,
}
FOCUS_FONT_FACTORS = {
    **NORMAL_FONT_FACTORS,
    "switch": 3.0,
    "phase": 2.2,
    "name": 4.0,
    "rep": 3.0,
    "cue": 2.0,
    "cue_title": 1.6,
}


class SessionPage(QWidget):
    """Shows one Snapshot at a time; its buttons only emit the user's commands."""

    toggle_requested = Signal()
    back_requested = Signal()
    skip_requested = Signal()
    restart_requested = Signal()
    stop_requested = Signal()
    adjust_requested = Signal(float)
    # The runner answered the question shown by ask(): the Confirmation, yes or no.
    confirmed = Signal(object)
    declined = Signal(object)
    # The text given to screen readers when the step or phase changes (not every second).
    step_announced = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Takes the focus when shown (see MainWindow), so that no button has it unasked.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._announced: tuple[object, ...] | None = None
        self._asking: Confirmation | None = None
        # What the body map shows: redrawn only when it changes, not with every
        # second of the countdown (the picture keeps track of its own).
        self._drawn: tuple[object, ...] | None = None
        # The snapshot (its seconds left out) and title the still parts were set from.
        self._shown_still: tuple[Snapshot, str] | None = None
        # The font and length the total's fixed size was worked out for.
        self._total_shape: tuple[str, int] | None = None
        self._focus_mode = False
        self._text_scale = 1.0
        self._build()
        self._apply_fonts()

    def _build(self) -> None:
        self.routine_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.total_label = QLabel(self)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        # A fixed name: a label named by its text tells screen readers of every second.
        self.total_label.setAccessibleName(_("Time left in total"))
        top = QHBoxLayout()
        top.addWidget(self.routine_label, 1)
        top.addWidget(self.progress_label)
        top.addSpacing(16)
        top.addWidget(self.total_label)

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()

        # Across the page while the runner changes sides: not to be missed.
        self.switch_banner = QLabel(self)
        self.switch_banner.setObjectName("switchBanner")
        self.switch_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.switch_banner.hide()

        self.phase_label = QLabel(self)
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.region_label = QLabel(self)
        self.body_map = BodyMap(self)
        self.body_map.setFixedSize(120, 64)
        heading = QVBoxLayout()
        heading.addWidget(self.phase_label)
        heading.addWidget(self.name_label)
        heading.addWidget(self.region_label)
        heading_row = QHBoxLayout()
        heading_row.addLayout(heading, 1)
        heading_row.addWidget(self.body_map, 0, Qt.AlignmentFlag.AlignBottom)

        self.picture = StretchPicture(self)
        countdown_box = CountdownBox(self)
        self.countdown = countdown_box.label
        self.countdown.setAccessibleName(_("Time left in this phase"))
        self.rep_label = QLabel(self)
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        clock_column = QVBoxLayout()
        clock_column.addWidget(countdown_box, 1)
        clock_column.addWidget(self.rep_label)
        middle = QHBoxLayout()
        middle.addWidget(self.picture, 2)
        middle.addLayout(clock_column, 3)
        self._middle = middle

        self.instructions_label = QLabel(self)
        self.instructions_label.setWordWrap(True)
        self.instructions_label.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum
        )

        self.cue_box = QFrame(self)
        self.cue_box.setObjectName("cueBox")
        cue_layout = QVBoxLayout(self.cue_box)
        # Translators: the title over a stretch's cue on how it helps the run.
        cue_title = QLabel(_("Running form"), self.cue_box)
        cue_title.setObjectName("cueTitle")
        self._cue_title = cue_title
        self.cue_label = QLabel(self.cue_box)
        self.cue_label.setWordWrap(True)
        cue_layout.addWidget(cue_title)
        cue_layout.addWidget(self.cue_label)

        self.next_label = QLabel(self)
        self.next_label.setWordWrap(True)  # a long stretch name in German

        # R and Esc mid-session ask here first, in the page: nothing modal, so the
        # countdown and the cues go on while the runner answers.
        self.confirm_bar = QFrame(self)
        self.confirm_bar.setObjectName("confirmBar")
        self.confirm_label = QLabel(self.confirm_bar)
        self.confirm_label.setWordWrap(True)
        self.confirm_button = QPushButton(_("Yes (Space)"), self.confirm_bar)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.confirm_button.clicked.connect(self.accept_confirmation)
        self.keep_going_button = QPushButton(_("Keep going (Esc)"), self.confirm_bar)
        self.keep_going_button.setAccessibleName(_("Keep going"))
        self.keep_going_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.keep_going_button.clicked.connect(self.decline_confirmation)
        confirm_layout = QHBoxLayout(self.confirm_bar)
        confirm_layout.addWidget(self.confirm_label, 1)
        confirm_layout.addWidget(self.confirm_button)
        confirm_layout.addWidget(self.keep_going_button)
        self.confirm_bar.hide()

        self.back_button = self._button(
            pgettext("to the step before", "Back"),
            pgettext("key", "Left"),
            self.back_requested,
            arrow="◀  {}",
        )
        self.toggle_button = self._button(
            _("Start"), pgettext("key", "Space"), self.toggle_requested
        )
        self.toggle_button.setDefault(True)
        self.skip_button = self._button(
            # Translators: the session's button that moves on to the next phase or
            # stretch; a short word (the buttons share one row of the smallest window).
            pgettext("session button", "Skip"),
            pgettext("key", "Right"),
            self.skip_requested,
            arrow="{}  ▶",
        )
        adjust = f"{ADJUST_SECONDS:g}"
        self.less_button = self._button(
            # Translators: the button that takes seconds off this phase ("−10 s").
            _("−{seconds} s").format(seconds=adjust),
            "-",
            self.adjust_requested,
            -ADJUST_SECONDS,
        )
        self.more_button = self._button(
            # Translators: the button that adds seconds to this phase ("+10 s").
            _("+{seconds} s").format(seconds=adjust),
            "+",
            self.adjust_requested,
            ADJUST_SECONDS,
        )
        self.restart_button = self._button(_("Restart"), "R", self.restart_requested)
        self.stop_button = self._button(_("Stop"), pgettext("key", "Esc"), self.stop_requested)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.toggle_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addSpacing(24)
        buttons.addWidget(self.less_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(self.stop_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.switch_banner)
        layout.addLayout(heading_row)
        layout.addLayout(middle, 1)
        layout.addWidget(self.instructions_label)
        layout.addWidget(self.cue_box)
        layout.addWidget(self.next_label)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(buttons)
        self._layout = layout
        # Hidden in focus mode: all but the phase, name, picture, countdown and cue.
        self._chrome: list[QWidget] = [
            self.routine_label,
            self.progress_label,
            self.total_label,
            self.region_label,
            self.body_map,
            self.instructions_label,
            self.next_label,
            self.back_button,
            self.toggle_button,
            self.skip_button,
            self.less_button,
            self.more_button,
            self.restart_button,
            self.stop_button,
        ]
        self._apply_colours()

    def is_focus_mode(self) -> bool:
        return self._focus_mode

    def set_focus_mode(self, on: bool) -> None:
        """Only what is read from across a room, bigger: phase, name, picture, countdown, cue."""
        self._focus_mode = on
        for widget in self._chrome:
            widget.setVisible(not on)
        self._apply_fonts()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.page_text_scale(self)
        if scale != self._text_scale:
            self._text_scale = scale
            self._apply_fonts()

    def _apply_fonts(self) -> None:
        factors = FOCUS_FONT_FACTORS if self._focus_mode else NORMAL_FONT_FACTORS
        for key, label, bold in (
            ("switch", self.switch_banner, True),
            ("phase", self.phase_label, True),
            ("name", self.name_label, True),
            ("rep", self.rep_label, True),
            ("cue", self.cue_label, False),
            ("cue_title", self._cue_title, True),
            ("instructions", self.instructions_label, False),
            ("next", self.next_label, False),
        ):
            label.setFont(theme.scaled_font(self, factors[key] * self._text_scale, bold=bold))

    def set_countdown_scale(self, percent: int) -> None:
        """Above 100 % the countdown also takes room from the picture."""
        self.countdown.set_scale(percent)
        self._middle.setStretch(1, max(3, round(3 * percent / 100)))

    def restyle(self) -> None:
        """After a theme change: work the cue wash and accent out again from the new palette.

        A widget under a style sheet keeps the palette it was polished with (Qt
        sends it no palette change), so the sheet is dropped first, which makes
        the page and its labels take the application's palette, then rebuilt.
        """
        self.setStyleSheet("")
        self._apply_colours()

    def set_sound_controls(self, controls: QWidget) -> None:
        """Put the sound row (notice, mute, volume) just above the buttons."""
        self._layout.insertWidget(self._layout.count() - 1, controls)
        self._chrome.append(controls)
        controls.setVisible(not self._focus_mode)

    def _button(
        self, text: str, key: str, signal: SignalInstance, *payload: float, arrow: str = "{}"
    ) -> QPushButton:
        """A button showing `text` (inside `arrow`, its direction drawn), its key in
        the tooltip; screen readers hear the text without the arrow."""
        button = QPushButton(arrow.format(text), self)
        # Translators: a session button's tooltip: what it does, and its key ("Skip (Right)").
        button.setToolTip(_("{action} ({key})").format(action=text, key=key))
        button.setAccessibleName(text)
        # Keys are window shortcuts; buttons keep Tab focus but never eat Space.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda: signal.emit(*payload))
        return button

    def _apply_colours(self) -> None:
        palette = self.palette()
        accent = theme.accent_text(palette).name()
        wash = theme.cue_background(palette).name()
        self.setStyleSheet(
            # Square where the bar is (a rounded corner there notches the bar's ends).
            f"#cueBox {{ background: {wash}; border-left: 6px solid {theme.ACCENT.name()};"
            f" border-top-right-radius: 6px; border-bottom-right-radius: 6px; }}"
            f"#cueTitle {{ color: {accent}; }}"
            f"#notice {{ background: {wash}; padding: 8px; border-radius: 6px; }}"
            f"#switchBanner {{ background: {theme.ACCENT.name()}; color: {SWITCH_TEXT};"
            f" border-radius: 6px; padding: 8px 16px; }}"
            f"#confirmBar {{ background: {wash}; border: 2px solid {theme.ACCENT.name()};"
            f" border-radius: 6px; }}"
        )
        phase_palette = self.phase_label.palette()
        phase_palette.setColor(QPalette.ColorRole.WindowText, theme.accent_text(palette))
        self.phase_label.setPalette(phase_palette)

    # -- asking before a restart or a stop ------------------------------------

    @property
    def asking(self) -> Confirmation | None:
        """The question shown, if any: Space or Enter accepts it, Esc declines."""
        return self._asking

    def ask(self, confirmation: Confirmation) -> None:
        self._asking = confirmation
        self.confirm_label.setText(confirmation.question)
        # Translators: the button that answers yes to "Restart from the first stretch?".
        self.confirm_button.setText(_("{answer} (Space)").format(answer=confirmation.accept_text))
        self.confirm_button.setAccessibleName(confirmation.accept_text)
        self.confirm_bar.show()
        # Read out at once: the runner pressed a key and did not see what it asked.
        self._announce_text(self.confirm_label, confirmation.question)

    def accept_confirmation(self) -> None:
        asked = self._dismiss()
        if asked is not None:
            self.confirmed.emit(asked)

    def decline_confirmation(self) -> None:
        asked = self._dismiss()
        if asked is not None:
            self.declined.emit(asked)

    def cancel_confirmation(self) -> None:
        """Take the question away unanswered (the session ended or was left)."""
        self._dismiss()

    def _dismiss(self) -> Confirmation | None:
        asked, self._asking = self._asking, None
        self.confirm_bar.hide()
        return asked

    def _announce_text(self, source: QWidget, text: str) -> None:
        """An announcement event, which screen readers speak once (Qt 6.8 and later;
        before, the accessible description `source` carries is all there is)."""
        if _ANNOUNCEMENT_EVENT is None:
            return
        event = _ANNOUNCEMENT_EVENT(source, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def show_snapshot(self, snapshot: Snapshot, routine_title: str) -> None:
        self.countdown.setText(format_duration(snapshot.remaining))
        self._set_total_text(
            # Translators: the time left of the whole session ("4:10 left in total").
            _("{time} left in total").format(time=format_duration(snapshot.total_remaining))
        )
        # The rest changes with the phase, the rep or the state, not with the seconds:
        # set again only then (every text set costs its work, even an unchanged one).
        still = (replace(snapshot, remaining=0.0, total_remaining=0.0), routine_title)
        if still != self._shown_still:
            self._shown_still = still
            self._show_still_parts(snapshot, routine_title)
        self.picture.show_snapshot(snapshot)
        self._announce(snapshot)

    def _show_still_parts(self, snapshot: Snapshot, routine_title: str) -> None:
        step = snapshot.step
        self.routine_label.setText(routine_title)
        self.progress_label.setText(
            _("Step {number} of {count}").format(
                number=snapshot.step_number, count=snapshot.step_count
            )
        )
        notice = notice_text(snapshot)
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        self.phase_label.setText(phase_heading(snapshot))
        switching = switch_text(snapshot)
        self.switch_banner.setText(switching)
        self.switch_banner.setVisible(bool(switching))
        self.name_label.setText(step.name)
        self.region_label.setText(" · ".join(region.label for region in step.regions))
        drawn = (step.regions,)
        if drawn != self._drawn:
            self._drawn = drawn
            self.body_map.set_regions(step.regions)
        reps = step.dose if isinstance(step.dose, Reps) else None
        showing_reps = snapshot.rep is not None and reps is not None
        self.rep_label.setText(
            _("Rep {number} of {count}").format(number=snapshot.rep, count=reps.count)
            if reps and showing_reps
            else ""
        )
        self.rep_label.setVisible(showing_reps)
        self.instructions_label.setText(step.instructions)
        self.cue_label.setText(step.cue)
        self.cue_box.setVisible(bool(step.cue))
        self.next_label.setText(next_text(snapshot))
        self.toggle_button.setText(
            {State.READY: _("Start"), State.RUNNING: _("Pause"), State.PAUSED: _("Resume")}.get(
                snapshot.state, _("Again")
            )
        )
        adjustable = snapshot.state in (State.RUNNING, State.PAUSED)
        self.less_button.setEnabled(adjustable)
        self.more_button.setEnabled(adjustable)

    def _set_total_text(self, text: str) -> None:
        """The total changes every second: the label is given a fixed size, as wide as
        text of this length can be, so that a new second lays nothing out again (a
        label of fixed size changing its text leaves the page's layout alone)."""
        label = self.total_label
        shape = (label.font().key(), len(text))
        if shape != self._total_shape:
            self._total_shape = shape
            metrics = label.fontMetrics()
            widest_digit = max("0123456789", key=metrics.horizontalAdvance)
            widest = "".join(widest_digit if char.isdigit() else char for char in text)
            label.setText(widest)
            label.setFixedSize(label.sizeHint())
        label.setText(text)

    def _announce(self, snapshot: Snapshot) -> None:
        """Tell screen readers about a new step or phase, once: the seconds are not read out."""
        key = _announce_key(snapshot)
        if key == self._announced:
            return
        self._announced = key
        text = announcement(snapshot)
        # Kept on the countdown for a screen reader that looks (Qt says it changed),
        # and announced once, which screen readers speak.
        self.countdown.setAccessibleDescription(text)
        self._announce_text(self.countdown, text)
        self.step_announced.emit(text)
