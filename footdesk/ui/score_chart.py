"""The back questionnaires' scores over time, under the review's twelve
weeks: each instrument in a band of its own on its own scale (0-24, 0-10,
0-100 %), labelled with which way is better, every value written beside its
point; "Last 12 weeks" or "All time". Drawn with QPainter, as the other
week pictures are; the scores come from ``Questionnaires.scores``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from footdesk.i18n import N_, _, day_month_year, decimal
from footdesk.questionnaires import Instrument, Score
from footdesk.report import QUESTIONNAIRE_DIRECTION, QUESTIONNAIRE_NAMES, change_text, score_text
from footdesk.ui.theme import PlainLabel, dimmed_text, named, pixel_font

RANGES = ((N_("Last 12 weeks"), 12), (N_("All time"), None))
"""The ranges offered, in words (looked up with ``_`` where shown) and weeks back (None: all time)."""


@dataclass(frozen=True)
class Mark:
    """One point drawn: where, the value written above it, and where that value goes."""

    spot: QPointF
    value: str
    label: QRectF


class ScoreChart(QWidget):
    FONT_PX = 14

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChart")
        self.scores: tuple[Score, ...] = ()
        self.first = self.last = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_scores(self, scores: tuple[Score, ...], first: date, last: date) -> None:
        self.scores, self.first, self.last = scores, first, max(last, first + timedelta(days=1))
        self.setAccessibleDescription(scores_words(scores) or _("No back questionnaire in this time."))
        # with nothing to draw, one line: the room goes to the twelve weeks' chart above it
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Expanding if scores else QSizePolicy.Policy.Fixed)  # fmt: skip
        self.updateGeometry()  # a band more or less
        self.update()

    def instruments(self) -> list[Instrument]:
        """The bands drawn, in a fixed order: those with a score in the range."""
        return [kind for kind in Instrument if any(s.instrument is kind for s in self.scores)]

    def _line(self) -> float:
        return QFontMetricsF(pixel_font(self, self.FONT_PX)).height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # each band: its label, the values above the points, and a plot of two lines at least
        bands = len(self.instruments())
        return QSize(int(self._line() * 20), int(self._line() * (4 * bands if bands else 1.6)))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        bands = len(self.instruments())
        return QSize(int(self._line() * 40), int(self._line() * (5 * bands if bands else 1.6)))

    def weeks_shown(self) -> int:
        """The week columns across first..last (Monday to Sunday, as the twelve weeks' chart above)."""
        return (_monday(self.last) - _monday(self.first)).days // 7 + 1

    def x_of(self, day: date, left: float, width: float) -> float:
        """The middle of ``day``'s week column across first..last: in the 12
        weeks, the column of the same week in the chart above, where its bar is."""
        column = (_monday(day) - _monday(self.first)).days // 7
        return left + width * (column + 0.5) / self.weeks_shown()

    def plot_of(self, band: QRectF, line: float) -> QRectF:
        """Where a band's points go: under its label and the values written above them."""
        return QRectF(band.left(), band.top() + line * 2.1, band.width(), max(line, band.height() - line * 2.4))

    def marks(self, kind: Instrument, plot: QRectF, line: float) -> list[Mark]:
        """The points of one instrument: one per week column, the last score of
        that week (several in a week, or on one day, would be drawn and written
        on top of each other; the words, ``scores_words``, keep every one), each
        value written above its point, inside the chart at its edges."""
        last_of_week: dict[date, Score] = {}
        for score in self.scores:
            if score.instrument is kind:
                last_of_week[_monday(score.taken_on)] = score  # oldest first: the last one stays
        out = []
        for score in last_of_week.values():
            spot = QPointF(self.x_of(score.taken_on, plot.left(), plot.width()),
                           plot.bottom() - plot.height() * score.score / score.max_score)  # fmt: skip
            width = line * 4
            x = min(max(spot.x() - width / 2, plot.left()), plot.right() - width)
            out.append(Mark(spot, _short(score.score), QRectF(x, spot.y() - line - 3, width, line)))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = pixel_font(self, self.FONT_PX)
        painter.setFont(font)
        line = QFontMetricsF(font).height()
        kinds = self.instruments()
        if not kinds:
            painter.setPen(dimmed_text(self))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter,
                             _("No back questionnaire in this time (Routine → Back questionnaire…)"))  # fmt: skip
            return
        band_height = self.height() / len(kinds)
        for index, kind in enumerate(kinds):
            band = QRectF(0, index * band_height, self.width(), band_height)
            self._paint_band(painter, kind, band, line)

    def _paint_band(self, painter: QPainter, kind: Instrument, band: QRectF, line: float) -> None:
        """One instrument: its label and scale, then its scores joined, each value written above its point."""
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(dimmed_text(self))
        # TRANSLATORS: a band of the questionnaires' chart: "Roland-Morris (0 to 24, lower is better)"
        label = _("{name} ({scale})").format(name=_(QUESTIONNAIRE_NAMES[kind.value]),
                                             scale=_(QUESTIONNAIRE_DIRECTION[kind.value]))  # fmt: skip
        painter.drawText(QRectF(band.left(), band.top(), band.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
        plot = self.plot_of(band, line)
        painter.setPen(QPen(dimmed_text(self), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        marks = self.marks(kind, plot, line)
        path = QPainterPath()
        for number, mark in enumerate(marks):
            path.lineTo(mark.spot) if number else path.moveTo(mark.spot)
        painter.setPen(QPen(text, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(text)
        for mark in marks:
            painter.drawEllipse(mark.spot, 4, 4)
            painter.drawText(mark.label, Qt.AlignmentFlag.AlignCenter, mark.value)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _short(value: float) -> str:
    return str(int(value)) if value == int(value) else decimal(value, 1)


def scores_words(scores: tuple[Score, ...]) -> str:
    """Every score in words, with its date and its change since the first (what the chart draws)."""
    said = []
    for score in scores:
        day = score.taken_on
        # TRANSLATORS: a score in words: "7 Dec 2026: Roland-Morris 5 of 24"
        words = _("{date}: {score}").format(
            date=day_month_year(day), score=score_text(score.instrument.value, score.score)
        )
        if score.change_since_first != 0:  # (None: a PSFS of other activities than the first, said so)
            # TRANSLATORS: a score in words, then its change since the first: "…, 3 better than the first"
            words = _("{score}, {change}").format(
                score=words, change=change_text(score.change_since_first, score.lower_is_better)
            )
        said.append(words)
    return "; ".join(said)


class ScoresPanel(QWidget):
    """The chart with its range ("Last 12 weeks" or "All time"); its values in
    words are the chart's accessible description and tooltip (``words``)."""

    range_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoresPanel")
        self.heading = named(PlainLabel(_("Back questionnaires")), "scoresHeading")
        self.range = named(QComboBox(), "scoresRange")
        self.range.setAccessibleName(_("Questionnaires shown over"))
        for words, weeks in RANGES:
            self.range.addItem(_(words), weeks)
        self.range.currentIndexChanged.connect(lambda _index: self.range_changed.emit())
        self.chart = ScoreChart()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.range)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addLayout(top)
        column.addWidget(self.chart, 1)

    def weeks(self) -> int | None:
        """The range chosen: weeks back from this one, None for all time."""
        chosen = self.range.currentData()
        return chosen if isinstance(chosen, int) else None

    def show_scores(self, scores: tuple[Score, ...], first: date, last: date) -> None:
        self.chart.show_scores(scores, first, last)
        self.chart.setToolTip(self.words())
        # none to draw: two lines, the rest of the page to the twelve weeks above
        self.setSizePolicy(QSizePolicy.Policy.Preferred,
                           QSizePolicy.Policy.Preferred if scores else QSizePolicy.Policy.Maximum)  # fmt: skip

    def words(self) -> str:
        """Every score shown, with its date and change since the first."""
        return self.chart.accessibleDescription()
