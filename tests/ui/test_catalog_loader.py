"""Reading the routines in a worker thread, and handing the catalog to the GUI thread."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app import parse_cache
from app.loader import Problem, RoutineError
from app.paths import parse_cache_path
from app.store import Catalog
from app.ui import catalog_loader
from app.ui.catalog_loader import CatalogLoader, collector_paused

ROUTINE = "title: {title}\nsteps:\n  - stretch: forward-bend\n    hold: 20s\n"


@pytest.fixture
def owner(qtbot: QtBot) -> Iterator[QObject]:
    parent = QObject()
    yield parent
    parent.deleteLater()


@pytest.fixture
def gates(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[Path, threading.Event]]:
    """Each folder's read waits for its event (set by the test), then reads the folder."""
    events: dict[Path, threading.Event] = {}
    threads: list[str] = []

    def gated(user_dir: Path) -> Catalog:
        threads.append(threading.current_thread().name)
        events[user_dir].wait(timeout=30)
        return Catalog.load(user_dir)

    monkeypatch.setattr(catalog_loader, "read_catalog", gated)
    yield events
    for event in events.values():
        event.set()  # the worker never outlives a failed test
    assert all(name.startswith("limber-catalog") for name in threads)


def folder_with(tmp_path: Path, name: str, title: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "mine.yaml").write_text(ROUTINE.format(title=title), encoding="utf-8")
    return folder


def titles(catalog: Catalog) -> list[str]:
    return [entry.title for entry in catalog.entries if not entry.builtin]


def test_the_catalog_comes_on_the_gui_thread(
    qtbot: QtBot, owner: QObject, tmp_path: Path, gates: dict[Path, threading.Event]
) -> None:
    folder = folder_with(tmp_path, "a", "Mine")
    gates[folder] = threading.Event()
    loader = CatalogLoader(owner)
    received_on: list[threading.Thread] = []
    loader.loaded.connect(lambda catalog: received_on.append(threading.current_thread()))
    loader.request(folder)
    assert loader.loading
    with qtbot.waitSignal(loader.loaded) as arrival:
        gates[folder].set()
    assert titles(arrival.args[0]) == ["Mine"]
    assert received_on == [threading.main_thread()]
    assert not loader.loading


def test_only_the_newest_request_is_delivered(
    qtbot: QtBot, owner: QObject, tmp_path: Path, gates: dict[Path, threading.Event]
) -> None:
    old, new = folder_with(tmp_path, "old", "Before"), folder_with(tmp_path, "new", "After")
    gates[old], gates[new] = threading.Event(), threading.Event()
    loader = CatalogLoader(owner)
    delivered: list[Catalog] = []
    loader.loaded.connect(delivered.append)
    loader.request(old)
    loader.request(new)
    gates[old].set()
    with qtbot.waitSignal(loader.loaded):
        gates[new].set()
    assert [titles(catalog) for catalog in delivered] == [["After"]]


def test_a_catalog_that_cannot_be_read_is_one_line(
    qtbot: QtBot, owner: QObject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(user_dir: Path) -> Catalog:
        raise RoutineError(
            [
                Problem("stretches.yaml", 2, 3, "unknown key 'nmae'"),
                Problem("stretches.yaml", 9, 1, "x"),
            ]
        )

    monkeypatch.setattr(catalog_loader, "read_catalog", broken)
    loader = CatalogLoader(owner)
    with qtbot.waitSignal(loader.failed) as failure:
        loader.request(tmp_path)
    assert failure.args == [
        "The routines could not be read: stretches.yaml:2:3: unknown key 'nmae'"
    ]
    assert not loader.loading


def test_the_cycle_collector_is_paused_while_the_files_are_read(
    qtbot: QtBot, owner: QObject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its full collections, not the parse, are what stall the GUI thread (see the module)."""
    collector_on: list[bool] = []

    def watched(user_dir: Path) -> Catalog:
        collector_on.append(gc.isenabled())
        return Catalog.load(user_dir)

    monkeypatch.setattr(catalog_loader, "read_catalog", watched)
    loader = CatalogLoader(owner)
    assert gc.isenabled()
    with qtbot.waitSignal(loader.loaded):
        loader.request(tmp_path)
    assert collector_on == [False]
    assert gc.isenabled()


def test_overlapping_pauses_end_with_the_last_one() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_worker_answers_an_unchanged_file_from_the_parse_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_dir = tmp_path / "routines"
    user_dir.mkdir()
    path = user_dir / "mine.yaml"
    path.write_text(ROUTINE.format(title="Mine"), encoding="utf-8")
    an_hour_ago = path.stat().st_mtime - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    first = catalog_loader.read_catalog(user_dir)
    assert parse_cache_path().is_file()

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(parse_cache, "parse_routine", never)
    second = catalog_loader.read_catalog(user_dir)
    mine = second.get("mine")
    assert mine is not None
    assert mine.routine is not None
    assert mine.routine.title == "Mine"
    assert [entry.title for entry in second.entries] == [entry.title for entry in first.entries]


def test_the_step_icons_are_drawn_in_the_worker_only_once_their_modules_are_in(
    qtbot: QtBot, owner: QObject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker must not be the first to import them (PySide6's types, made by two
    threads at once, can crash the process): it waits for the window, a while."""
    drawn: list[int] = []
    monkeypatch.setattr(catalog_loader, "prepare_step_icons", lambda catalog: drawn.append(1))
    monkeypatch.setattr(catalog_loader, "step_icons_may_be_drawn", threading.Event())
    monkeypatch.setattr(catalog_loader, "ICONS_WAIT_S", 0.0)
    loader = CatalogLoader(owner)
    with qtbot.waitSignal(loader.loaded):
        loader.request(tmp_path)
    assert drawn == []  # not yet allowed: the list comes all the same
    catalog_loader.step_icons_may_be_drawn.set()
    with qtbot.waitSignal(loader.loaded):
        loader.request(tmp_path)
    assert drawn == [1]
