"""The language chosen in Settings: applied at launch, before the window makes a text;
the voice speaks it; a new choice says it shows from the next start."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.settings import Options, Settings
from app.ui import cue_player, install_chosen_language, launch, load_qt_texts, settings_store
from app.ui.cue_channel import CueKind
from app.ui.cue_process import WorkerProcess
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from app.ui.settings_store import settings_at
from app.ui.single_instance import SingleInstance
from tests.fakes import FakeClock


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


@pytest.fixture
def system_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


def test_a_window_launched_with_chinese_chosen_is_in_chinese(
    qtbot: QtBot, clock: FakeClock, settings: Settings, system_in_german: None
) -> None:
    settings.set(Options.LANGUAGE, "zh_CN")
    assert install_chosen_language(settings) == "zh_CN"  # the choice, not the system's
    window = MainWindow(None, clock, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "设置 — Limber"
    assert dialog.language.currentText() == "简体中文"
    assert not dialog.language_note.isVisible()  # nothing to wait for: it is in use
    dialog.reject()


def test_with_no_choice_the_window_follows_the_system(
    settings: Settings, system_in_german: None
) -> None:
    assert install_chosen_language(settings) == "de"


def test_a_language_that_is_no_choice_is_the_systems_said_once(
    tmp_path: Path, system_in_german: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "edited.ini"
    path.write_text("[ui]\nlanguage=tlh\n", encoding="utf-8")
    assert install_chosen_language(settings_at(str(path))) == "de"
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: ui/language: “tlh” is not one of “”, en, de, zh_CN; using “”"
    ]


def test_the_voice_worker_is_started_in_the_chosen_language(
    qtbot: QtBot, settings: Settings, system_in_german: None
) -> None:
    settings.set(Options.LANGUAGE, "zh_CN")
    install_chosen_language(settings)
    owner = QObject()
    cue_player.worker_backend()(CueKind.VOICE, owner)  # made, not started
    process = owner.findChild(WorkerProcess)
    assert process is not None
    assert process.command[-2:] == ["--language", "zh_CN"]


def test_a_new_language_says_it_shows_from_the_next_start(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.language_note.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert settings.get(Options.LANGUAGE) == "de"
    assert dialog.language_note.isVisible()
    assert dialog.language_note.text() == (
        "The new language is used from the next time Limber starts."
    )
    dialog.reject()  # Cancel puts the language back too
    assert settings.get(Options.LANGUAGE) == ""


def test_qt_texts_are_read_in_the_background_and_then_in_the_language(
    qtbot: QtBot, qapp: QApplication, request: pytest.FixtureRequest
) -> None:
    before = set(qapp.findChildren(QTranslator))
    owner = QWidget()
    qtbot.addWidget(owner)
    load_qt_texts(qapp, owner, "de")
    qtbot.waitUntil(lambda: bool(set(qapp.findChildren(QTranslator)) - before))
    for translator in set(qapp.findChildren(QTranslator)) - before:
        request.addfinalizer(partial(qapp.removeTranslator, translator))
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_launch_speaks_the_language_chosen_from_its_first_message(
    qtbot: QtBot,
    tmp_path: Path,
    system_in_german: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ini = str(tmp_path / "chosen.ini")
    settings_at(ini).set(Options.LANGUAGE, "zh_CN")
    monkeypatch.setattr(settings_store, "user_settings", partial(settings_at, ini))
    name = f"limber-test-{uuid.uuid4().hex}"  # never the running user's Limber
    monkeypatch.setattr("app.ui.single_instance.server_name", lambda data_dir: name)
    first = SingleInstance(name)
    assert first.listen()
    try:
        assert launch(None, False) == 0  # a second copy: it says so and leaves
    finally:
        first.close()
    assert capsys.readouterr().err == "Limber 已经在运行：已把它的窗口调到最前。\n"
