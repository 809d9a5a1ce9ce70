"""A person's own programme in the window: chosen on the home screen, run by
keys with its sets, rests and counted reps, and recorded under its own id."""

from __future__ import annotations

from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.session import SessionOptions
from tests.test_programmes import PROGRAMME


def own_programme() -> None:
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "knee-rehab.toml").write_text(PROGRAMME)


def test_the_home_screen_offers_the_routines_and_remembers_the_choice(qtbot, make_app):
    own_programme()
    app = make_app()
    choice = app.window.home.routine_choice
    assert choice.isVisibleTo(app.window) and choice.count() == 2
    choice.setCurrentIndex(1)
    choice.activated.emit(1)
    assert app.model.routine.id == "knee-rehab"
    assert app.window.home.title.text() == "Knee programme"
    assert app.window.home.step_rows()[1] == ("2", "Wall squats", "3 × 10 reps, 0:20 rest")
    assert '"routine": "knee-rehab"' in paths.app_state_file().read_text()


def test_sets_rests_and_reps_show_what_to_do_and_are_recorded(qtbot, make_app):
    own_programme()
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    app.model.select_routine("knee-rehab")
    view = app.window.session_view
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(3 + 30)  # the left calf
    assert view.side_banner.side.value == "right"
    assert view.next_label.text() == "Next:  Wall squats · 3 × 10 reps"  # before: "· 10 reps", its sets left out
    app.run_for(3 + 45 + 3 + 5)  # the right calf, the squats' get-ready, five seconds of the first set
    assert view.step_label.text() == "Step 2 of 3  ·  Set 1 of 3"
    assert view.countdown.text == "2" and view.clock_caption.text().startswith("Rep 2 of 10")
    app.run_for(35 + 1)  # the rest of the set, into the rest
    assert "Rest before set 2 of 3" in view.step_label.text()
    assert view.clock_caption.text() == "Rest — set 2 starts when the count ends"
    assert view.next_label.text() == "Next:  Set 2 of 3 · 10 reps"
    app.run_for(19 + 40 + 20 + 40)
    assert view.title_label.text() == "Keep your back straight"
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the last tip: done
    assert app.window.finished_view.heading.text() == "Well done!"
    (session,) = app.model.sessions()
    assert session.routine == "knee-rehab" and session.status == "completed"
    assert [(run.step, run.side) for run in session.steps] == [
        ("calf-stretch", "left"), ("calf-stretch", "right"), ("squats", None), ("squats", None), ("squats", None),
        ("posture", None),
    ]  # fmt: skip
    assert session.exercise_s == 30 + 45 + 3 * 40


def test_the_review_shows_each_sessions_routine_and_can_show_one_routine(qtbot, make_app):
    from footdesk.ui.review_window import ReviewWindow

    own_programme()
    app = make_app(SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the built-in routine: a habit kept, then stopped
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)
    app.model.go_home()
    app.model.start("knee-rehab")
    app.run_for(30)
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)
    review = ReviewWindow(app.model, app.window)
    qtbot.addWidget(review)
    assert review.routine_filter.isVisibleTo(review)
    rows = [review.sessions.topLevelItem(i).text(0) for i in range(review.sessions.topLevelItemCount())]
    assert [row.split(" · ")[1] for row in rows] == ["Strong feet, happier back", "Knee programme"]
    review.routine_filter.setCurrentIndex(review.routine_filter.findData("knee-rehab"))
    assert review.sessions.topLevelItemCount() == 1
    assert review.sessions.topLevelItem(0).text(0).endswith(" · Knee programme")
    assert review.trend.points[-1].exercise_s == 30


def test_undo_of_deleting_the_routine_in_use_chooses_it_again(qtbot, make_app):
    """Delete took the choice back to the built-in routine; Undo brought the
    file back but left the built-in one chosen (issue 29, fresh eyes)."""
    own_programme()
    app = make_app()
    app.model.select_routine("knee-rehab")
    moved = app.model.delete_routine("knee-rehab")
    assert app.model.routine.id == "foot-strength"
    assert app.window.home.routine_choice.currentText().startswith("Strong feet")
    app.model.shelf.undelete(moved)
    assert app.model.routine.id == "knee-rehab"
    assert app.window.home.routine_choice.currentData() == "knee-rehab"
    app.model.select_routine("foot-strength")  # chosen again by the person, then deleted and undone: theirs stays
    app.model.select_routine("knee-rehab")
    moved = app.model.delete_routine("knee-rehab")
    app.model.select_routine("foot-strength")
    app.model.shelf.undelete(moved)
    assert app.model.routine.id == "foot-strength"


def test_a_routine_file_placed_by_hand_has_its_spoken_lines_prepared_when_chosen_and_run(qtbot, make_app):
    """Before: only a save or an import rendered a routine's lines; a file put
    in the folder by hand stayed silent, and the notice named a hash."""
    from footdesk.cues import own_voice_lines
    from footdesk.platform.audio import missing_sound
    from footdesk.routine import load_routine

    own_programme()
    asked: list[dict[str, str]] = []

    class Renderer:
        def render(self, lines, told, voice="en-us") -> None:
            asked.append(lines)

    app = make_app(voice_renderer=Renderer())
    app.model.select_routine("knee-rehab")
    lines = own_voice_lines(load_routine(paths.routines_dir() / "knee-rehab.toml"))
    assert lines and asked == [lines]
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # a session: anything edited since is prepared too
    assert asked == [lines, lines]
    (cue,) = list(lines)[:1]
    assert missing_sound(cue) == (
        "A spoken line of your routine is not ready yet (it is being prepared); it stays silent this time."
    )
    assert missing_sound("say-roll") == "Sound 'say-roll' is missing; that cue stays silent."


def test_a_routine_put_in_the_folder_while_footdesk_runs_is_offered_at_once(qtbot, make_app):
    """Fresh eyes: a file saved into the routines folder showed only after a restart."""
    from tests.helpers.three_routines import CALF

    app = make_app()  # no routines folder yet, nor footdesk's own: the first routine makes them
    assert not paths.routines_dir().parent.exists()
    app.shell.watch_routines()  # as finish_start does, once the first frame is up
    choice = app.window.home.routine_choice
    assert choice.isHidden()  # the built-in routine alone: nothing to choose
    paths.routines_dir().mkdir(parents=True)
    (paths.routines_dir() / "calf-care.toml").write_text(CALF, encoding="utf-8")
    qtbot.waitUntil(lambda: not choice.isHidden() and choice.count() == 2, timeout=10_000)
    assert choice.findData("calf-care") >= 0


def test_an_app_state_file_that_cannot_be_read_is_said_in_the_window(make_app):
    """Before: only the terminal (or the log) said so; a start from the menu
    showed the welcome again and the built-in routine, without a word."""
    paths.app_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.app_state_file().write_text('{"welcome_seen": "yes", "routine": 42,')
    app = make_app()
    shown = app.window.notices.newest.text()
    assert str(paths.app_state_file()) in shown and "cannot read it" in shown
    assert "started from its defaults" in shown and "choose yours on the home screen" in shown


def test_an_app_state_file_that_is_not_text_is_said_without_pythons_words(make_app):
    paths.app_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.app_state_file().write_bytes(b"\xff\xfe{}")
    shown = make_app().window.notices.newest.text()
    assert f"{paths.app_state_file()}: not a text file (it is not valid UTF-8)" in shown and "codec" not in shown
