"""The cue worker: a process of its own that plays the sounds and speaks the words.

Why a process: the outside services behind cues can hang. speech-dispatcher
with no sound server blocks for good; creating its QTextToSpeech takes
seconds, and PySide6 holds the GIL all the while, so even a thread in the
window's process would stall the countdown. Here a hang costs only this
process: the window pings it while it has a cue to give, and has it start a
new voice, restarts it, or goes on without it (app/ui/cue_process.py). The
window never imports QtMultimedia or QtTextToSpeech at all.

One process carries both kinds (it used to be one each: two Pythons with
PySide6 in them cost 59 MiB, this one 37 to 38 MiB, measured by PSS beside the
window). The sounds live on its main thread, the words on a thread of their
own whose calls into the speech engine never hold the GIL
(app/ui/cue_voice.py), so a voice that hangs leaves the sounds on time and
this process answering; each kind answers its own pings (app/ui/cue_side.py).

The worker keeps time itself: the window sends the plan (every cue with its
`time.monotonic()` time, which is system-wide, so both processes agree) and
the worker gives each cue when it falls due, dropping late ones, so cues stay
on time even while the window is busy.

Run as `python -m app.ui.cue_worker sound|voice... [--engine NAME] [--language CODE]`:
the kinds it carries; with a language, the voice speaks it or nothing (never
English words for Chinese text), and the problems it reports are in it. The
pipe carries JSON, one object a line, each with the "kind" it is for ("sound"
or "voice"; without one, the first kind carried). In: {"op": "configure",
"volume", "voice", "rate"}, {"op": "schedule", "cues": [...]}, {"op":
"stop"}, {"op": "ping", "n"}, {"op": "load"} (start that kind afresh: a new
voice, the old one left to its hang), {"op": "drop"} (that kind is done). Out:
{"ev": "ready", "problem", "voices"} once a kind has loaded, {"ev": "pong",
"n"}, {"ev": "gave", "key", "at", "now"} for every cue given, each with its
"kind". The end of its input (the window closed or died) ends the worker.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QThread, QTimer, Signal

from app import resources
from app.cues import Sound
from app.i18n import N_, _, install_language
from app.ui.background import forget_imported_sources
from app.ui.cue_side import CueSide, missing_library
from app.ui.cue_voice import VoiceSide
from app.ui.pyside_costs import check_imports_quickly

KINDS = ("sound", "voice")
# At exit, a voice thread still stuck in the speech service is waited for this long.
THREAD_EXIT_WAIT_MS = 200


# What the session page's notice line says is missing (after "Sounds are off: "), in
# the language the worker was started with.
NO_DEVICE_HINT = N_(
    "no audio output was found (is a sound server such as PipeWire or PulseAudio running?)"
)


class SoundSpeakers:
    """Plays the sounds; if they could not be loaded, `problem` says why and nothing plays."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._effects: dict[Sound, Any] = {}
        self._keep: list[Any] = []  # the temporary folder with the WAV copies
        self._priming: set[Sound] = set()
        self._volume = 0.8

    def load(self, parent: QObject) -> None:
        try:
            from PySide6.QtCore import QTemporaryDir, QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as error:
            self.problem = missing_library(error)
            return
        if not QMediaDevices.audioOutputs():
            self.problem = _(NO_DEVICE_HINT)
            return
        # QSoundEffect needs a file URL, and assets may sit in a wheel or zip.
        folder = QTemporaryDir()
        if not folder.isValid():
            message = _("no temporary folder for the sound files ({error})")
            self.problem = message.format(error=folder.errorString())
            return
        self._keep.append(folder)
        for sound in Sound:
            path = folder.filePath(f"{sound.value}.wav")
            with open(path, "wb") as file:
                file.write(resources.asset_bytes(sound.asset))
            effect = QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(path))
            self._effects[sound] = effect
            self._prime(sound, effect)

    def _prime(self, sound: Sound, effect: Any) -> None:
        """Play each sound once, unheard: the first play of a QSoundEffect is lost
        (measured on PulseAudio: the first chime of every session was silent)."""
        self._priming.add(sound)
        effect.setVolume(0.0)

        def primed() -> None:
            if not effect.isPlaying() and sound in self._priming:
                self._priming.discard(sound)
                effect.setVolume(self._volume)

        effect.playingChanged.connect(primed)
        effect.loadedChanged.connect(lambda: effect.isLoaded() and effect.play())

    def voice_names(self) -> list[str]:
        return []

    def play(self, sound: Sound) -> None:
        effect = self._effects.get(sound)
        if effect is not None:
            if sound in self._priming:
                self._priming.discard(sound)
                effect.setVolume(self._volume)
            effect.play()

    def say(self, text: str) -> None:
        pass  # the words are the voice's thread's

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        self._volume = max(0.0, min(1.0, volume))
        for sound, effect in self._effects.items():
            if sound not in self._priming:
                effect.setVolume(self._volume)

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()


class SoundSide(CueSide):
    """The sounds, given on time, on the worker's main thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.sounds = SoundSpeakers()
        super().__init__("sound", self.sounds, parent)

    def load(self) -> None:
        self.sounds.load(self)
        forget_imported_sources()  # and QtMultimedia's
        self.ready()


def play_sounds_without_media_backends(speech_too: bool) -> None:
    """Keep Qt's media backend out of the worker.

    QSoundEffect plays through QtMultimedia's own PulseAudio, PipeWire or ALSA
    code; the backend plugin (FFmpeg, with QtQuick and QtQml behind it) serves
    players and recorders only, yet QtMultimedia loads it on first use: 12 MiB
    of the worker's memory (PSS, measured). Qt finds plugins through the library
    paths, which are cleared; the speech engines' plugins (`speech_too`) are
    looked up first, and stay known.
    """
    if speech_too:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            pass  # the voice says so when it loads
        else:
            QTextToSpeech.availableEngines()
    QCoreApplication.setLibraryPaths([])


def give_back_freed_memory() -> bool:
    """Hand the C library's freed memory back to the system; False where it can't.

    Loading the sounds and the voice leaves about 1 MiB of the worker's memory
    freed but still held by glibc's allocator (measured, its own memory: 56.6 -> 55.4
    MiB for the worker alone); the worker then lives as long as the window.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return False
    trim(0)
    return True


class ReadyWatch:
    """Calls `settled` each time every kind being loaded has said it is ready: after the
    first load, and again after a kind is loaded afresh."""

    def __init__(self, settled: Callable[[], object]) -> None:
        self._settled = settled
        self._loading: set[str] = set()

    def loading(self, kind: str) -> None:
        self._loading.add(kind)

    def gone(self, kind: str) -> None:
        """The kind was dropped: it is not waited for."""
        self.ready(kind)

    def ready(self, kind: str) -> None:
        if kind in self._loading:
            self._loading.discard(kind)
            if not self._loading:
                self._settled()


class _StdinReader(QObject):
    """Reads the window's lines on a thread and hands them to the event loop."""

    line = Signal(str)
    ended = Signal()

    def start(self) -> None:
        threading.Thread(target=self._read, name="cue-worker-stdin", daemon=True).start()

    def _read(self) -> None:
        for raw in sys.stdin.buffer:
            self.line.emit(raw.decode("utf-8", "replace"))
        self.ended.emit()


class _Inbox(QObject):
    """The messages for one side, delivered on the side's own thread."""

    message = Signal(object)


class Worker(QObject):
    """Hands each of the window's messages to the side of its kind, and writes their answers."""

    def __init__(
        self,
        kinds: Sequence[str],
        engine: str | None,
        parent: QObject | None = None,
        language: str | None = None,
        settled: Callable[[], object] = give_back_freed_memory,
    ) -> None:
        super().__init__(parent)
        self._kinds = list(dict.fromkeys(kinds))
        self._ready = ReadyWatch(settled)
        self._engine = engine
        self._language = language
        self._sides: dict[str, tuple[CueSide, _Inbox]] = {}
        self._threads: list[QThread] = []  # every voice's, also those left to a hang
        # Voices dropped are kept, never deleted: deleting one's engine on its thread
        # while the next was being made on another crashed the worker (SIGSEGV, 1 in
        # 20 drops followed by a load, measured). A run drops a voice a few times at most.
        self._dropped: list[CueSide] = []

    def load(self) -> None:
        # The voice first: its engine takes seconds, on its own thread, while the sounds load.
        for kind in sorted(self._kinds, key=lambda kind: kind != "voice"):
            self._load(kind)

    def _load(self, kind: str) -> None:
        self._drop(kind, for_good=False)
        self._ready.loading(kind)
        inbox = _Inbox(self)
        side: CueSide = (
            VoiceSide(self._engine, self._language) if kind == "voice" else SoundSide(self)
        )
        side.sent.connect(self._send)
        inbox.message.connect(side.handle)
        self._sides[kind] = (side, inbox)
        if kind != "voice":
            side.load()
            return
        thread = QThread(self)
        thread.setObjectName("cue-worker-voice")
        side.moveToThread(thread)
        self._threads.append(thread)
        thread.start()
        QMetaObject.invokeMethod(side, "load", Qt.ConnectionType.QueuedConnection)

    def _drop(self, kind: str, *, for_good: bool = True) -> None:
        """Stop hearing from the side, and silence it: a voice is left on its thread
        (which ends once the voice is silent; one stuck in its engine does so if that
        ever returns), never waited for."""
        found = self._sides.pop(kind, None)
        if found is None:
            return
        side, inbox = found
        if for_good:
            self._ready.gone(kind)
        side.sent.disconnect(self._send)
        inbox.deleteLater()
        if kind == "voice":
            self._dropped.append(side)
            QMetaObject.invokeMethod(side, "retire", Qt.ConnectionType.QueuedConnection)
        else:
            side.speakers.stop()
            side.deleteLater()

    def handle(self, line: str) -> None:
        try:
            message = json.loads(line)
            kind = message.get("kind", self._kinds[0])
            op = message["op"]
            if kind not in self._kinds:
                raise ValueError(f"this worker carries no {kind!r}")
            if op == "load":
                self._load(kind)
            elif op == "drop":
                self._drop(kind)
            elif kind in self._sides:
                self._sides[kind][1].message.emit(message)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # A garbled line is the window's bug, not a reason to fall silent.
            print(f"cue worker: ignored {line.strip()!r}: {error}", file=sys.stderr)

    def _send(self, message: dict[str, object]) -> None:
        if message.get("ev") == "ready":
            self._ready.ready(str(message.get("kind")))
        try:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            QCoreApplication.quit()  # the window is gone

    def end(self) -> bool:
        """Ask every voice thread to end; False if one is stuck (its wrapper must then
        never be destroyed: the process ends without tidying up)."""
        for kind in list(self._sides):
            self._drop(kind, for_good=False)  # silenced while their Python side is still there
        for thread in self._threads:
            thread.quit()
        return all(thread.wait(THREAD_EXIT_WAIT_MS) for thread in self._threads)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ui.cue_worker")
    parser.add_argument("kinds", nargs="+", choices=KINDS, help="the kinds of cue to give")
    parser.add_argument("--engine", help="a QTextToSpeech engine (default: the system's)")
    parser.add_argument(
        "--language", help="speak this language (de, zh_CN...) or not at all; and report in it"
    )
    args = parser.parse_args(argv)
    check_imports_quickly()  # before QtMultimedia or QtTextToSpeech is imported
    forget_imported_sources()
    if args.language:
        install_language(args.language)
    app = QCoreApplication([sys.argv[0]])
    play_sounds_without_media_backends(speech_too="voice" in args.kinds)
    worker = Worker(args.kinds, args.engine, app, args.language)
    reader = _StdinReader(app)
    reader.line.connect(worker.handle)
    reader.ended.connect(app.quit)
    QTimer.singleShot(0, worker.load)
    reader.start()
    code = app.exec()
    if not worker.end():
        sys.stdout.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
