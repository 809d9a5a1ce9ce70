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
