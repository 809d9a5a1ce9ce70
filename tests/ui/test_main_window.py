from __future__ import annotations

import itertools
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from footdesk import paths
from footdesk.routine import Side
from footdesk.session import Outcome, PhaseEnded, RoutineFinished, SessionOptions, State
from footdesk.ui.countdown import ClockLook
from tests.helpers.palette import dark_desktop


def press(qtbot, app, *keys) -> None:
    for key in keys:
        qtbot.keyClick(app.window, key)


def screen(app):
    return app.window.stack.currentWidget()


def test_home_shows_the_routine_at_a_glance(app):
    rows = app.window.home.step_rows()
    assert rows == [
        ("1", "Walk around barefoot", "habit"),
        ("2", "Roll each foot on a lacrosse ball", "2:00 each foot"),
        ("3", "Heel raises with a lacrosse ball", "1:00"),
        ("4", "Choose less supportive shoes", "habit"),
    ]
    assert "5 min of exercise" in app.window.home.summary.text()
    assert screen(app) is app.window.home
    assert not app.waker.armed  # an idle window never wakes up


def test_whole_routine_by_keys_alone(qtbot, app):
    started = time.perf_counter()
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space)
    assert screen(app) is view
    assert view.step_label.text() == "Step 1 of 4"
    assert view.title_label.text() == "Walk around barefoot"
    assert view.toggle_button.text().startswith("✓  Done")

    press(qtbot, app, Qt.Key.Key_Space)  # barefoot: done
    assert view.step_label.text() == "Step 2 of 4"
    assert view.side_banner.side is Side.LEFT and "LEFT FOOT" in view.side_banner.text()
    assert view.countdown.look is ClockLook.GET_READY and view.countdown.text == "5"

    app.run_for(5)
    assert view.countdown.look is ClockLook.RUNNING and view.countdown.text == "2:00"
    app.run_for(0.5)
    assert view.countdown.text == "2:00"
    app.run_for(0.5)
    assert view.countdown.text == "1:59"
    app.run_for(119)
    assert view.side_banner.side is Side.RIGHT and "RIGHT FOOT" in view.side_banner.text()
    assert view.countdown.look is ClockLook.GET_READY

    app.run_for(5 + 120 + 5)
    assert view.title_label.text() == "Heel raises with a lacrosse ball"
    assert view.side_banner.isHidden()
    assert view.countdown.text == "1:00"
    app.run_for(60)
    assert view.title_label.text() == "Choose less supportive shoes"
    assert not app.waker.armed  # a tip waits without waking up

    press(qtbot, app, Qt.Key.Key_N)
    finished = app.window.finished_view
    assert screen(app) is finished
    assert finished.heading.text() == "Well done!"
    assert finished.result_lines() == [
        "✓  Walk around barefoot  habit kept",
        "✓  Roll each foot on a lacrosse ball — left foot  2:00",
        "✓  Roll each foot on a lacrosse ball — right foot  2:00",
        "✓  Heel raises with a lacrosse ball  1:00",
        "✓  Choose less supportive shoes  habit kept",
    ]
    assert "5 min of exercise" in finished.summary.text()
    assert isinstance(app.recorder.events[-1], RoutineFinished) and app.recorder.events[-1].completed
    assert app.cues.sessions_began == 1 and app.cues.sessions_ended == 1
    assert not app.waker.armed

    press(qtbot, app, Qt.Key.Key_Return)
    assert screen(app) is app.window.home
    # the routine's five minutes passed on the fake clock, not the wall's: a small part of them even on a busy machine
    assert time.perf_counter() - started < 30.0


def test_countdown_digits_are_at_least_a_quarter_of_the_window_high(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5)
    digits = app.window.session_view.countdown.digit_height()
    assert digits >= app.window.height() / 4


def test_space_pauses_and_resumes_and_the_timer_sleeps_while_paused(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 10)
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.model.snapshot().state is State.PAUSED
    assert not app.waker.armed
    assert view.countdown.look is ClockLook.PAUSED and view.countdown.text == "1:50"
    assert "Paused" in view.clock_caption.text()
    assert "Resume" in view.toggle_button.text()
    app.clock.advance(600)
    app.model.tick()
    assert view.countdown.text == "1:50"
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.waker.armed
    app.run_for(110)
    assert view.side_banner.side is Side.RIGHT


def test_pause_during_get_ready_keeps_the_get_ready_look(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(2)
    press(qtbot, app, Qt.Key.Key_Space)
    assert view.countdown.text == "3"  # still a get-ready number, not m:ss
    assert view.countdown.look is ClockLook.PAUSED


def test_right_arrow_skips_a_side_and_left_arrow_restarts_it(qtbot, app):
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 30)
    press(qtbot, app, Qt.Key.Key_Left)  # restart the left foot
    assert view.side_banner.side is Side.LEFT and view.countdown.look is ClockLook.GET_READY
    press(qtbot, app, Qt.Key.Key_Right)  # skip the left foot
    assert view.side_banner.side is Side.RIGHT
    press(qtbot, app, Qt.Key.Key_B)  # before the right foot runs: back to the left one
    assert view.side_banner.side is Side.LEFT
    outcomes = [e.run.outcome for e in app.recorder.events if isinstance(e, PhaseEnded)]
    assert outcomes == [Outcome.COMPLETED, Outcome.RESTARTED, Outcome.SKIPPED]


def test_escape_stops_and_shows_what_was_done(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 45)
    press(qtbot, app, Qt.Key.Key_Escape)
    finished = app.window.finished_view
    assert screen(app) is finished
    assert finished.heading.text() == "Stopped early"
    assert finished.result_lines()[-1] == "■  Roll each foot on a lacrosse ball — left foot  partly done, 0:45 of 2:00"
    assert not app.waker.armed
    # the focus is on the main button, which tells a screen reader the result
    assert app.window.focusWidget() is finished.home_button
    assert finished.home_button.accessibleDescription().startswith(
        "Stopped early. 45 seconds of exercise in 50 seconds. Everything you did counts."
    )
    press(qtbot, app, Qt.Key.Key_Escape)
    assert screen(app) is app.window.home
    assert app.window.focusWidget() is app.window.home.start_button


def test_space_on_the_finished_screen_goes_home_and_start_again_is_a_deliberate_click(qtbot, app):
    """One habitual Space too many must not record a second session."""
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Escape)  # a habit kept, then stopped
    assert screen(app) is app.window.finished_view
    press(qtbot, app, Qt.Key.Key_Space)
    assert screen(app) is app.window.home
    assert len(app.model.sessions()) == 1
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Escape)
    qtbot.mouseClick(app.window.finished_view.again_button, Qt.MouseButton.LeftButton)
    assert screen(app) is app.window.session_view
    assert app.window.session_view.step_label.text() == "Step 1 of 4"


def test_session_keys_do_nothing_on_the_home_screen(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Right, Qt.Key.Key_N, Qt.Key.Key_Left, Qt.Key.Key_B, Qt.Key.Key_Escape)
    assert screen(app) is app.window.home
    assert app.model.snapshot() is None


def test_without_auto_advance_the_next_side_waits_for_space(qtbot, make_app):
    app = make_app(SessionOptions(get_ready_s=3, auto_advance=False))
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(3 + 120)
    assert view.side_banner.side is Side.RIGHT
    assert view.countdown.look is ClockLook.WAITING and "Press Space" in view.clock_caption.text()
    assert not app.waker.armed
    press(qtbot, app, Qt.Key.Key_Space)
    assert view.countdown.look is ClockLook.GET_READY


def test_the_timer_is_armed_for_the_next_second_boundary(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.clock.advance(0.25)
    app.model.tick()
    assert app.waker._timer.interval() == 750
    assert app.waker._timer.timerType() is Qt.TimerType.PreciseTimer


def test_a_failing_history_is_reported_once_and_the_routine_goes_on(qtbot, make_app, monkeypatch):
    from footdesk.history import HistoryStore

    def disk_full(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(HistoryStore, "add_step_run", disk_full)
    app = make_app(SessionOptions(get_ready_s=0))
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(300)
    assert "history failed (disk full)" in app.window.notice.text()
    assert not app.window.statusBar().isHidden()
    assert app.window.session_view.title_label.text() == "Choose less supportive shoes"


def test_f11_toggles_full_screen(qtbot, app):
    press(qtbot, app, Qt.Key.Key_F11)
    qtbot.waitUntil(app.window.isFullScreen)
    assert app.window.menuBar().isHidden()
    press(qtbot, app, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not app.window.isFullScreen())
    assert not app.window.menuBar().isHidden()


def test_closing_mid_session_records_the_part_done(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 20)
    app.window.close()
    ended = [e for e in app.recorder.events if isinstance(e, PhaseEnded)]
    assert ended[-1].run.outcome is Outcome.STOPPED and ended[-1].run.active_s == 20


def test_ctrl_q_quits(qtbot, app):
    press_ctrl_q = lambda: qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
    press_ctrl_q()
    qtbot.waitUntil(lambda: not app.window.isVisible())


def test_ctrl_q_asks_before_losing_what_is_not_saved_yet(qtbot, app, monkeypatch):
    """A history that cannot be written (a full disk, a lock) keeps the session
    for a retry; quitting would lose it, so Ctrl+Q asks first, and keeping
    footdesk open keeps it (it is written once the file can be)."""
    import sqlite3

    from tests.helpers.answers import BoxAnswerer

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL

    def no_room(*_args):
        raise full

    monkeypatch.setattr(app.model.history, "end_session", no_room)
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)  # the barefoot habit, kept
    press(qtbot, app, Qt.Key.Key_Escape, Qt.Key.Key_Return)  # stopped, home
    answers = BoxAnswerer(qtbot, "quitLosing", "Keep footdesk open")  # as a person does, once it is on screen
    qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert (
        app.window.isVisible()
        and "1 change to your history is not saved yet (database or disk is full)" in (answers.asked[0])
    )
    monkeypatch.undo()  # room again: the last try before quitting writes it, and nothing is asked
    app.window.activateWindow()  # the keys go to the window again once the question is gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window)
    qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not app.window.isVisible())
    answers.stop()
    assert len(answers.asked) == 1 and app.model.sessions()[-1].ended_at is not None


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1024, 600)])
def test_nothing_is_clipped_in_the_session_view(qtbot, app, size):
    app.window.resize(*size)
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5)
    view = app.window.session_view
    QApplication.processEvents()  # let the pending layout run before measuring
    for label in (view.title_label, view.step_label, view.next_label, view.clock_caption):
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        assert needed <= label.height() + 2, label.objectName()
    for button in (view.back_button, view.toggle_button, view.next_button, view.stop_button):
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width(), button.objectName()


def test_after_the_computer_sleeps_the_step_is_paused_and_says_why(qtbot, make_app):
    app = make_app(SessionOptions(get_ready_s=0, sleep_gap_s=5))
    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(30)
    app.clock.advance(3600)  # lid closed for an hour
    app.model.tick()
    assert app.model.snapshot().state is State.PAUSED
    assert view.countdown.text == "1:30"
    assert "computer slept" in view.clock_caption.text()
    assert not app.waker.armed


def test_the_window_hands_announcements_to_the_screen_reader(qtbot, app):
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.window.last_announcement.startswith("Step 1: Walk around barefoot")
    press(qtbot, app, Qt.Key.Key_Space)
    app.run_for(5 + 1)
    assert app.window.last_announcement == "Go: 2 minutes. Now: Roll side to side under your toes."
    press(qtbot, app, Qt.Key.Key_Space)
    assert app.window.last_announcement == "Paused. Press Space to resume."


def test_the_title_bar_names_each_step_and_side(qtbot, app):
    """Screen readers read the active window's new title; older Orca releases
    hear of a step change no other way."""
    titles = []
    press(qtbot, app, Qt.Key.Key_Space)
    while app.model.session_active:
        titles.append(app.window.windowTitle())
        press(qtbot, app, Qt.Key.Key_Right)
    assert titles == [
        "Step 1 of 4: Walk around barefoot",
        "Step 2 of 4: Roll each foot on a lacrosse ball — left foot",
        "Step 2 of 4: Roll each foot on a lacrosse ball — right foot",
        "Step 3 of 4: Heel raises with a lacrosse ball",
        "Step 4 of 4: Choose less supportive shoes",
    ]
    assert app.window.windowTitle() == "Finished"


def test_screen_readers_hear_button_words_and_no_ticking_values(qtbot, app):
    """Buttons show symbols and keys ("❚❚  Pause   [Space]"); a screen reader
    gets the words, and the key as the description. Nothing in the session
    screen exposes a value that changes every second (Orca reads progress
    bars out as "20 percent" every few seconds)."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractSlider, QProgressBar

    view = app.window.session_view
    press(qtbot, app, Qt.Key.Key_Space)
    assert view.toggle_button.accessibleName() == "Done, go on"
    press(qtbot, app, Qt.Key.Key_Space)
    assert view.toggle_button.accessibleName() == "Pause"
    assert view.toggle_button.text() == "❚❚  Pause   [Space]"
    assert [b.accessibleName() for b in (view.back_button, view.next_button, view.stop_button)] == [
        "Back",
        "Next",
        "Stop",
    ]
    # a tooltip already gives the key; without one, the description does
    assert QAccessible.queryAccessibleInterface(view.stop_button).text(QAccessible.Text.Description) == (
        "Stop the routine (Esc)"
    )
    home_start = app.window.home.start_button
    assert home_start.accessibleName() == "Start routine"
    assert QAccessible.queryAccessibleInterface(home_start).text(QAccessible.Text.Description) == "Shortcut: Space"
    assert not view.findChildren(QProgressBar) and not view.findChildren(QAbstractSlider)
    for widget in view.findChildren(QWidget):
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is None or interface.valueInterface() is None, widget.objectName()


def test_the_home_screen_is_usable_before_the_history_opens(qtbot, make_app):
    """footdesk shows the home screen first and opens the history after the first
    frame: keys in between must neither fail nor open half-built dialogs, and a
    session started early is recorded once the history opens."""
    app = make_app(SessionOptions(get_ready_s=0), with_history=False)
    window = app.window
    assert window.home.step_rows()[1] == ("2", "Roll each foot on a lacrosse ball", "2:00 each foot")
    for key in (Qt.Key.Key_M, Qt.Key.Key_Right, Qt.Key.Key_N, Qt.Key.Key_Escape, Qt.Key.Key_3):
        qtbot.keyClick(window, key)
    assert QApplication.activeModalWidget() is None
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)  # start, and go on from the first habit
    assert window.stack.currentWidget() is window.session_view
    app.model.open_history()
    app.run_for(120)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    sessions = app.model.sessions()
    assert [(run.step, run.side) for run in sessions[0].steps] == [
        ("barefoot", None),
        ("roll", "left"),
        ("roll", "right"),
    ]


def test_the_window_minimum_fits_a_laptop_screen_at_200_percent(qtbot, app):
    """1366x768 at 200 % scaling is 683x384 logical pixels: the window's
    minimum must fit in that (the home and finished screens scroll instead,
    with their main buttons kept in view). Sizes follow the window, so it is
    measured at that size; the session from start to end is the next test."""
    app.window.resize(683, 384)

    def fits(size) -> bool:
        return size.width() <= 683 and size.height() <= 384

    # fonts follow the window's height, and layouts settle in the event loop
    qtbot.waitUntil(lambda: fits(app.window.minimumSizeHint()), timeout=2000)
    for view in (app.window.home, app.window.session_view, app.window.finished_view):
        assert fits(view.minimumSizeHint()), (view.objectName(), view.minimumSizeHint())


# 1366x768 at 200 %, less a title bar: what a window gets on such a laptop
SHORT_SCREEN = (683, 354)


def settle_at(qtbot, window, size: tuple[int, int]) -> None:
    """Resize until the fonts that follow the size have let the window get there."""
    for _ in range(4):
        window.resize(*size)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=2000)


def test_a_whole_session_stays_on_a_short_screen(qtbot, make_app):
    """On a short screen the session screen shrinks its sizes to fit instead of
    growing the window past the bottom edge, where Stop and the finished
    screen's buttons would be out of reach. Each phase brings other texts, so
    every one is checked, and the window must never have grown."""
    app = make_app(SessionOptions(get_ready_s=3))
    window = app.window
    settle_at(qtbot, window, SHORT_SCREEN)
    width, height = SHORT_SCREEN
    press(qtbot, app, Qt.Key.Key_Space)
    seen: list[tuple[str, State]] = []

    def check(what: str) -> None:
        QApplication.processEvents()
        QApplication.processEvents()
        assert window.height() <= height and window.width() <= width, (what, window.size())
        assert window.minimumSizeHint().height() <= height, (what, window.minimumSizeHint())
        page = screen(app)
        for widget in page.findChildren(QPushButton):
            if widget.isVisibleTo(page):
                bottom = widget.mapTo(page, widget.rect().bottomRight()).y()
                assert bottom < page.height(), (what, widget.objectName(), bottom, page.height())

    while app.model.session_active:
        snap = app.model.snapshot()
        seen.append((snap.phase.step.id, snap.state))
        check(f"{snap.phase.step.id} {snap.state}")
        view = window.session_view
        if snap.state is State.TIP:
            press(qtbot, app, Qt.Key.Key_Space)
            continue
        app.run_for(4)  # the clock runs
        check(f"{snap.phase.step.id} running")
        assert view.countdown.height() >= 60
        assert view.hints.mapTo(view, view.hints.rect().bottomLeft()).y() < view.height()
        assert view.side_banner.isVisible() == (snap.phase.side is not None)
        press(qtbot, app, Qt.Key.Key_Right)
    check("finished")
    assert screen(app) is window.finished_view
    assert len(seen) == 5, seen


def test_the_rating_buttons_take_two_rows_when_one_is_too_narrow(qtbot, make_app):
    app = make_app(SessionOptions(get_ready_s=3))
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Escape)
    buttons = app.window.finished_view.pain.buttons

    def rows() -> list[int]:
        QApplication.processEvents()
        tops = sorted({button.y() for button in buttons})
        return [sum(1 for button in buttons if button.y() == top) for top in tops]

    assert rows() == [11]
    settle_at(qtbot, app.window, (460, 500))
    assert rows() == [6, 5]
    for button in buttons:
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()
        assert button.height() >= 40, "big enough to hit"
    for left, right in itertools.pairwise(buttons[:6]):
        assert left.geometry().right() < right.geometry().left()


def test_a_window_larger_than_the_screen_is_made_to_fit_it(qtbot, app):
    window = app.window
    available = window.screen().availableGeometry()
    window.setGeometry(available.x() + 200, available.y() + 100, available.width() + 300, available.height() + 200)
    window.fit_to_screen()
    QApplication.processEvents()
    assert available.contains(window.frameGeometry()), (window.frameGeometry(), available)


def test_a_restored_place_that_fits_is_kept_until_the_frame_is_known(qtbot, app):
    """Before the window manager has framed it, footdesk does not move the
    window by a guess at its title bar: that put the frame where the window
    was, and a restored window crept by its border at every start."""
    from footdesk.app import Shell

    shell = Shell(app.model)
    window = shell.window  # as at start: restored, not shown, so not framed
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    place = (available.x() + 40, available.bottom() - 500 - 10, 600, 500)  # fits, but not with a guessed title bar
    window.setGeometry(*place)
    assert window.frameGeometry() == window.geometry(), "not framed yet"
    window.fit_to_screen()
    assert window.geometry().getRect() == place


def wrapped_lines_cut_off(page: QWidget) -> list[str]:
    return [
        label.text()
        for label in page.findChildren(QLabel)
        if label.isVisibleTo(page) and label.wordWrap() and label.height() < label.heightForWidth(label.width()) - 1
    ]


def test_instructions_that_wrap_longer_once_the_clock_runs_are_not_cut_off(qtbot, make_app):
    """Getting ready for heel raises two instructions are in bold, running four:
    bold text wraps to more lines, so the sizes are fitted again (smaller)
    rather than the last lines cut off. (With its picture beside them the texts
    are at their smallest already on this small window, and the picture gives
    way: nothing is cut off either.)"""
    for pictures in (False, True):
        settings = paths.settings_file()
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(f"[pictures]\nshow = {str(pictures).lower()}\n", encoding="utf-8")
        app = make_app(SessionOptions(get_ready_s=3))
        settle_at(qtbot, app.window, (640, 412))
        press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Right)
        view = app.window.session_view
        assert app.model.snapshot().phase.step.id == "heel-raises"
        QApplication.processEvents()
        fit_getting_ready = view.fit
        app.run_for(3.5)
        QApplication.processEvents()
        assert app.model.snapshot().state is State.RUNNING
        assert wrapped_lines_cut_off(view) == []
        assert view.fit < fit_getting_ready or pictures
        app.model.stop()
        app.window.close()


def test_on_a_laptop_screen_the_session_keeps_its_full_sizes(qtbot, make_app):
    """Shrinking to fit is for short screens only: at 1366x768 the countdown
    and texts keep the sizes chosen to be read from 3 m."""
    app = make_app(SessionOptions(get_ready_s=3))
    press(qtbot, app, Qt.Key.Key_Space)
    while app.model.session_active:
        QApplication.processEvents()
        assert app.window.session_view.fit == 1.0, app.model.snapshot().phase.step.id
        press(qtbot, app, Qt.Key.Key_Right)


def test_the_session_screen_follows_a_palette_switched_while_it_runs(qtbot, app):
    """Light to dark mid-routine: the greyed texts are worked out from the
    palette, so they must be worked out again."""
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5)
    view = app.window.session_view

    def instruction_colours() -> list[str]:
        return [label.styleSheet() for label in view.instructions._labels if label.isVisible()]

    before = view.hints.styleSheet()
    instructions_before = instruction_colours()
    with dark_desktop():
        QApplication.processEvents()
        assert view.hints.styleSheet() != before
        instructions_dark = instruction_colours()
        assert len(instructions_dark) == len(instructions_before) > 1
        assert all(dark != light for dark, light in zip(instructions_dark, instructions_before, strict=True))
    QApplication.processEvents()
    assert view.hints.styleSheet() == before


@pytest.mark.parametrize("where", ["home", "finished"])
def test_home_and_finished_follow_a_palette_switch(qtbot, app, where):
    if where == "finished":
        press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
        app.run_for(3)
        press(qtbot, app, Qt.Key.Key_Escape)
    view = screen(app)
    assert view is (app.window.home if where == "home" else app.window.finished_view)
    dimmed = view.summary if where == "home" else view.pain.hint
    before = dimmed.styleSheet()
    with dark_desktop():
        QApplication.processEvents()
        assert dimmed.styleSheet() != before


def test_on_a_short_screen_the_rating_stays_in_view_and_what_was_done_scrolls(qtbot, make_app):
    app = make_app(SessionOptions(get_ready_s=3))
    settle_at(qtbot, app.window, (683, 250))  # shorter than SHORT_SCREEN: there, a few parts done now fit whole
    press(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(4)
    press(qtbot, app, Qt.Key.Key_Escape)
    finished = app.window.finished_view
    QApplication.processEvents()
    assert finished.scroller.verticalScrollBar().maximum() > 0, "the test needs a screen too short for everything"
    press(qtbot, app, Qt.Key.Key_7)
    chosen = finished.pain.buttons[7]
    # a digit answers without moving the focus: Space and Enter still go home
    assert app.window.focusWidget() is finished.home_button and chosen.isChecked()
    assert finished.pain.noted.text() == "Noted: 7 of 10"
    for button in (*finished.pain.buttons, finished.pain.noted):
        top_left = button.mapTo(finished, button.rect().topLeft())
        bottom_right = button.mapTo(finished, button.rect().bottomRight())
        assert finished.rect().contains(top_left) and finished.rect().contains(bottom_right), button.text()
        assert not finished.scroller.isAncestorOf(button), "the rating must not scroll out of view"
    press(qtbot, app, Qt.Key.Key_Return)
    assert screen(app) is app.window.home


def test_ctrl_q_quits_from_an_open_dialog_too(qtbot, app):
    """The week review is open (a modal dialog): Ctrl+Q still quits, as Help → Keyboard says."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from footdesk.ui.review_window import ReviewWindow

    pressed: list[bool] = []

    def press_quit() -> None:
        review = QApplication.activeModalWidget()
        if not isinstance(review, ReviewWindow):
            QTimer.singleShot(50, press_quit)
            return
        review.activateWindow()
        qtbot.waitUntil(review.isActiveWindow, timeout=2000)
        qtbot.keyClick(review, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        pressed.append(True)

    def give_up() -> None:  # never hang the suite: a dialog still open here is a failure below
        review = QApplication.activeModalWidget()
        if review is not None:
            review.reject()

    QTimer.singleShot(100, press_quit)
    QTimer.singleShot(5000, give_up)
    app.window.open_review()
    assert pressed == [True]
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=2000)


def test_a_second_launch_with_start_waits_for_the_open_dialog(qtbot, app):
    """`footdesk --start` while the first-run check is open: the check stays in
    front and the routine starts when it is closed, as at a first start."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    seen: list[tuple[bool, bool]] = []

    def launch_then_close() -> None:
        check = QApplication.activeModalWidget()
        if check is None:
            QTimer.singleShot(50, launch_then_close)
            return
        app.shell.on_message(b"start")  # what the second launch handed over
        seen.append((app.model.session_active, QApplication.activeModalWidget() is check and check.isVisible()))
        qtbot.mouseClick(check.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    def give_up() -> None:  # never hang the suite: a dialog still open here is a failure below
        if QApplication.activeModalWidget() is not None:
            QApplication.activeModalWidget().reject()

    QTimer.singleShot(50, launch_then_close)
    guard = QTimer()  # stopped at the end: it must not reach into a later test's dialog
    guard.setSingleShot(True)
    guard.timeout.connect(give_up)
    guard.start(5000)
    app.window.show_self_check()
    guard.stop()
    assert seen == [(False, True)], "not started behind the dialog, which stayed in front"
    qtbot.waitUntil(lambda: app.model.session_active, timeout=2000)  # started once the dialog was closed


def test_a_second_launch_with_start_waits_for_every_dialog_open(qtbot, app):
    """A dialog opened from another (a file chooser over Your routines): the
    routine starts only when the last of them is closed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    outer, inner = QDialog(app.window), QDialog(app.window)
    steps: list[str] = []

    def in_outer() -> None:
        QTimer.singleShot(50, in_inner)
        inner.exec()
        steps.append(f"inner closed, running={app.model.session_active}")
        QTimer.singleShot(100, lambda: (steps.append(f"later, running={app.model.session_active}"), outer.accept()))

    def in_inner() -> None:
        app.shell.on_message(b"start")
        steps.append(f"asked, running={app.model.session_active}")
        inner.reject()

    QTimer.singleShot(50, in_outer)
    guard = QTimer()  # never hang the suite; stopped before the dialogs go
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: [d.reject() for d in (inner, outer) if d.isVisible()])
    guard.start(5000)
    outer.exec()
    guard.stop()
    assert steps == ["asked, running=False", "inner closed, running=False", "later, running=False"]
    qtbot.waitUntil(lambda: app.model.session_active, timeout=2000)


def test_the_log_names_the_routine_a_second_launch_asked_for(app, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="footdesk.app")
    app.shell.on_message(b"start:evening-feet")
    assert "a second launch asked footdesk to start 'evening-feet'" in caplog.text


def test_each_menus_letters_are_its_own(app):
    """Alt and a letter chooses one item: "Back questionnaire…" and "Quit" both took Q."""
    for menu_action in app.window.menuBar().actions():
        menu = menu_action.menu()
        menu.aboutToShow.emit()  # the items added when the menu opens
        letters = [action.text().split("&", 1)[1][0].lower() for action in menu.actions() if "&" in action.text()]
        assert len(letters) == len(set(letters)), (menu_action.text(), letters)


def test_f1_opens_the_keys_from_any_screen(qtbot, app, monkeypatch):
    """F1, as on every desktop: the keyboard help (Help → Keyboard), here at home and during a session."""
    shown: list[str] = []

    def run_dialog(dialog) -> int:
        shown.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(app.window, "run_dialog", run_dialog)
    app.window.show()
    qtbot.waitExposed(app.window)
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    press(qtbot, app, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    assert len(shown) == 2 and all("Keyboard" in title or "keys" in title.lower() for title in shown), shown
    assert app.window.keys_action.shortcut().toString() == "F1"
