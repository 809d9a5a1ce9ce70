"""What a keyboard-only person and a screen reader meet (issue 29, defects 1,
15, 20–27): keys press the focused button, the rating is one question, the
side, the sound and the countdown are readable, and the accessibility tree of
every screen has no unnamed control and one focus at a time.

The tree is read in process, through Qt's QAccessible interface: what the
AT-SPI bridge hands a screen reader on Linux is built from the same objects."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from footdesk.keys import SECOND_DIGIT_S
from footdesk.routine import Side
from footdesk.session import SessionOptions, State
from tests.ui.test_routine_editor import files, open_editor  # noqa: F401 - the editor's fixtures, used by name

KEY_HINT = re.compile(r"\[[^\]]+\]")


def press(qtbot, app, *keys) -> None:
    for key in keys:
        qtbot.keyClick(app.window, key)


def tab(qtbot, app, backwards: bool = False) -> QWidget:
    """Tab (or Shift+Tab) as a person presses it: to the widget with the focus."""
    focused = app.window.focusWidget() or app.window
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(focused, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, modifier)
    widget = app.window.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot, app, target: QWidget, backwards: bool = False) -> None:
    for _ in range(40):
        if tab(qtbot, app, backwards) is target:
            return
    raise AssertionError(f"Tab never reached {target.objectName()}")


def finish_by_stopping(qtbot, app) -> None:
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)  # the barefoot habit, done
    app.run_for(5 + 10)
    press(qtbot, app, Qt.Key.Key_Escape)
    assert app.window.stack.currentWidget() is app.window.finished_view


# The rating (defects 1 and 25) ----------------------------------------------------


def test_typing_1_then_0_records_10_and_says_so_large(qtbot, app):
    finish_by_stopping(qtbot, app)
    pain = app.window.finished_view.pain
    press(qtbot, app, Qt.Key.Key_1)
    app.clock.advance(SECOND_DIGIT_S / 2)
    press(qtbot, app, Qt.Key.Key_0)
    assert app.model.history.sessions()[0].pain == 10
    assert pain.value == 10 and pain.buttons[10].isChecked()
    assert pain.noted.text() == "Noted: 10 of 10"
    # read from across the room: as large as the screen's big numbers, larger than the question
    assert pain.noted.font().pixelSize() >= 24
    assert pain.noted.font().pixelSize() > pain.question.font().pixelSize()
    assert app.window.last_announcement == "Noted: 10 of 10"


def test_a_0_typed_well_after_a_1_is_0(qtbot, app):
    finish_by_stopping(qtbot, app)
    press(qtbot, app, Qt.Key.Key_1)
    app.clock.advance(SECOND_DIGIT_S + 1)
    press(qtbot, app, Qt.Key.Key_0)
    assert app.model.history.sessions()[0].pain == 0
    press(qtbot, app, Qt.Key.Key_0)  # "0" after "0" stays 0
    assert app.model.history.sessions()[0].pain == 0


def test_the_rating_is_one_question_with_one_answer_and_one_tab_stop(qtbot, app):
    finish_by_stopping(qtbot, app)
    view = app.window.finished_view
    pain = view.pain
    assert all(isinstance(button, QRadioButton) for button in pain.buttons)
    assert pain.group.exclusive() and len(pain.group.buttons()) == 11
    group = QAccessible.queryAccessibleInterface(pain.choices)
    assert group.role() == QAccessible.Role.Grouping
    assert group.text(QAccessible.Text.Name) == "How is your lower back right now?"
    answers = [QAccessible.queryAccessibleInterface(button) for button in pain.buttons]
    assert {answer.role() for answer in answers} == {QAccessible.Role.RadioButton}
    # Tab all the way round the screen: the question is one stop
    stops: list[QWidget] = []
    for _ in range(12):
        stops.append(tab(qtbot, app))
    assert sum(1 for widget in set(stops) if widget in pain.buttons) == 1
    press(qtbot, app, Qt.Key.Key_4)
    assert [button.isChecked() for button in pain.buttons].count(True) == 1


# Keys: Space and Enter on a focused button (defect 20) ----------------------------


def test_space_on_a_focused_next_skips_while_paused_instead_of_resuming(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 10)
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.model.snapshot().state is State.PAUSED
    assert app.window.focusWidget() is view.toggle_button
    tab_to(qtbot, app, view.next_button)
    press(qtbot, app, Qt.Key.Key_Space)
    assert view.side_banner.side is Side.RIGHT, "Next was pressed"
    assert app.window.focusWidget() is view.next_button
    press(qtbot, app, Qt.Key.Key_Return)  # Enter on Next presses it too
    assert view.title_label.text() == "Heel raises with a lacrosse ball"


def test_a_mouse_click_leaves_space_to_the_big_button(qtbot, app):
    """The person clicked Next once: Space from across the room still pauses."""
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 10)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.side_banner.side is Side.RIGHT
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.model.snapshot().state is State.PAUSED
    assert view.side_banner.side is Side.RIGHT


def test_space_on_a_focused_button_at_home_presses_that_button(qtbot, app):
    home = app.window.home
    assert app.window.focusWidget() is home.start_button, "the first focus is the big button's"
    opened: list[str] = []

    def close_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, close_the_dialog)
            return
        opened.append(dialog.objectName())
        dialog.reject()

    tab_to(qtbot, app, home.settings_button)
    QTimer.singleShot(20, close_the_dialog)
    press(qtbot, app, Qt.Key.Key_Space)
    assert opened == ["settingsDialog"]
    assert app.model.snapshot() is None, "Space on Settings must not start the routine"


def test_space_on_a_focused_rating_answers_it_rather_than_leaving(qtbot, app):
    finish_by_stopping(qtbot, app)
    pain = app.window.finished_view.pain
    tab_to(qtbot, app, pain.buttons[0])
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.window.stack.currentWidget() is app.window.finished_view
    assert app.model.history.sessions()[0].pain == 0
    press(qtbot, app, Qt.Key.Key_Right)  # the focus follows the answer within the group
    assert app.window.focusWidget() is pain.buttons[1] and pain.buttons[1].isChecked()


# Readable: the side, the sound, the countdown (defects 21, 22, 24) --------------------


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_the_side_banner_is_read_as_its_words(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    assert name_of(view.side_banner) == "Left foot"
    press(qtbot, app, Qt.Key.Key_Right)
    assert name_of(view.side_banner) == "Right foot"


def test_mute_is_readable_in_a_session_and_announced(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space)
    assert name_of(view.sound_label) == "Sound on. M mutes"
    press(qtbot, app, Qt.Key.Key_M)
    assert name_of(view.sound_label) == "Sound muted. M for sound"
    assert app.window.last_announcement == "Sound muted. M for sound"
    press(qtbot, app, Qt.Key.Key_M)
    assert app.window.last_announcement == "Sound on. M mutes"


def test_the_countdown_is_a_readable_value_reached_with_tab(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    assert name_of(view.countdown) == "Get ready 5"
    app.run_for(5 + 1)
    assert name_of(view.countdown) == "Time left 1:59"
    tab_to(qtbot, app, view.countdown, backwards=True)
    press(qtbot, app, Qt.Key.Key_Space)  # the countdown is no button: Space still pauses
    assert app.model.snapshot().state is State.PAUSED
    assert name_of(view.countdown) == "Time left 1:59, paused"


# Focus and names on every screen (defects 23 and 27) --------------------------------

INTERACTIVE = {
    QAccessible.Role.Button,
    QAccessible.Role.RadioButton,
    QAccessible.Role.CheckBox,
    QAccessible.Role.ComboBox,
    QAccessible.Role.SpinBox,
    QAccessible.Role.Slider,
    QAccessible.Role.EditableText,
    QAccessible.Role.PageTab,
    QAccessible.Role.Table,
    QAccessible.Role.Tree,
    QAccessible.Role.List,
    QAccessible.Role.Cell,
    QAccessible.Role.TreeItem,
}


def walk(interface, found: list) -> None:
    if interface is None or not interface.isValid():
        return
    found.append(interface)
    for index in range(interface.childCount()):
        walk(interface.child(index), found)


ITEMS = {QAccessible.Role.Cell, QAccessible.Role.ListItem, QAccessible.Role.TreeItem, QAccessible.Role.Row}


def labels_of(interface) -> list[str]:
    """What a screen reader reads as the label of a control: its labelled-by relations."""
    return [label.text(QAccessible.Text.Name) for label, _ in interface.relations(QAccessible.Relation.Label)]


def view_of(interface) -> QAbstractItemView | None:
    while interface is not None and interface.isValid():
        if isinstance(interface.object(), QAbstractItemView):
            return interface.object()
        interface = interface.parent()
    return None


def qt_marks_current_as_focused(interface) -> bool:
    """Qt marks a page tab and the current item of a list or table "focused"
    whether or not the focus is there, and whether or not the list is on show
    (its QAccessibleTabButton and QAccessibleTableCell); a screen reader
    follows the focus events, which are right. Short of clearing the current
    item, which is what the routines dialog and the review act on, there is no
    way around it. A closed combo box's list is another matter: its current
    item is not the combo's value and is let go (``theme.quiet_combo``), so it counts."""
    if interface.role() is QAccessible.Role.PageTab:
        return True
    view = view_of(interface) if interface.role() in ITEMS else None
    return view is not None and view.window().windowType() != Qt.WindowType.Popup


def tree_problems(root: QWidget) -> tuple[list[str], list[str]]:
    """(unnamed or symbol-led controls on show, objects that say they have the focus)."""
    found: list = []
    walk(QAccessible.queryAccessibleInterface(root), found)
    problems, focused = [], []
    for interface in found:
        state, role = interface.state(), interface.role()
        name = interface.text(QAccessible.Text.Name)
        where = f"{role.name} {name!r}"
        if state.invisible:
            continue
        if (role in INTERACTIVE or state.focusable) and not name.strip():
            problems.append(f"unnamed {where}")
        if name and not (name[0].isalnum() or name[0] in "('\""):
            problems.append(f"starts with a symbol: {where}")
        if KEY_HINT.search(name):
            problems.append(f"the key hint read out: {where}")
        if role is QAccessible.Role.ComboBox and not any(label.strip() for label in labels_of(interface)):
            # on Linux Qt names a combo box by its value: its label is the relation a screen reader reads
            problems.append(f"no label, named by its value: {where}")
        if state.focused and not qt_marks_current_as_focused(interface):
            focused.append(where)
    return problems, focused


def assert_readable(root: QWidget) -> None:
    QApplication.processEvents()
    problems, focused = tree_problems(root)
    assert problems == []
    assert len(focused) <= 1, focused


def no_tab_stop_scroll_areas(root: QWidget) -> None:
    for area in root.findChildren(QAbstractScrollArea):
        if area.isVisible() and not area.accessibleName():
            assert not area.focusPolicy() & Qt.FocusPolicy.TabFocus, area.objectName()


def test_every_screen_of_the_window_reads_whole_with_one_focus(qtbot, app):
    window = app.window
    assert_readable(window)
    no_tab_stop_scroll_areas(window)
    assert window.focusWidget() is window.home.start_button
    press(qtbot, app, Qt.Key.Key_Space)
    assert_readable(window)
    press(qtbot, app, Qt.Key.Key_Space)
    app.run_for(5 + 3)
    assert_readable(window)
    press(qtbot, app, Qt.Key.Key_Space)  # paused
    assert_readable(window)
    press(qtbot, app, Qt.Key.Key_Escape)
    assert_readable(window)
    no_tab_stop_scroll_areas(window)
    assert window.focusWidget() is window.finished_view.home_button
    press(qtbot, app, Qt.Key.Key_7)
    assert_readable(window)
    press(qtbot, app, Qt.Key.Key_Return)
    assert_readable(window)


def test_the_week_review_reads_whole(qtbot, app):
    from footdesk.ui.review_window import ReviewWindow

    finish_by_stopping(qtbot, app)
    press(qtbot, app, Qt.Key.Key_Return)
    review = ReviewWindow(app.model, app.window)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    assert_readable(review)
    no_tab_stop_scroll_areas(review)
    tree = review.sessions
    assert name_of(tree) == "Sessions this week"
    item = tree.topLevelItem(0)
    spoken = [item.data(column, Qt.ItemDataRole.AccessibleTextRole) for column in range(tree.columnCount())]
    assert "" not in spoken and spoken[1] == "none"
    assert spoken[2] == "partly done", "no symbol before the words"
    tab_bar = review.tabs.tabBar()
    assert [tab_bar.accessibleTabName(i) for i in range(tab_bar.count())] == ["The week", "Last 12 weeks"]


def test_the_first_start_dialog_has_no_unnamed_tab_stop(qtbot, app):
    from footdesk.ui.dialogs import self_check_dialog

    dialog = self_check_dialog(app.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    no_tab_stop_scroll_areas(dialog)
    assert_readable(dialog)


def test_a_hidden_list_never_reports_the_focus(qtbot, make_app):
    """A closed combo box's list marked its current item focused on every screen."""
    app = make_app()
    QApplication.processEvents()
    _, focused = tree_problems(app.window)
    assert focused == ["Button 'Start routine'"]


# The voice pauses with the routine (defect 15), seen from the window ---------------


def test_pause_and_resume_reach_the_sound(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(2)
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    assert app.cues.pauses == [True, False]


@pytest.mark.parametrize("options", [SessionOptions(get_ready_s=3)])
def test_the_end_is_announced_with_the_screens_words(qtbot, make_app, options):
    app = make_app(options)
    press(qtbot, app, Qt.Key.Key_Space)
    while app.model.session_active:
        press(qtbot, app, Qt.Key.Key_N)
    assert app.window.finished_view.heading.text() == "Finished, with some skipped"
    assert app.window.last_announcement == "Finished, with some skipped. What you did is saved."


# One move of the focus per screen, and a Tab walk of every screen ------------------


def test_a_new_screen_takes_the_focus_in_one_move(qtbot, app):
    """Qt handed the focus to the new page's first Tab stop (the countdown, a
    rating) before the page's main button took it: a screen reader said both."""
    window = app.window
    moves: list[QWidget | None] = []
    QApplication.instance().focusChanged.connect(lambda _old, new: moves.append(new))
    press(qtbot, app, Qt.Key.Key_Space)
    assert [widget for widget in moves if widget is not None] == [window.session_view.toggle_button]
    moves.clear()
    press(qtbot, app, Qt.Key.Key_Space)
    app.run_for(5 + 10)
    press(qtbot, app, Qt.Key.Key_Escape)
    assert [widget for widget in moves if widget is not None] == [window.finished_view.home_button]
    moves.clear()
    press(qtbot, app, Qt.Key.Key_Return)
    assert [widget for widget in moves if widget is not None] == [window.home.start_button]


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says a control is: a combo box by its label (on
    Linux Qt names it by its value), anything else by its name."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if isinstance(widget, QComboBox):
        return next(iter(labels_of(interface)), "")  # its own label first, then its group's title
    return interface.text(QAccessible.Text.Name)


def tab_walk(qtbot, first: QWidget | None = None, limit: int = 60) -> list[QWidget]:
    """Tab from the focus until it comes back to where it started: each stop on the way."""
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
    start = QApplication.focusWidget()
    assert start is not None
    stops = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None, f"the focus fell off after {stops[-1].objectName()}"
        if now is start:
            return stops
        stops.append(now)
    raise AssertionError(f"Tab never came back to {start.objectName()}: {[w.objectName() for w in stops]}")


def walk_problems(stops: list[QWidget]) -> list[str]:
    """Each stop on show, named in words, and no pane without a purpose (a scroll area)."""
    problems = []
    for widget in stops:
        name = spoken_name(widget)
        where = f"{type(widget).__name__} {widget.objectName()!r} {name!r}"
        if not widget.isVisible():
            problems.append(f"not on show: {where}")
        if isinstance(widget, QScrollArea):
            problems.append(f"a scroll area: {where}")
        if not name.strip() or not (name[0].isalnum() or name[0] in "('\""):
            problems.append(f"not named in words: {where}")
        if KEY_HINT.search(name):
            problems.append(f"the key hint read out: {where}")
    return problems


def names_on_the_walk(qtbot, first: QWidget | None = None) -> list[str]:
    stops = tab_walk(qtbot, first)
    assert walk_problems(stops) == []
    assert len(set(stops)) == len(stops)
    return [spoken_name(widget) for widget in stops]


def test_tab_walks_home_the_session_and_the_end(qtbot, make_app):
    from tests.ui.test_home_own_routine import knee_app
    from tests.ui.test_questionnaire_ui import a_session_yesterday

    a_session_yesterday()  # the back questionnaires are offered on home
    app = knee_app(make_app)
    window = app.window
    assert window.home.questionnaire_button.isVisible() and window.home.routine_choice.isVisible()
    assert_readable(window)
    home = names_on_the_walk(qtbot)
    assert home[0] == "Start routine" and {"Answer it now", "Routine:", "Settings"} <= set(home)
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)  # past the tip, into the first knee bend's get-ready
    app.run_for(3 + 2)
    press(qtbot, app, Qt.Key.Key_Space)  # paused
    assert_readable(window)
    session = names_on_the_walk(qtbot)
    assert session[0] == "Resume" and {"Back", "Next", "Stop"} <= set(session)
    assert any(name.startswith("Time left") for name in session)
    press(qtbot, app, Qt.Key.Key_Space)
    app.run_for(45 + 3 + 45)  # both knee bends: their check-in shows
    press(qtbot, app, Qt.Key.Key_Escape)
    check_in = window.finished_view.check_in
    assert check_in.isVisible()
    assert [name_of(check_in.effort_row), name_of(check_in.pain_row)] == ["How it felt", "Pain during it, 0 to 10"]
    assert_readable(window)
    end = names_on_the_walk(qtbot)
    assert end[0] == "Back to start"
    assert {"easy", "pain during it: 0, none", "0, no pain", "Add a note…", "Start again"} <= set(end)


def test_tab_walks_the_review(qtbot, app):
    from footdesk.ui.review_window import ReviewWindow

    finish_by_stopping(qtbot, app)
    press(qtbot, app, Qt.Key.Key_Return)
    review = ReviewWindow(app.model, app.window)
    qtbot.addWidget(review)
    review.show()
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    names = names_on_the_walk(qtbot)
    assert {"Sessions this week", "Days of the week", "Close"} <= set(names)


def test_tab_walks_settings_with_one_focus(qtbot, app):
    from tests.ui.test_settings_dialog import in_settings_dialog, open_settings

    walked: list[list[str]] = []

    def look(dialog) -> None:
        QApplication.processEvents()
        assert tree_problems(dialog) == ([], [spoken_role_name(dialog.duration_edits["roll"])])
        walked.append(names_on_the_walk(qtbot))

    in_settings_dialog(look)
    open_settings(qtbot, app)
    assert walked and walked[0][0] == "Roll each foot on a lacrosse ball (each foot)"
    assert {"Volume", "Sound cues", "Save", "Cancel"} <= set(walked[0])


def spoken_role_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return f"{interface.role().name} {interface.text(QAccessible.Text.Name)!r}"


def test_tab_walks_the_routine_editor_its_steps_and_its_plan(qtbot, open_editor):  # noqa: F811 - the fixture
    from tests.ui.test_routine_editor import own_routine, pick
    from tests.ui.test_routine_editor_plan import plan_of

    own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    QApplication.processEvents()
    assert_readable(editor)
    steps = names_on_the_walk(qtbot, editor.routine_list)
    assert {"Routines", "Steps", "Step title", "Timing"} <= set(steps)
    plan_of(qtbot, editor)
    QApplication.processEvents()
    assert_readable(editor)
    plan = names_on_the_walk(qtbot, editor.routine_list)
    assert {"Times a day", "Days a week", "Phases"} <= set(plan)


def test_tab_walks_the_questionnaire_pages(qtbot, make_app):
    from tests.ui.test_questionnaire_ui import a_session_yesterday

    a_session_yesterday()
    app = make_app()
    press(qtbot, app, Qt.Key.Key_Q)
    assert names_on_the_walk(qtbot) == ["Roland-Morris questionnaire", "Yes", "No", "Stop, keep nothing"]
    for _ in range(24):
        press(qtbot, app, Qt.Key.Key_N)
    psfs = names_on_the_walk(qtbot)
    assert psfs[0] == "Activity 1" and psfs[-2:] == ["Save", "Not this time"]


def test_tab_walks_the_plan_question(qtbot, make_app):
    from tests.ui.test_plan_window import ask_by_space, in_start_phase, plan_app

    app = plan_app(make_app, in_start_phase())
    ask_by_space(qtbot, app)
    assert_readable(app.window)
    assert {"Go up now", "Not yet"} <= set(names_on_the_walk(qtbot))


def test_tab_walks_the_first_start_dialog(qtbot, app):
    from footdesk.ui.dialogs import self_check_dialog

    dialog = self_check_dialog(app.window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert names_on_the_walk(qtbot) == ["I understand"]
