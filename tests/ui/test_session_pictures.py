"""Pictures of the movement in the window (issue 24, "Session screen"): beside
the countdown, decoded at the size shown and off the window's thread before
the step comes up, flipped for the other side, an animation that plays while
counting, hidden or still as Settings say, and never at the digits' cost."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from footdesk import paths
from footdesk.model.pictures import StepPicture
from footdesk.session import SessionOptions, State
from footdesk.ui import picture_view
from footdesk.ui.picture_view import PictureView, Wanted, decode, drawing_colours
from tests.helpers.palette import dark_desktop
from tests.helpers.picture_files import DRAWING, pictured_routine
from tests.test_pictures import png_bomb
from tests.ui.test_settings_dialog import in_settings_dialog, open_settings


def pictured_app(qtbot, make_app, get_ready: int = 2):
    pictured_routine()
    app = make_app(SessionOptions(get_ready_s=get_ready, sleep_gap_s=1e9))
    qtbot.waitUntil(lambda: app.window._painted)  # the first frame, after which the previews come
    QApplication.processEvents()
    assert app.model.select_routine("pictured")
    return app


def skip_to(app, title: str) -> None:
    """Start and go on until the step called ``title`` comes up."""
    if app.model.snapshot() is None:
        app.model.start()
    while app.model.snapshot().phase.step.title != title:
        app.model.skip()


def decoded(qtbot, view: PictureView) -> QImage:
    qtbot.waitUntil(lambda: view.image() is not None, timeout=5000)
    image = view.image()
    assert image is not None
    return image


def colour_at(image: QImage, x: int, y: int) -> str:
    return image.pixelColor(x, y).name()


def test_the_picture_shows_beside_the_clock_as_its_alt_text_and_takes_no_focus(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    skip_to(app, "Roll the ball")
    view = app.window.session_view
    image = decoded(qtbot, view.picture)
    assert view.picture.isVisible() and view.picture.accessibleName() == "A foot on a ball"
    assert view.picture.focusPolicy() is Qt.FocusPolicy.NoFocus
    clock_right = view.countdown.mapTo(view, view.countdown.rect().topRight()).x()
    assert view.picture.mapTo(view, view.picture.rect().topLeft()).x() > clock_right  # beside the clock
    ratio = view.picture.devicePixelRatioF()
    box = QSize(round(view.picture.width() * ratio), round(view.picture.height() * ratio))
    # decoded at the size shown: it fills the box one way and fits the other (the file is 60x30)
    assert image.width() <= box.width() and image.height() <= box.height()
    assert box.width() - image.width() <= 1 or box.height() - image.height() <= 1
    assert colour_at(image, 2, image.height() // 2) == "#ff0000"  # toes.png: red on the left


def test_the_right_side_shows_the_left_sides_picture_flipped(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    skip_to(app, "Roll the ball")
    view = app.window.session_view
    left = decoded(qtbot, view.picture)
    app.model.skip()
    assert app.model.snapshot().phase.side.value == "right"
    right = decoded(qtbot, view.picture)
    assert right.size() == left.size()
    middle = left.height() // 2
    assert (colour_at(left, 2, middle), colour_at(left, left.width() - 3, middle)) == ("#ff0000", "#00ff00")
    assert (colour_at(right, 2, middle), colour_at(right, right.width() - 3, middle)) == ("#00ff00", "#ff0000")
    assert right == left.flipped(Qt.Orientation.Horizontal)


def test_the_next_picture_is_decoded_before_its_step_and_a_tick_never_waits_for_it(qtbot, make_app, monkeypatch):
    """The view asks for what comes next as soon as the model says it; while a
    decode is held up, the clock still moves and the picture comes when it is ready."""
    app = pictured_app(qtbot, make_app)
    view = app.window.session_view
    gate = threading.Event()
    real_decode = picture_view.decode

    def held(wanted: Wanted) -> QImage:
        gate.wait(timeout=10)
        return real_decode(wanted)

    monkeypatch.setattr(picture_view, "decode", held)
    try:
        app.model.start()  # the tip with its drawing; the roll's first picture is asked for now
        QApplication.processEvents()  # laid out and painted: asked for at the size shown
        asked = [wanted.path.name for wanted in view.picture.loader.asked]
        assert asked[:2] == ["drawing.svg", "toes.png"]
        app.model.skip()  # the roll: its picture is not decoded yet (held)
        assert view.picture.image() is None
        before = view.countdown.text
        app.run_for(3)  # ticks while the decode waits: the digits move all the same
        QApplication.processEvents()
        assert app.model.snapshot().state is State.RUNNING
        assert view.countdown.text != before and view.picture.image() is None
        assert view.picture.loader.busy()
        assert ("arch.png", False) in [(w.path.name, w.mirrored) for w in view.picture.loader.asked]
    finally:
        gate.set()
    image = decoded(qtbot, view.picture)
    assert colour_at(image, 2, image.height() // 2) == "#ff0000"


def test_a_picture_decoded_ahead_shows_the_moment_its_step_comes_up(qtbot, make_app, monkeypatch):
    app = pictured_app(qtbot, make_app)
    view = app.window.session_view
    app.model.start()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not view.picture.loader.busy(), timeout=5000)
    gate = threading.Event()
    real_decode = picture_view.decode

    def held(wanted: Wanted) -> QImage:
        gate.wait(timeout=10)
        return real_decode(wanted)

    monkeypatch.setattr(picture_view, "decode", held)  # from now on nothing decodes in time
    try:
        app.model.skip()
        QApplication.processEvents()
        assert view.picture.picture is not None and view.picture.picture.path.name == "toes.png"
        assert view.picture.image() is not None  # no blank moment: it was decoded ahead
    finally:
        gate.set()


def test_an_animation_plays_while_counting_and_stops_when_paused(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    skip_to(app, "Rock")
    view = app.window.session_view
    app.run_for(3)
    movie = view.picture.movie()
    assert movie is not None and movie.state() is movie.MovieState.Running
    assert view.picture.accessibleName() == "Rocking to and fro"
    frame = movie.currentFrameNumber()
    qtbot.waitUntil(lambda: movie.currentFrameNumber() != frame, timeout=5000)  # it moves
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # pause
    assert app.model.snapshot().state is State.PAUSED
    assert movie.state() is movie.MovieState.Paused
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # resume
    assert movie.state() is movie.MovieState.Running
    app.model.skip()  # the next step has no picture: the animation goes with it
    assert view.picture.movie() is None and not view.picture.isVisible()


def test_with_reduced_motion_an_animation_is_a_still(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    app.model.apply_settings(replace(app.model.settings, reduced_motion=True))
    skip_to(app, "Rock")
    view = app.window.session_view
    app.run_for(5)
    assert app.model.snapshot().state is State.RUNNING
    assert view.picture.movie() is None
    still = decoded(qtbot, view.picture)
    assert colour_at(still, still.width() // 2, still.height() // 2) == "#e4572e"  # the first frame


def test_the_settings_dialog_hides_the_pictures_and_stops_their_motion(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    assert app.window.home.previews()

    def press(dialog):
        assert dialog.show_pictures.text() == "Show pictures of the movement" and dialog.show_pictures.isChecked()
        assert dialog.reduced_motion.text() == "Reduced motion: do not animate pictures"
        assert not dialog.reduced_motion.isChecked()
        qtbot.mouseClick(dialog.show_pictures, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.reduced_motion, Qt.MouseButton.LeftButton)
        dialog.accept()

    in_settings_dialog(press)
    open_settings(qtbot, app)
    assert not app.model.settings.show_pictures and app.model.settings.reduced_motion
    assert "[pictures]\nshow = false\nreduced_motion = true" in paths.settings_file().read_text()
    assert app.window.home.previews() == []
    skip_to(app, "Roll the ball")
    view = app.window.session_view
    assert not view.picture.isVisible() and view.picture.picture is None


def test_the_digits_stay_a_quarter_of_the_window_high_beside_a_picture(qtbot, make_app):
    """Measured from the countdown's own font metrics, at 1366x768, on every
    part that shows a picture."""
    app = pictured_app(qtbot, make_app)
    view = app.window.session_view
    app.model.start()
    seen = 0
    while app.model.snapshot() is not None and app.model.snapshot().phase is not None:
        snap = app.model.snapshot()
        if snap.phase.timed:
            app.run_for(snap.phase.seconds / 2 + 2)
            QApplication.processEvents()
            assert view.countdown.digit_height() >= 0.25 * 768, snap.phase.step.title
            seen += view.picture.isVisible()
        app.model.skip()
        if app.model.screen.value != "session":
            break
    assert seen == 5  # two sides of the roll and of the stretch, the rock; the last step has none


@pytest.mark.parametrize("size", [(1366, 768), (911, 512), (607, 341), (760, 768)],
                         ids=["100 %", "150 %", "225 %", "narrow"])  # fmt: skip
def test_a_picture_never_takes_room_from_the_digits(qtbot, make_app, size):
    """At the logical sizes of a 1366x768 screen at 150 % and 225 % and in a
    narrow window, the digits are as large with the picture as without it:
    the picture gets smaller or goes."""
    app = pictured_app(qtbot, make_app)
    app.window.showNormal()
    app.window.resize(*size)
    skip_to(app, "Roll the ball")
    app.run_for(5)
    view = app.window.session_view
    QApplication.processEvents()
    assert view.picture.isVisible()
    with_picture = view.countdown.digit_height()
    app.model.apply_settings(replace(app.model.settings, show_pictures=False))
    QApplication.processEvents()
    assert not view.picture.isVisible()
    assert view.countdown.digit_height() == with_picture


def test_a_picture_that_will_not_decode_is_said_once_and_the_routine_runs_on(qtbot, make_app):
    """Its header passes the check; its data is not a picture at all."""
    app = pictured_app(qtbot, make_app)
    folder = app.model.library.picture_path("pictured", "pictured.pictures/left.jpg").parent
    good = (folder / "left.jpg").read_bytes()
    (folder / "left.jpg").write_bytes(good[:200])  # the frame header is there, the picture is not
    said: list[str] = []
    app.model.notice.connect(said.append)
    skip_to(app, "Stretch")
    view = app.window.session_view
    qtbot.waitUntil(lambda: any("left.jpg" in text for text in said), timeout=5000)
    app.run_for(10)
    app.model.skip()
    app.model.back()  # the same picture again: not said again
    QApplication.processEvents()
    assert len([text for text in said if "left.jpg" in text]) == 1
    assert app.window.notice.text() == said[-1]
    assert str(folder / "left.jpg") in said[-1] and "runs without its picture" in said[-1]
    assert view.countdown.text  # the step runs


def test_a_shipped_drawing_takes_the_palettes_colours_and_ones_own_keeps_its_own(qtbot, tmp_path):
    path = tmp_path / "drawing.svg"
    path.write_text(DRAWING)
    for shipped in (True, False):
        for dark in (False, True):
            view = PictureView()
            qtbot.addWidget(view)
            view.resize(80, 40)
            view.show()
            picture = StepPicture(path, False, "A drawing", shipped, 40, 20, False)
            if dark:
                with dark_desktop():
                    view.show_picture(picture)
                    image = decoded(qtbot, view)
                    ink, accent = drawing_colours(view)
                    window = view.palette().color(view.backgroundRole())
            else:
                view.show_picture(picture)
                image = decoded(qtbot, view)
                ink, accent = drawing_colours(view)
                window = view.palette().color(view.backgroundRole())
            expected = (ink, accent) if shipped else ("#1a1a1a", "#e4572e")
            assert (colour_at(image, 10, 10), colour_at(image, 70, 10)) == expected, (shipped, dark)
            assert contrast(QColor(accent), window) >= 3.0  # WCAG's least for graphics
            assert contrast(QColor(ink), window) >= 4.5


def contrast(one: QColor, other: QColor) -> float:
    def luminance(colour: QColor) -> float:
        parts = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_large_picture_is_kept_only_at_the_size_shown(qtbot, tmp_path):
    path = tmp_path / "big.png"
    big = QImage(4096, 4096, QImage.Format.Format_Grayscale8)  # grey: quick to encode, decoded all the same
    big.fill(QColor("#808080"))
    assert big.save(str(path), "PNG")
    view = PictureView()
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    view.show_picture(StepPicture(path, False, "Big", False, 4096, 4096, False))
    image = decoded(qtbot, view)
    ratio = view.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(200 * ratio), round(200 * ratio))


def test_qt_itself_refuses_to_decode_a_bomb_the_check_would_have_refused(qtbot, tmp_path):
    """A second wall: were a checked file swapped for a bomb before it is decoded,
    Qt's allocation limit refuses it rather than allocating 900 MB."""
    PictureView()  # the loader sets Qt's limit
    path = tmp_path / "bomb.png"
    path.write_bytes(png_bomb())
    from footdesk.untrusted import ReceivedFileError

    with pytest.raises(ReceivedFileError, match="cannot be decoded"):
        decode(Wanted(path, (200, 200)))


def test_the_home_screen_shows_small_previews_and_none_for_a_routine_without_pictures(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    home = app.window.home
    previews = home.previews()
    assert [p.objectName() for p in previews] == ["stepPreview1", "stepPreview2", "stepPreview3", "stepPreview4"]
    assert [p.accessibleName() for p in previews][1:] == ["A foot on a ball", "Stretch", "Rocking to and fro"]
    for preview in previews:
        decoded(qtbot, preview)
        assert preview.focusPolicy() is Qt.FocusPolicy.NoFocus
        assert preview.movie() is None  # small previews never move
    assert home.step_rows()[4] == ("5", "Breathe", "0:10")
    app.model.select_routine("foot-strength")  # the built-in routine's drawings
    assert [p.accessibleName() for p in home.previews()] == [step.picture_alt for step in app.model.routine.steps]
    plain = paths.routines_dir() / "plain.toml"
    plain.write_text('id = "plain"\ntitle = "Plain"\n[[steps]]\nid = "walk"\ntitle = "Walk"\n'
                     'timing = "timed"\nseconds = 30\ninstructions = ["Walk."]\n')  # fmt: skip
    app.model.select_routine("plain")
    assert home.previews() == []
    assert home.steps_grid.columnCount() == 4 and all(
        home.steps_grid.itemAtPosition(row, 1) is None for row in range(home.steps_grid.rowCount())
    )


def test_ones_own_picture_lies_on_a_light_card_in_a_dark_palette(qtbot, tmp_path):
    """Own pictures keep their colours: a dark line on a transparent ground
    would vanish into a dark window."""
    path = tmp_path / "half.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
                    '<rect width="20" height="20" fill="#1a1a1a"/></svg>')  # fmt: skip
    seen = {}
    for dark in (False, True):
        view = PictureView()
        qtbot.addWidget(view)
        view.resize(80, 40)
        view.show()
        view.show_picture(StepPicture(path, False, "Half", False, 40, 20, False))
        if dark:
            with dark_desktop():
                decoded(qtbot, view)
                seen[dark] = view.grab().toImage().pixelColor(60, 20).name()
                window = view.palette().color(view.backgroundRole()).name()
        else:
            decoded(qtbot, view)
            seen[dark] = view.grab().toImage().pixelColor(60, 20).name()
        assert view.grab().toImage().pixelColor(10, 20).name() == "#1a1a1a"
    assert seen[True] == "#f4f4f4" and window == "#202124"
    assert seen[False] == QApplication.palette().color(QPalette.ColorRole.Window).name()  # no card in a light one


def test_in_a_narrow_home_screen_the_previews_step_aside(qtbot, make_app):
    app = pictured_app(qtbot, make_app)
    home = app.window.home
    assert all(preview.isVisible() for preview in home.previews())
    app.window.showNormal()
    app.window.resize(607, 341)  # 1366x768 at 225 %
    QApplication.processEvents()
    assert home.width() < 720 and not any(preview.isVisible() for preview in home.previews())
    assert home.step_rows()[1] == ("2", "Roll the ball", "0:30 each side")


CLOSED_WHILE_DECODING = """
import sys, threading
from pathlib import Path
import shiboken6
from PySide6.QtWidgets import QApplication
from footdesk.ui import picture_view
from footdesk.ui.picture_view import PictureLoader, Wanted

app = QApplication(sys.argv[:1])
started, release = threading.Event(), threading.Event()
real_decode = picture_view.decode

def held(wanted):
    started.set()
    release.wait(10)
    return real_decode(wanted)

picture_view.decode = held
delivered = []
loader = PictureLoader()
loader.ready.connect(delivered.append)
loader.request(Wanted(Path(sys.argv[1]), (400, 400)))
decoding = list(loader._running)
assert started.wait(10), "the decode did not start"
shiboken6.delete(loader)  # the dialog that showed it is closed while it decodes
release.set()
print("worker:", repr(decoding[0].exception(timeout=10)))
workers = [thread for thread in threading.enumerate() if thread.name.startswith("footdesk-pictures")]
for worker in workers:
    worker.join(10)
print("threads left:", sum(worker.is_alive() for worker in workers))
app.processEvents()
print("delivered to nothing" if not delivered else "delivered to a deleted loader")
"""


def test_a_loader_deleted_while_its_picture_decodes_does_not_end_footdesk(tmp_path):
    """The worker used to emit its result on a child of the loader: deleted
    with it (a dialog closed while a picture decoded, or the window at quit),
    that emit ended the program with a segmentation fault. In a process of
    its own, since that is what it did."""
    import os
    import subprocess
    import sys

    drawing = tmp_path / "drawing.svg"
    drawing.write_text(DRAWING)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CLOSED_WHILE_DECODING, str(drawing)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    # the worker touched nothing of the deleted loader (it raised "already
    # deleted" before, and emitting as it was deleted crashed), and its thread ended
    assert done.stdout.splitlines() == ["worker: None", "threads left: 0", "delivered to nothing"], done.stdout


def test_a_picture_with_16_bits_a_channel_is_shown_not_refused(tmp_path, qapp):
    """Qt reads such a PNG at 8 bytes a pixel before scaling it: at the
    allocation limit of 4 bytes a pixel a 3000 × 3000 one, which the import
    accepts, could never be shown ("Unable to read image data")."""
    deep = QImage(3000, 3000, QImage.Format.Format_RGBA64)
    deep.fill(QColor("#3060c0"))
    path = tmp_path / "deep.png"
    assert deep.save(str(path))
    del deep
    picture_view.PictureLoader()  # sets Qt's allocation limit, as the window's loaders do
    image = decode(Wanted(path, (300, 300)))
    assert image.width() == 300 and image.height() == 300
