"""The back questionnaires in the review: the week says those answered in
it, the trend tab draws each instrument's scores on its own scale under the
twelve weeks (or all time), and Export all as CSV writes them beside."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from footdesk import paths
from footdesk.history import HistoryStore
from footdesk.questionnaires import Activity, Instrument, answered
from tests.ui.test_review import FakeFileDialog, click, open_review


def at(day: date) -> str:
    return datetime(day.year, day.month, day.day, 9, 0).astimezone().isoformat(timespec="milliseconds")


def answered_over_months() -> None:
    store = HistoryStore.open(paths.history_file()).store
    for day, yes in ((date(2026, 6, 1), 14), (date(2026, 11, 2), 9), (date(2026, 11, 16), 5)):
        store.add_questionnaire(answered(Instrument.RMDQ, day, at(day), rmdq=[True] * yes + [False] * (24 - yes)))
    store.add_questionnaire(answered(Instrument.PSFS, date(2026, 11, 16), at(date(2026, 11, 16)),
                                     psfs=[Activity("Sitting", 6)]))  # fmt: skip
    store.close()


def test_the_week_and_the_trend_show_the_scores_and_the_range_reaches_all_time(qtbot, make_app, tmp_path):
    answered_over_months()
    app = make_app()  # the test day: Wednesday 18 November 2026
    target = tmp_path / "all.csv"
    review = open_review(qtbot, app, FakeFileDialog(target))
    assert "Back questionnaires: Roland-Morris 5 of 24 (Mon 16) · PSFS 6 of 10 (Mon 16)" in review.pain.text()
    # the line grows with the questionnaires: it wraps, never widens the review (it scrolled sideways at 225 %)
    assert review.pain.minimumSizeHint().width() < review.pain.fontMetrics().horizontalAdvance(review.pain.text()) // 2
    qtbot.keyClick(review, Qt.Key.Key_T)
    panel = review.scores
    assert panel.isVisible() and panel.chart.instruments() == [Instrument.RMDQ, Instrument.PSFS]
    assert [s.score for s in panel.chart.scores] == [9, 5, 6]  # June is before the last 12 weeks
    assert "16 Nov 2026: Roland-Morris 5 of 24, 9 lower than the first (better)" in panel.words()
    image = QImage(panel.chart.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    panel.chart.render(image)  # drawn: some pixels in each band
    assert any(image.pixelColor(x, y).alpha() for x in range(0, image.width(), 3) for y in range(image.height()))
    panel.range.setFocus()
    qtbot.keyClick(panel.range, Qt.Key.Key_Down)  # All time
    assert panel.weeks() is None and [s.score for s in panel.chart.scores] == [14, 9, 5, 6]
    assert panel.chart.first <= date(2026, 6, 1)
    click(qtbot, review.export_button)
    assert "Back questionnaires:" in review.status.text()
    rows = list(csv.reader((tmp_path / "all-questionnaires.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [row[1:3] for row in rows[1:]] == [["rmdq", "14"], ["rmdq", "9"], ["rmdq", "5"], ["psfs", "6"]]


def test_a_week_without_questionnaires_says_nothing_of_them(qtbot, make_app):
    app = make_app()
    review = open_review(qtbot, app)
    assert "questionnaire" not in review.pain.text()
    assert review.scores.chart.instruments() == []


def test_the_chart_writes_one_value_a_week_in_its_column_under_the_bars_and_none_past_its_edges(qtbot):
    from footdesk.questionnaires import Score, scores
    from footdesk.ui.score_chart import ScoreChart

    def odi(day: date, value: float, hour: int) -> object:
        instant = datetime(day.year, day.month, day.day, hour, 0).astimezone().isoformat(timespec="milliseconds")
        return answered(Instrument.ODI, day, instant, odi=value)

    monday = date(2026, 11, 16)
    first = date(2026, 8, 31)  # the twelve weeks: Monday 31 Aug to Sunday 22 Nov
    given: tuple[Score, ...] = scores([odi(first, 40, 9), odi(monday, 4, 9), odi(monday, 0, 10),
                                       odi(date(2026, 11, 22), 100, 9)])  # fmt: skip
    chart = ScoreChart()
    qtbot.addWidget(chart)
    chart.resize(840, 200)
    chart.show_scores(given, first, monday + timedelta(days=6))
    line = chart._line()
    plot = chart.plot_of(QRectF(chart.rect()), line)
    marks = chart.marks(Instrument.ODI, plot, line)
    # the first week's, then the last week's: 4 and 0 on Monday and 100 on Sunday, the last written alone
    assert [mark.value for mark in marks] == ["40", "100"]
    assert [round(mark.spot.x()) for mark in marks] == [35, 805]  # the middle of columns 1 and 12 of 70 px
    for mark in marks:
        assert plot.left() <= mark.label.left() and mark.label.right() <= plot.right()
    chart.show_scores(given, first, date(2029, 8, 26))  # over years, beginning with a score: at the very edge
    wide = chart.marks(Instrument.ODI, plot, line)
    assert wide[0].spot.x() < 5 and wide[0].label.left() == plot.left() and wide[0].value == "40"
