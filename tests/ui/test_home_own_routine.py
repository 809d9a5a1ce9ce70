"""Issue 29, a person's own routine from the home screen to the terminal: neutral
spoken lines (defect 5), a tip that stays a tip (6), and the home screen, the
first screen and `footdesk history` agreeing (18)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from footdesk import paths
from footdesk.cli import main as cli_main
from footdesk.session import SessionOptions
from tests.ui.test_review import open_review

KNEE = """
schema = 2
id = "knee"
title = "Knee care"

[[steps]]
id = "posture"
title = "Stand tall"
timing = "untimed"
instructions = ["Through the day, stand tall."]

[[steps]]
id = "knee-bend"
title = "Knee bends"
timing = "per-side"
seconds = 45
instructions = ["Bend your {side} knee, slowly."]

[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 105
instructions = ["Back against the wall."]
"""


def knee_app(make_app):
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "knee.toml").write_text(KNEE)
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    app.model.select_routine("knee")
    return app


def test_an_own_routines_home_and_first_screen_agree_and_fit_it(qtbot, make_app):
    """Defect 18: "3 min 15 s of exercise" on the home screen, "4 min of exercise
    left" on the first screen; a tagline about feet for a knee routine."""
    app = knee_app(make_app)
    home = app.window.home
    assert home.summary.text() == "3 min 15 s of exercise  ·  1 tip"
    assert "feet" not in home.note.text() and "foot" not in home.note.text()
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    view = app.window.session_view
    assert view.remaining_label.text() == "3 min 15 s of exercise left"
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the tip, read
    app.run_for(3 + 45 + 3 + 20)  # the left knee, 20 s of the right
    assert view.remaining_label.text() == "2 min 15 s of exercise left"


def test_an_own_routine_speaks_neutral_lines_and_its_tip_is_a_tip(qtbot, make_app, capsys):
    """Defect 5: "Switch to your right foot" under a RIGHT SIDE banner, "That's your feet
    done for today" at the end. Defect 6: its tip headed "A habit for every day",
    "✓ habit kept" in the review and "1 habit kept" in `footdesk history`.
    Defect 18: the terminal's week never named the routine."""
    app = knee_app(make_app)
    view = app.window.session_view
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert view.tip_heading.isVisible() and view.tip_heading.text() == "A tip"
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the tip, read
    app.run_for(3 + 45 + 1)
    assert view.side_banner.side.value == "right"
    cues = app.cues.cues
    assert cues[cues.index("switch-feet") + 1] == "say-sides-right"
    app.run_for(2 + 45 + 3 + 105)
    finished = app.window.finished_view
    assert finished.heading.text() == "Well done!"
    assert cues[-2:] == ["routine-done", "say-all-done"]
    assert not any(cue.startswith(("say-switch-", "say-well-done")) for cue in cues)
    assert finished.result_lines()[0] == "✓  Stand tall  done"
    qtbot.keyClick(app.window, Qt.Key.Key_Return)

    review = open_review(qtbot, app)
    (session,) = [review.sessions.topLevelItem(i) for i in range(review.sessions.topLevelItemCount())]
    assert (session.child(0).text(0), session.child(0).text(2)) == ("Stand tall", "✓ done")
    assert "habit" not in review.totals.text()
    capsys.readouterr()
    assert cli_main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert "habit" not in out
    assert "Knee care  ✓ completed  3 min 15 s of exercise" in out


def test_the_built_in_routine_keeps_its_habits_and_its_feet(qtbot, app):
    """What defects 5 and 6 leave as it was: the built-in routine's lines name the feet."""
    assert app.window.home.summary.text().endswith("2 habits to keep")
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.window.session_view.tip_heading.text() == "A habit for every day"


def test_on_a_short_window_this_weeks_days_show_whole_without_scrolling(qtbot, make_app):
    """At 150 % on a 1366x768 laptop the home screen is about 910x470 of Qt's
    pixels: the week's day tiles were cut in half by the scrolling edge. The
    room between things goes first (and the note), for the built-in routine and
    for a routine with a plan and a dose, whose lines take more room."""
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "knee-four-weeks.toml"
    (folder / "knee-four-weeks.toml").write_text(example.read_text())
    app = make_app()
    app.window.resize(910, 470)
    home = app.window.home
    for routine in ("foot-strength", "knee-four-weeks"):
        assert app.model.select_routine(routine)
        qtbot.waitUntil(lambda: home.title.text() != "")
        QApplication.processEvents()
        viewport = home.findChild(QScrollArea, "homeViewScroll").viewport()
        for widget in (home.week_strip, home.review_button, *(row[1] for row in home._rows)):
            top_left = widget.mapTo(viewport, QPoint(0, 0))
            assert viewport.rect().contains(QRect(top_left, widget.size())), (routine, widget.objectName())
        assert home.note.isHidden()
    app.window.resize(1366, 700)  # room again: the note comes back
    QApplication.processEvents()
    assert not home.note.isHidden()
