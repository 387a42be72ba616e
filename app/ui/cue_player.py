"""The Qt side of the cues: one timer aimed at the next cue, and the speakers.

What to give and when is decided in app/cues.py; this module only
- aims ONE precise single-shot timer at the next cue time, independent of the
  display timer, so cues stay on time while the window is minimized or covered;
- re-plans after every command (the driver's `changed` carries them all);
- plays the WAVs with QSoundEffect and speaks with QTextToSpeech.

QtMultimedia and QtTextToSpeech are imported lazily, never on the way to the
first window: `CuePlayer.prepare_later()` loads them a moment after start-up
(or at once when a session starts first). Anything missing (the PulseAudio
client library, an audio device, a speech engine or voice) leaves the session
running silently, with a one-line notice saying what is missing and how to get
it.

QSoundEffect needs a URL, and assets may live in a wheel or zip: the WAVs are
copied once into a QTemporaryDir owned by the player (removed at exit), which
is the one way that works the same everywhere; nothing is written into the
checkout. QSoundEffect rather than QMediaPlayer: it keeps short sounds decoded
and ready, so a tick starts on its beat.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from app import resources
from app.clock import Clock
from app.cues import CueOptions, CueScheduler, CueSink, Sound
from app.settings import Options, Settings
from app.ui.session_driver import SessionDriver

# After start-up, wait this long before loading the audio libraries, so that
# the first window is painted before they cost anything.
PREPARE_DELAY_MS = 500

PULSE_HINT = "the PulseAudio client library is missing (sudo apt install libpulse0)"
SPEECH_HINT = (
    "no text-to-speech engine is available (on Debian or Ubuntu: "
    "sudo apt install speech-dispatcher libspeechd2)"
)


class CueOutput(CueSink, Protocol):
    """A sink the player can also set up and silence."""

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        """Volume 0..1, voice name ("" for the default), rate -1..1."""
        ...

    def stop(self) -> None:
        """Stop whatever is sounding (the session was left)."""
        ...

    def voice_names(self) -> tuple[str, ...]:
        """The voices the speech engine offers, for the settings ("" not included)."""
        ...


@dataclass
class Loaded:
    """What a backend could set up: where cues go, and what is missing (None: all there)."""

    output: CueOutput
    notice: str | None = None


class SilentOutput:
    """Plays and says nothing: the fallback, and the choice when nobody listens."""

    def play(self, sound: Sound) -> None:
        pass

    def say(self, text: str) -> None:
        pass

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        pass

    def stop(self) -> None:
        pass

    def voice_names(self) -> tuple[str, ...]:
        return ()


# Loads the outputs; Qt objects it makes are children of the QObject it is given,
# so they go with the window, before the application is torn down.
Backend = Callable[[QObject | None], Loaded]


def silent_backend(parent: QObject | None) -> Loaded:
    return Loaded(SilentOutput())


@contextmanager
def _quiet_qt_messages(into: list[str]) -> Iterator[None]:
    """Collect Qt's messages while the audio plug-ins load, instead of printing them.

    Loading probes optional libraries (PipeWire, VA-API) and a speech service
    and says so on stderr; the player sums up what matters in its notice.
    """
    previous = qInstallMessageHandler(lambda _mode, _context, message: into.append(message))
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


class QtOutput:
    """QSoundEffect per sound, QTextToSpeech for speech; either may be missing."""

    def __init__(
        self, effects: dict[Sound, Any], speech: Any | None, keep: tuple[Any, ...]
    ) -> None:
        self._effects = effects
        self._speech = speech
        # The QObject parenting the effects and the speech, and the temporary
        # folder with the WAV copies: alive exactly as long as this output.
        self._keep = keep

    def play(self, sound: Sound) -> None:
        effect = self._effects.get(sound)
        if effect is not None:
            effect.play()

    def say(self, text: str) -> None:
        if self._speech is not None:
            self._speech.say(text)  # stops anything still being said: never late

    def configure(self, volume: float, voice_name: str, rate: float) -> None:
        for effect in self._effects.values():
            effect.setVolume(volume)
        speech = self._speech
        if speech is None:
            return
        speech.setVolume(volume)
        speech.setRate(max(-1.0, min(1.0, rate)))
        if voice_name:
            for voice in speech.availableVoices():
                if voice.name() == voice_name:
                    speech.setVoice(voice)
                    break

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()
        if self._speech is not None:
            self._speech.stop()

    def voice_names(self) -> tuple[str, ...]:
        if self._speech is None:
            return ()
        return tuple(voice.name() for voice in self._speech.availableVoices())


def _missing_library(error: ImportError) -> str:
    text = str(error)
    if "libpulse" in text:
        return PULSE_HINT
    return f"Qt Multimedia could not be loaded ({text})"


def _load_sounds(parent: QObject) -> tuple[dict[Sound, Any], Any, str | None]:
    try:
        from PySide6.QtCore import QTemporaryDir, QUrl
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as error:
        return {}, None, _missing_library(error)
    if not QMediaDevices.audioOutputs():
        return {}, None, "no audio output device was found"
    temp_dir = QTemporaryDir()
    if not temp_dir.isValid():
        return {}, None, f"no temporary folder for the sound files ({temp_dir.errorString()})"
    effects: dict[Sound, Any] = {}
    for sound in Sound:
        try:
            data = resources.asset_bytes(sound.asset)
        except FileNotFoundError:
            continue
        path = temp_dir.filePath(f"{sound.value}.wav")
        with open(path, "wb") as file:
            file.write(data)
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(path))
        effects[sound] = effect
    return effects, temp_dir, None


def _load_speech(parent: QObject, engine: str | None) -> tuple[Any | None, str | None]:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:
        return None, _missing_library(error)
    engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
    if engine is None:
        if not engines:
            return None, SPEECH_HINT
        engine = engines[0]
    speech = QTextToSpeech(engine, parent)
    if speech.state() == QTextToSpeech.State.Error:
        return None, SPEECH_HINT
    if not speech.availableVoices():
        return None, "no voice is installed for the text-to-speech engine"
    return speech, None


def qt_backend(engine: str | None = None) -> Backend:
    """Loads the real sounds and voice (`engine`: a QTextToSpeech engine, default the system's)."""

    def load(parent: QObject | None) -> Loaded:
        holder = QObject(parent)
        messages: list[str] = []
        with _quiet_qt_messages(messages):
            effects, temp_dir, sound_problem = _load_sounds(holder)
            speech, voice_problem = _load_speech(holder, engine)
        output = QtOutput(effects, speech, (holder, temp_dir))
        if sound_problem and sound_problem == voice_problem:
            return Loaded(output, f"Sounds and voice are off: {sound_problem}.")
        notices = []
        if sound_problem:
            notices.append(f"Sounds are off: {sound_problem}.")
        if voice_problem:
            notices.append(f"Voice is off: {voice_problem}.")
        return Loaded(output, " ".join(notices) or None)

    return load


def default_backend() -> Backend:
    """The real one, except on the offscreen platform (tests, screenshots): nobody listens."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return silent_backend
    return qt_backend()


def cue_options(settings: Settings) -> CueOptions:
    return CueOptions(
        sounds=settings.get(Options.SOUND_ENABLED),
        voice=settings.get(Options.VOICE_ENABLED),
        say_step_names=settings.get(Options.SAY_STEP_NAMES),
        say_switch_sides=settings.get(Options.SAY_SWITCH_SIDES),
        count_reps_aloud=settings.get(Options.COUNT_REPS_ALOUD),
        say_ten_seconds=settings.get(Options.SAY_TEN_SECONDS),
        say_done=settings.get(Options.SAY_DONE),
    )


class CuePlayer(QObject):
    """Gives the session's cues on time, through whatever output could be loaded."""

    notice_changed = Signal(str)  # "" when nothing is missing

    def __init__(
        self,
        driver: SessionDriver,
        clock: Clock,
        settings: Settings,
        backend: Backend | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._driver = driver
        self._clock = clock
        self._settings = settings
        self._backend = backend if backend is not None else default_backend()
        self._loaded: Loaded | None = None
        self._scheduler = CueScheduler(cue_options(settings))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.sync)
        driver.changed.connect(self.sync)
        settings.changed.connect(self._setting_changed)

    @property
    def notice(self) -> str | None:
        return None if self._loaded is None else self._loaded.notice

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    @property
    def pending_cue_ms(self) -> int | None:
        """How long until the cue timer fires, or None when it is idle."""
        return self._timer.interval() if self._timer.isActive() else None

    def voice_names(self) -> tuple[str, ...]:
        """The installed voices, once the speech engine has loaded (else none)."""
        return () if self._loaded is None else self._loaded.output.voice_names()

    def prepare_later(self, delay_ms: int = PREPARE_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self, self.prepare)

    def prepare(self) -> None:
        """Load the sounds and voice now (once)."""
        if self._loaded is not None:
            return
        self._loaded = self._backend(self)
        self._configure()
        self.notice_changed.emit(self._loaded.notice or "")

    def toggle_mute(self) -> None:
        self._settings.set(Options.MUTED, not self._settings.get(Options.MUTED))

    def stop(self) -> None:
        """The session was left: nothing more sounds."""
        self._scheduler.set_session(None)
        self._timer.stop()
        if self._loaded is not None:
            self._loaded.output.stop()

    def sync(self, *_: object) -> None:
        """Give what is due now, then aim the timer at the next cue."""
        session = self._driver.session
        self._scheduler.set_session(session)
        if session is None:
            self._timer.stop()
            return
        now = self._clock.monotonic()
        due = self._scheduler.due(now)
        if due and self._loaded is None:
            self.prepare()
        if due and self._loaded is not None and not self._settings.get(Options.MUTED):
            output = self._loaded.output
            for cue in due:
                if cue.sound is not None:
                    output.play(cue.sound)
                if cue.speech is not None:
                    output.say(cue.speech)
        next_at = self._scheduler.next_at(now)
        if next_at is None:
            self._timer.stop()
            return
        self._timer.start(max(0, math.ceil((next_at - self._clock.monotonic()) * 1000)))

    def _configure(self) -> None:
        if self._loaded is None:
            return
        self._loaded.output.configure(
            self._settings.get(Options.VOLUME) / 100,
            self._settings.get(Options.VOICE_NAME),
            self._settings.get(Options.VOICE_RATE),
        )

    def _setting_changed(self, key: str) -> None:
        if key in (Options.VOLUME.key, Options.VOICE_NAME.key, Options.VOICE_RATE.key):
            self._configure()
        elif key == Options.MUTED.key and self._settings.get(Options.MUTED) and self._loaded:
            self._loaded.output.stop()
        self._scheduler.set_options(cue_options(self._settings))
        self.sync()


class CueControls(QWidget):
    """The session page's sound row: what is missing (if anything), mute, volume."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("notice")  # styled like the page's own notice
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.mute_button = QPushButton(self)
        self.mute_button.setCheckable(True)
        self.mute_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.mute_button.clicked.connect(self._mute_clicked)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(120)
        self.volume_slider.setAccessibleName("Cue volume")
        self.volume_slider.setToolTip("Cue volume")
        self.volume_slider.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.volume_slider.valueChanged.connect(self._volume_moved)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice_label, 1)
        layout.addStretch(0)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.volume_slider)
        settings.changed.connect(self._refresh)
        self._refresh()

    def set_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def _refresh(self, *_: object) -> None:
        muted = self._settings.get(Options.MUTED)
        self.mute_button.setChecked(muted)
        self.mute_button.setText("Unmute" if muted else "Mute")
        self.mute_button.setAccessibleName("Unmute cues" if muted else "Mute cues")
        self.mute_button.setToolTip(f"{'Unmute' if muted else 'Mute'} sounds and voice (M)")
        volume = self._settings.get(Options.VOLUME)
        if self.volume_slider.value() != volume:
            self.volume_slider.setValue(max(0, min(100, volume)))

    def _mute_clicked(self, checked: bool) -> None:
        self._settings.set(Options.MUTED, checked)

    def _volume_moved(self, value: int) -> None:
        self._settings.set(Options.VOLUME, value)
