"""Print card… in the routines dialog, pressed as a person does: the save
dialog (a fake here) answers a file, the card is written there, and the
status line says so, naming a picture the card is printed without."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.ui.routine_editor import RoutineEditor
from tests.test_card_pdf import CALF, own_routine
from tests.ui.test_routine_editor import FakeFiles, pick

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)")


def editor_with(qtbot, app, answer: str) -> tuple[RoutineEditor, FakeFiles]:
    dialog = FakeFiles(filters=True)
    dialog.save_answer = answer
    editor = RoutineEditor(app.model, app.window, choose_file=dialog.choose_file)
    qtbot.addWidget(editor)
    editor.show()
    return editor, dialog


def text_of(path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_print_card_writes_the_routine_shown_to_the_file_the_dialog_answered(qtbot, app, tmp_path):
    own_routine()
    target = tmp_path / "fridge.pdf"
    editor, dialog = editor_with(qtbot, app, str(target))
    pick(qtbot, editor, "Calf care")
    assert editor.card_button.isVisible() and editor.card_button.isEnabled()
    qtbot.mouseClick(editor.card_button, Qt.MouseButton.LeftButton)
    assert dialog.asked == [("Print programme card", "calf-care-card.pdf", "PDF (*.pdf)")]
    paper = app.model.cards.card("calf-care").paper.label
    assert editor.status.text() == f"Saved the programme card of “Calf care” ({paper}) to {target}."
    text = text_of(target)
    assert "1. Calf stretch against the wall 0:30 left / 0:45 right" in text
    assert "3. Drink water Tip: no timer, go on when ready 1. A glass after the routine." in text


def test_a_missing_picture_still_prints_the_card_and_the_status_names_it(qtbot, app, tmp_path):
    own_routine(pictures=("stretch.png",))
    target = tmp_path / "fridge.pdf"
    editor, _ = editor_with(qtbot, app, str(target))
    pick(qtbot, editor, "Calf care")
    qtbot.mouseClick(editor.card_button, Qt.MouseButton.LeftButton)
    missing = paths.routines_dir() / "calf-care.pictures" / "raise.jpg"
    assert editor.status.text().endswith(f". {missing}: file not found; the card is printed without it.")
    assert "2. Slow heel raises" in text_of(target)


def test_the_built_in_routine_prints_and_a_broken_file_cannot(qtbot, app, tmp_path):
    own_routine(CALF.replace('timing = "untimed"', 'timing = "sometimes"'))
    target = tmp_path / "builtin.pdf"
    editor, dialog = editor_with(qtbot, app, str(target))
    pick(qtbot, editor, "calf-care")  # a broken file is listed by its name
    assert not editor.card_button.isEnabled()  # a file that cannot be used has no card
    pick(qtbot, editor, "Strong feet, happier back")
    qtbot.mouseClick(editor.card_button, Qt.MouseButton.LeftButton)
    assert dialog.asked[-1][1] == "foot-strength-card.pdf"
    assert "2. Roll each foot on a lacrosse ball 2:00 each foot" in text_of(target)


def test_cancelled_writes_nothing_and_a_file_that_cannot_be_written_is_said(qtbot, app, tmp_path):
    editor, dialog = editor_with(qtbot, app, "")
    qtbot.mouseClick(editor.card_button, Qt.MouseButton.LeftButton)
    assert editor.status.text() == "" and not list(tmp_path.rglob("*.pdf"))
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    dialog.save_answer = str(folder)
    qtbot.mouseClick(editor.card_button, Qt.MouseButton.LeftButton)
    assert editor.status.text() == (
        f"Not saved: cannot write {folder} (is a folder, not a regular file; footdesk never replaces it); "
        "nothing was written."
    )
