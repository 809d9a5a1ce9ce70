"""One page to hand to a physiotherapist: the week's days, each part's time
done against what was planned when it ran, the habits kept, the lower-back
ratings and the last twelve weeks' trend. Qt's own PDF writer, no extra library;
every word comes from ``footdesk.report``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from footdesk import __version__
from footdesk.appmodel import WeekReport
from footdesk.files import atomic_write_bytes
from footdesk.report import (
    STREAK_RULE,
    goal_sentence,
    pain_line,
    streak_sentence,
    totals_sentence,
    trend_days_text,
    trend_heading,
    trend_minutes_text,
    trend_pain_text,
    trend_short_label,
    week_table,
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
        raise OSError("Qt cannot draw a PDF page here")
    try:
        _paint(painter, writer.width(), report)
    finally:
        painter.end()
    del writer  # finishes the document
    data = bytes(buffer.data().data())
    if not data.startswith(b"%PDF"):
        raise OSError("Qt did not make a PDF")
    return data


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _paint(painter: QPainter, width: int, report: WeekReport) -> None:
    y = _paint_heading(painter, width, report)
    y = _paint_table(painter, width, y, report)
    y = _paint_sentences(painter, width, y + 20, report)
    y = _paint_trend(painter, width, y + 14, report)
    painter.setFont(_font(9))
    painter.setPen(QPen(QColor("#555555")))
    painter.drawText(
        QRectF(0, y + 16, width, 80),
        Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
        "Times are the minutes:seconds actually done / planned when they were done. Pain: 0 = none, 10 = worst, "
        "as rated after the routine. footdesk is an exercise timer, not medical care.",
    )


def _paint_heading(painter: QPainter, width: int, report: WeekReport) -> float:
    """The routine and the week; where the table starts."""
    painter.setFont(_font(18, bold=True))
    painter.drawText(QRectF(0, 0, width, 60), Qt.AlignmentFlag.AlignLeft, f"footdesk — {report.routine_title}")
    painter.setFont(_font(12))
    painter.drawText(QRectF(0, 60, width, 40), Qt.AlignmentFlag.AlignLeft,
                     f"{week_title(report.summary)} · made {report.made_on:%d %b %Y}")  # fmt: skip
    return 116


def _paint_table(painter: QPainter, width: int, top: float, report: WeekReport) -> float:
    """The week's table (report.week_table), a row a day under headings as tall
    as their longest; where it ends."""
    table = week_table(report.summary, report.titles, report.routine_titles)
    parts, after = table.parts, len(table.headings) - 2 - table.parts  # the habits kept (if any), the lower back
    widths = [0.15, 0.17] + [(0.68 - 0.1 * after) / max(1, parts)] * parts + [0.1] * after
    row_height = 40.0
    y = top

    def row(cells: tuple[str, ...], height: float = row_height) -> None:
        x = 0.0
        for cell, share in zip(cells, widths, strict=True):
            painter.drawText(QRectF(x, y, width * share - 12, height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, cell)  # fmt: skip
            x += width * share

    painter.setFont(_font(10, bold=True))
    # a long part's name (with its routine's, where two routines share a step id)
    # takes two lines or more: the heading row grows to hold the tallest, never clipped
    wrap = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    needed = max(painter.boundingRect(QRectF(0, 0, width * share - 12, 1000), wrap, cell).height()
                 for cell, share in zip(table.headings, widths, strict=True))  # fmt: skip
    heading_height = max(row_height * 1.5, needed + 8)
    row(table.headings, heading_height)
    y += heading_height
    painter.setPen(QPen(QColor("#888888"), 2))
    painter.drawLine(0, int(y), width, int(y))
    painter.setPen(QPen(QColor("#000000")))
    painter.setFont(_font(10))
    for cells in table.rows:
        row(cells)
        y += row_height
        painter.setPen(QPen(QColor("#dddddd"), 1))
        painter.drawLine(0, int(y), width, int(y))
        painter.setPen(QPen(QColor("#000000")))
    return y


def _paint_sentences(painter: QPainter, width: int, top: float, report: WeekReport) -> float:
    """The totals, the goal, the streak with its rule and the back, as the review says them."""
    summary = report.summary
    y = top
    painter.setFont(_font(11))
    for line in (totals_sentence(summary), goal_sentence(summary), f"{streak_sentence(summary)} {STREAK_RULE}",
                 pain_line(summary)):  # fmt: skip
        rect = QRectF(0, y, width, 80)
        used = painter.boundingRect(rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, line)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, line)
        y += used.height() + 8
    return y


def _paint_trend(painter: QPainter, width: int, top: float, report: WeekReport) -> float:
    """Twelve small columns, the same weeks (the same WeekPoints) as the review's
    trend: days done as a bar with its count, then the week, the minutes of
    exercise and the week's mean rating, each written out."""
    points = report.trend
    if not points:
        return top
    painter.setFont(_font(10, bold=True))
    painter.drawText(QRectF(0, top, width, 30), Qt.AlignmentFlag.AlignLeft, trend_heading(points))
    top += 34
    bar_height = 90.0
    label_width = width * 0.1
    column = (width - label_width) / len(points)
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    rows = ("Week", "Days done", "Minutes", "Lower back")
    painter.setFont(_font(8))
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
