"""Qt's own texts (standard buttons) follow the runner's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.i18n_qt import (
    install_qt_translations,
    load_qt_translations,
    qt_translations_file,
    read_qt_translations,
)


@pytest.fixture
def installed(qapp: QApplication) -> Iterator[list[QTranslator]]:
    """The translators a test installs, removed after it (Qt's texts back in English)."""
    translators: list[QTranslator] = []
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def _cancel_button_text(qtbot: QtBot) -> str:
    parent = QWidget()
    qtbot.addWidget(parent)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent)
    button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert button is not None
    return button.text().replace("&", "")


@pytest.mark.parametrize(("language", "cancel"), [("de", "Abbrechen"), ("zh_CN", "取消")])
def test_standard_buttons_speak_the_language(
    qtbot: QtBot, qapp: QApplication, installed: list[QTranslator], language: str, cancel: str
) -> None:
    assert _cancel_button_text(qtbot) == "Cancel"
    translator = load_qt_translations(qapp, language)
    assert translator is not None
    installed.append(translator)
    assert _cancel_button_text(qtbot) == cancel


def test_a_regional_language_uses_its_languages_catalog() -> None:
    german = qt_translations_file("de")
    assert german is not None
    assert german.name == "qtbase_de.qm"
    assert qt_translations_file("de_AT") == german
    chinese = qt_translations_file("zh_CN")
    assert chinese is not None
    assert chinese.name == "qtbase_zh_CN.qm"


def test_english_needs_no_catalog(qapp: QApplication) -> None:
    assert qt_translations_file("en") is None
    assert read_qt_translations("en") is None
    assert load_qt_translations(qapp, "en") is None


def test_bytes_that_are_no_catalog_install_nothing(qapp: QApplication) -> None:
    assert install_qt_translations(qapp, b"not a catalog") is None
    assert install_qt_translations(qapp, None) is None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
