"""A right-to-left language mirrors the window, but the person's own left foot
stays on the left: the band, its arrow and its colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from footdesk.routine import Side
from footdesk.ui.session_view import SideBanner
from footdesk.ui.theme import banner_fill


@pytest.fixture
def right_to_left():
    app = QApplication.instance()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def ink_columns(widget: QWidget, background: QColor) -> list[int]:
    """The x of every column where something other than the band's fill is drawn (the words and arrow)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    found = []
    for x in range(image.width()):
        for y in range(image.height() // 4, 3 * image.height() // 4):
            colour = image.pixelColor(x, y)
            if colour.lightness() > 200 and abs(colour.lightness() - background.lightness()) > 60:
                found.append(x)
                break
    return found


@pytest.mark.parametrize(
    ("side", "words"),
    [
        (Side.LEFT, "◀  \u05e8\u05d2\u05dc \u05e9\u05de\u05d0\u05dc"),
        (Side.RIGHT, "\u05e8\u05d2\u05dc \u05d9\u05de\u05d9\u05df  ▶"),
    ],
)
def test_the_left_foots_band_stays_left_in_a_right_to_left_window(qtbot, right_to_left, side, words):
    holder = QWidget()
    row = QHBoxLayout(holder)
    banner = SideBanner()
    row.addWidget(banner)
    row.addWidget(QLabel("x"))
    qtbot.addWidget(holder)
    holder.resize(900, 80)
    holder.show()
    qtbot.waitExposed(holder)
    assert holder.layoutDirection() == Qt.LayoutDirection.RightToLeft  # the window around it is mirrored
    banner.show_side(side, "foot")
    banner.setText(words)  # Hebrew words, as a right-to-left catalog would give them
    QApplication.processEvents()
    ink = ink_columns(banner, banner_fill(side.value))
    assert ink, "the band's words were not drawn"
    middle = banner.width() / 2
    if side is Side.LEFT:
        assert max(ink) < middle, "the left foot's words and arrow belong on the left"
        # and the arrow, drawn first, is at the far left
        assert min(ink) < banner.width() * 0.1
    else:
        assert min(ink) > middle, "the right foot's words and arrow belong on the right"
        assert max(ink) > banner.width() * 0.9
