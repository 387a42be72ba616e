"""The editor's "Selected step" form: one step's name, dose, sides, rest, words and picture.

It shows the step it is given (`show_step`) and, for each change the runner
makes, emits `step_edited(step after, undo text, merge key)`: the editor
turns that into an undoable edit and shows the new routine back, so the
form never changes a routine itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import editing
from app.i18n import _, current_language, pgettext
from app.regions import Region
from app.routine import (
    MAX_HOLD,
    MAX_PAUSE,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Hold,
    Reps,
    Sides,
    Step,
    Stretch,
    renamed_step,
)
from app.ui.flow_layout import FlowLayout
from app.ui.picker_filters import region_short_label
from app.ui.picture import StretchPicture, stretch_icon

_DEFAULT_REST = -1  # the rest spin box's "routine default" value
_KINDS = (editing.DoseKind.HOLD, editing.DoseKind.REPS)  # the dose combo's rows


class StepForm(QGroupBox):
    """The fields of the selected step; `step_edited(Step, str, str)` for each change."""

    step_edited = Signal(object, str, str)
    # "Your own picture…" pressed: the editor asks for the file and checks it.
    picture_file_requested = Signal()

    def __init__(self, library: Mapping[str, Stretch], parent: QWidget | None = None) -> None:
        super().__init__(_("Selected step"), parent)
        self._library = library
        self._step: Step | None = None
        self._refreshing = False
        self._build()

    def _build(self) -> None:
        # The fields scroll when the window is too short for them all.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(scroll)
        self.name_edit = QLineEdit(page)
        self.name_edit.textEdited.connect(self._name_edited)
        self.kind_combo = QComboBox(page)
        self.kind_combo.addItems([pgettext("dose", "Hold"), pgettext("dose", "Reps")])
        self.kind_combo.activated.connect(self._kind_chosen)
        self.hold_spin = QSpinBox(page)
        self.hold_spin.setRange(int(MIN_HOLD), int(MAX_HOLD))
        self.hold_spin.setSuffix(_(" s"))
        self.hold_spin.setKeyboardTracking(False)
        self.hold_spin.valueChanged.connect(self._hold_changed)
        self.reps_spin = QSpinBox(page)
        self.reps_spin.setRange(MIN_REPS, MAX_REPS)
        self.reps_spin.setKeyboardTracking(False)
        self.reps_spin.valueChanged.connect(self._reps_changed)
        self.tempo_spin = QDoubleSpinBox(page)
        self.tempo_spin.setRange(MIN_TEMPO, MAX_TEMPO)
        self.tempo_spin.setSingleStep(0.5)
        self.tempo_spin.setDecimals(1)
        # "2,5" in German: the runner's language, also where it is not the system's.
        self.tempo_spin.setLocale(QLocale(current_language()))
        # Translators: after the seconds one rep takes, in a spin box ("2.0 s per rep").
        self.tempo_spin.setSuffix(_(" s per rep"))
        self.tempo_spin.setKeyboardTracking(False)
        self.tempo_spin.valueChanged.connect(self._tempo_changed)
        self.sides_check = QCheckBox(_("Both sides"), page)
        self.sides_check.setToolTip(_("Left side, then right, each for the full dose"))
        self.sides_check.toggled.connect(self._sides_toggled)
        self.step_rest_spin = QSpinBox(page)
        self.step_rest_spin.setRange(_DEFAULT_REST, int(MAX_PAUSE))
        self.step_rest_spin.setSuffix(_(" s"))
        self.step_rest_spin.setSpecialValueText(_("routine's rest"))
        self.step_rest_spin.setKeyboardTracking(False)
        self.step_rest_spin.valueChanged.connect(self._step_rest_changed)
        lines = self.name_edit.fontMetrics().lineSpacing()
        self.instructions_edit = QPlainTextEdit(page)
        self.instructions_edit.setTabChangesFocus(True)
        self.instructions_edit.textChanged.connect(self._instructions_edited)
        self.instructions_edit.setMinimumHeight(lines * 4)
        self.instructions_edit.setMaximumHeight(lines * 8)
        self.cue_edit = QPlainTextEdit(page)
        self.cue_edit.setTabChangesFocus(True)
        self.cue_edit.setAccessibleName(_("Running-form cue"))
        self.cue_edit.setPlaceholderText(_("The running-form point to keep in mind (optional)"))
        self.cue_edit.setMaximumHeight(lines * 4)
        self.cue_edit.textChanged.connect(self._cue_edited)
        self.say_edit = QLineEdit(page)
        self.say_edit.setAccessibleName(_("Voice text"))
        self.say_edit.setPlaceholderText(
            _("Said before the step (blank: the library's words, or its name and cue)")
        )
        self.say_edit.textEdited.connect(self._say_edited)
        # The regions a step works: chosen for your own stretches; a library
        # stretch's come from the library. As many to a row as fit: two in a narrow
        # column, fewer where the names are long (German).
        regions_grid = FlowLayout()
        regions_grid.setContentsMargins(0, 0, 0, 0)
        self.region_checks: dict[Region, QCheckBox] = {}
        for region in Region:
            check = QCheckBox(region_short_label(region), page)
            check.setAccessibleName(_("Works the {region}").format(region=region.in_sentence))
            check.setToolTip(region.label)
            check.toggled.connect(self._regions_toggled)
            regions_grid.addWidget(check)
            self.region_checks[region] = check
        self.picture_combo = QComboBox(page)
        self.picture_combo.setAccessibleName(_("Picture"))
        self.picture_combo.setIconSize(QSize(24, 24))
        self.picture_combo.activated.connect(self._picture_chosen)
        # As wide as the column lets it be, not as its longest picture name.
        self.picture_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picture_combo.setMinimumContentsLength(8)
        self.picture_file_button = QPushButton(_("Your own picture…"), page)
        self.picture_file_button.setToolTip(_("A PNG, JPEG or SVG file, copied into your routines"))
        self.picture_file_button.clicked.connect(self.picture_file_requested)
        self.step_picture = StretchPicture(page)
        self.step_picture.setMinimumSize(80, 80)
        form = QFormLayout(page)
        form.addRow(_("Name"), self.name_edit)
        form.addRow(_("Dose"), self.kind_combo)
        # Translators: the seconds a stretch is held, a row of the step's form.
        form.addRow(pgettext("dose", "Hold"), self.hold_spin)
        form.addRow(pgettext("dose", "Reps"), self.reps_spin)
        # Translators: the seconds one rep takes.
        form.addRow(_("Tempo"), self.tempo_spin)
        form.addRow("", self.sides_check)
        form.addRow(_("Rest after"), self.step_rest_spin)
        form.addRow(_("Instructions"), self.instructions_edit)
        form.addRow(_("Form cue"), self.cue_edit)
        form.addRow(_("Voice text"), self.say_edit)
        # Translators: the body regions a step works, a row of check boxes.
        form.addRow(_("Works"), regions_grid)
        form.addRow(_("Picture"), self.picture_combo)
        form.addRow("", self.picture_file_button)
        form.addRow(self.step_picture)
        scroll.setWidget(page)
        # Never narrower than its fields: at the editor's smallest size they show whole.
        scroll.setMinimumWidth(
            page.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._details_form = form

    # -- showing -------------------------------------------------------------

    def show_step(self, step: Step | None) -> None:
        """Show `step` in the fields; None (no step selected) disables them."""
        self._step = step
        self.setEnabled(step is not None)
        if step is None:
            return
        self._refreshing = True
        try:
            if self.name_edit.text() != step.name:
                self.name_edit.setText(step.name)
            is_reps = isinstance(step.dose, Reps)
            self.kind_combo.setCurrentIndex(1 if is_reps else 0)
            self.hold_spin.setVisible(not is_reps)
            self.reps_spin.setVisible(is_reps)
            form = self._details_form
            form.setRowVisible(self.hold_spin, not is_reps)
            form.setRowVisible(self.reps_spin, is_reps)
            form.setRowVisible(self.tempo_spin, is_reps)
            if isinstance(step.dose, Reps):
                self.reps_spin.setValue(step.dose.count)
                self.tempo_spin.setValue(step.dose.tempo)
            else:
                self.hold_spin.setValue(round(step.dose.seconds))
            self.sides_check.setChecked(step.sides is Sides.BOTH)
            self.step_rest_spin.setValue(_DEFAULT_REST if step.rest is None else round(step.rest))
            if self.instructions_edit.toPlainText() != step.instructions:
                self.instructions_edit.setPlainText(step.instructions)
            if self.cue_edit.toPlainText() != step.cue:
                self.cue_edit.setPlainText(step.cue)
            if self.say_edit.text() != (step.say or ""):
                self.say_edit.setText(step.say or "")
            own = step.stretch_id is None
            for region, check in self.region_checks.items():
                check.setChecked(region in step.regions)
                check.setEnabled(own)
                library_set = _("{region}: set by the library").format(region=region.label)
                check.setToolTip(region.label if own else library_set)
            self._show_picture_choice(step.image, own)
            # A library stretch shows the library's poses (or another of its pictures).
            self.picture_file_button.setEnabled(own)
        finally:
            self._refreshing = False
        self.step_picture.show_image(step.image, stretch_id=step.stretch_id)

    def _show_picture_choice(self, image: str | None, own: bool) -> None:
        combo = self.picture_combo
        if combo.count() == 0:
            combo.addItem(_("No picture"), None)
            for name, path in editing.picture_choices(self._library):
                combo.addItem(stretch_icon(path, 24), name, path)
        # A library stretch always shows a picture: a routine file can name another
        # one for it, but not none.
        model = combo.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(0)
            if item is not None:
                item.setEnabled(own)
        row = combo.findData(image)
        if row < 0 and image is not None:  # a picture of the user's own, kept as it is
            combo.addItem(Path(image).name, image)
            row = combo.count() - 1
        combo.setCurrentIndex(max(0, row))

    # -- the runner's changes ------------------------------------------------

    def _edited(self, step: Step, text: str, merge: str = "") -> None:
        if not self._refreshing and self._step is not None:
            self.step_edited.emit(step, text, merge)

    def _name_edited(self, text: str) -> None:
        step = self._step
        if step is not None and text.strip():
            stretch = None if step.stretch_id is None else self._library.get(step.stretch_id)
            self._edited(renamed_step(step, text, stretch), _("Rename step"), "name")

    def _instructions_edited(self) -> None:
        text = self.instructions_edit.toPlainText()
        if self._step is not None and text.strip():
            step = replace(self._step, instructions=text)
            self._edited(step, _("Change instructions"), "instructions")

    def _cue_edited(self) -> None:
        if self._step is not None:
            step = replace(self._step, cue=self.cue_edit.toPlainText())
            self._edited(step, _("Change form cue"), "cue")

    def _kind_chosen(self, row: int) -> None:
        if self._step is not None and 0 <= row < len(_KINDS):
            switched = editing.with_dose_kind(self._step, _KINDS[row])
            if switched != self._step:
                self._edited(switched, _("Change dose"))

    def _hold_changed(self, value: int) -> None:
        if self._step is not None:
            self._edited(replace(self._step, dose=Hold(float(value))), _("Change hold"))

    def _reps_changed(self, value: int) -> None:
        step = self._step
        if step is not None and isinstance(step.dose, Reps):
            self._edited(replace(step, dose=replace(step.dose, count=value)), _("Change reps"))

    def _tempo_changed(self, value: float) -> None:
        step = self._step
        if step is not None and isinstance(step.dose, Reps):
            self._edited(replace(step, dose=replace(step.dose, tempo=value)), _("Change tempo"))

    def _say_edited(self, text: str) -> None:
        if self._step is not None:
            step = replace(self._step, say=text.strip() or None)
            self._edited(step, _("Change voice text"), "say")

    def _regions_toggled(self) -> None:
        if self._step is not None:
            regions = tuple(
                region for region, check in self.region_checks.items() if check.isChecked()
            )
            self._edited(replace(self._step, regions=regions), _("Change regions"))

    def _picture_chosen(self, row: int) -> None:
        image = self.picture_combo.itemData(row)
        step = self._step
        if step is not None and image != step.image:
            self._edited(replace(step, image=image), _("Change picture"))
            self.step_picture.show_image(image)

    def _sides_toggled(self, checked: bool) -> None:
        if self._step is not None:
            sides = Sides.BOTH if checked else Sides.ONE
            self._edited(replace(self._step, sides=sides), _("Change sides"))

    def _step_rest_changed(self, value: int) -> None:
        if self._step is not None:
            rest = None if value == _DEFAULT_REST else float(value)
            self._edited(replace(self._step, rest=rest), _("Change rest after step"))
