"""What the session page says, in the runner's language: the phase heading, the
switch banner, what comes next, the notices and the questions it asks
(app/ui/session_page.py shows them)."""

from __future__ import annotations

import enum

from app.i18n import _
from app.routine import describe_dose, format_duration
from app.session import PauseReason, PhaseKind, Side, Snapshot, State


def phase_heading(snapshot: Snapshot) -> str:
    """The small line above the stretch name: what kind of moment this is."""
    if snapshot.state is State.READY:
        return _("Press Space to start")
    if snapshot.state is State.DONE:
        return PhaseKind.DONE.label
    phase = snapshot.phase
    heading = phase.kind.label
    if phase.kind in (PhaseKind.GET_READY, PhaseKind.REST):
        # Translators: over the stretch that comes after this get-ready or rest
        # ("Get ready · up next"); keep it short.
        heading = _("{phase} · up next").format(phase=heading)
    elif phase.kind.is_work and phase.side is not None:
        # Translators: "Hold · Left side"; keep it short.
        heading = _("{phase} · {side}").format(phase=heading, side=phase.side.label)
    if snapshot.state is State.PAUSED:
        # Translators: the phase heading while paused ("Paused · Hold · Left side").
        heading = _("Paused · {heading}").format(heading=heading)
    return heading


def switch_text(snapshot: Snapshot) -> str:
    """The banner during a switch of sides ("" otherwise): what to do, and which side."""
    if snapshot.state is State.DONE or snapshot.phase.kind is not PhaseKind.SWITCH_SIDES:
        return ""
    if snapshot.next_side is None:
        return _("⇄  Switch sides: the other side next")
    if snapshot.next_side is Side.LEFT:
        return _("⇄  Switch sides: the left side next")
    return _("⇄  Switch sides: the right side next")


def next_text(snapshot: Snapshot) -> str:
    """What comes after this phase's work: the right side of a both-sides step, or the next step."""
    if snapshot.state is State.DONE:
        return ""
    if snapshot.next_side is not None:
        # Translators: the side of this stretch that comes next ("Next: Right side").
        return _("Next: {side}").format(side=snapshot.next_side.label)
    upcoming = snapshot.next_step
    if upcoming is None:
        return _("Last stretch")
    # Translators: the stretch that comes next and its dose ("Next: Calf stretch (30 s)").
    return _("Next: {stretch} ({dose})").format(stretch=upcoming.name, dose=describe_dose(upcoming))


def notice_text(snapshot: Snapshot) -> str:
    if snapshot.state is State.PAUSED and snapshot.pause_reason is PauseReason.SLEEP:
        return _(
            "Paused because the computer went to sleep. "
            "Your place is kept: press Space to carry on."
        )
    return ""


def announcement(snapshot: Snapshot) -> str:
    """What a screen reader hears when the phase changes: "Hold · Left side: Lunge press, 0:20"."""
    if snapshot.state is State.DONE:
        return PhaseKind.DONE.label
    time_left = format_duration(snapshot.remaining)
    # Translators: what a screen reader says when the phase changes
    # ("Hold · Left side: Lunge press, 0:20").
    return _("{heading}: {stretch}, {time_left}").format(
        heading=phase_heading(snapshot), stretch=snapshot.step.name, time_left=time_left
    )


class Confirmation(enum.Enum):
    """A command that would lose the runner's place, asked about before it is done."""

    RESTART = "restart"
    STOP = "stop"

    @property
    def question(self) -> str:
        if self is Confirmation.RESTART:
            return _("Restart from the first stretch? Your place in this warm-up is lost.")
        return _("Stop this warm-up and go back to the list?")

    @property
    def accept_text(self) -> str:
        return _("Restart") if self is Confirmation.RESTART else _("Stop")
