"""The back questionnaires in the real window: offered on home after a
session, the Roland-Morris answered by Y / N / ← from across the room (and
by clicks), the PSFS typed and rated, an Oswestry score recorded from the
menu; each read back from the history file."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from footdesk import paths
from footdesk.history import HistoryStore
from footdesk.questionnaires import RMDQ_STATEMENTS, Instrument
from footdesk.records import Outcome, StepRun


def a_session_yesterday() -> None:
    store = HistoryStore.open(paths.history_file()).store
    started = datetime(2026, 11, 17, 8, 0).astimezone()
    row = store.begin_session("foot-strength", started)
    store.add_step_run(row, StepRun("roll", "left", 120, 120.0, Outcome.COMPLETED, "2026-11-17T08:00:00.000+00:00",
                                    "2026-11-17T08:02:00.000+00:00"))  # fmt: skip
    store.close()


def saved() -> list:
    store = HistoryStore.open_for_reading(paths.history_file())
    try:
        return store.questionnaires()
    finally:
        store.close()


@pytest.fixture
def app(make_app):
    a_session_yesterday()
    return make_app()


def prompts(app):
    return app.shell.questionnaire_prompts


def test_home_offers_the_questionnaires_after_a_session_and_not_now_hides_the_line(app, qtbot):
    home = app.window.home
    assert home.questionnaire_label.isVisible()
    assert "back questionnaire" in home.questionnaire_label.text()
    qtbot.mouseClick(home.questionnaire_later, Qt.MouseButton.LeftButton)
    assert not home.questionnaire_label.isVisible()
    qtbot.keyClick(app.window, Qt.Key.Key_Q)  # asked for all the same: the menu's and Q's way stays open
    assert app.window.stack.currentWidget() is prompts(app).rmdq_page


def test_no_offer_on_first_start(make_app):
    app = make_app()
    assert not app.window.home.questionnaire_label.isVisible()


def test_the_roland_morris_by_keys_then_the_psfs_typed_and_rated(app, qtbot):
    window = app.window
    qtbot.keyClick(window, Qt.Key.Key_Q)
    page = prompts(app).rmdq_page
    assert window.stack.currentWidget() is page
    assert page.counter.text() == "Statement 1 of 24" and page.statement.text() == RMDQ_STATEMENTS[0]
    qtbot.keyClick(window, Qt.Key.Key_Y)
    qtbot.keyClick(window, Qt.Key.Key_Y)
    assert page.counter.text() == "Statement 3 of 24"
    qtbot.keyClick(window, Qt.Key.Key_Left)  # back one: the second's answer taken back
    assert page.counter.text() == "Statement 2 of 24"
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the window's Space (start) waits while the page shows
    assert not app.model.session_active
    for index in range(2, 24):
        qtbot.keyClick(window, Qt.Key.Key_Y if index in (5, 23) else Qt.Key.Key_N)
    (rmdq,) = saved()
    assert rmdq.instrument is Instrument.RMDQ and rmdq.score == 3 and rmdq.rmdq[:2] == (True, False)
    psfs = prompts(app).psfs_page
    assert window.stack.currentWidget() is psfs and "3 of 24" in psfs.before.text()
    qtbot.keyClicks(psfs.names[0], "Sitting at my desk")
    psfs.ratings[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(psfs.ratings[0], "10")
    qtbot.keyClicks(psfs.names[1], "Lifting the shopping")
    qtbot.keyClick(window, Qt.Key.Key_Return)  # not rated yet: said, nothing saved
    assert psfs.problem.isVisible() and "Lifting the shopping" in psfs.problem.text() and len(saved()) == 1
    psfs.ratings[1].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(psfs.ratings[1], "3")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.home
    rows = saved()
    assert [(r.instrument, r.score) for r in rows] == [(Instrument.RMDQ, 3.0), (Instrument.PSFS, 6.5)]
    assert [(a.name, a.rating) for a in rows[1].psfs] == [("Sitting at my desk", 10), ("Lifting the shopping", 3)]
    assert not window.home.questionnaire_label.isVisible()  # answered: the next in two weeks
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the window's keys are back
    assert app.model.session_active


def test_esc_stops_and_keeps_nothing_and_clicks_answer_too(app, qtbot):
    window = app.window
    qtbot.mouseClick(window.home.questionnaire_button, Qt.MouseButton.LeftButton)
    page = prompts(app).rmdq_page
    qtbot.mouseClick(page.yes_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home and saved() == []
    assert window.home.questionnaire_label.isVisible()  # still due
    qtbot.mouseClick(window.home.questionnaire_button, Qt.MouseButton.LeftButton)
    assert page.counter.text() == "Statement 1 of 24"
    for index in range(24):
        qtbot.mouseClick(page.yes_button if index < 7 else page.no_button, Qt.MouseButton.LeftButton)
    psfs = prompts(app).psfs_page
    qtbot.mouseClick(psfs.skip_button, Qt.MouseButton.LeftButton)
    assert [(r.instrument, r.score) for r in saved()] == [(Instrument.RMDQ, 7.0)]
    assert window.stack.currentWidget() is window.home


def test_the_psfs_offers_last_times_activities_again(app, qtbot):
    from footdesk.questionnaires import Activity

    app.model.questionnaires.save_psfs([Activity("Gardening", 2)])
    prompts(app).begin()
    for _ in range(24):
        qtbot.keyClick(app.window, Qt.Key.Key_N)
    psfs = prompts(app).psfs_page
    assert psfs.names[0].text() == "Gardening" and psfs.ratings[0].value() == -1
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)
    assert app.window.stack.currentWidget() is app.window.home


def test_an_oswestry_score_is_recorded_from_the_menu_with_its_date(app, qtbot):
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "odiDialog":
            return
        watch.stop()
        dialog.score.selectAll()
        qtbot.keyClicks(dialog.score, "38")
        dialog.taken_on.setDate(dialog.taken_on.date().addDays(-9))
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    watch = QTimer()
    watch.timeout.connect(answer)
    watch.start(10)
    prompts(app).odi_action.trigger()
    watch.stop()
    (odi,) = saved()
    assert (odi.instrument, odi.score, odi.taken_on) == (Instrument.ODI, 38.0, date(2026, 11, 9))


def test_the_pages_read_whole_to_a_screen_reader(app, qtbot):
    from tests.ui.test_accessibility import assert_readable, no_tab_stop_scroll_areas

    qtbot.keyClick(app.window, Qt.Key.Key_Q)
    assert_readable(app.window)
    no_tab_stop_scroll_areas(app.window)
    assert "Statement 1 of 24" in app.window.last_announcement
    for _ in range(24):
        qtbot.keyClick(app.window, Qt.Key.Key_N)
    assert_readable(app.window)
    no_tab_stop_scroll_areas(app.window)


def test_a_digit_typed_into_a_rating_box_sets_it_however_the_box_got_the_focus(app, qtbot):
    from footdesk.questionnaires import Activity

    app.model.questionnaires.save_psfs([Activity("Gardening", 2), Activity("Stairs", 4)])
    prompts(app).begin()
    for _ in range(24):
        qtbot.keyClick(app.window, Qt.Key.Key_N)
    psfs = prompts(app).psfs_page
    first, second, third = psfs.ratings
    assert app.window.focusWidget() is first and first.text() == "–"
    qtbot.keyClicks(first, "7")  # the focus put there by the page, not rated yet
    assert first.value() == 7
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)  # clicked into
    qtbot.keyClicks(second, "3")
    assert second.value() == 3
    qtbot.keyClick(second, Qt.Key.Key_Backtab)  # back past the second activity's name to the first rating
    qtbot.keyClick(psfs.names[1], Qt.Key.Key_Backtab)
    assert app.window.focusWidget() in (first, first.lineEdit())
    qtbot.keyClicks(first, "6")
    assert first.value() == 6
    qtbot.mouseClick(third, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(third, "12")  # past the top of the scale: 10, shown, never a silent 1
    assert third.value() == 10 and third.text() == "10"
    qtbot.keyClicks(psfs.names[2], "Lifting")
    assert [(a.name, a.rating) for a in psfs.rated()] == [("Gardening", 6), ("Stairs", 3), ("Lifting", 10)]


def test_the_roland_morris_instructions_show_on_a_short_window_when_they_fit(qtbot):
    from footdesk.questionnaires import RMDQ_INSTRUCTIONS
    from footdesk.ui.questionnaire_page import RmdqPage

    page = RmdqPage()
    qtbot.addWidget(page)
    page.show_statement(0)
    page.resize(607, 300)  # a 1366 x 768 laptop at 225 %: the page under the menu bar
    page.show()
    qtbot.waitExposed(page)
    assert page.instructions.isVisible() and page.instructions.text() == RMDQ_INSTRUCTIONS
    statement = page.statement
    assert (
        statement.mapTo(page, statement.rect().bottomLeft()).y()
        <= page.yes_button.mapTo(page, page.yes_button.rect().topLeft()).y()
    )
    page.resize(607, 190)  # no room for both: the statement keeps its place
    assert not page.instructions.isVisible()
    page.resize(607, 300)
    page.show_statement(1)  # with the first statement only
    assert not page.instructions.isVisible()


def test_a_rated_box_clicked_into_takes_the_digit_typed_as_its_new_rating(app, qtbot):
    """Before: the click put the cursor after the old rating, and a 5 typed
    after a 3 made 35, shown as 10."""
    from footdesk.questionnaires import Activity

    app.model.questionnaires.save_psfs([Activity("Gardening", 2)])
    prompts(app).begin()
    for _ in range(24):
        qtbot.keyClick(app.window, Qt.Key.Key_N)
    first = prompts(app).psfs_page.ratings[0]
    qtbot.keyClicks(first, "3")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    qtbot.mouseClick(first.lineEdit(), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    qtbot.keyClicks(first, "5")
    assert first.value() == 5 and first.text() == "5"
