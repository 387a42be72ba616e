"""The window's side of the cue workers: where one kind of cue (sounds, or words) goes.

`CueChannel` itself plays nothing: the fallback, and the choice where nobody
listens (tests, screenshots). `WorkerChannel` gives its cues through the cue
worker, app/ui/cue_worker.py, a process of its own that both kinds share
(app/ui/cue_process.py), so nothing the window does ever waits on the audio
or speech services:

- writes to the pipe are buffered by Qt and never block; answers arrive as
  signals;
- a watchdog pings the worker's side of this kind while a session is on and
  a cue of its kind is near (from WATCH_AHEAD_MS before it until it has been
  given and answered for); a kind that does not load, or stops answering,
  within its bound is started again once (a new voice in the worker, or the
  worker itself for the sounds); if it fails again the session goes on
  without it, and `problem` says what is wrong and how to fix it, in words
  the session page shows. Between cues far apart nothing is sent: a ping and
  its answer each second woke the window and both workers (about 65 ms of CPU
  a minute in all, a third of Limber's while a long hold counted down), and a
  worker that does nothing has nothing to hang on.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.cues import LATE_TOLERANCE, Cue
from app.i18n import N_, _
from app.ui.cue_process import WorkerProcess

# Loading Qt Multimedia, or creating the speech engine, may take seconds
# (speech-dispatcher: 1-8 s measured); past this the worker counts as hung.
LOAD_TIMEOUT_MS = 10_000
# Once loaded, a worker answers a ping at once unless something holds it.
ANSWER_TIMEOUT_MS = 2_000
PING_INTERVAL_MS = 1_000
# Watching starts this long before a cue is due: time to notice a hung worker
# (ANSWER_TIMEOUT_MS and a ping) and load its replacement before the cue.
WATCH_AHEAD_MS = 6_000
RESTARTS = 1  # a kind that fails is started again this many times


class CueKind(enum.Enum):
    """Sounds and words go to separate workers: a hung voice leaves the sounds on."""

    SOUND = "sound"
    VOICE = "voice"

    @property
    def carries(self) -> str:
        return "sounds" if self is CueKind.SOUND else "words"

    @property
    def on_its_own_thread(self) -> bool:
        """In the worker: the words have a thread of their own, the sounds the main one."""
        return self is CueKind.VOICE

    def takes(self, cue: Cue) -> bool:
        return cue.sound is not None if self is CueKind.SOUND else cue.speech is not None


_NOT_ANSWERING = {
    CueKind.SOUND: N_(
        "the audio service did not answer. Check that sound works, or turn off sounds in Settings"
    ),
    CueKind.VOICE: N_(
        "the speech service did not answer. Check that sound works, "
        "or turn off spoken announcements in Settings"
    ),
}


class CueChannel(QObject):
    """Where one kind of cue goes. This one plays nothing, and never fails."""

    changed = Signal()  # `problem` or `voices` changed
    gave = Signal(object)  # (key, planned time, time given), as the worker reports it

    def __init__(self, kind: CueKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._problem: str | None = None
        self._voices: tuple[str, ...] = ()

    @property
    def problem(self) -> str | None:
        """Why this kind of cue is not heard (a phrase, no full stop), or None."""
        return self._problem

    @property
    def voices(self) -> tuple[str, ...]:
        """The voices the speech engine offers, once it has loaded."""
        return self._voices

    @property
    def loading(self) -> bool:
        """Started, and not yet able to give cues (nor known to have failed)."""
        return False

    def start(self) -> None:
        """Begin loading; it costs the window nothing."""

    def schedule(self, cues: Sequence[Cue]) -> None:
        """Give these cues on time from now on, instead of what was pending."""

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        """Volume 0..1, voice name ("" for the default), rate -1..1."""

    def stop(self) -> None:
        """Silence what is sounding and drop what is pending."""

    def set_active(self, active: bool) -> None:
        """A session is on (watch the worker) or not (leave it be)."""

    def close(self) -> None:
        """Nothing more goes here (the kind was turned off, or the window closed)."""


class WorkerChannel(CueChannel):
    """One kind of cue in the cue worker, watched: started again once if it hangs or
    its process dies, then let go."""

    def __init__(
        self,
        kind: CueKind,
        process: WorkerProcess,
        parent: QObject | None = None,
        *,
        load_timeout_ms: int = LOAD_TIMEOUT_MS,
        answer_timeout_ms: int = ANSWER_TIMEOUT_MS,
        ping_interval_ms: int = PING_INTERVAL_MS,
        watch_ahead_ms: int = WATCH_AHEAD_MS,
    ) -> None:
        super().__init__(kind, parent)
        self._worker = process
        self._answer_timeout = answer_timeout_ms / 1000
        self._watch_ahead = watch_ahead_ms / 1000
        self._ready = False
        self._failures = 0
        self._closed = False
        self._active = False
        self._plan: list[Cue] = []
        self._settings: tuple[float, str, float] | None = None
        self._ping_number = 0
        self._unanswered_since: float | None = None  # monotonic time of the oldest ping
        self._load_deadline = QTimer(self)
        self._load_deadline.setSingleShot(True)
        self._load_deadline.setInterval(load_timeout_ms)
        self._load_deadline.timeout.connect(self._not_answering)
        self._pinger = QTimer(self)
        self._pinger.setInterval(ping_interval_ms)
        self._pinger.timeout.connect(self._ping)
        self._watch_later = QTimer(self)  # the next cue comes near: watch again
        self._watch_later.setSingleShot(True)
        # Not Qt's default coarse timer: 5 % of a minute's wait is 3 s of the 6 ahead.
        self._watch_later.setTimerType(Qt.TimerType.PreciseTimer)
        self._watch_later.timeout.connect(self._update_watch)

    @property
    def running(self) -> bool:
        """The worker carries this kind (loading or loaded)."""
        return self._worker.carries(self.kind)

    @property
    def ready(self) -> bool:
        return self._ready

    @property
    def loading(self) -> bool:
        return self.running and not self._ready

    @property
    def watching(self) -> bool:
        """The watchdog is pinging the worker now."""
        return self._pinger.isActive()

    def start(self) -> None:
        if not self.running and not self._closed and self._problem is None:
            self._worker.carry(self)
            self.loading_again()

    def schedule(self, cues: Sequence[Cue]) -> None:
        self._plan = list(cues)
        self._send({"op": "schedule", "cues": [cue.to_wire() for cue in self._plan]})
        self._update_watch()

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        self._settings = (volume, voice_name, rate)
        self._send({"op": "configure", "volume": volume, "voice": voice_name, "rate": rate})

    def stop(self) -> None:
        self._plan = []
        self._send({"op": "stop"})
        self._update_watch()

    def set_active(self, active: bool) -> None:
        self._active = active
        if not (active and self._ready):
            self._unanswered_since = None
        self._update_watch()

    def close(self) -> None:
        self._closed = True
        self._rest()
        self._worker.release(self, reap=True)

    # -- what the worker process tells -----------------------------------------

    def loading_again(self) -> None:
        """The worker (re)loads this kind: wait for it to say it is ready, within the bound."""
        self._rest()
        self._load_deadline.start()

    def lost(self, problem: str | None) -> None:
        """The worker's process died, or never started (`problem`: why, if not for
        this kind's own reason)."""
        self._fail(problem if problem is not None else _(_NOT_ANSWERING[self.kind]))

    def receive(self, message: dict[str, object]) -> None:
        """A message from the worker for this kind."""
        event = message["ev"]
        if event == "ready":
            self._loaded(message)
        elif event == "pong":
            self._unanswered_since = None
        elif event == "gave":
            self._unanswered_since = None  # it is alive
            self.gave.emit((message["key"], message["at"], message["now"]))

    def _rest(self) -> None:
        """Not loaded, nothing asked of the worker, nothing watched."""
        self._load_deadline.stop()
        self._pinger.stop()
        self._watch_later.stop()
        self._ready = False
        self._unanswered_since = None

    def _fail(self, problem: str) -> None:
        """This kind hung or died: once more from the start, then go on without it."""
        self._rest()
        self._failures += 1
        if self._failures <= RESTARTS and not self._closed:
            self._worker.restart(self)
            return
        self._worker.give_up(self)
        self._problem = problem
        self.changed.emit()

    def _not_answering(self) -> None:
        self._fail(_(_NOT_ANSWERING[self.kind]))

    def _send(self, message: dict[str, object]) -> None:
        """Only to a loaded worker: until then what it needs is sent when it is ready."""
        if self._ready:
            self._worker.send(self.kind, message)

    # -- the watchdog -----------------------------------------------------------

    def _watch_from(self, now: float) -> float | None:
        """When the worker must next be watched (`now` or before: at once), or None
        while it has nothing to give: until each cue it has to give has been given,
        and a ping answered after it."""
        upcoming = [cue.at for cue in self._plan if cue.at + self._answer_timeout >= now]
        return min(upcoming) - self._watch_ahead if upcoming else None

    def _update_watch(self) -> None:
        """Ping now if a cue is near or a ping is unanswered; else rest until one is."""
        self._watch_later.stop()
        if not (self._active and self._ready):
            self._pinger.stop()
            return
        now = time.monotonic()
        begin = self._watch_from(now)
        if self._unanswered_since is not None or (begin is not None and begin <= now):
            if not self._pinger.isActive():
                self._pinger.start()
            return
        self._pinger.stop()
        if begin is not None:
            self._watch_later.start(math.ceil((begin - now) * 1000))

    def _ping(self) -> None:
        now = time.monotonic()
        waiting = self._unanswered_since
        if waiting is not None and now - waiting > self._answer_timeout:
            self._not_answering()
            return
        if waiting is None:
            begin = self._watch_from(now)
            if begin is None or begin > now:  # answered, and nothing near: rest
                self._update_watch()
                return
        self._ping_number += 1
        if self._unanswered_since is None:
            self._unanswered_since = now
        self._send({"op": "ping", "n": self._ping_number})

    def _loaded(self, message: dict[str, object]) -> None:
        self._load_deadline.stop()
        problem = message.get("problem")
        voices = message.get("voices")
        if isinstance(voices, list):
            self._voices = tuple(str(name) for name in voices)
        if isinstance(problem, str) and problem:
            # Nothing to play with (no device, no engine): the worker lets go of it.
            self._closed = True
            self._rest()
            self._worker.release(self)
            self._problem = problem
            self.changed.emit()
            return
        self._ready = True
        if self._settings is not None:
            self.configure(*self._settings)
        now = time.monotonic()
        self.schedule([cue for cue in self._plan if cue.at >= now - LATE_TOLERANCE])
        self.set_active(self._active)
        self.changed.emit()
