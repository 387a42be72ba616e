"""Every user preference, declared once: key, type, default, limits, and how it is shown.

Code never reads stored keys directly: it asks `settings.get(Options.VOLUME)`,
so a key, its type, its default and its bounds live in exactly one place, and
the settings dialog (app/ui/settings_dialog.py) builds its rows from these
declarations, in their groups.

Plain Python: where the values are kept is the shell's business. `Settings`
reads and writes through a `SettingsStore`: app/ui/settings_store.py keeps
them with QSettings, `MemoryStore` here keeps them in a dict (tests, tools).
A value read back is checked like user input: a hand-edited file may say
anything, and nothing the rest of the app was not written for gets through.

Over 500 lines because most of it is the declarations themselves, one per
option, each with its label and help: the list is meant to be read in one place.
"""

from __future__ import annotations

import enum
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from app.i18n import N_, _

T = TypeVar("T", bool, int, float, str)
# An access key written after the text, as Chinese labels have it: "颜色(&C)：".
_ACCESS_KEY_AFTER = re.compile(r"\s*[(（]&\w[)）]")
Value = bool | int | float | str


class Group(enum.Enum):
    """Where the settings dialog shows an option, in this order; HIDDEN: kept, never shown."""

    TIMING = N_("Timing")
    CUES = N_("Sound and voice")
    WINDOW = N_("Window")
    LANGUAGE = N_("Language")
    HIDDEN = ""

    @property
    def title(self) -> str:
        """The group box's title, in the runner's language."""
        return translated(self.value)

    @property
    def note(self) -> str:
        """A line under the group's rows, for what its labels cannot say."""
        if self is Group.TIMING:
            return _(
                "A number of seconds here is used for every routine, instead of its own. "
                "A step's own rest still applies; routine files are not changed."
            )
        return ""


def translated(text: str) -> str:
    """A declared text (marked with N_) in the runner's language; "" stays "" (gettext
    would give the catalog's header for it)."""
    return _(text) if text else ""


class Control(enum.Enum):
    """How the settings dialog shows an option."""

    NONE = "none"  # not shown: the app keeps it itself (the window's place, the last routine)
    CHECK = "check"  # a check box, its label as its text
    SPIN = "spin"  # a spin box from `low` to `high` in `step`s, `unit` after the number
    SLIDER = "slider"  # a slider in `step`s; with a `unit`, the value is shown beside it
    CHOICE = "choice"  # a combo box of `choices`; without any, of those the shell offers


@dataclass(frozen=True)
class Choice:
    """One value a combo box offers, and what the runner reads for it."""

    value: str
    label: str


@dataclass(frozen=True)
class Option(Generic[T]):
    """One preference: where it is stored, its default (and so its type), its bounds,
    and how the settings dialog shows it.

    `low` and `high` bound a number (the range its control allows); `choices`
    are the only values a text option takes (matched ignoring case). `label`
    is what the dialog shows, `&` before its access key; `name` is what a
    screen reader calls the control when the label alone would not say it.
    """

    key: str
    default: T
    label: str
    help: str = ""
    group: Group = Group.HIDDEN
    control: Control = Control.NONE
    low: float | None = None
    high: float | None = None
    step: float = 1
    page_step: float = 10
    unit: str = ""
    special: str = ""  # what the control shows for "not set" (a spin box's `low`, an empty name)
    choices: tuple[Choice, ...] = ()
    requires: Option[bool] | None = None  # greyed out while this one is off
    heading: str = ""  # a line above this row, introducing it and the ones after it
    name: str = ""

    @property
    def spoken_name(self) -> str:
        """What the control is called: `name`, or the label without `&` and colon
        (translated: a screen reader speaks the runner's language too)."""
        if self.name:
            return translated(self.name)
        label = _ACCESS_KEY_AFTER.sub("", translated(self.label))  # "颜色(&C)：" is "颜色"
        return label.replace("&", "").rstrip(":：").strip()

    def checked(self, raw: object) -> tuple[T, str]:
        """`raw` (as stored, often text) as this option's value, and what was wrong
        with it ("" if nothing): the default for text not readable as the type, a
        number that is not finite, or text that is not one of the choices; a number
        out of range is clamped to the range."""
        kind = type(self.default)
        try:
            value = cast(T, _convert(raw, kind))
        except (ValueError, OverflowError):
            return self.default, _("“{raw}” is not {kind}").format(
                raw=raw, kind=_(_KIND_NAMES[kind])
            )
        if isinstance(value, bool):
            return value, ""
        if isinstance(value, str):
            if not self.choices:
                return value, ""
            for choice in self.choices:
                if choice.value.lower() == value.strip().lower():
                    return choice.value, ""
            allowed = ", ".join(choice.value or "“”" for choice in self.choices)
            return self.default, _("“{value}” is not one of {allowed}").format(
                value=value, allowed=allowed
            )
        if not math.isfinite(value):
            return self.default, _("“{raw}” is not a finite number").format(raw=raw)
        if self.low is not None and value < self.low:
            return kind(self.low), _("{raw} is below the lowest, {low}").format(
                raw=raw, low=_number(self.low)
            )
        if self.high is not None and value > self.high:
            return kind(self.high), _("{raw} is above the highest, {high}").format(
                raw=raw, high=_number(self.high)
            )
        return value, ""


_KIND_NAMES: dict[type, str] = {
    # Translators: "true" and "false" are the words the settings file takes: keep them.
    bool: N_("true or false"),
    int: N_("a whole number"),
    float: N_("a number"),
    str: N_("text"),
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _convert(raw: object, kind: type) -> Value:
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return cast(Value, raw)
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


# app.routine.MAX_PAUSE, written out: nothing of the routine model is imported
# before the window's first paint (tests/test_settings.py checks they agree).
_LONGEST_PAUSE = 600
COUNTDOWN_SCALE_RANGE = (50, 150)
FOLLOW_ROUTINE = N_("As the routine says")
# The languages Settings offers, each named in itself (as every app names them),
# so a runner finds their own in a list of languages they cannot read; "": the
# system's language. The codes are app.i18n's.
LANGUAGE_CHOICES = (
    Choice("", N_("System default")),
    Choice("en", "English"),
    Choice("de", "Deutsch"),
    Choice("zh_CN", "简体中文"),
)


class Options:
    """The declarations, in the order the settings dialog shows them within a group.

    Their texts are marked with N_ (they are made at import, before the language
    is chosen) and translated where they are shown: `translated(option.label)`.
    """

    # Session timing: overrides applied when a session opens (the file is never changed)
    LEAD_IN = Option(
        "session/lead_in",
        -1,
        N_("&Get ready:"),
        N_("Get-ready time: seconds, or “As the routine says” (below 0)"),
        Group.TIMING,
        Control.SPIN,
        low=-1,
        high=_LONGEST_PAUSE,
        # Translators: the unit after a number of seconds in a spin box ("30 s").
        unit=N_(" s"),
        special=FOLLOW_ROUTINE,
        name=N_("Get-ready time"),
    )
    REST = Option(
        "session/rest",
        -1,
        N_("&Rest between stretches:"),
        N_("Rest between stretches: seconds, or “As the routine says” (below 0)"),
        Group.TIMING,
        Control.SPIN,
        low=-1,
        high=_LONGEST_PAUSE,
        unit=N_(" s"),
        special=FOLLOW_ROUTINE,
    )

    # Sound and voice cues
    SOUND_ENABLED = Option(
        "cues/sound", True, N_("Play &sounds (ticks, chimes)"), "", Group.CUES, Control.CHECK
    )
    TICKS_BEFORE_STRETCH = Option(
        "cues/ticks_before_stretch",
        True,
        N_("3-&2-1 ticks into each stretch"),
        N_("A tick on each of the last 3 seconds of a get-ready, rest or switch"),
        Group.CUES,
        Control.CHECK,
        requires=SOUND_ENABLED,
    )
    MUTED = Option("cues/muted", False, N_("&Mute all cues (M)"), "", Group.CUES, Control.CHECK)
    VOLUME = Option(
        "cues/volume",
        80,
        N_("&Volume:"),
        "",
        Group.CUES,
        Control.SLIDER,
        low=0,
        high=100,
        unit=" %",
        name=N_("Cue volume"),
    )
    VOICE_ENABLED = Option(
        "cues/voice", True, N_("Spea&k announcements"), "", Group.CUES, Control.CHECK
    )
    # No choices declared: the voices are the speech engine's, known once it loads.
    VOICE_NAME = Option(
        "cues/voice_name",
        "",
        N_("V&oice:"),
        "",
        Group.CUES,
        Control.CHOICE,
        special=N_("System default"),  # what the empty name, the default, is shown as
        requires=VOICE_ENABLED,
    )
    VOICE_RATE = Option(
        "cues/voice_rate",
        0.0,
        N_("Speaking &rate:"),
        N_("Speaking rate: slower to the left, faster to the right"),
        Group.CUES,
        Control.SLIDER,
        low=-1.0,
        high=1.0,
        step=0.1,
        page_step=0.2,
        requires=VOICE_ENABLED,
    )
    SAY_STEP_NAMES = Option(
        "cues/say_step",
        True,
        N_("Each stretch and how to do it"),
        "",
        Group.CUES,
        Control.CHECK,
        requires=VOICE_ENABLED,
        # Translators: above the list of what the voice says (each stretch, "Switch sides"...).
        heading=N_("Announce:"),
    )
    SAY_SWITCH_SIDES = Option(
        "cues/say_switch",
        True,
        N_("“Switch sides”"),
        "",
        Group.CUES,
        Control.CHECK,
        requires=VOICE_ENABLED,
    )
    COUNT_REPS_ALOUD = Option(
        "cues/count_reps",
        False,
        N_("Count reps aloud"),
        "",
        Group.CUES,
        Control.CHECK,
        requires=VOICE_ENABLED,
    )
    SAY_TEN_SECONDS = Option(
        "cues/say_ten_seconds",
        True,
        N_("“Ten seconds” on long holds"),
        "",
        Group.CUES,
        Control.CHECK,
        requires=VOICE_ENABLED,
    )
    SAY_DONE = Option(
        "cues/say_done",
        True,
        N_("“Warm-up done”"),
        "",
        Group.CUES,
        Control.CHECK,
        requires=VOICE_ENABLED,
    )

    # Window and appearance (app.ui.theme.Scheme names the same three values)
    THEME = Option(
        "ui/theme",
        "system",
        N_("&Colours:"),
        "",
        Group.WINDOW,
        Control.CHOICE,
        choices=(
            Choice("system", N_("Follow the system")),
            Choice("light", N_("Light")),
            Choice("dark", N_("Dark")),
        ),
        name=N_("Colour scheme"),
    )
    COUNTDOWN_SCALE = Option(
        "ui/countdown_scale",
        100,
        N_("Countdown si&ze:"),
        N_("Above 100 % the countdown also takes room from the picture"),
        Group.WINDOW,
        Control.SPIN,
        low=COUNTDOWN_SCALE_RANGE[0],
        high=COUNTDOWN_SCALE_RANGE[1],
        step=10,
        unit=" %",
    )
    START_FULLSCREEN = Option(
        "ui/start_fullscreen",
        False,
        N_("Start sessions in &fullscreen focus mode"),
        "",
        Group.WINDOW,
        Control.CHECK,
    )
    KEEP_ON_TOP = Option(
        "ui/keep_on_top",
        False,
        N_("Keep the window on &top (Ctrl+T)"),
        "",
        Group.WINDOW,
        Control.CHECK,
    )

    # The language of the window, read once at launch (app/ui/__init__.py): the
    # pages are not translated again while they are open.
    LANGUAGE = Option(
        "ui/language",
        "",
        N_("&Language:"),
        N_("The language of the window, the messages and the voice"),
        Group.LANGUAGE,
        Control.CHOICE,
        choices=LANGUAGE_CHOICES,
    )

    # Kept by the app itself, never shown
    LAST_ROUTINE = Option("ui/last_routine", "", "The routine selected last time")
    WINDOW_GEOMETRY = Option("ui/geometry", "", "Window size and place (Qt's saveGeometry, hex)")
    RESUME_SESSION = Option(
        "session/in_progress", "", "The session under way, to offer to resume (JSON; app.resume)"
    )


ALL_OPTIONS: tuple[Option[Any], ...] = tuple(
    value for value in vars(Options).values() if isinstance(value, Option)
)


def shown_in(group: Group) -> tuple[Option[Any], ...]:
    """The options the settings dialog shows in `group`, in their order."""
    return tuple(
        option
        for option in ALL_OPTIONS
        if option.group is group and option.control is not Control.NONE
    )


SHOWN_OPTIONS: tuple[Option[Any], ...] = tuple(
    option for group in Group for option in shown_in(group)
)


class Changes(Protocol):
    """Where a store tells who listens that an option changed (its key): a Qt signal
    in the shell, `Listeners` here."""

    def connect(self, slot: Callable[[str], object], /) -> object: ...

    def emit(self, key: str, /) -> None: ...


class SettingsStore(Protocol):
    """Where the values are kept, as they are stored (often text): `Settings` checks them."""

    @property
    def location(self) -> str:
        """Where the values are, for messages (a file name)."""
        ...

    @property
    def changed(self) -> Changes: ...

    def value(self, key: str) -> object:
        """The stored value, None when unset."""
        ...

    def set_value(self, key: str, value: Value) -> None: ...

    def remove(self, key: str) -> None: ...

    def sync(self) -> None: ...


class Listeners:
    """The plain-Python `Changes`: calls each slot, in the order they connected."""

    def __init__(self) -> None:
        self._slots: list[Callable[[str], object]] = []

    def connect(self, slot: Callable[[str], object], /) -> object:
        self._slots.append(slot)
        return slot

    def emit(self, key: str, /) -> None:
        for slot in list(self._slots):
            slot(key)


class MemoryStore:
    """Values in a dict, as a hand-edited file may hold them (for tests and tools).

    Its `Listeners` hold on to every slot: the window uses the Qt store, whose
    signal lets go of a widget when the widget is deleted."""

    def __init__(self, values: Mapping[str, object] | None = None) -> None:
        self.values: dict[str, object] = dict(values or {})
        self._changed = Listeners()

    @property
    def location(self) -> str:
        return "(settings in memory)"

    @property
    def changed(self) -> Listeners:
        return self._changed

    def value(self, key: str) -> object:
        return self.values.get(key)

    def set_value(self, key: str, value: Value) -> None:
        self.values[key] = value

    def remove(self, key: str) -> None:
        self.values.pop(key, None)

    def sync(self) -> None:
        """Nothing to write: the values are only in memory."""


class Settings:
    """Typed, checked access to the declared options in a store; says when one changes."""

    def __init__(self, store: SettingsStore) -> None:
        self._store = store
        self._told: set[tuple[str, str]] = set()  # (key, value) already reported on stderr

    @classmethod
    def in_memory(cls, values: Mapping[str, object] | None = None) -> Settings:
        return cls(MemoryStore(values))

    @property
    def changed(self) -> Changes:
        """Emits an option's key when it is set or reset."""
        return self._store.changed

    def get(self, option: Option[T]) -> T:
        """The stored value, checked like user input (`Option.checked`); the default
        when unset. What was wrong with a stored value is said once on stderr.

        QSettings' own conversion turns a hand-edited "loud" into 0, and Python's
        float() takes "nan" and "1e308": neither reaches the rest of the app.
        """
        raw = self._store.value(option.key)
        if raw is None:
            return option.default
        value, problem = option.checked(raw)
        if problem:
            self._tell(option, raw, value, problem)
        return value

    def set(self, option: Option[T], value: T) -> None:
        """Store `value`; a value of the wrong type or one the option can't take is
        refused (a bug in the caller: every control offers only what is allowed)."""
        if not isinstance(value, type(option.default)):
            raise TypeError(f"{option.key} takes {type(option.default).__name__}, not {value!r}")
        usable, problem = option.checked(value)
        if problem:
            raise ValueError(f"{option.key}: {problem}")
        if usable == self.get(option):
            return
        self._store.set_value(option.key, usable)
        self._store.changed.emit(option.key)

    def reset(self, option: Option[T]) -> None:
        self._store.remove(option.key)
        self._store.changed.emit(option.key)

    def sync(self) -> None:
        """Write pending changes now (a Qt-backed store also does so on its own)."""
        self._store.sync()

    def _tell(self, option: Option[Any], raw: object, used: Value, problem: str) -> None:
        told = (option.key, repr(raw))
        if told in self._told:
            return
        self._told.add(told)
        shown = used if used != "" else "“”"
        # Translators: a value in the settings file that can't be used: "FILE: KEY: PROBLEM;
        # using VALUE" (the key and the value as the file has them).
        line = _("{location}: {key}: {problem}; using {value}")
        print(
            line.format(
                location=self._store.location, key=option.key, problem=problem, value=shown
            ),
            file=sys.stderr,
        )
