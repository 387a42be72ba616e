"""Texts a layout cuts off: for the "layouts that hold" tests of each language.

A label, check box or button is cut off when it is narrower than its text
needs (its size hint); a word-wrapped label, when it is shorter than its text
needs at its width. Only what is visible is looked at. With LIMBER_SHOTS set to a folder, the
tests also save what they checked there as pictures, to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def cut_off_texts(root: QWidget) -> list[tuple[str, str, int, int]]:
    """(text, what it needs, what it has) for each text the layout cuts off; each
    number is a width, or a height for a word-wrapped label."""
    found: list[tuple[str, str, int, int]] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                needed, room = widget.heightForWidth(widget.width()), widget.height()
            else:
                needed, room = widget.sizeHint().width(), widget.width()
        elif isinstance(widget, QAbstractButton) and widget.text():
            needed, room = widget.sizeHint().width(), widget.width()
        else:
            continue
        if needed > room:
            found.append((type(widget).__name__, widget.text(), needed, room))
    return found


def save_shot(widget: QWidget, name: str) -> None:
    """`widget` as drawn, as NAME.png in the folder LIMBER_SHOTS names (if it does)."""
    folder = os.environ.get("LIMBER_SHOTS", "")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))
