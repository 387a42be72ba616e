""" "Build one for me": pick regions and minutes, preview the routine, start or save it.

The routine itself comes from app.generator (pure, tested without Qt); this
dialog only gathers the two choices, shows what they give at once, and hands
the result on: to the window to start, or to the user's folder to keep.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.editing import unique_id
from app.generator import generate
from app.i18n import _, pgettext
from app.regions import Region
from app.routine import Routine, describe_dose, format_duration
from app.store import Catalog, save_user_routine
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds
from app.ui.body_map import BodyMap
from app.ui.naming import id_from_title

DEFAULT_MINUTES = 5
MIN_MINUTES = 2
MAX_MINUTES = 20
SAVED_ID_BASE = "built-for-me"  # the file's name when the name gives none
# Outside this share of the target, the preview says why the time differs.
TOLERANCE = 0.10


def _short_names() -> dict[Region, str]:
    """Each region in a word, for a routine's name; looked up at each call (the
    language is chosen after the imports)."""
    return {
        Region.TRUNK_HIPS: pgettext("region, in a routine's name", "trunk"),
        Region.WAIST: pgettext("region, in a routine's name", "waist"),
        Region.THIGHS_KNEES: pgettext("region, in a routine's name", "thighs"),
        Region.CALVES_ACHILLES: pgettext("region, in a routine's name", "calves"),
        Region.FEET_ANKLES: pgettext("region, in a routine's name", "feet"),
    }


def listed(items: Sequence[str]) -> str:
    """ "a, b and c", as the runner's language lists things ("a、b和c")."""
    if len(items) <= 1:
        return "".join(items)
    # Translators: between the items of a list but the last two ("calves, feet and waist").
    separator = pgettext("list", ", ")
    # Translators: {items} are all but the last of a list, joined as above.
    return pgettext("list", "{items} and {last}").format(
        items=separator.join(items[:-1]), last=items[-1]
    )


def suggested_name(regions: Sequence[Region], minutes: int) -> str:
    """A plain name for a built routine: "Calves and feet, 5 min"."""
    short = _short_names()
    words = [short[region] for region in regions]
    if not words:
        return ""
    names = listed(words)
    # Translators: a routine's name; {regions}: "Calves and feet".
    return _("{regions}, {minutes} min").format(
        regions=f"{names[0].upper()}{names[1:]}", minutes=minutes
    )


class BuildDialog(QDialog):
    """Emits `start_requested(Routine)` or `saved(routine id)`, then closes.

    "About N min" is the session's real time, with the runner's get-ready and
    rest (`overrides`): the routine is fitted to it and its time shown with them.
    """

    start_requested = Signal(object)
    saved = Signal(str)

    def __init__(
        self,
        catalog: Catalog,
        regions: Collection[Region] = (),
        minutes: int = DEFAULT_MINUTES,
        parent: QWidget | None = None,
        *,
        overrides: TimingOverrides = NO_OVERRIDES,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._overrides = overrides
        self._routine: Routine | None = None
        self.setWindowTitle(_("Build a routine"))

        self.region_boxes: dict[Region, QCheckBox] = {}
        region_column = QVBoxLayout()
        for region in Region:
            box = QCheckBox(region.label.replace("&", "&&"), self)  # "&" is no mnemonic
            box.setChecked(region in regions)
            box.toggled.connect(self._update_preview)
            region_column.addWidget(box)
            self.region_boxes[region] = box
        self.minutes = QSpinBox(self)
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        # Translators: after a number of minutes in a spin box ("5 min").
        self.minutes.setSuffix(_(" min"))
        self.minutes.setValue(minutes)
        self.minutes.setAccessibleName(_("Target time in minutes"))
        self.minutes.valueChanged.connect(self._update_preview)
        # The routine's name: what the list and the history will call it.
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(_("Name"))
        self.name_edit.setPlaceholderText(_("A name for this routine"))
        self.name_edit.textEdited.connect(self._name_edited)
        self._name_chosen = False  # typed by the runner: no longer follows the choices
        form = QFormLayout()
        form.addRow(_("Regions:"), region_column)
        # Translators: before the target time: "About: 5 min".
        form.addRow(_("About:"), self.minutes)
        form.addRow(_("&Name:"), self.name_edit)

        self.body_map = BodyMap(self)
        self.body_map.setFixedSize(120, 120)
        choices = QHBoxLayout()
        choices.addLayout(form, 1)
        choices.addWidget(self.body_map, 0, Qt.AlignmentFlag.AlignTop)

        self.preview_title = QLabel(self)
        self.preview_title.setWordWrap(True)
        self.preview_steps = QLabel(self)
        self.preview_steps.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_steps.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        self.start_button = QPushButton(_("Start"), self)
        self.start_button.setDefault(True)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Keep it with your own routines"))
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self._start)
        self.save_button.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        # A fixed minimum, not one following the preview: the dialog doesn't jump as it changes.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(440, 520)
        layout.addLayout(choices)
        layout.addSpacing(8)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview_steps)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._update_preview()

    def routine(self) -> Routine | None:
        """The routine the current choices give (None until a region is picked)."""
        return self._routine

    def set_overrides(self, overrides: TimingOverrides) -> None:
        """The runner's get-ready and rest changed: fit and show the routine with them."""
        if overrides != self._overrides:
            self._overrides = overrides
            self._update_preview()

    def picked_regions(self) -> tuple[Region, ...]:
        return tuple(region for region, box in self.region_boxes.items() if box.isChecked())

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _name_edited(self, text: str) -> None:
        self._name_chosen = bool(text.strip())
        self._update_preview()

    def _update_preview(self) -> None:
        regions = self.picked_regions()
        target = self.minutes.value() * 60
        self.body_map.set_regions(regions)
        if not self._name_chosen:
            self.name_edit.setText(suggested_name(regions, self.minutes.value()))
        try:
            routine = (
                generate(self._catalog.library, regions, target, overrides=self._overrides)
                if regions
                else None
            )
        except ValueError:
            routine = None
        if routine is not None and self.name():
            routine = replace(routine, title=self.name())
        self._routine = routine
        self.start_button.setEnabled(routine is not None)
        self.save_button.setEnabled(routine is not None)
        if routine is None:
            self.preview_title.setText(_("Pick one or more regions."))
            self.preview_steps.clear()
            self.notice.clear()
            return
        total = session_seconds(routine, self._overrides)
        self.preview_title.setText(f"{routine.title} · {format_duration(total)}")
        lines = [
            f"{number}. {step.name} — {describe_dose(step)}"
            for number, step in enumerate(routine.steps, start=1)
        ]
        # A stretch can work a region besides the one it was chosen for: said, so
        # the routine's regions in the list are no surprise.
        for region in (region for region in routine.regions if region not in regions):
            through = [step.name for step in routine.steps if region in step.regions]
            lines.append(
                _("Also works the {region}, through {stretches}.").format(
                    region=region.in_sentence, stretches=pgettext("list", ", ").join(through)
                )
            )
        self.preview_steps.setText("\n".join(lines))
        if total < target * (1 - TOLERANCE):
            self.notice.setText(
                _(
                    "That is as long as these regions go without repeating a stretch; "
                    "pick another region for a longer routine."
                )
            )
        elif total > target * (1 + TOLERANCE):
            self.notice.setText(_("One stretch per region takes a little longer than that."))
        else:
            self.notice.clear()

    def _start(self) -> None:
        if self._routine is not None:
            self.start_requested.emit(self._routine)
            self.accept()

    def _save(self) -> None:
        if self._routine is None:
            return
        if not self.name():
            self.notice.setText(_("Give the routine a name to save it."))
            self.name_edit.setFocus()
            return
        taken = {entry.id for entry in self._catalog.entries}
        base = id_from_title(self.name()) if self._name_chosen else SAVED_ID_BASE
        routine = replace(self._routine, id=unique_id(base, taken), title=self.name())
        try:
            save_user_routine(routine, self._catalog.library, self._catalog.user_dir)
        except (OSError, ValueError) as error:
            self.notice.setText(_("Could not save the routine: {error}").format(error=error))
            return
        self.saved.emit(routine.id)
        self.accept()
