from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialogButtonBox

from footdesk.ui.dialogs import about_dialog, keys_dialog, self_check_dialog


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def large_system_font(qapp):
    """The desktop's font scaled up, as a laptop at 200 % has it."""
    normal = QFont(qapp.font())
    big = QFont(normal)
    big.setPixelSize(40)
    qapp.setFont(big)
    yield
    qapp.setFont(normal)


@pytest.mark.parametrize("make", [self_check_dialog, keys_dialog, about_dialog])
def test_at_normal_fonts_the_whole_text_shows_without_scrolling(qtbot, make):
    dialog = shown(qtbot, make(None))
    # the scroll area settles its bars in its own layout pass
    qtbot.waitUntil(lambda: not dialog.scroller.verticalScrollBar().isVisible(), timeout=1000)
    assert dialog.label.height() >= dialog.label.heightForWidth(dialog.label.width())


def test_with_large_fonts_the_self_check_scrolls_and_its_button_stays_in_view(qtbot, large_system_font):
    """A laptop at 200 %: the safety note at the end of the self-check must be
    reachable, and "I understand" must not be pushed off the screen."""
    dialog = shown(qtbot, self_check_dialog(None))
    available = dialog.screen().availableGeometry().height()
    assert dialog.label.heightForWidth(dialog.label.width()) > available, "the test needs text taller than the screen"
    assert dialog.height() < available
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "I understand"
    assert button.isVisible() and dialog.buttons.geometry().bottom() <= dialog.height()
    bar = dialog.scroller.verticalScrollBar()
    assert bar.isVisible()
    # with the focus on the button, the reading keys scroll to the safety note
    button.setFocus()
    for _ in range(10):
        qtbot.keyClick(button, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum() > 0
    qtbot.keyClick(button, Qt.Key.Key_Home)
    assert bar.value() == 0
    qtbot.keyClick(button, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "not medical advice" in dialog.label.text()
