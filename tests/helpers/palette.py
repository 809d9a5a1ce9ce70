"""A desktop that switches colour scheme while footdesk runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@contextmanager
def dark_desktop() -> Iterator[None]:
    """The desktop switches to its dark scheme, and back afterwards."""
    light = QApplication.palette()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed")):
        dark.setColor(role, QColor(colour))
    QApplication.setPalette(dark)
    try:
        yield
    finally:
        QApplication.setPalette(light)
