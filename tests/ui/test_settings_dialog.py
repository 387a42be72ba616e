"""The settings dialog: changes apply live, persist, and Cancel puts them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from app import i18n
from app.routine import MAX_PAUSE
from app.settings import SHOWN_OPTIONS, Control, Option, Options, Settings
from app.store import Catalog
from app.ui import theme
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import FOLLOW_ROUTINE, RATE_STEPS, SettingsDialog
from app.ui.settings_store import settings_at
from app.ui.theme import Scheme
from tests.fakes import FakeClock
from tests.pseudo import pseudo_locale
from tests.ui.driving import TWO_STEP_ROUTINE
from tests.ui.layout_check import cut_off_texts, save_shot
from tests.ui.pseudo_widgets import untranslated_widget_texts
from tools.pseudo_locale import pseudo_text


@pytest.fixture
def ini(tmp_path: Path) -> str:
    return str(tmp_path / "limber.ini")


@pytest.fixture
def settings(ini: str) -> Settings:
    return settings_at(ini)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(folder), FakeClock(), settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def opened(window: MainWindow) -> SettingsDialog:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def button(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    found = dialog.buttons.button(which)
    assert found is not None
    found.click()


def built_dialog(window: MainWindow) -> SettingsDialog | None:
    return window.settings_dialog


def test_the_dialog_is_built_only_when_opened(qtbot: QtBot, window: MainWindow) -> None:
    assert built_dialog(window) is None
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = built_dialog(window)
    assert dialog is not None
    assert dialog.isVisible()


def test_the_pickers_settings_button_opens_it(window: MainWindow) -> None:
    window.picker.settings_button.click()
    assert window.settings_dialog is not None
    assert window.settings_dialog.isVisible()


def test_changes_persist_to_a_new_settings_instance(
    window: MainWindow, ini: str, app_look: QApplication
) -> None:
    dialog = opened(window)
    dialog.lead_in.setValue(15)
    dialog.rest.setValue(0)
    dialog.volume.setValue(35)
    dialog.check_box(Options.VOICE_ENABLED).setChecked(False)
    dialog.check_box(Options.COUNT_REPS_ALOUD).setChecked(True)
    dialog.rate.setValue(-5)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.countdown.setValue(130)
    dialog.check_box(Options.START_FULLSCREEN).setChecked(True)
    button(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()

    reread = settings_at(ini)
    assert reread.get(Options.LEAD_IN) == 15
    assert reread.get(Options.REST) == 0
    assert reread.get(Options.VOLUME) == 35
    assert reread.get(Options.VOICE_ENABLED) is False
    assert reread.get(Options.COUNT_REPS_ALOUD) is True
    assert reread.get(Options.VOICE_RATE) == -0.5
    assert reread.get(Options.THEME) == "dark"
    assert reread.get(Options.COUNTDOWN_SCALE) == 130
    assert reread.get(Options.START_FULLSCREEN) is True


def test_cancel_puts_every_value_back(
    window: MainWindow, settings: Settings, app_look: QApplication
) -> None:
    settings.set(Options.VOLUME, 60)
    dialog = opened(window)
    dialog.volume.setValue(10)
    dialog.lead_in.setValue(30)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert settings.get(Options.VOLUME) == 10  # live, while the dialog is open
    button(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert settings.get(Options.VOLUME) == 60
    assert settings.get(Options.LEAD_IN) == Options.LEAD_IN.default
    assert settings.get(Options.THEME) == "system"


def test_restore_defaults(window: MainWindow, settings: Settings) -> None:
    settings.set(Options.VOLUME, 20)
    settings.set(Options.SAY_DONE, False)
    dialog = opened(window)
    button(dialog, QDialogButtonBox.StandardButton.RestoreDefaults)
    assert settings.get(Options.VOLUME) == Options.VOLUME.default
    assert dialog.volume.value() == Options.VOLUME.default
    assert dialog.check_box(Options.SAY_DONE).isChecked()


def test_the_dialog_follows_changes_made_elsewhere(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    dialog = opened(window)
    settings.set(Options.MUTED, True)  # M pressed in the window
    assert dialog.check_box(Options.MUTED).isChecked()


def test_voice_options_are_greyed_while_the_voice_is_off(window: MainWindow) -> None:
    dialog = opened(window)
    dialog.check_box(Options.VOICE_ENABLED).setChecked(False)
    assert not dialog.rate.isEnabled()
    assert not dialog.check_box(Options.SAY_DONE).isEnabled()
    dialog.check_box(Options.VOICE_ENABLED).setChecked(True)
    assert dialog.rate.isEnabled()


def test_the_dialog_opens_at_the_same_size_each_time(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    dialog = opened(window)
    first = dialog.size()
    assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
    dialog.check_box(Options.VOICE_ENABLED).setChecked(False)  # controls grey out
    dialog.set_voices(["A voice with a name much longer than the box was made for"])
    dialog.resize(first.width() + 120, first.height() + 60)
    button(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert opened(window).size() == first


def test_the_3_2_1_before_each_stretch_is_set_with_the_sounds(
    window: MainWindow, settings: Settings
) -> None:
    dialog = opened(window)
    ticks = dialog.check_box(Options.TICKS_BEFORE_STRETCH)
    assert ticks.isChecked()  # on unless turned off
    ticks.setChecked(False)
    assert settings.get(Options.TICKS_BEFORE_STRETCH) is False
    dialog.check_box(Options.SOUND_ENABLED).setChecked(False)
    assert not ticks.isEnabled()  # no sounds, no ticks
    button(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert settings.get(Options.TICKS_BEFORE_STRETCH) is True


def test_a_stored_voice_is_offered_and_kept(settings: Settings, qtbot: QtBot) -> None:
    settings.set(Options.VOICE_NAME, "Kathy")
    dialog = SettingsDialog(settings, voices=["Alex", "Kathy"])
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.voice.currentText() == "Kathy"
    dialog.voice.setCurrentIndex(0)
    assert settings.get(Options.VOICE_NAME) == ""


def test_theme_switch_applies_the_palette_live(
    qtbot: QtBot, window: MainWindow, app_look: QApplication
) -> None:
    dialog = opened(window)
    role = QPalette.ColorRole.Window
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert app_look.palette().color(role) == QColor("#202428")
    # Qt hands the new palette to the widgets through posted events.
    qtbot.waitUntil(lambda: window.picker.palette().color(role) == QColor("#202428"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    assert app_look.palette().color(role) == QColor("#f3f4f6")
    qtbot.waitUntil(lambda: window.picker.palette().color(role) == QColor("#f3f4f6"))


def phase_colour(window: MainWindow) -> QColor:
    return window.session_page.phase_label.palette().color(QPalette.ColorRole.WindowText)


def test_the_session_page_recolours_on_a_theme_change(
    qtbot: QtBot, window: MainWindow, settings: Settings, app_look: QApplication
) -> None:
    window.open_routine("two-step")
    settings.set(Options.THEME, "light")
    qtbot.waitUntil(lambda: phase_colour(window) == QColor("#9c4f00"))
    settings.set(Options.THEME, "dark")
    qtbot.waitUntil(lambda: phase_colour(window) == QColor("#ffb36b"))
    assert "#453627" in window.session_page.styleSheet()  # the dark cue wash
    name_colour = window.session_page.name_label.palette().color(QPalette.ColorRole.WindowText)
    assert name_colour == QColor("#eceff3")  # not the light scheme's dark text, left behind


def test_a_desktop_scheme_change_is_followed_only_when_set_to_follow(
    window: MainWindow, settings: Settings, app_look: QApplication
) -> None:
    window.open_routine("two-step")
    hints = QGuiApplication.styleHints()
    settings.set(Options.THEME, "dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app_look.palette().color(QPalette.ColorRole.Window) == QColor("#202428")
    settings.set(Options.THEME, "system")
    dark = theme.palette_for(Scheme.DARK)
    assert dark is not None
    app_look.setPalette(dark)  # left over from before the switch
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app_look.palette().resolveMask() == 0  # following the desktop again
    wash = theme.cue_background(app_look.palette()).name()
    assert wash in window.session_page.styleSheet()  # the page took the desktop's colours


def test_a_closed_window_no_longer_follows_the_desktop_scheme(
    window: MainWindow, settings: Settings, app_look: QApplication
) -> None:
    """Another window (the next one, in tests) may be setting the colours by then."""
    settings.set(Options.THEME, "dark")
    window.close()
    settings.set(Options.THEME, "system")  # as a window left behind would have it
    dark = theme.palette_for(Scheme.DARK)
    assert dark is not None
    app_look.setPalette(dark)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app_look.palette().color(QPalette.ColorRole.Window) == QColor("#202428")


def test_lead_in_and_rest_follow_the_routine_unless_set(
    window: MainWindow, settings: Settings
) -> None:
    dialog = opened(window)
    assert dialog.lead_in.text() == FOLLOW_ROUTINE
    window.open_routine("two-step")
    assert window.session_page.countdown.text() == "0:05"  # the routine's lead_in
    window.close_session()

    settings.set(Options.LEAD_IN, 12)
    settings.set(Options.REST, 0)
    window.open_routine("two-step")
    assert window.session_page.countdown.text() == "0:12"
    session = window.driver.session
    assert session is not None
    assert session.routine.rest == 0.0
    assert session.routine.lead_in == 12.0


def test_the_override_never_reaches_the_routine(window: MainWindow, settings: Settings) -> None:
    settings.set(Options.LEAD_IN, 0)
    window.open_routine("two-step")
    catalog_entry = window._catalog.get("two-step") if window._catalog else None
    assert catalog_entry is not None
    assert catalog_entry.routine is not None
    assert catalog_entry.routine.lead_in == 5.0


def test_countdown_size_applies_to_an_open_session(window: MainWindow, settings: Settings) -> None:
    window.open_routine("two-step")
    page = window.session_page
    before = page.countdown.font().pixelSize()
    settings.set(Options.COUNTDOWN_SCALE, 50)
    assert page.countdown.font().pixelSize() < before


# --- the controls and the declarations -------------------------------------------------------

NUMBER_OPTIONS = (
    Options.VOLUME,
    Options.VOICE_RATE,
    Options.LEAD_IN,
    Options.REST,
    Options.COUNTDOWN_SCALE,
)


def test_the_ranges_are_the_ones_the_declarations_allow(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
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


def test_the_dialog_opens_over_a_hand_edited_file(
    tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "edited.ini"
    path.write_text(
        "[cues]\nvoice_rate=nan\nvolume=1e308\n"
        "[session]\nlead_in=3000000\nrest=-7\n"
        "[ui]\ncountdown_scale=inf\n",
        encoding="utf-8",
    )
    dialog = SettingsDialog(settings_at(str(path)))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.rate.value() == 0
    assert dialog.volume.value() == 80
    assert dialog.lead_in.value() == MAX_PAUSE
    assert dialog.rest.value() == -1
    assert dialog.countdown.value() == 100
    told = capsys.readouterr().err.splitlines()
    assert len(told) == 5  # once for each bad value, though the dialog read each several times
    assert f"{path}: session/lead_in: 3000000 is above the highest, 600; using 600" in told


def test_each_option_declared_to_be_shown_has_its_row_in_its_group(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert [box.title() for box in dialog.findChildren(QGroupBox)] == [
        "Timing",
        "Sound and voice",
        "Window",
        "Language",
    ]
    check_texts = {box.text(): box for box in dialog.findChildren(QCheckBox)}
    labelled = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    for option in SHOWN_OPTIONS:
        group = next(
            box for box in dialog.findChildren(QGroupBox) if box.title() == option.group.title
        )
        if option.control is Control.CHECK:
            assert check_texts[option.label].parent() is group, option.key
        else:
            control = labelled[option.label]
            assert control is not None, option.key
            assert control.accessibleName() == option.spoken_name
            assert control.parent() is group, option.key
    assert len(check_texts) == sum(option.control is Control.CHECK for option in SHOWN_OPTIONS)


def test_the_colour_schemes_offered_are_the_ones_the_theme_knows(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    offered = [dialog.theme.itemData(row) for row in range(dialog.theme.count())]
    assert offered == [scheme.value for scheme in Scheme]
    assert [dialog.theme.itemText(row) for row in range(dialog.theme.count())] == [
        "Follow the system",
        "Light",
        "Dark",
    ]


# --- in the runner's language ------------------------------------------------------------------

# Each language is named in itself, in every language: no catalog translates these.
LANGUAGE_NAMES = {"English", "Deutsch", "简体中文"}


def standard_buttons(dialog: SettingsDialog) -> set[str]:
    """OK, Cancel, Restore Defaults: Qt's own texts, translated by Qt's catalogs."""
    return {button.text() for button in dialog.buttons.buttons()}


def test_every_text_of_the_dialog_is_translated(qtbot: QtBot, settings: Settings) -> None:
    with pseudo_locale():
        dialog = SettingsDialog(settings, voices=["English (America)"])
        qtbot.addWidget(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))  # the note shows
        allowed = {*LANGUAGE_NAMES, *standard_buttons(dialog), "English (America)"}
        assert dialog.language_note.isVisibleTo(dialog)
        assert untranslated_widget_texts(dialog, allowed=allowed) == []
        assert dialog.lead_in.specialValueText() == pseudo_text("As the routine says")
        assert dialog.lead_in.suffix() == pseudo_text(" s")
        assert dialog.voice.itemText(0) == pseudo_text("System default")
        dialog.reject()


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_nothing_is_cut_off_at_the_dialogs_smallest_size(
    qtbot: QtBot, settings: Settings, language: str
) -> None:
    with i18n.installed(i18n.ENGLISH):
        i18n.install_language(language)
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))  # the note shows
        dialog.open()
        qtbot.waitExposed(dialog)
        dialog.resize(dialog.minimumSize())
        qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSize())
        assert dialog.language_note.isVisible()
        assert cut_off_texts(dialog) == []
        save_shot(dialog, f"settings-{language}-smallest")
        dialog.reject()
