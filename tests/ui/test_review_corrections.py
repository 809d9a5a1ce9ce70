"""Correcting the record in the review (issue 29): a session deleted (its
button and the Delete key), its lower-back rating changed, a part skipped
marked done later; each said in a line with Undo beside it, and the week, the
12 weeks, the home screen's week and the exports following at once. Every
button and key is pressed on the real window; what was written is read back
(``footdesk history --json``, the CSV)."""

from __future__ import annotations

import csv
import json

from PySide6.QtCore import Qt

from footdesk.cli import main as cli_main
from footdesk.week import DayState
from tests.ui import test_review
from tests.ui.test_review import FakeFileDialog, click, open_review

demo_history = test_review.demo_history  # the review's demo week, a copy for each test
demo = test_review.demo

TODAY = (2026, 47)


def press(qtbot, widget, *keys) -> None:
    for key in keys:
        qtbot.keyClick(widget, key)


def history_json(capsys) -> list[dict]:
    capsys.readouterr()
    assert cli_main(["history", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def routine_with_the_right_foot_skipped(qtbot, app) -> None:
    """Today's routine through the window's keys, the right foot skipped (N) at once: partly done."""
    window = app.window
    press(qtbot, window, Qt.Key.Key_Space, Qt.Key.Key_Space)  # start, then the barefoot tip is done
    app.run_for(5 + 120)  # the left foot
    press(qtbot, window, Qt.Key.Key_N)  # the right foot skipped
    app.run_for(5 + 60)  # heel raises
    press(qtbot, window, Qt.Key.Key_Space)  # shoes on: the end
    assert window.stack.currentWidget() is window.finished_view
    press(qtbot, window, Qt.Key.Key_Return)  # home


def row_of(review, session_id: int, step: str | None = None, side: str | None = None):
    """The sessions' row of a session (or of its part's last run), as a person finds it in the list."""
    tree = review.sessions
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        if item.data(0, Qt.ItemDataRole.UserRole)[0] != session_id:
            continue
        if step is None:
            return item
        item.setExpanded(True)
        children = [item.child(at) for at in range(item.childCount())]
        return next(c for c in reversed(children) if c.data(0, Qt.ItemDataRole.UserRole)[1:3] == (step, side))
    raise AssertionError(f"no row of session {session_id}")


def click_row(qtbot, review, item) -> None:
    tree = review.sessions
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert tree.currentItem() is item


def test_a_skipped_foot_marked_done_counts_the_day_as_done_and_undo_puts_it_back(qtbot, app, capsys):
    routine_with_the_right_foot_skipped(qtbot, app)
    (session,) = history_json(capsys)
    assert session["status"] == "partial"
    assert app.model.this_week().day(app.model.today()).state is DayState.PARTIAL
    review = open_review(qtbot, app)
    assert not review.mark_done_button.isEnabled()  # nothing selected
    click_row(qtbot, review, row_of(review, session["id"], "roll", "left"))
    assert not review.mark_done_button.isEnabled()  # done already
    click_row(qtbot, review, row_of(review, session["id"], "roll", "right"))
    click(qtbot, review.mark_done_button)

    (after,) = history_json(capsys)
    right = next(run for run in after["steps"] if run["side"] == "right")
    assert right["completed"] and right["actual_s"] == 120.0 and after["status"] == "completed"
    # the review's week, the home screen's week and the 12 weeks follow at once
    assert review.summary.day(app.model.today()).state is DayState.DONE
    assert app.model.this_week().day(app.model.today()).state is DayState.DONE
    assert review.trend.points[-1].days_done == 1
    said = review.correction_line.text()
    assert said.startswith("Marked Roll each foot on a lacrosse ball — right done in session 1 (")
    assert "it was skipped, and that is kept. The session counts as completed now." in said
    assert review.undo_button.isVisible() and review.undo_button.isEnabled()

    click(qtbot, review.undo_button)
    (undone,) = history_json(capsys)
    assert undone == session  # as it was recorded
    assert review.summary.day(app.model.today()).state is DayState.PARTIAL
    assert app.model.this_week().day(app.model.today()).state is DayState.PARTIAL
    assert review.correction_line.text().startswith("Put back: Roll each foot on a lacrosse ball — right in session 1")
    assert not review.undo_button.isVisible()
    assert review.sessions.currentItem() is row_of(review, session["id"], "roll", "right")
    assert review.mark_done_button.isEnabled()


def test_delete_and_its_key_leave_a_session_out_of_the_week_and_the_csv_until_undo(qtbot, demo, capsys, tmp_path):
    before = history_json(capsys)
    tuesday = next(s for s in before if s["started_at"].startswith("2026-11-17"))
    review = open_review(qtbot, demo, FakeFileDialog(tmp_path / "after.csv", tmp_path / "undone.csv"))
    minutes = review.summary.exercise_s
    assert review.summary.day(demo.model.today().replace(day=17)).state is DayState.DONE
    assert not review.delete_button.isEnabled()  # nothing selected: the key does nothing either
    press(qtbot, review, Qt.Key.Key_Delete)
    assert history_json(capsys) == before

    click_row(qtbot, review, row_of(review, tuesday["id"]))
    press(qtbot, review, Qt.Key.Key_Delete)
    assert history_json(capsys) == [s for s in before if s["id"] != tuesday["id"]]
    tue = demo.model.today().replace(day=17)
    assert review.summary.day(tue).state is DayState.MISSED and review.summary.exercise_s < minutes
    assert demo.model.this_week().day(tue).state is DayState.MISSED  # the home screen's week
    assert review.trend.points[-1].days_done == 1
    said = review.correction_line.text()
    assert said.startswith(f"Deleted session {tuesday['id']} (Tue 17 Nov 2026 07:06, Strong feet, happier back,")
    assert said.endswith("the week, the PDF and the exports leave it out. It is kept, not erased.")
    click(qtbot, review.export_button)
    ids = {row["session_id"] for row in csv.DictReader((tmp_path / "after.csv").read_text("utf-8-sig").splitlines())}
    assert ids and str(tuesday["id"]) not in ids

    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert history_json(capsys) == before
    assert review.summary.day(tue).state is DayState.DONE and review.summary.exercise_s == minutes
    assert demo.model.this_week().day(tue).state is DayState.DONE
    assert review.correction_line.text().startswith(f"Brought back session {tuesday['id']} (Tue 17 Nov 2026")
    assert not review.undo_button.isVisible()
    click(qtbot, review.export_button)
    ids = {row["session_id"] for row in csv.DictReader((tmp_path / "undone.csv").read_text("utf-8-sig").splitlines())}
    assert str(tuesday["id"]) in ids


def test_the_rating_chosen_with_the_keys_is_kept_and_undo_puts_back_the_one_before(qtbot, demo, capsys):
    before = history_json(capsys)
    tuesday = next(s for s in before if s["started_at"].startswith("2026-11-17"))
    assert tuesday["pain"] == 2
    review = open_review(qtbot, demo)
    assert not review.rating_box.isEnabled()
    click_row(qtbot, review, row_of(review, tuesday["id"], "roll", "left"))  # a part's row: its session
    assert review.rating_box.isEnabled() and review.rating_box.currentText() == "2 of 10"
    review.rating_box.setFocus()
    press(qtbot, review.rating_box, Qt.Key.Key_Down, Qt.Key.Key_Down)  # 3, then 4: one change
    rated = next(s for s in history_json(capsys) if s["id"] == tuesday["id"])
    assert rated["pain"] == 4
    assert "is 4 of 10 now; it was 2 of 10, and that is kept." in review.correction_line.text()
    assert review.summary == demo.model.week(*TODAY)  # its back line too

    click(qtbot, review.undo_button)
    assert next(s for s in history_json(capsys) if s["id"] == tuesday["id"])["pain"] == 2
    assert review.rating_box.currentText() == "2 of 10"
    assert review.correction_line.text().startswith("Put back: the lower-back rating of session")
    # nothing recorded is lost: the log keeps every rating it had
    capsys.readouterr()
    assert cli_main(["history", "--corrections"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all("taken back" in line for line in lines)
    assert "lower-back rating 2 of 10 → 3 of 10" in lines[0] and "3 of 10 → 4 of 10" in lines[1]


def test_the_next_change_ends_the_undo_of_the_one_before(qtbot, demo, capsys):
    before = history_json(capsys)
    monday, tuesday = (next(s for s in before if s["started_at"].startswith(day)) for day in ("2026-11-16",
                                                                                             "2026-11-17"))  # fmt: skip
    review = open_review(qtbot, demo)
    click_row(qtbot, review, row_of(review, monday["id"]))
    review.rating_box.setFocus()
    press(qtbot, review.rating_box, Qt.Key.Key_Up)
    click_row(qtbot, review, row_of(review, tuesday["id"]))
    click(qtbot, review.delete_button)
    click(qtbot, review.undo_button)  # the delete, not the rating
    after = {s["id"]: s for s in history_json(capsys)}
    assert after[tuesday["id"]] == tuesday and after[monday["id"]]["pain"] == monday["pain"] - 1
    assert not review.undo_button.isVisible()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left to undo
    assert {s["id"]: s for s in history_json(capsys)} == after
