"""The report for the physiotherapist on paper: the weeks first (days done of
the days prescribed, the lower back, the phase), how each exercise felt, the
questionnaires, the notes; then the programme card as it runs now, drawn by
``card_pdf`` (the same card ``footdesk export --card`` prints). Black on
white, portrait A4 or Letter, tables of text a black-and-white printer keeps
whole. What it says is ``footdesk.physio_report``'s, in ``footdesk.report``'s
words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from footdesk.files import atomic_write_bytes
from footdesk.i18n import _
from footdesk.platform.card_pdf import RESOLUTION, CardSheet, paint_card, pdf_writer
from footdesk.platform.week_pdf import WRAP, pdf_font, written_pdf
from footdesk.report import (
    REPORT_EXERCISE_HEADINGS,
    REPORT_EXERCISES_HEADING,
    REPORT_NOTE,
    REPORT_NOTES_HEADING,
    REPORT_SCORE_HEADINGS,
    REPORT_SCORES_HEADING,
    REPORT_WEEK_HEADINGS,
    REPORT_WEEKS_HEADING,
    report_days_rule,
    report_dose_line,
    report_exercise_cells,
    report_no_check_ins,
    report_no_sessions,
    report_note_line,
    report_others_line,
    report_plan_line,
    report_score_cells,
    report_span_line,
    report_title,
    report_week_cells,
)

if TYPE_CHECKING:
    from pathlib import Path

    from footdesk.physio_report import PhysioReport

BLACK = QColor("#000000")
GREY = QColor("#444444")


def _each(texts: Sequence[str]) -> tuple[str, ...]:
    """Texts marked N_ in footdesk.report, in the person's language."""
    return tuple(_(text) for text in texts)


def write_report_pdf(path: Path, report: PhysioReport) -> tuple[str, ...]:
    """Drawn in memory, then written whole or not at all (as the week's PDF and
    the card). Returns a line for each picture the card is printed without."""
    data, without = report_pdf_bytes(report)
    atomic_write_bytes(path, data, follow_symlinks=False)
    return without


def report_pdf_bytes(report: PhysioReport) -> tuple[bytes, tuple[str, ...]]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    title = report_title(report.routine_title)
    writer = pdf_writer(buffer, report.paper, title)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(_("Qt cannot draw a PDF page here"))
    without: list[str] = []
    try:
        sheet = CardSheet(painter, writer, title)
        _paint_front(sheet, report)
        sheet.new_page()
        paint_card(sheet, report.card, without)
    finally:
        painter.end()
    del writer  # finishes the document
    return written_pdf(buffer), tuple(dict.fromkeys(without))


def _paint_front(sheet: CardSheet, report: PhysioReport) -> None:
    """The weeks and what the person said, before the card."""
    sheet.lines((report_title(report.routine_title),), 17, gap=6, bold=True)
    sheet.lines((report_span_line(report.first, report.last, len(report.weeks), report.made_on),), 10, gap=8)
    sheet.lines((report_dose_line(report.times_a_day, report.days_a_week, report.dose_is_the_routines),
                 report_plan_line(report.plan)), 11, gap=4)  # fmt: skip
    sheet.rule(2)
    _heading(sheet, _(REPORT_WEEKS_HEADING))
    if report.sessions == 0:
        sheet.lines((report_no_sessions(report.routine_title, len(report.weeks)),), 11)
    rows = [report_week_cells(week.point.label, *week.span, week.phases, week.point.started, week.point.days_done,
                              week.prescribed, week.point.pain) for week in report.weeks]  # fmt: skip
    _table(sheet, _each(REPORT_WEEK_HEADINGS), rows, (0.15, 0.2, 0.27, 0.2, 0.18))
    _small(sheet, report_days_rule(report.times_a_day))
    if report.others:
        _small(sheet, report_others_line(report.others))
    _heading(sheet, _(REPORT_EXERCISES_HEADING))
    if report.exercises:
        from footdesk.records import Effort

        rows = [report_exercise_cells(entry.title, entry.efforts[Effort.EASY], entry.efforts[Effort.ABOUT_RIGHT],
                                      entry.efforts[Effort.HARD], entry.pains, entry.pain_mean)
                for entry in report.exercises]  # fmt: skip
        _table(sheet, _each(REPORT_EXERCISE_HEADINGS), rows, (0.34, 0.09, 0.13, 0.09, 0.35))
    else:
        sheet.lines((report_no_check_ins(),), 11)
    if report.questionnaires:
        _heading(sheet, _(REPORT_SCORES_HEADING))
        rows = [report_score_cells(entry.score.name, entry.score.day, entry.score.score, entry.change, entry.first)
                for entry in report.questionnaires]  # fmt: skip
        _table(sheet, _each(REPORT_SCORE_HEADINGS), rows, (0.4, 0.2, 0.15, 0.25))
    if report.notes:
        _heading(sheet, _(REPORT_NOTES_HEADING))
        sheet.lines(tuple(report_note_line(note.day, note.text) for note in report.notes), 10, gap=4)
    sheet.y += _mm(4)
    _small(sheet, _(REPORT_NOTE))


def _mm(millimetres: float) -> float:
    return millimetres * RESOLUTION / 25.4


def _heading(sheet: CardSheet, text: str) -> None:
    sheet.y += _mm(3)
    sheet.room_for(_mm(22))  # a heading never alone at a page's foot
    sheet.lines((text,), 12, gap=_mm(2), bold=True)


def _small(sheet: CardSheet, text: str) -> None:
    sheet.painter.setPen(QPen(GREY))
    sheet.lines((text,), 9, gap=_mm(1.5))
    sheet.painter.setPen(QPen(BLACK))


def _table(sheet: CardSheet, headings: tuple[str, ...], rows: Sequence[tuple[str, ...]],
           shares: tuple[float, ...]) -> None:  # fmt: skip
    """A row a line of ``rows``, each as tall as its tallest cell (wrapped,
    never clipped), the headings again at the top of a page it runs on to."""
    painter = sheet.painter
    widths = [sheet.width * share for share in shares]
    pad = _mm(1.5)

    def height_of(cells: tuple[str, ...]) -> float:
        cell_heights = (sheet.text_height(cell, width - pad) for cell, width in zip(cells, widths, strict=True))
        return max(_mm(5), *(height + _mm(1.5) for height in cell_heights))

    def draw(cells: tuple[str, ...], height: float) -> None:
        x = 0.0
        for cell, width in zip(cells, widths, strict=True):
            painter.drawText(QRectF(x, sheet.y, width - pad, height), Qt.AlignmentFlag.AlignVCenter | WRAP, cell)
            x += width

    def heading_row() -> None:
        painter.setFont(pdf_font(9, bold=True))
        height = height_of(headings)
        draw(headings, height)
        sheet.y += height
        painter.setPen(QPen(QColor("#888888"), 2))
        painter.drawLine(0, int(sheet.y), int(sheet.width), int(sheet.y))
        painter.setPen(QPen(BLACK))
        painter.setFont(pdf_font(10))

    painter.setFont(pdf_font(9, bold=True))
    sheet.room_for(height_of(headings) + _mm(6))
    heading_row()
    for cells in rows:
        height = height_of(cells)
        if sheet.room_for(height):
            heading_row()
        draw(cells, height)
        sheet.y += height
        painter.setPen(QPen(QColor("#cccccc"), 1))
        painter.drawLine(0, int(sheet.y), int(sheet.width), int(sheet.y))
        painter.setPen(QPen(BLACK))
    sheet.y += _mm(2)
