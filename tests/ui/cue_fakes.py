"""A cue channel that records what would be heard, on the fake clock.

It runs the worker's own CueTimer in-process, so the window's plans are given
exactly as the worker would give them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from app.cues import Cue, Sound
from app.ui.cue_channel import CueChannel, CueKind
from app.ui.cue_timer import CueTimer
from tests.fakes import FakeClock


@dataclass
class Heard:
    """What every channel of one window played or said, with the fake time since `start`."""

    clock: FakeClock
    start: float
    heard: list[tuple[float, str]] = field(default_factory=list)
    settings: list[tuple[str, float, str, float]] = field(default_factory=list)
    stops: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    channels: list[RecordingChannel] = field(default_factory=list)

    def backend(
        self, problems: dict[CueKind, str] | None = None, loading: bool = False
    ) -> Callable[[CueKind, QObject], CueChannel]:
        """Channels that fail with `problems`, or that stay `loading` until told."""

        def make(kind: CueKind, parent: QObject) -> CueChannel:
            channel = RecordingChannel(kind, self, parent, (problems or {}).get(kind))
            channel.still_loading = loading
            self.channels.append(channel)
            return channel

        return make

    def at(self) -> float:
        return round(self.clock.monotonic() - self.start, 3)


class RecordingChannel(CueChannel):
    def __init__(
        self, kind: CueKind, heard: Heard, parent: QObject | None, problem: str | None
    ) -> None:
        super().__init__(kind, parent)
        self._heard = heard
        self._problem = problem
        self.timer = CueTimer(heard.clock.monotonic, self, self)
        self.active = False
        self.still_loading = False

    @property
    def loading(self) -> bool:
        return self.still_loading

    def finish_loading(self) -> None:
        self.still_loading = False
        self.changed.emit()

    # The sink the timer gives its cues to
    def play(self, sound: Sound) -> None:
        self._heard.heard.append((self._heard.at(), sound.value))

    def say(self, text: str) -> None:
        self._heard.heard.append((self._heard.at(), f'"{text}"'))

    # What the window sends
    def schedule(self, cues: Sequence[Cue]) -> None:
        if self._problem is None:
            self.timer.schedule(cues)

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        self._heard.settings.append((self.kind.value, volume, voice_name, rate))

    def stop(self) -> None:
        self._heard.stops.append(self.kind.value)
        self.timer.clear()

    def set_active(self, active: bool) -> None:
        self.active = active

    def close(self) -> None:
        self._heard.closed.append(self.kind.value)
        self.timer.clear()

    @property
    def voices(self) -> tuple[str, ...]:
        return ("Anne", "Bob") if self.kind is CueKind.VOICE else ()
