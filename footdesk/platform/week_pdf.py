"""One page to hand to a physiotherapist: the week's days, each step's time,
the habits kept and the lower-back ratings. Qt's own PDF writer, no extra
library."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from footdesk import __version__
from footdesk.history import SessionRecord, WeekSummary
from footdesk.report import DAY_MARKS, STREAK_RULE, pain_trend, week_title
from footdesk.routine import Routine
from footdesk.timefmt import clock_text


def _columns(routine: Routine) -> list[tuple[str, str | None, str]]:
    """(step id, side, heading) for every timed part of the routine."""
    columns = []
    for step in routine.steps:
        if not step.timed:
            continue
        short = step.title.split(" with ")[0].split(" on ")[0]
        for side in step.sides or (None,):
            heading = f"{short} ({side.value})" if side else short
            columns.append((step.id, side.value if side else None, heading))
    return columns


def _seconds_done(sessions: list[SessionRecord], step: str, side: str | None) -> float:
    return sum(r.actual_s for s in sessions for r in s.steps if r.step == step and r.side == side)


def write_week_pdf(path: Path, summary: WeekSummary, routine: Routine, made_on: date | None = None) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(15, 15, 15, 15),
                    QPageLayout.Unit.Millimeter)
    )  # fmt: skip
    writer.setResolution(150)
    writer.setTitle(f"footdesk — {week_title(summary)}")
    writer.setCreator(f"footdesk {__version__}")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        _paint(painter, writer.width(), summary, routine, made_on or date.today())
    finally:
        painter.end()


def _paint(painter: QPainter, width: int, summary: WeekSummary, routine: Routine, made_on: date) -> None:
    def font(points: float, bold: bool = False) -> QFont:
        f = QFont("DejaVu Sans")
        f.setPointSizeF(points)
        f.setBold(bold)
        return f

    y = 0.0
    painter.setFont(font(18, bold=True))
    painter.drawText(QRectF(0, y, width, 60), Qt.AlignmentFlag.AlignLeft, f"footdesk — {routine.title}")
    y += 60
    painter.setFont(font(12))
    painter.drawText(QRectF(0, y, width, 40), Qt.AlignmentFlag.AlignLeft,
                     f"{week_title(summary)} · made {made_on:%d %b %Y}")  # fmt: skip
    y += 60

    columns = _columns(routine)
    headings = ["Day", "Result", *[c[2] for c in columns], "Habits kept", "Lower back"]
    widths = [0.16, 0.14] + [0.5 / max(1, len(columns))] * len(columns) + [0.1, 0.1]
    row_height = 44.0

    def row(cells: list[str]) -> None:
        x = 0.0
        for cell, share in zip(cells, widths, strict=True):
            painter.drawText(QRectF(x, y, width * share, row_height), Qt.AlignmentFlag.AlignVCenter, cell)
            x += width * share

    painter.setFont(font(10, bold=True))
    row(headings)
    y += row_height
    painter.setPen(QPen(QColor("#888888"), 2))
    painter.drawLine(0, int(y), width, int(y))
    painter.setPen(QPen(QColor("#000000")))
    painter.setFont(font(10))
    for day in summary.days:
        those = [s for s in summary.sessions if s.local_date == day.day]
        mark, words = DAY_MARKS[day.state]
        cells = [f"{day.day:%a %d %b}", f"{mark} {words}"]
        for step, side, _ in columns:
            planned = routine.step(step).seconds or 0
            done = _seconds_done(those, step, side)
            cells.append(f"{clock_text(done)} / {clock_text(planned)}" if those else "")
        cells.append(str(day.habits) if those else "")
        cells.append("" if day.pain is None else f"{day.pain} / 10")
        row(cells)
        y += row_height
        painter.setPen(QPen(QColor("#dddddd"), 1))
        painter.drawLine(0, int(y), width, int(y))
        painter.setPen(QPen(QColor("#000000")))

    y += 30
    painter.setFont(font(11))
    lines = [
        f"{summary.days_done} of 7 days done · {round(summary.minutes)} min of exercise · "
        f"{summary.habits} habits kept (walking barefoot, less supportive shoes)",
        f"Streak: {summary.current_streak} days (longest {summary.longest_streak}). {STREAK_RULE}",
        pain_trend(summary) or "No lower-back ratings this week.",
    ]
    for line in lines:
        painter.drawText(QRectF(0, y, width, 40), Qt.AlignmentFlag.AlignLeft, line)
        y += 44
    y += 20
    painter.setFont(font(9))
    painter.setPen(QPen(QColor("#555555")))
    painter.drawText(
        QRectF(0, y, width, 80),
        Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
        "Times are the minutes:seconds actually done / planned. Pain: 0 = none, 10 = worst, as rated after the "
        "routine. footdesk is an exercise timer, not medical care.",
    )
