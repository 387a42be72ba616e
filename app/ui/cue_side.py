"""One kind of cue inside the cue worker: its speakers, its timer, its answers.

The worker (app/ui/cue_worker.py) carries the sounds on its main thread and
the words on a thread of their own (app/ui/cue_voice.py); each is a `CueSide`
that takes the window's messages for its kind and answers them itself, on its
own thread. So a voice whose engine hangs stops answering its pings while the
sounds go on answering theirs, and the window can tell which one is stuck.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from app.cues import Cue, CueSink
from app.i18n import N_, _
from app.ui.cue_timer import CueTimer

PULSE_HINT = N_("the PulseAudio client library is missing (sudo apt install libpulse0)")


def missing_library(error: ImportError) -> str:
    """What the notice line says when QtMultimedia or QtTextToSpeech cannot be imported."""
    text = str(error)
    if "libpulse" in text:
        return _(PULSE_HINT)
    return _("Qt Multimedia could not be loaded ({error})").format(error=text)


class Speakers(CueSink, Protocol):
    """What plays one kind of cue: the sound effects, or the speech engine."""

    problem: str | None

    def voice_names(self) -> list[str]: ...

    def configure(self, volume: float, voice_name: str, rate: float) -> None: ...

    def stop(self) -> None: ...


class CueSide(QObject):
    """Gives one kind of cue on time and answers the window's messages for it.

    `sent` carries each message for the window (a dict); the worker writes them
    to its pipe, from its main thread, whichever thread the side lives on.
    """

    sent = Signal(object)

    def __init__(self, kind: str, speakers: Speakers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.speakers = speakers
        self._timer = CueTimer(time.monotonic, speakers, self, given=self._report_given)

    @Slot()
    def load(self) -> None:
        """Load the speakers, then send "ready" (`ready`), here or once they are."""
        raise NotImplementedError

    def ready(self) -> None:
        self.send(
            {"ev": "ready", "problem": self.speakers.problem, "voices": self.speakers.voice_names()}
        )

    @Slot(object)
    def handle(self, message: Any) -> None:
        try:
            op = message["op"]
            if op == "ping":
                self.send({"ev": "pong", "n": message.get("n")})
            elif op == "schedule":
                self._timer.schedule([Cue.from_wire(cue) for cue in message["cues"]])
            elif op == "configure":
                self.speakers.configure(
                    float(message["volume"]), str(message["voice"]), float(message["rate"])
                )
            elif op == "stop":
                self._timer.clear()
                self.speakers.stop()
        except (ValueError, KeyError, TypeError) as error:
            # A garbled message is the window's bug, not a reason to fall silent.
            print(f"cue worker: ignored {message!r}: {error}", file=sys.stderr)

    def send(self, message: dict[str, object]) -> None:
        self.sent.emit({**message, "kind": self.kind})

    def _report_given(self, cue: Cue, now: float) -> None:
        self.send({"ev": "gave", "key": list(cue.key), "at": cue.at, "now": now})
