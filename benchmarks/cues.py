"""The countdown never stalls, and the cues come on time: a real 60 s session, twice.

Runs `benchmarks/session_child.py` (the real `limber --routine FILE --start`
with the real cue workers) on a 60 s routine with a get-ready, a both-sides
hold, reps, rests and a long hold:

(a) with a working sound server: a private PulseAudio with a null sink
    (../shared/tools/sound-sandbox.sh), whose monitor is recorded; each cue's
    onset is found in the recording and its lateness reported against the
    time the window planned it for;
(b) with none (PULSE_SERVER pointing nowhere): the state of a fresh Debian
    with speech-dispatcher installed; the session must still count down.

Each prints the worst event-loop stall on the GUI thread (a 10 ms probe timer,
launch to end; target <= 50 ms) and what the session page said about sound.
Targets for (a): every sound within 25 ms, every spoken cue within 150 ms of
its time, the first announcement included, and none played late.

Each case gets its own XDG_RUNTIME_DIR, so speech-dispatcher is started afresh
for it (its socket lives there) and plays to that case's sound server; those
daemons are ended afterwards. Needs pulseaudio, pulseaudio-utils (parec) and,
for the voice, speech-dispatcher; what is missing is said and skipped.
"""

from __future__ import annotations

import array
import io
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("session_child.py")
SANDBOX = ROOT.parent / "shared" / "tools" / "sound-sandbox.sh"
RATE = 48_000
HOP = RATE // 400  # 2.5 ms
THRESHOLD = 10 ** (-50 / 20) * 32768  # -50 dBFS
QUIET_BEFORE_ONSET = 0.03  # seconds of silence before a new onset
PHRASE_GAP = 0.5  # seconds of silence that end a spoken phrase

# 5 + (10 + 5 + 10) + 3 + 5 x 2 + 3 + 14 = 60 s
ROUTINE = """\
title: Cue timing check
lead_in: 5
rest: 3
steps:
  - stretch: lunge-press
    hold: 10
    sides: both
  - stretch: supported-heel-raise
    reps: 5
    tempo: 2
  - stretch: forward-bend
    hold: 14
"""


def run_session(env: dict[str, str], routine: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(CHILD), str(routine)],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return dict(json.loads(lines[-1]))


def end_speech_daemons(runtime_dir: str) -> None:
    subprocess.run(["pkill", "-f", f"speechd.*{runtime_dir}"], check=False)
    subprocess.run(["pkill", "-f", f"speech-dispatcher.*{runtime_dir}"], check=False)


class Recorder:
    """parec's raw samples, with the monotonic time each block arrived, to place them."""

    def __init__(self, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            [
                "parec",
                "-d",
                "rec.monitor",
                "--raw",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=10",
                "--process-time-msec=5",
            ],
            stdout=subprocess.PIPE,
            env=env,
        )
        self.samples = array.array("h")
        # The first sample's time is at most min(arrival - samples so far / rate).
        self.first_sample_at = float("inf")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        stream = self._process.stdout
        assert isinstance(stream, io.BufferedReader)
        pending = b""
        while chunk := stream.read1(4096):
            arrived = time.monotonic()
            pending += chunk
            whole = len(pending) - len(pending) % 2
            self.samples.frombytes(pending[:whole])
            pending = pending[whole:]
            self.first_sample_at = min(self.first_sample_at, arrived - len(self.samples) / RATE)

    def stop(self) -> None:
        self._process.send_signal(signal.SIGINT)
        self._process.wait(5)
        self._thread.join(5)


def onsets(samples: array.array[int], start: float) -> list[float]:
    """Monotonic times where sound begins after at least QUIET_BEFORE_ONSET of silence."""
    found: list[float] = []
    quiet_hops = 0
    needed = int(QUIET_BEFORE_ONSET * RATE / HOP)
    for hop in range(len(samples) // HOP):
        block = samples[hop * HOP : (hop + 1) * HOP]
        loud = max(abs(value) for value in block) > THRESHOLD
        if loud and quiet_hops >= needed:
            first = next(i for i, value in enumerate(block) if abs(value) > THRESHOLD)
            found.append(start + (hop * HOP + first) / RATE)
        quiet_hops = 0 if loud else quiet_hops + 1
    return found


def sounding(samples: array.array[int], start: float, at: float) -> bool:
    """Whether something is already sounding in the 30 ms before monotonic time `at`."""
    first = max(0, int((at - start - QUIET_BEFORE_ONSET) * RATE))
    last = max(first, int((at - start) * RATE))
    return any(abs(value) > THRESHOLD for value in samples[first:last])


def match(
    planned: list[list[Any]], heard: list[float]
) -> tuple[list[tuple[Any, float]], list[float]]:
    """Each planned cue's lateness (None: not heard), and the onsets no cue explains."""
    results: list[tuple[Any, float]] = []
    used: set[int] = set()
    for index, (key, at, sound, speech) in enumerate(planned):
        next_at = planned[index + 1][1] - 0.05 if index + 1 < len(planned) else float("inf")
        candidates = [i for i, t in enumerate(heard) if i not in used and at - 0.05 <= t < next_at]
        if not candidates:
            results.append(((key, sound or f'"{speech}"'), float("nan")))
            continue
        first = candidates[0]
        results.append(((key, sound or f'"{speech}"'), heard[first] - at))
        # The rest of a phrase (words after a pause) belongs to it too.
        used.update(candidates if speech else [first])
    stray = [t for i, t in enumerate(heard) if i not in used]
    return results, stray


def phrase_end(samples: array.array[int], start: float, onset: float) -> float:
    """When the phrase heard from monotonic time `onset` ends: the first PHRASE_GAP
    of silence after it (a pause between words or sentences is shorter)."""
    gap = int(PHRASE_GAP * RATE / HOP)
    quiet = 0
    for hop in range(max(0, int((onset - start) * RATE / HOP)), len(samples) // HOP):
        block = samples[hop * HOP : (hop + 1) * HOP]
        quiet = 0 if max(abs(value) for value in block) > THRESHOLD else quiet + 1
        if quiet >= gap:
            return start + (hop + 1 - gap) * HOP / RATE
    return start + len(samples) / RATE


def peak_dbfs(samples: array.array[int], start: float, begin: float, end: float) -> float:
    """The loudest sample between monotonic times `begin` and `end`, in dBFS."""
    first, last = (max(0, int((t - start) * RATE)) for t in (begin, end))
    block = samples[first:last]
    peak = max((abs(value) for value in block), default=0)
    return 20 * math.log10(peak / 32768) if peak else -120.0


def clipped(samples: array.array[int]) -> int:
    """Samples at full scale: the voice or a sound clipping."""
    return sum(1 for value in samples if value >= 32767 or value <= -32768)


def report_loudness(
    samples: array.array[int], start: float, results: list[tuple[Any, float]], planned: list[Any]
) -> None:
    """Each kind of cue's peak level over the session: a sound keeps one loudness in
    every hold, and the voice sits with the sounds without clipping."""
    levels: dict[str, list[float]] = {}
    for index, ((_key, what), late) in enumerate(results):
        if late != late:
            continue
        onset = planned[index][1] + late
        following = [planned[i][1] for i in range(index + 1, len(planned))]
        end = min([onset + (2.5 if what.startswith('"') else 0.08), *following])
        kind = "voice" if what.startswith('"') else what
        levels.setdefault(kind, []).append(peak_dbfs(samples, start, onset, end))
    for kind, values in sorted(levels.items()):
        print(
            f"    {kind:<8} peak {min(values):6.1f} .. {max(values):6.1f} dBFS "
            f"(spread {max(values) - min(values):.1f} dB over {len(values)})"
        )
    print(f"  clipped samples in the whole recording: {clipped(samples)}")


def report_stall(name: str, result: dict[str, Any]) -> None:
    print(
        f"{name}: worst GUI stall {result['worst_stall_ms']:.1f} ms "
        f"(at {result['stall_at']:.1f} s, {result['stall_cpu_ms']:.0f} ms of it on the GUI "
        f"thread's own CPU time, {result.get('stall_runqueue_ms', 0.0):.0f} ms waiting for a "
        "free CPU; target <= 50 ms)"
    )
    print(
        f"  while counting (from {result['counting_from']:.1f} s): worst stall "
        f"{result['counting_stall_ms']:.1f} ms"
    )
    print(f"  sound notice: {result['notice'] or '(none: sounds and voice on)'}")


def with_sound_server(base_env: dict[str, str], routine: Path) -> None:
    if not SANDBOX.exists() or not shutil.which("parec"):
        print("(a) skipped: needs ../shared/tools/sound-sandbox.sh and parec (pulseaudio-utils)")
        return
    folder = tempfile.mkdtemp(prefix="limber-sound-")
    exports = subprocess.run(
        ["bash", str(SANDBOX), "start", folder], capture_output=True, text=True, check=True
    ).stdout
    env = dict(base_env)
    for assignment in exports.replace("export ", "").split():
        name, _, value = assignment.partition("=")
        env[name] = value
    recorder = Recorder(env)
    try:
        time.sleep(0.5)  # the recording runs before the app starts
        result = run_session(env, routine)
    finally:
        recorder.stop()
        end_speech_daemons(folder)
        subprocess.run(["bash", str(SANDBOX), "stop", folder], check=False)
    report_stall("(a) PulseAudio null sink", result)
    heard = onsets(recorder.samples, recorder.first_sample_at)
    planned = result["planned"]
    results, stray = match(planned, heard)
    # A cue that falls while another still sounds (a tick inside a phrase said
    # over the end of a stretch, or the phrase's last syllable) has no onset of its
    # own in the mix: its time is the worker's report of when it gave it, not the
    # next onset found (or none, when the next cue comes first).
    gave = {repr(list(key)): given - at for key, at, given in result["given"]}
    start = recorder.first_sample_at
    for index, ((key, what), late) in enumerate(results):
        at = planned[index][1]
        if (late != late or late > 0.1) and sounding(recorder.samples, start, at):
            results[index] = ((key, what + " (inside another)"), gave.get(repr(list(key)), late))
    # A phrase said over ticks goes on after their times: its later words are its
    # own, not cues played late.
    phrases = [
        (planned[index][1] + late, phrase_end(recorder.samples, start, planned[index][1] + late))
        for index, ((key, what), late) in enumerate(results)
        if what.startswith('"') and late == late
    ]
    stray = [at for at in stray if not any(begin <= at <= end for begin, end in phrases)]
    sounds = [late for (key, what), late in results if not what.startswith('"')]
    words = [late for (key, what), late in results if what.startswith('"')]
    print(f"  {len(planned)} cues planned, {len(result['given'])} given by the workers")
    for (key, what), late in results:
        shown = "not heard" if late != late else f"{late * 1000:+.0f} ms"
        print(f"    {key[0]:>2} {key[1]:<12} {what[:44]:<44} {shown}")
    for name, values, target in (("sounds", sounds, 25), ("spoken cues", words, 150)):
        heard_values = [value for value in values if value == value]
        if heard_values:
            worst = max(heard_values) * 1000
            print(
                f"  {name}: worst {worst:.0f} ms late, {len(values) - len(heard_values)} not "
                f"heard (target <= {target} ms)"
            )
    print(f"  onsets no planned cue explains (played late or twice): {len(stray)}")
    for at in stray:
        # Where each one fell: after which planned cue, and how long after it.
        before = [cue for cue in planned if cue[1] <= at]
        if before:
            key, cue_at, sound, speech = before[-1]
            what = sound or f'"{speech}"'
            print(f"    {(at - cue_at) * 1000:+.0f} ms after {key[0]} {key[1]} {what[:40]}")
    print("  loudness (peak of each cue, from its onset):")
    report_loudness(recorder.samples, recorder.first_sample_at, results, planned)


def without_sound_server(base_env: dict[str, str], routine: Path) -> None:
    folder = tempfile.mkdtemp(prefix="limber-nosound-")
    env = {**base_env, "PULSE_SERVER": f"unix:{folder}/no-server", "XDG_RUNTIME_DIR": folder}
    try:
        result = run_session(env, routine)
    finally:
        end_speech_daemons(folder)
    report_stall("(b) no sound server", result)


def main() -> int:
    home = tempfile.mkdtemp(prefix="limber-bench-")
    routine = Path(home) / "cue-timing.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    base_env = {
        **os.environ,
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "XDG_CACHE_HOME": f"{home}/cache",
    }
    base_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not shutil.which("speech-dispatcher"):
        print("note: speech-dispatcher is not installed: the voice is off in both cases")
    with_sound_server(base_env, routine)
    without_sound_server(base_env, routine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
