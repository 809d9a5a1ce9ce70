"""Small dialogs: the first-run self-check, keyboard help, about, and where
the person's files are."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footdesk import __version__
from footdesk.i18n import _
from footdesk.keys import KEY_HELP
from footdesk.report import NOT_MEDICAL_ADVICE, TIMER_NOT_TREATMENT
from footdesk.ui.theme import PlainLabel, dialog_scroll, fit_dialog_to_screen, named

if TYPE_CHECKING:
    from footdesk.appmodel import ModelFiles


def self_check_html() -> str:
    """*Is this for you?* in the person's language: a message for each heading,
    paragraph and question (the lines of the HTML are only where they wrap)."""
    return """
<h2>{heading}</h2>
<p>{intro}</p>
<ul>
<li>{back}</li>
<li>{toes}</li>
<li>{sore}</li>
</ul>
<p>{may_help}</p>
<p><b>{not_advice}</b> {not_treatment}
{see_someone}</p>
""".format(
        heading=_("Is this for you?"),
        intro=_("This short daily routine is for people whose feet may be part of their back trouble. Ask yourself:"),
        back=_("Do you have pain in your lower back?"),
        toes=_("When you walk, do your toes point outwards?"),
        sore=_("Are your feet sore by the end of the day, so that you can't wait to take your shoes off?"),
        may_help=_(
            "If you answered yes to some of these, stronger, more active feet may help. "
            "Do the routine every day: it takes about five minutes."
        ),
        not_advice=_(NOT_MEDICAL_ADVICE),
        not_treatment=_(TIMER_NOT_TREATMENT),
        see_someone=_(
            "If your pain is severe, keeps getting worse, follows a fall or injury, or comes with numbness, "
            "weakness, fever, or trouble with your bladder or bowels, see a doctor or physiotherapist first. "
            "Stop any exercise that hurts."
        ),
    )


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
    # TRANSLATORS: a window's title
    dialog = TextDialog(parent, _("Is this for you? — footdesk"), self_check_html(), "selfCheckDialog")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(_("I understand"))
    return dialog


def keys_dialog(parent: QWidget | None) -> QDialog:
    rows = "".join(f"<tr><td><b>{_(key)}</b>&nbsp;&nbsp;&nbsp;</td><td>{_(what)}</td></tr>" for key, what in KEYS)
    heading, words = _("Keyboard"), _("Everything works without the mouse.")
    html = f"<h2>{heading}</h2><p>{words}</p><table cellpadding='4'>{rows}</table>"
    # TRANSLATORS: a window's title
    return TextDialog(parent, _("Keyboard — footdesk"), html, "keysDialog")


def about_dialog(parent: QWidget | None) -> QDialog:
    what = _(
        "A guided daily foot routine for a happier lower back: roll each foot on a "
        "lacrosse ball, heel raises, and two everyday habits."
    )
    licence = _("Free software under the MIT licence.")
    html = f"<h2>footdesk {__version__}</h2><p>{what}</p><p>{licence}</p>"
    # TRANSLATORS: a window's title
    return TextDialog(parent, _("About footdesk"), html, "aboutDialog")


class YourFile(NamedTuple):
    """One of the places footdesk keeps the person's things."""

    key: str
    """For object names: "settings", "routines", "history", "log"."""
    what: str
    """What is kept there, in words ("Your routines"), in the person's language."""
    path: Path
    folder: Path
    """The folder the button opens (the path itself, or the file's folder)."""


def your_files(settings: Path, routines: Path | None, history: Path, log: Path) -> list[YourFile]:
    """Settings, routines, history and log, as the window's model has them."""
    found = [YourFile("settings", _("Settings"), settings, settings.parent)]
    if routines is not None:
        found.append(YourFile("routines", _("Your routines"), routines, routines))
    found += [
        YourFile("history", _("History of your sessions"), history, history.parent),
        YourFile("log", _("Log (what footdesk did, for a bug report)"), log, log.parent),
    ]
    return found


def your_files_dialog(parent: QWidget | None, files: ModelFiles) -> QDialog:
    """Help → Your files, for the window's model's files and footdesk's log."""
    from footdesk.paths import log_file

    return YourFilesDialog(parent, your_files(files.settings.path, files.routines, files.history, log_file()))


def open_folder(folder: Path, failed: Callable[[], None]) -> None:
    """Open a folder in the desktop's file manager; ``failed`` when nothing can.
    On Linux Qt hands the folder to xdg-open and counts that as done, even when
    xdg-open then finds no program for it (exit 3 on a bare window manager):
    there it is run directly, and its exit code heard."""
    opener = shutil.which("xdg-open") if sys.platform.startswith("linux") else None
    if opener is None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            failed()
        return
    from PySide6.QtCore import QCoreApplication, QProcess  # only when a folder is opened

    # the application's: closing the dialog must not end xdg-open (nor the file manager it may become)
    process = QProcess(QCoreApplication.instance())
    process.finished.connect(lambda code, _status: failed() if code else None)
    process.errorOccurred.connect(lambda _error: failed())
    process.start(opener, [str(folder)])  # an absolute path: never taken for an option


class YourFilesDialog(QDialog):
    """Help → Your files: where each is, selectable to copy, and a button that
    opens its folder in the desktop's file manager. A folder footdesk has not
    made yet (no routine of one's own so far) says so; its button is off."""

    def __init__(self, parent: QWidget | None, files: Sequence[YourFile]) -> None:
        super().__init__(parent)
        self.setObjectName("yourFilesDialog")
        self.setWindowTitle(_("Your files — footdesk"))
        intro = PlainLabel(
            _(
                "footdesk keeps everything on this computer, in these places. Your files are yours: "
                "copy them to back them up, or to move to another computer."
            )
        )
        intro.setWordWrap(True)
        content = named(QWidget(), "yourFilesText")
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        for row, place in enumerate(files):
            heading = PlainLabel(place.what)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            shown = named(PlainLabel(str(place.path)), f"path-{place.key}")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(shown)
            grid.addLayout(column, row, 0)
            grid.addWidget(self._open_button(place), row, 1, Qt.AlignmentFlag.AlignVCenter)
        self.scroller = dialog_scroll(content, "yourFilesScroll")
        self.status = named(PlainLabel(), "yourFilesStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(intro)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _open_button(self, place: YourFile) -> QPushButton:
        there = place.folder.is_dir()
        button = named(QPushButton(_("Open folder") if there else _("Open folder (not made yet)")), f"open-{place.key}")
        # TRANSLATORS: {what} is what the folder keeps ("Your routines")
        button.setAccessibleName(_("Open folder: {what}").format(what=place.what))
        button.setEnabled(there)
        if not there:
            button.setToolTip(_("footdesk makes this folder when it first keeps something there"))
        button.clicked.connect(lambda: self._open(place))
        return button

    def _open(self, place: YourFile) -> None:
        """The desktop's file manager opens the folder; where there is none (a
        bare window manager), say so instead of doing nothing."""
        self.status.hide()
        open_folder(place.folder, lambda: self._cannot_open(place))

    def _cannot_open(self, place: YourFile) -> None:
        from shiboken6 import isValid

        if not isValid(self.status):  # the dialog was closed before the opener gave up
            return
        self.status.setText(
            _(
                "Nothing on this computer opens folders, so {folder} was not opened. "
                "Its path above can be selected and copied."
            ).format(folder=place.folder)
        )
        self.status.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_dialog_to_screen(self, self.scroller)
