"""The one check of a picture someone sent: what footdesk will show, and what it refuses.

A routine comes with pictures of the movement, from a physiotherapist or a
friend: hostile until checked, like the routine file itself. A picture is read
whole (at most MAX_PICTURE_BYTES) and judged from its header alone, before
anything decodes it: a 30000 × 30000 PNG of zeros is a few kilobytes on disk
and 3.6 GB once decoded, so its size is refused from the IHDR chunk; an
animated GIF's frames are counted by walking its blocks, not by playing them;
an SVG is shown only when it is self-contained (no script, no external file or
address, no entity tricks). The content must be the format the name says, so a
file cannot pass for what it is not.

Pure: no Qt, no I/O beyond reading the one file asked for. The window decodes
what passes here (footdesk.ui), with Qt's own allocation limit as a second wall.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from footdesk.i18n import _
from footdesk.untrusted import ReceivedFileError, read_regular_file

MAX_PICTURE_BYTES = 10 * 1024 * 1024
"""A photo from a phone is 2–5 MB; an animation of a movement a few hundred kB."""
MAX_SIDE = 4096
"""Width and height of a raster picture, read from the header before decoding:
4096 × 4096 × 4 bytes is 64 MB decoded, the most one picture may cost. (An
SVG's size is only its shape: it is drawn at the size it is shown.)"""
MAX_GIF_FRAMES = 300
"""Ten seconds at 30 frames a second: a movement, not a film."""
MAX_GIF_DECODED_BYTES = 20 * 1024 * 1024
"""Every frame of an animation decoded at 4 bytes a pixel, as a player keeps them."""


class UnsafeSvgError(ValueError):
    """An SVG that is well made but would reach outside itself or run something."""


class PictureKind(StrEnum):
    PNG = "PNG"
    JPEG = "JPEG"
    WEBP = "WebP"
    GIF = "GIF"
    SVG = "SVG"


KIND_OF_SUFFIX = {
    ".png": PictureKind.PNG,
    ".jpg": PictureKind.JPEG,
    ".jpeg": PictureKind.JPEG,
    ".webp": PictureKind.WEBP,
    ".gif": PictureKind.GIF,
    ".svg": PictureKind.SVG,
}


@dataclass(frozen=True)
class PictureFacts:
    """What the header says: enough to decide, and to lay the picture out before it decodes."""

    kind: PictureKind
    width: int
    height: int
    frames: int
    """1 for a still picture; an animated GIF's frame count."""
    size: int
    """Bytes on disk."""
    inks: bool = False
    """An SVG drawn only in footdesk's two colour tokens (the built-in drawings,
    and copies of them in one's own routine): the window draws them in the palette's colours."""

    @property
    def animated(self) -> bool:
        return self.frames > 1


def check_picture(path: Path) -> PictureFacts:
    """The facts of a picture footdesk will show; ReceivedFileError (naming the
    file and the reason, nothing else done) for one it will not."""
    kind = KIND_OF_SUFFIX.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(KIND_OF_SUFFIX)
        raise ReceivedFileError(path, _("is not a picture footdesk shows ({known})").format(known=known))
    data = read_regular_file(path, MAX_PICTURE_BYTES)
    return check_picture_bytes(data, kind, path)


def check_picture_bytes(data: bytes, kind: PictureKind, source: Path | str) -> PictureFacts:
    """The same check of bytes already read (from an archive), named by ``source``."""
    if len(data) > MAX_PICTURE_BYTES:
        raise ReceivedFileError(source, _("the picture is too large ({size} bytes; at most {most})").format(
            size=len(data), most=MAX_PICTURE_BYTES))  # fmt: skip
    found = sniffed_kind(data)
    if found is not kind:
        if found is None:
            said = _("its name says {kind} but its content is not a picture footdesk knows; nothing was shown")
        else:
            # TRANSLATORS: {kind} and {found} are picture formats: PNG, JPEG, WebP, GIF, SVG
            said = _("its name says {kind} but its content is a {found} picture; nothing was shown")
        raise ReceivedFileError(source, said.format(kind=kind.value, found=found.value if found else ""))
    try:
        width, height, frames = _READERS[kind](data)
    except UnsafeSvgError as exc:  # not damaged: well made, and refused for what it would do
        raise ReceivedFileError(source, _("the SVG picture is refused: {problem}").format(problem=exc)) from None
    except (struct.error, IndexError, ValueError) as exc:
        raise ReceivedFileError(source, _("the {kind} picture is damaged ({problem})").format(
            kind=kind.value, problem=exc)) from None  # fmt: skip
    if width < 1 or height < 1:
        raise ReceivedFileError(source, _("the {kind} picture says it is {width} × {height} pixels").format(
            kind=kind.value, width=width, height=height))  # fmt: skip
    if kind is not PictureKind.SVG and (width > MAX_SIDE or height > MAX_SIDE):
        raise ReceivedFileError(source, _("the picture is {width} × {height} pixels; at most {most} × {most} (it was "
                                          "not decoded)").format(width=width, height=height,
                                                                 most=MAX_SIDE))  # fmt: skip
    if frames > MAX_GIF_FRAMES:
        raise ReceivedFileError(source, _("the animation has more than {most} frames (at most {most})").format(
            most=MAX_GIF_FRAMES))  # fmt: skip
    decoded = width * height * 4 * frames
    if kind is PictureKind.GIF and frames > 1 and decoded > MAX_GIF_DECODED_BYTES:  # a still one is held like a PNG
        raise ReceivedFileError(source, _("the animation would take {megabytes} MB decoded ({frames} frames of "
                                          "{width} × {height}); at most {most} MB").format(
            megabytes=decoded // 2**20, frames=frames, width=width, height=height,
            most=MAX_GIF_DECODED_BYTES // 2**20))  # fmt: skip
    return PictureFacts(kind, width, height, frames, len(data), kind is PictureKind.SVG and _in_footdesk_inks(data))


def sniffed_kind(data: bytes) -> PictureKind | None:
    """The format the bytes are, from their first bytes (never from a name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PictureKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return PictureKind.JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return PictureKind.WEBP
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return PictureKind.GIF
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]:
        return PictureKind.SVG
    return None


def _png(data: bytes) -> tuple[int, int, int]:
    if data[12:16] != b"IHDR":
        raise ValueError(_("no IHDR chunk first"))
    width, height = struct.unpack(">II", data[16:24])
    return width, height, 1


def _jpeg(data: bytes) -> tuple[int, int, int]:
    """Walk the markers to the first start-of-frame (the size of the image)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValueError(_("a marker was expected"))
        marker = data[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height, 1
        if length < 2:
            raise ValueError(_("a marker of no length"))
        at += 2 + length
    raise ValueError(_("no frame header"))


def _webp(data: bytes) -> tuple[int, int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise ValueError(_("no VP8 start code"))
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF, 1
    if chunk == b"VP8L":
        if data[20] != 0x2F:
            raise ValueError(_("no VP8L signature"))
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        animated = bool(data[20] & 0x02)
        frames = data.count(b"ANMF") if animated else 1
        return width, height, max(frames, 1)
    raise ValueError(_("unknown WebP chunk {chunk}").format(chunk=repr(chunk)))


def _gif(data: bytes) -> tuple[int, int, int]:
    """The logical screen's size, and the frames counted by walking the blocks
    (each image descriptor is a frame), without decoding one."""
    width, height, flags = struct.unpack("<HHB", data[6:11])
    at = 13
    if flags & 0x80:  # a global colour table follows
        at += 3 * (2 ** ((flags & 0x07) + 1))
    frames = 0
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            at = _after_sub_blocks(data, at + 2)
        elif block == 0x2C:  # image descriptor
            frames += 1
            if frames > MAX_GIF_FRAMES:
                break  # enough to refuse; the rest is not walked
            packed = data[at + 9]
            at += 10
            if packed & 0x80:  # a local colour table
                at += 3 * (2 ** ((packed & 0x07) + 1))
            at = _after_sub_blocks(data, at + 1)  # after the LZW minimum code size
        else:
            raise ValueError(_("unknown block 0x{block}").format(block=format(block, "02x")))
    if frames == 0:
        raise ValueError(_("no image in it"))
    return width, height, frames


def _after_sub_blocks(data: bytes, at: int) -> int:
    while True:
        size = data[at]
        at += 1 + size
        if size == 0:
            return at


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFUSED_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*")
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def _svg(data: bytes) -> tuple[int, int, int]:
    """A self-contained SVG only: no DOCTYPE (so no entity can expand or reach
    a file), no script or foreign content, no event attributes, and every
    reference (href, url(), @import) to a part of the same file."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UnsafeSvgError(_("it declares a DOCTYPE or entities, which footdesk does not read"))
    import xml.etree.ElementTree as ElementTree  # only when an SVG is read: not at every start

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValueError(_("it is not well-formed XML: {problem}").format(problem=exc)) from None
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        raise ValueError(_("its outermost element is not <svg>"))
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in _REFUSED_ELEMENTS:
            raise UnsafeSvgError(_("it holds a <{name}> element, which footdesk does not show").format(name=name))
        for key, value in element.attrib.items():
            attribute = key.rsplit("}", 1)[-1]
            if attribute.lower().startswith("on"):
                raise UnsafeSvgError(_("it holds an event attribute ({attribute})").format(attribute=attribute))
            if key in ("href", _XLINK_HREF) and not value.strip().startswith("#"):
                raise UnsafeSvgError(_("it refers to another file or address; only self-contained SVG is shown"))
            _local_urls(value)
        if name == "style" and element.text:
            if "@import" in element.text.lower():
                raise UnsafeSvgError(_("its style imports another file"))
            _local_urls(element.text)
    return (*_svg_size(root), 1)


FOOTDESK_INKS = {"#1a1a1a", "#e4572e"}
"""Ink and accent of footdesk's drawings (packaging/make_pictures.py)."""
_PAINTS = ("fill", "stroke", "stop-color", "color")


def _in_footdesk_inks(data: bytes) -> bool:
    """Every colour the drawing paints with is one of footdesk's two tokens (and it paints)."""
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.fromstring(data)  # checked well-formed and self-contained already
    used = set()
    for element in root.iter():
        if element.get("style"):
            return False
        used |= {element.get(paint, "").strip().lower() for paint in _PAINTS} - {"", "none"}
    return bool(used) and used <= FOOTDESK_INKS


def _local_urls(text: str) -> None:
    for target in _URL.findall(text):
        if target and not target.startswith("#"):
            raise UnsafeSvgError(_("it refers to another file or address; only self-contained SVG is shown"))


def _svg_size(root: Any) -> tuple[int, int]:
    """Its size in pixels: width and height when given in pixels, else the viewBox's."""
    width, height = (_LENGTH.fullmatch(root.get(key, "")) for key in ("width", "height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    raise ValueError(_("it gives no size (width and height, or a viewBox)"))


_READERS = {
    PictureKind.PNG: _png,
    PictureKind.JPEG: _jpeg,
    PictureKind.WEBP: _webp,
    PictureKind.GIF: _gif,
    PictureKind.SVG: _svg,
}
