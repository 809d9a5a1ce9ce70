"""The programme card on paper: the routine's steps in order, each with its
pictures (alt text as the caption), its times, its sides and its numbered
instructions, a step never split across pages, black on white. Qt's own PDF
writer, as for the week (``week_pdf``); every word comes from ``footdesk.card``.

A picture is read and checked by ``card.read_card_picture`` (the pictures
module's one check) before Qt decodes the very bytes checked, and decoded at
the size it prints; one that is missing, refused or does not decode is left
out, and the card says so in a line for the caller to show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from footdesk import __version__
from footdesk.card import CARD_NOTE, CardPicture, CardStep, Paper, ProgrammeCard, read_card_picture, without_picture
from footdesk.files import atomic_write_bytes
from footdesk.i18n import _
from footdesk.pictures import PictureFacts, PictureKind
from footdesk.platform.week_pdf import WRAP, PdfSheet, pdf_font, written_pdf
from footdesk.untrusted import ReceivedFileError

if TYPE_CHECKING:
    from pathlib import Path

PAGE_SIZES = {Paper.A4: QPageSize.PageSizeId.A4, Paper.LETTER: QPageSize.PageSizeId.Letter}
RESOLUTION = 150
"""Device units per inch of the page, as the week's PDF."""
PRINT_DPI = 300
"""What a picture is decoded at for the size it prints: sharp on paper, never its full 4096 pixels."""
PAPER_INK = {b"#e4572e": b"#777777", b"#E4572E": b"#777777"}
"""footdesk's own drawings are in two colour tokens: the ink (#1a1a1a) prints as
it is; the accent turns a mid grey, which a black-and-white printer keeps
apart from the ink. A person's own pictures are never recoloured."""
GREY = QColor("#444444")


def write_card_pdf(path: Path, card: ProgrammeCard) -> tuple[str, ...]:
    """Drawn in memory, then written whole or not at all (as the week's PDF).
    Returns a line for each picture the card is printed without."""
    data, without = card_pdf_bytes(card)
    atomic_write_bytes(path, data, follow_symlinks=False)
    return without


def card_pdf_bytes(card: ProgrammeCard) -> tuple[bytes, tuple[str, ...]]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, card.paper, card.title)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(_("Qt cannot draw a PDF page here"))
    without: list[str] = []
    try:
        sheet = CardSheet(painter, writer, card.title)
        paint_card(sheet, card, without)
    finally:
        painter.end()
    del writer  # finishes the document
    return written_pdf(buffer), tuple(dict.fromkeys(without))


def pdf_writer(buffer: QBuffer, paper: Paper, title: str) -> QPdfWriter:
    """A portrait page of ``paper`` with the card's margins, writing into ``buffer``."""
    writer = QPdfWriter(buffer)
    size = QPageSize(PAGE_SIZES[paper])
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Unit.Millimeter))  # fmt: skip
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"footdesk — {title}")
    writer.setCreator(f"footdesk {__version__}")
    return writer


def paint_card(sheet: CardSheet, card: ProgrammeCard, without: list[str]) -> None:
    """The card from where ``sheet`` is: its title, its summary, each step
    (a line in ``without`` for each picture left out), the note at its foot.
    The physio's report prints it after its weeks (``report_pdf``)."""
    sheet.lines((card.title,), 20, gap=6, bold=True)
    sheet.lines((card.summary,), 10, gap=10)
    sheet.rule(2)
    for step in card.steps:
        _paint_step(sheet, step, without)
    sheet.y += _mm(4)
    sheet.painter.setPen(QPen(GREY))
    sheet.lines((_(CARD_NOTE),), 9)
    sheet.painter.setPen(QPen(QColor("#000000")))


def _mm(millimetres: float) -> float:
    return millimetres * RESOLUTION / 25.4


class CardSheet(PdfSheet):
    """The week's sheet, with the card's title small at the top of each page after the first."""

    def __init__(self, painter: QPainter, writer: QPdfWriter, title: str) -> None:
        super().__init__(painter, writer)
        self.title = title
        self.page = 1

    def new_page(self) -> None:
        super().new_page()
        self.page += 1
        pen, font = self.painter.pen(), self.painter.font()  # what was being drawn goes on as it was
        self.painter.setPen(QPen(GREY))
        # TRANSLATORS: at the top of each page of the programme card after the first: the routine's title and the
        # page's number
        self.lines((_("{title} — page {page}").format(title=self.title, page=self.page),), 9, gap=_mm(3))
        self.painter.setPen(pen)
        self.painter.setFont(font)

    def rule(self, width: int = 1) -> None:
        self.painter.setPen(QPen(QColor("#999999"), width))
        self.painter.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.painter.setPen(QPen(QColor("#000000")))
        self.y += _mm(4)


@dataclass
class _Shown:
    """A picture decoded for the card and where it goes in its step's column,
    with the words under it; or (no image) a caption the pictures above share."""

    image: QImage | None
    rect: QRectF
    words: str
    under: QRectF


def _paint_step(sheet: CardSheet, step: CardStep, without: list[str]) -> None:
    """The pictures on the left, the words on the right; the whole step on one
    page (its pictures smaller when it would not fit on a page of its own)."""
    images = [(picture, image) for picture in step.pictures if (image := _load(picture, without)) is not None]
    column = sheet.width * 0.36 if images else 0.0
    text_x = column + _mm(6) if images else 0.0
    text_height = _text(sheet, step, text_x, sheet.width - text_x, draw=False)
    tallest = _mm(50)
    shown, pictures_height = _place(sheet, images, column, tallest)
    while images and max(text_height, pictures_height) > sheet.height - _mm(12) and tallest > _mm(20):
        tallest = max(_mm(20), tallest * 0.8)
        shown, pictures_height = _place(sheet, images, column, tallest)
    block = max(text_height, pictures_height) + _mm(4)
    fits = block <= sheet.height - _mm(12)  # on a page of its own; one that cannot goes on from here
    sheet.room_for(block if fits else _mm(40))
    top = sheet.y
    for item in shown:
        _draw_picture(sheet, item, top)
    sheet.y = top
    _text(sheet, step, text_x, sheet.width - text_x, draw=True)
    sheet.y = max(sheet.y, top + pictures_height) + _mm(2)
    sheet.rule()


def _text(sheet: PdfSheet, step: CardStep, x: float, width: float, draw: bool) -> float:
    """The step's words in its column: title, times, sides, a note, the
    numbered instructions. Measured (``draw`` False) or drawn from ``sheet.y``."""
    painter = sheet.painter
    paragraphs: list[tuple[str, str, float, bool, bool]] = [("", f"{step.number}. {step.title}", 14, True, False),
                                                          ("", step.timing, 11, True, False)]  # fmt: skip
    if step.sides:
        paragraphs.append(("", step.sides, 11, False, False))
    if step.note:
        paragraphs.append(("", step.note, 10, False, True))
    paragraphs += [(f"{number}.", text, 11, False, False) for number, text in enumerate(step.instructions, 1)]
    painter.setFont(pdf_font(11))
    indent = painter.boundingRect(QRectF(0, 0, width, 1000), WRAP, "00.").width() + _mm(1.5)
    height = 0.0
    for mark, text, points, bold, italic in paragraphs:
        font = pdf_font(points, bold)
        font.setItalic(italic)
        painter.setFont(font)
        left = indent if mark else 0.0
        tall = sheet.text_height(text, width - left)
        gap = _mm(2.5) if not mark else _mm(1.2)
        if draw:
            sheet.room_for(tall)  # only a step taller than a page goes on over it
            if mark:
                painter.drawText(QRectF(x, sheet.y, indent, tall + 4), WRAP, mark)
            painter.drawText(QRectF(x + left, sheet.y, width - left, tall + 4), WRAP, text)
            sheet.y += tall + gap
        height += tall + gap
    return height


def _place(sheet: PdfSheet, images: list[tuple[CardPicture, QImage]], column: float,
           tallest: float) -> tuple[list[_Shown], float]:  # fmt: skip
    """Two pictures to a row in the column, each as large as fits its cell
    and ``tallest``, its words under it: its alt text, after its label when it
    has one. Pictures of one description (the sides of a step, the stages of a
    movement) have their labels under each and the description once, below."""
    if not images:
        return [], 0.0
    across = min(2, len(images))
    pad = _mm(3)
    cell = (column - pad * (across - 1)) / across
    captions = {picture.caption for picture, _image in images}
    shared = captions.pop() if len(images) > 1 and len(captions) == 1 else ""
    sheet.painter.setFont(_caption_font())
    shown: list[_Shown] = []
    y = 0.0
    for row in range(math.ceil(len(images) / across)):
        tallest_in_row = 0.0
        for place, (picture, image) in enumerate(images[row * across : (row + 1) * across]):
            scale = min(cell / image.width(), tallest / image.height())
            width, height = image.width() * scale, image.height() * scale
            x = place * (cell + pad)
            words = picture.label if shared else _caption(picture)
            words_height = sheet.text_height(words, cell) if words else 0.0
            rect = QRectF(x + (cell - width) / 2, y, width, height)
            shown.append(_Shown(image, rect, words, QRectF(x, y + height + _mm(1), cell, words_height + 4)))
            tallest_in_row = max(tallest_in_row, height + _mm(1) + words_height)
        y += tallest_in_row + pad
    if shared:
        words_height = sheet.text_height(shared, column)
        shown.append(_Shown(None, QRectF(), shared, QRectF(0, y - pad + _mm(1), column, words_height + 4)))
        y += words_height + _mm(1)
    return shown, y


def _caption_font() -> QFont:
    font = pdf_font(9)
    font.setItalic(True)
    return font


def _caption(picture: CardPicture) -> str:
    return f"{picture.label}\n{picture.caption}" if picture.label else picture.caption


def _draw_picture(sheet: PdfSheet, shown: _Shown, top: float) -> None:
    painter = sheet.painter
    if shown.image is not None:
        painter.drawImage(shown.rect.translated(0, top), shown.image)
        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.drawRect(shown.rect.translated(0, top))
    painter.setPen(QPen(GREY))
    painter.setFont(_caption_font())
    painter.drawText(shown.under.translated(0, top), WRAP | Qt.AlignmentFlag.AlignHCenter, shown.words)
    painter.setPen(QPen(QColor("#000000")))


def _load(picture: CardPicture, without: list[str]) -> QImage | None:
    """The picture decoded at the size it can print at most (the column's width
    at PRINT_DPI), mirrored when it shows the other side; None, and a line in
    ``without``, when it cannot be shown."""
    try:
        data, facts = read_card_picture(picture)
    except ReceivedFileError as exc:
        without.append(without_picture(str(exc)))
        return None
    if picture.shipped and facts.kind is PictureKind.SVG:
        for token, grey in PAPER_INK.items():
            data = data.replace(token, grey)
    image = _decode(data, facts)
    if image is None or image.isNull():
        # TRANSLATORS: {kind} is the picture's file type: svg, png, jpeg
        without.append(without_picture(_("{path}: the {kind} picture cannot be drawn").format(
            path=picture.path, kind=facts.kind.value)))  # fmt: skip
        return None
    return image.flipped(Qt.Orientation.Horizontal) if picture.mirrored else image


def _decode(data: bytes, facts: PictureFacts) -> QImage | None:
    largest = int(_mm(180) * 0.36 / RESOLUTION * PRINT_DPI)  # the picture column's width, in printed pixels
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, facts.kind.value.lower().encode())
    reader.setAutoTransform(True)  # a phone's photo stands the way it was taken
    if facts.kind is PictureKind.SVG:  # drawn at the size it prints, whatever size it says
        scale = largest / max(facts.width, facts.height)
        reader.setScaledSize(QSize(max(1, round(facts.width * scale)), max(1, round(facts.height * scale))))
    image = reader.read()
    if image.isNull():
        return None
    if max(image.width(), image.height()) > largest:
        image = image.scaled(largest, largest, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    return image
