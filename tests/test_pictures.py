"""footdesk.pictures: every picture someone sends is judged from its header
before anything decodes it. The good files are made by Qt (a real encoder);
the hostile ones by hand, byte by byte."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageReader

from footdesk.pictures import (
    MAX_GIF_FRAMES,
    MAX_PICTURE_BYTES,
    PictureKind,
    check_picture,
    check_picture_bytes,
)
from footdesk.untrusted import ReceivedFileError


def encoded(fmt: str, width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#e4572e"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 30000) -> bytes:
    """A real decompression bomb: a 30000 × 30000 greyscale header over a zlib
    stream of zeros (a few hundred kB on disk, 900 MB decoded)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    stream = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", stream) + png_chunk(b"IEND", b"")


def gif(frames: int, width: int = 4, height: int = 4) -> bytes:
    """A GIF89a of ``frames`` tiny frames, each an image descriptor over a
    one-pixel LZW stream (enough for the walk that counts them)."""
    head = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    frame = b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    frame += b"\x02\x02\x44\x01\x00"
    return head + frame * frames + b"\x3b"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("fmt", "name", "kind"),
    [("PNG", "a.png", PictureKind.PNG), ("JPEG", "a.jpg", PictureKind.JPEG), ("WEBP", "a.webp", PictureKind.WEBP)],
)
def test_real_pictures_are_read_with_their_size(tmp_path, fmt, name, kind):
    facts = check_picture(write(tmp_path, name, encoded(fmt)))
    assert (facts.kind, facts.width, facts.height, facts.frames) == (kind, 40, 30, 1)


def test_webp_sizes_are_read_from_each_kind_of_header(tmp_path):
    lossless = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f" + ((40 - 1) | ((30 - 1) << 14)).to_bytes(4, "little")
    assert check_picture(write(tmp_path, "l.webp", lossless)).width == 40
    lossy = b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 640, 480)
    assert (check_picture(write(tmp_path, "v.webp", lossy)).height, check_picture(tmp_path / "v.webp").width) == (
        480,
        640,
    )
    extended = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00"
    extended += (5000 - 1).to_bytes(3, "little") + (10 - 1).to_bytes(3, "little")
    with pytest.raises(ReceivedFileError, match="5000 × 10 pixels"):
        check_picture(write(tmp_path, "x.webp", extended))


def test_a_png_decompression_bomb_is_refused_from_its_header(tmp_path):
    bomb = png_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ReceivedFileError) as refused:
        check_picture(write(tmp_path, "bomb.png", bomb))
    assert str(refused.value) == (
        f"{tmp_path / 'bomb.png'}: the picture is 30000 × 30000 pixels; at most 4096 × 4096 (it was not decoded)"
    )


def test_a_picture_over_ten_megabytes_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.png"
    with path.open("wb") as file:
        file.write(encoded("PNG"))
        file.truncate(MAX_PICTURE_BYTES + 1)
    with pytest.raises(ReceivedFileError, match="too large"):
        check_picture(path)


def test_content_must_be_the_format_the_name_says(tmp_path):
    with pytest.raises(ReceivedFileError, match="its name says PNG but its content is a JPEG picture"):
        check_picture(write(tmp_path, "photo.png", encoded("JPEG")))
    with pytest.raises(ReceivedFileError, match="its name says GIF but its content is not a picture footdesk knows"):
        check_picture(write(tmp_path, "x.gif", b"#!/bin/sh\nrm -rf ~\n"))
    with pytest.raises(ReceivedFileError, match="is not a picture footdesk shows"):
        check_picture(write(tmp_path, "x.bmp", b"BM"))


def test_an_animation_is_counted_frame_by_frame_without_decoding(tmp_path):
    assert QImageReader(str(write(tmp_path, "qt.gif", gif(3)))).imageCount() == 3  # a GIF Qt reads as one
    assert check_picture(write(tmp_path, "ok.gif", gif(12))).frames == 12
    with pytest.raises(ReceivedFileError, match=f"has {MAX_GIF_FRAMES + 1} frames; at most {MAX_GIF_FRAMES}"):
        check_picture(write(tmp_path, "long.gif", gif(400)))
    with pytest.raises(ReceivedFileError, match=r"would take 36 MB decoded \(20 frames of 800 × 600\); at most 20 MB"):
        check_picture(write(tmp_path, "big.gif", gif(20, 800, 600)))


def test_a_damaged_picture_says_so(tmp_path):
    with pytest.raises(ReceivedFileError, match="the GIF picture is damaged"):
        check_picture(write(tmp_path, "cut.gif", gif(3)[:30]))
    with pytest.raises(ReceivedFileError, match="the JPEG picture is damaged"):
        check_picture(write(tmp_path, "cut.jpg", encoded("JPEG")[:20]))


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">{}</svg>'


def test_a_self_contained_svg_is_shown_with_its_shape(tmp_path):
    inner = '<defs><linearGradient id="g"/></defs><circle r="5" fill="url(#g)"/><use href="#g"/>'
    facts = check_picture(write(tmp_path, "a.svg", SVG.format(inner).encode()))
    assert (facts.kind, facts.width, facts.height) == (PictureKind.SVG, 200, 100)


@pytest.mark.parametrize(
    ("inner", "reason"),
    [
        ("<script>alert(1)</script>", "<script> element"),
        ('<image href="file:///etc/passwd"/>', "refers to another file"),
        ('<image xmlns:x="http://www.w3.org/1999/xlink" x:href="http://example.org/a.png"/>', "refers to another"),
        ('<rect fill="url(http://example.org/x)"/>', "refers to another"),
        ("<style>@import url(x.css);</style>", "imports another file"),
        ('<rect onload="x()"/>', "event attribute"),
        ("<foreignObject><p>x</p></foreignObject>", "<foreignObject> element"),
    ],
)
def test_an_svg_that_reaches_out_or_runs_code_is_refused(tmp_path, inner, reason):
    with pytest.raises(ReceivedFileError, match=reason):
        check_picture(write(tmp_path, "bad.svg", SVG.format(inner).encode()))


def test_an_svg_with_entities_is_refused_before_parsing(tmp_path):
    laughs = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    data = (laughs + SVG.format("<text>&b;</text>")).encode()
    with pytest.raises(ReceivedFileError, match="DOCTYPE or entities"):
        check_picture(write(tmp_path, "laughs.svg", data))


def test_bytes_from_an_archive_are_checked_the_same_way():
    with pytest.raises(ReceivedFileError, match=r"^routine.zip:pics/bomb.png: the picture is 30000 × 30000"):
        check_picture_bytes(png_bomb(), PictureKind.PNG, "routine.zip:pics/bomb.png")


def test_a_still_gif_is_held_as_a_still_picture_is():
    """One frame is decoded once, like a PNG: the side limit holds, not the animation's 20 MB."""
    still = check_picture_bytes(gif(1, 4096, 4096), PictureKind.GIF, "still.gif")
    assert (still.width, still.height, still.frames, still.animated) == (4096, 4096, 1, False)
    assert check_picture_bytes(gif(2), PictureKind.GIF, "still.gif").animated


def test_a_drawing_in_footdesks_two_inks_is_known_as_one(tmp_path):
    """A copy of a built-in drawing in one's own routine follows the palette as the built-in one does."""
    inked = SVG.format('<path d="M0 0L9 9" stroke="#1a1a1a"/><circle r="5" fill="#E4572E" stroke="none"/>')
    assert check_picture(write(tmp_path, "inked.svg", inked.encode())).inks
    for other in ('<path d="M0 0" stroke="#000000"/>', '<path d="M0 0" style="stroke:#1a1a1a"/>', "<g/>"):
        assert not check_picture(write(tmp_path, "other.svg", SVG.format(other).encode())).inks
    assert not check_picture(write(tmp_path, "a.png", encoded("PNG"))).inks
