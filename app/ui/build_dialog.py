""" "Build one for me": pick regions and minutes, preview the routine, start or save it.

The routine itself comes from app.generator (pure, tested without Qt); this
dialog only gathers the two choices, shows what they give at once, and hands
the result on: to the window to start, or to the user's folder to keep.
"""

from __future__ import annotations

from collections.abc import Collection
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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.editing import unique_id
from app.generator import generate
from app.regions import Region
from app.routine import Routine, describe_dose, format_duration
from app.store import Catalog, save_user_routine
from app.timing import NO_OVERRIDES, TimingOverrides, session_seconds
from app.ui.body_map import BodyMap

DEFAULT_MINUTES = 5
MIN_MINUTES = 2
MAX_MINUTES = 20
SAVED_ID_BASE = "built-for-me"
# Outside this share of the target, the preview says why the time differs.
TOLERANCE = 0.10


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
        self.setWindowTitle("Build a routine")

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
        self.minutes.setSuffix(" min")
        self.minutes.setValue(minutes)
        self.minutes.setAccessibleName("Target time in minutes")
        self.minutes.valueChanged.connect(self._update_preview)
        form = QFormLayout()
        form.addRow("Regions:", region_column)
        form.addRow("About:", self.minutes)

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
        self.start_button = QPushButton("Start", self)
        self.start_button.setDefault(True)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Keep it with your own routines")
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

    def _update_preview(self) -> None:
        regions = self.picked_regions()
        target = self.minutes.value() * 60
        self.body_map.set_regions(regions)
        try:
            routine = (
                generate(self._catalog.library, regions, target, overrides=self._overrides)
                if regions
                else None
            )
        except ValueError:
            routine = None
        self._routine = routine
        self.start_button.setEnabled(routine is not None)
        self.save_button.setEnabled(routine is not None)
        if routine is None:
            self.preview_title.setText("Pick one or more regions.")
            self.preview_steps.clear()
            self.notice.clear()
            return
        total = session_seconds(routine, self._overrides)
        self.preview_title.setText(f"{routine.title} · {format_duration(total)}")
        self.preview_steps.setText(
            "\n".join(
                f"{number}. {step.name} — {describe_dose(step)}"
                for number, step in enumerate(routine.steps, start=1)
            )
        )
        if total < target * (1 - TOLERANCE):
            self.notice.setText(
                "That is as long as these regions go without repeating a stretch; "
                "pick another region for a longer routine."
            )
        elif total > target * (1 + TOLERANCE):
            self.notice.setText("One stretch per region takes a little longer than that.")
        else:
            self.notice.clear()

    def _start(self) -> None:
        if self._routine is not None:
            self.start_requested.emit(self._routine)
            self.accept()

    def _save(self) -> None:
        if self._routine is None:
            return
        taken = {entry.id for entry in self._catalog.entries}
        routine = replace(self._routine, id=unique_id(SAVED_ID_BASE, taken))
        try:
            save_user_routine(routine, self._catalog.library, self._catalog.user_dir)
        except (OSError, ValueError) as error:
            self.notice.setText(f"Could not save the routine: {error}")
            return
        self.saved.emit(routine.id)
        self.accept()
