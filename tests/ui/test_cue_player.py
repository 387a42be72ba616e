"""The cue player in the window: plans sent to the workers, mute, volume, what is missing.

Window tests use recording channels (tests/ui/cue_fakes.py) that run the
worker's own timer on the fake clock; the real worker processes are driven in
tests/ui/test_cue_channel.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cues import GET_INTO_POSITION
from app.routine import Hold, Routine, Step
from app.session import State
from app.settings import Options, Settings
from app.speech_length import spoken_seconds
from app.store import Catalog
from app.ui import cue_player
from app.ui.cue_channel import CueKind
from app.ui.cue_player import Backend, describe_problems
from app.ui.main_window import MainWindow
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock
from tests.ui.cue_fakes import Heard
from tests.ui.driving import advance, show_active
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


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def output(clock: FakeClock) -> Heard:
    return Heard(clock, START)


def make_window(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, backend: Backend
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
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: Heard
) -> MainWindow:
    return make_window(qtbot, tmp_path, clock, settings, output.backend())


def advance_cues_only(window: MainWindow, clock: FakeClock, seconds: float) -> None:
    """Let fake time pass, firing only the cue channels' timers: the display timer
    stays asleep, as it may be while the window is minimized or covered."""
    target = clock.monotonic() + seconds
    channels = [window.cues.channel(kind) for kind in CueKind]
    timers = [channel.timer for channel in channels if channel is not None]  # type: ignore[attr-defined]
    while waits := [wait for timer in timers if (wait := timer.pending_ms) is not None]:
        if clock.monotonic() + min(waits) / 1000 > target:
            break
        clock.advance(min(waits) / 1000)
        for timer in timers:
            timer.give_due()
    clock.advance_to(target)


def test_the_cue_timer_gives_every_cue_on_time_without_repaints(
    window: MainWindow, clock: FakeClock, output: Heard
) -> None:
    window.open_routine("cue-test", start=True)
    advance_cues_only(window, clock, 60)
    # The 3 s rest is too short for the heel raise's announcement: it starts
    # over the end of the lunge, so as to end 1.5 s before the heel raises do.
    heels = "Next: Supported heel raise. Up and down."
    # The channel's timer waits whole milliseconds, never less.
    heels_at = math.ceil((28.0 - GET_INTO_POSITION - spoken_seconds(heels)) * 1000) / 1000
    assert 22.0 < heels_at < 23.0
    assert output.heard == [
        (0.0, '"Next: Lunge press. Sink down."'),
        (2.0, "tick"),  # 3-2-1 into the stretch
        (3.0, "tick"),
        (4.0, "tick"),
        (5.0, "chime"),
        (5.64, '"Go."'),
        (15.0, '"Ten seconds."'),
        (22.0, "tick"),
        (heels_at, f'"{heels}"'),
        (23.0, "tick"),
        (24.0, "tick"),
        (26.0, "tick"),  # the rest's last two seconds
        (27.0, "tick"),
        (28.0, "chime"),
        (28.64, '"Go."'),
        (30.0, "rep"),
        (32.0, "rep"),
        (34.0, "finish"),
        (35.31, '"Warm-up done."'),
    ]


def test_skip_and_pause_keep_the_cues_in_step(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, output: Heard
) -> None:
    window.open_routine("cue-test", start=True)
    advance(window, clock, 22.5)  # one tick given
    qtbot.keyClick(window, Qt.Key.Key_Right)  # skip the rest of the hold
    advance(window, clock, 1.0)
    # The get-ready's 3-2-1, the hold's one tick, then the rest's first (of 23.5, 24.5).
    ticks = [at for at, heard in output.heard if heard == "tick"]
    assert ticks == [2.0, 3.0, 4.0, 22.0, 23.5]
    # No time left for the whole announcement: the name alone, at once.
    assert output.heard[-2] == (22.5, '"Next: Supported heel raise."')
    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause in the rest
    advance(window, clock, 30.0)
    assert output.heard[-1][0] == 23.5  # nothing while paused
    qtbot.keyClick(window, Qt.Key.Key_Space)  # resume at 53.5 with 2 s of rest left
    advance(window, clock, 3.0)
    assert output.heard[-2:] == [(55.5, "chime"), (56.14, '"Go."')]


def test_m_and_the_mute_button_silence_the_cues_and_persist(
    qtbot: QtBot,
    window: MainWindow,
    clock: FakeClock,
    output: Heard,
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
    assert sorted(output.stops) == ["sound", "voice"]  # whatever was sounding stops at once
    heard = list(output.heard)
    advance(window, clock, 10)
    assert output.heard == heard
    controls.mute_button.click()
    assert settings.get(Options.MUTED) is False
    advance(window, clock, 6)  # the "ten seconds" at 15 s
    assert output.heard[-1] == (15.0, '"Ten seconds."')
    qtbot.keyClick(window, Qt.Key.Key_M)
    settings.sync()
    assert settings_at(str(tmp_path / "limber.ini")).get(Options.MUTED) is True


def test_the_volume_slider_sets_and_keeps_the_volume(
    window: MainWindow, output: Heard, settings: Settings
) -> None:
    window.open_routine("cue-test", start=True)
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.volume_slider.value() == 80
    controls.volume_slider.setValue(35)
    assert settings.get(Options.VOLUME) == 35
    assert output.settings[-2:] == [("sound", 0.35, "", 0.0), ("voice", 0.35, "", 0.0)]
    settings.set(Options.VOICE_RATE, 0.5)
    assert output.settings[-1] == ("voice", 0.35, "", 0.5)


def test_a_slower_speaking_rate_replans_the_announcements_to_fit(
    window: MainWindow, clock: FakeClock, output: Heard, settings: Settings
) -> None:
    window.open_routine("cue-test", start=True)
    advance(window, clock, 10)  # in the lunge
    settings.set(Options.VOICE_RATE, -1.0)
    advance(window, clock, 20)
    heels = "Next: Supported heel raise. Up and down."
    # Spoken slowly it starts earlier still, so as to end 1.5 s before the heel raises.
    start = math.ceil((28.0 - GET_INTO_POSITION - spoken_seconds(heels, -1.0)) * 1000) / 1000
    assert start < 28.0 - GET_INTO_POSITION - spoken_seconds(heels)
    assert (start, f'"{heels}"') in output.heard


def test_turning_the_voice_off_in_settings_replans_at_once(
    window: MainWindow, clock: FakeClock, output: Heard, settings: Settings
) -> None:
    window.open_routine("cue-test", start=True)
    settings.set(Options.VOICE_ENABLED, False)
    assert output.closed == ["voice"]  # its worker ends: nothing is loaded for it
    assert window.cues.channel(CueKind.VOICE) is None
    advance(window, clock, 16)
    assert output.heard == [
        (0.0, '"Next: Lunge press. Sink down."'),
        *((at, "tick") for at in (2.0, 3.0, 4.0)),
        (5.0, "chime"),
    ]
    settings.set(Options.VOICE_ENABLED, True)
    advance(window, clock, 1)  # at 17 s; "Ten seconds." was due at 15 s: not said late
    assert output.heard[-1] == (5.0, "chime")
    advance(window, clock, 5)
    assert output.heard[-1] == (22.0, "tick")


def test_a_kind_of_cue_turned_off_is_never_loaded(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: Heard
) -> None:
    settings.set(Options.VOICE_ENABLED, False)
    window = make_window(qtbot, tmp_path, clock, settings, output.backend())
    window.open_routine("cue-test", start=True)
    assert [channel.kind for channel in output.channels] == [CueKind.SOUND]
    advance(window, clock, 6)
    assert output.heard == [(2.0, "tick"), (3.0, "tick"), (4.0, "tick"), (5.0, "chime")]


def test_a_missing_service_gives_one_line_and_the_session_goes_on(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: Heard
) -> None:
    problem = "the speech service did not answer. Check that sound works"
    backend = output.backend({CueKind.VOICE: problem})
    window = make_window(qtbot, tmp_path, clock, settings, backend)
    window.open_routine("cue-test", start=True)
    notice = f"Voice is off: {problem}."
    assert window.cues.notice == notice
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.notice_label.text() == notice
    assert controls.notice_label.isVisibleTo(window)
    advance(window, clock, 40)
    assert window.pages.currentWidget() is window.done_page
    assert not [text for _, text in output.heard if text.startswith('"')]  # nothing said
    assert (34.0, "finish") in output.heard  # the sounds were all given


def test_a_session_asked_to_start_waits_for_the_workers_so_its_first_words_are_heard(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: Heard
) -> None:
    window = make_window(qtbot, tmp_path, clock, settings, output.backend(loading=True))
    window.open_routine("cue-test", start=True)
    assert state(window) is State.READY
    assert window.cues.notice == cue_player.WAITING_NOTICE
    controls = window.session_page.findChild(cue_player.CueControls)
    assert controls is not None
    assert controls.notice_label.text() == cue_player.WAITING_NOTICE
    for channel in output.channels:
        channel.finish_loading()
    assert state(window) is State.RUNNING
    assert not controls.notice_label.isVisibleTo(window)
    advance(window, clock, 1)
    assert output.heard[0] == (0.0, '"Next: Lunge press. Sink down."')


def state(window: MainWindow) -> State:
    snapshot = window.driver.snapshot()
    assert snapshot is not None
    return snapshot.state


def test_workers_that_load_too_long_do_not_hold_the_start_back(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    settings: Settings,
    output: Heard,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cue_player, "READY_WAIT_MS", 50)
    window = make_window(qtbot, tmp_path, clock, settings, output.backend(loading=True))
    window.open_routine("cue-test", start=True)
    qtbot.waitUntil(lambda: state(window) is State.RUNNING, timeout=2000)
    assert window.cues.notice is None


def test_space_starts_at_once_while_the_workers_load(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings, output: Heard
) -> None:
    window = make_window(qtbot, tmp_path, clock, settings, output.backend(loading=True))
    show_active(qtbot, window)
    window.open_routine("cue-test", start=True)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert state(window) is State.RUNNING
    clock.advance(2)
    for channel in output.channels:
        channel.finish_loading()  # the waiting start does not pause or restart it
    assert state(window) is State.RUNNING
    snapshot = window.driver.snapshot()
    assert snapshot is not None
    assert snapshot.remaining == 3.0


def test_the_notice_sums_up_what_is_not_heard() -> None:
    assert describe_problems(None, None) is None
    assert describe_problems("no audio", None) == "Sounds are off: no audio."
    assert describe_problems(None, "no voice") == "Voice is off: no voice."
    assert (
        describe_problems("no audio", "no voice")
        == "Sounds are off: no audio. Voice is off: no voice."
    )
    assert describe_problems("no lib", "no lib") == "Sounds and voice are off: no lib."


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


def test_the_window_never_loads_the_audio_or_speech_libraries(tmp_path: Path) -> None:
    """The workers load them, each in its own process; the window's stays light."""
    result = run_python(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from app.clock import SystemClock
        from app.ui.settings_store import settings_at
        from app.store import Catalog
        from app.ui.cue_channel import CueKind
        from app.ui.cue_player import worker_backend
        from app.ui.main_window import MainWindow
        settings = settings_at({str(tmp_path / "s.ini")!r})
        window = MainWindow(Catalog.load(Path({str(tmp_path)!r})), SystemClock(),
                            settings=settings, cue_backend=worker_backend(engine="mock"))
        heavy = ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech")

        def at_first_paint():
            print("at first paint:", [m for m in heavy if m in sys.modules], flush=True)

        def voices():
            if window.cues.voice_names():
                print("voices:", window.cues.voice_names(), flush=True)
                print("later:", [m for m in heavy if m in sys.modules], flush=True)
                window.close()
                app.quit()

        window.first_painted.connect(at_first_paint)
        window.first_painted.connect(lambda: window.cues.voices_changed.connect(voices))
        window.show()
        QTimer.singleShot(20_000, app.quit)  # gives up: no "voices:" line
        app.exec()
        """
    )
    assert result.returncode == 0, result.stderr
    assert "at first paint: []" in result.stdout
    assert "voices: ('Bob', 'Anne')" in result.stdout
    assert "later: []" in result.stdout


def test_the_cue_channels_own_timer_gives_the_chime_when_the_stretch_starts(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, output: Heard
) -> None:
    # A get-ready of a fifth of a second, so the real timer fires within
    # milliseconds; the fake clock is moved on and the timer's own timeout
    # (not a call to give_due) hands out the cue.
    quick = Routine(
        id="quick",
        title="Quick",
        steps=(Step(name="Calf hold", instructions="Lean in.", dose=Hold(30)),),
        lead_in=0.2,
    )
    window.open_loaded_routine(quick, start=True)
    qtbot.waitUntil(lambda: bool(output.heard), timeout=2000)
    assert output.heard == [(0.0, '"Next: Calf hold."')]
    clock.advance(0.2)
    qtbot.waitUntil(lambda: len(output.heard) == 2, timeout=2000)
    assert output.heard[1] == (0.2, "chime")


def test_workers_held_back_by_a_start_up_that_never_ends_start_all_the_same(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    settings: Settings,
    output: Heard,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cue_player, "POSTPONE_AT_MOST_MS", 20)
    window = make_window(qtbot, tmp_path, clock, settings, output.backend())
    window.hold_cue_workers_until_started_up()  # and start-up never says it is done
    window.open_routine("cue-test", start=True)
    assert output.channels == []
    session = window.driver.session
    assert session is not None
    assert session.state is State.READY  # waiting for them
    # Started by the bound on the hold, well before the session gives up waiting.
    qtbot.waitUntil(lambda: session.state is State.RUNNING, timeout=cue_player.READY_WAIT_MS // 5)
    assert [channel.kind for channel in output.channels] == [CueKind.SOUND, CueKind.VOICE]
    advance(window, clock, 6)
    assert output.heard[0] == (0.0, '"Next: Lunge press. Sink down."')  # none lost
    assert (5.0, "chime") in output.heard
