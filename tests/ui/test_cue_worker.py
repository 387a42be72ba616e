"""The cue worker as a process: what it says when it loads, drops and reloads a kind, and
what it keeps out of its memory; and a missing voice as the session page shows it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Slot
from pytestqt.qtbot import QtBot

from app import i18n
from app.cues import Sound
from app.settings import Settings
from app.store import Catalog
from app.ui import cue_player, cue_worker
from app.ui.cue_channel import CueKind, WorkerChannel
from app.ui.cue_process import WorkerProcess, worker_command
from app.ui.cue_side import CueSide
from app.ui.cue_voice import no_voice_for
from app.ui.cue_worker import ReadyWatch, give_back_freed_memory
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.cue_fakes import Heard
from tests.ui.driving import advance

START = 1000.0


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


@pytest.fixture
def parent() -> Iterator[QObject]:
    owner = QObject()
    yield owner
    for channel in owner.findChildren(WorkerChannel):
        channel.close()


def test_the_missing_voice_is_one_line_on_the_session_page(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    i18n.install_language("de")
    clock = FakeClock(START)
    output = Heard(clock, START)
    backend = output.backend({CueKind.VOICE: no_voice_for("de")})
    routine = "title: Kurz\nlead_in: 5\nsteps:\n  - stretch: lunge-press\n    hold: 20\n"
    (tmp_path / "kurz.yaml").write_text(routine, encoding="utf-8")
    window = MainWindow(Catalog.load(tmp_path), clock, settings=settings, cue_backend=backend)
    qtbot.addWidget(window)
    window.show()
    window.open_routine("kurz", start=True)
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.notice_label.text() == (
        "Die Stimme ist aus: keine Stimme für Deutsch installiert "
        "(unter Debian oder Ubuntu: sudo apt install espeak-ng)."
    )
    advance(window, clock, 40)
    assert not [text for _, text in output.heard if text.startswith('"')]  # nothing said
    assert (5.0, "chime") in output.heard  # the sounds are all given


def test_the_real_voice_worker_is_off_for_a_language_its_engine_lacks(
    qtbot: QtBot, parent: QObject
) -> None:
    # Qt's mock engine has English, Norwegian and Finnish voices only.
    process = WorkerProcess(worker_command("mock", "zh_CN"), parent)
    channel = WorkerChannel(CueKind.VOICE, process, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=15_000)
    assert channel.problem == (
        "没有安装简体中文语音（Debian 或 Ubuntu 上：sudo apt install espeak-ng）"
    )
    assert channel.voices == ()


def _this_checkout() -> dict[str, str]:
    """The environment for a Python that imports this checkout's app."""
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))


@contextmanager
def real_worker() -> Iterator[subprocess.Popen[str]]:
    """The real worker, for sounds and words (Qt's mock speech engine), on pipes."""
    with subprocess.Popen(
        [*worker_command("mock"), "sound", "voice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_this_checkout(),
        text=True,
    ) as worker:
        yield worker


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads Linux's /proc")
def test_the_worker_plays_and_speaks_without_loading_the_media_backend() -> None:
    # QSoundEffect needs only QtMultimedia's own audio code; the FFmpeg backend
    # (with QtQuick and QtQml behind it) would cost the runner 13 MiB for nothing.
    # The speech engines are plugins too, and are found all the same.
    with real_worker() as worker:
        try:
            assert worker.stdout is not None
            ready = [json.loads(worker.stdout.readline()) for _ in range(2)]
            libraries = Path(f"/proc/{worker.pid}/maps").read_text()
        finally:
            worker.kill()
    by_kind = {message["kind"]: message for message in ready if message["ev"] == "ready"}
    assert set(by_kind) == {"sound", "voice"}
    assert by_kind["voice"]["problem"] is None
    assert set(by_kind["voice"]["voices"]) == {"Anne", "Bob"}
    assert "libQt6Multimedia" in libraries  # it did get as far as looking for outputs
    assert "libffmpegmediaplugin" not in libraries
    assert "libQt6Quick" not in libraries


def test_the_worker_drops_a_kind_and_loads_it_afresh_while_the_other_answers() -> None:
    with real_worker() as worker:
        assert worker.stdin is not None
        assert worker.stdout is not None
        stdin, stdout = worker.stdin, worker.stdout

        def send(**message: object) -> None:
            stdin.write(json.dumps(message) + "\n")
            stdin.flush()

        def answer() -> dict[str, Any]:
            message: dict[str, Any] = json.loads(stdout.readline())
            return message

        try:
            loaded = {answer()["kind"], answer()["kind"]}
            send(op="drop", kind="voice")
            send(op="ping", kind="voice", n=1)  # no voice now: nothing answers
            send(op="ping", kind="sound", n=2)
            first = answer()
            send(op="load", kind="voice")
            again = answer()
            send(op="ping", kind="voice", n=3)
            pong = answer()
            send(op="ping", kind="ghost", n=4)  # no such kind: ignored, the worker goes on
            send(op="ping", n=5)  # no kind: the first it carries
            unnamed = answer()
        finally:
            stdin.close()
            ended = worker.wait(5)
    assert loaded == {"sound", "voice"}
    assert first == {"ev": "pong", "n": 2, "kind": "sound"}
    assert again["ev"] == "ready"
    assert again["kind"] == "voice"
    assert set(again["voices"]) == {"Anne", "Bob"}
    assert pong == {"ev": "pong", "n": 3, "kind": "voice"}
    assert unnamed == {"ev": "pong", "n": 5, "kind": "sound"}
    assert ended == 0  # its input closed, it ended by itself


def test_freed_memory_is_given_back_once_every_kind_has_loaded() -> None:
    trims: list[str] = []
    watch = ReadyWatch(lambda: trims.append("trim"))
    watch.loading("sound")
    watch.loading("voice")
    watch.ready("sound")
    assert trims == []  # the voice is still loading: its freed memory would be missed
    watch.ready("voice")
    assert trims == ["trim"]
    watch.ready("voice")  # a kind that was not loading (a second "ready") changes nothing
    assert trims == ["trim"]
    watch.loading("voice")  # the voice loaded afresh: once it is in, again
    watch.ready("voice")
    assert trims == ["trim", "trim"]
    watch.loading("voice")
    watch.gone("voice")  # dropped while loading: nothing is left to wait for
    assert trims == ["trim", "trim", "trim"]


def test_freed_memory_is_given_back_where_the_c_library_can(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert give_back_freed_memory() is True  # glibc, here

    class NoTrim:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr("ctypes.CDLL", NoTrim)
    assert give_back_freed_memory() is False  # musl, macOS: left as it is


class _StandInSpeakers:
    problem: str | None = None

    def play(self, sound: Sound) -> None: ...

    def say(self, text: str) -> None: ...

    def voice_names(self) -> list[str]:
        return []

    def configure(self, volume: float, voice_name: str, rate: float) -> None: ...

    def stop(self) -> None: ...


class _StandInSide(CueSide):
    """A side that is ready as soon as it is loaded (the sounds) or never (`hangs`)."""

    hangs = False

    def __init__(self, kind: str, *_: object) -> None:
        super().__init__(kind, _StandInSpeakers())

    @Slot()
    def load(self) -> None:
        if not self.hangs:
            self.ready()

    @Slot()
    def retire(self) -> None:
        """What a dropped voice is asked to do (app.ui.cue_voice.VoiceSide.retire)."""


def test_the_worker_gives_back_freed_memory_once_its_kinds_have_loaded(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cue_worker, "SoundSide", lambda parent: _StandInSide("sound"))
    monkeypatch.setattr(cue_worker, "VoiceSide", lambda *_: _StandInSide("voice"))
    trims: list[str] = []
    owner = QObject()
    worker = cue_worker.Worker(["sound", "voice"], None, owner, settled=lambda: trims.append("t"))
    worker.load()
    qtbot.waitUntil(lambda: trims == ["t"])  # the voice says so from its own thread
    _StandInSide.hangs = True
    try:
        worker.handle(json.dumps({"op": "load", "kind": "voice"}))
        worker.handle(json.dumps({"op": "ping", "kind": "sound", "n": 1}))
        qtbot.waitUntil(lambda: '"pong"' in capsys.readouterr().out)
        assert trims == ["t"]  # the new voice is still loading
        worker.handle(json.dumps({"op": "drop", "kind": "voice"}))
        assert trims == ["t", "t"]  # dropped: nothing is left to wait for
    finally:
        _StandInSide.hangs = False
        assert worker.end()


def test_the_worker_imports_no_module_only_the_window_needs() -> None:
    # Each module is memory the worker keeps for as long as the window is open:
    # difflib and ElementTree (a picture's checks) cost it 0.8 MiB.
    check = (
        "import sys, app.ui.cue_worker;"
        " print(sorted({'difflib', 'xml.etree.ElementTree', 'yaml', 'sqlite3'} & set(sys.modules)))"
    )
    found = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env=_this_checkout(),
        check=True,
    ).stdout
    assert found.strip() == "[]"
