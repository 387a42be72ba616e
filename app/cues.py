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
  same instant (e.g. +10 s pressed right as a stretch starts);
- words never cut each other off (a new `say()` stops what is being said):
  their length is estimated at the runner's speaking rate (app.speech_length),
  and a count or "ten seconds" that would talk over other words is left out;
- the "Next: ..." announcement ends at least GET_INTO_POSITION before its
  stretch starts: it is said as the get-ready or rest begins when it fits
  there, earlier (over the end of the stretch before) when it does not, and
  in its short form, "Next: <name>.", when even that is not enough.

About 600 lines, on purpose: the plan is one pass over the session's timeline,
and what is said where depends on what fits beside the sounds around it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.i18n import N_, _
from app.routine import Reps, Routine, Step
from app.session import Phase, PhaseKind, Session, Side, State
from app.speech_length import DEFAULT_RATE, spoken_seconds

# A cue this late is not given at all.
LATE_TOLERANCE = 0.25
# Holds at least this long get "ten seconds" when ten seconds are left.
TEN_SECONDS_MIN_HOLD = 20.0
TICKS = 3  # ticks on each of the last three seconds of a hold
# An announcement ends at least this long before its stretch: time to get into position.
GET_INTO_POSITION = 1.5


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
    # The voice's speaking rate, -1.0 (slow) to 1.0 (fast), as in the settings: it decides
    # how long words take, so when announcements must start to end in time.
    speech_rate: float = DEFAULT_RATE
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


# Chinese ends a sentence with a full-width stop and no space after it.
_FULL_WIDTH_ENDS = "\u3002\uff01\uff1f"  # 。！？


def sentence(text: str) -> str:
    """`text` as a sentence of its own: a full stop after it, in the language's own form."""
    # Translators: a full stop after a sentence the voice says ("Left side.").
    return _("{sentence}.").format(sentence=text)


def first_sentence(text: str) -> str:
    """The first sentence of a cue text, as a short spoken form."""
    text = " ".join(text.split())
    for index, char in enumerate(text):
        if char in _FULL_WIDTH_ENDS:
            return text[: index + 1]
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " "):
            return text[: index + 1]
    return sentence(text) if text else ""


def intro_text(step: Step) -> str:
    """The stretch and how to do it, short: the step's `say` text, else its name and cue."""
    if step.say:
        return step.say.strip()
    cue = first_sentence(step.cue)
    if not cue:
        return sentence(step.name)
    # Translators: the voice says a stretch's name, then the first sentence of its cue.
    return _("{name}. {cue}").format(name=step.name, cue=cue)


def announcement(step: Step) -> str:
    """What the voice says before a stretch, while the runner gets ready for it."""
    # Translators: said before a stretch; {stretch} is its name and how to do it.
    return _("Next: {stretch}").format(stretch=intro_text(step))


def short_announcement(step: Step) -> str:
    """The announcement when there is no time for more: the name on screen."""
    # Translators: the short form of "Next: ...", when there is no time for more.
    return _("Next: {name}.").format(name=step.name)


@dataclass(frozen=True)
class GapFit:
    """How a stretch's announcement fits the get-ready or rest before it, said as the
    pause begins: `margin` is the time left to get into position."""

    step_index: int
    gap: float
    spoken: float

    @property
    def margin(self) -> float:
        return self.gap - self.spoken

    @property
    def fits(self) -> bool:
        return self.margin >= GET_INTO_POSITION


def announcement_fits(routine: Routine, rate: float = DEFAULT_RATE) -> list[GapFit]:
    """Each get-ready or rest of `routine` and its announcement at `rate`.

    A pause of 0 has no announcement to fit (the stretch is named as it
    starts), so it is left out. `limber validate` warns about the ones that do
    not fit at the normal rate; the planner then announces them earlier.
    """
    fits: list[GapFit] = []
    for index, step in enumerate(routine.steps):
        gap = routine.lead_in if index == 0 else routine.rest_after(index - 1)
        if gap > 0:
            fits.append(GapFit(index, gap, spoken_seconds(announcement(step), rate)))
    return fits


# The voice counts reps in words up to ten (a digit may be read out as a date or a list mark).
_NUMBER_WORDS = (
    N_("One"),
    N_("Two"),
    N_("Three"),
    N_("Four"),
    N_("Five"),
    N_("Six"),
    N_("Seven"),
    N_("Eight"),
    N_("Nine"),
    N_("Ten"),
)
# What the voice says as a side starts (the same words as the session page's side label).
_SIDE_WORDS = {Side.LEFT: N_("Left side"), Side.RIGHT: N_("Right side")}


def count_word(number: int) -> str:
    """A rep count as the voice says it: "Three"; past ten, the number."""
    return _(_NUMBER_WORDS[number - 1]) if number <= len(_NUMBER_WORDS) else str(number)


def side_words(side: Side) -> str:
    """ "Left side" or "Right side", in the runner's language."""
    return _(_SIDE_WORDS[side])


Timeline = Sequence[tuple[float, int, Phase]]


def session_timeline(session: Session, now: float) -> list[tuple[float, int, Phase]]:
    """(start, phase index, phase) of the current and later phases, then (end, -1, DONE).

    Empty unless running, except that a session that has just been finished by
    a command (skip on the last stretch) yields its DONE entry at the moment it
    finished, so the finish cue can still be given.
    """
    snapshot = session.snapshot(now)
    finished_at = session.finished_at
    if snapshot.state is State.DONE and finished_at is not None:
        return [(finished_at, -1, snapshot.phase)]
    later = session.upcoming()  # empty unless running
    if not later:
        return []
    current_end = later[0][0]
    current = (current_end - snapshot.phase.duration, snapshot.phase_index, snapshot.phase)
    return [current, *later]


def plan_cues(
    routine_steps: Sequence[Step],
    timeline: Timeline,
    options: CueOptions,
    before: Phase | None = None,
    now: float | None = None,
) -> list[Cue]:
    """Every cue for the phases in `timeline`, sorted by time.

    `timeline` is (start time, phase index, phase) per phase with the final
    (end, -1, DONE) entry, as `session_timeline` gives it; `before` is the
    phase before the first one, if any (it tells whether the stretch was
    already announced). `now` is when the plan is made: an announcement moved
    earlier to fit is never moved into the past, where it would not be heard.
    """
    cues: list[Cue] = []
    words: list[_Words] = []
    voice = options.voice
    sounds = options.sounds

    def adder(index: int) -> _Adder:
        """What adds the cues of the phase at `index` of the session."""

        def add(
            at: float,
            name: str,
            sound: Sound | None,
            speech: str | None,
            priority: _Priority = _Priority.MAIN,
        ) -> None:
            # Sounds and words are separate cues: they go to separate players, and
            # words that go with a sound wait for it to end.
            if sound is not None and sounds:
                cues.append(Cue(at, sound, None, (index, name)))
                if speech is not None:
                    at += sound.seconds + SPEECH_AFTER_SOUND
            if speech is not None and voice:
                words.append(_Words(at, speech, (index, f"{name}{_SAID}"), priority))

        return add

    # The phases, then the DONE entry that always ends a timeline: each phase ends
    # where the entry after it starts.
    for position, (start, index, phase) in enumerate(timeline[:-1]):
        kind = phase.kind
        add = adder(index)
        step = routine_steps[phase.step_index]
        end = timeline[position + 1][0]
        previous = timeline[position - 1][2] if position > 0 else before
        if kind in (PhaseKind.GET_READY, PhaseKind.REST):
            if options.say_step_names and voice:
                # Not before the phase before this one starts (the plan knows no earlier
                # words), nor before the plan is made.
                floor = timeline[position - 1][0] if position > 0 else start
                if now is not None and start >= now:
                    floor = max(floor, now)
                words.append(
                    _Words(
                        start,
                        announcement(step),
                        (index, f"{_CueName.NEXT.value}{_SAID}"),
                        _Priority.MAIN,
                        deadline=end - GET_INTO_POSITION,
                        short=short_announcement(step),
                        floor=floor,
                    )
                )
        elif kind is PhaseKind.SWITCH_SIDES:
            add(
                start,
                _CueName.SWITCH.value,
                Sound.SWITCH,
                _("Switch sides.") if options.say_switch_sides else None,
            )
        else:
            _plan_work(add, start, end, phase, step, previous, options)
        if not kind.is_work and options.ticks_before_stretch:
            _plan_ticks(add, start, end, first_after=Sound.SWITCH.seconds)
    if timeline:
        finished, index, _done = timeline[-1]
        done = _("Warm-up done.") if options.say_done else None
        adder(index)(finished, _CueName.FINISH.value, Sound.FINISH, done)
    cues.extend(_fit_words(words, options.speech_rate))
    cues.sort(key=lambda cue: cue.at)
    return cues


class _CueName(enum.Enum):
    """What a cue is: with its phase's index, its key (a count after the rep and tick
    names tells them apart, `_SAID` after a name the words from the sound)."""

    START = "start"
    REP = "rep"
    TEN = "ten"
    TICK = "tick"
    SWITCH = "switch"
    NEXT = "next"
    FINISH = "finish"


_SAID = "-say"


class _Priority(enum.IntEnum):
    """Which words give way when two would overlap."""

    EXTRA = 0  # a rep count or "ten seconds": left out rather than talk over other words
    MAIN = 1  # what to do: the next stretch, the side, switch sides, done


@dataclass(frozen=True)
class _Words:
    """Words to say at `at`; an announcement also has the time it must end by, a
    shorter form, and the earliest it may be moved to."""

    at: float
    text: str
    key: tuple[int, str]
    priority: _Priority
    deadline: float | None = None
    short: str | None = None
    floor: float = -math.inf


@dataclass(frozen=True)
class _Said:
    start: float
    end: float
    words: _Words
    text: str


def _fit_words(words: Sequence[_Words], rate: float) -> list[Cue]:
    """The words as cues, timed so that none cuts another off and each announcement
    ends by its deadline where that is possible at all."""
    said: list[_Said] = []
    for item in sorted(words, key=lambda item: (item.at, -item.priority)):
        if item.deadline is None:
            start, text = item.at, item.text
        else:
            start, text = _place_announcement(item, said, rate)
        end = start + spoken_seconds(text, rate)
        if item.priority is _Priority.EXTRA:
            if said and start < said[-1].end:
                continue  # it would cut the words before it off
        else:
            # Extra words still being said when these start are left out altogether.
            said = [
                entry
                for entry in said
                if entry.words.priority is _Priority.MAIN or entry.end <= start
            ]
        said.append(_Said(start, end, item, text))
    return [Cue(entry.start, None, entry.text, entry.words.key) for entry in said]


def _place_announcement(item: _Words, said: Sequence[_Said], rate: float) -> tuple[float, str]:
    """When to start an announcement, and which form to say.

    As its pause begins if it ends in time from there, else as late as lets it
    end in time; the short form if the full one cannot start late enough
    without talking over the words before it. When neither fits, the short
    form as early as it can go: it ends late, but as little late as possible.
    """
    assert item.deadline is not None
    assert item.short is not None
    busy = max(
        (entry.end for entry in said if entry.words.priority is _Priority.MAIN), default=-math.inf
    )
    floor = max(item.floor, busy)
    for text in (item.text, item.short):
        start = min(item.at, item.deadline - spoken_seconds(text, rate))
        if start >= floor:
            return start, text
    return max(floor, min(item.at, item.deadline - spoken_seconds(item.short, rate))), item.short


def _plan_work(
    add: _Adder,
    start: float,
    end: float,
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
        words.append(sentence(side_words(phase.side)))
    elif not words:
        words.append(_("Go."))
    dose = step.dose
    if isinstance(dose, Reps):
        if options.count_reps_aloud:
            words.append(sentence(count_word(1)))
        add(start, _CueName.START.value, Sound.CHIME, " ".join(words))
        # Rep 1 starts with the stretch; each later one on its beat, while the set lasts
        # (an adjust may have cut it short).
        for number in range(2, dose.count + 1):
            at = start + (number - 1) * dose.tempo
            if at < end:
                spoken = count_word(number) if options.count_reps_aloud else None
                add(at, f"{_CueName.REP.value}-{number}", Sound.REP, spoken, _Priority.EXTRA)
        return
    add(start, _CueName.START.value, Sound.CHIME, " ".join(words))
    duration = end - start
    if options.say_ten_seconds and duration >= TEN_SECONDS_MIN_HOLD:
        add(end - 10.0, _CueName.TEN.value, None, _("Ten seconds."), _Priority.EXTRA)
    _plan_ticks(add, start, end)


def _plan_ticks(add: _Adder, start: float, end: float, first_after: float = 0.0) -> None:
    """A tick on each of the last TICKS seconds before `end`; none in the first
    `first_after` seconds of the phase (the switch sound is still playing)."""
    for left in range(TICKS, 0, -1):
        at = end - left
        if at > start + first_after:
            add(at, f"{_CueName.TICK.value}-{left}", Sound.TICK, None)


class _Adder(Protocol):
    def __call__(
        self,
        at: float,
        name: str,
        sound: Sound | None,
        speech: str | None,
        priority: _Priority = ...,
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
        # The session's revision the plan was made at; None: plan again on the next call.
        self._planned_revision: int | None = None
        self._plan: list[Cue] = []
        self._queue = CueQueue()

    @property
    def options(self) -> CueOptions:
        return self._options

    def set_options(self, options: CueOptions) -> None:
        if options != self._options:
            self._options = options
            self._planned_revision = None

    def set_session(self, session: Session | None) -> None:
        if session is not self._session:
            self._session = session
            self._planned_revision = None
            self._plan = []
            self._queue = CueQueue()

    @property
    def plan(self) -> list[Cue]:
        return list(self._plan)

    def replan(self, now: float) -> list[Cue] | None:
        """The new plan when the session, its timing or the options changed since the
        last call; None when the plan stands. Paused or stopped, the plan is empty."""
        session = self._session
        # Without a session the plan is empty since set_session: nothing new to send.
        if session is None or session.revision == self._planned_revision:
            return None
        self._planned_revision = session.revision
        timeline = session_timeline(session, now)
        first = timeline[0][1] if timeline else 0
        before = session.phases[first - 1] if first > 0 else None
        self._plan = plan_cues(session.routine.steps, timeline, self._options, before, now)
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
