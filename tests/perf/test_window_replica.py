"""The replica of footdesk's first window (the floor bench_startup times) holds
what footdesk's window holds: if home gains a widget, a text or a menu, the
floor follows without anyone editing the replica."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QWidget

from tests.perf._replica_program import build_window
from tests.perf._window_replica import dump_widget, icon_files, palette_of


def shown(window: QWidget) -> dict[str, list[str]]:
    """What a person reads in the window, by kind of widget, and its menus."""
    assert isinstance(window, QMainWindow)
    labels = sorted(label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window))
    buttons = sorted(button.text() for button in window.findChildren(QAbstractButton) if button.isVisibleTo(window))
    menus = [
        f"{action.text()}: " + ", ".join(f"{item.text()} {item.shortcut().toString()}" for item in items)
        for action in window.menuBar().actions()
        if action.menu() is not None
        for items in [action.menu().actions()]
    ]
    fonts = sorted({label.font().toString() for label in window.findChildren(QLabel) if label.isVisibleTo(window)})
    return {"labels": labels, "buttons": buttons, "menus": menus, "fonts": fonts}


def test_the_replica_shows_what_footdesks_first_window_shows(qtbot, qapp, app):
    window = app.window
    qtbot.addWidget(window)
    spec = {"window": dump_widget(window), "palette": palette_of(qapp), "icons": icon_files()}
    replica = build_window(spec)
    qtbot.addWidget(replica)
    real, copied = shown(window), shown(replica)
    assert real["labels"] and real["buttons"] and len(real["menus"]) >= 2
    assert copied == real
    assert replica.size() == window.size()
    widgets = len(window.findChildren(QWidget))
    assert len(replica.findChildren(QWidget)) >= widgets * 0.8, "nearly as many widgets as footdesk's"
