"""The window's notices, in its status bar: what the person should read (a file
that could not be used, a failure, a confirmation) stays until they dismiss it
or it no longer holds, and a second notice does not hide the first."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QPushButton, QStatusBar, QVBoxLayout, QWidget

from footdesk.i18n import _
from footdesk.ui.theme import PlainLabel, named

EARLIER_NOTICES_SHOWN = 2
"""Notices kept above the newest one: enough for a start-up's settings and history problems."""


class NoticeLabel(PlainLabel):
    """A notice: wrapped to as many lines as it needs, or, ``compact``, one
    line ending in "…" (the whole text in its tooltip and for screen readers),
    where the screen has no height to spare (a session at large font sizes)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        self.setWordWrap(not compact)
        self.setToolTip(self.text() if compact else "")
        self.updateGeometry()
        self.update()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setAccessibleDescription(text)
        if self.compact:
            self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(0, hint.height()) if self.compact else hint

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(min(hint.width(), 200), hint.height()) if self.compact else hint

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.compact:
            super().paintEvent(event)
            return
        area = self.contentsRect()
        line = " ".join(self.text().split())
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, area.width())
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


class _NoticeColumn(QWidget):
    """The notices, one above the other, as tall as their lines at the width
    they have. The status bar takes its height from a size hint, and a
    layout of wrapped lines gives one for a narrow guess of a width: two short
    notices took a third of the home screen at 150 %, mostly empty."""

    def __init__(self) -> None:
        super().__init__()
        self._fitted_width = 0

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        # the bar would ask for the height at its size hint's width (a few words wide), not at this one
        return False

    def _at_this_width(self, hint: QSize) -> QSize:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(layout.totalHeightForWidth(self.width()))
        return hint

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._at_this_width(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._at_this_width(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.width() != self._fitted_width:  # another width, maybe another number of lines
            self._fitted_width = self.width()
            self.updateGeometry()


class NoticeBar:
    def __init__(self, bar: QStatusBar) -> None:
        self._bar = bar
        self.newest = named(NoticeLabel(), "notice")
        bar.addWidget(self.newest, 1)
        bar.hide()
        self._earlier: list[str] = []
        """Notices said before the newest that still stand, oldest first."""
        self._earlier_label: PlainLabel | None = None
        self._compact = False

    def show(self, text: str) -> None:
        """The newest notice at the bottom, the two before it above it."""
        if text == self.newest.text():
            return
        standing = [said for said in (*self._earlier, self.newest.text()) if said and said != text]
        self._earlier = standing[-EARLIER_NOTICES_SHOWN:]
        self.newest.setText(text)
        self._update()

    def withdraw(self, text: str) -> None:
        """A notice that no longer holds goes (the one before it shows again)."""
        if text in self._earlier:
            self._earlier.remove(text)
        elif self.newest.text() == text:
            self.newest.setText(self._earlier.pop() if self._earlier else "")
        self._update()

    def set_compact(self, compact: bool) -> None:
        """One line, the newest notice only, while a session (or its end) needs the height."""
        self._compact = compact
        self.newest.set_compact(compact)
        self._update()

    def clear(self) -> None:
        self._earlier = []
        self.newest.clear()
        self._update()

    def _update(self) -> None:
        if not self.newest.text():
            self._bar.hide()
            return
        if self._earlier_label is None:
            self._earlier_label = self._build_extras()
        self._earlier_label.setText("\n".join(self._earlier))
        self._earlier_label.setVisible(bool(self._earlier) and not self._compact)
        self._bar.show()

    def _build_extras(self) -> PlainLabel:
        """Made with the first notice: most starts have none, and the first frame waits for nothing."""
        earlier = named(PlainLabel(), "earlierNotices")
        earlier.setWordWrap(True)
        column = _NoticeColumn()
        lines = QVBoxLayout(column)
        lines.setContentsMargins(0, 0, 0, 0)
        self._bar.removeWidget(self.newest)
        lines.addWidget(earlier)
        lines.addWidget(self.newest)
        self.newest.show()
        self._bar.addWidget(column, 1)
        dismiss = named(QPushButton(_("Dismiss")), "dismissNotices")
        dismiss.setAccessibleName(_("Dismiss the notices"))
        dismiss.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        dismiss.clicked.connect(self.clear)
        self._bar.addPermanentWidget(dismiss)
        return earlier
