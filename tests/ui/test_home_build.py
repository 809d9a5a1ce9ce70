"""What building the home screen costs before the first frame."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from footdesk.ui.home_view import HomeView


class _WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(watched.objectName() or type(watched).__name__)
        return False


def test_building_the_home_screen_shows_no_window_of_its_own(qapp: QApplication) -> None:
    """A part shown before the layout gave it a parent is a window: made,
    mapped and then reparented, at every start (the note under this week
    was, for about a millisecond and an X window each time)."""
    watcher = _WindowsShown()
    qapp.installEventFilter(watcher)
    try:
        home = HomeView()
    finally:
        qapp.removeEventFilter(watcher)
    assert watcher.shown == []
    assert home.questionnaire_row.isHidden() and not home.note.isHidden()  # none due: the note in its place
