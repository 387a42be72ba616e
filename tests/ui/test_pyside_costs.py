"""PySide6's first-use costs: its import check reads files, the widget types come early."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from app.ui.pyside_costs import check_imports_quickly
from tests.ui.fresh_process import run_python


@pytest.fixture
def inspected(monkeypatch: pytest.MonkeyPatch) -> list[ModuleType]:
    """PySide6's own check replaced by one that records what it was asked (put back
    after the test), so the test sees when the quick check hands a module over."""
    feature = sys.modules["shibokensupport.feature"]
    asked: list[ModuleType] = []

    def own_check(module: ModuleType) -> bool:
        asked.append(module)
        return False

    monkeypatch.setattr(feature, "_mod_uses_pyside", own_check)
    return asked


def _module(name: str, path: Path | None) -> ModuleType:
    module = ModuleType(name)
    if path is not None:
        module.__file__ = str(path)
    return module


def test_a_module_s_file_is_read_for_the_word_pyside6(
    inspected: list[ModuleType], tmp_path: Path
) -> None:
    uses = tmp_path / "uses.py"
    uses.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("import json  # PySide2 and pyside6 are other words\n", encoding="utf-8")

    assert check_imports_quickly()
    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside

    assert check(_module("uses", uses)) is True
    assert check(_module("plain", plain)) is False
    assert inspected == []  # neither needed PySide6's own check


def test_what_has_no_source_file_to_read_is_left_to_pyside6_s_own_check(
    inspected: list[ModuleType], tmp_path: Path
) -> None:
    check_imports_quickly()
    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    built_in = _module("built_in", None)
    compiled = _module("compiled", tmp_path / "compiled.pyc")
    gone = _module("gone", tmp_path / "gone.py")

    for module in (built_in, compiled, gone):
        assert check(module) is False

    assert inspected == [built_in, compiled, gone]


def test_the_quick_check_is_installed_once(inspected: list[ModuleType]) -> None:
    assert check_imports_quickly()
    installed = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert check_imports_quickly()
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is installed


def test_without_pyside6_s_hook_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert check_imports_quickly() is False


def test_the_quick_check_answers_as_pyside6_s_for_every_module_the_window_imports() -> None:
    result = run_python(
        """
        import sys
        import PySide6.QtWidgets
        own_check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
        import app.ui.main_window, app.ui.later_modules, app.session, yaml, sqlite3
        from app.ui.pyside_costs import check_imports_quickly
        check_imports_quickly()
        quick = sys.modules["shibokensupport.feature"]._mod_uses_pyside
        modules = [m for m in list(sys.modules.values()) if m is not None]
        print(len(modules) > 150, [m.__name__ for m in modules if own_check(m) != quick(m)])
        print(quick(sys.modules["app.ui.main_window"]), quick(sys.modules["app.session"]))
        """
    )
    assert result.stdout.splitlines() == ["True []", "True False"], result.stderr


def test_the_cue_workers_check_imports_quickly() -> None:
    result = run_python(
        """
        import sys
        from PySide6.QtCore import QCoreApplication, QTimer
        from PySide6.QtWidgets import QApplication

        def installed():
            check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
            return getattr(check, "reads_the_file", False)

        def report_and_quit(name):
            def exec_(self):
                print(name, installed())
                return 0
            return exec_

        print("before", installed())
        QCoreApplication.exec = report_and_quit("cue worker")
        from app.ui import cue_worker
        cue_worker.main(["sound"])
        """
    )
    assert result.stdout.splitlines() == ["before False", "cue worker True"], result.stderr


def test_the_widget_types_are_made_before_the_routines_are_listed() -> None:
    """The first routines' listing asked PySide6 to name a plain QWidget, which made
    every QtWidgets type inside it (a 40 ms stall): by then they are made."""
    result = run_python(
        """
        import sys
        from PySide6 import QtWidgets
        from PySide6.QtCore import QTimer
        import app.cli
        from app.ui.main_window import MainWindow
        from app.ui.picker_page import PickerPage

        qt_app = QtWidgets.QApplication([])
        set_entries = PickerPage.set_entries

        def watched_set_entries(page, *args, **kwargs):
            print("made at listing:", "QWizard" in vars(QtWidgets))
            check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
            print("quick import check:", getattr(check, "reads_the_file", False))
            QTimer.singleShot(0, qt_app.quit)
            return set_entries(page, *args, **kwargs)

        PickerPage.set_entries = watched_set_entries
        show = MainWindow.show

        def show_and_watch(window):
            window.first_painted.connect(
                lambda: print("made at first paint:", "QWizard" in vars(QtWidgets))
            )
            show(window)

        MainWindow.show = show_and_watch
        QTimer.singleShot(20_000, qt_app.quit)  # gives up
        app.cli.main([])
        """
    )
    assert result.stdout.splitlines() == [
        "made at first paint: False",
        "made at listing: True",
        "quick import check: True",
    ], result.stderr
