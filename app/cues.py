"""Sound and voice cues: which to give, and when, without Qt.

Cues hang off the session engine's timeline, not off repaints: `plan_cues`
turns the phases still to come (with the absolute times the engine will advance
on) into a list of timed cues, and `CueScheduler` hands out the ones that are
due at a given instant. The Qt shell (app/ui/cue_player.py) only aims a timer
at `CueScheduler.next_at()` and passes what is due to a `CueSink`.

Rules the scheduler keeps:
- every command that changes timing bumps `Session.revision`; the plan is then
  redone from the session as it now stands, so cues stay in step after pause,
  skip, back and +/-10 s;
- a cue more than LATE_TOLERANCE late is dropped (a tick two seconds after the
  hold ended is worse than none), so nothing plays late after a skip or sleep;
- a cue that was just given is not given again when the plan is redone in the
  same instant (e.g. +10 s pressed right as a stretch starts).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.routine import Reps, Step
from app.session import Phase, PhaseKind, Session, State

# A cue this late is not given at all.
LATE_TOLERANCE = 0.25
# Holds at least this long get "ten seconds" when ten seconds are left.
TEN_SECONDS_MIN_HOLD = 20.0
TICKS = 3  # ticks on each of the last three seconds of a hold


class Sound(enum.Enum):
    """The sounds, each a WAV file under assets/sounds/ (made by tools/make_sounds.py)."""

    TICK = "tick"
    CHIME = "chime"
    SWITCH = "switch"
    REP = "rep"
    FINISH = "finish"

    @property
    def asset(self) -> str:
        return f"sounds/{self.value}.wav"

    @property
    def seconds(self) -> float:
        """How long the sound lasts: words that go with it are said once it is over."""
        return _SOUND_SECONDS[self]


# The length of each WAV (tests/test_cues.py checks them against the files).
_SOUND_SECONDS = {
    Sound.TICK: 0.07,
    Sound.CHIME: 0.59,
    Sound.SWITCH: 0.58,
    Sound.REP: 0.06,
    Sound.FINISH: 1.26,
}
# Words that go with a sound start this long after it ends, so neither hides the other.
SPEECH_AFTER_SOUND = 0.05


@dataclass(frozen=True)
class CueOptions:
    """Which cues are on. The shell builds it from Settings; the core never reads them."""

    sounds: bool = True
    voice: bool = True
    say_step_names: bool = True
    say_switch_sides: bool = True
    count_reps_aloud: bool = False
    say_ten_seconds: bool = True
    say_done: bool = True
    # Ticks on the last three seconds of a get-ready, rest or switch of sides too,
    # so that every stretch starts on a 3-2-1.
    ticks_before_stretch: bool = False


@dataclass(frozen=True)
class Cue:
    """Something to play and/or say at monotonic time `at`.

    `key` names the cue within a session (phase index and what it is), so the
    scheduler can tell that a cue in a redone plan is one it just gave.
    """

    at: float
    sound: Sound | None
    speech: str | None
    key: tuple[int, str]

    def to_wire(self) -> dict[str, object]:
        """As plain JSON values, for the cue worker's pipe."""
        sound = None if self.sound is None else self.sound.value
        return {"at": self.at, "sound": sound, "speech": self.speech, "key": list(self.key)}

    @classmethod
    def from_wire(cls, data: object) -> Cue:
        """The cue `to_wire` gave; ValueError for anything else (the pipe is checked too)."""
        if not isinstance(data, dict):
            raise ValueError(f"a cue is an object, not {data!r}")
        at, sound, speech, key = (data.get(name) for name in ("at", "sound", "speech", "key"))
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
            raise ValueError(f"a cue's time is a number, not {at!r}")
        if speech is not None and not isinstance(speech, str):
            raise ValueError(f"a cue's words are text, not {speech!r}")
        if not (isinstance(key, list) and len(key) == 2 and type(key[0]) is int):
            raise ValueError(f"a cue's key is [index, name], not {key!r}")
        try:
            kind = None if sound is None else Sound(sound)
        except ValueError:
            raise ValueError(f"a cue's sound is one of Sound, not {sound!r}") from None
        return cls(float(at), kind, speech, (key[0], str(key[1])))


class CueSink(Protocol):
    """Where cues go: the Qt player, a recorder in tests, or nothing."""

    def play(self, sound: Sound) -> None: ...

    def say(self, text: str) -> None: ...


class SilentSink:
    """The fallback when there is no audio or no voice: does nothing."""

    def play(self, sound: Sound) -> None:
        pass

    def say(self, text: str) -> None:
        pass


def first_sentence(text: str) -> str:
    """The first sentence of a cue text, as a short spoken form."""
    text = " ".join(text.split())
    for index, char in enumerate(text):
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " "):
            return text[: index + 1]
    return f"{text}." if text else ""


def intro_text(step: Step) -> str:
    """The stretch and how to do it, short: the step's `say` text, else its name and cue."""
    if step.say:
        return step.say.strip()
    cue = first_sentence(step.cue)
    return f"{step.name}. {cue}" if cue else f"{step.name}."


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(number: int) -> str:
    return _NUMBER_WORDS[number - 1].capitalize() if number <= len(_NUMBER_WORDS) else str(number)


Timeline = Sequence[tuple[float, int, Phase]]


def session_timeline(session: Session, now: float) -> list[tuple[float, int, Phase]]:
    """(start, phase index, phase) of the current and later phases, then (end, -1, DONE).

    Empty unless running, except that a session that has just been finished by
    a command (skip on the last stretch) yields its DONE entry at the moment it
    finished, so the finish cue can still be given.
    """
    state = session.snapshot(now).state
    if state is State.DONE and session.finished_at is not None:
        done = Phase(PhaseKind.DONE, len(session.routine.steps) - 1, 0.0)
        return [(session.finished_at, -1, done)]
    later = session.upcoming()
    if state is not State.RUNNING or not later:
        return []
    snapshot = session.snapshot(now)
    current_end = later[0][0]
    current = (current_end - snapshot.phase.duration, snapshot.phase_index, snapshot.phase)
    return [current, *later]


def plan_cues(
    routine_steps: Sequence[Step],
    timeline: Timeline,
    options: CueOptions,
    before: Phase | None = None,
) -> list[Cue]:
    """Every cue for the phases in `timeline`, sorted by time.

    `timeline` is (start time, phase index, phase) per phase with the final
    (end, -1, DONE) entry, as `session_timeline` gives it; `before` is the
    phase before the first one, if any (it tells whether the stretch was
    already announced).
    """
    cues: list[Cue] = []
    voice = options.voice
    sounds = options.sounds

    def add(at: float, index: int, name: str, sound: Sound | None, speech: str | None) -> None:
        # Sounds and words are separate cues: they go to separate players, and
        # words that go with a sound wait for it to end.
        if sound is not None and sounds:
            cues.append(Cue(at, sound, None, (index, name)))
            if speech is not None:
                at += sound.seconds + SPEECH_AFTER_SOUND
        if speech is not None and voice:
            cues.append(Cue(at, None, speech, (index, f"{name}-say")))

    for position, (start, index, phase) in enumerate(timeline):
        kind = phase.kind
        if kind is PhaseKind.DONE:
            add(start, index, "finish", Sound.FINISH, "Warm-up done." if options.say_done else None)
            continue
        step = routine_steps[phase.step_index]
        end = timeline[position + 1][0] if position + 1 < len(timeline) else start + phase.duration
        previous = timeline[position - 1][2] if position > 0 else before
        if kind in (PhaseKind.GET_READY, PhaseKind.REST):
            if options.say_step_names:
                add(start, index, "next", None, f"Next: {intro_text(step)}")
        elif kind is PhaseKind.SWITCH_SIDES:
            add(
                start,
                index,
                "switch",
                Sound.SWITCH,
                "Switch sides." if options.say_switch_sides else None,
            )
        else:
            _plan_work(add, start, end, index, phase, step, previous, options)
        if not kind.is_work and options.ticks_before_stretch:
            _plan_ticks(add, start, end, index, first_after=Sound.SWITCH.seconds)
    cues.sort(key=lambda cue: cue.at)
    return cues


def _plan_work(
    add: _Adder,
    start: float,
    end: float,
    index: int,
    phase: Phase,
    step: Step,
    previous: Phase | None,
    options: CueOptions,
) -> None:
    words: list[str] = []
    # Cue first: the name and form were said during the get-ready or rest. With
    # no such pause before this stretch (rest: 0), say them now.
    announced = previous is not None and previous.kind in (
        PhaseKind.GET_READY,
        PhaseKind.REST,
        PhaseKind.SWITCH_SIDES,
    )
    if not announced and options.say_step_names:
        words.append(intro_text(step))
    if phase.side is not None:
        words.append(f"{phase.side.label}.")
    elif not words:
        words.append("Go.")
    dose = step.dose
    if isinstance(dose, Reps):
        if options.count_reps_aloud:
            words.append(f"{count_word(1)}.")
        add(start, index, "start", Sound.CHIME, " ".join(words))
        for rep in range(1, dose.count):
            at = start + rep * dose.tempo
            if at >= end:
                break
            spoken = count_word(rep + 1) if options.count_reps_aloud else None
            add(at, index, f"rep-{rep + 1}", Sound.REP, spoken)
        return
    add(start, index, "start", Sound.CHIME, " ".join(words))
    duration = end - start
    if options.say_ten_seconds and duration >= TEN_SECONDS_MIN_HOLD:
        add(end - 10.0, index, "ten", None, "Ten seconds.")
    _plan_ticks(add, start, end, index)


def _plan_ticks(
    add: _Adder, start: float, end: float, index: int, first_after: float = 0.0
) -> None:
    """A tick on each of the last TICKS seconds before `end`; none in the first
    `first_after` seconds of the phase (the switch sound is still playing)."""
    for left in range(TICKS, 0, -1):
        at = end - left
        if at > start + first_after:
            add(at, index, f"tick-{left}", Sound.TICK, None)


class _Adder(Protocol):
    def __call__(
        self, at: float, index: int, name: str, sound: Sound | None, speech: str | None
    ) -> None: ...


class CueQueue:
    """The cues still to give, handed out as they fall due: each once, never late.

    The cue worker (app/ui/cue_worker.py) keeps one and aims its timer at
    `next_at()`; a new plan replaces the pending cues whenever the session's
    timing changes.
    """

    def __init__(self) -> None:
        self._pending: list[Cue] = []
        self._given: dict[tuple[int, str], float] = {}  # key -> when it was given

    @property
    def pending(self) -> list[Cue]:
        return list(self._pending)

    def replace(self, cues: Sequence[Cue]) -> None:
        """Give these from now on instead of what was pending."""
        self._pending = sorted(cues, key=lambda cue: cue.at)

    def due(self, now: float) -> list[Cue]:
        """The cues to give now; late ones are dropped, none is given twice."""
        # Forget cues given long ago: one with the same key is then a new one
        # (back restarted the stretch).
        self._given = {
            key: given for key, given in self._given.items() if given > now - LATE_TOLERANCE
        }
        ready: list[Cue] = []
        keep: list[Cue] = []
        for cue in self._pending:
            if cue.at > now:
                keep.append(cue)
            elif cue.at >= now - LATE_TOLERANCE and cue.key not in self._given:
                ready.append(cue)
                self._given[cue.key] = now
        self._pending = keep
        return ready

    def next_at(self) -> float | None:
        """When the next cue falls due, or None if none is pending."""
        return self._pending[0].at if self._pending else None


class CueScheduler:
    """Plans a session's cues again whenever its timing changes, and (for tests and
    in-process use) hands them out as they fall due through a CueQueue.

    The window calls `replan(now)` after every command and sends a new plan to
    the cue workers; `due(now)` and `next_at(now)` do both steps at once.
    """

    def __init__(self, options: CueOptions | None = None) -> None:
        self._options = options or CueOptions()
        self._session: Session | None = None
        self._revision = -1
        self._plan: list[Cue] = []
        self._queue = CueQueue()

    @property
    def options(self) -> CueOptions:
        return self._options

    def set_options(self, options: CueOptions) -> None:
        if options != self._options:
            self._options = options
            self._revision = -1  # plan again on the next call

    def set_session(self, session: Session | None) -> None:
        if session is not self._session:
            self._session = session
            self._revision = -1
            self._plan = []
            self._queue = CueQueue()

    @property
    def plan(self) -> list[Cue]:
        return list(self._plan)

    def replan(self, now: float) -> list[Cue] | None:
        """The new plan when the session, its timing or the options changed since the
        last call; None when the plan stands. Paused or stopped, the plan is empty."""
        session = self._session
        if session is None:
            if self._revision == -1:
                return None
            self._revision, self._plan = -1, []
            return []
        if session.revision == self._revision:
            return None
        self._revision = session.revision
        timeline = session_timeline(session, now)
        first = timeline[0][1] if timeline else 0
        before = session.phases[first - 1] if first > 0 else None
        self._plan = plan_cues(session.routine.steps, timeline, self._options, before)
        return list(self._plan)

    def due(self, now: float) -> list[Cue]:
        """The cues to give now; late ones are dropped, none is given twice."""
        plan = self.replan(now)
        if plan is not None:
            self._queue.replace(plan)
        return self._queue.due(now)

    def next_at(self, now: float) -> float | None:
        """When the next cue falls due, or None if none is planned."""
        plan = self.replan(now)
        if plan is not None:
            self._queue.replace(plan)
        return self._queue.next_at()
