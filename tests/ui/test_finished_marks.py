"""How a part went looks the same on the finished screen and in the review:
one mark and the same words for one outcome (report.outcome_mark and
report.outcome_words), read from the real widgets after a real session."""

from __future__ import annotations

from PySide6.QtCore import Qt

from footdesk.ui.review_window import ReviewWindow


def finished_rows(app) -> list[tuple[str, str, str, str]]:
    """Each part on the finished screen: (mark, its accessible name, title, words)."""
    cells = app.window.finished_view._cells
    return [(mark.text(), mark.accessibleName(), title.text(), words.text())
            for mark, title, words in zip(cells[0::3], cells[1::3], cells[2::3], strict=True)]  # fmt: skip


def review_rows(app, qtbot) -> list[tuple[str, str, str, str, str]]:
    """Each step run of the week's one session in the review: (step, side, result, done, planned)."""
    review = ReviewWindow(app.model, app.window)
    qtbot.addWidget(review)
    (session,) = [review.sessions.topLevelItem(i) for i in range(review.sessions.topLevelItemCount())]
    return [tuple(session.child(i).text(column) for column in range(5)) for i in range(session.childCount())]


def test_a_stopped_part_has_the_same_mark_and_words_on_the_finished_screen_and_in_the_review(qtbot, app):
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, kept
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 45)
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)  # stopped 45 s into the left foot
    habit, stopped = finished_rows(app)
    assert habit == ("✓", "done", "Walk around barefoot", "habit kept")
    assert stopped == ("■", "not done", "Roll each foot on a lacrosse ball — left foot", "partly done, 0:45 of 2:00")
    qtbot.keyClick(app.window, Qt.Key.Key_Return)
    kept, roll = review_rows(app, qtbot)
    assert kept == ("Walk around barefoot", "", "✓ habit kept", "", "")
    assert roll == ("Roll each foot on a lacrosse ball", "left", "■ partly done", "0:45", "2:00")
    # one mark and the same words for the same run, wherever it is shown
    assert roll[2] == f"{stopped[0]} {stopped[3].split(',')[0]}"
