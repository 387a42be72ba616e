"""The real process boundary: cue workers that load, hang, answer late, crash or are missing.

These start real processes (the real worker with Qt's mock speech engine, or
small stand-ins that misbehave) and show the window never waits on them: every
call returns at once and the failure is noticed by timers, with the bounds
made short here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QProcess, QTimer
from pytestqt.qtbot import QtBot

from app.cues import Cue, Sound
from app.ui.cue_channel import WATCH_AHEAD_MS, CueKind, WorkerChannel
from app.ui.cue_process import WorkerProcess, worker_command

VOICE_NOT_ANSWERING = (
    "the speech service did not answer. Check that sound works, "
    "or turn off spoken announcements in Settings"
)


def stand_in(script: str) -> list[str]:
    """A worker that behaves as `script` says, instead of the real one."""
    return [sys.executable, "-c", script]


READY = (
    "import json, sys; "
    'print(json.dumps({"ev": "ready", "problem": None, "voices": []}), flush=True)'
)
ANSWERS_PINGS = (
    READY
    + "\nfor line in sys.stdin:\n"
    + "    if 'ping' in line: print(json.dumps({'ev': 'pong', 'n': 0}), flush=True)"
)


@pytest.fixture
def parent() -> Iterator[QObject]:
    owner = QObject()
    yield owner
    for channel in owner.findChildren(WorkerChannel):
        channel.close()


def short_bounds(
    kind: CueKind,
    worker: list[str] | WorkerProcess,
    parent: QObject,
    load_ms: int = 1500,
    watch_ahead_ms: int = WATCH_AHEAD_MS,
) -> WorkerChannel:
    """A channel through `worker` (a command: a process of its own) with short bounds."""
    process = WorkerProcess(worker, parent) if isinstance(worker, list) else worker
    return WorkerChannel(
        kind,
        process,
        parent,
        load_timeout_ms=load_ms,
        answer_timeout_ms=300,
        ping_interval_ms=100,
        watch_ahead_ms=watch_ahead_ms,
    )


class Probe:
    """A 10 ms timer on the GUI thread: its worst lateness shows any stall."""

    def __init__(self, parent: QObject) -> None:
        self.worst = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(parent)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self._last - 0.010)
        self._last = now


def test_the_real_voice_worker_loads_and_says_each_word_on_time(
    qtbot: QtBot, parent: QObject
) -> None:
    channel = WorkerChannel(CueKind.VOICE, WorkerProcess(worker_command("mock"), parent), parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=15_000)
    assert channel.problem is None
    assert set(channel.voices) == {"Anne", "Bob"}
    channel.configure(0.8, "Anne", 0.0)
    channel.set_active(True)
    at = time.monotonic() + 0.3
    reports: list[tuple[list[object], float, float]] = []
    channel.gave.connect(reports.append)
    channel.schedule(
        [Cue(at, None, "Next: Lunge press.", (0, "next")), Cue(at + 0.2, None, "Go.", (1, "go"))]
    )
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=5000)
    assert [key for key, _, _ in reports] == [[0, "next"], [1, "go"]]
    for _, planned, given_at in reports:
        assert 0 <= given_at - planned < 0.25  # on time, by the worker's own clock
    assert channel.problem is None


def test_a_worker_that_never_loads_is_restarted_once_then_the_voice_is_off(
    qtbot: QtBot, parent: QObject
) -> None:
    probe = Probe(parent)
    channel = short_bounds(CueKind.VOICE, stand_in("import time; time.sleep(60)"), parent, 300)
    channel.start()
    started = channel.running
    channel.configure(0.8, "", 0.0)  # none of these wait for the worker
    channel.schedule([Cue(time.monotonic() + 0.1, None, "Go.", (0, "go"))])
    channel.set_active(True)
    with qtbot.waitSignal(channel.changed, timeout=5000):
        pass
    assert channel.problem == VOICE_NOT_ANSWERING
    assert started
    assert not channel.running  # given up after the one restart: no process left
    assert probe.worst < 0.25  # the GUI thread kept running its timers


def test_a_worker_that_stops_answering_is_let_go_after_one_restart(
    qtbot: QtBot, parent: QObject
) -> None:
    # Ready, then deaf: as speech-dispatcher with no sound server, stuck in say().
    hangs = stand_in(READY + "\nimport time; time.sleep(60)")
    channel = short_bounds(CueKind.VOICE, hangs, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    soon = time.monotonic()
    # The replacement is watched before the cue after (the first is past by then).
    channel.schedule(
        [Cue(soon + 0.2, None, "Go.", (0, "go")), Cue(soon + 3, None, "Go.", (1, "go"))]
    )
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=8000)
    assert channel.problem == VOICE_NOT_ANSWERING


def test_a_hung_worker_is_ended_without_the_gui_thread_waiting_for_it(
    qtbot: QtBot, parent: QObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[int] = []
    real_wait = QProcess.waitForFinished

    def counted_wait(process: QProcess, msecs: int = 30000) -> bool:
        waits.append(msecs)
        return real_wait(process, msecs)

    monkeypatch.setattr(QProcess, "waitForFinished", counted_wait)
    hangs = stand_in(READY + "\nimport time; time.sleep(60)")
    channel = short_bounds(CueKind.VOICE, hangs, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    soon = time.monotonic()
    # The replacement is watched before the cue after (the first is past by then).
    channel.schedule(
        [Cue(soon + 0.2, None, "Go.", (0, "go")), Cue(soon + 3, None, "Go.", (1, "go"))]
    )
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=8000)
    assert waits == []  # killed mid-session: never waited for on this thread
    # ...and reaped all the same, deleted once it has gone.
    qtbot.waitUntil(lambda: not parent.findChildren(QProcess), timeout=5000)


def test_a_worker_that_answers_late_but_within_the_bound_is_kept(
    qtbot: QtBot, parent: QObject
) -> None:
    slow = stand_in("import time; time.sleep(0.5)\n" + ANSWERS_PINGS)
    channel = short_bounds(CueKind.SOUND, slow, parent)
    channel.start()
    channel.set_active(True)
    channel.schedule([Cue(time.monotonic() + 1.0, Sound.TICK, None, (0, "t"))])
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    assert channel.watching
    qtbot.wait(600)  # several pings, each answered
    assert channel.ready
    assert channel.problem is None


def test_the_watchdog_rests_while_no_cue_is_near_and_wakes_before_the_next(
    qtbot: QtBot, parent: QObject
) -> None:
    # Deaf from the start: watched at all, it would be noticed within 300 ms.
    hangs = stand_in(READY + "\nimport time; time.sleep(60)")
    channel = short_bounds(CueKind.SOUND, hangs, parent, watch_ahead_ms=1500)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    cue_at = time.monotonic() + 2.5
    channel.schedule([Cue(cue_at, Sound.TICK, None, (0, "t"))])
    assert not channel.watching  # the cue is 2.5 s off: nothing to hang on until then
    qtbot.wait(600)
    assert channel.problem is None
    assert not channel.watching
    # From 1.5 s before the cue it is watched, the hang noticed before the cue is due.
    qtbot.waitUntil(lambda: channel.watching, timeout=2000)
    assert time.monotonic() >= cue_at - 1.5
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=8000)


def test_a_worker_that_hangs_as_it_gives_a_cue_is_noticed_after_it(
    qtbot: QtBot, parent: QObject
) -> None:
    # Reports the cue given, then answers nothing more: stuck in say().
    gives_then_hangs = stand_in(
        READY
        + "\nimport time\nfor line in sys.stdin:\n"
        + "    if 'schedule' in line and 'Go.' in line:  # a cue to give\n"
        + "        print(json.dumps({'ev': 'gave', 'key': [0, 'go'], 'at': 0, 'now': 0}),"
        + " flush=True)\n"
        + "        time.sleep(60)\n"
        + "    elif 'ping' in line: print(json.dumps({'ev': 'pong', 'n': 0}), flush=True)"
    )
    channel = short_bounds(CueKind.VOICE, gives_then_hangs, parent, watch_ahead_ms=100)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    soon = time.monotonic()
    with qtbot.waitSignal(channel.gave, timeout=5000):
        channel.schedule([Cue(soon, None, "Go.", (0, "go")), Cue(soon + 3, None, "Go.", (1, "go"))])
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=8000)
    assert channel.problem == VOICE_NOT_ANSWERING


def test_a_session_without_cues_or_left_is_not_watched(qtbot: QtBot, parent: QObject) -> None:
    channel = short_bounds(CueKind.SOUND, stand_in(ANSWERS_PINGS), parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    watched = []
    channel.set_active(True)
    watched.append(channel.watching)  # nothing planned (muted, or a long hold's middle)
    channel.schedule([Cue(time.monotonic() + 0.5, Sound.TICK, None, (0, "t"))])
    watched.append(channel.watching)
    channel.set_active(False)  # the session was left
    watched.append(channel.watching)
    channel.set_active(True)
    watched.append(channel.watching)
    channel.stop()  # nothing pending
    watched.append(channel.watching)
    assert watched == [False, True, False, True, False]


def test_a_crashing_worker_is_restarted_once_then_the_sounds_are_off(
    qtbot: QtBot, parent: QObject
) -> None:
    channel = short_bounds(CueKind.SOUND, stand_in(READY + "\nsys.exit(3)"), parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=8000)
    assert channel.problem == (
        "the audio service did not answer. Check that sound works, or turn off sounds in Settings"
    )


def test_a_worker_that_cannot_start_says_so(qtbot: QtBot, parent: QObject) -> None:
    channel = short_bounds(CueKind.SOUND, ["/nonexistent/python3"], parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=5000)
    assert channel.problem == "the cue player could not be started (/nonexistent/python3)"


def test_a_problem_the_worker_reports_is_shown_and_its_process_ends(
    qtbot: QtBot, parent: QObject
) -> None:
    reports = stand_in(
        "import json, time; print(json.dumps({'ev': 'ready', 'problem': 'no audio output was "
        "found', 'voices': []}), flush=True); time.sleep(60)"
    )
    channel = short_bounds(CueKind.SOUND, reports, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.problem is not None, timeout=5000)
    assert channel.problem == "no audio output was found"
    assert not channel.running
    channel.schedule([Cue(time.monotonic(), Sound.TICK, None, (0, "t"))])  # goes nowhere


def test_garbage_from_a_worker_is_ignored(qtbot: QtBot, parent: QObject) -> None:
    noisy = stand_in("print('Qt says hello'); print('{\"ev\": 3}', flush=True)\n" + ANSWERS_PINGS)
    channel = short_bounds(CueKind.SOUND, noisy, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    assert channel.problem is None


def test_once_its_cue_is_given_and_answered_for_the_worker_is_left_to_rest(
    qtbot: QtBot, parent: QObject
) -> None:
    channel = short_bounds(CueKind.SOUND, stand_in(ANSWERS_PINGS), parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    cue_at = time.monotonic() + 0.3
    channel.schedule([Cue(cue_at, Sound.TICK, None, (0, "t"))])
    assert channel.watching
    qtbot.waitUntil(lambda: not channel.watching, timeout=5000)
    # Watched through the cue and the answer bound (300 ms) after it.
    assert time.monotonic() >= cue_at + 0.3
    assert channel.problem is None


def test_a_ping_left_unanswered_is_followed_up_when_the_plan_empties(
    qtbot: QtBot, parent: QObject, tmp_path: Path
) -> None:
    # Paused (the plan is dropped) just after a ping the hung worker never answers.
    starts = tmp_path / "starts"
    hangs = stand_in(
        f"open({str(starts)!r}, 'a').write('started\\n')\n"
        + READY
        + "\nimport time; time.sleep(60)"
    )
    channel = short_bounds(CueKind.SOUND, hangs, parent)
    channel.start()
    qtbot.waitUntil(lambda: channel.ready, timeout=5000)
    channel.set_active(True)
    channel.schedule([Cue(time.monotonic() + 0.5, Sound.TICK, None, (0, "t"))])
    qtbot.wait(150)  # a ping has gone out
    channel.stop()
    assert channel.watching
    # Noticed all the same: the worker is replaced.
    qtbot.waitUntil(lambda: starts.read_text().count("started") == 2, timeout=8000)


SOUNDS_NOT_ANSWERING = (
    "the audio service did not answer. Check that sound works, or turn off sounds in Settings"
)


def one_kind_answers(answering: str, log: Path) -> list[str]:
    """A worker for both kinds whose `answering` kind answers its pings and the other
    never does (a voice stuck in speech-dispatcher, or a stuck main thread); it writes
    each start (with its kinds) and each message's op and kind to `log`."""
    return stand_in(
        "import json, sys\n"
        f"log = open({str(log)!r}, 'a', buffering=1)\n"
        "log.write('start ' + ' '.join(sys.argv[1:]) + '\\n')\n"
        "def say(message): print(json.dumps(message), flush=True)\n"
        "for kind in sys.argv[1:]:\n"
        "    say({'ev': 'ready', 'kind': kind, 'problem': None, 'voices': []})\n"
        "for line in sys.stdin:\n"
        "    message = json.loads(line)\n"
        "    log.write(message['op'] + ' ' + message['kind'] + '\\n')\n"
        f"    if message['op'] == 'ping' and message['kind'] == {answering!r}:\n"
        "        say({'ev': 'pong', 'kind': message['kind'], 'n': message['n']})\n"
        "    elif message['op'] == 'load':\n"
        "        say({'ev': 'ready', 'kind': message['kind'], 'problem': None, 'voices': []})\n"
    )


def both_kinds(worker: list[str], parent: QObject) -> tuple[WorkerChannel, WorkerChannel]:
    """A sound and a voice channel through one process, started and watched over cues
    coming up (the second after the first kind's restart)."""
    process = WorkerProcess(worker, parent)
    sounds = short_bounds(CueKind.SOUND, process, parent)
    words = short_bounds(CueKind.VOICE, process, parent)
    soon = time.monotonic()
    for channel in (sounds, words):
        channel.start()
        channel.set_active(True)
    sounds.schedule([Cue(soon + t, Sound.TICK, None, (t, "t")) for t in (1, 3, 6)])
    words.schedule([Cue(soon + t, None, "Go.", (t, "go")) for t in (1, 3, 6)])
    return sounds, words


def test_the_sounds_and_the_words_share_one_real_worker(qtbot: QtBot, parent: QObject) -> None:
    process = WorkerProcess(worker_command("mock"), parent)
    sounds = WorkerChannel(CueKind.SOUND, process, parent)
    words = WorkerChannel(CueKind.VOICE, process, parent)
    sounds.start()
    words.start()
    qtbot.waitUntil(lambda: not sounds.loading and not words.loading, timeout=15_000)
    assert len(parent.findChildren(QProcess)) == 1
    # With no audio output (a test machine) the sounds let go, and the words go on.
    assert sounds.problem in (
        None,
        "no audio output was found (is a sound server such as PipeWire or PulseAudio running?)",
    )
    assert words.ready
    assert set(words.voices) == {"Anne", "Bob"}
    words.set_active(True)
    reports: list[tuple[list[object], float, float]] = []
    words.gave.connect(reports.append)
    at = time.monotonic() + 0.3
    words.schedule([Cue(at, None, "Go.", (0, "go"))])
    qtbot.waitUntil(lambda: len(reports) == 1, timeout=5000)
    assert 0 <= reports[0][2] - at < 0.25


def test_a_voice_that_hangs_is_started_afresh_in_the_worker_while_the_sounds_go_on(
    qtbot: QtBot, parent: QObject, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    sounds, words = both_kinds(one_kind_answers("sound", log), parent)
    qtbot.waitUntil(lambda: words.problem is not None, timeout=8000)
    assert words.problem == VOICE_NOT_ANSWERING
    # The drop is sent as the problem is shown; the stand-in logs it once it reads it.
    qtbot.waitUntil(lambda: "drop voice" in log.read_text().splitlines(), timeout=5000)
    lines = log.read_text().splitlines()
    assert lines.count("start sound voice") == 1  # the process was never restarted
    assert lines.count("load voice") == 1  # a new voice, once
    after_drop = lines[lines.index("drop voice") + 1 :]  # then let go of: nothing more
    assert not [line for line in after_drop if line.endswith("voice")]
    assert sounds.ready
    assert sounds.problem is None


def test_sounds_that_hang_restart_the_worker_and_the_voice_comes_back_with_it(
    qtbot: QtBot, parent: QObject, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    sounds, words = both_kinds(one_kind_answers("voice", log), parent)
    qtbot.waitUntil(lambda: sounds.problem is not None, timeout=10_000)
    assert sounds.problem == SOUNDS_NOT_ANSWERING
    qtbot.waitUntil(lambda: log.read_text().count("start") == 3, timeout=5000)
    starts = [line for line in log.read_text().splitlines() if line.startswith("start")]
    # Once again with both, then (the sounds given up) with the voice alone.
    assert starts == ["start sound voice", "start sound voice", "start voice"]
    qtbot.waitUntil(lambda: words.ready, timeout=5000)
    assert words.problem is None  # the restarts were the sounds', not the voice's
