"""Pictures for tests, made here: stills by Qt's own encoders, an animated GIF
by hand (Qt writes no GIF), a drawing in the built-in pictures' two colour
tokens; and a routine of one's own that shows them, in the test's routines folder."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from footdesk import paths


def encoded(fmt: str, width: int = 40, height: int = 30, left: str = "#e4572e", right: str = "#1d5fb8") -> bytes:
    """A still in ``fmt`` (PNG, JPEG, WEBP): its left half one colour, its right
    half another, so a flip shows."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(left))
    painter = QPainter(image)
    painter.fillRect(width // 2, 0, width - width // 2, height, QColor(right))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


def animated_gif(frames: int = 4, width: int = 16, height: int = 12) -> bytes:
    """A real animated GIF Qt plays: each frame one of four colours, a tenth of
    a second each, looping. Its LZW stream sends a clear code every two
    pixels, so its codes stay three bits wide (a valid, uncompressed GIF)."""
    palette = b"\xe4\x57\x2e" + b"\x1d\x5f\xb8" + b"\x1e\x7a\x3c" + b"\xff\xff\xff"
    head = b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF1, 0, 0) + palette
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    body = b""
    for frame in range(frames):
        control = b"\x21\xf9\x04\x04" + struct.pack("<H", 10) + b"\x00\x00"
        descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
        body += control + descriptor + b"\x02" + _sub_blocks(_lzw([frame % 4] * (width * height)))
    return head + loop + body + b"\x3b"


def _lzw(pixels: list[int]) -> bytes:
    clear, end, bits = 4, 5, 3
    codes: list[int] = []
    for at in range(0, len(pixels), 2):
        codes += [clear, *pixels[at : at + 2]]
    codes.append(end)
    value = sum(code << (index * bits) for index, code in enumerate(codes))
    return value.to_bytes((len(codes) * bits + 7) // 8, "little")


def _sub_blocks(data: bytes) -> bytes:
    return b"".join(bytes([len(data[at : at + 255])]) + data[at : at + 255] for at in range(0, len(data), 255)) + b"\0"


DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">
<rect x="0" y="0" width="20" height="20" fill="#1a1a1a"/>
<rect x="20" y="0" width="20" height="20" fill="#E4572E"/></svg>"""
"""A drawing in the built-in pictures' tokens: ink on the left, accent on the right."""


ROUTINE = """schema = 2
id = "pictured"
title = "Pictured"

[[steps]]
id = "tip"
title = "A tip with a drawing"
timing = "untimed"
instructions = ["Read this."]
picture = "pictured.pictures/drawing.svg"

[[steps]]
id = "roll"
title = "Roll the ball"
timing = "per-side"
seconds = 30
instructions = ["Stand on the ball with your {side} foot.", "Toes.", "Arch.", "Heel."]
setup = 1
guide = [2, 3, 4]
say_guide = ["The arch.", "The heel."]
picture = "pictured.pictures/foot.png"
mirror = true
picture_alt = "A foot on a ball"
picture_guide = ["pictured.pictures/toes.png", "pictured.pictures/arch.png", "pictured.pictures/heel.png"]

[[steps]]
id = "stretch"
title = "Stretch"
timing = "per-side"
seconds = 20
instructions = ["Stretch your {side} calf."]
picture_left = "pictured.pictures/left.jpg"
picture_right = "pictured.pictures/right.webp"

[[steps]]
id = "rock"
title = "Rock"
timing = "timed"
seconds = 20
instructions = ["Rock to and fro."]
picture = "pictured.pictures/rock.gif"
picture_alt = "Rocking to and fro"

[[steps]]
id = "plain"
title = "Breathe"
timing = "timed"
seconds = 10
instructions = ["Just breathe."]
"""
"""A routine with every way of naming a picture; its last step has none."""

PICTURES = {
    "drawing.svg": DRAWING.encode(),
    "foot.png": encoded("PNG", 60, 30),
    "toes.png": encoded("PNG", 60, 30, "#ff0000", "#00ff00"),
    "arch.png": encoded("PNG", 60, 30, "#00ff00", "#0000ff"),
    "heel.png": encoded("PNG", 60, 30, "#0000ff", "#ff0000"),
    "left.jpg": encoded("JPEG", 40, 30),
    "right.webp": encoded("WEBP", 40, 30),
    "rock.gif": animated_gif(),
}


def pictured_routine(text: str = ROUTINE, pictures: dict[str, bytes] | None = None) -> Path:
    """The routine and its pictures in the test's routines folder (its pictures
    in ``pictured.pictures/``); the folder of pictures."""
    folder = paths.routines_dir()
    (folder / "pictured.pictures").mkdir(parents=True, exist_ok=True)
    (folder / "pictured.toml").write_text(text, encoding="utf-8")
    for name, data in (PICTURES if pictures is None else pictures).items():
        (folder / "pictured.pictures" / name).write_bytes(data)
    return folder / "pictured.pictures"
