"""Colours and sizes shared by the views, derived from the system palette so
that dark and light desktops both read well."""

from __future__ import annotations

import re
from importlib import resources
from typing import NamedTuple, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from footdesk.i18n import N_, _
from footdesk.sound import SoundStatus


def _base_palette(widget: QWidget) -> QPalette:
    # the top-level window's palette: a widget styled with a coloured background
    # (the side banner) must not flip the whole theme to "dark"
    return widget.window().palette()


# The window's icon sizes (taskbar, Alt+Tab, title bar). The 512-pixel file is
# for the desktop file's icon theme only: X copies every size of a window's icon
# into a window property as raw pixels, and 512x512 alone (1 MB) took about 8 ms
# of the first window's time.
WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """footdesk's own icon at every size a desktop shows a window's icon."""
    icon = QIcon()
    folder = resources.files("footdesk.assets").joinpath("icons")
    for size in WINDOW_ICON_SIZES:
        icon.addFile(str(folder.joinpath(f"footdesk-{size}.png")))
    return icon


def is_dark(widget: QWidget) -> bool:
    return _base_palette(widget).color(QPalette.ColorRole.Window).lightness() < 128


def accent(widget: QWidget, name: str) -> QColor:
    """Named accents, one shade for dark desktops and one for light ones, each
    with enough contrast against the window background."""
    dark = is_dark(widget)
    colours = {
        "get-ready": ("#8a5a00", "#ffc24d"),
        "done": ("#1e7a3c", "#5fd38a"),
        "muted": ("#6b6b6b", "#9a9a9a"),
    }
    light_shade, dark_shade = colours[name]
    return QColor(dark_shade if dark else light_shade)


def banner_fill(name: str) -> QColor:
    """Fills that carry white text in every palette: white on #1d5fb8 is 6.2:1,
    on #a84a14 5.7:1 and on #1e7a3c 5.4:1 (WCAG AA for large text is 3:1)."""
    return QColor({"left": "#1d5fb8", "right": "#a84a14", "chosen": "#1e7a3c"}[name])


def normal_text(widget: QWidget) -> QColor:
    return _base_palette(widget).color(QPalette.ColorRole.WindowText)


def dimmed_text(widget: QWidget) -> QColor:
    palette = _base_palette(widget)
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    # halfway between text and background keeps dimmed lines readable in both palettes
    return QColor(
        (text.red() * 3 + window.red() * 2) // 5,
        (text.green() * 3 + window.green() * 2) // 5,
        (text.blue() * 3 + window.blue() * 2) // 5,
    )


W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """A widget with its object name (what tests and style sheets know it by);
    Qt's own ``objectName=`` keyword works but its type stubs do not know it."""
    widget.setObjectName(name)
    return widget


class PlainLabel(QLabel):
    """A QLabel that never reads its text as HTML. Titles, instructions and
    messages carry text from routine files other people wrote; Qt's AutoText
    would render ``<img src=…>`` (loading a file) or a fake link from them."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)


def pixel_font(widget: QWidget, pixels: float, bold: bool = False) -> QFont:
    font = widget.font()
    font.setPixelSize(max(8, int(pixels)))
    font.setBold(bold)
    return font


TITLE_BAR_GUESS = 32
"""Logical pixels allowed for a window's title bar and frame before the window
manager has framed it (when Qt cannot know them yet)."""


def quiet_scroll_area(scroll: QScrollArea) -> None:
    """A scroll area that only holds a page or a dialog's content: not a Tab
    stop and never the first focus (a screen reader would read an unnamed
    pane); the focus goes to what is in it, which it scrolls into view."""
    # (its viewport takes no focus already: asking for it from Python makes PySide
    # create a Python class for every widget type, about 15 ms before the first frame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class _ListLetsGo(QObject):
    """Clears the current item of a combo box's list whenever the list is hidden."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo

    def let_go(self) -> None:
        selection = self._combo.view().selectionModel()
        if selection is not None:
            selection.clearCurrentIndex()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Hide:
            QTimer.singleShot(0, self.let_go)
        return False


def quiet_combo(combo: QComboBox) -> None:
    """A combo box whose closed list reports no item as focused. Qt marks the
    list's current item focused even while the list is hidden, and a screen
    reader then meets the focus in two places at once (on every screen). The
    combo's own value is kept apart from the list's current item and stays;
    the list shows it again when it opens."""
    if combo.findChild(_ListLetsGo) is not None:
        return
    helper = _ListLetsGo(combo)
    container = combo.view().parentWidget()
    if container is not None:
        container.installEventFilter(helper)
    combo.currentIndexChanged.connect(lambda _index: QTimer.singleShot(0, helper.let_go))
    combo.model().rowsInserted.connect(lambda *_args: QTimer.singleShot(0, helper.let_go))
    helper.let_go()


class _WheelScrollsThePage(QObject):
    """A wheel turned over a field that does not have the focus scrolls the
    page it is on, never the field's value: a person scrolling the routine
    editor past a Timing list or a seconds box must not change the step."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True


def wheel_scrolls_the_page(page: QWidget) -> None:
    """Every list and number box on ``page`` changes by the wheel only once it
    has the focus (a click or Tab gives it); until then the wheel scrolls the page."""
    guard = page.findChild(_WheelScrollsThePage) or _WheelScrollsThePage(page)
    for field in (*page.findChildren(QComboBox), *page.findChildren(QAbstractSpinBox)):
        if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.removeEventFilter(guard)
        field.installEventFilter(guard)


def wrapped(label: PlainLabel) -> PlainLabel:
    """A label whose words wrap to the width it is given (a dialog at large fonts)."""
    label.setWordWrap(True)
    return label


def wrapping_form(form: QFormLayout) -> QFormLayout:
    """A form whose field goes under its label where the two do not fit side
    by side (a dialog's form at large fonts): never wider than its widest row."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class ItemLayout(QLayout):
    """A layout that keeps its items in a list: what a layout placing them in
    its own way (``setGeometry``) needs of Qt's item interface."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None


class FlowLayout(ItemLayout):
    """Buttons in a row that wraps onto the next line where the width runs
    out, instead of making the dialog wider than the screen (large fonts)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        shown = [item.sizeHint() for item in self._items if not item.isEmpty()]
        if not shown:
            return QSize(0, 0)
        width = sum(size.width() for size in shown) + self._gap * (len(shown) - 1)
        return QSize(width, max(size.height() for size in shown))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as its widest button: the rest wraps."""
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            width = min(item.sizeHint().width(), rect.width())
            height = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            hint = QSize(width, height)
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class ScrollingBody(NamedTuple):
    scroll: QScrollArea
    body: QWidget
    outer: QVBoxLayout


def scrolling_body(view: QWidget) -> ScrollingBody:
    """The widget to lay a view's content on, inside a frameless scroll area
    that fills the view. The content shrinks with the window down to its
    minimum; below that (large fonts on a small screen) it scrolls instead of
    pushing the window past the screen's edge. What is added to the returned
    layout after the scroll area stays in view (the view's main buttons)."""
    body = named(QWidget(), f"{view.objectName()}Body")
    scroll = named(QScrollArea(), f"{view.objectName()}Scroll")
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    quiet_scroll_area(scroll)
    # on a short screen what stays in view below it matters more: the scrolled
    # part may shrink to two lines (less than its scroll bar would ask for)
    scroll.setMinimumHeight(scroll.fontMetrics().height() * 2)
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(scroll, 1)
    return ScrollingBody(scroll, body, outer)


def dialog_scroll(content: QWidget, name: str) -> QScrollArea:
    """A frameless, vertical-only scroll area for a dialog's content, so that
    on a short screen (a laptop with large fonts) the content scrolls while
    the dialog's buttons stay in view. Size the dialog with fit_dialog_to_screen."""
    scroll = named(QScrollArea(), name)
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    quiet_scroll_area(scroll)
    return scroll


def fit_dialog_to_screen(dialog: QWidget, scroll: QScrollArea) -> None:
    """As tall as the scrolled content needs at its width (wrapped text
    included, which a dialog's own size hint leaves out), but never taller
    than the screen: then the content scrolls. Never wider than the screen
    either, whatever the dialog's own minimum width."""
    screen = dialog.screen()
    if screen is not None:
        available = screen.availableGeometry()
        sides = max(0, dialog.frameGeometry().width() - dialog.width())
        widest = available.width() - sides
        if dialog.minimumWidth() > widest:
            dialog.setMinimumWidth(widest)
        if dialog.width() > widest:
            dialog.resize(widest, dialog.height())
        left = min(max(dialog.pos().x(), available.left()), available.right() + 1 - dialog.width() - sides)
        if left != dialog.pos().x():
            dialog.move(left, dialog.pos().y())
    outer = dialog.layout()
    if outer is not None:
        outer.activate()  # on show, the geometry may not be laid out yet
    content = scroll.widget()
    assert content is not None, "the scroll area holds the dialog's content"
    layout = content.layout()
    room = scroll.maximumViewportSize()  # the viewport without scroll bars
    # measured as if the bar were showing: a bar shown for a moment while the
    # dialog opens narrows the text, which then wraps longer and keeps it there
    width = room.width() - scroll.verticalScrollBar().sizeHint().width()
    needed = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    if needed < 0:
        needed = content.sizeHint().height()
    chrome = dialog.height() - room.height()
    wanted = needed + chrome
    screen = dialog.screen()
    if screen is not None:
        frame = dialog.frameGeometry().height() - dialog.height()
        owner = dialog.parentWidget()
        if frame <= 0 and owner is not None:
            # not framed yet: its parent window's title bar is the best guess,
            # unless that is maximised or full screen (less frame, or none)
            parent = owner.window()
            if not (parent.isMaximized() or parent.isFullScreen()):
                frame = parent.frameGeometry().height() - parent.height()
        frame = frame if frame > 0 else TITLE_BAR_GUESS
        available = screen.availableGeometry()
        wanted = min(wanted, available.height() - frame)
        # placed for the height it had before: grown, its bottom may be off the screen
        overflow = dialog.pos().y() + frame + wanted - (available.bottom() + 1)
        if overflow > 0:
            dialog.move(dialog.pos().x(), max(available.top(), dialog.pos().y() - overflow))
    dialog.resize(dialog.width(), wanted)


_KEY_HINT = re.compile(r"\s*\[([^\]]+)\]")
_SYMBOLS = "▶◀■↻✓❚ "


def spoken_label(text: str) -> str:
    """A button's words without its symbols and "[key]" hint, which a screen
    reader would otherwise read out ("heavy vertical bar… Pause… left bracket…")."""
    return _KEY_HINT.sub("", text).strip(_SYMBOLS)


_LEADING_SYMBOLS = re.compile(r"^[^\w(]+")


def spoken_text(text: str, empty: str | None = None) -> str:
    """What a screen reader reads of a shown text: no symbol before the words
    ("◐ partly done" is "partly done"), and never a blank cell ("none", or ``empty``)."""
    words = _LEADING_SYMBOLS.sub("", text).strip()
    if words:
        return words
    # TRANSLATORS: what a screen reader says for an empty cell of a table
    return _("none") if empty is None else empty


def set_button_text(button: QPushButton, text: str) -> None:
    """Symbols and the key on screen; the plain words for a screen reader, with
    the key as the description where no tooltip already says it."""
    button.setText(text)
    button.setAccessibleName(spoken_label(text))
    key = _KEY_HINT.search(text)
    if key is not None and not button.toolTip():
        # TRANSLATORS: a button's description for a screen reader; {key} is the key that presses it ("Ctrl+,", "Space")
        button.setAccessibleDescription(_("Shortcut: {key}").format(key=key.group(1)))


class KeyButton(QPushButton):
    """A button with its key on it ("Settings   [Ctrl+,]") while there is room.
    When there is not (large fonts on a small screen), the key hint gives way
    before the window grows past the screen or the words are cut: the button
    may shrink to its words alone. Its text, name and description keep the key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def words(self) -> str:
        return _KEY_HINT.sub("", self.text())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        full = self.sizeHint()
        metrics = self.fontMetrics()
        hint_width = metrics.horizontalAdvance(self.text()) - metrics.horizontalAdvance(self.words())
        return QSize(full.width() - max(0, hint_width), full.height())

    def shows_key(self) -> bool:
        return self.width() >= self.sizeHint().width()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.shows_key():
            super().paintEvent(event)
            return
        # QStyle's Python enums take about 5 ms to build: only when first drawn this way
        from PySide6.QtWidgets import QStyle, QStyleOptionButton

        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.words()
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)


def key_button(text: str, name: str) -> QPushButton:
    button = named(KeyButton(), name)
    set_button_text(button, text)
    return button


class HintedLabel(PlainLabel):
    """A label with its key on it ("Sound on   [M] mutes") while there is room;
    where there is not, the words before the key stay ("Sound on"), as a
    KeyButton's key gives way. Its text and accessible name keep everything."""

    def short(self) -> str:
        return self.text().split("[", 1)[0].strip()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        full = self.sizeHint()
        margins = full.width() - self.fontMetrics().horizontalAdvance(self.text())
        return QSize(self.fontMetrics().horizontalAdvance(self.short()) + max(0, margins), full.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.width() >= self.sizeHint().width():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.short())


SOUND_WORDS = {
    # TRANSLATORS: the sound's state in the window's corner; the part before [M] stays when room is short
    SoundStatus.READY: N_("Sound on   [M] mutes"),
    SoundStatus.MUTED: N_("Muted   [M] for sound"),
    SoundStatus.OFF: N_("Sound off in Settings"),
    SoundStatus.UNAVAILABLE: N_("No sound device"),
}


SPOKEN_SOUND_WORDS = {
    SoundStatus.READY: N_("Sound on. M mutes"),
    SoundStatus.MUTED: N_("Sound muted. M for sound"),
    SoundStatus.OFF: N_("Sound off in Settings"),
    SoundStatus.UNAVAILABLE: N_("No sound device"),
}
"""The same, as a screen reader says it (no brackets read out)."""


def sound_words(status: SoundStatus) -> str:
    """What a screen reader hears of the sound: the label's name, and said when M is pressed."""
    return _(SPOKEN_SOUND_WORDS[status])


def show_sound_status(label: QLabel, status: SoundStatus) -> None:
    """In words, not only an icon or a colour: the person may be metres away.
    A screen reader reads the same, on or muted, in the label's name."""
    text = _(SOUND_WORDS[status])
    if label.text() != text:
        label.setText(text)
        label.setAccessibleName(sound_words(status))
        quiet = status is not SoundStatus.READY
        label.setStyleSheet(f"color: {accent(label, 'get-ready').name()};" if quiet else "")
