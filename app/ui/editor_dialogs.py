"""The questions the editor and the picker's file actions ask, behind one `Dialogs` object.

Tests pass their own answers instead of clicking through modal boxes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import _


class UnsavedChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_with_message_box(parent: QWidget) -> UnsavedChoice:
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent,
        _("Unsaved changes"),
        _("Save your changes to this routine?"),
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    if answer == buttons.Save:
        return UnsavedChoice.SAVE
    if answer == buttons.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def choose_open_path_with_dialog(parent: QWidget) -> Path | None:
    # Translators: file dialog filters: keep the patterns in brackets as they are.
    filters = _("Routine files (*.yaml *.yml);;All files (*)")
    name, _filter = QFileDialog.getOpenFileName(parent, _("Import a routine"), "", filters)
    return Path(name) if name else None


def choose_save_path_with_dialog(parent: QWidget, suggested: str) -> Path | None:
    filters = _("Routine files (*.yaml)")
    name, _filter = QFileDialog.getSaveFileName(parent, _("Export the routine"), suggested, filters)
    return Path(name) if name else None


def choose_picture_path_with_dialog(parent: QWidget) -> Path | None:
    filters = _("Pictures (*.png *.jpg *.jpeg *.svg)")
    name, _filter = QFileDialog.getOpenFileName(parent, _("Choose a picture"), "", filters)
    return Path(name) if name else None


def show_error_with_message_box(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


@dataclass(frozen=True)
class Dialogs:
    """The questions the editor and the picker's actions ask; tests pass their own."""

    ask_unsaved: Callable[[QWidget], UnsavedChoice] = ask_unsaved_with_message_box
    choose_open_path: Callable[[QWidget], Path | None] = choose_open_path_with_dialog
    choose_save_path: Callable[[QWidget, str], Path | None] = choose_save_path_with_dialog
    show_error: Callable[[QWidget, str, str], None] = show_error_with_message_box
    choose_picture_path: Callable[[QWidget], Path | None] = choose_picture_path_with_dialog
