"""The stretch figure: one body, every library stretch as poses, motion from the session clock."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app import figure, moves
from app.clock import ManualClock
from app.cues import CueOptions, Sound, plan_cues, session_timeline
from app.figure import Joint, Move
from app.routine import Hold, Reps, Routine, Sides, Step, step_from_stretch
from app.session import PhaseKind, Session, State
from app.store import shipped_library

LIBRARY = shipped_library()
MOVES = list(moves.MOVES.values())
# Seen from the front: hips side by side, no near and far hip.
FRONT_VIEWS = {"side-bends", "torso-twists"}
LYING_OR_KNEELING = {"glute-bridge", "kneeling-ankle-press"}
SAMPLES = 48


def every_frame(move: Move) -> list[tuple[float, figure.AnyPose, figure.Frame]]:
    """The frames of one loop of `move`, finely sampled, with the pose of each.

    Laid out once per move for the five tests that look at them: poses and frames
    are frozen, and each test gets a list of its own."""
    laid_out = _FRAMES.get(id(move))
    if laid_out is None or laid_out[0] is not move:
        fractions = [index / SAMPLES for index in range(SAMPLES)] if move.moving else [0.0]
        frames = [
            (fraction, pose, figure.frame(move, pose))
            for fraction in fractions
            for pose in [figure.pose_at(move, fraction)]
        ]
        laid_out = _FRAMES[id(move)] = (move, frames)
    return list(laid_out[1])


# The frames of each move laid out so far, under the id of the move (kept with them).
_FRAMES: dict[int, tuple[Move, list[tuple[float, figure.AnyPose, figure.Frame]]]] = {}


def by_id(moves: list[Move]) -> list[str]:
    return [move.id for move in moves]


def test_every_library_stretch_is_drawn_from_poses() -> None:
    for stretch in LIBRARY.values():
        move = moves.move_for(stretch.image, stretch.id)
        assert move is None or move.id == stretch.id


def test_a_picture_is_found_by_library_path_or_by_stretch_id_but_never_for_a_users_own() -> None:
    assert moves.move_for("stretches/lunge-press.svg") is moves.MOVES["lunge-press"]
    assert moves.move_for(None, "march-on-the-spot") is moves.MOVES["march-on-the-spot"]
    # A picture of the user's own wins over the stretch's poses.
    assert moves.move_for("mine/lunge.svg", "lunge-press") is None
    assert moves.move_for("stretches/no-such-move.svg", "side-bends") is None
    assert moves.move_for(None, None) is None


@pytest.mark.parametrize("move", MOVES, ids=by_id(MOVES))
def test_limb_lengths_stay_the_same_in_every_frame(move: Move) -> None:
    end = figure.frame(move).joints
    lengths = [
        (Joint.KNEE, Joint.ANKLE, figure.SHIN),
        (Joint.FAR_HIP, Joint.FAR_KNEE, figure.THIGH),
        (Joint.FAR_KNEE, Joint.FAR_ANKLE, figure.SHIN),
        (Joint.HIP, Joint.SHOULDER, figure.TORSO),
        (Joint.SHOULDER, Joint.HEAD, figure.HEAD_FROM_SHOULDER),
    ]
    # Arms may be foreshortened (pointing at the viewer), but by the same in every frame.
    arms = [
        (Joint.SHOULDER, Joint.ELBOW),
        (Joint.ELBOW, Joint.HAND),
        (Joint.SHOULDER, Joint.FAR_ELBOW),
        (Joint.FAR_ELBOW, Joint.FAR_HAND),
    ]
    for fraction, _, shown in every_frame(move):
        joints = dict(shown.joints)
        if move.id in FRONT_VIEWS:  # the spine rises from between the hips
            (left, y), (right, _) = joints[Joint.HIP], joints[Joint.FAR_HIP]
            joints[Joint.HIP] = ((left + right) / 2, y)
            joints[Joint.FAR_HIP] = (right, y)
        for one, other, length in lengths:
            assert figure.distance(joints[one], joints[other]) == pytest.approx(length), (
                f"{move.id} at {fraction}: {one.value}-{other.value}"
            )
        # Seen from the front, an arm swinging round the body looks shorter as it
        # turns towards the viewer: only the legs, spine and head are checked.
        for one, other in [] if move.id in FRONT_VIEWS else arms:
            assert figure.distance(joints[one], joints[other]) == pytest.approx(
                figure.distance(end[one], end[other]), abs=0.01
            ), f"{move.id} at {fraction}: {one.value}-{other.value}"
        hips = figure.distance(shown.joints[Joint.HIP], shown.joints[Joint.FAR_HIP])
        assert hips == pytest.approx(
            2 * figure.FRONT_HIP if move.id in FRONT_VIEWS else figure.FAR_HIP_BEHIND
        )
        thigh = figure.distance(shown.joints[Joint.HIP], joints[Joint.KNEE])
        assert thigh == pytest.approx(figure.THIGH), f"{move.id} at {fraction}: thigh"


SIDE_VIEWS = [move for move in MOVES if move.id not in FRONT_VIEWS]


@pytest.mark.parametrize("move", SIDE_VIEWS, ids=by_id(SIDE_VIEWS))
def test_knees_bend_forwards_never_backwards(move: Move) -> None:
    for fraction, pose, _ in every_frame(move):
        assert isinstance(pose, figure.Pose)
        for leg in (pose.near_leg, pose.far_leg):
            assert 0 <= figure.knee_bend(leg) <= figure.MAX_KNEE_BEND, f"{move.id} at {fraction}"


@pytest.mark.parametrize("move", MOVES, ids=by_id(MOVES))
def test_nothing_is_below_the_floor_and_the_body_rests_on_it(move: Move) -> None:
    floor = figure.MAT_EDGE if move.prop is figure.Prop.MAT else figure.FLOOR_EDGE
    for fraction, _, shown in every_frame(move):
        assert figure.lowest_edge(shown.body) == pytest.approx(floor), f"{move.id} at {fraction}"
        for stroke in shown.strokes:
            for (x, y), reach in figure.stroke_edges(stroke):
                assert x - reach >= 0, f"{move.id}: cut off on the left"
                assert x + reach <= figure.SIZE, f"{move.id}: cut off on the right"
                assert y - reach >= 0, f"{move.id}: cut off at the top"
                assert y + reach <= figure.SIZE, f"{move.id}: cut off at the bottom"


STANDING = [move for move in MOVES if move.id not in LYING_OR_KNEELING]


@pytest.mark.parametrize("move", STANDING, ids=by_id(STANDING))
def test_a_standing_figure_has_a_foot_on_the_floor_in_every_frame(move: Move) -> None:
    feet = (
        [Joint.HEEL, Joint.ANKLE, Joint.BALL, Joint.TOE],
        [Joint.FAR_HEEL, Joint.FAR_ANKLE, Joint.FAR_BALL, Joint.FAR_TOE],
    )
    for fraction, _, shown in every_frame(move):
        lowest = max(
            shown.joints[joint][1] + figure.FOOT_WIDTH / 2 for foot in feet for joint in foot
        )
        assert lowest == pytest.approx(figure.FLOOR_EDGE), f"{move.id} at {fraction}"


def test_the_standing_foot_stays_planted_while_the_other_leg_swings() -> None:
    move = moves.MOVES["leg-swings"]
    planted = {shown.joints[Joint.FAR_ANKLE] for _, _, shown in every_frame(move)}
    xs = {round(x, 6) for x, _ in planted}
    assert len(xs) == 1
    swinging = [shown.joints[Joint.ANKLE][0] for _, _, shown in every_frame(move)]
    assert max(swinging) - min(swinging) > 60  # the swing is seen


def test_every_colour_drawn_is_from_the_house_palette() -> None:
    for move in MOVES:
        for _, _, shown in every_frame(move):
            assert {stroke.colour for stroke in shown.strokes} <= set(figure.PALETTE)


def test_the_right_side_is_the_left_side_mirrored_with_the_working_leg_still_highlighted() -> None:
    move = moves.MOVES["leg-swings"]
    left = figure.frame(move)
    right = left.mirrored()
    working_left = [stroke for stroke in left.strokes if stroke.colour == figure.WORKING]
    working_right = [stroke for stroke in right.strokes if stroke.colour == figure.WORKING]
    assert len(working_right) == len(working_left) == 2  # the swinging thigh and shin
    knee = right.joints[Joint.KNEE]
    assert knee == (figure.SIZE - left.joints[Joint.KNEE][0], left.joints[Joint.KNEE][1])
    for stroke in working_right:
        assert knee in stroke.points  # the highlight is on the swinging (near) leg
    # Facing the other way: the swinging foot is now on the left of the standing one.
    assert left.joints[Joint.ANKLE][0] > left.joints[Joint.FAR_ANKLE][0]
    assert right.joints[Joint.ANKLE][0] < right.joints[Joint.FAR_ANKLE][0]


def session_of(*steps: Step) -> tuple[Session, ManualClock]:
    clock = ManualClock()
    routine = Routine(id="figure", title="Figure", steps=steps, lead_in=0, rest=0)
    session = Session(routine, clock.monotonic)
    session.start()
    return session, clock


def library_step(stretch_id: str, dose: Hold | Reps | None = None) -> Step:
    return step_from_stretch(LIBRARY[stretch_id], dose)


def test_at_each_rep_click_the_figure_is_at_the_turning_point_of_the_rep() -> None:
    step = library_step("leg-swings")
    assert isinstance(step.dose, Reps)
    assert step.sides is Sides.BOTH
    session, clock = session_of(step)
    move = moves.MOVES["leg-swings"]
    plan = plan_cues(
        session.routine.steps, session_timeline(session, clock.monotonic()), CueOptions()
    )
    clicks = [cue.at for cue in plan if cue.sound is Sound.REP]
    assert len(clicks) == 2 * (step.dose.count - 1)
    end, swung_back = figure.frame(move), figure.frame(move, move.keys[1])
    for at in clicks:
        snapshot = session.snapshot(at)
        assert snapshot.phase.kind is PhaseKind.REPS
        assert figure.loop_fraction(move, snapshot) == pytest.approx(0.0, abs=1e-6)
        expected = end.mirrored() if snapshot.mirrored else end
        assert figure.frame_at(move, snapshot) == expected
        # Halfway to the next click the leg is at the other end of its swing.
        halfway = session.snapshot(at + step.dose.tempo / 2)
        expected = swung_back.mirrored() if halfway.mirrored else swung_back
        assert figure.frame_at(move, halfway) == expected


REP_STRETCHES = sorted(stretch.id for stretch in LIBRARY.values() if isinstance(stretch.dose, Reps))


@pytest.mark.parametrize("stretch_id", REP_STRETCHES)
def test_every_rep_move_is_at_its_end_position_on_every_click(stretch_id: str) -> None:
    step = library_step(stretch_id)
    session, clock = session_of(step)
    move = moves.move_for(step.image, step.stretch_id)
    assert move is not None
    assert move.moving
    plan = plan_cues(
        session.routine.steps, session_timeline(session, clock.monotonic()), CueOptions()
    )
    clicks = [cue.at for cue in plan if cue.sound is Sound.REP]
    assert clicks
    end = figure.frame(move)
    for at in clicks:
        snapshot = session.snapshot(at)
        assert figure.frame_at(move, snapshot) == (end.mirrored() if snapshot.mirrored else end)
        assert figure.frame_at(move, session.snapshot(at + 0.3)) != figure.frame_at(move, snapshot)


def test_the_same_time_always_gives_the_same_frame_and_in_between_it_moves() -> None:
    session, _ = session_of(library_step("glute-bridge"))
    move = moves.MOVES["glute-bridge"]
    start = session.started_at
    assert start is not None
    frames = [figure.frame_at(move, session.snapshot(start + 0.25 * index)) for index in range(13)]
    again = [figure.frame_at(move, session.snapshot(start + 0.25 * index)) for index in range(13)]
    assert frames == again
    assert len(set(frames)) > 6  # a 3 s rep seen every quarter second: it moves
    assert frames[0] == frames[12] == figure.frame(move)  # back at the top on every rep


def test_paused_the_figure_freezes_and_it_follows_skip_back_and_adjust() -> None:
    session, clock = session_of(library_step("glute-bridge"), library_step("lunge-press"))
    move = moves.MOVES["glute-bridge"]
    clock.advance(1.2)
    moving = figure.frame_at(move, session.snapshot())
    assert moving != figure.frame(move)
    session.toggle()  # pause
    assert session.snapshot().state is State.PAUSED
    clock.advance(5.0)
    assert figure.frame_at(move, session.snapshot()) == moving
    session.toggle()
    session.adjust(10.0)  # more time in the phase: the rep under way carries on
    assert figure.frame_at(move, session.snapshot()) == moving
    session.skip()
    lunge = session.snapshot()
    assert lunge.step.stretch_id == "lunge-press"
    session.back()
    restarted = session.snapshot()
    assert restarted.step.stretch_id == "glute-bridge"
    assert figure.frame_at(move, restarted) == figure.frame(move)  # the step starts over


def test_a_timed_moving_stretch_loops_at_its_own_tempo() -> None:
    step = library_step("high-knees")
    assert isinstance(step.dose, Hold)
    session, _ = session_of(step)
    move = moves.MOVES["high-knees"]
    start = session.started_at
    assert start is not None
    other_knee = figure.frame(move, move.keys[1])
    for loop in range(3):
        at = start + loop * move.tempo
        assert figure.frame_at(move, session.snapshot(at)) == figure.frame(move)
        assert figure.frame_at(move, session.snapshot(at + move.tempo / 2)) == other_knee


@pytest.mark.parametrize(
    ("stretch_id", "dose"),
    [("kneeling-ankle-press", None), ("lunge-press", Hold(20)), ("forward-bend", Hold(30))],
)
def test_a_static_hold_shows_its_end_position_still(stretch_id: str, dose: Hold | None) -> None:
    """The held stretch, and a press or a bend that a routine gives a time: still."""
    step = library_step(stretch_id)
    if dose is not None:
        step = replace(step, dose=dose)
    assert isinstance(step.dose, Hold)
    session, _ = session_of(step)
    move = moves.MOVES[stretch_id]
    start = session.started_at
    assert start is not None
    for seconds in (0.0, 0.7, 3.3, 12.0):
        snapshot = session.snapshot(start + seconds)
        assert figure.loop_fraction(move, snapshot) is None
        assert figure.frame_at(move, snapshot) == figure.frame(move)


def test_before_the_start_and_between_steps_the_end_position_is_shown() -> None:
    clock = ManualClock()
    routine = Routine(
        id="figure", title="Figure", steps=(library_step("glute-bridge"),), lead_in=10, rest=0
    )
    session = Session(routine, clock.monotonic)
    move = moves.MOVES["glute-bridge"]
    assert figure.loop_fraction(move, session.snapshot()) is None  # ready
    session.start()
    clock.advance(4.3)
    snapshot = session.snapshot()
    assert snapshot.phase.kind is PhaseKind.GET_READY
    assert figure.frame_at(move, snapshot) == figure.frame(move)
