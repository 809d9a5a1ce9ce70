"""The check-in, the safety card and the note in the real window: pressed
the way a person does (keys on the window, clicks on the buttons) and read
back from what the screen says and what the history file holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from footdesk import paths
from footdesk.history import HistoryStore
from footdesk.records import CheckIn, Effort, SessionStatus
from footdesk.session import State
from tests.ui.test_settings_dialog import in_settings_dialog, open_settings


def press(qtbot, app, *keys) -> None:
    for key in keys:
        qtbot.keyClick(app.window, key)


def stored() -> list:
    store = HistoryStore.open_for_reading(paths.history_file())
    try:
        return store.sessions()
    finally:
        store.close()


def to_the_roll_check_in(qtbot, app) -> None:
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)  # start; the first habit read
    app.run_for(5 + 120 + 5 + 120 + 1)  # both feet rolled, heel raises begun
    assert app.model.check_ins.asking is not None


def test_the_check_in_is_answered_by_keys_from_across_the_room_while_the_routine_goes_on(qtbot, app):
    to_the_roll_check_in(qtbot, app)
    panel = app.window.session_view.check_in
    assert panel.isVisible() and panel.question.text() == "How was Roll each foot on a lacrosse ball?"
    assert app.window.session_view.title_label.text() == "Heel raises with a lacrosse ball"
    press(qtbot, app, Qt.Key.Key_A)
    assert panel.noted.text() == "Noted: about right"
    assert panel.effort_buttons[1].isChecked() and not panel.effort_buttons[0].isChecked()
    press(qtbot, app, Qt.Key.Key_2)
    assert panel.noted.text() == "Noted: about right, pain 2" and panel.pain_buttons[2].isChecked()
    assert app.window.last_announcement == "Roll each foot on a lacrosse ball: noted about right, pain 2"
    assert app.model.snapshot().state in (State.GET_READY, State.RUNNING)  # nothing stopped for it
    assert stored()[0].check_ins == (CheckIn("roll", Effort.ABOUT_RIGHT, 2),)


def test_every_answer_is_a_click_too(qtbot, app):
    to_the_roll_check_in(qtbot, app)
    panel = app.window.session_view.check_in
    qtbot.mouseClick(panel.effort_buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.pain_buttons[3], Qt.MouseButton.LeftButton)
    assert panel.noted.text() == "Noted: hard, pain 3"
    assert stored()[0].check_ins == (CheckIn("roll", Effort.HARD, 3),)
    assert app.window.focusWidget() is app.window.session_view.toggle_button  # Space stays the big key


def test_pain_above_the_limit_shows_the_card_carry_on_and_stop_for_today(qtbot, app):
    to_the_roll_check_in(qtbot, app)
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_6)
    assert view.stop_card.isVisible() and not view.toggle_button.isVisible()
    assert view.stop_card.advice.text() == (
        "Stop for today. If pain like this keeps coming back, talk to your doctor or physiotherapist."
    )
    assert view.stop_card.caveat.text() == "This is not medical advice. footdesk is a timer, not a treatment."
    assert app.model.snapshot().state is State.PAUSED
    press(qtbot, app, Qt.Key.Key_Space)  # by habit: nothing
    assert app.model.snapshot().state is State.PAUSED and view.stop_card.isVisible()
    qtbot.mouseClick(view.stop_card.carry_on_button, Qt.MouseButton.LeftButton)
    assert not view.stop_card.isVisible() and view.toggle_button.isVisible()
    assert app.model.snapshot().state in (State.GET_READY, State.RUNNING)
    assert app.window.focusWidget() is view.toggle_button
    press(qtbot, app, Qt.Key.Key_7)
    assert view.stop_card.isVisible()
    qtbot.mouseClick(view.stop_card.stop_button, Qt.MouseButton.LeftButton)
    finished = app.window.finished_view
    assert app.window.stack.currentWidget() is finished
    assert finished.stop_card.isVisible() and not finished.again_button.isVisible()  # no suggestion to go on
    assert (
        finished.home_button.text() == "■  Stop for today   [Enter]" and not finished.stop_card.stop_button.isVisible()
    )
    assert stored()[0].status is SessionStatus.PARTIAL
    press(qtbot, app, Qt.Key.Key_C)  # carry on anyway: "Start again" is back
    assert not finished.stop_card.isVisible() and finished.again_button.isVisible()
    assert finished.home_button.text() == "Back to start   [Enter]"


def test_esc_stops_for_today_and_the_cards_stop_goes_back_to_the_start(qtbot, app):
    to_the_roll_check_in(qtbot, app)
    press(qtbot, app, Qt.Key.Key_9)
    press(qtbot, app, Qt.Key.Key_Escape)
    finished = app.window.finished_view
    assert app.window.stack.currentWidget() is finished and finished.stop_card.isVisible()
    qtbot.mouseClick(finished.home_button, Qt.MouseButton.LeftButton)  # it reads "Stop for today" now
    assert app.window.stack.currentWidget() is app.window.home


def test_the_last_exercises_check_in_and_the_lower_back_share_the_digits_without_a_clash(qtbot, app):
    to_the_roll_check_in(qtbot, app)
    app.run_for(5 + 60 + 1)  # heel raises done: the last habit shows
    press(qtbot, app, Qt.Key.Key_Space)
    finished = app.window.finished_view
    assert app.window.stack.currentWidget() is finished
    panel = finished.check_in
    assert panel.isVisible() and panel.question.text() == "How was Heel raises with a lacrosse ball?"
    press(qtbot, app, Qt.Key.Key_3)  # no effort yet: the lower back's
    assert finished.pain.noted.text() == "Noted: 3 of 10" and panel.noted.text() == ""
    press(qtbot, app, Qt.Key.Key_H)
    assert panel.hint.text().startswith("Now the digits answer this") and panel.noted.text() == "Noted: hard"
    press(qtbot, app, Qt.Key.Key_4)
    assert panel.noted.text() == "Noted: hard, pain 4" and finished.pain.noted.text() == "Noted: 3 of 10"
    press(qtbot, app, Qt.Key.Key_2)  # answered: the lower back's again
    assert finished.pain.noted.text() == "Noted: 2 of 10"
    (session,) = stored()
    assert session.pain == 2 and session.check_ins[-1] == CheckIn("heel-raises", Effort.HARD, 4)
    press(qtbot, app, Qt.Key.Key_8)  # the lower back above the limit: the card, no "Start again"
    assert finished.stop_card.isVisible() and not finished.again_button.isVisible()


def test_a_note_is_added_on_the_finished_screen_and_enter_in_it_does_not_leave(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(10)
    press(qtbot, app, Qt.Key.Key_Escape)
    note = app.window.finished_view.note
    assert not note.field.isVisible()
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    assert note.field.isVisible() and note.field.hasFocus()
    qtbot.keyClicks(note.field, "Left heel sore, 3 a.m. walk")  # E, A, H and digits are text here
    qtbot.keyClick(note.field, Qt.Key.Key_Return)
    assert app.window.stack.currentWidget() is app.window.finished_view
    assert note.noted.text() == "Noted: Left heel sore, 3 a.m. walk" and not note.field.isVisible()
    assert stored()[0].note == "Left heel sore, 3 a.m. walk"
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    note.field.setText("=cmd|' /C calc'!A0")
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    assert stored()[0].note == "=cmd|' /C calc'!A0"
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    note.field.setText("pasted \x1b[31mred\u202eevil\x07")  # shown as kept, never a reversed or boxed line
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    assert note.noted.text() == f"Noted: {stored()[0].note}" == "Noted: pasted  [31mred evil"
    note.field.setText("=cmd|' /C calc'!A0")
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    assert note.field.maxLength() == 500
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note.field, "never mind")
    qtbot.keyClick(note.field, Qt.Key.Key_Escape)  # closes the field, keeps what was kept, stays here
    assert not note.field.isVisible() and app.window.stack.currentWidget() is app.window.finished_view
    assert stored()[0].note == "=cmd|' /C calc'!A0"


def test_the_pain_limit_is_set_in_the_dialog_and_used_at_once(qtbot, app):
    def limit(dialog):
        assert "not medical advice" in dialog.pain_limit.toolTip().lower()
        dialog.pain_limit.setValue(7)
        dialog.accept()

    in_settings_dialog(limit)
    open_settings(qtbot, app)
    assert app.model.settings.pain_limit == 7
    assert "[safety]\npain_limit = 7" in paths.settings_file().read_text()
    to_the_roll_check_in(qtbot, app)
    press(qtbot, app, Qt.Key.Key_7)
    assert not app.window.session_view.stop_card.isVisible()
    press(qtbot, app, Qt.Key.Key_8)
    assert app.window.session_view.stop_card.isVisible()


def test_the_reviews_session_list_shows_each_check_in_and_the_note(qtbot, app):
    from tests.ui.test_review import open_review

    to_the_roll_check_in(qtbot, app)
    press(qtbot, app, Qt.Key.Key_A, Qt.Key.Key_2)
    press(qtbot, app, Qt.Key.Key_Escape)
    note = app.window.finished_view.note
    qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note.field, "calf tight")
    qtbot.keyClick(note.field, Qt.Key.Key_Return)
    review = open_review(qtbot, app)
    session = review.sessions.topLevelItem(0)
    children = [session.child(index) for index in range(session.childCount())]
    said = [child.text(0) for child in children if child.isFirstColumnSpanned()]
    assert said == ["Roll each foot on a lacrosse ball: about right, pain 2", "Note: calf tight"]
    review.close()


def test_on_a_laptop_screen_the_finished_list_is_whole_beside_the_check_in(qtbot, make_app):
    """Before: at 1366x768 the last exercise's check-in left the list of parts
    a small scrolling area, its fourth row cut through the middle."""
    from footdesk.session import SessionOptions

    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    app.window.resize(1366, 700)  # the window on a 1366x768 screen, under its panel
    app.window.show()
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the barefoot habit
    app.run_for(3 + 120 + 3 + 120 + 3 + 60 + 5)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the shoes habit: the end
    view = app.window.finished_view
    assert app.window.stack.currentWidget() is view and view.check_in.isVisible()
    QApplication.processEvents()
    assert view.scroller.verticalScrollBar().maximum() == 0  # every part in view, nothing to scroll to
