"""The window's cue player: plans the session's cues and hands them to the cue worker.

What to give and when is decided in app/cues.py; this module only
- plans again after every command (the driver's `changed` carries them all)
  and sends the plan on, the sounds and the words each through a channel of
  their own (app/ui/cue_channel.py) to the cue worker, which gives each cue
  on time by its own clock;
- starts the worker once start-up is done (a session opened during it waits
  for it; without a start-up, as soon as a session needs it), only for the
  kinds of cue that are turned on;
- sums up what is not heard, and why, in one line for the session page.

Nothing here waits on the audio or speech services: the worker is a separate
process, so a speech engine that hangs costs a restart, never the countdown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from app.clock import Clock
from app.cues import LATE_TOLERANCE, Cue, CueOptions, CueScheduler
from app.i18n import N_, _, current_language
from app.settings import Options, Settings
from app.ui.cue_channel import CueChannel, CueKind, WorkerChannel
from app.ui.cue_process import WorkerProcess, worker_command
from app.ui.session_driver import SessionDriver

# A session asked to start while the workers load waits for them this long at
# most, so that its first announcement is heard (speech-dispatcher takes ~3 s).
READY_WAIT_MS = 5_000
# The longest start-up may hold the workers back (see postpone_workers).
POSTPONE_AT_MOST_MS = 3_000
# Translators: shown under "Press Space to start" while a session asked for at
# launch waits for the sound and voice to load; it then starts without a key.
WAITING_NOTICE = N_("Getting the sounds and voice ready: the warm-up starts by itself in a moment.")

# Makes the channel for a kind of cue; Qt objects it makes are children of `parent`.
Backend = Callable[[CueKind, QObject], CueChannel]

_ENABLED_BY = {CueKind.SOUND: Options.SOUND_ENABLED, CueKind.VOICE: Options.VOICE_ENABLED}


def silent_backend(kind: CueKind, parent: QObject) -> CueChannel:
    return CueChannel(kind, parent)


def worker_backend(engine: str | None = None) -> Backend:
    """The real sounds and voice, through one worker process for each `parent` (the
    player); `engine`: a QTextToSpeech engine."""

    def make(kind: CueKind, parent: QObject) -> CueChannel:
        process = parent.findChild(WorkerProcess, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if process is None:
            # The voice speaks the language the window shows, or not at all.
            process = WorkerProcess(worker_command(engine, current_language()), parent)
        return WorkerChannel(kind, process, parent)

    return make


def default_backend() -> Backend:
    """The real one, except on the offscreen platform (tests, screenshots): nobody listens."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return silent_backend
    return worker_backend()


def cue_options(settings: Settings) -> CueOptions:
    return CueOptions(
        sounds=settings.get(Options.SOUND_ENABLED),
        voice=settings.get(Options.VOICE_ENABLED),
        say_step_names=settings.get(Options.SAY_STEP_NAMES),
        say_switch_sides=settings.get(Options.SAY_SWITCH_SIDES),
        count_reps_aloud=settings.get(Options.COUNT_REPS_ALOUD),
        say_ten_seconds=settings.get(Options.SAY_TEN_SECONDS),
        say_done=settings.get(Options.SAY_DONE),
        speech_rate=settings.get(Options.VOICE_RATE),
        ticks_before_stretch=settings.get(Options.TICKS_BEFORE_STRETCH),
    )


def describe_problems(sounds: str | None, voice: str | None) -> str | None:
    """One line for what is not heard: "Sounds are off: ... Voice is off: ..."."""
    if sounds and sounds == voice:
        return _("Sounds and voice are off: {reason}.").format(reason=sounds)
    notices = []
    if sounds:
        notices.append(_("Sounds are off: {reason}.").format(reason=sounds))
    if voice:
        notices.append(_("Voice is off: {reason}.").format(reason=voice))
    return " ".join(notices) or None


class CuePlayer(QObject):
    """Plans the session's cues and keeps the workers' plans in step with it."""

    notice_changed = Signal(str)  # "" when nothing is missing
    voices_changed = Signal()

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
        self._channels: dict[CueKind, CueChannel] = {}
        self._prepared = False
        self._postponed = QTimer(self)
        self._postponed.setSingleShot(True)
        self._postponed.timeout.connect(self.prepare)
        self._planner = CueScheduler(cue_options(settings))
        self._plan: list[Cue] = []
        self._when_ready: Callable[[], None] | None = None
        self._ready_deadline = QTimer(self)
        self._ready_deadline.setSingleShot(True)
        self._ready_deadline.timeout.connect(self._call_when_ready)
        driver.changed.connect(self.sync)
        settings.changed.connect(self._setting_changed)

    @property
    def notice(self) -> str | None:
        if self._when_ready is not None:
            return _(WAITING_NOTICE)
        problems = {kind: channel.problem for kind, channel in self._channels.items()}
        return describe_problems(problems.get(CueKind.SOUND), problems.get(CueKind.VOICE))

    @property
    def loaded(self) -> bool:
        """The workers for the kinds turned on have been started."""
        return self._prepared

    def channel(self, kind: CueKind) -> CueChannel | None:
        return self._channels.get(kind)

    @property
    def loading(self) -> bool:
        """A worker is still loading (the first cues would not be heard)."""
        return any(channel.loading for channel in self._channels.values())

    def when_ready(self, callback: Callable[[], None], within_ms: int | None = None) -> None:
        """Call `callback` once the workers have loaded (or failed), or after `within_ms`
        (default READY_WAIT_MS)."""
        self._prepare_unless_postponed()
        if self._prepared and not self.loading:
            callback()
            return
        self._when_ready = callback
        self._ready_deadline.start(READY_WAIT_MS if within_ms is None else within_ms)
        self.notice_changed.emit(self.notice or "")

    def _call_when_ready(self) -> None:
        callback, self._when_ready = self._when_ready, None
        self._ready_deadline.stop()
        if callback is not None:
            self.notice_changed.emit(self.notice or "")
            callback()

    def voice_names(self) -> tuple[str, ...]:
        """The installed voices, once the voice worker has loaded (else none)."""
        channel = self._channels.get(CueKind.VOICE)
        return () if channel is None else channel.voices

    def prepare(self) -> None:
        """Start the workers for the kinds of cue turned on (once)."""
        self._postponed.stop()
        if not self._prepared:
            self._prepared = True
            self._open_channels()
            if self._when_ready is not None and not self.loading:
                self._call_when_ready()  # nothing to wait for (no kind of cue is on)

    def postpone_workers(self) -> None:
        """Start-up is under way: the workers wait for `prepare` (at most
        POSTPONE_AT_MOST_MS), also when a session opens meanwhile.

        Starting them copies the window's process, and their loading (a second or
        so of CPU each) shares the machine's cores with start-up's own steps: a
        session opened at launch, then painted, stood still 45-55 ms while they
        loaded alongside (measured)."""
        if not self._prepared:
            self._postponed.start(POSTPONE_AT_MOST_MS)

    def _prepare_unless_postponed(self) -> None:
        if not self._postponed.isActive():
            self.prepare()

    def toggle_mute(self) -> None:
        self._settings.set(Options.MUTED, not self._settings.get(Options.MUTED))

    def stop(self) -> None:
        """The session was left: nothing more sounds."""
        if self._when_ready is not None:
            self._when_ready = None
            self._ready_deadline.stop()
            self.notice_changed.emit(self.notice or "")
        self._planner.set_session(None)
        self._plan = []
        for channel in self._channels.values():
            channel.stop()
            channel.set_active(False)

    def close(self) -> None:
        """The window is closing: the workers end."""
        for channel in self._channels.values():
            channel.close()

    def sync(self, *_: object) -> None:
        """After any change of the session: send a new plan if its timing changed."""
        session = self._driver.session
        self._planner.set_session(session)
        if session is None:
            return
        self._prepare_unless_postponed()
        plan = self._planner.replan(self._clock.monotonic())
        if plan is not None:
            self._plan = plan
            self._send_plan()

    def _send_plan(self) -> None:
        muted = self._settings.get(Options.MUTED)
        soon = self._clock.monotonic() - LATE_TOLERANCE
        for kind, channel in self._channels.items():
            cues = [] if muted else [c for c in self._plan if kind.takes(c) and c.at >= soon]
            channel.schedule(cues)
            channel.set_active(self._driver.session is not None)

    def _open_channels(self) -> None:
        """One channel for each kind turned on; a kind turned off has none (nothing loads)."""
        for kind, option in _ENABLED_BY.items():
            on = self._settings.get(option)
            channel = self._channels.get(kind)
            if on and channel is None:
                channel = self._backend(kind, self)
                channel.changed.connect(self._channel_changed)
                self._channels[kind] = channel
                channel.start()
                self._configure(channel)
            elif not on and channel is not None:
                channel.close()
                del self._channels[kind]
        self._send_plan()
        self.notice_changed.emit(self.notice or "")
        self.voices_changed.emit()

    def _channel_changed(self) -> None:
        if self._when_ready is not None and not self.loading:
            self._call_when_ready()
        self.notice_changed.emit(self.notice or "")
        self.voices_changed.emit()

    def _configure(self, channel: CueChannel) -> None:
        channel.configure(
            self._settings.get(Options.VOLUME) / 100,
            self._settings.get(Options.VOICE_NAME),
            self._settings.get(Options.VOICE_RATE),
        )

    def _setting_changed(self, key: str) -> None:
        if key in (Options.VOLUME.key, Options.VOICE_NAME.key, Options.VOICE_RATE.key):
            for channel in self._channels.values():
                self._configure(channel)
            if key != Options.VOICE_RATE.key:
                return
            # The rate sets how long words take: announcements are timed again to fit.
        if key == Options.MUTED.key:
            if self._settings.get(Options.MUTED):
                for channel in self._channels.values():
                    channel.stop()
            self._send_plan()
            return
        if key in (Options.SOUND_ENABLED.key, Options.VOICE_ENABLED.key) and self._prepared:
            self._open_channels()
        self._planner.set_options(cue_options(self._settings))
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
        self.volume_slider.setAccessibleName(_("Cue volume"))
        self.volume_slider.setToolTip(_("Cue volume"))
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

    def _refresh(self, *_signal_arguments: object) -> None:
        muted = self._settings.get(Options.MUTED)
        self.mute_button.setChecked(muted)
        self.mute_button.setText(_("Unmute") if muted else _("Mute"))
        self.mute_button.setAccessibleName(_("Unmute cues") if muted else _("Mute cues"))
        self.mute_button.setToolTip(
            _("Unmute sounds and voice (M)") if muted else _("Mute sounds and voice (M)")
        )
        volume = self._settings.get(Options.VOLUME)
        if self.volume_slider.value() != volume:
            self.volume_slider.setValue(max(0, min(100, volume)))

    def _mute_clicked(self, checked: bool) -> None:
        self._settings.set(Options.MUTED, checked)

    def _volume_moved(self, value: int) -> None:
        self._settings.set(Options.VOLUME, value)
