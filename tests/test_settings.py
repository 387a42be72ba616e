"""Preferences: declared defaults, typed values, persistence across instances."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Options, Settings


def test_defaults_come_from_the_declarations(tmp_path: Path) -> None:
    settings = Settings.at(str(tmp_path / "limber.ini"))
    assert settings.get(Options.VOLUME) == 80
    assert settings.get(Options.MUTED) is False
    assert settings.get(Options.THEME) == "system"


def test_values_persist_to_a_new_instance(tmp_path: Path) -> None:
    path = str(tmp_path / "limber.ini")
    first = Settings.at(path)
    first.set(Options.VOLUME, 35)
    first.set(Options.MUTED, True)
    first.set(Options.VOICE_RATE, -0.5)
    first.sync()
    second = Settings.at(path)
    assert second.get(Options.VOLUME) == 35
    assert second.get(Options.MUTED) is True
    assert second.get(Options.VOICE_RATE) == -0.5
    assert "volume=35" in (tmp_path / "limber.ini").read_text()


def test_a_wrong_type_is_refused(tmp_path: Path) -> None:
    settings = Settings.at(str(tmp_path / "limber.ini"))
    with pytest.raises(TypeError, match="cues/volume takes int"):
        settings.set(Options.VOLUME, "loud")  # type: ignore[misc]


def test_a_hand_edited_bad_value_falls_back_to_the_default(tmp_path: Path) -> None:
    path = tmp_path / "limber.ini"
    path.write_text("[cues]\nvolume=very loud\n")
    assert Settings.at(str(path)).get(Options.VOLUME) == 80


def test_changes_are_announced_once(tmp_path: Path, qtbot: QtBot) -> None:
    settings = Settings.at(str(tmp_path / "limber.ini"))
    keys: list[str] = []
    settings.changed.connect(keys.append)
    settings.set(Options.MUTED, True)
    settings.set(Options.MUTED, True)  # unchanged: no second signal
    assert keys == ["cues/muted"]
