"""The settings dialog: every preference in app/settings.py a runner would change.

Changes apply at once, as they are made (the theme repaints, the window goes
on top), so the effect can be seen before deciding; OK keeps them, Cancel
(or Esc, or closing the dialog) puts back every value it had when opened.

Timing: "Get ready" and "Rest between stretches" either follow each routine
(the default) or override it with a fixed number of seconds for every session.
They never change a routine's file, and a step's own `rest` still applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.routine import MAX_PAUSE
from app.settings import Option, Options, Settings
from app.ui.theme import Scheme
from app.ui.window_fit import fit_to_screen

# The options this dialog shows, so Cancel and "Restore defaults" know what to put back.
SHOWN_OPTIONS: tuple[Option[Any], ...] = (
    Options.LEAD_IN,
    Options.REST,
    Options.SOUND_ENABLED,
    Options.TICKS_BEFORE_STRETCH,
    Options.MUTED,
    Options.VOLUME,
    Options.VOICE_ENABLED,
    Options.VOICE_NAME,
    Options.VOICE_RATE,
    Options.SAY_STEP_NAMES,
    Options.SAY_SWITCH_SIDES,
    Options.COUNT_REPS_ALOUD,
    Options.SAY_TEN_SECONDS,
    Options.SAY_DONE,
    Options.THEME,
    Options.COUNTDOWN_SCALE,
    Options.START_FULLSCREEN,
    Options.KEEP_ON_TOP,
)
ANNOUNCEMENTS: tuple[tuple[Option[bool], str], ...] = (
    (Options.SAY_STEP_NAMES, "Each stretch and how to do it"),
    (Options.SAY_SWITCH_SIDES, "“Switch sides”"),
    (Options.COUNT_REPS_ALOUD, "Count reps aloud"),
    (Options.SAY_TEN_SECONDS, "“Ten seconds” on long holds"),
    (Options.SAY_DONE, "“Warm-up done”"),
)
FOLLOW_ROUTINE = "As the routine says"
DEFAULT_VOICE = "System default"
RATE_STEPS = 10  # the rate slider moves in tenths, -1.0 to 1.0
COUNTDOWN_RANGE = (50, 150)


class SettingsDialog(QDialog):
    """Edits `settings` live; `voices` are the voice names to offer (the engine's, if known)."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, voices: Sequence[str] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings — Limber")
        self._settings = settings
        self._voices = tuple(voices)
        self._initial: dict[str, Any] = {}
        self._checks: dict[str, QCheckBox] = {}

        layout = QVBoxLayout(self)
        layout.addWidget(self._timing_group())
        layout.addWidget(self._cues_group())
        layout.addWidget(self._window_group())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._button_clicked)
        layout.addWidget(self.buttons)
        # A minimum worked out once, not one the layout keeps pushing to the window
        # (with 2x text too): the dialog doesn't jump as controls enable and disable.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(layout.minimumSize())
        # Each opening at the same size, worked out once (voices arriving later and
        # controls enabling don't change it), and never beyond the screen.
        self._opening_size: QSize | None = None

        self._refresh()
        settings.changed.connect(self._refresh)  # e.g. M or Ctrl+T pressed while open

    # Building

    def _timing_group(self) -> QGroupBox:
        group = QGroupBox("Timing", self)
        form = QFormLayout(group)
        self.lead_in = self._seconds_box(group, Options.LEAD_IN, "Get-ready time")
        self.rest = self._seconds_box(group, Options.REST, "Rest between stretches")
        form.addRow("&Get ready:", self.lead_in)
        form.addRow("&Rest between stretches:", self.rest)
        note = QLabel(
            "A number of seconds here is used for every routine, instead of its own. "
            "A step's own rest still applies; routine files are not changed.",
            group,
        )
        note.setWordWrap(True)
        form.addRow(note)
        return group

    def _seconds_box(self, parent: QWidget, option: Option[int], name: str) -> QSpinBox:
        box = QSpinBox(parent)
        box.setRange(-1, int(MAX_PAUSE))
        box.setSuffix(" s")
        box.setSpecialValueText(FOLLOW_ROUTINE)  # shown at -1, the minimum
        box.setMinimumWidth(box.sizeHint().width() + box.fontMetrics().horizontalAdvance("  "))
        box.setAccessibleName(name)
        box.setToolTip(f"{name}: seconds, or “{FOLLOW_ROUTINE}” (below 0)")
        box.valueChanged.connect(partial(self._set_int, option))
        return box

    def _cues_group(self) -> QGroupBox:
        group = QGroupBox("Sound and voice", self)
        form = QFormLayout(group)
        form.addRow(self._check(group, Options.SOUND_ENABLED, "Play &sounds (ticks, chimes)"))
        ticks = self._check(group, Options.TICKS_BEFORE_STRETCH, "3-&2-1 ticks into each stretch")
        ticks.setToolTip("A tick on each of the last 3 seconds of a get-ready, rest or switch")
        form.addRow(ticks)
        form.addRow(self._check(group, Options.MUTED, "&Mute all cues (M)"))

        self.volume = QSlider(Qt.Orientation.Horizontal, group)
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName("Cue volume")
        self.volume.valueChanged.connect(partial(self._set_int, Options.VOLUME))
        self.volume_value = QLabel(group)
        self.volume_value.setMinimumWidth(
            self.volume_value.fontMetrics().horizontalAdvance("100 %")
        )
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_value)
        volume_label = QLabel("&Volume:", group)
        volume_label.setBuddy(self.volume)
        form.addRow(volume_label, volume_row)

        form.addRow(self._check(group, Options.VOICE_ENABLED, "Spea&k announcements"))
        self.voice = QComboBox(group)
        self.voice.setAccessibleName("Voice")
        self.voice.currentIndexChanged.connect(self._voice_chosen)
        form.addRow("V&oice:", self.voice)
        self.rate = QSlider(Qt.Orientation.Horizontal, group)
        self.rate.setRange(-RATE_STEPS, RATE_STEPS)
        self.rate.setPageStep(2)
        self.rate.setAccessibleName("Speaking rate")
        self.rate.setToolTip("Speaking rate: slower to the left, faster to the right")
        self.rate.valueChanged.connect(self._rate_moved)
        rate_label = QLabel("Speaking &rate:", group)
        rate_label.setBuddy(self.rate)
        form.addRow(rate_label, self.rate)

        says = QLabel("Announce:", group)
        form.addRow(says)
        for option, text in ANNOUNCEMENTS:
            form.addRow(self._check(group, option, text))
        return group

    def _window_group(self) -> QGroupBox:
        group = QGroupBox("Window", self)
        form = QFormLayout(group)
        self.theme = QComboBox(group)
        self.theme.setAccessibleName("Colour scheme")
        for scheme in Scheme:
            self.theme.addItem(scheme.label, scheme.value)
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        form.addRow("&Colours:", self.theme)
        self.countdown = QSpinBox(group)
        self.countdown.setRange(*COUNTDOWN_RANGE)
        self.countdown.setSingleStep(10)
        self.countdown.setSuffix(" %")
        self.countdown.setAccessibleName("Countdown size")
        self.countdown.setToolTip("Above 100 % the countdown also takes room from the picture")
        self.countdown.valueChanged.connect(partial(self._set_int, Options.COUNTDOWN_SCALE))
        form.addRow("Countdown si&ze:", self.countdown)
        form.addRow(
            self._check(group, Options.START_FULLSCREEN, "Start sessions in &fullscreen focus mode")
        )
        form.addRow(self._check(group, Options.KEEP_ON_TOP, "Keep the window on &top (Ctrl+T)"))
        return group

    def _check(self, parent: QWidget, option: Option[bool], text: str) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.toggled.connect(partial(self._set_bool, option))
        self._checks[option.key] = box
        return box

    def check_box(self, option: Option[bool]) -> QCheckBox:
        return self._checks[option.key]

    # Showing the settings

    def open(self) -> None:
        """Remember every value as it is now, for Cancel, then show (window-modal)."""
        self._initial = {option.key: self._settings.get(option) for option in SHOWN_OPTIONS}
        self._refresh()
        if self._opening_size is None:
            self._opening_size = self.sizeHint().expandedTo(self.minimumSize())
        self.resize(self._opening_size)
        fit_to_screen(self)
        super().open()

    def _refresh(self, *_: object) -> None:
        """Every control from the settings, without writing them back."""
        settings = self._settings
        controls: list[QWidget] = [
            self.lead_in,
            self.rest,
            self.volume,
            self.voice,
            self.rate,
            self.theme,
            self.countdown,
            *self._checks.values(),
        ]
        for widget in controls:
            widget.blockSignals(True)
        try:
            self.lead_in.setValue(settings.get(Options.LEAD_IN))
            self.rest.setValue(settings.get(Options.REST))
            for key, box in self._checks.items():
                option = next(option for option in SHOWN_OPTIONS if option.key == key)
                box.setChecked(bool(settings.get(option)))
            self.volume.setValue(settings.get(Options.VOLUME))
            self._fill_voices(settings.get(Options.VOICE_NAME))
            self.rate.setValue(round(settings.get(Options.VOICE_RATE) * RATE_STEPS))
            scheme = Scheme.of(settings.get(Options.THEME))
            self.theme.setCurrentIndex(self.theme.findData(scheme.value))
            self.countdown.setValue(settings.get(Options.COUNTDOWN_SCALE))
        finally:
            for widget in controls:
                widget.blockSignals(False)
        self.volume_value.setText(f"{self.volume.value()} %")
        self.check_box(Options.TICKS_BEFORE_STRETCH).setEnabled(settings.get(Options.SOUND_ENABLED))
        voice_on = settings.get(Options.VOICE_ENABLED)
        self.voice.setEnabled(voice_on)
        self.rate.setEnabled(voice_on)
        for option, _text in ANNOUNCEMENTS:
            self.check_box(option).setEnabled(voice_on)

    def set_voices(self, voices: Sequence[str]) -> None:
        """The engine's voices, once known (the voice worker loads after start-up)."""
        if tuple(voices) == self._voices:
            return
        self._voices = tuple(voices)
        self.voice.blockSignals(True)
        try:
            self._fill_voices(self._settings.get(Options.VOICE_NAME))
        finally:
            self.voice.blockSignals(False)

    def _fill_voices(self, current: str) -> None:
        self.voice.clear()
        self.voice.addItem(DEFAULT_VOICE, "")
        names = list(self._voices)
        if current and current not in names:
            names.append(current)  # kept, though the engine isn't loaded (or lost it)
        for name in names:
            self.voice.addItem(name, name)
        self.voice.setCurrentIndex(max(0, self.voice.findData(current)))

    # Writing the settings, as the controls change

    def _set_int(self, option: Option[int], value: int) -> None:
        self._settings.set(option, value)

    def _set_bool(self, option: Option[bool], checked: bool) -> None:
        self._settings.set(option, checked)

    def _voice_chosen(self, index: int) -> None:
        self._settings.set(Options.VOICE_NAME, str(self.voice.itemData(index) or ""))

    def _rate_moved(self, value: int) -> None:
        self._settings.set(Options.VOICE_RATE, value / RATE_STEPS)

    def _theme_chosen(self, index: int) -> None:
        self._settings.set(Options.THEME, str(self.theme.itemData(index)))

    # OK, Cancel, Restore defaults

    def _button_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role is QDialogButtonBox.ButtonRole.ResetRole:
            self.restore_defaults()

    def restore_defaults(self) -> None:
        for option in SHOWN_OPTIONS:
            self._settings.set(option, option.default)

    def reject(self) -> None:
        """Cancel: put back what the settings were when the dialog opened."""
        for option in SHOWN_OPTIONS:
            if option.key in self._initial:
                self._settings.set(option, self._initial[option.key])
        super().reject()

    def accept(self) -> None:
        self._settings.sync()
        super().accept()
