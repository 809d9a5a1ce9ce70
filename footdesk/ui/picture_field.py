"""A step's picture in the routine editor: a small preview (with the right
side beside it, flipped, when the picture is mirrored), Choose picture…,
Remove picture, the mirror switch and the alt text; a picture file dropped on
the preview is taken as if chosen.

The field shows and edits the step's picture *name*. Copying a chosen file
into the routine's own folder, after checking it, is the library's: the
editor asks it through the model and says on its status line why a picture
was refused (``RoutineEditor.add_picture``).

A preview is decoded only after ``footdesk.pictures`` passed the very bytes
that are decoded (a file named in a routine may have been put there by hand),
at the size it is shown. Own pictures are shown as they are, never recoloured.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from footdesk.draft import StepDraft
from footdesk.i18n import N_, _, p_
from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, PictureKind, check_picture_bytes
from footdesk.routine import Step
from footdesk.ui.step_list import command_button
from footdesk.ui.theme import FlowLayout, PlainLabel, named
from footdesk.untrusted import MAX_TEXT_CHARS, ReceivedFileError, read_regular_file

# TRANSLATORS: a file dialog's filter: translate the words, keep each pattern in brackets and the ";;" between them
PICTURE_FILES = N_("Pictures (*.png *.jpg *.jpeg *.webp *.gif *.svg);;All files (*)")
"""The file dialog's filter: the kinds a step may name (``routine.PICTURE_SUFFIXES``); looked up with ``_``
where shown."""

_QT_FORMAT = {
    PictureKind.PNG: b"png",
    PictureKind.JPEG: b"jpeg",
    PictureKind.WEBP: b"webp",
    PictureKind.GIF: b"gif",
    PictureKind.SVG: b"svg",
}

Locate = Callable[[str], Path | None]
"""A picture's name in the routine → its file (None: the routine has no folder yet)."""


def preview_image(path: Path, box: QSize) -> QImage:
    """The picture at ``path`` scaled to fit ``box`` (device pixels), decoded
    only once its bytes passed the check, at that size (a JPEG decodes
    straight to it, an SVG is drawn at it). ReceivedFileError: why not."""
    kind = KIND_OF_SUFFIX.get(path.suffix.lower())
    if kind is None:
        kinds = ", ".join(KIND_OF_SUFFIX)
        # TRANSLATORS: said after a file's name; {kinds} is ".png, .jpg, …"
        raise ReceivedFileError(path, _("is not a picture footdesk shows ({kinds})").format(kinds=kinds))
    data = read_regular_file(path, MAX_PICTURE_BYTES)
    facts = check_picture_bytes(data, kind, path)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(_QT_FORMAT[kind]))
    reader.setAutoTransform(True)  # a phone's photo, turned the way it was taken
    reader.setScaledSize(QSize(facts.width, facts.height).scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        # TRANSLATORS: {reason} is Qt's own words for why the picture cannot be read
        raise ReceivedFileError(path, _("the picture cannot be shown ({reason})").format(reason=reader.errorString()))
    return image


class PicturePreview(QFrame):
    """The step's picture, small; a picture file can be dropped on it. A Tab
    stop, so that a screen reader says what the picture shows (its alt text)."""

    dropped = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("picturePreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setAccessibleDescription(_("The step's picture. Drop a picture file here, or use Choose picture."))
        self.left = named(PlainLabel(), "pictureLeft")
        self.right = named(PlainLabel(), "pictureRight")
        # TRANSLATORS: under the step's picture for the left side
        self.left_caption = PlainLabel(p_("side", "Left"))
        # TRANSLATORS: under the step's picture for the right side, the left one flipped
        self.right_caption = PlainLabel(_("Right (mirrored)"))
        self.message = named(PlainLabel(), "pictureMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout(self)
        for picture, caption in ((self.left, self.left_caption), (self.right, self.right_caption)):
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column = QVBoxLayout()
            column.addWidget(picture, 1)
            column.addWidget(caption)
            row.addLayout(column)
        row.addWidget(self.message, 1)
        row.addStretch(1)  # the pictures side by side at the left, as the captions read

    def box(self) -> QSize:
        """How large a picture shows (device-independent pixels): about six
        lines of text tall, so it grows with the fonts and the screen's scale."""
        height = self.fontMetrics().height() * 6
        return QSize(height * 3 // 2, height)

    def show_images(self, left: QImage | None, right: QImage | None, message: str = "") -> None:
        """The left (or only) picture, the right side's beside it, or a message instead."""
        for label, caption, image in ((self.left, self.left_caption, left), (self.right, self.right_caption, right)):
            label.setVisible(image is not None)
            caption.setVisible(image is not None and right is not None)
            label.setPixmap(QPixmap.fromImage(image) if image is not None else QPixmap())
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.setMinimumHeight(self.box().height() + self.fontMetrics().height() * 2)

    # Dropping a file ------------------------------------------------------------------

    @staticmethod
    def _file_in(event: QDropEvent) -> Path | None:
        mime = event.mimeData()
        for url in mime.urls() if mime is not None and mime.hasUrls() else []:
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in KIND_OF_SUFFIX:
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        self._consider(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        self._consider(event)

    def _consider(self, event: QDropEvent) -> None:
        """A picture file may be dropped here; anything else is refused as it comes."""
        if self._file_in(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._file_in(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(path)


class PictureField(QWidget):
    edited = Signal()
    """The person changed the picture, its mirror or its alt text here (not
    sent while a step is being shown; a chosen file arrives by ``set_name``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name: str | None = None
        """The picture shown, as the routine names it."""
        self.locate: Locate = lambda _name: None
        self._sided = False
        self._title = ""
        self._showing = False
        self.preview = PicturePreview()
        self.dropped = self.preview.dropped
        self.choose_button = command_button(
            _("Choose picture…"), "choosePicture", _("A picture of the movement, from a file")
        )
        self.remove_button = command_button(_("Remove picture"), "removePicture", _("The step shows no picture"))
        self.mirror = named(QCheckBox(_("Mirror for the right side")), "pictureMirror")
        self.mirror.setToolTip(_("The picture shows the left side; for the right side it is flipped"))
        self.mirror.setVisible(False)  # only for a step done on each side
        self.alt = named(QLineEdit(), "pictureAlt")
        self.alt.setMaxLength(MAX_TEXT_CHARS)
        self.alt.setAccessibleName(_("Describe the picture for screen readers"))
        self.kept = named(PlainLabel(), "picturesKept")
        self.kept.setWordWrap(True)
        self.kept.hide()
        # under the preview, wrapping where the width runs out: the form stays as narrow as its other rows
        buttons = FlowLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.mirror)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.preview)
        column.addLayout(buttons)
        column.addWidget(self.kept)
        self.remove_button.clicked.connect(self.remove)
        self.mirror.toggled.connect(self._changed)
        self.alt.textChanged.connect(self._alt_changed)

    def fields(self) -> list[QWidget]:
        """In reading (and Tab) order; the alt text is a row of the form of its own."""
        return [self.preview, self.choose_button, self.remove_button, self.mirror, self.alt]

    def show_draft(self, draft: StepDraft, sided: bool) -> None:
        """A step's picture as the draft has it."""
        self._showing = True
        self.name = draft.picture
        self.alt.setText(draft.picture_alt)
        self.alt.setCursorPosition(0)  # a long description shown from its start
        self.mirror.setChecked(draft.mirror)
        self._showing = False
        self._sided = sided
        self.mirror.setVisible(sided)
        self.set_title(draft.title)
        self.refresh()

    def values(self) -> dict[str, object]:
        return {"picture": self.name, "picture_alt": self.alt.text(), "mirror": self.mirror.isChecked()}

    def set_name(self, name: str) -> None:
        """A picture the library copied in for this step (chosen or dropped)."""
        self.name = name
        self._changed()

    def remove(self) -> None:
        """No picture: its alt text and mirror go with it."""
        self._showing = True
        self.name = None
        self.alt.clear()
        self.mirror.setChecked(False)
        self._showing = False
        self._changed()
        self.choose_button.setFocus(Qt.FocusReason.OtherFocusReason)  # Remove is disabled now

    def set_title(self, title: str) -> None:
        """The step's title: what a screen reader says when the alt text is empty."""
        self._title = title.strip()
        self.alt.setPlaceholderText(self._title or _("The step's title"))
        self._name_preview()

    def set_sided(self, sided: bool) -> None:
        """A step done on each side may flip its picture for the right side."""
        if sided == self._sided:
            return
        self._sided = sided
        self.mirror.setVisible(sided)
        self.refresh()

    def show_kept(self, step: Step | None) -> None:
        """Pictures per side or per guide stage the file names, which this form
        does not edit: said, so that nobody wonders where they come from."""
        sides = step is not None and bool(step.side_pictures)
        guides = step is not None and bool(step.guide_pictures)
        if sides and guides:
            said = _(
                "Its file also gives it a picture for each side and a picture for each guide stage, kept as they are."
            )
        elif sides:
            said = _("Its file also gives it a picture for each side, kept as they are.")
        elif guides:
            said = _("Its file also gives it a picture for each guide stage, kept as they are.")
        else:
            said = ""
        self.kept.setText(said)
        self.kept.setVisible(bool(said))

    def refresh(self) -> None:
        """Show the picture as it is now (after a change of picture, mirror or kind of step)."""
        has = self.name is not None
        self.remove_button.setEnabled(has)
        self.mirror.setEnabled(has)
        self.alt.setEnabled(has)
        self._name_preview()
        if self.name is None:
            self.preview.show_images(None, None, _("No picture. Choose one, or drop a picture file here."))
            return
        path = self.locate(self.name)
        try:
            if path is None:
                raise ReceivedFileError(self.name, _("not found"))
            ratio = self.devicePixelRatioF()
            box = self.preview.box()
            image = preview_image(path, QSize(round(box.width() * ratio), round(box.height() * ratio)))
        except ReceivedFileError as exc:
            self.preview.show_images(None, None, _("The picture cannot be shown: {reason}").format(reason=exc.reason))
            return
        image.setDevicePixelRatio(ratio)
        flipped = image.flipped(Qt.Orientation.Horizontal) if self._sided and self.mirror.isChecked() else None
        self.preview.show_images(image, flipped)

    def _name_preview(self) -> None:
        """The preview's accessible name is its alt text, or the step's title
        (what ``Step.picture_for`` gives the session to say)."""
        if self.name is None:
            self.preview.setAccessibleName(_("No picture"))
        else:
            self.preview.setAccessibleName(self.alt.text().strip() or self._title or _("Picture"))

    def _alt_changed(self) -> None:
        if not self._showing:
            self._name_preview()
            self.edited.emit()

    def _changed(self) -> None:
        if self._showing:
            return
        self.refresh()
        self.edited.emit()
