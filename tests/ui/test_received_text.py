"""Text from a routine file someone else wrote is shown as text: a title or an
instruction that looks like HTML is never rendered (``<img src=…>`` would load
a file, a fake link could be clicked)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from footdesk.routine import parse_routine
from footdesk.session import SessionOptions

HTML = "<b>Calf</b> <img src='/etc/hostname'> <a href='https://example.org'>link</a>"
ROUTINE = f"""
schema = 2
id = "html"
title = "{HTML}"

[[steps]]
id = "calf"
title = "{HTML}"
timing = "timed"
seconds = 30
instructions = ["{HTML}"]

[[steps]]
id = "note"
title = "{HTML}"
timing = "untimed"
instructions = ["{HTML}"]
"""


def labels_showing_html(window) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if "<img" in label.text() and label.isVisible()]


def test_html_in_a_routine_is_shown_as_plain_text_on_every_screen(qtbot, make_app):
    app = make_app(options=SessionOptions(get_ready_s=0), base=parse_routine(ROUTINE, "html.toml"))
    seen = 0
    for press in (None, Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Escape):
        if press is not None:
            qtbot.keyClick(app.window, press)
        shown = labels_showing_html(app.window)
        assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown), [
            label.objectName() for label in shown if label.textFormat() != Qt.TextFormat.PlainText
        ]
        seen += len(shown)
    assert seen >= 3  # the home list, the step's title and its instruction at least


def test_html_in_a_routine_file_is_plain_text_in_the_routines_dialog(qtbot, make_app):
    from footdesk import paths
    from footdesk.ui.routine_editor import RoutineEditor

    paths.routines_dir().mkdir(parents=True)
    (paths.routines_dir() / "html.toml").write_text(ROUTINE, encoding="utf-8")
    app = make_app()
    editor = RoutineEditor(app.model, app.window)
    editor.show()
    editor.routine_list.setCurrentRow(1)  # the received routine, shown as the person picks it
    assert editor.title_edit.text() == HTML
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)  # "Deleted “<title>”." and an undo
    shown = labels_showing_html(editor)
    assert "undoLabel" in [label.objectName() for label in shown]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    editor.reject()
