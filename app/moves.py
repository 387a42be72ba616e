"""The stretch library's moves: each stretch's key poses of the one figure (app/figure.py).

Data more than code: one entry per stretch in `_moves()`, under the stretch's
id, with the few helpers that pose the body the same way for several of them
(a lunge, a calf raise, a bridge). `move_for` finds the move a step shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from app.figure import (
    FAR_HIP_BEHIND,
    FOOT_WIDTH,
    FOREARM,
    SHIN,
    THIGH,
    TORSO,
    UPPER_ARM,
    WORKING,
    WORKING_FAR,
    Arm,
    Arrow,
    FrontHighlight,
    FrontPose,
    Joint,
    Leg,
    Move,
    Point,
    Pose,
    Prop,
    _along,
    direction,
    leg_joints,
)


def _lowest_foot(hip: Point, leg: Leg) -> float:
    _, _, foot = leg_joints(hip, leg)
    return max(y for _, y in foot) + FOOT_WIDTH / 2


def _landed(hip: Point, leg: Leg, target: float, angle: str) -> Leg:
    """`leg` with its "shin" or "foot" angle tuned so its foot rests at `target`.

    Used to pose a back leg so its toes are on the same floor as the front foot.
    """

    def tuned(step: float) -> Leg:
        if angle == "shin":
            return replace(leg, shin=leg.shin + step * 0.05)
        return replace(leg, foot=leg.foot_turn + step * 0.05)

    def error(step: float) -> float:
        return abs(_lowest_foot(hip, tuned(step)) - target)

    # Whole degrees over +/-30, then twentieths of a degree around the best.
    coarse = min(range(-600, 601, 20), key=error)
    return tuned(min(range(coarse - 20, coarse + 21), key=error))


def _on_ball(
    thigh: float, shin: float, thigh_colour: str | None = None, shin_colour: str | None = None
) -> Leg:
    """A leg up on the ball of its foot, toes flat on the floor."""
    return Leg(thigh, shin, foot=-50.0, toe=0.0, thigh_colour=thigh_colour, shin_colour=shin_colour)


def _lunge(thigh: float, back_thigh: float, near_arm: Arm, far_arm: Arm) -> Pose:
    front = Leg(thigh, 0.0, thigh_colour=WORKING)
    target = _lowest_foot((0.0, 0.0), front)
    back = _landed(
        (-FAR_HIP_BEHIND, 0.0),
        Leg(back_thigh, -94.0, foot=-50.0, toe=0.0, thigh_colour=WORKING_FAR),
        target,
        "shin",
    )
    return Pose(180.0, front, back, near_arm, far_arm)


def _swapped(pose: Pose) -> Pose:
    """The same pose on the other leg and arm: the far limbs do what the near ones did."""

    def recolour(leg: Leg, working: str) -> Leg:
        def swap(colour: str | None) -> str | None:
            return None if colour is None else working

        return replace(
            leg,
            thigh_colour=swap(leg.thigh_colour),
            shin_colour=swap(leg.shin_colour),
            foot_colour=swap(leg.foot_colour),
        )

    return replace(
        pose,
        near_leg=recolour(pose.far_leg, WORKING),
        far_leg=recolour(pose.near_leg, WORKING_FAR),
        near_arm=pose.far_arm,
        far_arm=pose.near_arm,
    )


STAND = Leg(0.0, 0.0)
HANDS_ON_HIPS = Arm(-35.0, 60.0)
FAR_HAND_ON_HIP = Arm(-33.0, 62.0)
RUN_ARM_FORWARD = Arm(35.0, 125.0)
RUN_ARM_BACK = Arm(-35.0, 35.0)


def _calf_raise(raised: Leg, near_arm: Arm, far_arm: Arm) -> tuple[Pose, Pose]:
    """Up on the toes against the wall (the calves working), and the heels down again."""
    up = Pose(
        168.0,
        replace(raised, shin_colour=WORKING),
        replace(raised, shin_colour=WORKING_FAR),
        near_arm,
        far_arm,
    )
    down = replace(
        up,
        near_leg=replace(up.near_leg, foot=0.0, toe=None),
        far_leg=replace(up.far_leg, foot=0.0, toe=None),
    )
    return up, down


def _bridge(torso: float, thigh: float, shin: float) -> Pose:
    return Pose(
        torso,
        Leg(thigh, shin, foot=0.0),
        Leg(thigh, shin, foot=0.0),
        Arm(80.4, 90.0),
        Arm(80.4, 90.0),
        neck=-95.0,
        torso_highlight=(0.0, 0.45),
    )


def _bridge_up() -> Pose:
    """Hips up: shoulders, knees and hips in line, shoulders and feet on the floor."""
    shin = -12.0
    reach = (SHIN * math.cos(math.radians(shin)) - 2) / (TORSO + THIGH)
    torso = -90.0 + math.degrees(math.asin(reach))
    return _bridge(torso, 180.0 + torso, shin)


def _front_bow_arm(torso: float, elbow_out: float, elbow_up: float) -> Arm:
    """An arm with the hand behind the head and the elbow out to the side (foreshortened)."""
    spine = direction(torso)
    back = (spine[1], -spine[0])
    elbow = _along(_along((0.0, 0.0), spine, elbow_up), back, elbow_out)
    hand = _along(_along((0.0, 0.0), spine, 23.0), back, 11.0)
    return _arm_towards(elbow, hand)


def _arm_towards(elbow: Point, hand: Point) -> Arm:
    """The arm whose elbow and hand are at these points from the shoulder."""
    fore = (hand[0] - elbow[0], hand[1] - elbow[1])
    return Arm(
        math.degrees(math.atan2(elbow[0], elbow[1])),
        math.degrees(math.atan2(fore[0], fore[1])),
        math.hypot(*elbow) / UPPER_ARM,
        math.hypot(*fore) / FOREARM,
    )


def _toe_walk_step() -> Pose:
    front = _on_ball(16.0, -4.0, shin_colour=WORKING)
    back = _landed(
        (-FAR_HIP_BEHIND, 0.0),
        _on_ball(-8.0, -16.0, shin_colour=WORKING_FAR),
        _lowest_foot((0.0, 0.0), front),
        "foot",
    )
    return Pose(180.0, front, back, Arm(-22.0, -8.0), Arm(22.0, 40.0))


def _moves() -> tuple[Move, ...]:
    lifted_foot = Leg(45.0, 12.0, foot=-8.0, shin_colour=WORKING, foot_colour=WORKING)
    ankle_circles = Move(
        "ankle-circles",
        "Ankle circles",
        tuple(
            Pose(180.0, replace(lifted_foot, foot=turn), STAND, HANDS_ON_HIPS, FAR_HAND_ON_HIP)
            for turn in (-8.0, 14.0, -8.0, -30.0)
        ),
        arrow=Arrow(Joint.BALL, 16.0, 120.0, 420.0, height=11.0, offset=(3.0, 0.0)),
        anchor=Joint.FAR_ANKLE,
    )
    swing = Leg(58.0, 50.0, foot=35.0, thigh_colour=WORKING, shin_colour=WORKING)
    post_arm = _arm_towards((12.0, 24.0), (28.0, 30.0))
    leg_swings = Move(
        "leg-swings",
        "Front-to-back leg swings",
        (
            Pose(180.0, swing, STAND, HANDS_ON_HIPS, post_arm),
            Pose(
                180.0,
                replace(swing, thigh=-34.0, shin=-40.0, foot=-40.0),
                STAND,
                HANDS_ON_HIPS,
                post_arm,
            ),
        ),
        tempo=1.5,
        prop=Prop.POST,
        arrow=Arrow(Joint.HIP, 100.0, -40.0, 56.0, heads=(True, True), in_front=False),
        anchor=Joint.FAR_ANKLE,
        nudge=-12.0,
    )
    hips = Pose(
        186.0,
        Leg(-5.0, -6.0),
        Leg(-5.0, -6.0),
        HANDS_ON_HIPS,
        FAR_HAND_ON_HIP,
        torso_highlight=(0.0, 0.42),
    )
    hips_middle = replace(hips, torso=180.0, near_leg=STAND, far_leg=STAND)
    hips_back = replace(hips, torso=174.0, near_leg=Leg(6.0, 5.0), far_leg=Leg(6.0, 5.0))
    hip_circles = Move(
        "hip-circles",
        "Hip circles",
        (hips, hips_middle, hips_back, hips_middle),
        arrow=Arrow(Joint.HIP, 30.0, 110.0, 410.0, height=8.0, offset=(0.0, -6.0)),
        anchor=Joint.ANKLE,
    )
    # Press down into the lunge, then rise a little and let go: the source's
    # "press down ... then relax and recover".
    press_arms = Arm(26.0, 70.0), Arm(30.0, 74.0)
    lunge_press = Move(
        "lunge-press",
        "Lunge press",
        (_lunge(88.0, -21.0, *press_arms), _lunge(60.0, -12.0, *press_arms)),
        tempo=3.0,
        anchor=Joint.ANKLE,
    )
    heel_raise, heels_down = _calf_raise(
        Leg(-12.0, -12.0, foot=-62.0, toe=0.0), Arm(84.0, 90.0), Arm(88.0, 94.0)
    )
    supported_heel_raise = Move(
        "supported-heel-raise",
        "Supported heel raise",
        (heel_raise, heels_down),
        prop=Prop.WALL,
        anchor=Joint.BALL,
    )
    bent_raise, bent_down = _calf_raise(
        Leg(20.0, -14.0, foot=-52.0, toe=0.0), Arm(82.0, 92.0), Arm(86.0, 96.0)
    )
    bent_knee_calf_raise = Move(
        "bent-knee-calf-raise",
        "Bent-knee calf raise",
        (bent_raise, bent_down),
        prop=Prop.WALL,
        anchor=Joint.BALL,
        nudge=-6.0,
    )
    # Both bends are slow reps: down to the end position, a pause, back up tall.
    bow = 128.0
    bowed = Pose(
        bow,
        Leg(14.0, -6.0, thigh_colour=WORKING),
        Leg(14.0, -6.0, thigh_colour=WORKING_FAR),
        _front_bow_arm(bow, 22.0, 20.0),
        _front_bow_arm(bow, 22.0, 10.0),
    )
    bow_upright = replace(
        bowed,
        torso=180.0,
        near_leg=Leg(4.0, -2.0, thigh_colour=WORKING),
        far_leg=Leg(4.0, -2.0, thigh_colour=WORKING_FAR),
        near_arm=_front_bow_arm(180.0, 22.0, 20.0),
        far_arm=_front_bow_arm(180.0, 22.0, 10.0),
    )
    front_bow = Move("front-bow", "Front bow", (bowed, bow_upright), tempo=4.0)
    folded = Pose(
        54.0,
        Leg(11.0, -3.0),
        Leg(11.0, -3.0),
        Arm(8.0, -24.0),
        Arm(4.0, -28.0),
        neck=30.0,
        torso_highlight=(0.0, 0.5),
        back_round=9.0,
    )
    tall = replace(
        folded,
        torso=180.0,
        near_leg=Leg(4.0, -2.0),
        far_leg=Leg(4.0, -2.0),
        near_arm=Arm(4.0, 0.0),
        far_arm=Arm(0.0, -4.0),
        neck=None,
        back_round=0.0,
    )
    forward_bend = Move("forward-bend", "Forward bend", (folded, tall), tempo=4.0)
    kneel = Leg(61.6, -90.0, foot=-180.0)
    kneeling_ankle_press = Move(
        "kneeling-ankle-press",
        "Kneeling ankle press",
        (
            Pose(
                180.0,
                replace(kneel, shin_colour=WORKING, foot_colour=WORKING),
                replace(kneel, shin_colour=WORKING_FAR, foot_colour=WORKING_FAR),
                Arm(14.0, 40.0),
                Arm(16.0, 44.0),
            ),
        ),
        prop=Prop.MAT,
        anchor=Joint.KNEE,
    )
    glute_bridge = Move(
        "glute-bridge",
        "Glute bridge",
        # Hips down: the shoulders and feet stay where they were (knee angles
        # solved for the same shoulder-to-ankle span).
        (_bridge_up(), _bridge(-82.0, 139.8, -2.1)),
        tempo=3.0,
        anchor=Joint.SHOULDER,
    )
    walking_lunge = _lunge(90.0, -25.0, Arm(-38.0, -16.0), Arm(30.0, 100.0))
    walking_lunges = Move(
        "walking-lunges",
        "Walking lunges",
        (
            walking_lunge,
            replace(
                walking_lunge,
                near_leg=replace(walking_lunge.near_leg, thigh=24.0, shin=2.0),
                far_leg=_on_ball(-22.0, -30.0, thigh_colour=WORKING_FAR),
                near_arm=Arm(-20.0, -6.0),
                far_arm=Arm(18.0, 60.0),
            ),
        ),
        tempo=3.0,
        anchor=Joint.ANKLE,
    )
    # Lunges on the spot: the walking lunge's poses, stepping back to the start.
    forward_lunges = replace(walking_lunges, id="forward-lunges", name="Forward lunges")
    toe_step = _toe_walk_step()
    toe_walks = Move("toe-walks", "Walking on your toes", (toe_step, _swapped(toe_step)), tempo=1.2)
    skip = Pose(
        180.0,
        Leg(82.0, -6.0, foot=8.0, thigh_colour=WORKING),
        _on_ball(-3.0, -5.0, shin_colour=WORKING_FAR),
        RUN_ARM_BACK,
        RUN_ARM_FORWARD,
    )
    a_skips = Move("a-skips", "A-skips", (skip, _swapped(skip)), tempo=1.0)
    knee_up = Pose(
        180.0,
        Leg(90.0, 0.0, foot=-20.0, thigh_colour=WORKING),
        _on_ball(-3.0, -4.0, shin_colour=WORKING_FAR),
        RUN_ARM_BACK,
        RUN_ARM_FORWARD,
    )
    high_knees = Move("high-knees", "High knees", (knee_up, _swapped(knee_up)), tempo=0.8)
    kick = Pose(
        180.0,
        Leg(14.0, -156.0, foot=-190.0, thigh_colour=WORKING, thigh_over_shin=True),
        _on_ball(-3.0, -4.0, shin_colour=WORKING_FAR),
        RUN_ARM_FORWARD,
        RUN_ARM_BACK,
    )
    butt_kicks = Move("butt-kicks", "Butt kicks", (kick, _swapped(kick)), tempo=0.8)
    march = Pose(
        180.0,
        Leg(62.0, 0.0, foot=-6.0, thigh_colour=WORKING),
        STAND,
        Arm(-30.0, 10.0),
        Arm(30.0, 70.0),
    )
    marching = Move(
        "march-on-the-spot", "Marching on the spot", (march, _swapped(march)), tempo=1.2
    )
    # The A-march: the same march, slower and taller, the toes pulled up.
    a_march_step = replace(march, near_leg=replace(march.near_leg, thigh=80.0, foot=12.0))
    a_march = Move("a-march", "A-march", (a_march_step, _swapped(a_march_step)), tempo=2.0)
    jog = Pose(
        180.0,
        Leg(40.0, -50.0, foot=-60.0, thigh_colour=WORKING),
        _on_ball(-3.0, -4.0, shin_colour=WORKING_FAR),
        RUN_ARM_BACK,
        RUN_ARM_FORWARD,
    )
    jogging = Move("jog-on-the-spot", "Easy jog on the spot", (jog, _swapped(jog)), tempo=0.7)
    # Seen from the front. Twists: the shoulders turn one way, the arms swing
    # around the body, then the other way; side bends: up and over, and back.
    twist = FrontPose(
        0.0,
        left_arm=_arm_towards((21.0, 26.0), (-1.0, 30.0)),
        right_arm=_arm_towards((-19.0, 27.0), (35.0, 28.0)),
        highlight=FrontHighlight.WAIST,
        left_arm_behind=True,
    )
    twist_back = replace(
        twist,
        left_arm=_arm_towards((19.0, 27.0), (-35.0, 28.0)),
        right_arm=_arm_towards((-21.0, 26.0), (1.0, 30.0)),
        left_arm_behind=False,
        right_arm_behind=True,
    )
    torso_twists = Move(
        "torso-twists",
        "Standing torso twists",
        (twist, twist_back),
        arrow=Arrow(
            Joint.HIP, 46.0, 72.0, -72.0, height=9.0, offset=(-7.0, -44.0), heads=(True, True)
        ),
    )
    bend = FrontPose(
        -20.0,
        left_arm=Arm(150.0, 275.0),
        right_arm=Arm(-20.0, 3.0),
        highlight=FrontHighlight.LEFT_SIDE,
    )
    upright = replace(bend, bend=0.0, left_arm=Arm(12.0, 4.0), right_arm=Arm(-12.0, -4.0))
    side_bends = Move("side-bends", "Side bends", (bend, upright), tempo=3.0)
    return (
        ankle_circles,
        hip_circles,
        torso_twists,
        side_bends,
        leg_swings,
        lunge_press,
        forward_bend,
        front_bow,
        supported_heel_raise,
        kneeling_ankle_press,
        glute_bridge,
        bent_knee_calf_raise,
        walking_lunges,
        forward_lunges,
        toe_walks,
        butt_kicks,
        high_knees,
        a_skips,
        marching,
        a_march,
        jogging,
    )


# Every stretch drawn from poses, by stretch id.
MOVES: Mapping[str, Move] = {move.id: move for move in _moves()}

_LIBRARY_PICTURE = "stretches/{}.svg"


def move_for(image: str | None, stretch_id: str | None = None) -> Move | None:
    """The move to draw for a step showing `image`, or None to show the image itself.

    A library picture (stretches/ID.svg) with a move of the same id is drawn
    from poses, wherever a routine names it; a step with no picture at all
    falls back to the move of its stretch id. Any other picture (a user's
    own) is shown as it is.
    """
    if image:
        for move in MOVES.values():
            if image == _LIBRARY_PICTURE.format(move.id):
                return move
        return None
    return MOVES.get(stretch_id) if stretch_id else None
