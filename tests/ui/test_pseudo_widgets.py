"""The pseudo-locale's widget check finds a forgotten string and lets the user's data be."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.i18n import _
from app.settings import Options, Settings
from app.ui.cue_player import CueControls
from tests.pseudo import pseudo_locale
from tests.ui.pseudo_widgets import untranslated_widget_texts, visible_texts
from tools.pseudo_locale import pseudo_text


def test_the_check_finds_every_kind_of_text_left_plain(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowTitle("Limber")
    box = QGroupBox("Options", window)
    label = QLabel("<b>Hold</b> still", box)
    edit = QLineEdit(box)
    edit.setPlaceholderText("Search")
    button = QPushButton(pseudo_text("Start"), box)
    button.setToolTip("Start the warm-up")
    hidden = QLabel("Hidden", box)
    hidden.hide()
    layout = QVBoxLayout(box)
    for widget in (label, edit, button, hidden):
        layout.addWidget(widget)
    window.show()
    found = [" ".join(text.split()) for _where, text in untranslated_widget_texts(window)]
    assert sorted(found) == ["Hold still", "Limber", "Options", "Search", "Start the warm-up"]
    everything = [text for _where, text in visible_texts(window, include_hidden=True)]
    assert "Hidden" in everything


def test_numbers_punctuation_and_the_users_data_may_stay_plain(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowTitle(pseudo_text("Limber"))
    QLabel("12 · 0:30 · 5%", window)
    QLabel(f"{pseudo_text('Routine:')} My hill loop", window)
    window.show()
    assert untranslated_widget_texts(window, allowed={"My hill loop"}) == []


def test_the_session_pages_sound_row_is_translated_muted_and_not(
    qtbot: QtBot, settings: Settings
) -> None:
    with pseudo_locale():
        page = QWidget()
        qtbot.addWidget(page)
        controls = CueControls(settings, page)
        QVBoxLayout(page).addWidget(controls)
        controls.set_notice(_("Voice is off: {reason}.").format(reason=_("Cue volume")))
        # Not shown: what would be visible is checked (a top-level shown offscreen warns
        # when its size hints change, as they do when "Mute" becomes "Unmute").
        assert untranslated_widget_texts(controls) == []
        settings.set(Options.MUTED, True)
        assert untranslated_widget_texts(controls) == []
        assert controls.mute_button.text() == pseudo_text("Unmute")
