"""The stretch figure: one body with fixed proportions, each stretch as poses of it.

A pose is a set of joint angles; a move is its key poses, the first being the
end position (what a still picture, a thumbnail or a hold shows). Laying a
pose out gives a `Frame`: the strokes to draw in a 240 x 240 square, in the
house style of assets/stretches/README.md, with the body resting on the floor.
A moving figure is a pose between two key poses, chosen from the session's
time, so what is drawn at any instant is a pure function of the clock.

No Qt here: the renderer in app/ui/figure_view.py only paints the strokes.
Two moves only read from the front (side bends, torso twists): they are posed
as `FrontPose`s of the same body, the others as side-view `Pose`s.

Angles are degrees from straight down, positive towards the way the figure
faces (to the right), so a standing leg is 0, a thigh raised level in front is
90 and a torso upright is 180. A two-sided move is posed for the left side,
whose limbs are the near ones; the right side is the same frame mirrored.

The library's stretches are posed in app/moves.py: adding a picture for a new
stretch is one entry in its `MOVES`, under the stretch's id: its key poses (end
position first), how long one loop takes when the step is timed, and any prop.

About 780 lines: the body's model, laying a pose out on the floor, and blending
poses in time are one geometry (each uses the others' measures and joints).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from app.routine import Kind, Reps
from app.session import PhaseKind, Snapshot, State

Point = tuple[float, float]

# The house palette (assets/stretches/README.md): each colour stands out at
# least 3:1 on the window and list backgrounds of both colour schemes.
BODY = "#5f7390"  # the body and the near limbs
FAR = "#7d8ba0"  # the far limbs
WORKING = "#cc600c"  # the working side and muscles under tension, near limbs
WORKING_FAR = "#b27e2c"  # muscles under tension on the far limbs
PROP = "#7f8690"  # the floor, walls, posts, mats and motion arrows
PALETTE = (BODY, FAR, WORKING, WORKING_FAR, PROP)

# The square every frame is laid out in, and the floor in it.
SIZE = 240.0
FLOOR = 223.0
FLOOR_LEFT, FLOOR_RIGHT = 24.0, 216.0
FLOOR_EDGE = FLOOR - 1  # where the lowest edge of a body part on the floor lies
MAT_EDGE = FLOOR - 6  # the same on a mat

# The body, in the units of the square.
TORSO = 56.0  # hip to shoulder
NECK = 12.0
HEAD_RADIUS = 14.0
HEAD_FROM_SHOULDER = 24.0
UPPER_ARM = 36.0
FOREARM = 36.0
THIGH = 50.0
SHIN = 48.0
FAR_HIP_BEHIND = 4.0  # the far hip sits this far behind the near one
# A flat foot, from the ankle: heel, ball and toe tip; the toes bend from the ball.
HEEL: Point = (-5.0, 4.0)
BALL: Point = (10.0, 4.0)
TOE_TIP: Point = (17.0, 4.0)
TOES = 7.0
# Stroke widths.
TORSO_WIDTH = 24.0
NECK_WIDTH = 10.0
LEG_WIDTH = 14.0
ARM_WIDTH = 12.0
FOOT_WIDTH = 12.0
FLOOR_WIDTH = 2.0
ARROW_WIDTH = 3.0
ARROW_HEAD = 8.0
MAX_KNEE_BEND = 172.0  # a knee folds at most this far, and never backwards


class Shape(enum.Enum):
    LINE = "line"  # two points
    POLYLINE = "polyline"
    DISC = "disc"  # one point, filled; `width` is the radius
    CURVE = "curve"  # quadratic: start, control, end


@dataclass(frozen=True)
class Stroke:
    """One round-capped stroke of the picture (or a filled disc, the head)."""

    shape: Shape
    points: tuple[Point, ...]
    colour: str
    width: float
    flat_ends: bool = False  # walls and posts end square at the floor and the top


class Joint(enum.Enum):
    """The named points of a laid-out body; FAR_ ones belong to the far limbs."""

    HIP = "hip"
    SHOULDER = "shoulder"
    HEAD = "head"
    ELBOW = "elbow"
    HAND = "hand"
    KNEE = "knee"
    ANKLE = "ankle"
    HEEL = "heel"
    BALL = "ball"
    TOE = "toe"
    FAR_HIP = "far-hip"
    FAR_ELBOW = "far-elbow"
    FAR_HAND = "far-hand"
    FAR_KNEE = "far-knee"
    FAR_ANKLE = "far-ankle"
    FAR_HEEL = "far-heel"
    FAR_BALL = "far-ball"
    FAR_TOE = "far-toe"


@dataclass(frozen=True)
class Leg:
    """A leg's joint angles and which of its parts are highlighted.

    `foot` turns the foot toe-up (None: at right angles to the shin, as when
    standing); `toe` bends the toes to this angle from the ball (0: flat on
    the floor, as when up on the toes).
    """

    thigh: float
    shin: float
    foot: float | None = None
    toe: float | None = None
    thigh_colour: str | None = None
    shin_colour: str | None = None
    foot_colour: str | None = None
    thigh_over_shin: bool = False  # a folded leg: the thigh drawn over the shin

    @property
    def foot_turn(self) -> float:
        return self.shin if self.foot is None else self.foot


@dataclass(frozen=True)
class Arm:
    """An arm's joint angles; `reach` shortens a part pointing towards or away from the viewer."""

    upper: float
    fore: float
    upper_reach: float = 1.0
    fore_reach: float = 1.0


@dataclass(frozen=True)
class Pose:
    """The whole body's joint angles at one moment, and what it highlights."""

    torso: float
    near_leg: Leg
    far_leg: Leg
    near_arm: Arm
    far_arm: Arm
    neck: float | None = None  # None: in line with the torso
    torso_highlight: tuple[float, float] | None = None  # a part of the torso, hip = 0
    torso_colour: str = WORKING
    back_round: float = 0.0  # how far a rounded back bulges out, at its middle


class FrontHighlight(enum.Enum):
    WAIST = "waist"  # both sides of the waist: a twist
    LEFT_SIDE = "left-side"  # the left side of the trunk, stretched: a side bend


@dataclass(frozen=True)
class FrontPose:
    """The body seen from the front, for moves that only read that way (side bends, twists).

    The legs stand hip-width apart; `bend` leans the upper body sideways
    (degrees, positive towards the figure's left, on the viewer's right);
    the arms' angles are in the picture plane, like the limbs of a side view.
    The figure's left limbs are on the viewer's right.
    """

    bend: float
    left_arm: Arm
    right_arm: Arm
    highlight: FrontHighlight
    # An arm swung behind the back is drawn first, in the far colour.
    left_arm_behind: bool = False
    right_arm_behind: bool = False


AnyPose = Pose | FrontPose


class Prop(enum.Enum):
    NONE = "none"
    WALL = "wall"  # faced, the hands resting on it
    POST = "post"  # held by the far hand
    MAT = "mat"  # under the knees and feet


@dataclass(frozen=True)
class Arrow:
    """A motion arrow: part of an ellipse around a joint of the end position."""

    around: Joint
    radius: float
    start: float  # angles as for limbs, from straight down
    end: float
    height: float | None = None  # the vertical radius; None: a circle
    offset: Point = (0.0, 0.0)
    heads: tuple[bool, bool] = (False, True)
    in_front: bool = True  # drawn over the body, else behind it


@dataclass(frozen=True)
class Move:
    """A stretch drawn from poses: `keys[0]` is the end position.

    A move with more than one key pose loops through them: once per rep on a
    rep-counted step, once every `tempo` seconds on a timed one. `anchor` is
    the joint that stays put while the figure moves (the standing foot).
    """

    id: str
    name: str
    keys: tuple[AnyPose, ...]
    tempo: float = 2.0
    prop: Prop = Prop.NONE
    arrow: Arrow | None = None
    anchor: Joint = Joint.HIP
    nudge: float = 0.0  # sideways from the centre, to balance a lopsided picture

    @property
    def moving(self) -> bool:
        return len(self.keys) > 1


@dataclass(frozen=True)
class Frame:
    """A laid-out pose: strokes in drawing order, in the 240 x 240 square."""

    strokes: tuple[Stroke, ...]
    joints: Mapping[Joint, Point] = field(compare=False)
    body: tuple[Stroke, ...] = field(compare=False)  # the figure's own strokes, for checks

    def mirrored(self) -> Frame:
        """The same frame facing the other way: the right side of a two-sided move."""
        return Frame(
            tuple(_mirror_stroke(stroke) for stroke in self.strokes),
            {joint: (SIZE - x, y) for joint, (x, y) in self.joints.items()},
            tuple(_mirror_stroke(stroke) for stroke in self.body),
        )


def _mirror_stroke(stroke: Stroke) -> Stroke:
    return replace(stroke, points=tuple((SIZE - x, y) for x, y in stroke.points))


# -- geometry -------------------------------------------------------------


def direction(angle: float) -> Point:
    """The unit vector `angle` degrees from straight down, positive to the right."""
    radians = math.radians(angle)
    return math.sin(radians), math.cos(radians)


def _along(point: Point, vector: Point, length: float = 1.0) -> Point:
    return point[0] + vector[0] * length, point[1] + vector[1] * length


def _turned(vector: Point, degrees: float) -> Point:
    """`vector` turned anticlockwise on screen (a foot toe-up) by `degrees`."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    return vector[0] * cos + vector[1] * sin, -vector[0] * sin + vector[1] * cos


def distance(one: Point, other: Point) -> float:
    return math.hypot(one[0] - other[0], one[1] - other[1])


def _curve_point(start: Point, control: Point, end: Point, t: float) -> Point:
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
    return (
        a * start[0] + b * control[0] + c * end[0],
        a * start[1] + b * control[1] + c * end[1],
    )


def _part_of_curve(start: Point, control: Point, end: Point, t0: float, t1: float) -> Stroke:
    """The piece of a quadratic curve between t0 and t1, as a curve of its own."""
    first = _curve_point(start, control, end, t0)
    last = _curve_point(start, control, end, t1)
    # The control point of the piece: where the tangents at its ends meet.
    tangent_start = (
        (1 - t0) * control[0] + t0 * end[0] - ((1 - t0) * start[0] + t0 * control[0]),
        (1 - t0) * control[1] + t0 * end[1] - ((1 - t0) * start[1] + t0 * control[1]),
    )
    middle = _along(first, tangent_start, t1 - t0)
    return Stroke(Shape.CURVE, (first, middle, last), WORKING, TORSO_WIDTH)


# -- laying out a pose ----------------------------------------------------


def leg_joints(hip: Point, leg: Leg) -> tuple[Point, Point, tuple[Point, Point, Point, Point]]:
    """Knee, ankle and the foot (heel, ankle, ball, toe tip) of `leg` hanging from `hip`."""
    knee = _along(hip, direction(leg.thigh), THIGH)
    ankle = _along(knee, direction(leg.shin), SHIN)
    turn = leg.foot_turn
    heel = _along(ankle, _turned(HEEL, turn))
    ball = _along(ankle, _turned(BALL, turn))
    if leg.toe is None:
        tip = _along(ankle, _turned(TOE_TIP, turn))
    else:
        tip = _along(ball, _turned((TOES, 0.0), leg.toe))
    return knee, ankle, (heel, ankle, ball, tip)


def arm_joints(shoulder: Point, arm: Arm) -> tuple[Point, Point]:
    """Elbow and hand of `arm` hanging from `shoulder`."""
    elbow = _along(shoulder, direction(arm.upper), UPPER_ARM * arm.upper_reach)
    hand = _along(elbow, direction(arm.fore), FOREARM * arm.fore_reach)
    return elbow, hand


def knee_bend(leg: Leg) -> float:
    """How far the knee is bent forward of straight, in degrees (negative: backwards)."""
    return leg.thigh - leg.shin


def _leg_strokes(hip: Point, leg: Leg, colour: str) -> tuple[list[Stroke], dict[str, Point]]:
    knee, ankle, foot = leg_joints(hip, leg)
    thigh = Stroke(Shape.LINE, (hip, knee), leg.thigh_colour or colour, LEG_WIDTH)
    shin = Stroke(Shape.LINE, (knee, ankle), leg.shin_colour or colour, LEG_WIDTH)
    sole = Stroke(Shape.POLYLINE, foot, leg.foot_colour or colour, FOOT_WIDTH)
    strokes = [shin, sole, thigh] if leg.thigh_over_shin else [thigh, shin, sole]
    points = {"knee": knee, "ankle": ankle, "heel": foot[0], "ball": foot[2], "toe": foot[3]}
    return strokes, points


def _arm_stroke(shoulder: Point, arm: Arm, colour: str) -> tuple[Stroke, Point, Point]:
    elbow, hand = arm_joints(shoulder, arm)
    return Stroke(Shape.POLYLINE, (shoulder, elbow, hand), colour, ARM_WIDTH), elbow, hand


def _body(pose: Pose) -> tuple[list[Stroke], dict[Joint, Point]]:
    """The figure's strokes in drawing order, its hip at the origin."""
    hip: Point = (0.0, 0.0)
    spine = direction(pose.torso)
    shoulder = _along(hip, spine, TORSO)
    neck = direction(pose.torso if pose.neck is None else pose.neck)
    head = _along(shoulder, neck, HEAD_FROM_SHOULDER)
    far_hip = (hip[0] - FAR_HIP_BEHIND, hip[1])
    joints: dict[Joint, Point] = {
        Joint.HIP: hip,
        Joint.SHOULDER: shoulder,
        Joint.HEAD: head,
        Joint.FAR_HIP: far_hip,
    }
    far_arm, joints[Joint.FAR_ELBOW], joints[Joint.FAR_HAND] = _arm_stroke(
        shoulder, pose.far_arm, FAR
    )
    far_leg, far_points = _leg_strokes(far_hip, pose.far_leg, FAR)
    near_leg, near_points = _leg_strokes(hip, pose.near_leg, BODY)
    for name, point in far_points.items():
        joints[Joint("far-" + name)] = point
    for name, point in near_points.items():
        joints[Joint(name)] = point
    strokes = [far_arm, *far_leg, *near_leg]
    if pose.back_round:
        # The bulge is on the back: to the left of the spine, going up it.
        back = (spine[1], -spine[0])
        middle = _along(hip, spine, TORSO / 2)
        control = _along(middle, back, pose.back_round * 2)
        strokes.append(Stroke(Shape.CURVE, (hip, control, shoulder), BODY, TORSO_WIDTH))
        if pose.torso_highlight:
            low, high = pose.torso_highlight
            part = _part_of_curve(hip, control, shoulder, low, high)
            strokes.append(replace(part, colour=pose.torso_colour))
    else:
        strokes.append(Stroke(Shape.LINE, (hip, shoulder), BODY, TORSO_WIDTH))
        if pose.torso_highlight:
            low, high = pose.torso_highlight
            strokes.append(
                Stroke(
                    Shape.LINE,
                    (_along(hip, spine, TORSO * low), _along(hip, spine, TORSO * high)),
                    pose.torso_colour,
                    TORSO_WIDTH,
                )
            )
    strokes.append(Stroke(Shape.LINE, (shoulder, _along(shoulder, neck, NECK)), BODY, NECK_WIDTH))
    strokes.append(Stroke(Shape.DISC, (head,), BODY, HEAD_RADIUS))
    near_arm, joints[Joint.ELBOW], joints[Joint.HAND] = _arm_stroke(shoulder, pose.near_arm, BODY)
    strokes.append(near_arm)
    return strokes, joints


FRONT_HIP = 8.0  # seen from the front, each hip joint this far from the middle
FRONT_SHOULDER = 10.0  # and each shoulder
FRONT_STANCE = 6.0  # the legs' outward lean, degrees
FOOT_TURN_OUT = 12.0


def _front_body(pose: FrontPose) -> tuple[list[Stroke], dict[Joint, Point]]:
    """The figure seen from the front, its hips' middle at the origin.

    In the joints, the left limbs take the plain names and the right ones the
    FAR_ names; HIP and FAR_HIP are the two hip joints.
    """
    strokes: list[Stroke] = []
    joints: dict[Joint, Point] = {}
    base: Point = (0.0, 0.0)
    spine_top = _along(base, direction(180.0 - pose.bend), TORSO)
    # The lower back stays upright and the bend is in the upper back: a curve.
    control = _along(base, (0.0, -1.0), TORSO * 0.6)
    across = direction(90.0 - pose.bend)  # from the right shoulder to the left one
    left_shoulder = _along(spine_top, across, FRONT_SHOULDER)
    right_shoulder = _along(spine_top, across, -FRONT_SHOULDER)
    joints[Joint.SHOULDER] = spine_top
    left_elbow, left_hand = arm_joints(left_shoulder, pose.left_arm)
    right_elbow, right_hand = arm_joints(right_shoulder, pose.right_arm)
    joints.update(
        {
            Joint.ELBOW: left_elbow,
            Joint.HAND: left_hand,
            Joint.FAR_ELBOW: right_elbow,
            Joint.FAR_HAND: right_hand,
        }
    )
    left_arm = Stroke(Shape.POLYLINE, (left_shoulder, left_elbow, left_hand), BODY, ARM_WIDTH)
    right_arm = Stroke(Shape.POLYLINE, (right_shoulder, right_elbow, right_hand), BODY, ARM_WIDTH)
    for arm, behind in ((left_arm, pose.left_arm_behind), (right_arm, pose.right_arm_behind)):
        if behind:
            strokes.append(replace(arm, colour=FAR))
    for side in (1.0, -1.0):
        hip = (side * FRONT_HIP, 0.0)
        knee = _along(hip, direction(side * FRONT_STANCE), THIGH)
        ankle = _along(knee, direction(side * FRONT_STANCE * 0.4), SHIN)
        heel = (ankle[0] + side, ankle[1] + 4.0)
        toe = (ankle[0] + side * FOOT_TURN_OUT, ankle[1] + 4.0)
        strokes.append(Stroke(Shape.POLYLINE, (hip, knee, ankle), BODY, LEG_WIDTH))
        strokes.append(Stroke(Shape.POLYLINE, (ankle, heel, toe), BODY, FOOT_WIDTH))
        prefix = "" if side > 0 else "far-"
        joints[Joint(prefix + "knee")] = knee
        joints[Joint(prefix + "ankle")] = ankle
        joints[Joint(prefix + "heel")] = heel
        joints[Joint(prefix + "toe")] = toe
        joints[Joint(prefix + "ball")] = toe
        joints[Joint(prefix + "hip")] = hip
    strokes.append(
        Stroke(Shape.LINE, ((-FRONT_HIP + 1, -2.0), (FRONT_HIP - 1, -2.0)), BODY, TORSO_WIDTH)
    )
    strokes.append(Stroke(Shape.CURVE, (base, control, spine_top), BODY, TORSO_WIDTH))
    if pose.highlight is FrontHighlight.WAIST:
        strokes.append(_part_of_curve(base, control, spine_top, 0.18, 0.62))
    else:
        # The stretched side: the outside of the curve, on the figure's left.
        outside = direction(90.0)
        strokes.append(
            replace(
                _part_of_curve(
                    _along(base, outside, 6.0),
                    _along(control, outside, 8.0),
                    _along(spine_top, across, 8.0),
                    0.22,
                    0.98,
                ),
                width=12.0,
            )
        )
    up = direction(180.0 - pose.bend * 1.3)
    head = _along(spine_top, up, HEAD_FROM_SHOULDER)
    joints[Joint.HEAD] = head
    strokes.append(Stroke(Shape.LINE, (spine_top, _along(spine_top, up, NECK)), BODY, NECK_WIDTH))
    strokes.append(Stroke(Shape.DISC, (head,), BODY, HEAD_RADIUS))
    for arm, behind in ((right_arm, pose.right_arm_behind), (left_arm, pose.left_arm_behind)):
        if not behind:
            strokes.append(arm)
    return strokes, joints


def stroke_edges(stroke: Stroke) -> list[tuple[Point, float]]:
    """Points along a stroke with how far its edge reaches beyond them."""
    reach = stroke.width if stroke.shape is Shape.DISC else stroke.width / 2
    if stroke.shape is Shape.CURVE:
        start, control, end = stroke.points
        points = [_curve_point(start, control, end, step / 8) for step in range(9)]
    else:
        points = list(stroke.points)
    return [(point, reach) for point in points]


def lowest_edge(strokes: list[Stroke] | tuple[Stroke, ...]) -> float:
    """The y of the lowest edge of any of `strokes` (y grows downwards)."""
    return max(y + reach for stroke in strokes for (_, y), reach in stroke_edges(stroke))


def _shifted(stroke: Stroke, dx: float, dy: float) -> Stroke:
    return replace(stroke, points=tuple((x + dx, y + dy) for x, y in stroke.points))


def _floor_edge(move: Move) -> float:
    return MAT_EDGE if move.prop is Prop.MAT else FLOOR_EDGE


def _grounded(move: Move, pose: AnyPose) -> tuple[list[Stroke], dict[Joint, Point]]:
    """The body with its lowest edge on the floor (or the mat), hip at x 0."""
    strokes, joints = _body(pose) if isinstance(pose, Pose) else _front_body(pose)
    dy = _floor_edge(move) - lowest_edge(strokes)
    return (
        [_shifted(stroke, 0.0, dy) for stroke in strokes],
        {joint: (x, y + dy) for joint, (x, y) in joints.items()},
    )


def _arc(arrow: Arrow, centre: Point) -> list[Stroke]:
    """The arrow as a polyline along its ellipse, with its heads."""
    height = arrow.radius if arrow.height is None else arrow.height

    def at(angle: float) -> Point:
        x, y = direction(angle)
        return centre[0] + x * arrow.radius, centre[1] + y * height

    steps = max(8, int(abs(arrow.end - arrow.start) / 6))
    path = tuple(
        at(arrow.start + (arrow.end - arrow.start) * index / steps) for index in range(steps + 1)
    )
    strokes = [Stroke(Shape.POLYLINE, path, PROP, ARROW_WIDTH)]
    step = 3.0 if arrow.end > arrow.start else -3.0
    for wanted, angle, back in (
        (arrow.heads[0], arrow.start, step),
        (arrow.heads[1], arrow.end, -step),
    ):
        if not wanted:
            continue
        tip, before = at(angle), at(angle + back)
        length = distance(tip, before)
        pointing = ((tip[0] - before[0]) / length, (tip[1] - before[1]) / length)
        for side in (30.0, -30.0):
            wing = _turned(pointing, side)
            end = (tip[0] - wing[0] * ARROW_HEAD, tip[1] - wing[1] * ARROW_HEAD)
            strokes.append(Stroke(Shape.LINE, (tip, end), PROP, ARROW_WIDTH))
    return strokes


def _props(move: Move, joints: Mapping[Joint, Point]) -> list[Stroke]:
    """The prop, placed by the end position's joints."""
    if move.prop is Prop.WALL:
        # The wall's face is 6 past the furthest hand, its 8 px stroke behind the face.
        middle = max(joints[Joint.HAND][0], joints[Joint.FAR_HAND][0]) + 6 + 4
        return [Stroke(Shape.LINE, ((middle, 14.0), (middle, FLOOR)), PROP, 8.0, flat_ends=True)]
    if move.prop is Prop.POST:
        hand = joints[Joint.FAR_HAND]
        return [
            Stroke(
                Shape.LINE,
                ((hand[0] + 2, FLOOR - 1), (hand[0] + 2, hand[1] - 16)),
                PROP,
                10.0,
                True,
            )
        ]
    if move.prop is Prop.MAT:
        back = min(joints[Joint.FAR_TOE][0], joints[Joint.FAR_HEEL][0]) - 14
        front = joints[Joint.KNEE][0] + 18
        return [Stroke(Shape.POLYLINE, ((back, FLOOR - 3), (front, FLOOR - 3)), PROP, 6.0)]
    return []


@dataclass(frozen=True)
class _Scene:
    """What stays put while a move's figure moves: placement, floor, props, arrows."""

    dx: float
    anchor_x: float
    behind: tuple[Stroke, ...]
    in_front: tuple[Stroke, ...]


@cache
def _scene(move: Move) -> _Scene:
    strokes, joints = _grounded(move, move.keys[0])
    behind = _props(move, joints)
    in_front: list[Stroke] = []
    if move.arrow is not None:
        centre = _along(joints[move.arrow.around], move.arrow.offset)
        (in_front if move.arrow.in_front else behind).extend(_arc(move.arrow, centre))
    everything = strokes + behind + in_front
    xs = [
        x + side * reach
        for s in everything
        for (x, _), reach in stroke_edges(s)
        for side in (-1, 1)
    ]
    dx = (FLOOR_LEFT + FLOOR_RIGHT) / 2 - (min(xs) + max(xs)) / 2 + move.nudge
    floor = Stroke(Shape.LINE, ((FLOOR_LEFT, FLOOR), (FLOOR_RIGHT, FLOOR)), PROP, FLOOR_WIDTH)
    return _Scene(
        dx=dx,
        anchor_x=joints[move.anchor][0] + dx,
        behind=(floor, *(_shifted(stroke, dx, 0.0) for stroke in behind)),
        in_front=tuple(_shifted(stroke, dx, 0.0) for stroke in in_front),
    )


def frame(move: Move, pose: AnyPose | None = None) -> Frame:
    """`pose` (the end position by default) laid out in the square, on the floor.

    The anchor joint keeps its place from the end position, so a moving
    figure's standing foot stays planted while the rest of it moves.
    """
    scene = _scene(move)
    body, joints = _grounded(move, move.keys[0] if pose is None else pose)
    dx = scene.anchor_x - joints[move.anchor][0]
    placed = tuple(_shifted(stroke, dx, 0.0) for stroke in body)
    return Frame(
        strokes=(*scene.behind, *placed, *scene.in_front),
        joints={joint: (x + dx, y) for joint, (x, y) in joints.items()},
        body=placed,
    )


# -- motion ---------------------------------------------------------------


def _mix(one: float, other: float, t: float) -> float:
    return one + (other - one) * t


def _mix_optional(
    one: float | None, other: float | None, t: float, fallback: Point
) -> float | None:
    if one is None and other is None:
        return None
    return _mix(fallback[0] if one is None else one, fallback[1] if other is None else other, t)


def _mix_leg(one: Leg, other: Leg, t: float) -> Leg:
    colours = one if t < 0.5 else other
    toe: float | None
    if one.toe is None and other.toe is None:
        toe = None
    else:
        # Toes flat on the floor blend towards a foot's own line when it lifts.
        toe = _mix(
            one.foot_turn if one.toe is None else one.toe,
            other.foot_turn if other.toe is None else other.toe,
            t,
        )
    return replace(
        colours,
        thigh=_mix(one.thigh, other.thigh, t),
        shin=_mix(one.shin, other.shin, t),
        foot=_mix(one.foot_turn, other.foot_turn, t),
        toe=toe,
    )


def _mix_arm(one: Arm, other: Arm, t: float) -> Arm:
    return Arm(
        _mix(one.upper, other.upper, t),
        _mix(one.fore, other.fore, t),
        _mix(one.upper_reach, other.upper_reach, t),
        _mix(one.fore_reach, other.fore_reach, t),
    )


def blend(one: Pose, other: Pose, t: float) -> Pose:
    """The pose `t` of the way from `one` to `other`; highlights from the nearer one."""
    nearer = one if t < 0.5 else other
    neck = _mix_optional(one.neck, other.neck, t, (one.torso, other.torso))
    highlight = nearer.torso_highlight
    return replace(
        nearer,
        torso=_mix(one.torso, other.torso, t),
        near_leg=_mix_leg(one.near_leg, other.near_leg, t),
        far_leg=_mix_leg(one.far_leg, other.far_leg, t),
        near_arm=_mix_arm(one.near_arm, other.near_arm, t),
        far_arm=_mix_arm(one.far_arm, other.far_arm, t),
        neck=neck,
        torso_highlight=highlight,
        back_round=_mix(one.back_round, other.back_round, t),
    )


def _blend_front(one: FrontPose, other: FrontPose, t: float) -> FrontPose:
    nearer = one if t < 0.5 else other
    return replace(
        nearer,
        bend=_mix(one.bend, other.bend, t),
        left_arm=_mix_arm(one.left_arm, other.left_arm, t),
        right_arm=_mix_arm(one.right_arm, other.right_arm, t),
    )


def _blend_any(one: AnyPose, other: AnyPose, t: float) -> AnyPose:
    if isinstance(one, Pose) and isinstance(other, Pose):
        return blend(one, other, t)
    if isinstance(one, FrontPose) and isinstance(other, FrontPose):
        return _blend_front(one, other, t)
    raise TypeError("a move's key poses are all seen from the side or all from the front")


def pose_at(move: Move, fraction: float) -> AnyPose:
    """The pose `fraction` of the way through one loop of `move` (0: the end position).

    Two key poses swing there and back, easing at both turning points; more
    loop through in order, at an even pace (a circle has no turning point).
    """
    keys = move.keys
    if len(keys) == 1:
        return keys[0]
    fraction %= 1.0
    if len(keys) == 2:
        return _blend_any(keys[0], keys[1], (1 - math.cos(2 * math.pi * fraction)) / 2)
    position = fraction * len(keys)
    index = int(position)
    return _blend_any(keys[index], keys[(index + 1) % len(keys)], position - index)


# The kinds of stretch done without stopping when a routine gives them a time
# rather than reps; a timed step of any other kind (or of none) is held still.
MOVING_WHEN_TIMED = frozenset({Kind.PULSE, Kind.MOBILITY, Kind.DRILL})


def loop_fraction(move: Move, snapshot: Snapshot) -> float | None:
    """How far through its loop the figure is at `snapshot`; None: the end position, still.

    A rep-counted step loops once per rep, starting each rep at the end
    position, so the figure is at the turning point as the rep click sounds;
    a timed step of a move done without stopping (MOVING_WHEN_TIMED: leg
    swings, marching, drills) loops at the move's own tempo; any other timed
    step is a hold, and it and a pause between steps show the end position.
    Paused, the snapshot's time stands still and so does the figure.
    """
    if not move.moving or snapshot.state not in (State.RUNNING, State.PAUSED):
        return None
    phase = snapshot.phase
    if not phase.kind.is_work:
        return None
    dose = snapshot.step.dose
    if phase.kind is PhaseKind.REPS and isinstance(dose, Reps):
        tempo = dose.tempo
    elif snapshot.step.kind in MOVING_WHEN_TIMED:
        tempo = move.tempo
    else:
        return None  # a bend, a press or a raise given a time is held: still
    elapsed = phase.duration - snapshot.remaining
    # Rounded like the session's own rep count, so a rep's start is exactly 0.
    loops = round(elapsed / tempo, 6)
    return loops - math.floor(loops)


# A loop is drawn in this many steps: a step per frame (60 ms) or finer for a
# loop of up to 3.6 s (the library's longest is 3 s), and few enough that a
# moving figure's frames are laid out and prepared once, in its first loops.
LOOP_STEPS = 60


def loop_step(move: Move, snapshot: Snapshot) -> int | None:
    """The step of the loop shown at `snapshot` (0: the end position); None: still."""
    fraction = loop_fraction(move, snapshot)
    return None if fraction is None else round(fraction * LOOP_STEPS) % LOOP_STEPS


@lru_cache(maxsize=2 * LOOP_STEPS)  # one move's loop, on both sides
def _frame_of_step(move: Move, step: int | None, mirrored: bool) -> Frame:
    shown = frame(move, None if step is None else pose_at(move, step / LOOP_STEPS))
    return shown.mirrored() if mirrored else shown


def frame_at(move: Move, snapshot: Snapshot) -> Frame:
    """What the figure looks like at `snapshot`, mirrored on the right side."""
    return _frame_of_step(move, loop_step(move, snapshot), snapshot.mirrored)
