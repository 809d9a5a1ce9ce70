"""The floor of footdesk's first window: the same widgets, texts, fonts, styles,
layouts and menus, built by a program that runs none of footdesk's Python.

footdesk's first window is timed against a bare PySide6 window (one label).
Part of the difference is what any PySide6 program pays for a window with
footdesk's content (Qt's enums for the widgets and flags it uses, fonts,
styles, text layout, a menu bar, an icon), part is footdesk's own Python
(its imports, the model, the views' code). This splits the two: ``dump``
runs the real footdesk up to its window's ``show()`` and writes what is in
the window to a JSON file; ``_replica_program.py`` reads that file and
builds the same tree with nothing else, and bench_startup times it beside
the bare window and footdesk.

    python -m tests.perf._window_replica SPEC.json   # (with HOME, DISPLAY set) write footdesk's window

Widgets footdesk paints itself (the week's strip, charts) become plain
widgets of the same least size in the replica: their painting comes after
the window is mapped, which is where the benchmark stops the clock. A
layout of footdesk's own (the wrapping button rows) becomes a row.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# the Qt classes the replica knows how to make; anything else is made as the
# nearest of these up its class tree
KNOWN = (
    "QMainWindow", "QScrollArea", "QStackedWidget", "QLabel", "QPushButton", "QToolButton", "QCheckBox",
    "QRadioButton", "QComboBox", "QProgressBar", "QFrame", "QStatusBar", "QMenuBar", "QWidget",
)  # fmt: skip


def qt_class(widget: Any) -> str:
    for cls in type(widget).__mro__:
        if cls.__name__ in KNOWN and cls.__module__.startswith("PySide6"):
            return cls.__name__
    return "QWidget"


def dump_widget(widget: Any) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QMainWindow, QScrollArea, QStackedWidget

    spec: dict[str, Any] = {"cls": qt_class(widget), "name": widget.objectName(), "hidden": widget.isHidden()}
    if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        spec["font"] = widget.font().toString()
    if widget.styleSheet():
        spec["style"] = widget.styleSheet()
    least, most = widget.minimumSize(), widget.maximumSize()
    if least.width() or least.height():
        spec["min"] = [least.width(), least.height()]
    if most.width() < 16777215 or most.height() < 16777215:
        spec["max"] = [most.width(), most.height()]
    policy = widget.sizePolicy()
    spec["policy"] = [policy.horizontalPolicy().value, policy.verticalPolicy().value]
    if isinstance(widget, QLabel):
        spec.update(text=widget.text(), wrap=widget.wordWrap(), align=widget.alignment().value)
    elif isinstance(widget, QAbstractButton):
        spec["text"] = widget.text()
    elif isinstance(widget, QComboBox):
        spec["items"] = [widget.itemText(i) for i in range(widget.count())]
    if type(widget).__module__.startswith("footdesk") and type(widget).paintEvent is not QLabel.paintEvent:
        spec["painted_by_footdesk"] = type(widget).__name__
    if isinstance(widget, QMainWindow):
        bar = widget.menuBar()
        spec["menus"] = [
            {"title": action.text(), "actions": [[a.text(), a.shortcut().toString()] for a in action.menu().actions()]}
            for action in bar.actions()
            if action.menu() is not None
        ]
        spec["central"] = dump_widget(widget.centralWidget())
        spec["status"] = dump_widget(widget.statusBar())
        spec["title"] = widget.windowTitle()
        spec["size"] = [widget.width(), widget.height()]
        return spec
    if isinstance(widget, QScrollArea):
        spec["inner"] = dump_widget(widget.widget()) if widget.widget() is not None else None
        return spec
    if isinstance(widget, QStackedWidget):
        spec["pages"] = [dump_widget(widget.widget(i)) for i in range(widget.count())]
        spec["current"] = widget.currentIndex()
        return spec
    if widget.layout() is not None:
        spec["layout"] = dump_layout(widget.layout())
    return spec


def dump_layout(layout: Any) -> dict[str, Any]:
    from PySide6.QtWidgets import QBoxLayout, QFormLayout, QGridLayout

    margins = layout.contentsMargins()
    kind = "V"
    if isinstance(layout, QBoxLayout):
        downwards = (QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop)
        kind = "V" if layout.direction() in downwards else "H"
    elif isinstance(layout, QGridLayout | QFormLayout):
        kind = "G"
    spec: dict[str, Any] = {
        "kind": kind,
        "spacing": layout.spacing(),
        "margins": [margins.left(), margins.top(), margins.right(), margins.bottom()],
        "items": [],
    }
    for index in range(layout.count()):
        item = layout.itemAt(index)
        entry: dict[str, Any]
        if item.widget() is not None:
            entry = {"widget": dump_widget(item.widget())}
        elif item.layout() is not None:
            entry = {"layout": dump_layout(item.layout())}
        else:
            hint = item.sizeHint()
            entry = {"space": [hint.width(), hint.height()]}
        if isinstance(layout, QGridLayout):
            entry["cell"] = list(layout.getItemPosition(index))
        elif isinstance(layout, QBoxLayout):
            entry["stretch"] = layout.stretch(index)
        spec["items"].append(entry)
    return spec


def dump_at_show(target: Path) -> None:
    """Run footdesk as ``python -m footdesk`` does, write its main window at
    ``show()`` to ``target``, and quit."""
    from footdesk.platform.pyside_imports import load_qt

    load_qt()  # as footdesk's start does, before any other Qt import
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    show = QWidget.show

    def show_and_dump(widget: QWidget) -> None:
        show(widget)
        if isinstance(widget, QMainWindow):
            app = QApplication.instance()
            spec = {"window": dump_widget(widget), "palette": palette_of(app), "icons": icon_files()}
            target.write_text(json.dumps(spec), encoding="utf-8")
            QTimer.singleShot(0, app.quit)

    QWidget.show = show_and_dump  # type: ignore[method-assign]
    from footdesk.cli import main

    sys.argv = ["footdesk"]
    main()


def icon_files() -> list[str]:
    from importlib import resources

    from footdesk.ui.theme import WINDOW_ICON_SIZES

    folder = resources.files("footdesk.assets").joinpath("icons")
    return [str(folder.joinpath(f"footdesk-{size}.png")) for size in WINDOW_ICON_SIZES]


def palette_of(app: Any) -> dict[str, str]:
    from PySide6.QtGui import QPalette

    palette = app.palette()
    roles = ("Window", "WindowText", "Base", "Text", "Button", "ButtonText", "Highlight", "HighlightedText")
    return {role: palette.color(getattr(QPalette.ColorRole, role)).name() for role in roles}


if __name__ == "__main__":
    dump_at_show(Path(sys.argv[1]))
