"""Every user preference, declared once with its default, and stored with QSettings.

Code never reads QSettings keys directly: it asks `settings.get(options.VOLUME)`,
so a key, its type and its default live in exactly one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, QSettings, Signal

T = TypeVar("T", bool, int, float, str)


@dataclass(frozen=True)
class Option(Generic[T]):
    """One preference: where it is stored, its default, and so its type.

    `low` and `high` bound a number (the range its control in the settings
    dialog allows): a hand-edited file may hold anything, and `Settings.get`
    never hands out a number the rest of the app was not written for.
    """

    key: str
    default: T
    description: str
    low: float | None = None
    high: float | None = None

    def checked(self, value: T) -> T:
        """`value` if this option can take it; a number out of range clamped to the
        range; the default for a number that is not finite (nan, inf)."""
        if isinstance(value, bool | str):
            return value
        if not math.isfinite(value):
            return self.default
        if self.low is not None and value < self.low:
            return type(value)(self.low)
        if self.high is not None and value > self.high:
            return type(value)(self.high)
        return value


# app.routine.MAX_PAUSE, written out: nothing of the routine model is imported
# before the window's first paint (tests/test_settings.py checks they agree).
_LONGEST_PAUSE = 600
# What the settings dialog's spin box offers (app.ui.settings_dialog.COUNTDOWN_RANGE).
COUNTDOWN_SCALE_RANGE = (50, 150)


class Options:
    """The declarations. Grouped by the part of the app that reads them."""

    # Sound and voice cues
    SOUND_ENABLED = Option("cues/sound", True, "Play sounds (ticks, chimes, finish)")
    MUTED = Option("cues/muted", False, "All cues muted (M)")
    VOLUME = Option("cues/volume", 80, "Cue volume, 0 to 100", low=0, high=100)
    VOICE_ENABLED = Option("cues/voice", True, "Speak announcements")
    VOICE_NAME = Option("cues/voice_name", "", "Voice to speak with; empty: the system default")
    VOICE_RATE = Option(
        "cues/voice_rate", 0.0, "Speaking rate, -1.0 (slow) to 1.0 (fast)", low=-1.0, high=1.0
    )
    SAY_STEP_NAMES = Option("cues/say_step", True, "Say each stretch and how to do it")
    SAY_SWITCH_SIDES = Option("cues/say_switch", True, 'Say "switch sides"')
    COUNT_REPS_ALOUD = Option("cues/count_reps", False, "Count reps aloud")
    SAY_TEN_SECONDS = Option("cues/say_ten_seconds", True, 'Say "ten seconds" on long holds')
    SAY_DONE = Option("cues/say_done", True, 'Say "warm-up done"')
    TICKS_BEFORE_STRETCH = Option(
        "cues/ticks_before_stretch", True, "Tick the last 3 s of each get-ready, rest and switch"
    )

    # Session timing: overrides applied when a session opens (the file is never changed)
    LEAD_IN = Option(
        "session/lead_in",
        -1,
        "Get-ready time before the first stretch, seconds; -1: the routine's",
        low=-1,
        high=_LONGEST_PAUSE,
    )
    REST = Option(
        "session/rest",
        -1,
        "Rest between stretches, seconds; -1: the routine's (a step's own rest still applies)",
        low=-1,
        high=_LONGEST_PAUSE,
    )

    # Window and appearance
    # Any text: app.ui.theme.Scheme.of reads an unknown one as "system".
    THEME = Option("ui/theme", "system", "Colour scheme: system, light or dark")
    COUNTDOWN_SCALE = Option(
        "ui/countdown_scale",
        100,
        "Countdown size, percent",
        low=COUNTDOWN_SCALE_RANGE[0],
        high=COUNTDOWN_SCALE_RANGE[1],
    )
    START_FULLSCREEN = Option("ui/start_fullscreen", False, "Start in fullscreen focus mode")
    KEEP_ON_TOP = Option("ui/keep_on_top", False, "Keep the window above others")
    LAST_ROUTINE = Option("ui/last_routine", "", "The routine selected last time")
    WINDOW_GEOMETRY = Option("ui/geometry", "", "Window size and position (Qt's saveGeometry, hex)")

    # Session history
    RESUME_SESSION = Option(
        "session/in_progress", "", "The session under way, to offer to resume (JSON; app.resume)"
    )


def _convert(raw: object, kind: type) -> bool | int | float | str:
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw  # type: ignore[return-value]
    text = str(raw).strip()
    if kind is bool:
        if text.lower() in ("true", "1", "yes", "on"):
            return True
        if text.lower() in ("false", "0", "no", "off"):
            return False
        raise ValueError(text)
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    return text


class Settings(QObject):
    """Typed access to QSettings for the declared Options; says when one changes."""

    changed = Signal(str)  # the option's key

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    @classmethod
    def at(cls, path: str, parent: QObject | None = None) -> Settings:
        """Settings kept in an INI file at `path` (tests, portable use)."""
        return cls(QSettings(path, QSettings.Format.IniFormat), parent)

    def get(self, option: Option[T]) -> T:
        """The stored value, checked like user input: the default when unset, not
        readable as the option's type, not finite or not one of its choices; a
        number out of range is clamped to the range.

        QSettings' own conversion turns a hand-edited "loud" into 0, and Python's
        float() takes "nan" and "1e308": neither reaches the rest of the app.
        """
        raw = self._store.value(option.key)
        if raw is None:
            return option.default
        try:
            value = cast(T, _convert(raw, type(option.default)))
        except (ValueError, OverflowError):
            return option.default
        return option.checked(value)

    def set(self, option: Option[T], value: T) -> None:
        if not isinstance(value, type(option.default)):
            raise TypeError(f"{option.key} takes {type(option.default).__name__}, not {value!r}")
        if value == self.get(option):
            return
        self._store.setValue(option.key, value)
        self.changed.emit(option.key)

    def reset(self, option: Option[T]) -> None:
        self._store.remove(option.key)
        self.changed.emit(option.key)

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings also does so on its own)."""
        self._store.sync()
