"""The cue worker: a process of its own that plays the sounds, or speaks the words.

Why a process: the outside services behind cues can hang. speech-dispatcher
with no sound server blocks in `say()` for good; creating its QTextToSpeech
takes seconds, and PySide6 holds the GIL all the while, so even a thread in the
window's process would stall the countdown. Here a hang costs only this
process: the window pings it while it has a cue to give, and restarts it or
goes on without it (app/ui/cue_channel.py). The window never imports
QtMultimedia or QtTextToSpeech at all.

The worker keeps time itself: the window sends the plan (every cue with its
`time.monotonic()` time, which is system-wide, so both processes agree) and
the worker gives each cue when it falls due, dropping late ones, so cues stay
on time even while the window is busy.

Run as `python -m app.ui.cue_worker sound|voice [--engine NAME] [--language CODE]`:
with a language, the voice speaks it or nothing (never English words for
Chinese text), and the problems it reports are in it. The pipe
carries JSON, one object a line. In: {"op": "configure", "volume", "voice",
"rate"}, {"op": "schedule", "cues": [...]}, {"op": "stop"}, {"op": "ping",
"n"}. Out: {"ev": "ready", "problem", "voices"} once loaded, {"ev": "pong",
"n"}, {"ev": "gave", "key", "at", "now"} for every cue given. The end of its
input (the window closed or died) ends the worker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer, Signal

from app import resources
from app.cues import Cue, Sound
from app.i18n import N_, _, install_language
from app.ui.background import forget_imported_sources
from app.ui.cue_timer import CueTimer
from app.ui.pyside_costs import check_imports_quickly

# The voice is made quieter than the sounds' volume: engines speak at full
# scale, which clips and drowns the sounds. Measured from a recording
# (benchmarks/cues.py, speech-dispatcher with espeak-ng, volume 80 %): at 0.55
# the voice peaked at -4..-2 dBFS over sounds at -9; at 0.32 it peaks at
# -9..-7 dBFS, with the sounds, and no sample clips.
VOICE_GAIN = 0.32

# What the session page's notice line says is missing (after "Sounds are off: "), in
# the language the worker was started with.
PULSE_HINT = N_("the PulseAudio client library is missing (sudo apt install libpulse0)")
NO_DEVICE_HINT = N_(
    "no audio output was found (is a sound server such as PipeWire or PulseAudio running?)"
)
SPEECH_HINT = N_(
    "no text-to-speech engine is available (on Debian or Ubuntu: "
    "sudo apt install speech-dispatcher libspeechd2)"
)
NO_VOICE_HINT = N_("no voice is installed for the text-to-speech engine")
# Translators: {language} is the language's own name ("Deutsch", "中文").
NO_LANGUAGE_VOICE_HINT = N_(
    "no {language} voice is installed (on Debian or Ubuntu: sudo apt install espeak-ng)"
)


def _missing_library(error: ImportError) -> str:
    text = str(error)
    if "libpulse" in text:
        return _(PULSE_HINT)
    return _("Qt Multimedia could not be loaded ({error})").format(error=text)


def voice_locale(language: str, available: Sequence[QLocale], current: QLocale) -> QLocale | None:
    """The engine's locale to speak `language` ("zh_CN", "de") in; None if it has none.

    The engine's current locale when it is of the language (the system's choice,
    "de_AT" for an Austrian), else the one of the same language and country, else
    any of the language: never a voice of another language, which would read
    Chinese text with English sounds.
    """
    wanted = QLocale(language)
    same = [locale for locale in available if locale.language() == wanted.language()]
    if current.language() == wanted.language():
        return current
    for locale in same:
        if locale.territory() == wanted.territory():
            return locale
    return same[0] if same else None


# espeak-ng calls Mandarin "cmn", which Qt does not know as a locale (it reads as "C"):
# through speech-dispatcher its voices come with no language Qt can tell, and are
# known by their names, "Chinese_(Mandarin,_latin_as_English)". Cantonese is not Mandarin.
_NAMED_VOICES = {QLocale.Language.Chinese: ("cmn", "mandarin")}


def named_voices(language: str, voices: Sequence[Any]) -> list[Any]:
    """The voices of no known locale whose names say they speak `language`."""
    words = _NAMED_VOICES.get(QLocale(language).language(), ())
    return [
        voice
        for voice in voices
        if voice.locale().language() in (QLocale.Language.C, QLocale.Language.AnyLanguage)
        and any(word in re.split(r"[^a-z]+", voice.name().lower()) for word in words)
    ]


def no_voice_for(language: str) -> str:
    """The notice for a language without a voice, naming it in its own words."""
    name = QLocale(language).nativeLanguageName() or language
    return _(NO_LANGUAGE_VOICE_HINT).format(language=name)


class Speakers:
    """Plays sounds or says words; whatever could not be loaded is silent."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._effects: dict[Sound, Any] = {}
        self._speech: Any | None = None
        self._voices: list[Any] = []  # the engine's voices for the language, if it has any
        self._keep: list[Any] = []  # the temporary folder with the WAV copies
        self._priming: set[Sound] = set()
        self._volume = 0.8

    def load_sounds(self, parent: QObject) -> None:
        try:
            from PySide6.QtCore import QTemporaryDir, QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as error:
            self.problem = _missing_library(error)
            return
        if not QMediaDevices.audioOutputs():
            self.problem = NO_DEVICE_HINT
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

    def load_speech(self, parent: QObject, engine: str | None, language: str | None) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.problem = _missing_library(error)
            return
        if engine is None:
            engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
            if not engines:
                self.problem = _(SPEECH_HINT)
                return
            engine = engines[0]
        speech = QTextToSpeech(engine, parent)
        if speech.state() == QTextToSpeech.State.Error:
            self.problem = _(SPEECH_HINT)
            return
        self.use_speech(speech, language)

    def use_speech(self, speech: Any, language: str | None) -> None:
        """Speak with `speech` (a QTextToSpeech) in `language`, if it has a voice for it
        (None: in the engine's own locale)."""
        if language is None:
            voices = list(speech.availableVoices())
        elif locale := voice_locale(language, speech.availableLocales(), speech.locale()):
            if locale != speech.locale():
                speech.setLocale(locale)
            voices = list(speech.availableVoices())
        else:
            voices = named_voices(language, speech.allVoices(None))
            if not voices:
                self.problem = no_voice_for(language)
                return
            speech.setLocale(voices[0].locale())
            speech.setVoice(voices[0])
        if not voices:
            self.problem = _(NO_VOICE_HINT)
            return
        self._speech = speech
        self._voices = voices

    def voice_names(self) -> list[str]:
        return [voice.name() for voice in self._voices]

    def play(self, sound: Sound) -> None:
        effect = self._effects.get(sound)
        if effect is not None:
            if sound in self._priming:
                self._priming.discard(sound)
                effect.setVolume(self._volume)
            effect.play()

    def say(self, text: str) -> None:
        if self._speech is not None:
            self._speech.say(text)  # stops anything still being said: never late

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        volume = max(0.0, min(1.0, volume))
        self._volume = volume
        for sound, effect in self._effects.items():
            if sound not in self._priming:
                effect.setVolume(volume)
        speech = self._speech
        if speech is None:
            return
        speech.setVolume(volume * VOICE_GAIN)
        speech.setRate(max(-1.0, min(1.0, rate)))
        if voice_name:
            for voice in self._voices:
                if voice.name() == voice_name:
                    speech.setVoice(voice)
                    break

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()
        if self._speech is not None:
            self._speech.stop()


def play_sounds_without_media_backends() -> None:
    """Keep Qt's media backend out of the sound worker.

    QSoundEffect plays through QtMultimedia's own PulseAudio, PipeWire or ALSA
    code; the backend plugin (FFmpeg, with QtQuick and QtQml behind it) serves
    players and recorders only, yet QtMultimedia loads it on first use: 12 MiB
    of the worker's memory (PSS, measured). Qt finds plugins through the library
    paths, and this process needs no other plugin.
    """
    QCoreApplication.setLibraryPaths([])


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


class Worker(QObject):
    """Answers the window's commands; its CueTimer gives the cues."""

    def __init__(
        self,
        role: str,
        engine: str | None,
        parent: QObject | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._role = role
        self._engine = engine
        self._language = language
        self._speakers = Speakers()
        self._timer = CueTimer(time.monotonic, self._speakers, self, given=self._report_given)

    def load(self) -> None:
        if self._role == "voice":
            self._speakers.load_speech(self, self._engine, self._language)
        else:
            self._speakers.load_sounds(self)
        forget_imported_sources()  # and of QtMultimedia's or QtTextToSpeech's
        voices = self._speakers.voice_names()
        self._send({"ev": "ready", "problem": self._speakers.problem, "voices": voices})

    def handle(self, line: str) -> None:
        try:
            message = json.loads(line)
            op = message["op"]
            if op == "ping":
                self._send({"ev": "pong", "n": message.get("n")})
            elif op == "schedule":
                self._timer.schedule([Cue.from_wire(cue) for cue in message["cues"]])
            elif op == "configure":
                self._speakers.configure(
                    float(message["volume"]), str(message["voice"]), float(message["rate"])
                )
            elif op == "stop":
                self._timer.clear()
                self._speakers.stop()
        except (ValueError, KeyError, TypeError) as error:
            # A garbled line is the window's bug, not a reason to fall silent.
            print(f"cue worker: ignored {line.strip()!r}: {error}", file=sys.stderr)

    def _report_given(self, cue: Cue, now: float) -> None:
        self._send({"ev": "gave", "key": list(cue.key), "at": cue.at, "now": now})

    @staticmethod
    def _send(message: dict[str, object]) -> None:
        try:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            QCoreApplication.quit()  # the window is gone


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ui.cue_worker")
    parser.add_argument("role", choices=("sound", "voice"))
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
    if args.role == "sound":
        play_sounds_without_media_backends()
    worker = Worker(args.role, args.engine, app, args.language)
    reader = _StdinReader(app)
    reader.line.connect(worker.handle)
    reader.ended.connect(app.quit)
    QTimer.singleShot(0, worker.load)
    reader.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
