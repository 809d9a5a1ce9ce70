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
    PictureFacts,
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
    with pytest.raises(
        ReceivedFileError, match=f"has more than {MAX_GIF_FRAMES} frames \\(at most {MAX_GIF_FRAMES}\\)"
    ):
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


def test_a_drawing_in_footdesks_two_inks_is_known_as_one(tmp_path):
    """A copy of a built-in drawing in one's own routine follows the palette as the built-in one does."""
    inked = SVG.format('<path d="M0 0L9 9" stroke="#1a1a1a"/><circle r="5" fill="#E4572E" stroke="none"/>')
    assert check_picture(write(tmp_path, "inked.svg", inked.encode())).inks
    for other in ('<path d="M0 0" stroke="#000000"/>', '<path d="M0 0" style="stroke:#1a1a1a"/>', "<g/>"):
        assert not check_picture(write(tmp_path, "other.svg", SVG.format(other).encode())).inks
    assert not check_picture(write(tmp_path, "a.png", encoded("PNG"))).inks


# Edges and hostile headers, byte by byte: each rule at its boundary, in the words a person reads.


def png(width: int, height: int) -> bytes:
    """A PNG's signature and header: all the check reads (no pixels follow)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b"")


def facts_of(data: bytes, kind: PictureKind) -> PictureFacts:
    return check_picture_bytes(data, kind, "p")


def reason(data: bytes, kind: PictureKind) -> str:
    """Why the bytes are refused: the line after the file's name."""
    with pytest.raises(ReceivedFileError) as refused:
        check_picture_bytes(data, kind, "p")
    assert str(refused.value) == f"p: {refused.value.reason}"
    return refused.value.reason


def sized(data: bytes, kind: PictureKind) -> tuple[int, int, int]:
    facts = facts_of(data, kind)
    return facts.width, facts.height, facts.frames


def test_a_picture_of_exactly_ten_megabytes_is_read_and_one_byte_more_is_not(tmp_path):
    head = png(40, 30)
    exactly = head + bytes(MAX_PICTURE_BYTES - len(head))
    assert check_picture(write(tmp_path, "ten.png", exactly)).size == 10 * 1024 * 1024
    assert reason(exactly + b"\x00", PictureKind.PNG) == "the picture is too large (10485761 bytes; at most 10485760)"


def test_a_side_of_4096_pixels_is_read_one_more_is_not_and_none_is_not_a_picture():
    assert sized(png(4096, 4096), PictureKind.PNG) == (4096, 4096, 1)
    assert sized(png(1, 1), PictureKind.PNG) == (1, 1, 1)
    too_wide = "the picture is 4097 × 4096 pixels; at most 4096 × 4096 (it was not decoded)"
    assert reason(png(4097, 4096), PictureKind.PNG) == too_wide
    assert reason(png(4096, 4097), PictureKind.PNG).startswith("the picture is 4096 × 4097 pixels;")
    assert reason(png(0, 30), PictureKind.PNG) == "the PNG picture says it is 0 × 30 pixels"
    assert reason(png(40, 0), PictureKind.PNG) == "the PNG picture says it is 40 × 0 pixels"


def test_an_svg_is_only_its_shape_so_no_side_limit_holds_for_it():
    assert sized(SVG.replace("0 0 200 100", "0 0 5000 8000").format("").encode(), PictureKind.SVG) == (5000, 8000, 1)


def test_an_animation_of_300_frames_plays_and_the_walk_stops_at_the_301st():
    assert sized(gif(300), PictureKind.GIF) == (4, 4, 300)
    assert reason(gif(301), PictureKind.GIF) == "the animation has more than 300 frames (at most 300)"
    beyond = gif(301)[:-1] + b"\x05 not walked"  # what follows the 301st frame is never read
    assert reason(beyond, PictureKind.GIF) == "the animation has more than 300 frames (at most 300)"


def test_an_animation_of_exactly_20_megabytes_decoded_plays_and_a_little_more_does_not():
    assert sized(gif(5, 1024, 1024), PictureKind.GIF) == (1024, 1024, 5)  # 5 frames of 4 MB
    assert reason(gif(2, 2049, 1280), PictureKind.GIF) == (
        "the animation would take 20 MB decoded (2 frames of 2049 × 1280); at most 20 MB"
    )


def test_a_still_gif_is_held_as_a_still_picture_is():
    """One frame is decoded once, like a PNG: the side limit holds, not the animation's 20 MB."""
    still = facts_of(gif(1, 4096, 4096), PictureKind.GIF)
    assert (still.width, still.height, still.frames, still.animated) == (4096, 4096, 1, False)
    assert facts_of(gif(2), PictureKind.GIF).animated


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (PictureKind.PNG, "PNG"),
        (PictureKind.JPEG, "JPEG"),
        (PictureKind.WEBP, "WebP"),
        (PictureKind.GIF, "GIF"),
        (PictureKind.SVG, "SVG"),
    ],
)
def test_each_kind_is_named_in_the_words_people_know(kind, words):
    assert reason(b"plain text", kind) == (
        f"its name says {words} but its content is not a picture footdesk knows; nothing was shown"
    )
    found = b"\x89PNG\r\n\x1a\n" if kind is not PictureKind.PNG else encoded("WEBP")
    shown = "PNG" if kind is not PictureKind.PNG else "WebP"
    assert reason(found, kind) == f"its name says {words} but its content is a {shown} picture; nothing was shown"


@pytest.mark.parametrize(
    ("name", "fmt", "kind"),
    [
        ("a.png", "PNG", PictureKind.PNG),
        ("a.JPG", "JPEG", PictureKind.JPEG),
        ("a.jpeg", "JPEG", PictureKind.JPEG),
        ("a.Webp", "WEBP", PictureKind.WEBP),
        ("a.gif", "GIF", PictureKind.GIF),
        ("a.svg", "SVG", PictureKind.SVG),
    ],
)
def test_every_name_footdesk_shows(tmp_path, name, fmt, kind):
    data = gif(1) if fmt == "GIF" else SVG.format("").encode() if fmt == "SVG" else encoded(fmt)
    assert check_picture(write(tmp_path, name, data)).kind is kind


def test_another_name_is_refused_with_the_names_footdesk_shows(tmp_path):
    path = write(tmp_path, "x.tiff", b"II*\x00")
    with pytest.raises(ReceivedFileError) as refused:
        check_picture(path)
    assert str(refused.value) == f"{path}: is not a picture footdesk shows (.png, .jpg, .jpeg, .webp, .gif, .svg)"


def test_a_png_whose_header_is_not_first_is_damaged():
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"tEXt", b"Title\x00x") + png_chunk(b"IHDR", png(40, 30)[16:29])
    assert reason(data, PictureKind.PNG) == "the PNG picture is damaged (no IHDR chunk first)"


# JPEG: the size is in the first start-of-frame, found by walking the markers.


def segment(marker: int, body: bytes = b"") -> bytes:
    """A marker with its length (which counts itself) and its body."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def frame(marker: int = 0xC0, width: int = 40, height: int = 30) -> bytes:
    return segment(marker, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")


def jpeg(*before: bytes, start: bytes | None = None) -> bytes:
    """Start of image, what comes ``before`` the frame, the frame, end of image."""
    return b"\xff\xd8" + b"".join(before) + (frame() if start is None else start) + b"\xff\xd9"


def test_a_real_jpeg_is_walked_to_its_frame_header():
    assert sized(encoded("JPEG", 64, 48), PictureKind.JPEG) == (64, 48, 1)
    assert sized(jpeg(segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), PictureKind.JPEG) == (40, 30, 1)


@pytest.mark.parametrize("marker", [m for m in range(0xC0, 0xD0) if m not in (0xC4, 0xC8, 0xCC)])
def test_every_kind_of_frame_header_gives_the_size(marker):
    """Baseline, progressive, lossless, arithmetic: all sixteen but the three that are not frames."""
    assert sized(jpeg(start=frame(marker, 300, 200)), PictureKind.JPEG) == (300, 200, 1)


def test_the_markers_that_look_like_frames_but_are_not_are_walked_past():
    tables = segment(0xC4, bytes(8)), segment(0xC8, bytes(8)), segment(0xCC, bytes(8))  # DHT, JPG, DAC
    assert sized(jpeg(*tables, start=frame(0xC2, 300, 200)), PictureKind.JPEG) == (300, 200, 1)


def test_markers_that_stand_alone_and_padding_are_stepped_over():
    alone = b"\xff\xd0", b"\xff\xd7", b"\xff\x01", b"\xff\xd8"  # a restart, the last restart, TEM, a second SOI
    assert sized(jpeg(*alone), PictureKind.JPEG) == (40, 30, 1)
    assert sized(jpeg(b"\xff", segment(0xE0, b"x")), PictureKind.JPEG) == (40, 30, 1)  # a fill byte before a marker
    assert sized(jpeg(segment(0xE1)), PictureKind.JPEG) == (40, 30, 1)  # an empty segment: its length is 2


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\xff\xd8" + b"\xff\xe1\x00\x01" + frame(), "a marker of no length"),
        (b"\xff\xd8\xff\xe1\x00\x00", "a marker of no length"),
        (b"\xff\xd8" + segment(0xE0, b"ab") + b"\xff\xd9", "no frame header"),
        (b"\xff\xd8" + segment(0xE0, b"ab") + b"\x00\x00\x00\x00" + frame(), "a marker was expected"),
    ],
)
def test_a_jpeg_that_breaks_its_own_walk_is_damaged(data, why):
    assert reason(data, PictureKind.JPEG) == f"the JPEG picture is damaged ({why})"


# WebP: three kinds of header, and an animation's frames.


def webp(chunk: bytes, body: bytes) -> bytes:
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(body)) + b"WEBP" + chunk + struct.pack("<I", len(body)) + body


def lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | (height - 1) << 14 | 1 << 28  # 1 << 28: it has alpha
    return webp(b"VP8L", b"\x2f" + bits.to_bytes(4, "little") + b"\xff" * 8)


def extended(width: int, height: int, flags: int, *chunks: bytes) -> bytes:
    canvas = bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    data = webp(b"VP8X", canvas) + b"".join(chunks)
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def anmf() -> bytes:
    return b"ANMF" + struct.pack("<I", 16) + bytes(16)


def test_a_lossy_webp_leaves_out_its_scaling_bits():
    size = struct.pack("<HH", 640 | 0xC000, 480 | 0x4000)  # the top two bits of each side ask for upscaling
    assert sized(webp(b"VP8 ", b"\x00" * 3 + b"\x9d\x01\x2a" + size + b"\x00" * 8), PictureKind.WEBP) == (640, 480, 1)
    assert reason(webp(b"VP8 ", bytes(16)), PictureKind.WEBP) == "the WebP picture is damaged (no VP8 start code)"


def test_a_lossless_webp_gives_both_sides():
    assert sized(lossless(40, 30), PictureKind.WEBP) == (40, 30, 1)
    assert sized(lossless(4096, 1), PictureKind.WEBP) == (4096, 1, 1)
    assert reason(webp(b"VP8L", bytes(16)), PictureKind.WEBP) == "the WebP picture is damaged (no VP8L signature)"


def test_an_extended_webp_gives_its_canvas_and_counts_an_animations_frames():
    still = extended(300, 200, 0x10, webp(b"VP8 ", bytes(8))[12:])
    assert sized(still, PictureKind.WEBP) == (300, 200, 1)
    assert sized(extended(300, 200, 0x02, anmf(), anmf(), anmf()), PictureKind.WEBP) == (300, 200, 3)
    assert facts_of(extended(300, 200, 0x02, anmf(), anmf()), PictureKind.WEBP).animated
    every_flag_but_animation = extended(300, 200, 0xFD, anmf(), anmf())
    assert sized(every_flag_but_animation, PictureKind.WEBP) == (300, 200, 1)
    assert sized(extended(300, 200, 0x02), PictureKind.WEBP) == (300, 200, 1)  # says animated, has no frame
    assert reason(extended(30, 20, 0x02, *[anmf()] * 301), PictureKind.WEBP) == (
        "the animation has more than 300 frames (at most 300)"
    )


def test_a_riff_file_that_is_not_webp_is_not_a_picture():
    wave = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + bytes(24)
    assert reason(wave, PictureKind.WEBP) == (
        "its name says WebP but its content is not a picture footdesk knows; nothing was shown"
    )
    assert (
        reason(webp(b"ALPH", bytes(8)), PictureKind.WEBP) == "the WebP picture is damaged (unknown WebP chunk b'ALPH')"
    )


# GIF: the frames counted by walking every kind of block, tables of every size skipped.


def colour_table(packed: int) -> bytes:
    """The table a flags byte announces (0x80), of 2 ** (n + 1) colours: grey bytes no block starts with."""
    return b"\x80" * (3 * 2 ** ((packed & 0x07) + 1)) if packed & 0x80 else b""


def image(packed: int = 0, width: int = 4, height: int = 4) -> bytes:
    descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, packed)
    return descriptor + colour_table(packed) + b"\x02\x02\x44\x01\x00"


def gif_of(*blocks: bytes, flags: int = 0x80, trailer: bytes = b"\x3b") -> bytes:
    screen = b"GIF89a" + struct.pack("<HHBBB", 30, 20, flags, 0, 0)
    return screen + colour_table(flags) + b"".join(blocks) + trailer


@pytest.mark.parametrize("bits", range(8))
def test_colour_tables_of_every_size_are_skipped(bits):
    assert sized(gif_of(image(), image(), flags=0x80 | bits), PictureKind.GIF) == (30, 20, 2)
    assert sized(gif_of(image(0x80 | bits), image(0xC0 | bits), flags=0), PictureKind.GIF) == (30, 20, 2)


def test_a_table_size_without_its_table_is_no_table():
    """The size bits mean nothing unless the flag says a table follows."""
    assert sized(gif_of(image(0x47), image(0x27), flags=0x77), PictureKind.GIF) == (30, 20, 2)


def test_extensions_of_many_sub_blocks_are_walked():
    comment = b"\x21\xfe" + b"\x03abc" + b"\x02de" + b"\x00"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    delay = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
    assert sized(gif_of(loop, comment, delay, image(), delay, image(), comment), PictureKind.GIF) == (30, 20, 2)


def test_a_gif_without_its_trailer_or_with_bytes_after_it_is_read():
    assert sized(gif_of(image(), trailer=b""), PictureKind.GIF) == (30, 20, 1)
    assert sized(gif_of(image(), image(), trailer=b"\x3b\x05junk"), PictureKind.GIF) == (30, 20, 2)
    assert not facts_of(gif_of(image()), PictureKind.GIF).animated


def test_a_gif_that_breaks_its_own_walk_is_damaged():
    assert reason(gif_of(image(), b"\x05"), PictureKind.GIF) == "the GIF picture is damaged (unknown block 0x05)"
    assert reason(gif_of(), PictureKind.GIF) == "the GIF picture is damaged (no image in it)"
    assert sized(b"GIF87a" + gif_of(image())[6:], PictureKind.GIF) == (30, 20, 1)


# SVG: where its start may be, what it may hold, its size, and footdesk's inks.

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(inner: str = "", attributes: str = 'viewBox="0 0 200 100"') -> bytes:
    return f"<svg {SVG_NS} {attributes}>{inner}</svg>".encode()


def test_an_svg_may_begin_with_a_declaration_a_comment_or_blanks():
    for before in ('<?xml version="1.0" encoding="UTF-8"?>\n', "<!-- drawn by hand -->\n", "\ufeff \t\r\n"):
        assert sized(before.encode() + svg(), PictureKind.SVG) == (200, 100, 1)


def test_an_svg_must_begin_in_its_first_kilobyte_and_name_svg_in_its_first_four():
    assert sized(b" " * 1020 + svg(), PictureKind.SVG) == (200, 100, 1)
    not_known = "its name says SVG but its content is not a picture footdesk knows; nothing was shown"
    assert reason(b" " * 1021 + svg(), PictureKind.SVG) == not_known
    head = b'<?xml version="1.0"?>\n<!-- '

    def svg_at(offset: int) -> bytes:
        return head + b"x" * (offset - len(head) - 4) + b" -->" + svg()

    assert svg_at(4092).index(b"<svg") == 4092
    assert sized(svg_at(4092), PictureKind.SVG) == (200, 100, 1)
    assert reason(svg_at(4093), PictureKind.SVG) == not_known
    assert reason(b"Notes: a <svg> would go here", PictureKind.SVG) == not_known
    assert reason(b'<?xml version="1.0"?><html/>', PictureKind.SVG) == not_known


def test_an_svg_without_its_namespace_is_read_as_well():
    bare = b'<svg width="30" height="20"><rect stroke="#1a1a1a"/></svg>'
    assert sized(bare, PictureKind.SVG) == (30, 20, 1)
    assert facts_of(bare, PictureKind.SVG).inks
    assert reason(b'<svg viewBox="0 0 9 9"><script/></svg>', PictureKind.SVG) == (
        "the SVG picture is refused: it holds a <script> element, which footdesk does not show"
    )


def test_an_svg_whose_outermost_element_is_not_svg_is_refused():
    data = b'<?xml version="1.0"?><html><svg/></html>'
    assert reason(data, PictureKind.SVG) == "the SVG picture is damaged (its outermost element is not <svg>)"
    assert reason(svg("<rect>"), PictureKind.SVG).startswith("the SVG picture is damaged (it is not well-formed XML: ")


@pytest.mark.parametrize(
    "name", ["script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"]
)
def test_every_element_that_runs_or_fetches_is_refused(name):
    assert reason(svg(f"<g><{name}/></g>"), PictureKind.SVG) == (
        f"the SVG picture is refused: it holds a <{name}> element, which footdesk does not show"
    )


def test_a_doctype_alone_is_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE svg>' + svg()
    assert reason(data, PictureKind.SVG) == (
        "the SVG picture is refused: it declares a DOCTYPE or entities, which footdesk does not read"
    )


XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
OUTSIDE = "the SVG picture is refused: it refers to another file or address; only self-contained SVG is shown"


@pytest.mark.parametrize(
    "inner",
    [
        '<image href="calf.png"/>',
        f'<image {XLINK} xlink:href="calf.png"/>',
        "<rect fill=\"URL( 'https://example.org/a.svg#g' )\"/>",
        '<rect style="fill: url(&quot;x.svg#g&quot;)"/>',
        "<style>rect { fill: url(x.svg#g) }</style>",
    ],
)
def test_a_reference_out_of_the_file_is_refused_wherever_it_is(inner):
    assert reason(svg(inner), PictureKind.SVG) == OUTSIDE


def test_references_within_the_file_and_words_in_text_are_shown():
    inner = (
        f'<defs><linearGradient id="g"/></defs><use href=" #g"/><use {XLINK} xlink:href="#g"/>'
        '<rect style="fill:url(#g)"/><style>rect { fill: url(#g) }</style><style/>'
        "<text>@import and url(x.css) are only words here</text>"
    )
    assert sized(svg(inner), PictureKind.SVG) == (200, 100, 1)


def test_event_attributes_are_refused_in_any_namespace():
    assert reason(svg('<rect onclick="x()"/>'), PictureKind.SVG) == (
        "the SVG picture is refused: it holds an event attribute (onclick)"
    )
    events = 'xmlns:ev="http://www.w3.org/2001/xml-events"'
    assert reason(svg(f'<rect {events} ev:onfocusin="x()"/>'), PictureKind.SVG) == (
        "the SVG picture is refused: it holds an event attribute (onfocusin)"
    )


def test_a_style_sheet_that_imports_is_refused():
    assert reason(svg('<style>@IMPORT "x.css";</style>'), PictureKind.SVG) == (
        "the SVG picture is refused: its style imports another file"
    )


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('width="300px" height=" 150 " viewBox="0 0 30 15"', (300, 150)),
        ('width="12.6" height="7.4"', (13, 7)),
        ('width="300" viewBox="0 0 40 30"', (40, 30)),
        ('width="100%" height="100%" viewBox="0 0 40 30"', (40, 30)),
        ('viewBox="0,0,320,240"', (320, 240)),
        ('viewBox=" -10 -10  320 240 "', (320, 240)),
    ],
)
def test_an_svgs_size_is_its_pixels_or_else_its_view_box(attributes, size):
    assert sized(svg(attributes=attributes), PictureKind.SVG) == (*size, 1)


def test_an_svg_without_a_size_is_refused():
    assert reason(svg(attributes='width="2em" height="1em"'), PictureKind.SVG) == (
        "the SVG picture is damaged (it gives no size (width and height, or a viewBox))"
    )


@pytest.mark.parametrize("paint", ["fill", "stroke", "stop-color", "color"])
def test_every_paint_counts_for_footdesks_inks(paint):
    assert facts_of(svg(f'<rect {paint}=" #1A1A1A "/>'), PictureKind.SVG).inks
    assert not facts_of(svg(f'<g stroke="#e4572e"/><rect {paint}="#123456"/>'), PictureKind.SVG).inks


def test_a_style_attribute_is_never_taken_for_footdesks_inks():
    assert not facts_of(svg('<rect stroke="#1a1a1a" style="opacity: 0.5"/>'), PictureKind.SVG).inks
