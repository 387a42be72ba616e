"""The editor's list of steps (app.ui.editor): one line per step, in order."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from app.i18n import _
from app.routine import Step, describe_dose


def _key_text(key: str) -> str:
    """A key as the runner's language names it ("Strg+Nach oben"), from Qt's catalog."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def step_line(number: int, step: Step) -> str:
    """ "3. Lunge press — 0:30 each side" for the step list."""
    if step.stretch_id is not None:
        # Translators: a line of the editor's step list: "3. Lunge press — 0:30 each side".
        line = _("{number}. {name} — {dose}")
    else:
        # Translators: a line of the step list for a stretch the runner made up.
        line = _("{number}. {name} — {dose}  (your own)")
    return line.format(number=number, name=step.name, dose=describe_dose(step))
