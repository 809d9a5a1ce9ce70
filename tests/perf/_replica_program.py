"""Build the window ``_window_replica`` wrote, with PySide6 alone, and show it.

    python tests/perf/_replica_program.py SPEC.json

No footdesk module and nothing of this repository is imported: the time to
this window is what PySide6 asks for a window with footdesk's content.
"""

import json
import sys

if __name__ == "__main__":  # read before Qt loads: PySide looks into each module imported after it
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())

from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MADE = {
    "QLabel": QLabel, "QPushButton": QPushButton, "QToolButton": QToolButton, "QCheckBox": QCheckBox,
    "QRadioButton": QRadioButton, "QComboBox": QComboBox, "QProgressBar": QProgressBar, "QFrame": QFrame,
    "QScrollArea": QScrollArea, "QStackedWidget": QStackedWidget, "QStatusBar": QStatusBar, "QWidget": QWidget,
}  # fmt: skip


def dress(widget, node):
    widget.setObjectName(node["name"])
    if "font" in node:
        font = QFont()
        font.fromString(node["font"])
        widget.setFont(font)
    if "style" in node:
        widget.setStyleSheet(node["style"])
    if "min" in node:
        widget.setMinimumSize(*node["min"])
    if "max" in node:
        widget.setMaximumSize(*node["max"])
    widget.setSizePolicy(QSizePolicy(QSizePolicy.Policy(node["policy"][0]), QSizePolicy.Policy(node["policy"][1])))
    if node["hidden"]:
        widget.setHidden(True)


def make(node):
    cls = node["cls"]
    widget = MADE.get(cls, QWidget)()
    if cls == "QLabel":
        widget.setText(node["text"])
        widget.setWordWrap(node["wrap"])
        widget.setAlignment(widget.alignment().__class__(node["align"]))
    elif "text" in node:
        widget.setText(node["text"])
    elif "items" in node:
        widget.addItems(node["items"])
    if cls == "QScrollArea" and node.get("inner"):
        widget.setWidget(make(node["inner"]))
        widget.setWidgetResizable(True)
    elif cls == "QStackedWidget":
        for page in node["pages"]:
            widget.addWidget(make(page))
        widget.setCurrentIndex(node["current"])
    elif "layout" in node:
        lay_out(widget, node["layout"])
    dress(widget, node)
    return widget


def lay_out(widget, node):
    layout = {"V": QVBoxLayout, "H": QHBoxLayout, "G": QGridLayout}[node["kind"]]()
    fill(layout, node)
    widget.setLayout(layout)


def fill(layout, node):
    layout.setContentsMargins(*node["margins"])
    layout.setSpacing(max(node["spacing"], 0))
    for row, item in enumerate(node["items"]):
        if "widget" in item:
            child = make(item["widget"])
        elif "layout" in item:
            child = {"V": QVBoxLayout, "H": QHBoxLayout, "G": QGridLayout}[item["layout"]["kind"]]()
            fill(child, item["layout"])
        else:
            child = QSpacerItem(*item["space"])
        cell = item.get("cell", [row, 0, 1, 1])
        if isinstance(layout, QGridLayout):
            add = layout.addWidget if isinstance(child, QWidget) else layout.addLayout
            if isinstance(child, QSpacerItem):
                layout.addItem(child, *cell)
            else:
                add(child, *cell)
        elif isinstance(child, QWidget):
            layout.addWidget(child, item.get("stretch", 0))
        elif isinstance(child, QSpacerItem):
            layout.addItem(child)
        else:
            layout.addLayout(child, item.get("stretch", 0))


def build_window(spec):
    """The window of ``spec`` with its menus, status bar, title and size, and the
    application's icon and palette as footdesk sets them."""
    app = QApplication.instance()
    icon = QIcon()
    for path in spec["icons"]:
        icon.addFile(path)
    app.setWindowIcon(icon)
    palette = app.palette()
    for role, colour in spec["palette"].items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    app.setPalette(palette)
    node = spec["window"]
    window = QMainWindow()
    for menu_node in node["menus"]:
        menu = window.menuBar().addMenu(menu_node["title"])
        for text, keys in menu_node["actions"]:
            if text:
                action = menu.addAction(text)
                if keys:
                    action.setShortcut(QKeySequence(keys))
            else:
                menu.addSeparator()
    window.setCentralWidget(make(node["central"]))
    status = window.statusBar()
    if node["status"].get("layout"):
        holder = QWidget()
        lay_out(holder, node["status"]["layout"])
        status.addWidget(holder, 1)
    status.setHidden(node["status"]["hidden"])
    window.setWindowTitle(node["title"])
    window.resize(*node["size"])
    return window


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    app.setApplicationName("replica")
    window = build_window(spec)
    window.show()
    sys.exit(app.exec())
