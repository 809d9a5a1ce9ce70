"""Small dialogs: the first-run self-check, keyboard help, about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from footdesk import __version__

SELF_CHECK_HTML = """
<h2>Is this for you?</h2>
<p>This short daily routine is for people whose feet may be part of their back
trouble. Ask yourself:</p>
<ul>
<li>Do you have pain in your lower back?</li>
<li>When you walk, do your toes point outwards?</li>
<li>Are your feet sore by the end of the day, so that you can't wait to take
your shoes off?</li>
</ul>
<p>If you answered yes to some of these, stronger, more active feet may help.
Do the routine every day: it takes about five minutes.</p>
<p><b>This is not medical advice.</b> footdesk is a timer, not a treatment.
If your pain is severe, keeps getting worse, follows a fall or injury, or comes
with numbness, weakness, fever, or trouble with your bladder or bowels, see a
doctor or physiotherapist first. Stop any exercise that hurts.</p>
"""

KEYS = [
    ("Space", "Start, pause or resume; on a tip, go on"),
    ("→  or  N", "Next: go on to the next part"),
    ("←  or  B", "Back: restart this part (before it starts: the previous part)"),
    ("Esc", "Stop the routine"),
    ("M", "Mute or unmute the sound"),
    ("F11", "Full screen on or off"),
    ("Ctrl+,", "Settings: durations, get-ready, sound"),
    ("Ctrl+H", "Your week: days, streak, minutes, back pain"),
    ("0 – 9, ← →", "After the routine: how is your lower back (0 none, 10 worst)"),
    ("Ctrl+Q", "Quit"),
]


def _text_dialog(parent: QWidget | None, title: str, html: str, name: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(False)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 16)
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(560)
    return dialog


def self_check_dialog(parent: QWidget | None) -> QDialog:
    dialog = _text_dialog(parent, "Is this for you? — footdesk", SELF_CHECK_HTML, "selfCheckDialog")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("I understand")
    return dialog


def keys_dialog(parent: QWidget | None) -> QDialog:
    rows = "".join(f"<tr><td><b>{key}</b>&nbsp;&nbsp;&nbsp;</td><td>{what}</td></tr>" for key, what in KEYS)
    html = f"<h2>Keyboard</h2><p>Everything works without the mouse.</p><table cellpadding='4'>{rows}</table>"
    return _text_dialog(parent, "Keyboard — footdesk", html, "keysDialog")


def about_dialog(parent: QWidget | None) -> QDialog:
    html = (
        f"<h2>footdesk {__version__}</h2>"
        "<p>A guided daily foot routine for a happier lower back: roll each foot on a "
        "lacrosse ball, heel raises, and two everyday habits.</p>"
        "<p>Free software under the MIT licence.</p>"
    )
    return _text_dialog(parent, "About footdesk", html, "aboutDialog")
