"""The routine editor, pressed the way a person does: clicks on the real buttons,
typing into the real fields, file dialogs answered by a fake; then what it wrote
is read back from the routines folder with footdesk's own loader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from footdesk import paths
from footdesk.routine import Side, Timing, load_routine
from footdesk.ui.routine_editor import RoutineEditor, open_routines
from tests.test_programmes import PROGRAMME


class FakeFiles:
    """The file dialogs' answers, and what they were asked (``filters``: each
    dialog's file filter too, last in what it was asked)."""

    def __init__(self, filters: bool = False) -> None:
        self.save_answer = ""
        self.open_answer = ""
        self.asked: list[tuple[str, ...]] = []
        self._filters = filters

    def choose_file(self, parent, caption, suggested, file_filter) -> str:
        self.asked.append((caption, suggested, file_filter) if self._filters else (caption, suggested))
        return self.save_answer

    def choose_open_file(self, parent, caption, file_filter) -> str:
        self.asked.append((caption, file_filter) if self._filters else (caption,))
        return self.open_answer


@pytest.fixture
def files() -> FakeFiles:
    return FakeFiles()


@pytest.fixture
def open_editor(qtbot, app, files):
    def make() -> RoutineEditor:
        editor = RoutineEditor(app.model, app.window, choose_file=files.choose_file,
                               choose_open_file=files.choose_open_file)  # fmt: skip
        editor.show()
        editor.activateWindow()
        # the keys (Tab, Alt+letter, Ctrl+S, Esc) go to the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        return editor

    return make


def own_routine(text: str = PROGRAMME, name: str = "knee-rehab.toml"):
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_over(qtbot, field: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a person does."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field, as the person goes on


def choose(qtbot, combo: QComboBox, words: str) -> None:
    """Pick an entry with the arrow keys."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(words):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(words)


def pick(qtbot, editor: RoutineEditor, title: str) -> None:
    """Click a routine in the library list."""
    for row in range(editor.routine_list.count()):
        item = editor.routine_list.item(row)
        if item.text().removeprefix("✓ ").startswith(title):
            rect = editor.routine_list.visualItemRect(item)
            qtbot.mouseClick(editor.routine_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no routine {title!r} in the list")


def pick_step(qtbot, editor: RoutineEditor, number: int) -> None:
    """Click a step in the routine's list of steps."""
    item = editor.steps_list.item(number - 1)
    editor.steps_list.scrollToItem(item)
    rect = editor.steps_list.visualItemRect(item)
    qtbot.mouseClick(editor.steps_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.step_box.title() == f"Step {number} of {editor.steps_list.count()}"


def when_asked(qtbot, answer):
    """Answer the next modal question (a message box, an input dialog) with
    ``answer(box)``; what it asked is kept in the returned list."""
    asked: list[str] = []

    def look():
        box = QApplication.activeModalWidget()
        if not isinstance(box, (QMessageBox, QInputDialog)):
            QTimer.singleShot(10, look)
            return
        asked.append(box.text() if isinstance(box, QMessageBox) else box.labelText())
        try:
            answer(box)
        finally:
            if box.isVisible():  # not answered: close it, so that a failing test fails instead of hanging
                box.reject()

    QTimer.singleShot(0, look)
    return asked


def press(qtbot, which: QMessageBox.StandardButton):
    return lambda box: qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)


def step_texts(editor: RoutineEditor) -> list[str]:
    return [editor.steps_list.item(row).text() for row in range(editor.steps_list.count())]


def test_the_programme_from_the_issue_made_in_the_editor(qtbot, open_editor):
    editor = open_editor()
    click(qtbot, editor.new_button)
    type_over(qtbot, editor.title_edit, "Knee programme")

    type_over(qtbot, editor.step_title, "Calf stretch")
    choose(qtbot, editor.kind, "Per side")
    assert editor.left.isVisible() and editor.right.isVisible() and not editor.seconds.isVisible()
    type_over(qtbot, editor.left, "0:30")
    type_over(qtbot, editor.right, "0:45")
    type_over(qtbot, editor.instructions, "Heel of your {side} leg off the step.\nHold, knee straight.")
    type_over(qtbot, editor.say, "Calf stretch.")

    click(qtbot, editor.add_step_button)
    type_over(qtbot, editor.step_title, "Wall squats")
    choose(qtbot, editor.kind, "Reps")
    assert editor.reps.isVisible() and editor.up.isVisible() and not editor.left.isVisible()
    type_over(qtbot, editor.reps, "10")
    type_over(qtbot, editor.up, "2")
    type_over(qtbot, editor.down, "3")
    assert not editor.rest.isEnabled()  # rest is between sets: one set has none
    type_over(qtbot, editor.sets, "3")
    type_over(qtbot, editor.rest, "0:20")
    type_over(qtbot, editor.instructions, "Slide down the wall.\nPush back up.")

    click(qtbot, editor.add_step_button)
    type_over(qtbot, editor.step_title, "Straight back")
    choose(qtbot, editor.kind, "Tip")
    assert not editor.sets.isVisible() and not editor.seconds.isVisible()
    type_over(qtbot, editor.instructions, "Through the day, stand tall.")

    # one step too many, moved and taken out again
    click(qtbot, editor.add_step_button)
    type_over(qtbot, editor.step_title, "Oops")
    type_over(qtbot, editor.instructions, "Not this one.")
    click(qtbot, editor.up_button)
    assert step_texts(editor)[2].startswith("3. Oops — 1:00")
    click(qtbot, editor.remove_step_button)
    assert step_texts(editor) == [
        "1. Calf stretch — 0:30 left / 0:45 right",
        "2. Wall squats — 3 × 10 reps, 0:20 rest",
        "3. Straight back — tip",
    ]

    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    assert "Saved “Knee programme”" in editor.status.text()
    routine = load_routine(paths.routines_dir() / "knee-programme.toml")
    stretch, squats, tip = routine.steps
    assert (routine.id, routine.title) == ("knee-programme", "Knee programme")
    assert [step.id for step in routine.steps] == ["calf-stretch", "wall-squats", "straight-back"]
    assert stretch.timing is Timing.PER_SIDE
    assert (stretch.seconds_for(Side.LEFT), stretch.seconds_for(Side.RIGHT)) == (30, 45)
    assert stretch.instructions == ("Heel of your {side} leg off the step.", "Hold, knee straight.")
    assert stretch.say == "Calf stretch."
    assert (squats.timing, squats.reps, squats.tempo, squats.sets, squats.rest) == (Timing.TIMED, 10, (2, 3), 3, 20)
    assert tip.timing is Timing.UNTIMED and tip.instructions == ("Through the day, stand tall.",)
    assert editor.routine_list.currentItem().text() == "Knee programme"
    assert not editor.has_unsaved_changes()


def test_export_then_import_on_a_fresh_home(qtbot, open_editor, files, tmp_path, monkeypatch, make_app):
    own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    shared = tmp_path / "to-share" / "knee.toml"
    shared.parent.mkdir()
    files.save_answer = str(shared)
    click(qtbot, editor.export_button)
    assert files.asked[-1] == ("Export routine", "knee-rehab.toml")
    assert shared.read_text(encoding="utf-8") == PROGRAMME  # the file as it is, comments and all
    assert f"to {shared}" in editor.status.text()

    # the built-in routine can be exported too
    pick(qtbot, editor, "Strong feet")
    files.save_answer = str(tmp_path / "to-share" / "builtin.toml")
    click(qtbot, editor.export_button)
    assert load_routine(tmp_path / "to-share" / "builtin.toml").id == "foot-strength"

    # another computer: empty folders of its own
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        fresh = tmp_path / "fresh" / name.lower()
        fresh.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(name, str(fresh))
    other = make_app()
    assert not paths.routines_dir().exists()
    imported = RoutineEditor(other.model, other.window, choose_file=files.choose_file,
                             choose_open_file=files.choose_open_file)  # fmt: skip
    imported.show()
    qtbot.waitExposed(imported)
    assert imported.routine_list.count() == 1
    files.open_answer = str(shared)
    click(qtbot, imported.import_button)
    assert "Imported “Knee programme”" in imported.status.text()
    routine = load_routine(paths.routines_dir() / "knee-rehab.toml")
    assert routine.title == "Knee programme" and len(routine.steps) == 3
    assert imported.routine_list.currentItem().text() == "Knee programme"
    assert imported.title_edit.text() == "Knee programme" and imported.title_edit.isVisible()
    assert shared.exists()  # an import copies; the shared file stays

    files.open_answer = ""  # the person cancelled the open dialog: nothing happens
    click(qtbot, imported.import_button)
    assert sorted(p.name for p in paths.routines_dir().glob("*.toml")) == ["knee-rehab.toml"]


def test_delete_and_undo(qtbot, open_editor):
    path = own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    assert editor.undo_box.isHidden()
    click(qtbot, editor.delete_button)
    assert not path.exists()
    assert [editor.routine_list.item(r).text() for r in range(editor.routine_list.count())] == [
        "✓ Strong feet, happier back (built-in, in use)"
    ]
    assert editor.undo_box.isVisible() and editor.undo_label.text() == "Deleted “Knee programme”."
    assert editor.focusWidget() is editor.undo_button
    click(qtbot, editor.undo_button)
    assert path.read_text(encoding="utf-8") == PROGRAMME
    assert editor.undo_box.isHidden()
    assert editor.routine_list.currentItem().text() == "Knee programme"
    assert editor.title_edit.text() == "Knee programme"


def test_duplicate_the_built_in_routine_and_make_it_your_own(qtbot, open_editor):
    editor = open_editor()
    assert editor.routine_list.currentItem().text().startswith("✓ Strong feet, happier back (built-in, in use)")
    assert editor.info_page.isVisible() and not editor.title_edit.isVisible()
    assert "Duplicate it to make your own" in " ".join(editor.info.text().split())
    assert "2. Roll each foot on a lacrosse ball — 2:00 each foot" in editor.info.text()
    for button in (editor.rename_button, editor.delete_button, editor.save_button, editor.use_button):
        assert not button.isEnabled()

    click(qtbot, editor.duplicate_button)
    path = paths.routines_dir() / "strong-feet-happier-back-copy.toml"
    assert path.exists() and editor.title_edit.isVisible()
    assert editor.focusWidget() is editor.title_edit
    qtbot.keyClicks(editor.title_edit, "My feet")  # the title was selected: typing replaces it
    editor.steps_list.setFocus()
    qtbot.keyClick(editor.steps_list, Qt.Key.Key_Down)  # step 2, by keyboard
    type_over(qtbot, editor.step_title, "Roll the ball")
    type_over(qtbot, editor.left, "1:30")
    type_over(qtbot, editor.right, "1:45")
    click(qtbot, editor.add_step_button)
    type_over(qtbot, editor.step_title, "Roll the ball")
    type_over(qtbot, editor.instructions, "Once more, gently.")
    click(qtbot, editor.save_button)

    routine = load_routine(path)
    assert routine.title == "My feet"
    assert [step.id for step in routine.steps] == ["barefoot", "roll", "roll-the-ball", "heel-raises", "shoes"]
    roll = routine.steps[1]
    assert roll.title == "Roll the ball" and (roll.seconds_for(Side.LEFT), roll.seconds_for(Side.RIGHT)) == (90, 105)
    assert roll.guide == (2, 3, 4) and roll.say_guide  # what the editor does not show is kept
    assert routine.step("heel-raises").beat == (3, 5)
    assert load_routine(path).steps[3].say_start.startswith("Rise onto your toes")


def test_a_problem_is_shown_by_step_and_nothing_is_written(qtbot, open_editor):
    path = own_routine()
    before = path.read_bytes()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    pick_step(qtbot, editor, 2)
    type_over(qtbot, editor.instructions, "")
    pick_step(qtbot, editor, 1)
    click(qtbot, editor.save_button)
    assert editor.problem.isVisible()
    assert editor.problem.text() == "Not saved — Step 2 (Wall squats): it needs at least one instruction (one per line)"
    assert editor.steps_list.currentRow() == 1 and editor.focusWidget() is editor.instructions
    assert path.read_bytes() == before

    type_over(qtbot, editor.instructions, "Slide down the wall.")
    pick_step(qtbot, editor, 1)
    type_over(qtbot, editor.instructions, "Heel off the step, {side} leg.")
    choose(qtbot, editor.kind, "Timed")  # {side} needs a per-side step
    click(qtbot, editor.save_button)
    assert (
        "Step 1 (Calf stretch on a step): instruction 'Heel off the step, {side} leg.' uses {side}"
        in editor.problem.text()
    )
    assert path.read_bytes() == before
    choose(qtbot, editor.kind, "Per side")
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden() and path.read_bytes() != before

    click(qtbot, editor.new_button)
    click(qtbot, editor.save_button)  # no title, no instructions
    assert editor.problem.text() == "Not saved — The routine needs a title"
    assert editor.focusWidget() is editor.title_edit
    type_over(qtbot, editor.title_edit, "Second")
    click(qtbot, editor.save_button)
    assert editor.problem.text().startswith("Not saved — Step 1: it needs a title")
    assert sorted(p.name for p in paths.routines_dir().glob("*.toml")) == ["knee-rehab.toml"]


def test_unsaved_changes_are_asked_about(qtbot, open_editor):
    path = own_routine()
    before = path.read_bytes()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    type_over(qtbot, editor.step_title, "Calf stretch, slowly")
    assert editor.has_unsaved_changes()

    asked = when_asked(qtbot, press(qtbot, QMessageBox.StandardButton.Cancel))
    click(qtbot, editor.close_button)
    assert asked == ["Save your changes to “Knee programme”?"]
    assert editor.isVisible() and editor.step_title.text() == "Calf stretch, slowly"

    asked = when_asked(qtbot, press(qtbot, QMessageBox.StandardButton.Cancel))
    pick(qtbot, editor, "Strong feet")  # another routine: the same question
    assert asked and editor.routine_list.currentItem().text() == "Knee programme"

    # by keyboard: Esc asks; Tab to Discard and Space
    def discard_by_key(box: QMessageBox) -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=2000)
        discard = box.button(QMessageBox.StandardButton.Discard)
        for _ in range(3):
            if QApplication.focusWidget() is discard:
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(discard, Qt.Key.Key_Space)

    asked = when_asked(qtbot, discard_by_key)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and not editor.isVisible()
    assert path.read_bytes() == before

    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    type_over(qtbot, editor.step_title, "Calf stretch, slowly")
    asked = when_asked(qtbot, press(qtbot, QMessageBox.StandardButton.Save))
    click(qtbot, editor.close_button)
    assert asked and not editor.isVisible()
    assert load_routine(path).steps[0].title == "Calf stretch, slowly"

    # nothing changed, or a new routine nothing was typed into: nothing to ask
    editor = open_editor()
    click(qtbot, editor.new_button)
    click(qtbot, editor.close_button)
    assert not editor.isVisible()

    # a new routine never saved: Discard does not keep it (there is no saved one)
    editor = open_editor()
    click(qtbot, editor.new_button)
    type_over(qtbot, editor.title_edit, "Hips")
    said: list[str] = []

    def read_then_cancel(box: QMessageBox) -> None:
        said.append(box.informativeText())
        press(qtbot, QMessageBox.StandardButton.Cancel)(box)

    asked = when_asked(qtbot, read_then_cancel)
    click(qtbot, editor.close_button)
    assert asked == ["Save the new routine “Hips”?"] and said == ["Discard leaves it unsaved: it is not kept."]


def test_rename_and_use_this_routine(qtbot, app, open_editor):
    path = own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")

    def rename(box: QInputDialog) -> None:
        field = box.findChild(QLineEdit)
        type_over(qtbot, field, "Knees, week 2")
        qtbot.mouseClick(box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)  # fmt: skip

    asked = when_asked(qtbot, rename)
    click(qtbot, editor.rename_button)
    assert asked == ["New title:"]
    assert load_routine(path).title == "Knees, week 2" and load_routine(path).id == "knee-rehab"
    assert editor.title_edit.text() == "Knees, week 2"
    assert editor.routine_list.currentItem().text() == "Knees, week 2"

    click(qtbot, editor.use_button)
    assert app.model.routine.id == "knee-rehab" and app.model.state.routine == "knee-rehab"
    assert editor.routine_list.currentItem().text() == "✓ Knees, week 2 (in use)"
    assert not editor.use_button.isEnabled()


def test_the_main_window_hook_opens_it_and_home_shows_the_routine_chosen(qtbot, app):
    own_routine()
    seen = {}

    def use_it():
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, RoutineEditor)
        try:
            pick(qtbot, editor, "Knee programme")
            click(qtbot, editor.use_button)
            seen["status"] = editor.status.text()
        finally:
            editor.reject()

    QTimer.singleShot(0, use_it)
    open_routines(app.window)
    assert seen["status"] == "“Knee programme” is your routine now: Start runs it."
    assert app.window.home.title.text() == "Knee programme"
    assert app.window.home.routine_choice.currentText().startswith("Knee programme")
    assert [row[1] for row in app.window.home.step_rows()] == ["Calf stretch on a step", "Wall squats",
                                                                 "Keep your back straight"]  # fmt: skip
    assert QApplication.activeModalWidget() is None


def test_a_broken_file_is_shown_with_its_error_and_not_edited(qtbot, open_editor):
    broken = own_routine(PROGRAMME.replace("reps = 10", "reps = 0"), "typo.toml")
    before = broken.read_bytes()
    editor = open_editor()
    pick(qtbot, editor, "typo.toml (cannot be used)")
    assert editor.info.isVisible() and "reps must be a whole number from 1 to 200" in editor.info.text()
    assert not editor.title_edit.isVisible() and not editor.save_button.isEnabled()
    assert not editor.duplicate_button.isEnabled() and editor.delete_button.isEnabled()
    assert broken.read_bytes() == before


def mnemonic(widget: QWidget) -> str | None:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_every_part_works_by_keyboard_and_has_a_name(qtbot, open_editor):
    own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    for kind in ("Timed", "Per side", "Reps", "Tip"):
        choose(qtbot, editor.kind, kind)
        shown = [w for w in editor.findChildren(QWidget) if w.isVisible()]
        letters = [m for w in shown if isinstance(w, (QAbstractButton, QLabel)) and (m := mnemonic(w))]
        assert len(letters) == len(set(letters)), f"{kind}: the same Alt key twice in {sorted(letters)}"
        # Tab from the library list reaches every field shown, in reading order, and comes back
        editor.routine_list.setFocus()
        reached = [editor.routine_list]
        for _ in range(60):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if focused is editor.routine_list:
                break
            reached.append(focused)
        fields = [editor.title_edit, editor.steps_list, editor.step_title, editor.kind, editor.instructions,
                  editor.say, editor.save_button, editor.close_button]  # fmt: skip
        assert [w for w in reached if w in fields] == fields, kind
        for widget in reached:
            name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            assert name.strip(), f"{widget.objectName()} has no name a screen reader can say"
    choose(qtbot, editor.kind, "Timed")
    for key, field in ((Qt.Key.Key_P, editor.steps_list), (Qt.Key.Key_T, editor.title_edit),
                       (Qt.Key.Key_G, editor.kind), (Qt.Key.Key_H, editor.seconds)):  # fmt: skip
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() in (field, getattr(field, "lineEdit", lambda: None)()), key
    choose(qtbot, editor.kind, "Per side")  # its instructions say {side}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() in (editor.left, editor.left.lineEdit())
    type_over(qtbot, editor.step_title, "Calf stretch, by keyboard")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.problem.isHidden(), editor.problem.text()
    assert load_routine(paths.routines_dir() / "knee-rehab.toml").steps[0].title == "Calf stretch, by keyboard"
    assert QKeySequence(QKeySequence.StandardKey.Save).toString() == "Ctrl+S"


@pytest.fixture(params=[1.5, 2.0], ids=["150%", "200%"])
def large_fonts(qapp, request):
    """The desktop's fonts at 150 % and 200 %."""
    normal = QFont(qapp.font())
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * request.param)
    qapp.setFont(big)
    yield request.param
    qapp.setFont(normal)


def test_with_large_fonts_it_fits_the_screen_and_the_routine_scrolls(qtbot, large_fonts, open_editor):
    own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    screen = editor.screen().availableGeometry()
    assert editor.frameGeometry().height() <= screen.height() and editor.frameGeometry().width() <= screen.width()
    for button in (editor.save_button, editor.close_button, editor.new_button, editor.use_button):
        assert button.isVisible()
        assert button.mapTo(editor, button.rect().bottomRight()).y() <= editor.height()
    # the routine is never squeezed below its smallest size: it scrolls instead
    assert editor.pages.height() >= editor.pages.minimumSizeHint().height()
    # on a shorter screen (this one is 800 px tall) it scrolls, and Tab brings each field into view
    editor.resize(editor.width(), 420)
    qtbot.waitUntil(lambda: editor.scroller.verticalScrollBar().maximum() > 0)
    bar = editor.scroller.verticalScrollBar()
    assert bar.value() == 0 and editor.save_button.isVisible()
    editor.instructions.setFocus()
    qtbot.keyClick(editor.instructions, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.say
    assert bar.value() > 0


class LaterRenderer:
    """A voice renderer that, like the window's, answers after the command returned."""

    def __init__(self) -> None:
        self.pending: list[tuple[dict[str, str], object]] = []

    def render(self, lines, told, voice="en-us") -> None:
        self.pending.append((lines, told))


def test_spoken_lines_prepared_in_the_background_are_said_on_the_editors_status_line(qtbot, make_app, files):
    renderer = LaterRenderer()
    app = make_app(voice_renderer=renderer)
    editor = RoutineEditor(app.model, app.window, choose_file=files.choose_file)
    editor.show()
    click(qtbot, editor.duplicate_button)
    ((lines, told),) = renderer.pending
    assert len(lines) == 7  # the built-in routine's lines, now the copy's own
    told("Preparing 7 spoken lines of your routine; each plays once it is ready.")
    assert editor.status.text() == "Preparing 7 spoken lines of your routine; each plays once it is ready."
    assert app.window.notice.text() == editor.status.text()  # the window's status bar, under the dialog, too
    editor.reject()
    told("7 spoken lines ready.")  # after the dialog closed: the window alone hears it
    assert app.window.notice.text() == "7 spoken lines ready."


# Issue 29 (10): importing a routine that is already there; Undo of a delete that no longer means what it says


def titles(editor) -> list[str]:
    return [editor.routine_list.item(row).text() for row in range(editor.routine_list.count())]


def test_importing_a_routine_already_there_asks_replace_keep_both_or_cancel(qtbot, open_editor, files, tmp_path):
    own_routine()
    shared = tmp_path / "knee.toml"
    shared.write_text(PROGRAMME, encoding="utf-8")
    files.open_answer = str(shared)
    editor = open_editor()

    asked = when_asked(qtbot, press(qtbot, QMessageBox.StandardButton.Cancel))
    click(qtbot, editor.import_button)
    assert asked == ["“Knee programme” is already in your routines (the same id)."]
    assert sorted(p.name for p in paths.routines_dir().glob("*.toml")) == ["knee-rehab.toml"]
    assert "Not imported" in editor.status.text()

    words = []

    def keep_both(box):
        words.append(box.informativeText())
        press(qtbot, QMessageBox.StandardButton.Discard)(box)

    when_asked(qtbot, keep_both)
    click(qtbot, editor.import_button)
    assert "“Knee programme (2)”" in words[0]
    assert titles(editor) == ["✓ Strong feet, happier back (built-in, in use)", "Knee programme", "Knee programme (2)"]
    assert editor.routine_list.currentItem().text() == "Knee programme (2)"

    shared.write_text(PROGRAMME.replace("left = 30", "left = 40"), encoding="utf-8")
    when_asked(qtbot, press(qtbot, QMessageBox.StandardButton.Save))  # "Replace it"
    click(qtbot, editor.import_button)
    assert load_routine(paths.routines_dir() / "knee-rehab.toml").steps[0].side_seconds[0][1] == 40
    assert len(titles(editor)) == 3 and "in place of the one you had" in editor.status.text()


def test_undo_of_a_delete_goes_once_the_same_routine_was_imported_again(qtbot, open_editor, files, tmp_path):
    own_routine()
    shared = tmp_path / "knee.toml"
    shared.write_text(PROGRAMME, encoding="utf-8")
    files.open_answer = str(shared)
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    click(qtbot, editor.delete_button)
    assert editor.undo_box.isVisible()
    click(qtbot, editor.import_button)  # the same routine, back by another way
    assert editor.undo_box.isHidden()  # Undo would have made a second “Knee programme”
    assert titles(editor) == ["✓ Strong feet, happier back (built-in, in use)", "Knee programme"]


def test_the_built_in_routine_is_shown_with_the_times_settings_give_it(qtbot, app, open_editor):
    """The routine as it will run has one home (RoutineShelf.as_run): the
    Routines dialog shows the built-in routine with the durations from
    Settings, as the home screen, the session and `routine list` do."""
    from dataclasses import replace

    app.model.apply_settings(replace(app.model.settings, durations={"roll": 6, "heel-raises": 7}))
    editor = open_editor()
    assert "2. Roll each foot on a lacrosse ball — 0:06 each foot" in editor.info.text()
    assert "3. Heel raises with a lacrosse ball — 0:07" in editor.info.text()


def test_the_wheel_over_a_field_without_the_focus_scrolls_and_changes_nothing(qtbot, open_editor):
    """Fresh eyes: scrolling the editor with the wheel over the Timing list made
    a timed step a tip, unseen. A field changes by the wheel only once it has
    the focus (a click or Tab)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    editor = open_editor()
    click(qtbot, editor.new_button)
    type_over(qtbot, editor.title_edit, "Knee programme")
    assert editor.kind.isVisible() and editor.seconds.isVisible()
    assert not editor.kind.hasFocus() and not editor.seconds.hasFocus()
    kind_before, seconds_before = editor.kind.currentText(), editor.seconds.text()

    def wheel(widget) -> None:
        centre = QPointF(widget.rect().center())
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)  # fmt: skip
        QApplication.sendEvent(widget, event)

    for _ in range(3):
        wheel(editor.kind)
        wheel(editor.seconds)
    assert (editor.kind.currentText(), editor.seconds.text()) == (kind_before, seconds_before)
    editor.kind.setFocus()  # once chosen, the wheel is the person's way of changing it
    qtbot.waitUntil(editor.kind.hasFocus)
    wheel(editor.kind)
    assert editor.kind.currentText() != kind_before, [editor.kind.itemText(i) for i in range(editor.kind.count())]
