"""The back questionnaires in the review: the week says those answered in
it, the trend tab draws each instrument's scores on its own scale under the
twelve weeks (or all time), and Export all as CSV writes them beside."""

from __future__ import annotations

import csv
from datetime import date, datetime

from PySide6.QtCore import Qt
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
