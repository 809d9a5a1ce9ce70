"""The big countdown, readable from across the room.

Painted by hand so that the digits fill the space they are given (at least a
quarter of the window height) and sit in fixed cells: a "1" never makes the
other digits jump sideways. The get-ready countdown looks different in shape,
not only in colour: a single number inside a ring that drains, where the real
countdown is m:ss with no ring.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from footdesk.i18n import _
from footdesk.ui.theme import accent, dimmed_text, pixel_font


class ClockLook(Enum):
    RUNNING = "running"
    GET_READY = "get-ready"
    PAUSED = "paused"
    WAITING = "waiting"


class _Cells(NamedTuple):
    """Where each character of a text is drawn, worked out once per size and
    shape of text ("29:57" and "29:56" share theirs), not on every paint."""

    font: QFont
    rects: tuple[QRectF, ...]
    """Each character's cell, as handed to drawText."""
    inks: dict[str, tuple[float, float]]
    """For each character that can be shown, how far its glyph reaches (left
    and right of the cell's left edge, antialiasing included)."""
    height: float

    def ink(self, index: int, ch: str) -> QRectF:
        """Where the glyph of ``ch`` in cell ``index`` can put paint (top to bottom)."""
        left, right = self.inks[ch]
        x = self.rects[index].x()
        return QRectF(x + left, 0.0, right - left, self.height)


def _shape(text: str) -> str:
    return "".join("0" if ch.isdigit() else ch for ch in text)


class CountdownDisplay(QWidget):
    """To a screen reader its name is what it shows ("Time left 1:59"), and Tab
    reaches it, so the time can be asked for at any moment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdown")
        self.setAccessibleName(_("Time left"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._text = ""
        self._look = ClockLook.RUNNING
        self._fraction_left = 1.0
        self._cells: tuple[tuple[object, ...], _Cells] | None = None

    @property
    def text(self) -> str:
        return self._text

    @property
    def look(self) -> ClockLook:
        return self._look

    def show_time(self, text: str, look: ClockLook, fraction_left: float = 1.0, caption: str | None = None) -> None:
        """``caption``: what the number is, for a screen reader ("Time left", "Get ready", "Rep")."""
        if (text, look, round(fraction_left, 3)) == (self._text, self._look, round(self._fraction_left, 3)):
            return
        before, same_look = self._text, look is self._look
        ring_moved = look is ClockLook.GET_READY and round(fraction_left, 3) != round(self._fraction_left, 3)
        self._text, self._look, self._fraction_left = text, look, max(0.0, min(1.0, fraction_left))
        # the value in the name, as shown: a screen reader reads it when asked or focused
        said = {"caption": _("Time left") if caption is None else caption, "time": text}
        if look is ClockLook.PAUSED:
            # TRANSLATORS: the big clock, to a screen reader; {caption} is "Time left", "Get ready" or "Rep"
            name = _("{caption} {time}, paused").format(**said)
        else:
            # TRANSLATORS: the big clock, to a screen reader; {caption} is "Time left", "Get ready" or "Rep"
            name = _("{caption} {time}").format(**said)
        if name != self.accessibleName():
            self.setAccessibleName(name)
        if not same_look or ring_moved or _shape(text) != _shape(before):
            self.update()
            return
        # a second went by: repaint only the digits that changed (usually one),
        # not the whole clock; the pixels are the same as a full repaint
        cells = self._layout()
        changed = QRect()
        for index, (old, new) in enumerate(zip(before, text, strict=True)):
            if old != new:
                changed |= cells.ink(index, old).toAlignedRect() | cells.ink(index, new).toAlignedRect()
        if not changed.isEmpty():
            self.update(changed)

    def digit_height(self) -> float:
        """Height of the painted digits in pixels (what a person across the room sees)."""
        return QFontMetricsF(self._font_for(self.rect().toRectF())).capHeight()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(160, 100)

    # Painting -----------------------------------------------------------------

    def _colour(self) -> QColor:
        if self._look is ClockLook.GET_READY:
            return accent(self, "get-ready")
        if self._look in (ClockLook.PAUSED, ClockLook.WAITING):
            return dimmed_text(self)
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _area(self) -> QRectF:
        area = self.rect().toRectF()
        if self._look is ClockLook.GET_READY:
            side = min(area.width(), area.height())
            area = QRectF(area.center().x() - side / 2, area.center().y() - side / 2, side, side)
            inset = side * 0.24
            return area.adjusted(inset, inset, -inset, -inset)
        return area.adjusted(area.width() * 0.02, area.height() * 0.04, -area.width() * 0.02, -area.height() * 0.04)

    def _font_for(self, area: QRectF) -> QFont:
        # digits are ~0.72 of the pixel size tall; fill the height, then fit the width
        pixels = area.height() / 0.95
        font = pixel_font(self, int(pixels), bold=True)
        width = self._cells_width(QFontMetricsF(font))
        if width > area.width() and width > 0:
            font = pixel_font(self, int(pixels * area.width() / width), bold=True)
        return font

    def _cells_width(self, metrics: QFontMetricsF) -> float:
        digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
        return sum(digit if ch.isdigit() else metrics.horizontalAdvance(ch) for ch in self._text)

    def _layout(self) -> _Cells:
        key = (self._look is ClockLook.GET_READY, _shape(self._text))
        if self._cells is not None and self._cells[0] == key:
            return self._cells[1]
        area = self._area()
        font = self._font_for(area)
        metrics = QFontMetricsF(font)
        digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
        x = area.center().x() - self._cells_width(metrics) / 2
        baseline = area.center().y() + metrics.capHeight() / 2
        rects: list[QRectF] = []
        inks: dict[str, tuple[float, float]] = {}
        for ch in self._text:
            cell = digit if ch.isdigit() else metrics.horizontalAdvance(ch)
            rects.append(QRectF(x, baseline - metrics.ascent(), cell, metrics.height()))
            x += cell
            for shown in "0123456789" if ch.isdigit() else ch:
                # drawText centres the glyph's advance in its cell; its ink is
                # its bounding rectangle from there, and 2 pixels of antialiasing
                ink = metrics.boundingRect(shown)
                start = (cell - metrics.horizontalAdvance(shown)) / 2
                inks[shown] = (start + ink.left() - 2, start + ink.right() + 2)
        cells = _Cells(font, tuple(rects), inks, float(self.height()))
        self._cells = (key, cells)
        return cells

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._cells = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._cells = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self._colour()
        if self._look is ClockLook.GET_READY:
            self._paint_ring(painter, colour)
        if not self._text:
            return
        cells = self._layout()
        painter.setFont(cells.font)
        painter.setPen(colour)
        exposed = QRectF(event.rect())
        for index, (ch, rect) in enumerate(zip(self._text, cells.rects, strict=True)):
            if cells.ink(index, ch).intersects(exposed):  # a glyph wholly outside the repainted part stays
                painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, ch)

    def _paint_ring(self, painter: QPainter, colour: QColor) -> None:
        area = self.rect().toRectF()
        side = min(area.width(), area.height()) * 0.92
        ring = QRectF(area.center().x() - side / 2, area.center().y() - side / 2, side, side)
        width = max(4.0, side * 0.05)
        ring = ring.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        track = QColor(colour)
        track.setAlpha(60)
        painter.setPen(QPen(track, width))
        painter.drawEllipse(ring)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(ring, 90 * 16, int(-360 * 16 * self._fraction_left))
