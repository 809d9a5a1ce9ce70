"""A running clock repaints only what changed each second (one digit, the
ends of the progress strips), and what is then on screen is exactly what a
full repaint draws: nothing stale is left behind."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from footdesk.ui.countdown import ClockLook


class PaintedRects(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def on_screen(window: QWidget) -> QImage:
    """What the window's backing store holds: what the person sees."""
    QApplication.processEvents()
    return window.screen().grabWindow(window.winId()).toImage()


def repainted_whole(window: QWidget) -> QImage:
    for widget in (window, *window.findChildren(QWidget)):
        widget.update()
    return on_screen(window)


def settled(window: QWidget) -> None:
    """Qt draws the glyphs of a size it has just started using a little
    differently at their edges the first time (it was so before the clock
    was painted by parts): compare from the second full repaint on."""
    repainted_whole(window)
    repainted_whole(window)


def test_each_second_repaints_a_digit_and_leaves_the_screen_as_a_full_repaint_would(qtbot, app):
    view = app.window.session_view
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # past the tip: the roll gets ready
    app.run_for(6.01)
    assert view.countdown.look is ClockLook.RUNNING and view.countdown.text == "1:59"
    settled(app.window)
    painted = PaintedRects(view.countdown)
    strip = PaintedRects(view.step_progress)
    for _ in range(24):  # 1:58 … 1:35: the ones digit, and two digits at 1:49 and 1:39
        app.run_for(1)
        on_screen(app.window)
    assert view.countdown.text == "1:35"
    width = view.countdown.width()
    assert len(painted.rects) == 24
    assert sum(rect.width() < width / 3 for rect in painted.rects) == 22
    assert all(rect.width() < width * 0.6 for rect in painted.rects)
    assert strip.rects and all(rect.width() < view.step_progress.width() / 4 for rect in strip.rects)
    assert on_screen(app.window) == repainted_whole(app.window)


def test_a_change_of_look_or_of_width_repaints_the_whole_clock(qtbot, app):
    view = app.window.session_view
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(5.01)
    on_screen(app.window)
    painted = PaintedRects(view.countdown)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # paused: dimmed
    on_screen(app.window)
    assert painted.rects[-1] == view.countdown.rect()
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    view.countdown.show_time("10:00", ClockLook.RUNNING)
    view.countdown.show_time("9:59", ClockLook.RUNNING)  # another shape of text: another layout
    on_screen(app.window)
    assert painted.rects[-1] == view.countdown.rect()
    settled(app.window)
    view.countdown.show_time("9:58", ClockLook.RUNNING)
    on_screen(app.window)
    assert painted.rects[-1].width() < view.countdown.width() / 3
    assert on_screen(app.window) == repainted_whole(app.window)
