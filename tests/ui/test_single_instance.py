"""One Limber per user: a second launch brings the first window forward and leaves."""

from __future__ import annotations

import getpass
import hashlib
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import history_path, resume_path
from app.settings import Settings
from app.store import Catalog
from app.ui import launch
from app.ui.main_window import MainWindow
from app.ui.single_instance import SingleInstance, bring_running_forward, server_name
from tests.fakes import FakeClock


@pytest.fixture
def name() -> str:
    """A server name of this test's own: never the running user's Limber."""
    return f"limber-test-{uuid.uuid4().hex}"


@pytest.fixture
def running(name: str) -> Iterator[SingleInstance]:
    first = SingleInstance(name)
    assert first.listen()
    yield first
    first.close()


def test_the_server_is_named_for_the_user_and_the_data_folder(tmp_path: Path) -> None:
    name = server_name(tmp_path / "limber")
    assert name.startswith("limber-")
    assert "/" not in name
    assert server_name(tmp_path / "limber") == name
    assert server_name(tmp_path / "other") != name  # nothing shared: no second copy
    # The name earlier versions gave it, so a copy still running an older one is found.
    digest = hashlib.sha256(str((tmp_path / "limber").resolve()).encode()).hexdigest()
    assert name == f"limber-{re.sub(r'[^A-Za-z0-9_.-]', '_', getpass.getuser())}-{digest[:16]}"


def test_a_second_launch_asks_the_first_to_come_forward(
    qtbot: QtBot, running: SingleInstance, name: str
) -> None:
    with qtbot.waitSignal(running.bring_forward_requested):
        assert bring_running_forward(name)


def test_with_no_copy_running_there_is_no_one_to_ask(name: str) -> None:
    assert not bring_running_forward(name)


def test_a_socket_left_by_a_crashed_copy_is_taken_over(
    qtbot: QtBot, running: SingleInstance, name: str
) -> None:
    running.close()  # as if it had died: its name is free for the next one
    second = SingleInstance(name)
    assert second.listen()
    with qtbot.waitSignal(second.bring_forward_requested):
        assert bring_running_forward(name)
    second.close()


def test_the_window_comes_forward_when_asked(
    qtbot: QtBot,
    running: SingleInstance,
    name: str,
    clock: FakeClock,
    settings: Settings,
    tmp_path: Path,
) -> None:
    window = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(window)
    running.bring_forward_requested.connect(window.bring_forward)
    window.showMinimized()
    with qtbot.waitSignal(running.bring_forward_requested):
        bring_running_forward(name)
    assert window.isVisible()
    assert not window.isMinimized()


def test_a_second_launch_exits_without_touching_history_or_resume(
    running: SingleInstance, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.ui.single_instance.server_name", lambda data_dir: name)

    def no_window(*args: object, **kwargs: object) -> None:
        raise AssertionError("a second launch built a window")

    monkeypatch.setattr("app.ui.main_window.MainWindow.__init__", no_window)
    assert launch(None, False) == 0  # no window: no history, resume record or routines read
    assert not history_path().exists()
    assert not resume_path().exists()


def test_ctrl_q_closes_the_window(
    qtbot: QtBot, clock: FakeClock, settings: Settings, tmp_path: Path
) -> None:
    window = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
