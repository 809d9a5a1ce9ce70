"""Pictures of the movement on screen: decoded at the size they are shown, off
the window's thread, before the step that shows them comes up.

The model says which file, flipped or not, and whether it is one of the
built-in drawings (``footdesk.model.pictures``); this module only turns that
into pixels. A 4096 × 4096 photo takes a fifth of a second to decode, longer
than many frames, so ``PictureLoader`` decodes on a thread of its own and
hands the image back by a queued signal: the countdown's tick never waits for
it. The picture is read at most ``MAX_PICTURE_BYTES`` and decoded straight to
the size shown (``QImageReader.setScaledSize``; an SVG is drawn at that size),
so only that size is kept; Qt's own allocation limit refuses to decode more
than the largest picture footdesk shows may cost, in case a file changed since
it was checked. The built-in drawings are drawn in two colour tokens, swapped
here for the palette's text colour and an accent readable on its window.

An animated GIF plays (``QMovie``, scaled) only while the model says it moves:
a clock runs and reduced motion is off. Otherwise its first frame is shown.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QImageIOHandler, QImageReader, QMovie, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from footdesk.i18n import _
from footdesk.model.pictures import StepPicture
from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, MAX_SIDE
from footdesk.to_window import ToWindow
from footdesk.ui.theme import is_dark, normal_text
from footdesk.untrusted import ReceivedFileError, read_regular_file

ALLOCATION_LIMIT_MB = MAX_SIDE * MAX_SIDE * 8 // (1024 * 1024)
"""What decoding one picture may allocate: a 4096 × 4096 picture at 8 bytes a pixel (a PNG
with 16 bits a channel is read at that depth before it is scaled; at 4 bytes one that the
import accepted could never be shown)."""
INK_TOKEN = "#1a1a1a"
ACCENT_TOKEN = "#e4572e"
"""The two colours the built-in drawings are drawn in (``assets/routines/pictures``)."""
_ACCENTS = ("#b23c12", "#ff9466")
"""The drawings' accent on a light window and on a dark one: 5:1 against
Qt's light grey window, 7:1 against a dark one (3:1 is WCAG's least for graphics)."""
_LEAST_PX = 32
"""Smaller than this on the screen (device pixels), a picture says nothing from across the room: it goes."""
_CARD = "#f4f4f4"
"""What one's own picture lies on in a dark palette."""
_CACHED_IMAGES = 12
"""Decoded pictures kept (at the size shown): the session's few, or the home screen's previews."""


def drawing_colours(widget: QWidget) -> tuple[str, str]:
    """The built-in drawings' ink and accent in the widget's palette."""
    return normal_text(widget).name(), _ACCENTS[1] if is_dark(widget) else _ACCENTS[0]


def recoloured(svg: bytes, ink: str, accent: str) -> bytes:
    """A built-in drawing in the palette's colours (its two tokens swapped)."""
    swapped = re.sub(re.escape(INK_TOKEN).encode(), ink.encode(), svg, flags=re.IGNORECASE)
    return re.sub(re.escape(ACCENT_TOKEN).encode(), accent.encode(), swapped, flags=re.IGNORECASE)


@dataclass(frozen=True)
class Wanted:
    """One decode: which file, in which box (device pixels), flipped, recoloured."""

    path: Path
    box: tuple[int, int]
    mirrored: bool = False
    colours: tuple[str, str] | None = None
    """(ink, accent) for a built-in drawing; None keeps the file's own colours."""


def decode(wanted: Wanted) -> QImage:
    """The picture fitted into its box (never larger than the box, its shape kept);
    ReceivedFileError with the reason when it cannot be read or decoded."""
    kind = KIND_OF_SUFFIX.get(wanted.path.suffix.lower())
    if kind is None:
        # TRANSLATORS: follows the picture's file name ("heel.bmp: is not a picture footdesk shows")
        raise ReceivedFileError(wanted.path, _("is not a picture footdesk shows"))
    data = read_regular_file(wanted.path, MAX_PICTURE_BYTES)
    if wanted.colours is not None:
        data = recoloured(data, *wanted.colours)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, kind.value.lower().encode())
    reader.setAutoTransform(True)  # a phone photo turned the way it was taken
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise ReceivedFileError(wanted.path, _undecodable(reader))
    turned = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    shown = size.transposed() if turned else size
    fitted = fit(shown, QSize(*wanted.box))
    reader.setScaledSize(fitted.transposed() if turned else fitted)
    image = reader.read()
    if image.isNull():
        raise ReceivedFileError(wanted.path, _undecodable(reader))
    return image.flipped(Qt.Orientation.Horizontal) if wanted.mirrored else image


def _undecodable(reader: QImageReader) -> str:
    why = reader.errorString()
    if why and why != "Unknown error":  # Qt's words for no reason at all
        # TRANSLATORS: follows the picture's file name; {why} is the decoder's reason
        return _("it cannot be decoded ({why})").format(why=why)
    return _("it cannot be decoded")


def fit(size: QSize, box: QSize) -> QSize:
    """``size`` scaled to fill ``box`` as far as its shape allows."""
    scale = min(box.width() / max(1, size.width()), box.height() / max(1, size.height()))
    return QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))


def _decode_and_post(to_window: ToWindow, done: Callable[[Wanted, QImage | None, str], None], wanted: Wanted) -> None:
    """On the worker's thread: it touches no QObject the window's thread may delete."""
    try:
        image: QImage | None = decode(wanted)
        reason = ""
    except ReceivedFileError as exc:
        image, reason = None, exc.reason
    to_window.post(partial(done, wanted, image, reason))


def _stop_worker(worker: ThreadPoolExecutor) -> None:
    worker.shutdown(wait=False, cancel_futures=True)


class PictureLoader(QObject):
    """Decodes pictures on a thread of its own and keeps the last few decoded."""

    ready = Signal(object)
    """A ``Wanted`` is decoded (``image`` has it now)."""
    failed = Signal(object, str)
    """A ``Wanted`` could not be decoded, and why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
        # a Python thread, not a QThreadPool: a QThread makes an event loop of its
        # own, whose wake-up pipe GLib cannot make when no descriptor is left
        # (it aborts the program then); one picture at a time: the other core runs the window
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="footdesk-pictures")
        self._running: set[Future[None]] = set()
        self._to_window = ToWindow(self)  # a decode done after the loader is deleted is dropped
        self.destroyed.connect(partial(_stop_worker, self._worker))  # its thread ends with the loader
        self._images: OrderedDict[Wanted, QImage] = OrderedDict()
        self._pending: set[Wanted] = set()
        self._refused: dict[Wanted, str] = {}
        self.asked: list[Wanted] = []
        """Every decode started, in order (what tests look at)."""

    def image(self, wanted: Wanted) -> QImage | None:
        image = self._images.get(wanted)
        if image is not None:
            self._images.move_to_end(wanted)
        return image

    def nearest(self, wanted: Wanted) -> QImage | None:
        """The same picture decoded for another box (the largest), to show scaled
        until the one for this box comes: a picture decoded ahead for a part laid
        out a little differently still shows the moment its part comes up."""
        same = [image for key, image in self._images.items() if replace(key, box=wanted.box) == wanted]
        return max(same, key=lambda image: image.width() * image.height(), default=None)

    def request(self, wanted: Wanted) -> QImage | None:
        """The image when it is decoded already; otherwise its decode starts
        (once) and ``ready`` or ``failed`` tells when it is done."""
        image = self.image(wanted)
        if image is None and wanted not in self._pending and wanted not in self._refused:
            self._pending.add(wanted)
            self.asked.append(wanted)
            running = self._worker.submit(_decode_and_post, self._to_window, self._done, wanted)
            self._running.add(running)
            running.add_done_callback(self._running.discard)
        return image

    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Until the decodes started are done (closing, tests); the results still arrive as events."""
        _done, left = futures_wait(set(self._running), timeout=timeout_ms / 1000)
        return not left

    def _done(self, wanted: Wanted, image: QImage | None, reason: str) -> None:
        self._pending.discard(wanted)
        if image is None:
            self._refused[wanted] = reason
            self.failed.emit(wanted, reason)
            return
        self._images[wanted] = image
        while len(self._images) > _CACHED_IMAGES:
            self._images.popitem(last=False)
        self.ready.emit(wanted)


class PictureView(QWidget):
    """One picture of the movement, as large as its room allows, its shape kept.
    To a screen reader it is its alt text; it takes no focus."""

    failed = Signal(object, str)
    """A picture the model gave could not be decoded (its path, the reason)."""

    def __init__(self, loader: PictureLoader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("picture")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.loader = loader or PictureLoader(self)
        self.loader.ready.connect(self._decoded)
        self.loader.failed.connect(self._refused)
        self._picture: StepPicture | None = None
        self._coming: tuple[StepPicture, ...] = ()
        self._moving = False
        self._image: QImage | None = None
        self._movie: QMovie | None = None

    @property
    def picture(self) -> StepPicture | None:
        return self._picture

    def image(self) -> QImage | None:
        """The still decoded for the picture shown, at this size (None until it is)."""
        if self._picture is None:
            return None
        wanted = self.wanted(self._picture)
        return self.loader.image(wanted) or self.loader.nearest(wanted) or self._image

    def movie(self) -> QMovie | None:
        """The animation playing or paused (None for a still, or with reduced motion)."""
        return self._movie

    def show_picture(self, picture: StepPicture | None, moving: bool = False) -> None:
        if picture != self._picture:
            self._picture = picture
            self._drop_movie()
            self._image = None
            self.setAccessibleName(picture.alt if picture is not None else "")
            self.update()  # asked for as it is painted: at the size it is laid out to
        self._set_moving(moving and picture is not None and picture.animated)

    def prepare(self, pictures: tuple[StepPicture, ...]) -> None:
        """Decode what may show next, at this view's size, before it is needed."""
        if pictures != self._coming:
            self._coming = pictures
            self.update()

    def wanted(self, picture: StepPicture) -> Wanted:
        ratio = self.devicePixelRatioF()
        box = (max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        svg = picture.path.suffix.lower() == ".svg"
        return Wanted(picture.path, box, picture.mirrored, drawing_colours(self) if picture.shipped and svg else None)

    # Inside ---------------------------------------------------------------------

    def _set_moving(self, moving: bool) -> None:
        self._moving = moving
        if moving and self._movie is None and self._picture is not None:
            movie = QMovie(str(self._picture.path), b"gif", self)
            movie.setCacheMode(QMovie.CacheMode.CacheNone)
            movie.setScaledSize(self._movie_size(self._picture))
            movie.frameChanged.connect(lambda _frame: self.update())
            self._movie = movie
            movie.start()
        elif self._movie is not None:
            self._movie.setPaused(not moving)

    def _movie_size(self, picture: StepPicture) -> QSize:
        ratio = self.devicePixelRatioF()
        box = QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        return fit(QSize(picture.width, picture.height), box)

    def _drop_movie(self) -> None:
        if self._movie is not None:
            self._movie.stop()
            self._movie.deleteLater()
            self._movie = None

    def _ask(self) -> None:
        """The picture at the size this view has now, and the next ones: from the
        loader's cache, or their decodes started."""
        if self._picture is not None:
            wanted = self.wanted(self._picture)
            # until one at this size comes, one at another size is scaled
            self._image = self.loader.request(wanted) or self.loader.nearest(wanted) or self._image
        for picture in self._coming:
            self.loader.request(self.wanted(picture))

    def _decoded(self, wanted: Wanted) -> None:
        if self._picture is not None and wanted == self.wanted(self._picture):
            self._image = self.loader.image(wanted)
            self.update()

    def _refused(self, wanted: Wanted, reason: str) -> None:
        if self._picture is not None and wanted == self.wanted(self._picture):
            self.failed.emit(wanted.path, reason)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # repainted: the picture is asked for at the new size
        if self._movie is not None and self._picture is not None:
            self._movie.setScaledSize(self._movie_size(self._picture))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # a built-in drawing is asked for in the new palette's colours

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self._ask()
        frame = self._movie.currentImage() if self._movie is not None else None
        image = frame if frame is not None and not frame.isNull() else self._image
        shown_px = min(self.width(), self.height()) * self.devicePixelRatioF()  # on the screen, at any scale
        if image is None or image.isNull() or shown_px < _LEAST_PX:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        # decoded for this size, it fills the box 1:1; one decoded for the size
        # before (a new one on its way) is scaled meanwhile
        scale = min(self.width() / image.width(), self.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        target = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        if self._picture is not None and not self._picture.shipped and is_dark(self):
            # one's own picture keeps its colours: dark lines on a transparent
            # ground would vanish into a dark window, so it lies on a light card
            painter.fillRect(target, QColor(_CARD))
        if frame is not None and self._picture is not None and self._picture.mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        painter.drawImage(target, image)
