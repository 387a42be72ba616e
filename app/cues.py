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
        sound = sound if sounds else None
        speech = speech if voice else None
        if sound is not None or speech is not None:
            cues.append(Cue(at, sound, speech, (index, name)))

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
    for left in range(TICKS, 0, -1):
        at = end - left
        if at > start:
            add(at, index, f"tick-{left}", Sound.TICK, None)


class _Adder(Protocol):
    def __call__(
        self, at: float, index: int, name: str, sound: Sound | None, speech: str | None
    ) -> None: ...


class CueScheduler:
    """Hands out the cues of a session as they fall due, each once, never late.

    Call `due(now)` whenever the timer aimed at `next_at()` fires (and after
    every command: it notices a new `Session.revision` and plans again).
    """

    def __init__(self, options: CueOptions | None = None) -> None:
        self._options = options or CueOptions()
        self._session: Session | None = None
        self._revision = -1
        self._plan: list[Cue] = []
        self._given: dict[tuple[int, str], float] = {}  # key -> when it was given

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
            self._given = {}

    @property
    def plan(self) -> list[Cue]:
        return list(self._plan)

    def _sync(self, now: float) -> None:
        session = self._session
        if session is None:
            self._plan = []
            return
        if session.revision != self._revision:
            self._revision = session.revision
            timeline = session_timeline(session, now)
            first = timeline[0][1] if timeline else 0
            before = session.phases[first - 1] if first > 0 else None
            self._plan = plan_cues(session.routine.steps, timeline, self._options, before)

    def due(self, now: float) -> list[Cue]:
        """The cues to give now; late ones are dropped, none is given twice."""
        self._sync(now)
        session = self._session
        if session is None:
            return []
        if session.state not in (State.RUNNING, State.DONE):
            # Paused or stopped: nothing falls due until the session runs again.
            return []
        # Forget cues given long ago: one with the same key is then a new one
        # (back restarted the stretch).
        self._given = {
            key: given for key, given in self._given.items() if given > now - LATE_TOLERANCE
        }
        ready: list[Cue] = []
        keep: list[Cue] = []
        for cue in self._plan:
            if cue.at > now:
                keep.append(cue)
            elif cue.at >= now - LATE_TOLERANCE and cue.key not in self._given:
                ready.append(cue)
                self._given[cue.key] = now
        self._plan = keep
        return ready

    def next_at(self, now: float) -> float | None:
        """When the next cue falls due, or None if none is planned."""
        self._sync(now)
        session = self._session
        if session is None or session.state not in (State.RUNNING, State.DONE):
            return None
        return self._plan[0].at if self._plan else None
