"""The person edits footdesk's files by hand while the window runs (the README
says they may), then saves from the window: what they wrote by hand must
survive, or the window must ask before replacing it. Everything is pressed the
way a person does (keys and clicks on the real window and dialogs; message
boxes answered by a fake), then the file is read back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from footdesk import paths
from footdesk.routine import load_routine
from footdesk.ui.routine_editor import RoutineEditor
from tests.test_programmes import PROGRAMME
from tests.ui.test_routine_editor import FakeFiles, click, own_routine, pick, step_texts, type_over, when_asked
from tests.ui.test_settings_dialog import in_settings_dialog, open_settings

SETTINGS = """\
# my settings
[goal]
days = 7

[sound]
volume = 80
"""


def settings_file_with(text: str):
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def turn_volume_down_then_ok(qtbot, by_hand=None):
    """In the settings dialog: ``by_hand()`` edits the file meanwhile, then the
    volume slider goes down five steps with the arrow key and Save is clicked."""

    def act(dialog):
        if by_hand is not None:
            by_hand()
        dialog.volume.setFocus()
        for _ in range(5):
            qtbot.keyClick(dialog.volume, Qt.Key.Key_Left)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    in_settings_dialog(act)


# F6: settings ------------------------------------------------------------------


def test_a_hand_edit_to_the_settings_survives_a_save_from_the_window(qtbot, make_app):
    path = settings_file_with(SETTINGS)
    app = make_app()
    assert app.model.settings.goal_days == 7

    def physio_says_five():
        path.write_text(SETTINGS.replace("days = 7", "days = 5  # physio says 5"), encoding="utf-8")

    turn_volume_down_then_ok(qtbot, physio_says_five)
    open_settings(qtbot, app)

    text = path.read_text(encoding="utf-8")
    assert "days = 5  # physio says 5" in text, text
    assert "volume = 75" in text and text.startswith("# my settings")
    assert app.model.settings.volume == 75
    assert app.model.settings.goal_days == 5  # the file is what counts now
    assert not list(path.parent.glob("settings.toml.*.bak"))


def test_a_settings_file_broken_by_hand_meanwhile_is_left_as_it_is_and_the_window_says_so(qtbot, make_app):
    path = settings_file_with(SETTINGS)
    app = make_app()
    broken = SETTINGS.replace("days = 7", "days = = 5  # half-way through an edit")

    turn_volume_down_then_ok(qtbot, lambda: path.write_text(broken, encoding="utf-8"))
    open_settings(qtbot, app)

    assert path.read_text(encoding="utf-8") == broken
    assert not list(path.parent.glob("settings.toml.*.bak"))
    notice = app.window.notice.text()
    assert "Settings not saved" in notice and str(path) in notice, notice
    assert "not valid TOML" in notice and "left as it is" in notice, notice
    assert app.model.settings.volume == 75  # in force until footdesk quits, as the notice says

    # fixed by hand, then saved again: the window's change goes in, the fix stays
    path.write_text(SETTINGS.replace("days = 7", "days = 4  # fixed"), encoding="utf-8")
    in_settings_dialog(lambda dialog: qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                                                       Qt.MouseButton.LeftButton))  # fmt: skip
    open_settings(qtbot, app)
    text = path.read_text(encoding="utf-8")
    assert "days = 4  # fixed" in text and "volume = 75" in text, text


# F6: a routine saved from the editor ------------------------------------------------


@pytest.fixture
def open_editor(qtbot, app):
    """The routine editor over the real window, as Ctrl+R opens it."""

    def make() -> RoutineEditor:
        files = FakeFiles()
        editor = RoutineEditor(app.model, app.window, files.choose_file, files.choose_open_file)
        editor.show()
        editor.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)  # keys go to the active window
        return editor

    return make


TOE_CURLS = """
[[steps]]
id = "toe-curls"
title = "Toe curls"   # added by hand, from the physio's sheet
timing = "timed"
seconds = 60
instructions = ["Curl your toes around a towel."]
"""


def edit_then_add_a_step_by_hand(qtbot, open_editor):
    """The editor open on the programme with step 1 retitled (not saved yet), and
    a step added to its file in a text editor meanwhile."""
    path = own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    type_over(qtbot, editor.step_title, "Calf stretch, slowly")
    path.write_text(PROGRAMME + TOE_CURLS, encoding="utf-8")
    return path, editor


def answer(qtbot, which: QMessageBox.StandardButton, seen: list[str]):
    def press(box: QMessageBox) -> None:
        assert box.objectName() == "fileChangedQuestion"
        seen.append(box.informativeText())
        qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)

    return press


def test_saving_a_routine_whose_file_got_a_step_by_hand_asks_and_cancel_keeps_both(qtbot, open_editor):
    path, editor = edit_then_add_a_step_by_hand(qtbot, open_editor)
    by_hand = path.read_bytes()
    seen: list[str] = []
    asked = when_asked(qtbot, answer(qtbot, QMessageBox.StandardButton.Cancel, seen))
    click(qtbot, editor.save_button)

    assert asked == ["“Knee programme” was changed in its file since you opened it here."]
    assert str(path) in seen[0] and "“Toe curls” was added" in seen[0], seen
    assert path.read_bytes() == by_hand
    assert editor.has_unsaved_changes() and editor.step_title.text() == "Calf stretch, slowly"
    assert "Not saved" in editor.status.text()


def test_reload_shows_the_file_with_the_step_added_by_hand(qtbot, open_editor):
    path, editor = edit_then_add_a_step_by_hand(qtbot, open_editor)
    by_hand = path.read_bytes()
    asked = when_asked(qtbot, answer(qtbot, QMessageBox.StandardButton.Discard, []))
    click(qtbot, editor.save_button)

    assert asked and path.read_bytes() == by_hand
    assert step_texts(editor)[-1] == "4. Toe curls — 1:00"
    assert step_texts(editor)[0].startswith("1. Calf stretch on a step")
    assert not editor.has_unsaved_changes()
    # saved from here now, the step added by hand stays
    type_over(qtbot, editor.step_title, "Calf stretch, slowly")
    click(qtbot, editor.save_button)
    routine = load_routine(path)
    assert [step.title for step in routine.steps] == [
        "Calf stretch, slowly", "Wall squats", "Keep your back straight", "Toe curls",
    ]  # fmt: skip
    assert "# added by hand, from the physio's sheet" in path.read_text(encoding="utf-8")


def test_keep_my_edits_overwrites_and_keeps_a_copy_of_the_file_as_it_was(qtbot, open_editor):
    path, editor = edit_then_add_a_step_by_hand(qtbot, open_editor)
    by_hand = path.read_bytes()
    asked = when_asked(qtbot, answer(qtbot, QMessageBox.StandardButton.Save, []))
    click(qtbot, editor.save_button)

    assert asked and editor.problem.isHidden(), editor.problem.text()
    routine = load_routine(path)
    assert [step.title for step in routine.steps] == ["Calf stretch, slowly", "Wall squats", "Keep your back straight"]
    (copy,) = path.parent.glob("knee-rehab.toml.*.bak")
    assert copy.read_bytes() == by_hand
    assert str(copy) in editor.status.text()
    assert [entry.id for entry in editor.model.routines()] == ["foot-strength", "knee-rehab"]  # the copy is no routine


def test_closing_with_unsaved_changes_asks_both_questions_and_cancel_stays(qtbot, open_editor):
    path, editor = edit_then_add_a_step_by_hand(qtbot, open_editor)
    by_hand = path.read_bytes()
    changed: list[list[str]] = []

    def save_then_cancel(box: QMessageBox) -> None:
        changed.append(when_asked(qtbot, answer(qtbot, QMessageBox.StandardButton.Cancel, [])))
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    asked = when_asked(qtbot, save_then_cancel)
    click(qtbot, editor.close_button)
    assert asked == ["Save your changes to “Knee programme”?"]
    assert changed == [["“Knee programme” was changed in its file since you opened it here."]]
    assert editor.isVisible() and editor.has_unsaved_changes() and path.read_bytes() == by_hand


def test_a_routine_file_broken_by_hand_meanwhile_is_asked_about_too(qtbot, open_editor):
    path = own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    type_over(qtbot, editor.step_title, "Calf stretch, slowly")
    broken = PROGRAMME.replace('title = "Wall squats"', 'title = = "Wall squats"')
    path.write_text(broken, encoding="utf-8")
    seen: list[str] = []
    asked = when_asked(qtbot, answer(qtbot, QMessageBox.StandardButton.Cancel, seen))
    click(qtbot, editor.save_button)
    assert asked and "cannot be used now" in seen[0] and "not valid TOML" in seen[0], seen
    assert path.read_text(encoding="utf-8") == broken


# F7: a file whose name is not its routine's id -----------------------------------------

CALF = """\
schema = 2
id = "calf-stretch"   # the file is calf.toml: named by hand
title = "Calf"

[[steps]]
id = "stretch"
title = "Stretch"
timing = "timed"
seconds = 30
instructions = ["Hold."]
"""


def test_a_routine_is_saved_to_the_file_it_was_read_from(qtbot, open_editor):
    path = own_routine(CALF, name="calf.toml")
    editor = open_editor()
    pick(qtbot, editor, "Calf")
    type_over(qtbot, editor.step_title, "Stretch, longer")
    click(qtbot, editor.save_button)

    assert editor.problem.isHidden(), editor.problem.text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["calf.toml"]
    routine = load_routine(path)
    assert (routine.id, routine.steps[0].title) == ("calf-stretch", "Stretch, longer")
    assert "# the file is calf.toml: named by hand" in path.read_text(encoding="utf-8")
    listed = [editor.routine_list.item(row).text() for row in range(editor.routine_list.count())]
    assert not any("cannot be used" in text for text in listed), listed
    assert [e.id for e in editor.model.routines() if e.usable] == ["foot-strength", "calf-stretch"]


def test_rename_writes_to_the_file_it_was_read_from_too(qtbot, app):
    path = own_routine(CALF, name="calf.toml")
    app.model.shelf.rename("calf-stretch", "Calves")
    assert sorted(p.name for p in path.parent.iterdir()) == ["calf.toml"]
    assert load_routine(path).title == "Calves"
