"""Synthesizes the cue sounds into assets/sounds/*.wav (16-bit mono, 44.1 kHz).

Usage: `python tools/make_sounds.py [OUT_DIR]` (default: assets/sounds).

Only the standard library: a few sine partials under a soft envelope (raised
cosine attack, exponential decay, raised cosine fade-out to exact zero), so no
sound starts or ends with a click. Every sound is scaled to the same RMS level,
so none is startlingly louder than the others, and the script prints what it
measured. The output is deterministic: running it again gives the same bytes.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
TARGET_RMS = 0.12  # of full scale; about -18 dBFS
PEAK_LIMIT = 0.9  # never closer to clipping than this


@dataclass(frozen=True)
class Note:
    """A tone starting at `start` seconds: partials are (frequency ratio, amplitude)."""

    start: float
    freq: float
    length: float
    decay: float  # seconds for the level to fall to 1/e
    partials: tuple[tuple[float, float], ...] = ((1.0, 1.0), (2.0, 0.25), (3.0, 0.08))


ATTACK = 0.006  # seconds: soft enough not to click, fast enough to feel on the beat
FADE = 0.012  # final raised-cosine fade to zero

SOUNDS: dict[str, tuple[Note, ...]] = {
    # A short woodblock-like tick for the last three seconds of a hold.
    "tick": (Note(0.0, 1320.0, 0.07, 0.018, ((1.0, 1.0), (2.7, 0.2))),),
    # The rep click: lower and even shorter than the tick, so the two differ.
    "rep": (Note(0.0, 880.0, 0.06, 0.014, ((1.0, 1.0), (2.0, 0.3))),),
    # New stretch: a bright rising major third, bell-like.
    "chime": (
        Note(0.0, 659.25, 0.55, 0.22),
        Note(0.09, 830.61, 0.50, 0.25),
    ),
    # Switch sides: two even notes, down then up (a "swap").
    "switch": (
        Note(0.0, 698.46, 0.22, 0.09),
        Note(0.16, 523.25, 0.22, 0.09),
        Note(0.32, 698.46, 0.26, 0.10),
    ),
    # Finish: an arpeggiated major chord that rings out.
    "finish": (
        Note(0.0, 523.25, 1.1, 0.45),
        Note(0.12, 659.25, 1.0, 0.45),
        Note(0.24, 783.99, 0.95, 0.45),
        Note(0.36, 1046.50, 0.9, 0.5),
    ),
}


def _render_note(note: Note) -> list[float]:
    count = round(note.length * RATE)
    attack = max(1, round(ATTACK * RATE))
    fade = max(1, round(FADE * RATE))
    samples = []
    for index in range(count):
        t = index / RATE
        level = math.exp(-t / note.decay)
        if index < attack:
            level *= 0.5 - 0.5 * math.cos(math.pi * index / attack)
        from_end = count - 1 - index
        if from_end < fade:
            level *= 0.5 - 0.5 * math.cos(math.pi * from_end / fade)
        value = sum(
            amplitude * math.sin(2 * math.pi * note.freq * ratio * t)
            for ratio, amplitude in note.partials
        )
        samples.append(level * value)
    return samples


def render(notes: tuple[Note, ...]) -> list[float]:
    """The notes mixed, scaled to TARGET_RMS (or less, to stay under PEAK_LIMIT)."""
    length = max(round(note.start * RATE) + round(note.length * RATE) for note in notes)
    mix = [0.0] * length
    for note in notes:
        offset = round(note.start * RATE)
        for index, value in enumerate(_render_note(note)):
            mix[offset + index] += value
    rms = math.sqrt(sum(value * value for value in mix) / len(mix))
    gain = TARGET_RMS / rms
    peak = max(abs(value) for value in mix)
    gain = min(gain, PEAK_LIMIT / peak)
    return [value * gain for value in mix]


def to_pcm(samples: list[float]) -> array[int]:
    return array("h", (round(max(-1.0, min(1.0, value)) * 32767) for value in samples))


def measure(pcm: array[int]) -> tuple[float, float, float]:
    """(seconds, RMS in dBFS, peak in dBFS) of 16-bit samples."""
    values = [value / 32768 for value in pcm]
    rms = math.sqrt(sum(value * value for value in values) / len(values))
    peak = max(abs(value) for value in values)
    return len(values) / RATE, 20 * math.log10(rms), 20 * math.log10(peak)


def write_wav(path: Path, pcm: array[int]) -> None:
    data = pcm if sys.byteorder == "little" else array("h", pcm)
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "assets/sounds"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'sound':8} {'seconds':>8} {'RMS dBFS':>9} {'peak dBFS':>10}")
    for name, notes in SOUNDS.items():
        pcm = to_pcm(render(notes))
        write_wav(folder / f"{name}.wav", pcm)
        seconds, rms, peak = measure(pcm)
        print(f"{name:8} {seconds:8.3f} {rms:9.2f} {peak:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
