"""What a keyboard-only person and a screen reader meet (issue 29, defects 1,
15, 20–27): keys press the focused button, the rating is one question, the
side, the sound and the countdown are readable, and the accessibility tree of
every screen has no unnamed control and one focus at a time.

The tree is read in process, through Qt's QAccessible interface: what the
AT-SPI bridge hands a screen reader on Linux is built from the same objects."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QRadioButton, QWidget

from footdesk.keys import SECOND_DIGIT_S
from footdesk.routine import Side
from footdesk.session import SessionOptions, State


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
        if state.focused and role is not QAccessible.Role.PageTab:  # Qt marks the current tab so always
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
