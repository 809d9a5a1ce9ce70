"""A step's picture in the routine editor, added the way a person does: the real
Choose picture… button (its file dialog answered by a fake), a file dropped on
the preview, the mirror box clicked, the alt text typed, Save; then the
routine file and the copied picture are read back from the routines folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from footdesk import paths
from footdesk.routine import load_routine
from footdesk.ui.picture_field import PICTURE_FILES
from tests.test_pictures import encoded, png_bomb
from tests.ui.test_routine_editor import (  # noqa: F401 - the editor's fixtures, used by name
    click,
    files,
    open_editor,
    own_routine,
    pick,
    pick_step,
    type_over,
)

ROUTINE_FILE = "knee-rehab.toml"


def two_colour_photo(tmp_path: Path, name: str = "calf stretch.jpg") -> Path:
    """A photo whose left half is red and right half blue: a flip shows."""
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    for x in range(200, 400):
        for y in range(300):
            image.setPixelColor(x, y, QColor("blue"))
    path = tmp_path / name
    assert image.save(str(path), "JPEG", 95)
    return path


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">'
    '<circle cx="60" cy="40" r="30" fill="none" stroke="#1a1a1a" stroke-width="4"/></svg>'
)


@pytest.fixture
def editor(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    own_routine()
    shown = open_editor()
    pick(qtbot, shown, "Knee programme")
    return shown


def colour_at(label, x_fraction: float) -> QColor:
    image = label.pixmap().toImage()
    return image.pixelColor(int(image.width() * x_fraction), image.height() // 2)


def drop(qtbot, widget, path: Path) -> bool:
    """A file dragged from the file manager and dropped on ``widget``; whether it was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    at = widget.rect().center()
    enter = QDragEnterEvent(
        at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(
        QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def test_a_photo_chosen_mirrored_and_described_is_saved_with_its_routine(qtbot, editor, files, tmp_path):  # noqa: F811
    photo = two_colour_photo(tmp_path)
    pick_step(qtbot, editor, 1)  # the calf stretch, per side
    assert editor.picture_preview.accessibleName() == "No picture" and not editor.remove_picture_button.isEnabled()
    assert editor.mirror.isVisible() and not editor.mirror.isEnabled()
    files.open_answer = str(photo)
    click(qtbot, editor.choose_picture_button)
    assert files.asked[-1] == ("Choose a picture of the movement",)
    assert "Picture added from calf stretch.jpg" in editor.status.text()
    left = editor.picture_preview.left
    assert left.isVisible() and not editor.picture_preview.right.isVisible()
    assert colour_at(left, 0.1).red() > 200 and colour_at(left, 0.9).blue() > 200
    assert editor.has_unsaved_changes()
    click(qtbot, editor.mirror)
    right = editor.picture_preview.right
    assert right.isVisible() and colour_at(right, 0.1).blue() > 200 and colour_at(right, 0.9).red() > 200
    assert editor.picture_preview.accessibleName() == "Calf stretch on a step"  # no alt text yet: the title
    assert editor.picture_alt.placeholderText() == "Calf stretch on a step"
    type_over(qtbot, editor.picture_alt, "Standing on a step, one heel down")
    assert editor.picture_preview.accessibleName() == "Standing on a step, one heel down"
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    step = load_routine(paths.routines_dir() / ROUTINE_FILE).steps[0]
    assert step.picture == "knee-rehab.pictures/calf-stretch.jpg"
    assert (step.mirror, step.picture_alt) == (True, "Standing on a step, one heel down")
    copied = paths.routines_dir() / "knee-rehab.pictures" / "calf-stretch.jpg"
    assert copied.read_bytes() == photo.read_bytes()
    assert not editor.has_unsaved_changes()
    assert editor.picture_preview.right.isVisible()  # shown again as saved, from the copy


def test_an_svg_dropped_on_the_preview_of_a_step_without_sides(qtbot, editor, tmp_path):
    drawing = tmp_path / "squat.svg"
    drawing.write_text(SVG, encoding="utf-8")
    pick_step(qtbot, editor, 2)  # wall squats: no sides, so no mirror
    assert not editor.mirror.isVisible()
    text = tmp_path / "notes.txt"
    text.write_text("not a picture", encoding="utf-8")
    assert not drop(qtbot, editor.picture_preview, text)  # refused as it is dragged over
    assert drop(qtbot, editor.picture_preview, drawing)
    assert editor.picture_preview.left.isVisible() and not editor.picture_preview.left.pixmap().isNull()
    click(qtbot, editor.save_button)
    step = load_routine(paths.routines_dir() / ROUTINE_FILE).steps[1]
    assert step.picture == "knee-rehab.pictures/squat.svg" and not step.mirror and step.picture_alt is None
    assert (paths.routines_dir() / step.picture).read_bytes() == drawing.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bomb.png", png_bomb(), "30000 × 30000"),
        ("photo.png", encoded("JPEG"), "its name says PNG but its content is a JPEG"),
        ("notes.txt", b"hello", "is not a picture footdesk shows"),
    ],
    ids=["png-bomb", "jpeg-named-png", "not-a-picture"],
)
def test_a_refused_picture_says_why_and_changes_nothing(qtbot, editor, files, tmp_path, name, content, reason):  # noqa: F811
    before = (paths.routines_dir() / ROUTINE_FILE).read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    pick_step(qtbot, editor, 1)
    files.open_answer = str(bad)
    click(qtbot, editor.choose_picture_button)
    status = editor.status.text()
    assert status.startswith("Picture not added: ") and reason in status and "\n" not in status
    assert editor.picture_preview.accessibleName() == "No picture" and not editor.has_unsaved_changes()
    assert (paths.routines_dir() / ROUTINE_FILE).read_bytes() == before
    assert sorted(p.name for p in paths.routines_dir().iterdir()) == [ROUTINE_FILE]  # no pictures folder


def test_remove_then_save_leaves_no_picture_key(qtbot, open_editor, tmp_path):  # noqa: F811
    text = own_routine().read_text(encoding="utf-8")
    pictured = text.replace(
        'say = "Calf stretch."',
        'say = "Calf stretch."\npicture = "knee-rehab.pictures/calf.svg"\npicture_alt = "A calf"\nmirror = true',
    )
    own_routine(pictured)
    (paths.routines_dir() / "knee-rehab.pictures").mkdir()
    (paths.routines_dir() / "knee-rehab.pictures" / "calf.svg").write_text(SVG, encoding="utf-8")
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    pick_step(qtbot, editor, 1)
    assert editor.picture_preview.accessibleName() == "A calf" and editor.mirror.isChecked()
    assert editor.picture_preview.right.isVisible()
    click(qtbot, editor.remove_picture_button)
    assert QApplication.focusWidget() is editor.choose_picture_button  # the focus is not lost with Remove
    assert editor.picture_preview.accessibleName() == "No picture" and not editor.mirror.isChecked()
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    written = (paths.routines_dir() / ROUTINE_FILE).read_text(encoding="utf-8")
    assert "picture" not in written and "mirror" not in written
    assert load_routine(paths.routines_dir() / ROUTINE_FILE).picture_names == ()


def test_a_missing_picture_is_said_in_the_preview_and_the_step_stays_editable(qtbot, open_editor):  # noqa: F811
    own_routine(own_routine().read_text(encoding="utf-8").replace('say = "Calf stretch."', 'picture = "gone.png"'))
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    pick_step(qtbot, editor, 1)
    assert "The picture cannot be shown: file not found" in editor.picture_preview.message.text()
    assert editor.remove_picture_button.isEnabled()


def test_a_new_routine_keeps_its_pictures_in_its_own_folder(qtbot, open_editor, files, tmp_path):  # noqa: F811
    assert not paths.routines_dir().exists()  # a fresh home: the first picture makes the folders
    editor = open_editor()
    click(qtbot, editor.new_button)
    type_over(qtbot, editor.title_edit, "Calf care")
    type_over(qtbot, editor.step_title, "Calf raise")
    type_over(qtbot, editor.instructions, "Up on your toes.")
    photo = two_colour_photo(tmp_path, "raise.jpg")
    files.open_answer = str(photo)
    click(qtbot, editor.choose_picture_button)
    assert editor.picture_preview.left.isVisible(), editor.picture_preview.message.text() + editor.status.text()
    type_over(qtbot, editor.title_edit, "Calf care, week 1")  # the id was taken with the first picture
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    routine = load_routine(paths.routines_dir() / "calf-care.toml")
    assert routine.title == "Calf care, week 1" and routine.steps[0].picture == "calf-care.pictures/raise.jpg"
    assert (paths.routines_dir() / "calf-care.pictures" / "raise.jpg").read_bytes() == photo.read_bytes()


def tab_from(qtbot, widget, count: int) -> list:
    widget.setFocus()
    reached = []
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    return reached


def test_the_picture_is_reached_by_keyboard_with_names(qtbot, editor, files, tmp_path):  # noqa: F811
    pick_step(qtbot, editor, 1)
    # no picture yet: what needs one is not a Tab stop
    assert tab_from(qtbot, editor.say, 3) == [editor.picture_preview, editor.choose_picture_button, editor.save_button]
    files.open_answer = str(two_colour_photo(tmp_path))
    editor.choose_picture_button.setFocus()
    qtbot.keyClick(editor.choose_picture_button, Qt.Key.Key_Space)
    assert editor.picture_preview.left.isVisible()
    picture = [editor.picture_preview, editor.choose_picture_button, editor.remove_picture_button, editor.mirror,
               editor.picture_alt, editor.save_button]  # fmt: skip
    assert tab_from(qtbot, editor.say, 6) == picture
    qtbot.keyClick(editor.mirror, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is editor.picture_alt
    qtbot.keyClicks(editor.picture_alt, "Heel down")
    editor.mirror.setFocus()
    qtbot.keyClick(editor.mirror, Qt.Key.Key_Space)
    assert editor.mirror.isChecked() and editor.picture_preview.right.isVisible()
    for widget in picture:
        assert widget.accessibleName() or widget.text(), widget.objectName()
    assert editor.picture_preview.accessibleName() == "Heel down"
    assert all(f"*{kind}" in PICTURE_FILES for kind in (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"))


def test_a_picture_per_side_from_the_file_is_said_and_kept(qtbot, open_editor):  # noqa: F811
    text = own_routine().read_text(encoding="utf-8")
    own_routine(text.replace('say = "Calf stretch."', 'picture_right = "right.png"'))
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    pick_step(qtbot, editor, 1)
    assert editor.picture.kept.isVisible() and "a picture for each side" in editor.picture.kept.text()
    assert editor.picture_preview.accessibleName() == "No picture"  # the form's own picture: none
    type_over(qtbot, editor.step_title, "Calf stretch")
    click(qtbot, editor.save_button)
    step = load_routine(paths.routines_dir() / ROUTINE_FILE).steps[0]
    assert step.title == "Calf stretch" and step.picture_names == ("right.png",)
    pick_step(qtbot, editor, 2)
    assert not editor.picture.kept.isVisible()
