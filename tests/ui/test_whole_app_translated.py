"""One window, under the pseudo-locale, taken where a runner goes: the picker, a
session through its phases, the done page, the history, the settings and the
editor. The page tests check each page alone; this one finds what lives between
them (the window's own title and notices, the pages' shared widgets)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDoubleSpinBox, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.history import History
from app.i18n import _
from app.settings import Options, Settings
from app.store import Catalog
from app.ui import install_chosen_language
from app.ui.cue_player import describe_problems
from app.ui.session_page import SessionPage
from app.ui.settings_dialog import SettingsDialog
from tests.fakes import FakeClock
from tests.pseudo import pseudo_locale, untranslated
from tests.ui.driving import advance, make_window, settle
from tests.ui.editor_helpers import FakeDialogs, make_user_dir, open_editor, select
from tests.ui.pseudo_widgets import untranslated_widget_texts, visible_texts
from tools.pseudo_locale import pseudo_text

# The runner's own data: their routine's title and file name, the app's name (the
# same in every language), the system's words for a file error.
MINE = {"Two step test", "two-step", "Limber", os.strerror(errno.EISDIR)}
# Each language is named in itself, in every language: no catalog translates these.
LANGUAGE_NAMES = {"English", "Deutsch", "简体中文"}


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def qt_texts(dialog: SettingsDialog) -> set[str]:
    """OK, Cancel, Restore Defaults: Qt's own texts, translated by Qt's catalogs."""
    return {button.text() for button in dialog.buttons.buttons()}


def qt_key_names() -> set[str]:
    """Keys named in tooltips: Qt's own names, from Qt's catalogs."""
    keys = ("Ctrl+Up", "Ctrl+Down", "Del")
    return {QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in keys}


class Walk:
    """Collects, at each named step, what of a widget the pseudo-locale did not reach."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self.found: list[tuple[str, str, str]] = []

    def look(self, step: str, widget: QWidget) -> None:
        self.found += [
            (step, *text) for text in untranslated_widget_texts(widget, allowed=self.allowed)
        ]
        titles = [widget.windowTitle(), widget.accessibleName()]
        self.found += [(step, "title", text) for text in untranslated(titles, self.allowed)]


def test_a_runner_goes_through_the_whole_app_and_every_text_is_translated(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    fake = FakeDialogs()
    with (
        pseudo_locale(),
        History.open(tmp_path / "history.sqlite3") as history,
    ):
        clock = FakeClock()
        catalog = Catalog.load(make_user_dir(tmp_path))  # the shipped routines in the language
        window = make_window(qtbot, catalog, clock, settings, history)
        files = window.routine_files
        assert files is not None
        files.dialogs = fake.as_dialogs()
        paths = {entry.path for entry in catalog.entries}  # the rows' tooltips
        walk = Walk(MINE | paths | {str(tmp_path)} | qt_key_names())

        walk.look("picker", window)
        select(window, "two-step")
        walk.look("picker, own routine selected", window)
        select(window, "full-warmup")
        walk.look("picker, shipped routine selected", window)

        # Lead-in 5, lunge press 20 a side with a 5 s switch, rest 3, 4 reps of 2 s.
        window.open_routine("two-step", start=True)
        phases: list[str] = []
        for seconds, moment in (
            (1, "get ready"),
            (10, "hold, left side"),
            (17, "switch sides"),
            (10, "hold, right side"),
            (13, "rest"),
            (4, "reps"),
        ):
            advance(window, clock, seconds)
            walk.look(moment, window)
            phases.append(window.session_page.phase_label.text())
        moments = ("Get ready", "Hold", "Switch sides", "Hold", "Rest", "Reps")
        assert [
            pseudo_text(word) in phase for word, phase in zip(moments, phases, strict=True)
        ] == [True] * 6
        # The voice worker found no voice for the language: the line under the countdown.
        # (app.ui.cue_worker's NO_LANGUAGE_VOICE_HINT: that module stays out of this process.)
        no_voice = _(
            "no {language} voice is installed (on Debian or Ubuntu: sudo apt install espeak-ng)"
        ).format(language="简体中文")
        window.cues.notice_changed.emit(describe_problems(None, no_voice))
        assert any(no_voice in text for _where, text in visible_texts(window))
        walk.look("voice off", window)
        window.driver.toggle()
        walk.look("paused", window)
        window.driver.toggle()
        advance(window, clock, 120)
        settle(qtbot, window)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done_page)
        walk.look("done", window)

        window.close_session()
        window.show_history_notice(_("History is not available yet."))
        notice = pseudo_text("History is not available yet.")
        assert any(notice in text for _where, text in visible_texts(window))
        walk.look("picker, with the history's notice", window)
        window.show_history()
        page = window.history_page
        qtbot.waitUntil(lambda: not page.loading)
        assert page.rows()  # the session just run is listed
        walk.look("history", window)
        window.close_session()

        window.open_settings()
        dialog = window.settings_dialog
        assert dialog is not None
        walk.allowed |= LANGUAGE_NAMES | qt_texts(dialog) | set(window.cues.voice_names())
        walk.look("settings", dialog)
        dialog.reject()

        editor = open_editor(qtbot, window, "two-step")
        walk.look("editor", editor)
        walk.look("picker, after the editor opened", window)
        editor.close()
        window.close()
    assert walk.found == [], "\n".join(map(str, walk.found))


@pytest.mark.parametrize(
    ("language", "written"), [("de", "2,50"), ("zh_CN", "2.50"), ("en", "2.50")]
)
def test_qt_writes_numbers_as_the_chosen_language_does(
    qtbot: QtBot, settings: Settings, language: str, written: str
) -> None:
    settings.set(Options.LANGUAGE, language)
    assert install_chosen_language(settings) == language
    box = QDoubleSpinBox()  # any of Qt's own, made after the launch
    qtbot.addWidget(box)
    box.setValue(2.5)
    assert box.text() == written


@pytest.mark.parametrize(("language", "back"), [("de", "Zurück"), ("zh_CN", "上一步")])
def test_the_sessions_back_button_says_back_a_step_not_the_bodys_back(
    qtbot: QtBot, language: str, back: str
) -> None:
    i18n.install_language(language)
    page = SessionPage()
    qtbot.addWidget(page)
    assert page.back_button.text() == f"◀  {back}"


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_the_done_pages_list_of_stretches_is_never_squeezed_at_the_smallest_size(
    qtbot: QtBot, tmp_path: Path, settings: Settings, language: str
) -> None:
    """Chinese lines are taller: the full warm-up's 15 stretches did not fit the
    smallest window, and the last one was cut off the bottom of the list."""
    i18n.install_language(language)
    catalog = Catalog.load(make_user_dir(tmp_path))
    window = make_window(qtbot, catalog, FakeClock(), settings, None)
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    entry = catalog.get("full-warmup")
    assert entry is not None
    assert entry.routine is not None
    steps = entry.routine.steps
    page = window.done_page
    page.show_result(entry.routine, tuple(range(len(steps))), 574.0)
    window.pages.setCurrentWidget(page)
    qtbot.waitUntil(page.isVisible)
    label = page.steps_label
    assert label.text().count("\n") == len(steps) - 1
    assert label.height() >= label.sizeHint().height()  # every line drawn, or it scrolls
