"""One precise timer that gives a CueQueue's cues on time to whatever plays them.

The cue worker process runs one with the real speakers (app/ui/cue_worker.py);
tests run the same code in-process with a fake clock and a recording sink.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer

from app.cues import Cue, CueQueue, CueSink


class CueTimer(QObject):
    """Aims a single-shot precise timer at the next pending cue; never an interval timer."""

    def __init__(
        self,
        monotonic: Callable[[], float],
        sink: CueSink,
        parent: QObject | None = None,
        *,
        given: Callable[[Cue, float], None] | None = None,
    ) -> None:
        """`given(cue, now)` hears of every cue handed to the sink (the worker reports it)."""
        super().__init__(parent)
        self._monotonic = monotonic
        self._sink = sink
        self._given = given
        self._queue = CueQueue()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.give_due)

    @property
    def pending(self) -> list[Cue]:
        return self._queue.pending

    @property
    def pending_ms(self) -> int | None:
        """How long until the timer fires, or None when it is idle."""
        return self._timer.interval() if self._timer.isActive() else None

    def schedule(self, cues: Sequence[Cue]) -> None:
        """These cues from now on, instead of what was pending."""
        self._queue.replace(cues)
        self.give_due()

    def clear(self) -> None:
        self._queue.replace(())
        self._timer.stop()

    def give_due(self) -> None:
        """Give what is due now (late ones are dropped), then aim at the next cue."""
        now = self._monotonic()
        for cue in self._queue.due(now):
            if cue.sound is not None:
                self._sink.play(cue.sound)
            if cue.speech is not None:
                self._sink.say(cue.speech)
            if self._given is not None:
                self._given(cue, now)
        next_at = self._queue.next_at()
        if next_at is None:
            self._timer.stop()
            return
        # Round up (a hair early would find nothing due and fire again), but not
        # for float noise: 9359.999999 ms is 9360.
        wait_ms = round((next_at - self._monotonic()) * 1000, 6)
        self._timer.start(max(0, math.ceil(wait_ms)))
