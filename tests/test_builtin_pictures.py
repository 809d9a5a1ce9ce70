"""The built-in routine's pictures: every one it names ships beside it, passes
the check every received picture passes, draws in Qt's own SVG renderer in the
two colour tokens the window swaps for its palette, with lines thick enough to
read across a room, and is what packaging/make_pictures.py draws (so the SVGs
never drift from their source). The roll's pictures walk the ball from the toes
to the heel with its guide, and are flipped for the right foot."""

from __future__ import annotations

import importlib.util
import math
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from footdesk.library import RoutineLibrary
from footdesk.pictures import PictureKind, check_picture
from footdesk.routine import Side, load_default_routine

REPO = Path(__file__).resolve().parents[1]
INK = (0x1A, 0x1A, 0x1A)
ACCENT = (0xE4, 0x57, 0x2E)
BOX = 240
MIN_STROKE = 8
"""In a 240 box shown 300 px high, 10 px: a line that still reads from 3 m."""
SHOWN = 300
DRAWN = {"svg", "g", "path", "circle", "ellipse", "line", "polyline"}
"""What Qt's renderer (SVG Tiny 1.2) draws as we mean it, and all a picture needs."""


def make_pictures():
    spec = importlib.util.spec_from_file_location("make_pictures", REPO / "packaging" / "make_pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROUTINE = load_default_routine()
LIBRARY = RoutineLibrary(None, ROUTINE)
NAMES = ROUTINE.picture_names


def path_of(name: str) -> Path:
    return LIBRARY.picture_path(ROUTINE.id, name)


def test_every_step_of_the_built_in_routine_has_a_picture_and_it_ships():
    for step in ROUTINE.steps:
        shown = step.picture_for(step.sides[0] if step.sides else None)
        assert shown is not None, step.id
        assert shown.alt != step.title, f"{step.id} says what its picture shows"
    for name in NAMES:
        facts = check_picture(path_of(name))
        assert facts.kind is PictureKind.SVG
        assert (facts.width, facts.height) == (BOX, BOX), name


def test_the_script_draws_exactly_the_committed_pictures():
    drawn = make_pictures().pictures()
    folder = path_of(NAMES[0]).parent
    assert sorted(drawn) == sorted(path.name for path in folder.glob("*.svg"))
    assert {f"pictures/{name}" for name in drawn} == set(NAMES)
    for name, text in drawn.items():
        assert (folder / name).read_bytes() == text.encode("utf-8"), f"run packaging/make_pictures.py ({name})"


def effective(element: ElementTree.Element, inherited: dict[str, str]):
    """Each element with the presentation attributes it ends up with (SVG's inheritance)."""
    own = {
        **inherited,
        **{key: value for key, value in element.attrib.items() if key in ("fill", "stroke", "stroke-width")},
    }
    yield element, own
    for child in element:
        yield from effective(child, own)


def plain_svg_problems(text: str) -> list[str]:
    """What in a picture's text the window could not recolour or Qt not draw as meant."""
    problems = []
    root = ElementTree.fromstring(text)
    if root.get("viewBox") != f"0 0 {BOX} {BOX}":
        problems.append(f"viewBox {root.get('viewBox')}")
    tokens = {"#1a1a1a", "#e4572e", "none"}
    for element, attributes in effective(root, {"fill": "#000000", "stroke": "none"}):
        name = element.tag.rsplit("}", 1)[-1]
        if name not in DRAWN:
            problems.append(f"<{name}>")
        for key in ("style", "class", "color", "opacity", "stroke-opacity", "fill-opacity"):
            if key in element.attrib:
                problems.append(f"{key} on <{name}>")
        if name in ("svg", "g"):
            continue
        for key in ("fill", "stroke"):
            if attributes[key].lower() not in tokens:
                problems.append(f"{key} {attributes[key]} on <{name}>")
        if attributes["stroke"] != "none" and float(attributes.get("stroke-width", "1")) < MIN_STROKE:
            problems.append(f"stroke-width {attributes.get('stroke-width', '1')} on <{name}>")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_a_picture_is_plain_svg_in_the_two_tokens_with_readable_lines(name):
    assert plain_svg_problems(path_of(name).read_text("utf-8")) == []


def test_the_plain_svg_check_finds_a_third_colour_a_thin_line_and_a_style():
    text = path_of("pictures/roll.svg").read_text("utf-8")
    assert any("#3366ff" in p for p in plain_svg_problems(text.replace("#e4572e", "#3366ff")))
    assert any(
        "stroke-width" in p for p in plain_svg_problems(re.sub(r'stroke-width="[0-9.]+"', 'stroke-width="3"', text))
    )
    assert any("style" in p for p in plain_svg_problems(text.replace("<path ", '<path style="stroke:red" ', 1)))


def rendered(qapp, text: bytes):
    """The picture drawn by Qt's own SVG renderer at the size the window shows it,
    on nothing (transparent): each drawn pixel as (x, y, red, green, blue, alpha)."""
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(text))
    assert renderer.isValid()
    image = QImage(SHOWN, SHOWN, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, SHOWN, SHOWN))
    painter.end()
    data = bytes(image.constBits())  # B, G, R, A per pixel, not premultiplied
    return [
        (i % SHOWN, i // SHOWN, data[4 * i + 2], data[4 * i + 1], data[4 * i], data[4 * i + 3])
        for i in range(SHOWN * SHOWN)
        if data[4 * i + 3]
    ]


def off_the_tokens(pixel) -> float:
    """How far a solid pixel's colour is from ink, accent, or the blend of the
    two where an orange line meets a dark one (antialiasing makes those)."""
    colour = pixel[2:5]
    along = [a - i for i, a in zip(INK, ACCENT, strict=True)]
    t = sum((c - i) * d for c, i, d in zip(colour, INK, along, strict=True)) / sum(d * d for d in along)
    nearest = [i + max(0.0, min(1.0, t)) * d for i, d in zip(INK, along, strict=True)]
    return math.dist(colour, nearest)


def colour_problems(pixels) -> list[str]:
    solid = [pixel for pixel in pixels if pixel[5] >= 192]
    if len(pixels) < SHOWN * SHOWN // 50:
        return [f"only {len(pixels)} pixels drawn"]
    strays = [pixel for pixel in solid if off_the_tokens(pixel) > 24]
    return [f"{len(strays)} pixels off the two colours, e.g. {strays[0][2:5]}"] if strays else []


@pytest.mark.parametrize("name", NAMES)
def test_a_picture_renders_in_qt_in_the_two_tokens_only(qapp, name):
    pixels = rendered(qapp, path_of(name).read_bytes())
    assert colour_problems(pixels) == []
    inked = [p for p in pixels if p[5] >= 192 and math.dist(p[2:5], INK) < 24]
    assert len(inked) > SHOWN * SHOWN // 50, "the body and the floor are drawn in ink"


def test_the_colour_check_finds_a_colour_the_window_would_not_swap(qapp):
    text = path_of("pictures/roll.svg").read_bytes()
    assert colour_problems(rendered(qapp, text.replace(b"#e4572e", b"#2e7de4"))) != []


def ball_centre(qapp, name: str) -> tuple[float, float]:
    accent = [p for p in rendered(qapp, path_of(name).read_bytes()) if p[5] >= 192 and math.dist(p[2:5], ACCENT) < 24]
    return sum(p[0] for p in accent) / len(accent), sum(p[1] for p in accent) / len(accent)


def test_the_rolls_pictures_follow_its_guide_toes_arch_heel_and_flip_for_the_right_foot(qapp):
    roll = ROUTINE.step("roll")
    assert roll.mirror
    parts = []
    for stage, number in enumerate(roll.guide):
        left, right = roll.picture_for(Side.LEFT, stage), roll.picture_for(Side.RIGHT, stage)
        assert left is not None and right is not None
        assert (left.name, left.mirrored) == (right.name, not right.mirrored) == (left.name, False)
        part = next(word for word in ("toes", "arch", "heel") if word in roll.instructions[number])
        assert left.name == f"pictures/roll-{part}.svg"
        parts.append(left.name)
    assert [p.split("-")[1] for p in parts] == ["toes.svg", "arch.svg", "heel.svg"]
    setup_left, setup_right = roll.picture_for(Side.LEFT), roll.picture_for(Side.RIGHT)
    assert setup_left is not None and setup_right is not None
    assert (setup_left.name, setup_left.mirrored, setup_right.mirrored) == ("pictures/roll.svg", False, True)
    # the toes face right in the left foot's pictures: the ball goes right to left, and stays on the floor
    toes, arch, heel = (ball_centre(qapp, name) for name in parts)
    assert toes[0] > arch[0] + 30 > heel[0] + 60
    assert toes[1] == pytest.approx(arch[1], abs=1) and arch[1] == pytest.approx(heel[1], abs=1)
