"""The window's notices (the status bar): a second notice does not hide the
first, one that no longer holds goes, and the person can dismiss them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from footdesk import paths
from footdesk.ui.theme import PlainLabel


def test_a_start_up_settings_notice_is_not_lost_under_the_history_notice(qtbot, make_app):
    """Before: a broken settings file and an unusable history at start showed
    only the history's notice; the settings' one was overwritten."""
    settings = paths.settings_file()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[sound]\nvolume = 400\n", encoding="utf-8")
    data = paths.history_file().parent
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("in the way")  # a file where the history's folder should be
    app = make_app()
    window = app.window
    earlier = window.findChild(PlainLabel, "earlierNotices")
    shown = [*earlier.text().splitlines(), window.notice.text()]
    assert any("volume" in line for line in shown), shown
    assert any("History is not being saved" in line for line in shown), shown
    qtbot.mouseClick(window.findChild(QPushButton, "dismissNotices"), Qt.MouseButton.LeftButton)
    assert window.notice.text() == "" and not window.statusBar().isVisible()


def test_three_notices_keep_the_newest_and_the_two_before_and_withdraw_one(qtbot, app):
    window = app.window
    for text in ("one", "two", "three", "four", "three"):
        window.show_notice(text)
    earlier = window.findChild(PlainLabel, "earlierNotices")
    assert (earlier.text(), window.notice.text()) == ("two\nfour", "three")
    window.withdraw_notice("three")
    assert (earlier.text(), window.notice.text()) == ("two", "four")
    window.withdraw_notice("two")
    assert earlier.isHidden() and window.notice.text() == "four" and window.statusBar().isVisible()
    window.withdraw_notice("four")
    assert not window.statusBar().isVisible()


def test_during_a_session_a_notice_takes_one_line_and_its_whole_text_stays_readable(qtbot, app):
    """At large font sizes a wrapped notice took the height the session needs
    (its buttons went below the window); it is one line there, whole at home."""
    window = app.window
    long = "Sound is off: no audio device could be opened. " * 4
    window.show_notice("an earlier notice")
    window.show_notice(long)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the session screen
    notice = window.notice
    earlier = window.findChild(PlainLabel, "earlierNotices")
    assert notice.compact and not notice.wordWrap() and earlier.isHidden()
    assert notice.text() == long and notice.toolTip() == long and notice.accessibleDescription() == long
    assert notice.height() < 2 * notice.fontMetrics().height()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # stopped before anything was done: home again
    assert window.stack.currentWidget() is window.home
    assert not notice.compact and notice.wordWrap() and earlier.isVisible()
