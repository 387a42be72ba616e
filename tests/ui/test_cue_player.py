"""The cue player in the window: on time by its own timer, mute, volume, what is missing."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cues import Sound
from app.settings import Options, Settings
from app.store import Catalog
from app.ui import cue_player
from app.ui.cue_player import Loaded, QtOutput, qt_backend
from app.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.ui.driving import advance
from tests.ui.fresh_process import run_python

START = 1000.0
ROUTINE = """\
title: Cue test
lead_in: 5
rest: 3
steps:
  - stretch: lunge-press
    hold: 20
    sides: one
    say: Lunge press. Sink down.
  - stretch: supported-heel-raise
    reps: 3
    tempo: 2
"""


@dataclass
class RecordingOutput:
    """Records what would be heard, with the fake time since the start."""

    clock: FakeClock
    heard: list[tuple[float, str]] = field(default_factory=list)
    settings: list[tuple[float, str, float]] = field(default_factory=list)
    stops: int = 0

    def play(self, sound: Sound) -> None:
        self.heard.append((round(self.clock.monotonic() - START, 3), sound.value))

    def say(self, text: str) -> None:
        self.heard.append((round(self.clock.monotonic() - START, 3), f'"{text}"'))

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        self.settings.append((volume, voice_name, rate))

    def stop(self) -> None:
        self.stops += 1

    def voice_names(self) -> tuple[str, ...]:
        return ("Anne", "Bob")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def output(clock: FakeClock) -> RecordingOutput:
    return RecordingOutput(clock)


def make_window(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, backend: Any
) -> MainWindow:
    folder = tmp_path / "routines"
    folder.mkdir(exist_ok=True)
    (folder / "cue-test.yaml").write_text(ROUTINE, encoding="utf-8")
    win = MainWindow(Catalog.load(folder), clock, settings=settings, cue_backend=backend)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: RecordingOutput
) -> MainWindow:
    return make_window(qtbot, tmp_path, clock, settings, lambda parent: Loaded(output))


def advance_cues_only(window: MainWindow, clock: FakeClock, seconds: float) -> None:
    """Let fake time pass, firing only the cue timer: the display timer stays asleep,
    as it may be while the window is minimized or covered."""
    target = clock.monotonic() + seconds
    while (wait := window.cues.pending_cue_ms) is not None:
        if clock.monotonic() + wait / 1000 > target:
            break
        clock.advance(wait / 1000)
        window.cues.sync()
    clock.advance_to(target)


def test_the_cue_timer_gives_every_cue_on_time_without_repaints(
    window: MainWindow, clock: FakeClock, output: RecordingOutput
) -> None:
    window.open_routine("cue-test", start=True)
    advance_cues_only(window, clock, 60)
    assert output.heard == [
        (0.0, '"Next: Lunge press. Sink down."'),
        (5.0, "chime"),
        (5.0, '"Go."'),
        (15.0, '"Ten seconds."'),
        (22.0, "tick"),
        (23.0, "tick"),
        (24.0, "tick"),
        (25.0, '"Next: Heel raises. Up onto your toes, and down."'),
        (28.0, "chime"),
        (28.0, '"Go."'),
        (30.0, "rep"),
        (32.0, "rep"),
        (34.0, "finish"),
        (34.0, '"Warm-up done."'),
    ]


def test_skip_and_pause_keep_the_cues_in_step(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, output: RecordingOutput
) -> None:
    window.open_routine("cue-test", start=True)
    advance(window, clock, 22.5)  # one tick given
    qtbot.keyClick(window, Qt.Key.Key_Right)  # skip the rest of the hold
    advance(window, clock, 1.0)
    assert [entry for entry in output.heard if entry[1] == "tick"] == [(22.0, "tick")]
    assert output.heard[-1] == (22.5, '"Next: Heel raises. Up onto your toes, and down."')
    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause in the rest
    advance(window, clock, 30.0)
    assert output.heard[-1][0] == 22.5  # nothing while paused
    qtbot.keyClick(window, Qt.Key.Key_Space)  # resume at 53.5 with 2 s of rest left
    advance(window, clock, 3.0)
    assert output.heard[-2:] == [(55.5, "chime"), (55.5, '"Go."')]


def test_m_and_the_mute_button_silence_the_cues_and_persist(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    output: RecordingOutput,
    settings: Settings,
    tmp_path: Path,
) -> None:
    window.open_routine("cue-test", start=True)
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.mute_button.text() == "Mute"
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert settings.get(Options.MUTED) is True
    assert controls.mute_button.text() == "Unmute"
    assert controls.mute_button.accessibleName() == "Unmute cues"
    assert output.stops == 1  # whatever was sounding stops at once
    heard = list(output.heard)
    advance(window, clock, 10)
    assert output.heard == heard
    controls.mute_button.click()
    assert settings.get(Options.MUTED) is False
    advance(window, clock, 6)  # the "ten seconds" at 15 s
    assert output.heard[-1] == (15.0, '"Ten seconds."')
    qtbot.keyClick(window, Qt.Key.Key_M)
    settings.sync()
    assert Settings.at(str(tmp_path / "limber.ini")).get(Options.MUTED) is True


def test_the_volume_slider_sets_and_keeps_the_volume(
    window: MainWindow, output: RecordingOutput, settings: Settings
) -> None:
    window.open_routine("cue-test", start=True)
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.volume_slider.value() == 80
    controls.volume_slider.setValue(35)
    assert settings.get(Options.VOLUME) == 35
    assert output.settings[-1] == (0.35, "", 0.0)
    settings.set(Options.VOICE_RATE, 0.5)
    assert output.settings[-1] == (0.35, "", 0.5)


def test_turning_the_voice_off_in_settings_replans_at_once(
    window: MainWindow, clock: FakeClock, output: RecordingOutput, settings: Settings
) -> None:
    window.open_routine("cue-test", start=True)
    settings.set(Options.VOICE_ENABLED, False)
    advance(window, clock, 16)
    assert output.heard == [(0.0, '"Next: Lunge press. Sink down."'), (5.0, "chime")]


def hide_audio_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports fail as they do on a machine without libpulse0."""
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name in ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech"):
            raise ImportError("libpulse.so.0: cannot open shared object file: No such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_without_the_pulseaudio_library_the_session_runs_silently_and_says_why(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hide_audio_libraries(monkeypatch)
    window = make_window(qtbot, tmp_path, clock, settings, qt_backend())
    window.open_routine("cue-test", start=True)
    assert window.cues.loaded  # a cue was due at once, so the backend loaded
    notice = (
        "Sounds and voice are off: the PulseAudio client library is missing "
        "(sudo apt install libpulse0)."
    )
    assert window.cues.notice == notice
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.notice_label.text() == notice
    assert controls.notice_label.isVisibleTo(window)
    advance(window, clock, 40)
    assert window.pages.currentWidget() is window.done_page


def test_the_notice_names_a_missing_device_or_speech_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cue_player, "_load_sounds", lambda parent: ({}, None, "no audio"))
    monkeypatch.setattr(cue_player, "_load_speech", lambda parent, engine: (None, "no voice"))
    assert qt_backend()(None).notice == "Sounds are off: no audio. Voice is off: no voice."
    monkeypatch.setattr(cue_player, "_load_speech", lambda parent, engine: (None, None))
    assert qt_backend()(None).notice == "Sounds are off: no audio."


def test_real_speech_through_the_mock_engine(qtbot: QtBot) -> None:
    loaded = qt_backend(engine="mock")(None)
    if loaded.notice is not None and "PulseAudio" in loaded.notice:
        pytest.skip(loaded.notice)
    output = loaded.output
    assert isinstance(output, QtOutput)
    speech = output._speech
    assert speech is not None
    assert speech.engine() == "mock"
    assert "Anne" in output.voice_names()
    output.configure(0.5, "Anne", 0.25)
    assert speech.voice().name() == "Anne"
    assert speech.volume() == pytest.approx(0.5)
    assert speech.rate() == pytest.approx(0.25)
    spoken: list[int] = []
    speech.aboutToSynthesize.connect(spoken.append)
    output.say("Next: Lunge press. Sink down.")
    qtbot.waitUntil(lambda: bool(spoken), timeout=2000)
    output.stop()


def test_an_engine_that_fails_to_load_turns_the_voice_off_quietly() -> None:
    loaded = qt_backend(engine="no-such-engine")(None)  # Qt's complaint is collected, not shown
    assert loaded.notice is not None
    assert "Voice is off: no text-to-speech engine is available" in loaded.notice
    loaded.output.say("nothing")
    loaded.output.play(Sound.TICK)


def test_showing_the_window_loads_no_audio_library_until_after_the_first_paint(
    tmp_path: Path,
) -> None:
    result = run_python(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from app.clock import ManualClock
        from app.settings import Settings
        from app.store import Catalog
        from app.ui.cue_player import qt_backend
        from app.ui.main_window import MainWindow
        settings = Settings.at({str(tmp_path / "s.ini")!r})
        window = MainWindow(Catalog.load(Path({str(tmp_path)!r})), ManualClock(),
                            settings=settings, cue_backend=qt_backend(engine="mock"))

        def at_first_paint():
            heavy = [m for m in ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech")
                     if m in sys.modules]
            print("at first paint:", heavy, flush=True)
            window.cues.notice_changed.connect(app.quit)  # emitted once loaded

        window.first_painted.connect(at_first_paint)
        window.show()
        QTimer.singleShot(10_000, app.quit)  # gives up: "later: False"
        app.exec()
        print("later:", window.cues.loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "at first paint: []" in result.stdout
    assert "later: True" in result.stdout


def test_a_session_speaks_through_the_mock_engine(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings
) -> None:
    window = make_window(qtbot, tmp_path, clock, settings, qt_backend(engine="mock"))
    window.open_routine("cue-test", start=True)  # the "Next: ..." announcement is due at once
    loaded = window.cues._loaded
    assert loaded is not None
    if loaded.notice is not None and "PulseAudio" in loaded.notice:
        pytest.skip(loaded.notice)
    output = loaded.output
    assert isinstance(output, QtOutput)
    speech = output._speech
    assert speech is not None
    from PySide6.QtTextToSpeech import QTextToSpeech

    assert speech.state() in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing)
    assert speech.volume() == pytest.approx(0.8)
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: speech.state() is QTextToSpeech.State.Ready, timeout=2000)
    window.close_session()


def test_the_settings_offer_the_voices_the_engine_has(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    window.cues.prepare()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    offered = [dialog.voice.itemText(row) for row in range(dialog.voice.count())]
    assert offered[1:] == ["Anne", "Bob"]
    dialog.voice.setCurrentIndex(2)
    assert settings.get(Options.VOICE_NAME) == "Bob"
    dialog.reject()
