"""Pages to hand to a physiotherapist: the week's days, each part's time
done against what was planned when it ran, the habits kept, the lower-back
ratings and the last twelve weeks' trend. A column a day and a row a part, so
the table fits at any number of steps; a week of two routines or more has a
page for the whole week (a row per routine), then a page for each routine alone. Qt's own PDF writer, no extra library;
every word comes from ``footdesk.report``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from footdesk import __version__
from footdesk.appmodel import WeekReport
from footdesk.files import atomic_write_bytes
from footdesk.i18n import _, day_month_year
from footdesk.report import (
    ANSWERS_HEADING,
    PDF_TIMES_NOTE,
    STREAK_RULE,
    WeekTable,
    goal_sentence,
    pain_line,
    parts_table,
    pdf_overview_line,
    pdf_routine_line,
    routines_table,
    streak_sentence,
    totals_sentence,
    trend_days_text,
    trend_heading,
    trend_minutes_text,
    trend_pain_text,
    trend_short_label,
    week_answers,
    week_plan_line,
    week_title,
)


def write_week_pdf(path: Path, report: WeekReport) -> None:
    """Drawn in memory, then written whole or not at all (files.atomic_write_bytes):
    Qt never sees the file's name, which it could not encode in a non-UTF-8 locale."""
    atomic_write_bytes(path, pdf_bytes(report), follow_symlinks=False)


def pdf_bytes(report: WeekReport) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(15, 15, 15, 15),
                    QPageLayout.Unit.Millimeter)
    )  # fmt: skip
    writer.setResolution(150)
    writer.setTitle(f"footdesk — {week_title(report.summary)}")
    writer.setCreator(f"footdesk {__version__}")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(_("Qt cannot draw a PDF page here"))
    try:
        sheet = PdfSheet(painter, writer)
        _paint_week(sheet, report)
        for page in report.pages:  # two routines or more: each alone on a page of its own
            sheet.new_page()
            _paint_routine(sheet, page, report)
    finally:
        painter.end()
    del writer  # finishes the document
    return written_pdf(buffer)


def written_pdf(buffer: QBuffer) -> bytes:
    """What a QPdfWriter wrote into ``buffer``, once the writer is gone; OSError when it is not a PDF."""
    data = bytes(buffer.data().data())
    if not data.startswith(b"%PDF"):
        raise OSError(_("Qt did not make a PDF"))
    return data


def pdf_font(points: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


WRAP = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


class PdfSheet:
    """The page being drawn and how far down it is; a block that does not fit
    goes on a new page."""

    def __init__(self, painter: QPainter, writer: QPdfWriter) -> None:
        self.painter = painter
        self.writer = writer
        self.width = float(writer.width())
        self.height = float(writer.height())
        self.y = 0.0

    def new_page(self) -> None:
        self.writer.newPage()
        self.y = 0.0

    def room_for(self, height: float) -> bool:
        """Whether ``height`` fits below; a new page when not (and it fits there)."""
        if self.y + height <= self.height or self.y == 0:
            return False
        self.new_page()
        return True

    def text_height(self, text: str, width: float) -> float:
        return self.painter.boundingRect(QRectF(0, 0, width, 10000), WRAP, text).height()

    def lines(self, texts: tuple[str, ...], points: float, gap: float = 8, bold: bool = False) -> None:
        """Sentences a line each (wrapped where long), never cut at a page's foot."""
        self.painter.setFont(pdf_font(points, bold))
        for text in texts:
            height = self.text_height(text, self.width)
            self.room_for(height)
            self.painter.drawText(QRectF(0, self.y, self.width, height + 4), WRAP, text)
            self.y += height + gap


def _paint_week(sheet: PdfSheet, report: WeekReport) -> None:
    """The week's first page: of its one routine, or of every routine with a row each."""
    summary = report.summary
    _paint_heading(sheet, f"footdesk — {report.routine_title}", report)
    if report.pages:
        sheet.lines((pdf_overview_line(len(report.pages)),), 11)
        each = [(report.routine_titles.get(page.routine or "", page.routine or ""), page.summary)
                for page in report.pages]  # fmt: skip
        _paint_table(sheet, routines_table(summary, each))
    else:
        plan = week_plan_line(summary.sessions)
        if plan:
            sheet.lines((plan,), 11)
        _paint_table(sheet, parts_table(summary, report.titles, report.routine_titles))
    sheet.y += 20
    sheet.lines((totals_sentence(summary), goal_sentence(summary), f"{streak_sentence(summary)} {_(STREAK_RULE)}",
                 pain_line(summary)), 11)  # fmt: skip
    _paint_answers(sheet, report)
    sheet.y += 14
    _paint_trend(sheet, report)
    sheet.y += 16
    _paint_note(sheet)


def _paint_routine(sheet: PdfSheet, page: WeekReport, week: WeekReport) -> None:
    """One routine's week alone: its parts, its time and its ratings."""
    title = week.routine_titles.get(page.routine or "", page.routine_title)
    _paint_heading(sheet, f"footdesk — {title}", page)
    plan = week_plan_line(page.summary.sessions)
    sheet.lines((pdf_routine_line(title), *((plan,) if plan else ())), 11)
    _paint_table(sheet, parts_table(page.summary, page.titles, page.routine_titles))
    sheet.y += 20
    sheet.lines((totals_sentence(page.summary), goal_sentence(page.summary), pain_line(page.summary)), 11)
    _paint_answers(sheet, page)
    sheet.y += 16
    _paint_note(sheet)


def _paint_answers(sheet: PdfSheet, report: WeekReport) -> None:
    """Each exercise's check-in and each note of the week, under the totals (nothing when none was given)."""
    answers = week_answers(report.summary.sessions, report.titles)
    if answers:
        sheet.y += 8
        sheet.lines((_(ANSWERS_HEADING),), 11, gap=6, bold=True)
        sheet.lines(answers, 10, gap=4)


def _paint_heading(sheet: PdfSheet, title: str, report: WeekReport) -> None:
    sheet.lines((title,), 18, gap=6, bold=True)
    # TRANSLATORS: under the week's PDF title: {week} is "Week 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)", {made} the
    # day it was made
    made = _("{week} · made {made}").format(week=week_title(report.summary), made=day_month_year(report.made_on))
    sheet.lines((made,), 12, gap=16)


def _paint_note(sheet: PdfSheet) -> None:
    sheet.painter.setPen(QPen(QColor("#555555")))
    sheet.lines((_(PDF_TIMES_NOTE),), 9)
    sheet.painter.setPen(QPen(QColor("#000000")))


def _shares(columns: int) -> list[float]:
    """The label column, the side's (when there is one), then seven days of one width."""
    days = [0.1] * 7
    return [0.24, 0.06, *days] if columns == 9 else [0.3, *days]


def _paint_table(sheet: PdfSheet, table: WeekTable) -> None:
    """A row per line of ``table`` (report.parts_table or routines_table), each
    as tall as its tallest cell, wrapped, never clipped; the headings again at
    the top of a page it runs on to."""
    painter = sheet.painter
    widths = [sheet.width * share for share in _shares(len(table.headings))]
    pad = 12.0
    if len(widths) == 9:  # the side's column as wide as its widest word ("izquierda"), taken from the label's
        painter.setFont(pdf_font(10, bold=True))
        widest = max(painter.fontMetrics().horizontalAdvance(row[1]) for row in (table.headings, *table.rows)) + pad
        extra = min(max(0.0, widest - widths[1]), widths[0] / 3)
        widths[0], widths[1] = widths[0] - extra, widths[1] + extra

    def height_of(cells: tuple[str, ...]) -> float:
        return max(
            40.0, *(sheet.text_height(cell, width - pad) + 12 for cell, width in zip(cells, widths, strict=True))
        )

    def draw(cells: tuple[str, ...], height: float) -> None:
        x = 0.0
        for cell, width in zip(cells, widths, strict=True):
            painter.drawText(QRectF(x, sheet.y, width - pad, height), Qt.AlignmentFlag.AlignVCenter | WRAP, cell)
            x += width

    def headings() -> None:
        painter.setFont(pdf_font(10, bold=True))
        height = height_of(table.headings)
        draw(table.headings, height)
        sheet.y += height
        painter.setPen(QPen(QColor("#888888"), 2))
        painter.drawLine(0, int(sheet.y), int(sheet.width), int(sheet.y))
        painter.setPen(QPen(QColor("#000000")))
        painter.setFont(pdf_font(10))

    painter.setFont(pdf_font(10, bold=True))
    sheet.room_for(height_of(table.headings) + 40)
    headings()
    for index, cells in enumerate(table.rows):
        height = height_of(cells)
        if sheet.room_for(height):
            headings()
        painter.setFont(pdf_font(10, bold=index == 0))  # the day's result (report._day_rows: the first row)
        draw(cells, height)
        painter.setFont(pdf_font(10))
        sheet.y += height
        painter.setPen(QPen(QColor("#dddddd"), 1))
        painter.drawLine(0, int(sheet.y), int(sheet.width), int(sheet.y))
        painter.setPen(QPen(QColor("#000000")))


def _paint_trend(sheet: PdfSheet, report: WeekReport) -> None:
    if report.trend:
        sheet.room_for(34 + 90 + 2 + 24 * 4 + 4)
        sheet.y = _draw_trend(sheet.painter, sheet.width, sheet.y, report)


def _draw_trend(painter: QPainter, width: float, top: float, report: WeekReport) -> float:
    """Twelve small columns, the same weeks (the same WeekPoints) as the review's
    trend: days done as a bar with its count, then the week, the minutes of
    exercise and the week's mean rating, each written out."""
    points = report.trend
    if not points:
        return top
    painter.setFont(pdf_font(10, bold=True))
    painter.drawText(QRectF(0, top, width, 30), Qt.AlignmentFlag.AlignLeft, trend_heading(points))
    top += 34
    bar_height = 90.0
    label_width = width * 0.1
    column = (width - label_width) / len(points)
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    # TRANSLATORS: the rows of the PDF's twelve-week chart, under its columns (a narrow label each)
    rows = (_("Week"), _("Days done"), _("Minutes"), _("Lower back"))
    painter.setFont(pdf_font(8))
    for line, name in enumerate(rows):
        painter.drawText(QRectF(0, top + bar_height + 2 + 24 * line, label_width, 24), Qt.AlignmentFlag.AlignLeft,
                         name)  # fmt: skip
    for index, point in enumerate(points):
        x = label_width + index * column
        filled = bar_height * point.days_done / 7
        painter.fillRect(QRectF(x + column * 0.25, top + bar_height - filled, column * 0.5, filled), QColor("#2e7d32"))
        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.drawLine(int(x + column * 0.1), int(top + bar_height), int(x + column * 0.9), int(top + bar_height))
        painter.setPen(QPen(QColor("#000000")))
        cells = (trend_short_label(point), trend_days_text(point), trend_minutes_text(point), trend_pain_text(point))
        for line, cell in enumerate(cells):
            painter.drawText(QRectF(x, top + bar_height + 2 + 24 * line, column, 24), centre, cell)
    return top + bar_height + 2 + 24 * len(rows) + 4
