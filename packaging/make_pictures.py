"""Regenerate assets/routines/pictures: the built-in routine's line pictograms.

    python packaging/make_pictures.py          # the standard library only

Every picture is drawn here from coordinates, so a change is a change to this
file and the SVGs are reproduced from it byte for byte (a test runs it and
compares). They are one family: the same square box, one stroke width with
round caps and joins, no text (the words are the step's), a transparent
background, and exactly two colours: INK for the body, the foot and the floor,
ACCENT for the ball and a motion arrow. The window swaps those two for its
palette's text colour and accent, so the pictures are right in light and dark;
nothing else may carry a colour. Only what Qt's renderer (SVG Tiny 1.2) draws is
used: paths, lines and circles with plain attributes.

Where the whole body matters (standing on the ball, rising at a wall) the
person is a stick figure; where the foot does the work (where the ball is, a
bare foot walking) the foot and lower leg are drawn as an outline, big enough
that the ball reads from across the room. The roll's pictures show the LEFT
foot and the routine says ``mirror = true``, so the window flips them for the
right one: the set-up seen from the front, the left foot on the ball; then,
seen from the inside with the toes to the right, one picture per guide stage
(toes, arch, heel) with the same foot and ball, the foot pivoting over the
ball as it does when standing on one, so the three read as one movement.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "routines" / "pictures"

SIZE = 240
INK = "#1a1a1a"
ACCENT = "#e4572e"
STROKE = 10
"""In a 240 box shown about 300 px high, 12.5 px: 3 mm on a 15.6-inch 1366x768
screen, 3.6 minutes of arc from 3 m. Normal sight resolves a line of 1 minute,
6/18 sight one of 3: the drawing holds for someone who left their glasses on
the desk. Thicker, and the cushioned shoe's sole closes up."""
FLOOR = 218
"""Where the floor line is (SVG's y grows downwards)."""

Point = tuple[float, float]
Transform = Callable[[Point], Point]


# -- writing ---------------------------------------------------------------------------------------------------------


def number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_data(commands: Iterable[tuple[str, list[Point]]], place: Transform) -> str:
    parts = []
    for letter, points in commands:
        coordinates = " ".join(f"{number(x)} {number(y)}" for x, y in map(place, points))
        parts.append(f"{letter}{coordinates}" if coordinates else letter)
    return " ".join(parts)


def as_is(point: Point) -> Point:
    return point


def line_path(commands: Iterable[tuple[str, list[Point]]], place: Transform = as_is) -> str:
    return f'<path d="{path_data(commands, place)}"/>'


def lines(*points: Point) -> str:
    """Straight lines through the points: a stick figure's limb."""
    first, *rest = points
    return line_path([("M", [first]), *(("L", [point]) for point in rest)])


def ball(centre: Point, radius: float) -> str:
    x, y = centre
    return f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(radius)}" fill="{ACCENT}" stroke="none"/>'


def accent_path(commands: Iterable[tuple[str, list[Point]]], place: Transform = as_is) -> str:
    return f'<path d="{path_data(commands, place)}" stroke="{ACCENT}"/>'


def head(centre: Point, radius: float) -> str:
    x, y = centre
    return f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(radius)}" fill="{INK}" stroke="none"/>'


def svg(*elements: str) -> str:
    """One picture: the ink and the stroke set once on the group, so every line has the same ones."""
    body = "\n".join(f"    {element}" for element in elements)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" viewBox="0 0 {SIZE} {SIZE}">\n'
        f'  <g fill="none" stroke="{INK}" stroke-width="{STROKE}" stroke-linecap="round" stroke-linejoin="round">\n'
        f"{body}\n"
        "  </g>\n"
        "</svg>\n"
    )


def floor() -> str:
    return lines((14, FLOOR), (SIZE - 14, FLOOR))


# -- geometry --------------------------------------------------------------------------------------------------------


def placed(angle: float, pivot: Point, at: Point, scale: float = 1.0) -> Transform:
    """Local drawing units (x forward, y up) turned by ``angle`` degrees (toes up
    is positive) about ``pivot`` and scaled, the pivot put at ``at`` (x, height
    above the floor), into SVG's."""
    turn = math.radians(angle)
    cos, sin = math.cos(turn) * scale, math.sin(turn) * scale

    def place(point: Point) -> Point:
        x, y = point[0] - pivot[0], point[1] - pivot[1]
        return at[0] + x * cos - y * sin, FLOOR - (at[1] + x * sin + y * cos)

    return place


def up(point: Point) -> Point:
    """A point given as (x, height above the floor) in SVG's coordinates."""
    return point[0], FLOOR - point[1]


# -- the foot seen from the inside, toes to the right ------------------------------------------------------------------

FOOT_LENGTH = 150
ANKLE = (38.0, 44.0)
"""The joint the foot turns about, in the foot's own units (heel's underside at 0)."""
HEEL_UNDER = (26.0, 0.0)
TOES_UNDER = (142.0, 1.5)
ARCH_UNDER = (74.0, 9.0)
TOES_BASE_UNDER = (126.0, 0.5)
FOOT_BACK = (20.0, 52.0)
"""Where the foot's outline meets the back of the leg (the Achilles tendon)."""
FOOT_FRONT = (66.0, 62.0)
"""Where it meets the shin."""

FOOT: list[tuple[str, list[Point]]] = [
    # from the back of the ankle round the heel, along the sole (its arch), round
    # the toes and back up the instep to the front of the ankle
    ("C", [(14, 42), (4, 36), (4, 22)]),
    ("C", [(4, 8), (14, 0), HEEL_UNDER]),
    ("C", [(54, 12), (90, 12), (118, 0)]),
    ("C", [(136, 0), (FOOT_LENGTH, 2), (FOOT_LENGTH, 10)]),
    ("C", [(FOOT_LENGTH, 18), (142, 22), (132, 22)]),
    ("C", [(110, 26), (74, 36), FOOT_FRONT]),
]


def leg_and_foot(angle: float, ankle_at: Point, top: float, lean: float = 0.0, scale: float = 1.0) -> str:
    """The lower leg, leaning ``lean`` degrees forward from upright up to ``top``
    (SVG's y), and the foot turned by ``angle`` about the ankle: one outline
    from the calf down round the foot and up the shin."""
    foot = placed(angle, ANKLE, ankle_at, scale)
    leg = placed(-lean, (0.0, 0.0), ankle_at, scale)
    height = (FLOOR - top - ankle_at[1]) / scale / math.cos(math.radians(lean))
    calf = [("M", [leg((-34, height))]), ("C", [leg((-36, height - 60)), leg((-22, 40)), foot(FOOT_BACK)])]
    shin = [("C", [leg((28, 44)), leg((26, height - 50)), leg((26, height))])]
    outline = f"{path_data(calf, as_is)} {path_data(FOOT, foot)} {path_data(shin, as_is)}"
    return f'<path d="{outline}"/>'


def solve(low: float, high: float, error: Callable[[float], float]) -> float:
    """The value in [low, high] where ``error`` crosses zero (bisection: exact enough, and the same every run)."""
    for _ in range(60):
        middle = (low + high) / 2
        if (error(low) < 0) == (error(middle) < 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


BALL = 21
"""The lacrosse ball's radius: 6.3 cm to a foot of about 25, as in life."""
ON_FLOOR = STROKE
"""A line resting on the floor line: the two strokes touch."""


def rolling(where: Point, on_floor: Point | None, ball_x: float) -> list[str]:
    """The foot standing on the ball at ``where`` (a point of the sole), the
    other end of the foot on the floor at ``on_floor`` (or level when None),
    the ball ``ball_x`` across the picture."""
    ball_centre_height = BALL + STROKE / 2  # resting on the floor line
    sole_over_ball = ball_centre_height + BALL + STROKE / 2

    def ankle_for(angle: float) -> Point:
        # where the ankle is when the sole's point sits on the ball's top
        turn = math.radians(angle)
        dx, dy = where[0] - ANKLE[0], where[1] - ANKLE[1]
        px = dx * math.cos(turn) - dy * math.sin(turn)
        py = dx * math.sin(turn) + dy * math.cos(turn)
        return ball_x - px, sole_over_ball - py

    def floor_gap(angle: float) -> float:
        assert on_floor is not None
        foot = placed(angle, ANKLE, ankle_for(angle))
        return (FLOOR - foot(on_floor)[1]) - ON_FLOOR

    angle = 0.0 if on_floor is None else solve(-35, 35, floor_gap)
    ankle_at = ankle_for(angle)
    return [
        floor(),
        leg_and_foot(angle, ankle_at, top=12),
        ball(up((ball_x, ball_centre_height)), BALL),
    ]


def roll_toes() -> str:
    return svg(*rolling(TOES_BASE_UNDER, HEEL_UNDER, ball_x=172))


def roll_arch() -> str:
    return svg(*rolling(ARCH_UNDER, None, ball_x=122))


def roll_heel() -> str:
    return svg(*rolling(HEEL_UNDER, TOES_UNDER, ball_x=70))


# -- whole figures -----------------------------------------------------------------------------------------------------


def roll_setup() -> str:
    """Standing, seen from the front, the left foot (on the right of the picture) on the ball."""
    radius = 16
    ball_at = (152.0, FLOOR - ON_FLOOR / 2 - radius)
    sole = ball_at[1] - radius - STROKE / 2
    return svg(
        floor(),
        head((120, 32), 18),
        lines((120, 62), (120, 116)),  # the back
        lines((112, 114), (92, 94), (120, 70), (148, 94), (128, 114)),  # the arms, hands on the hips
        lines((120, 116), (104, 166), (100, FLOOR - ON_FLOOR), (88, FLOOR - ON_FLOOR)),  # standing
        lines((120, 116), (142, 164), (150, sole), (162, sole)),  # on the ball
        ball(ball_at, radius),
    )


def heel_raises() -> str:
    """Seen from the side, facing a wall with a hand on it: up on the toes, the
    ball held between the heels (the near leg's line crosses it, the far heel is behind it)."""
    radius = 16
    base = FLOOR - ON_FLOOR
    heel = (110.0, base - 26)
    toes = (140.0, base)
    wall = 206
    return svg(
        lines((wall, 14), (wall, FLOOR), (14, FLOOR)),  # the wall and the floor
        ball(heel, radius),
        head((112, 30), 18),
        lines((112, 58), (110, 114)),  # the back
        lines((112, 70), (150, 90), (wall - STROKE, 80)),  # the arm, to the wall
        lines((110, 114), (112, 164), heel, toes),  # the leg, up on the toes
        arrow((64, 196), (64, 136)),
    )


def arrow(tail: Point, tip: Point) -> str:
    """A motion arrow, in the accent: a shaft and an open head."""
    length = math.dist(tail, tip)
    ux, uy = (tip[0] - tail[0]) / length, (tip[1] - tail[1]) / length
    barb = 15
    left = (tip[0] - barb * (ux + uy), tip[1] - barb * (uy - ux))
    right = (tip[0] - barb * (ux - uy), tip[1] - barb * (uy + ux))
    return accent_path([("M", [tail]), ("L", [tip]), ("M", [left]), ("L", [tip]), ("L", [right])])


def standing_on(point: Point, angle: float, at: Point, scale: float = 1.0) -> Point:
    """Where the ankle is when the foot's ``point``, turned by ``angle``, is at ``at`` (x, height)."""
    turn = math.radians(angle)
    x, y = point[0] - ANKLE[0], point[1] - ANKLE[1]
    return at[0] - scale * (x * math.cos(turn) - y * math.sin(turn)), at[1] - scale * (
        x * math.sin(turn) + y * math.cos(turn)
    )


def barefoot() -> str:
    """Two bare feet walking: the back one pushing off its toes, the front one landing on its heel."""
    scale = 0.72
    back = standing_on(TOES_UNDER, -30, (98, ON_FLOOR), scale)
    front = standing_on(HEEL_UNDER, 14, (146, ON_FLOOR), scale)
    return svg(
        floor(),
        leg_and_foot(-30, back, top=60, lean=14, scale=scale),
        leg_and_foot(14, front, top=60, lean=-4, scale=scale),
    )


def shoe(x: float, length: float, sole: float = 0, drop: float = 0) -> list[str]:
    """A shoe seen from the side, toes to the right: the same upper on a sole
    ``sole`` thick under the toes and ``drop`` thicker under the heel, or on
    none to speak of (a line on the floor)."""
    base = FLOOR - ON_FLOOR
    front = x + length
    heel, toe = base - sole - drop, base - sole
    if sole:
        bottom = [
            ("M", [(x + 4, heel)]),
            ("C", [(x, heel), (x, base), (x + 10, base)]),
            ("L", [(front - 16, base)]),
            ("C", [(front - 2, base), (front + 2, toe), (front - 10, toe)]),
            ("C", [(front - 40, toe), (x + 40, heel), (x + 4, heel)]),
        ]
    else:
        bottom = [("M", [(x + 6, base)]), ("L", [(front - 12, base)])]
    top = heel - 50
    upper = [
        ("M", [(x + 6, heel)]),
        ("C", [(x + 2, heel - 20), (x + 2, top + 10), (x + 6, top)]),  # the heel counter
        ("C", [(x + 20, top + 8), (x + 34, top + 8), (x + 44, top - 2)]),  # the collar
        ("C", [(x + 58, toe - 42), (front - 14, toe - 30), (front - 6, toe - 12)]),  # the instep
        ("C", [(front - 3, toe - 6), (front - 6, toe), (front - 12, toe)]),  # the toe box
    ]
    return [line_path(bottom), line_path(upper)]


def shoes() -> str:
    """A flat, flexible shoe on the right; on the left a thick, cushioned one, struck out."""
    return svg(
        floor(),
        *shoe(18, 96, sole=24, drop=14),
        accent_path([("M", [(14, 96)]), ("L", [(120, 200)])]),  # struck out
        *shoe(130, 96),
    )


PICTURES: dict[str, Callable[[], str]] = {
    "roll.svg": roll_setup,
    "roll-toes.svg": roll_toes,
    "roll-arch.svg": roll_arch,
    "roll-heel.svg": roll_heel,
    "heel-raises.svg": heel_raises,
    "barefoot.svg": barefoot,
    "shoes.svg": shoes,
}


def pictures() -> dict[str, str]:
    """Every picture's file name and text."""
    return {name: draw() for name, draw in PICTURES.items()}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.svg"):
        if stale.name not in PICTURES:
            stale.unlink()
    for name, text in pictures().items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
