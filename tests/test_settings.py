"""Preferences: declared defaults, values read back checked like user input, changes told.

Plain Python, no Qt: the values are in a `MemoryStore`, as a hand-edited file
may hold them (text). The QSettings store is tested in tests/ui/test_settings_store.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from app import i18n
from app.i18n import LANGUAGES, SOURCE_LANGUAGE
from app.routine import MAX_PAUSE
from app.settings import (
    ALL_OPTIONS,
    SHOWN_OPTIONS,
    Control,
    Group,
    MemoryStore,
    Option,
    Options,
    Settings,
    shown_in,
    translated,
)
from app.timing import TimingOverrides


def test_defaults_come_from_the_declarations() -> None:
    settings = Settings.in_memory()
    assert settings.get(Options.VOLUME) == 80
    assert settings.get(Options.MUTED) is False
    assert settings.get(Options.THEME) == "system"


def test_values_set_are_read_back() -> None:
    store = MemoryStore()
    settings = Settings(store)
    settings.set(Options.VOLUME, 35)
    settings.set(Options.MUTED, True)
    settings.set(Options.VOICE_RATE, -0.5)
    again = Settings(store)
    assert again.get(Options.VOLUME) == 35
    assert again.get(Options.MUTED) is True
    assert again.get(Options.VOICE_RATE) == -0.5
    assert store.values == {"cues/volume": 35, "cues/muted": True, "cues/voice_rate": -0.5}


def test_a_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError, match="cues/volume takes int"):
        Settings.in_memory().set(Options.VOLUME, "loud")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("option", "value"),
    [(Options.VOLUME, 101), (Options.THEME, "purple"), (Options.VOICE_RATE, float("nan"))],
)
def test_a_value_the_option_cannot_take_is_refused(option: Option[Any], value: object) -> None:
    settings = Settings.in_memory()
    with pytest.raises(ValueError, match=option.key):
        settings.set(option, value)
    assert settings.get(option) == option.default


def test_changes_are_announced_once() -> None:
    settings = Settings.in_memory()
    keys: list[str] = []
    settings.changed.connect(keys.append)
    settings.set(Options.MUTED, True)
    settings.set(Options.MUTED, True)  # unchanged: no second call
    settings.reset(Options.MUTED)
    assert keys == ["cues/muted", "cues/muted"]
    assert settings.get(Options.MUTED) is False


# --- hand-edited values ------------------------------------------------------------------------

NUMBER_OPTIONS = (
    Options.VOLUME,
    Options.VOICE_RATE,
    Options.LEAD_IN,
    Options.REST,
    Options.COUNTDOWN_SCALE,
)


def written(option: Option[Any], text: str) -> Settings:
    return Settings.in_memory({option.key: text})


def test_stored_text_is_read_as_the_options_type() -> None:
    settings = Settings.in_memory(
        {"cues/volume": "35", "cues/muted": "true", "cues/voice_rate": "-0.5", "ui/theme": "Dark "}
    )
    assert settings.get(Options.VOLUME) == 35
    assert settings.get(Options.MUTED) is True
    assert settings.get(Options.VOICE_RATE) == -0.5
    assert settings.get(Options.THEME) == "dark"


def test_a_hand_edited_bad_value_falls_back_to_the_default_and_says_so_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = written(Options.VOLUME, "very loud")
    assert settings.get(Options.VOLUME) == 80
    assert settings.get(Options.VOLUME) == 80
    assert capsys.readouterr().err == (
        "(settings in memory): cues/volume: “very loud” is not a whole number; using 80\n"
    )


@pytest.mark.parametrize(
    ("option", "text", "told"),
    [
        (Options.MUTED, "maybe", "“maybe” is not true or false; using False"),
        (Options.THEME, "purple", "“purple” is not one of system, light, dark; using system"),
        (Options.VOICE_RATE, "nan", "“nan” is not a finite number; using 0.0"),
        (Options.LEAD_IN, "3000000", "3000000 is above the highest, 600; using 600"),
        (Options.VOLUME, "-4", "-4 is below the lowest, 0; using 0"),
    ],
)
def test_each_kind_of_bad_value_is_named(
    capsys: pytest.CaptureFixture[str], option: Option[Any], text: str, told: str
) -> None:
    written(option, text).get(option)
    assert capsys.readouterr().err == f"(settings in memory): {option.key}: {told}\n"


def test_a_good_value_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    written(Options.VOLUME, "35").get(Options.VOLUME)
    assert capsys.readouterr().err == ""


def test_an_unknown_colour_scheme_is_the_default() -> None:
    assert written(Options.THEME, "purple").get(Options.THEME) == "system"


@pytest.mark.parametrize("option", NUMBER_OPTIONS, ids=lambda option: option.key)
@pytest.mark.parametrize("text", ["nan", "-nan", "inf", "-inf", "1e308", "1e400", "NaN"])
def test_a_number_that_is_not_finite_falls_back_to_the_default(
    option: Option[Any], text: str
) -> None:
    value = written(option, text).get(option)
    if isinstance(option.default, float) and text == "1e308":
        # A fraction option reads 1e308 as a (huge) number: clamped, like any other.
        assert value == option.high
    else:
        assert value == option.default


@pytest.mark.parametrize("option", NUMBER_OPTIONS, ids=lambda option: option.key)
def test_a_number_out_of_range_is_clamped_to_what_the_dialog_allows(option: Option[Any]) -> None:
    assert option.low is not None
    assert option.high is not None
    assert written(option, "3000000").get(option) == option.high
    assert written(option, "-3000000").get(option) == option.low
    assert written(option, "9" * 70).get(option) == option.high


def test_a_lead_in_of_a_month_is_the_longest_pause() -> None:
    settings = written(Options.LEAD_IN, "3000000")
    assert settings.get(Options.LEAD_IN) == MAX_PAUSE
    assert TimingOverrides.from_settings(
        settings.get(Options.LEAD_IN), settings.get(Options.REST)
    ) == TimingOverrides(lead_in=MAX_PAUSE, rest=None)


# --- the declarations, as the settings dialog reads them -----------------------------------------


def test_every_key_is_declared_once() -> None:
    keys = [option.key for option in ALL_OPTIONS]
    assert len(keys) == len(set(keys))
    assert len(keys) >= 21


def test_the_dialog_shows_every_option_a_runner_sets_in_its_group() -> None:
    assert [option.key for option in shown_in(Group.TIMING)] == ["session/lead_in", "session/rest"]
    assert Options.THEME in shown_in(Group.WINDOW)
    assert Options.VOLUME in shown_in(Group.CUES)
    hidden = {Options.LAST_ROUTINE, Options.WINDOW_GEOMETRY, Options.RESUME_SESSION}
    assert set(SHOWN_OPTIONS) == set(ALL_OPTIONS) - hidden
    assert all(option.control is Control.NONE for option in hidden)


def test_each_number_shown_has_its_bounds_and_each_choice_its_default() -> None:
    for option in SHOWN_OPTIONS:
        if option.control in (Control.SPIN, Control.SLIDER):
            assert option.low is not None, option.key
            assert option.high is not None, option.key
            assert option.low <= option.default <= option.high, option.key
        if option.choices:
            assert option.default in [choice.value for choice in option.choices], option.key


def test_an_option_is_named_by_its_label_unless_told_otherwise() -> None:
    assert Options.REST.spoken_name == "Rest between stretches"
    assert Options.VOICE_NAME.spoken_name == "Voice"
    assert Options.THEME.spoken_name == "Colour scheme"


# --- the language ------------------------------------------------------------------------------


def test_the_language_offered_is_the_systems_or_one_limber_ships_each_named_in_itself() -> None:
    offered = [(choice.value, choice.label) for choice in Options.LANGUAGE.choices]
    assert offered == [
        ("", "System default"),
        ("en", "English"),
        ("de", "Deutsch"),
        ("zh_CN", "简体中文"),
    ]
    assert {value for value, _label in offered} - {""} == {SOURCE_LANGUAGE, *LANGUAGES}
    assert Options.LANGUAGE.default == ""  # the system's, until the runner chooses
    assert Options.LANGUAGE in shown_in(Group.LANGUAGE)


def test_the_language_chosen_is_kept() -> None:
    store = MemoryStore()
    Settings(store).set(Options.LANGUAGE, "zh_CN")
    assert store.values == {"ui/language": "zh_CN"}
    assert Settings(store).get(Options.LANGUAGE) == "zh_CN"  # read back by the next start


def test_a_hand_written_language_is_read_whatever_its_case() -> None:
    assert written(Options.LANGUAGE, " ZH_cn").get(Options.LANGUAGE) == "zh_CN"
    assert written(Options.LANGUAGE, "DE").get(Options.LANGUAGE) == "de"


def test_a_language_limber_does_not_ship_is_the_system_default_said_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = written(Options.LANGUAGE, "klingon")
    assert settings.get(Options.LANGUAGE) == ""
    assert settings.get(Options.LANGUAGE) == ""
    assert capsys.readouterr().err == (
        "(settings in memory): ui/language: “klingon” is not one of “”, en, de, zh_CN; using “”\n"
    )


def test_the_declared_texts_are_shown_in_the_runners_language() -> None:
    with i18n.installed(i18n.ENGLISH):
        i18n.install_language("de")
        assert Group.LANGUAGE.title == "Sprache"
        assert Options.THEME.spoken_name == "Farbschema"
        assert translated(Options.VOLUME.label) == "&Lautstärke:"
        assert translated("") == ""  # not the catalog's header
        i18n.install_language("zh_CN")
        assert translated(Options.REST.label) == "动作间休息(&R)："
        assert Options.REST.spoken_name == "动作间休息"  # what a screen reader says
        assert Options.LEAD_IN.spoken_name == "准备时间"
