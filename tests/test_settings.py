"""Preferences: declared defaults, typed values, persistence across instances."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.routine import MAX_PAUSE
from app.settings import Option, Options, Settings
from app.timing import TimingOverrides


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


# --- hand-edited values ------------------------------------------------------------------------

NUMBER_OPTIONS = (
    Options.VOLUME,
    Options.VOICE_RATE,
    Options.LEAD_IN,
    Options.REST,
    Options.COUNTDOWN_SCALE,
)


def written(tmp_path: Path, option: Option[Any], text: str) -> Settings:
    group, name = option.key.split("/")
    path = tmp_path / "limber.ini"
    path.write_text(f"[{group}]\n{name}={text}\n", encoding="utf-8")
    return Settings.at(str(path))


@pytest.mark.parametrize("option", NUMBER_OPTIONS, ids=lambda option: option.key)
@pytest.mark.parametrize("text", ["nan", "-nan", "inf", "-inf", "1e308", "1e400", "NaN"])
def test_a_number_that_is_not_finite_falls_back_to_the_default(
    tmp_path: Path, option: Option[Any], text: str
) -> None:
    value = written(tmp_path, option, text).get(option)
    if isinstance(option.default, float) and text == "1e308":
        # A fraction option reads 1e308 as a (huge) number: clamped, like any other.
        assert value == option.high
    else:
        assert value == option.default


@pytest.mark.parametrize("option", NUMBER_OPTIONS, ids=lambda option: option.key)
def test_a_number_out_of_range_is_clamped_to_what_the_dialog_allows(
    tmp_path: Path, option: Option[Any]
) -> None:
    assert option.low is not None
    assert option.high is not None
    assert written(tmp_path, option, "3000000").get(option) == option.high
    assert written(tmp_path, option, "-3000000").get(option) == option.low
    assert written(tmp_path, option, "9" * 70).get(option) == option.high


def test_a_lead_in_of_a_month_is_the_longest_pause(tmp_path: Path) -> None:
    settings = written(tmp_path, Options.LEAD_IN, "3000000")
    assert settings.get(Options.LEAD_IN) == MAX_PAUSE
    assert TimingOverrides.from_settings(
        settings.get(Options.LEAD_IN), settings.get(Options.REST)
    ) == TimingOverrides(lead_in=MAX_PAUSE, rest=None)


def test_the_ranges_are_the_ones_the_settings_dialog_offers(qtbot: QtBot, tmp_path: Path) -> None:
    from app.ui.settings_dialog import RATE_STEPS, SettingsDialog

    dialog = SettingsDialog(Settings.at(str(tmp_path / "limber.ini")))
    qtbot.addWidget(dialog)
    controls: dict[Option[Any], tuple[float, float]] = {
        Options.VOLUME: (dialog.volume.minimum(), dialog.volume.maximum()),
        Options.VOICE_RATE: (
            dialog.rate.minimum() / RATE_STEPS,
            dialog.rate.maximum() / RATE_STEPS,
        ),
        Options.LEAD_IN: (dialog.lead_in.minimum(), dialog.lead_in.maximum()),
        Options.REST: (dialog.rest.minimum(), dialog.rest.maximum()),
        Options.COUNTDOWN_SCALE: (dialog.countdown.minimum(), dialog.countdown.maximum()),
    }
    assert set(controls) == set(NUMBER_OPTIONS)
    for option, (low, high) in controls.items():
        assert (option.low, option.high) == (low, high), option.key


def test_the_settings_dialog_opens_over_a_hand_edited_file(tmp_path: Path, qtbot: QtBot) -> None:
    from app.ui.settings_dialog import SettingsDialog

    path = tmp_path / "limber.ini"
    path.write_text(
        "[cues]\nvoice_rate=nan\nvolume=1e308\n"
        "[session]\nlead_in=3000000\nrest=-7\n"
        "[ui]\ncountdown_scale=inf\n",
        encoding="utf-8",
    )
    dialog = SettingsDialog(Settings.at(str(path)))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.rate.value() == 0
    assert dialog.volume.value() == 80
    assert dialog.lead_in.value() == MAX_PAUSE
    assert dialog.rest.value() == -1
    assert dialog.countdown.value() == 100
