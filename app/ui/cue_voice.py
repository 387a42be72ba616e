"""The cue worker's voice: a speech engine on a thread of its own, never holding the GIL
while it waits on the speech service.

PySide6 holds the GIL through a call into QTextToSpeech, and the speech
service can take seconds or never answer: creating the speechd engine took
1-8 s, and with speech-dispatcher running but no sound server it never
returned (measured); the sounds, on the worker's main thread, would have
waited as long. So every call that reaches the service is queued to the
engine's thread (`QueuedSpeech`) and made from that thread's event loop, by
Qt, with no Python frame on the stack and so without the GIL: a hang stops
this thread only. The window notices it by the voice's pings going
unanswered, and has the worker start a new voice or drop it
(app/ui/cue_process.py).

What the engine keeps (its locales, voices, state) is read directly; it is
all read on the voice's thread, so it never changes under the reader.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Q_ARG, QLocale, QMetaObject, QObject, Qt, Slot

from app.cues import Sound
from app.i18n import N_, _
from app.ui.background import forget_imported_sources
from app.ui.cue_side import CueSide, missing_library

# The voice is made quieter than the sounds' volume: engines speak at full
# scale, which clips and drowns the sounds. Measured from a recording
# (benchmarks/cues.py, speech-dispatcher with espeak-ng, volume 80 %): at 0.55
# the voice peaked at -4..-2 dBFS over sounds at -9; at 0.32 it peaks at
# -9..-7 dBFS, with the sounds, and no sample clips.
VOICE_GAIN = 0.32

# What the session page's notice line says is missing (after "The voice is off: "),
# in the language the worker was started with.
SPEECH_HINT = N_(
    "no text-to-speech engine is available (on Debian or Ubuntu: "
    "sudo apt install speech-dispatcher libspeechd2)"
)
NO_VOICE_HINT = N_("no voice is installed for the text-to-speech engine")
# Translators: {language} is the language's own name ("Deutsch", "中文").
NO_LANGUAGE_VOICE_HINT = N_(
    "no {language} voice is installed (on Debian or Ubuntu: sudo apt install espeak-ng)"
)

# No plug-in has this name: QTextToSpeech made with it has no engine yet (at
# once, with a warning on the worker's stderr), and the real one is set from
# the event loop. Made with the real one, it would load it in the constructor,
# holding the GIL.
_NO_ENGINE = "none"


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
_NO_LANGUAGE = (QLocale.Language.C, QLocale.Language.AnyLanguage)


def named_voices(language: str, voices: Sequence[Any]) -> list[Any]:
    """The voices of no known locale whose names say they speak `language`."""
    words = _NAMED_VOICES.get(QLocale(language).language(), ())
    return [
        voice
        for voice in voices
        if voice.locale().language() in _NO_LANGUAGE
        and any(word in re.split(r"[^a-z]+", voice.name().lower()) for word in words)
    ]


def no_voice_for(language: str) -> str:
    """The notice for a language without a voice, naming it in its own words."""
    name = QLocale(language).nativeLanguageName() or language
    return _(NO_LANGUAGE_VOICE_HINT).format(language=name)


class Speech(Protocol):
    """The speech engine as the voice uses it: `QueuedSpeech`, or a fake in tests.

    The set* calls, `say` and `stop` may take effect later; `then` runs its
    callback once everything asked before it has been done."""

    def availableLocales(self) -> list[QLocale]: ...

    def locale(self) -> QLocale: ...

    def availableVoices(self) -> list[Any]: ...

    def setLocale(self, locale: QLocale) -> None: ...

    def setVoice(self, voice: Any) -> None: ...

    def setVolume(self, volume: float) -> None: ...

    def setRate(self, rate: float) -> None: ...

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def then(self, callback: Callable[[], None]) -> None: ...


class _Relay(QObject):
    """Runs callbacks from the event loop, in the order they were queued."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._waiting: deque[Callable[[], None]] = deque()

    def queue(self, callback: Callable[[], None]) -> None:
        self._waiting.append(callback)
        QMetaObject.invokeMethod(self, "run", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def run(self) -> None:
        self._waiting.popleft()()


class QueuedSpeech:
    """A QTextToSpeech whose calls to the speech service are queued to its thread's
    event loop (see the module's docstring); create it on the voice's thread."""

    def __init__(self, engine: str, parent: QObject) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._speech = QTextToSpeech(_NO_ENGINE, parent)
        self._engine = engine
        self._relay = _Relay(parent)
        self._call("setEngine", Q_ARG(str, engine))

    @property
    def loaded(self) -> bool:
        """The engine asked for is there and works (once `then` says it has been set)."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        speech = self._speech
        return speech.engine() == self._engine and speech.state() != QTextToSpeech.State.Error

    def _call(self, method: str, *arguments: Any) -> None:
        QMetaObject.invokeMethod(
            self._speech, method, Qt.ConnectionType.QueuedConnection, *arguments
        )

    def availableLocales(self) -> list[QLocale]:
        return list(self._speech.availableLocales())

    def locale(self) -> QLocale:
        return self._speech.locale()

    def availableVoices(self) -> list[Any]:
        return list(self._speech.availableVoices())

    def setLocale(self, locale: QLocale) -> None:
        self._call("setLocale", Q_ARG(QLocale, locale))

    def setVoice(self, voice: Any) -> None:
        from PySide6.QtTextToSpeech import QVoice

        self._call("setVoice", Q_ARG(QVoice, voice))

    def setVolume(self, volume: float) -> None:
        self._call("setVolume", Q_ARG(float, volume))

    def setRate(self, rate: float) -> None:
        self._call("setRate", Q_ARG(float, rate))

    def say(self, text: str) -> None:
        self._call("say", Q_ARG(str, text))

    def stop(self) -> None:
        self._call("stop")

    def then(self, callback: Callable[[], None]) -> None:
        self._relay.queue(callback)


class VoiceSpeaker:
    """Says the words in the runner's language, or nothing: never English for Chinese."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._speech: Speech | None = None
        self._voices: list[Any] = []  # the engine's voices for the language, if it has any

    def use_speech(self, speech: Speech, language: str | None, done: Callable[[], None]) -> None:
        """Speak with `speech` in `language` if it has a voice for it (None: in the
        engine's own locale); `done` once that is settled, `problem` saying why not."""

        def settle(voices: list[Any]) -> None:
            if voices:
                self._speech = speech
                self._voices = voices
            elif self.problem is None:
                self.problem = _(NO_VOICE_HINT)
            done()

        def the_locales_voices() -> None:
            settle(speech.availableVoices())

        if language is None:
            settle(speech.availableVoices())
        elif locale := voice_locale(language, speech.availableLocales(), speech.locale()):
            if locale == speech.locale():
                settle(speech.availableVoices())
                return
            speech.setLocale(locale)
            speech.then(the_locales_voices)
        else:
            self._named_voice(speech, language, settle)

    def _named_voice(
        self, speech: Speech, language: str, settle: Callable[[list[Any]], None]
    ) -> None:
        """Look through the voices of no known locale for one named for `language`."""
        unnamed = [
            locale for locale in speech.availableLocales() if locale.language() in _NO_LANGUAGE
        ]
        found: list[Any] = []

        def next_locale() -> None:
            if unnamed:
                speech.setLocale(unnamed.pop(0))
                speech.then(collect)
            elif found:
                speech.setLocale(found[0].locale())
                speech.setVoice(found[0])
                settle(found)
            else:
                self.problem = no_voice_for(language)
                settle([])

        def collect() -> None:
            found.extend(named_voices(language, speech.availableVoices()))
            next_locale()

        next_locale()

    def voice_names(self) -> list[str]:
        return [voice.name() for voice in self._voices]

    def play(self, sound: Sound) -> None:
        pass  # the sounds are the main thread's

    def say(self, text: str) -> None:
        if self._speech is not None:
            self._speech.say(text)  # stops anything still being said: never late

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        speech = self._speech
        if speech is None:
            return
        speech.setVolume(max(0.0, min(1.0, volume)) * VOICE_GAIN)
        speech.setRate(max(-1.0, min(1.0, rate)))
        if voice_name:
            for voice in self._voices:
                if voice.name() == voice_name:
                    speech.setVoice(voice)
                    break

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop()


class VoiceSide(CueSide):
    """The words, given on time; lives on the voice's thread (moved there before `load`)."""

    def __init__(self, engine: str | None, language: str | None) -> None:
        self.voice = VoiceSpeaker()
        super().__init__("voice", self.voice)
        self._engine = engine
        self._language = language
        self._speech: QueuedSpeech | None = None

    @Slot()
    def load(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.voice.problem = missing_library(error)
            self.ready()
            return
        forget_imported_sources()
        engine = self._engine
        if engine is None:
            engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
            if not engines:
                self.voice.problem = _(SPEECH_HINT)
                self.ready()
                return
            engine = engines[0]
        speech = QueuedSpeech(engine, self)
        self._speech = speech
        speech.then(self._engine_set)

    @Slot()
    def retire(self) -> None:
        """Dropped: nothing more is said (what is being said is cut off), then the
        thread ends."""
        self._timer.clear()
        self.voice.stop()
        speech = self._speech
        if speech is None:
            self.thread().quit()
        else:
            speech.then(self.thread().quit)  # once the engine has been told to stop

    def _engine_set(self) -> None:
        speech = self._speech
        assert speech is not None
        if not speech.loaded:
            self.voice.problem = _(SPEECH_HINT)
            self.ready()
            return
        self.voice.use_speech(speech, self._language, self.ready)
