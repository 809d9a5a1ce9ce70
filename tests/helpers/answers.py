"""Answering a modal question box the way a person does: once it is on
screen, click the button with the given words."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


class BoxAnswerer:
    """Watches for the message box named ``name``; each time it shows, its
    text goes to ``asked`` and the button ``button`` is clicked (set ``button``
    before the next question)."""

    def __init__(self, qtbot, name: str, button: str) -> None:
        self.qtbot = qtbot
        self.name = name
        self.button = button
        self.asked: list[str] = []
        self._watch = QTimer()
        self._watch.timeout.connect(self._answer)
        self._watch.start(10)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == self.name and box.isVisible():
            self.asked.append(box.text())
            button = next(b for b in box.buttons() if b.text() == self.button)
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def stop(self) -> None:
        self._watch.stop()
