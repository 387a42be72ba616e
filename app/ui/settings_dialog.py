"""The settings dialog: every preference in app/settings.py a runner would change.

Its rows are built from the declarations (`Options`), in their groups, each
shown as its declaration says (check box, spin box with its unit, slider,
combo box of its choices): a new option shows up here by being declared.

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

from app.i18n import _
from app.settings import (
    FOLLOW_ROUTINE,
    SHOWN_OPTIONS,
    Control,
    Group,
    Option,
    Options,
    Settings,
    shown_in,
    translated,
)
from app.ui.window_fit import fit_to_screen

__all__ = ["DEFAULT_VOICE", "FOLLOW_ROUTINE", "RATE_STEPS", "SHOWN_OPTIONS", "SettingsDialog"]

DEFAULT_VOICE = Options.VOICE_NAME.special
RATE_STEPS = round(1 / Options.VOICE_RATE.step)  # the rate slider's positions per unit


def slider_position(option: Option[Any], value: float) -> int:
    """Where a slider in `option.step`s stands for `value`."""
    return round(value / option.step)


def slider_value(option: Option[Any], position: int) -> int | float:
    """The value a slider position stands for, of the option's type (divided, not
    multiplied, by the steps per unit: -5 is -0.5, not -0.5000000000000001)."""
    if isinstance(option.default, int):
        return position * round(option.step)
    return position / round(1 / option.step)


class SettingsDialog(QDialog):
    """Edits `settings` live; `voices` are the voice names to offer (the engine's, if known)."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, voices: Sequence[str] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings — Limber"))
        self._settings = settings
        # The language the window was started in: a new choice shows from the next start.
        self._started_language = settings.get(Options.LANGUAGE)
        self._voices = tuple(voices)
        self._initial: dict[str, Any] = {}
        self._checks: dict[str, QCheckBox] = {}
        self._spins: dict[str, QSpinBox] = {}
        self._sliders: dict[str, QSlider] = {}
        self._slider_values: dict[str, QLabel] = {}
        self._combos: dict[str, QComboBox] = {}

        layout = QVBoxLayout(self)
        for group in Group:
            if shown_in(group):
                layout.addWidget(self._group_box(group))
        # Handles on the controls, for the window and the tests.
        self.lead_in = self._spins[Options.LEAD_IN.key]
        self.rest = self._spins[Options.REST.key]
        self.countdown = self._spins[Options.COUNTDOWN_SCALE.key]
        self.volume = self._sliders[Options.VOLUME.key]
        self.volume_value = self._slider_values[Options.VOLUME.key]
        self.rate = self._sliders[Options.VOICE_RATE.key]
        self.voice = self._combos[Options.VOICE_NAME.key]
        self.theme = self._combos[Options.THEME.key]
        self.language = self._combos[Options.LANGUAGE.key]

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

    # Building, from the declarations

    def _group_box(self, group: Group) -> QGroupBox:
        box = QGroupBox(group.title, self)
        form = QFormLayout(box)
        for option in shown_in(group):
            if option.heading:
                form.addRow(QLabel(translated(option.heading), box))
            self._add_row(form, box, option)
        if group is Group.LANGUAGE:
            self.language_note = QLabel(
                _("The new language is used from the next time Limber starts."), box
            )
            self.language_note.setWordWrap(True)
            # Its room kept while hidden: the dialog's size is worked out once, below.
            policy = self.language_note.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.language_note.setSizePolicy(policy)
            form.addRow(self.language_note)
        if group.note:
            note = QLabel(group.note, box)
            note.setWordWrap(True)
            form.addRow(note)
        return box

    def _add_row(self, form: QFormLayout, parent: QWidget, option: Option[Any]) -> None:
        """The option's control, as its declaration says; a label it is the buddy of
        (screen readers then call a combo box by what it sets, not its value)."""
        if option.control is Control.CHECK:
            form.addRow(self._check(parent, option))
            return
        control: QWidget
        if option.control is Control.SPIN:
            control = self._spin(parent, option)
        elif option.control is Control.SLIDER:
            control = self._slider(parent, option)
        else:
            control = self._combo(parent, option)
        control.setAccessibleName(option.spoken_name)
        if option.help:
            control.setToolTip(translated(option.help))
        label = QLabel(translated(option.label), parent)
        label.setBuddy(control)
        if option.control is Control.SLIDER and option.unit:
            shown = QLabel(parent)
            widest = f"{_number(option.high)}{translated(option.unit)}"
            shown.setMinimumWidth(shown.fontMetrics().horizontalAdvance(widest))
            self._slider_values[option.key] = shown
            row = QHBoxLayout()
            row.addWidget(control, 1)
            row.addWidget(shown)
            form.addRow(label, row)
        else:
            form.addRow(label, control)

    def _check(self, parent: QWidget, option: Option[bool]) -> QCheckBox:
        box = QCheckBox(translated(option.label), parent)
        if option.help:
            box.setToolTip(translated(option.help))
        box.toggled.connect(partial(self._settings.set, option))
        self._checks[option.key] = box
        return box

    def _spin(self, parent: QWidget, option: Option[int]) -> QSpinBox:
        box = QSpinBox(parent)
        box.setRange(round(_bound(option.low)), round(_bound(option.high)))
        box.setSingleStep(round(option.step))
        box.setSuffix(translated(option.unit))
        if option.special:
            box.setSpecialValueText(translated(option.special))  # shown at the minimum
            room = box.fontMetrics().horizontalAdvance("  ")
            box.setMinimumWidth(box.sizeHint().width() + room)
        box.valueChanged.connect(partial(self._settings.set, option))
        self._spins[option.key] = box
        return box

    def _slider(self, parent: QWidget, option: Option[Any]) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, parent)
        slider.setRange(
            slider_position(option, _bound(option.low)),
            slider_position(option, _bound(option.high)),
        )
        slider.setPageStep(slider_position(option, option.page_step))
        slider.valueChanged.connect(partial(self._slider_moved, option))
        self._sliders[option.key] = slider
        return slider

    def _combo(self, parent: QWidget, option: Option[str]) -> QComboBox:
        combo = QComboBox(parent)
        for choice in option.choices:
            # A language's own name is in no catalog, and stays as it is.
            combo.addItem(translated(choice.label), choice.value)
        combo.currentIndexChanged.connect(partial(self._chosen, option))
        self._combos[option.key] = combo
        return combo

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

    def _controls(self) -> dict[str, QWidget]:
        return {**self._checks, **self._spins, **self._sliders, **self._combos}

    def _refresh(self, *_: object) -> None:
        """Every control from the settings, without writing them back."""
        settings = self._settings
        controls = self._controls()
        for widget in controls.values():
            widget.blockSignals(True)
        try:
            for option in SHOWN_OPTIONS:
                self._show_value(option, settings.get(option))
        finally:
            for widget in controls.values():
                widget.blockSignals(False)
        for option in SHOWN_OPTIONS:
            if option.requires is not None:
                controls[option.key].setEnabled(settings.get(option.requires))
        chosen = settings.get(Options.LANGUAGE)
        self.language_note.setVisible(chosen != self._started_language)

    def _show_value(self, option: Option[Any], value: Any) -> None:
        key = option.key
        if key in self._checks:
            self._checks[key].setChecked(bool(value))
        elif key in self._spins:
            self._spins[key].setValue(value)
        elif key in self._sliders:
            self._sliders[key].setValue(slider_position(option, value))
            if key in self._slider_values:
                self._slider_values[key].setText(f"{value}{translated(option.unit)}")
        elif option.choices:
            combo = self._combos[key]
            combo.setCurrentIndex(max(0, combo.findData(value)))
        else:
            self._fill_offered(option, value)

    def set_voices(self, voices: Sequence[str]) -> None:
        """The engine's voices, once known (the voice worker loads after start-up)."""
        if tuple(voices) == self._voices:
            return
        self._voices = tuple(voices)
        self.voice.blockSignals(True)
        try:
            self._fill_offered(Options.VOICE_NAME, self._settings.get(Options.VOICE_NAME))
        finally:
            self.voice.blockSignals(False)

    def _fill_offered(self, option: Option[str], current: str) -> None:
        """A combo box of what the shell offers (the engine's voices), its `special`
        text for the empty default first."""
        combo = self._combos[option.key]
        combo.clear()
        combo.addItem(translated(option.special), "")
        names = list(self._voices)
        if current and current not in names:
            names.append(current)  # kept, though the engine isn't loaded (or lost it)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    # Writing the settings, as the controls change

    def _slider_moved(self, option: Option[Any], position: int) -> None:
        self._settings.set(option, slider_value(option, position))

    def _chosen(self, option: Option[str], index: int) -> None:
        self._settings.set(option, str(self._combos[option.key].itemData(index) or ""))

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


def _bound(limit: float | None) -> float:
    """A declared bound of a number shown (every one has both: tests/test_settings.py)."""
    if limit is None:
        raise ValueError("a number shown in the settings dialog needs both bounds")
    return limit


def _number(limit: float | None) -> str:
    value = _bound(limit)
    return str(int(value)) if float(value).is_integer() else str(value)
