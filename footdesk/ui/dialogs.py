"""Small dialogs: the first-run self-check, keyboard help, about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractSlider, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from footdesk import __version__
from footdesk.keys import KEY_HELP
from footdesk.ui.theme import dialog_scroll, fit_dialog_to_screen, named

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

KEYS = KEY_HELP  # one table with the key map (footdesk.keys)


_SCROLL_KEYS = {
    Qt.Key.Key_Up: QAbstractSlider.SliderAction.SliderSingleStepSub,
    Qt.Key.Key_Down: QAbstractSlider.SliderAction.SliderSingleStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}


class TextDialog(QDialog):
    """Text and an OK button. The text scrolls on a short screen, so the
    button (and the safety note at the end of the self-check) stays reachable."""

    def __init__(self, parent: QWidget | None, title: str, html: str, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.label = QLabel(html)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setOpenExternalLinks(False)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.label.setFont(font)
        content = named(QWidget(), f"{name}Text")
        text_layout = QVBoxLayout(content)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.label)
        text_layout.addStretch(1)
        self.scroller = dialog_scroll(content, f"{name}Scroll")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_dialog_to_screen(self, self.scroller)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # the OK button has the focus; the reading keys still scroll the text
        action = _SCROLL_KEYS.get(Qt.Key(event.key()))
        if action is None:
            super().keyPressEvent(event)
            return
        self.scroller.verticalScrollBar().triggerAction(action)


def self_check_dialog(parent: QWidget | None) -> QDialog:
    dialog = TextDialog(parent, "Is this for you? — footdesk", SELF_CHECK_HTML, "selfCheckDialog")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("I understand")
    return dialog


def keys_dialog(parent: QWidget | None) -> QDialog:
    rows = "".join(f"<tr><td><b>{key}</b>&nbsp;&nbsp;&nbsp;</td><td>{what}</td></tr>" for key, what in KEYS)
    html = f"<h2>Keyboard</h2><p>Everything works without the mouse.</p><table cellpadding='4'>{rows}</table>"
    return TextDialog(parent, "Keyboard — footdesk", html, "keysDialog")


def about_dialog(parent: QWidget | None) -> QDialog:
    html = (
        f"<h2>footdesk {__version__}</h2>"
        "<p>A guided daily foot routine for a happier lower back: roll each foot on a "
        "lacrosse ball, heel raises, and two everyday habits.</p>"
        "<p>Free software under the MIT licence.</p>"
    )
    return TextDialog(parent, "About footdesk", html, "aboutDialog")
