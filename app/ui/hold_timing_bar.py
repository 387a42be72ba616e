"""The editor's whole-routine timing row: "All holds N %" and "Fit holds to this time".

It works out the new routine (`app.editing` has the rules) and asks the
editor to apply it (`edit_requested(routine after, undo text)`), then says
what it did; the editor clears that message once anything else is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from app import editing
from app.i18n import _
from app.loader import parse_duration
from app.routine import MAX_HOLD, MIN_HOLD, Routine, format_duration
from app.timing import TimingOverrides, session_seconds, with_overrides


class HoldTimingBar(QWidget):
    """Scales or fits every hold of the routine `routine()` shows; `overrides()`: the
    runner's get-ready and rest, which the time to fit counts."""

    edit_requested = Signal(object, str)

    def __init__(
        self,
        routine: Callable[[], Routine],
        overrides: Callable[[], TimingOverrides],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._routine = routine
        self._overrides = overrides
        # The last "All holds" scaling: (the routine before, after), so that pressing
        # it again scales the holds from before, not the scaled ones.
        self._scaled: tuple[Routine, Routine] | None = None
        self.scale_spin = QSpinBox(self)
        self.scale_spin.setRange(round(editing.MIN_SCALE * 100), round(editing.MAX_SCALE * 100))
        self.scale_spin.setSingleStep(10)
        self.scale_spin.setSuffix(" %")
        self.scale_spin.setValue(100)
        self.scale_spin.setAccessibleName(_("Scale all holds"))
        self.scale_button = QPushButton(_("Scale holds"), self)
        self.scale_button.clicked.connect(self.apply_scale)
        self.fit_edit = QLineEdit(self)
        # Translators: keep "6m" and "5m30s": the field reads times written this way.
        self.fit_edit.setPlaceholderText(_("e.g. 6m or 5m30s"))
        self.fit_edit.setAccessibleName(_("Target total time"))
        self.fit_edit.setMaximumWidth(140)
        self.fit_edit.returnPressed.connect(self.apply_fit)
        self.fit_button = QPushButton(_("Fit holds to this time"), self)
        self.fit_button.clicked.connect(self.apply_fit)
        # Under the controls, wrapped: its longest messages (German ones above all)
        # need more than the room beside them in a narrow editor.
        self.timing_label = QLabel(self)
        self.timing_label.setWordWrap(True)
        # Never squeezed below its lines (a Chinese line is taller than a Latin one).
        policy = QSizePolicy.Policy
        self.timing_label.setSizePolicy(policy.Preferred, policy.Minimum)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(_("All holds:"), self), 0, 0)
        grid.addWidget(self.scale_spin, 0, 1)
        grid.addWidget(self.scale_button, 0, 2)
        grid.addWidget(QLabel(_("Total:"), self), 0, 4)
        grid.addWidget(self.fit_edit, 0, 5)
        grid.addWidget(self.fit_button, 0, 6)
        grid.addWidget(self.timing_label, 1, 0, 1, 8)
        grid.setColumnStretch(3, 0)
        grid.setColumnMinimumWidth(3, 16)
        grid.setColumnStretch(7, 1)

    def apply_scale(self) -> None:
        """Every hold at the percentage chosen of what it was before scaling: pressed
        again (150 % twice, or 150 % then 120 %), it scales the same holds, not the
        scaled ones, so the percentage shown is always what the holds are."""
        percent = self.scale_spin.value()
        base = self._routine()
        if self._scaled is not None and self._scaled[1] == base:
            base = self._scaled[0]  # nothing changed since the last scaling
        scaled = editing.scale_holds(base, percent / 100)
        self.edit_requested.emit(scaled, _("Scale holds to {percent} %").format(percent=percent))
        self._scaled = (base, scaled)
        # Translators: a percentage, as "150 %".
        percentage = _("{number} %").format(number=percent)
        # Translators: {percentage} is as "150 %"; {change} is one hold as it was and
        # is now, in brackets, or nothing.
        message = _("Holds at {percentage} of what they were{change}.")
        change = editing.first_hold_change(base, scaled)
        self.timing_label.setText(message.format(percentage=percentage, change=change))

    def apply_fit(self) -> None:
        text = self.fit_edit.text()
        try:
            target = parse_duration(text)
        except ValueError as error:
            self.timing_label.setText(str(error).capitalize() + ".")
            return
        # The target is the session's real time: fitted with the runner's get-ready
        # and rest, the holds found are kept in the routine with its own.
        timed = editing.fit_to_total(with_overrides(self._routine(), self._overrides()), target)
        fitted = replace(self._routine(), steps=timed.steps)
        before = self._routine()
        if editing.fit_too_short(before, fitted):
            shortest = editing.shortest_hold(fitted)
            floor = editing.with_fitting_floor(self._routine())
            message = _(
                "Not changed: in {target} holds would be only {shortest} s. "
                "With holds of {floor} s this routine takes {time}."
            )
            floor_time = format_duration(session_seconds(floor, self._overrides()))
            self.timing_label.setText(
                message.format(
                    target=format_duration(target),
                    shortest=f"{shortest:g}",
                    floor=f"{editing.MIN_FITTED_HOLD:g}",
                    time=floor_time,
                )
            )
            return
        self.edit_requested.emit(fitted, _("Fit to {time}").format(time=format_duration(target)))
        got = session_seconds(fitted, self._overrides())
        if abs(got - target) < 2:
            change = editing.first_hold_change(before, fitted)
            # Translators: {change} is one hold as it was and is now, in brackets, or nothing.
            message = _("Fitted: {time}{change}.")
            self.timing_label.setText(message.format(time=format_duration(got), change=change))
        else:
            message = _(
                "Closest possible: {time} (holds stay between {low} s and {high} min; "
                "reps and rests are not changed)."
            )
            self.timing_label.setText(
                message.format(
                    time=format_duration(got), low=f"{MIN_HOLD:g}", high=f"{MAX_HOLD / 60:g}"
                )
            )

    def clear_message(self) -> None:
        self.timing_label.setText("")
