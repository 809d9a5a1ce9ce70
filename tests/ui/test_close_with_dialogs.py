"""A logout's SIGTERM (or Ctrl+C) ends footdesk even while a dialog waits for an
answer: nothing asks a question nobody is there to answer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.test_routine_editor import own_routine


def test_a_signal_closes_the_routines_dialog_with_unsaved_changes_without_asking(qtbot, make_app, caplog):
    own_routine()
    app = make_app()
    asked: list[str] = []
    ways_out: list[QTimer] = []  # stopped at the end: they must not fire in a later test

    def later(ms: int, action) -> None:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(action)
        timer.start(ms)
        ways_out.append(timer)

    def answer_any_question() -> None:  # only if one is asked: the fix asks none
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.reject()

    def edit_then_logout() -> None:
        editor = QApplication.activeModalWidget()
        editor.routine_list.setCurrentRow(1)
        editor.title_edit.setText("Knees, changed and not saved")
        later(1500, answer_any_question)

        def still_open() -> None:  # the test's own way out, where footdesk stayed
            if editor.isVisible():
                asked.append("the dialog stayed open")
                editor.done(0)

        later(3000, still_open)
        app.shell.close_everything()  # what the signal bridge calls on SIGTERM

    later(200, edit_then_logout)
    app.window.open_routines()  # modal, as the Routines… button opens it; returns once it is closed
    for timer in ways_out:
        timer.stop()
    assert asked == []
    assert not app.window.isVisible()
    assert "closing: the changes in 'Routines' were not saved" in caplog.text
