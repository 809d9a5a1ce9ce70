"""The review measures a day against what was planned when it was done (the
planned seconds recorded with each run, summed in footdesk.week), not against
the durations set today."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from footdesk.report import totals_sentence
from footdesk.ui.review_window import ReviewWindow


def test_the_review_says_what_was_planned_then_after_the_durations_changed(qtbot, app):
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, kept
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)  # each foot at 2:00, then the heel raises
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the shoes habit
    qtbot.keyClick(app.window, Qt.Key.Key_Return)
    assert app.model.routine.total_seconds == 300
    app.model.apply_settings(replace(app.model.settings, durations={"roll": 180}))  # each foot 3:00 from now on
    assert app.model.routine.total_seconds == 420

    review = ReviewWindow(app.model, app.window)
    qtbot.addWidget(review)
    wednesday = review.summary.days[2]
    assert wednesday.planned_s == 300 and review.chart.planned_minutes()[2] == 5
    assert review.chart.planned_minutes()[:2] == [0, 0]  # nothing was planned for a day nothing was done
    assert "Wednesday 5 minutes of 5 minutes planned" in review.chart.accessibleDescription()
    (session,) = [review.sessions.topLevelItem(i) for i in range(review.sessions.topLevelItemCount())]
    planned = {session.child(i).text(1): session.child(i).text(4) for i in range(session.childCount())}
    assert planned["left"] == planned["right"] == "2:00"
    # the totals are report's sentence, the one the PDF and the terminal print
    assert review.totals.text().split("\n")[0] == totals_sentence(review.summary)
