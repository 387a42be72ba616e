"""The QSettings store: values persist in the file, hand edits are checked, changes signalled."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.settings import Options
from app.ui.settings_store import settings_at


def test_values_persist_to_a_new_instance(tmp_path: Path) -> None:
    path = str(tmp_path / "limber.ini")
    first = settings_at(path)
    first.set(Options.VOLUME, 35)
    first.set(Options.MUTED, True)
    first.set(Options.VOICE_RATE, -0.5)
    first.sync()
    second = settings_at(path)
    assert second.get(Options.VOLUME) == 35
    assert second.get(Options.MUTED) is True
    assert second.get(Options.VOICE_RATE) == -0.5
    assert "volume=35" in (tmp_path / "limber.ini").read_text()


def test_a_hand_edited_file_is_checked_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "limber.ini"
    path.write_text("[cues]\nvolume=very loud\n[ui]\ntheme=purple\n", encoding="utf-8")
    settings = settings_at(str(path))
    assert settings.get(Options.VOLUME) == 80
    assert settings.get(Options.THEME) == "system"
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: cues/volume: “very loud” is not a whole number; using 80",
        f"{path}: ui/theme: “purple” is not one of system, light, dark; using system",
    ]


def test_changes_are_signalled_once(tmp_path: Path, qtbot: QtBot) -> None:
    settings = settings_at(str(tmp_path / "limber.ini"))
    with qtbot.waitSignal(settings.changed) as blocker:
        settings.set(Options.MUTED, True)
    assert blocker.args == ["cues/muted"]
    keys: list[str] = []
    settings.changed.connect(keys.append)
    settings.set(Options.MUTED, True)  # unchanged: no signal
    settings.reset(Options.MUTED)
    assert keys == ["cues/muted"]


def test_a_deleted_widget_is_no_longer_told(tmp_path: Path, qtbot: QtBot) -> None:
    settings = settings_at(str(tmp_path / "limber.ini"))
    label = QLabel()  # no parent, never shown: deleted below
    settings.changed.connect(label.setText)
    settings.set(Options.MUTED, True)
    assert label.text() == "cues/muted"
    with qtbot.waitSignal(label.destroyed):
        label.deleteLater()
    settings.set(Options.MUTED, False)  # no call into the deleted label
