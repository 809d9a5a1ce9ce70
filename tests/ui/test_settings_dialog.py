from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from footdesk import paths
from footdesk.routine import Side, load_default_routine
from footdesk.session import PhaseEnded, SessionOptions
from footdesk.settings import Settings, load_settings
from footdesk.ui.settings_dialog import SettingsDialog
from footdesk.ui.theme import PlainLabel
from tests.helpers.recorders import TrayHost


def in_settings_dialog(action):
    """Run ``action(dialog)`` once the modal settings dialog is open."""

    def handle():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        try:
            action(dialog)
        finally:  # an assertion that failed in the action must not leave the window waiting for the dialog
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, handle)


def open_settings(qtbot, app):
    qtbot.keyClick(app.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(app.window.isActiveWindow)  # the keys work again once the dialog is gone


def test_roll_time_1_30_shows_on_home_and_drives_the_next_session(qtbot, app):
    def set_roll(dialog):
        dialog.duration_edits["roll"].set_seconds(90)
        dialog.accept()

    in_settings_dialog(set_roll)
    open_settings(qtbot, app)
    assert app.window.home.step_rows()[1] == ("2", "Roll each foot on a lacrosse ball", "1:30 each foot")
    assert "4 min of exercise" in app.window.home.summary.text()
    assert load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings.durations["roll"] == 90

    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(5)
    assert app.window.session_view.countdown.text == "1:30"
    app.run_for(90 + 5)
    assert app.window.session_view.side_banner.side is Side.RIGHT
    assert app.window.session_view.countdown.text == "1:30"


def test_the_dialog_shows_durations_as_minutes_and_seconds(qtbot, app):
    seen = {}

    def look(dialog):
        seen["roll"] = dialog.duration_edits["roll"].text()
        seen["heel"] = dialog.duration_edits["heel-raises"].text()
        seen["get_ready"] = dialog.get_ready.text()
        dialog.reject()

    in_settings_dialog(look)
    open_settings(qtbot, app)
    assert seen == {"roll": "2:00", "heel": "1:00", "get_ready": "5 s"}


def test_cancel_changes_nothing(qtbot, app):
    def change_then_cancel(dialog):
        dialog.duration_edits["roll"].set_seconds(300)
        dialog.volume.setValue(5)
        dialog.reject()

    in_settings_dialog(change_then_cancel)
    open_settings(qtbot, app)
    assert not paths.settings_file().exists()
    assert app.window.home.step_rows()[1][2] == "2:00 each foot"
    assert app.settings_file.settings.volume == 80


def test_restore_defaults_resets_the_form(qtbot, app):
    app.settings_file.save(app.settings_file.settings.with_duration("roll", 45))
    shown = {}

    def restore(dialog):
        assert dialog.duration_edits["roll"].seconds() == 45
        dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
        shown["roll"] = dialog.duration_edits["roll"].seconds()
        dialog.accept()

    in_settings_dialog(restore)
    open_settings(qtbot, app)
    assert shown["roll"] == 120
    assert app.settings_file.settings.durations["roll"] == 120


def test_saving_mid_session_never_cuts_the_running_step_short(qtbot, make_app):
    app = make_app()
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(5 + 30)  # left foot: 1:30 left

    def shorten(dialog):
        dialog.duration_edits["roll"].set_seconds(60)
        dialog.get_ready.setValue(2)
        dialog.accept()

    in_settings_dialog(shorten)
    open_settings(qtbot, app)
    assert app.window.session_view.countdown.text == "1:30"
    app.run_for(90)
    left = [e.run for e in app.recorder.events if isinstance(e, PhaseEnded)][-1]
    assert left.phase.side is Side.LEFT and left.active_s == 120
    assert app.window.session_view.countdown.text == "2"  # the new get-ready
    app.run_for(2)
    assert app.window.session_view.countdown.text == "1:00"  # the right foot: new time


def test_tempo_steps_between_off_and_its_minimum(qtbot, app):
    steps = []

    def step(dialog):
        dialog.tempo.stepUp()
        steps.append(dialog.tempo.value())
        dialog.tempo.stepDown()
        steps.append(dialog.tempo.value())
        dialog.reject()

    in_settings_dialog(step)
    open_settings(qtbot, app)
    assert steps == [2, 0]


def test_a_broken_file_is_replaced_only_after_asking_and_a_copy_is_kept(qtbot, make_app, monkeypatch):
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[sound]\nvolume = 400 # too loud\n", encoding="utf-8")
    app = make_app()
    asked = []
    monkeypatch.setattr(app.window, "confirm_replacing_settings", lambda count: asked.append(count) or False)

    in_settings_dialog(lambda dialog: dialog.accept())
    open_settings(qtbot, app)
    assert asked == [1]
    assert path.read_text(encoding="utf-8") == "[sound]\nvolume = 400 # too loud\n"  # declined: untouched

    monkeypatch.setattr(app.window, "confirm_replacing_settings", lambda count: True)
    in_settings_dialog(lambda dialog: dialog.accept())
    open_settings(qtbot, app)
    copies = list(path.parent.glob("settings.toml.*.bak"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == "[sound]\nvolume = 400 # too loud\n"
    assert "volume = 80 # too loud" in path.read_text(encoding="utf-8")
    assert str(copies[0]) in app.window.notice.text()


def test_an_unknown_key_is_kept_without_asking_or_a_copy_each_save(qtbot, make_app, monkeypatch):
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[sound]\nfuture = "from a newer footdesk"\n', encoding="utf-8")
    app = make_app()
    assert app.settings_file.problems == () and len(app.settings_file.notices) == 1
    asked = []
    monkeypatch.setattr(app.window, "confirm_replacing_settings", lambda count: asked.append(count) or True)

    def set_roll(seconds):
        def change(dialog):
            dialog.duration_edits["roll"].set_seconds(seconds)
            dialog.accept()

        return change

    for seconds in (75, 80):
        in_settings_dialog(set_roll(seconds))
        open_settings(qtbot, app)
    assert asked == []
    assert not list(path.parent.glob("settings.toml.*.bak"))
    text = path.read_text(encoding="utf-8")
    assert 'future = "from a newer footdesk"' in text and "roll = 80" in text
    assert len(app.settings_file.notices) == 1  # still in the file, still worth telling


def test_settings_that_cannot_be_saved_still_apply_and_say_so(qtbot, app, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("footdesk.settings.atomic_write_text", no_space)

    def set_roll(dialog):
        dialog.duration_edits["roll"].set_seconds(75)
        dialog.accept()

    in_settings_dialog(set_roll)
    open_settings(qtbot, app)
    assert "Settings not saved" in app.window.notice.text() and "No space left" in app.window.notice.text()
    assert app.window.home.step_rows()[1][2] == "1:15 each foot"


def test_settings_button_on_home_opens_the_dialog(qtbot, app):
    opened = []
    in_settings_dialog(lambda dialog: opened.append(True) or dialog.reject())
    app.window.home.settings_button.click()
    assert opened == [True]


def test_get_ready_off_and_no_auto_advance_reach_the_session(qtbot, make_app):
    app = make_app()

    def pacing(dialog):
        dialog.get_ready.setValue(0)
        assert dialog.get_ready.text() == "Off"
        dialog.auto_advance.setChecked(False)
        dialog.accept()

    in_settings_dialog(pacing)
    open_settings(qtbot, app)
    assert app.model.settings.session_options() == SessionOptions(get_ready_s=0, auto_advance=False)


def test_typing_a_duration_gives_that_duration(qtbot):
    from footdesk.ui.settings_dialog import DurationEdit

    for typed, expected in [("1:30", 90), ("90", 90), ("1:5", 65), ("0:45", 45), ("45:00", 120), ("0:02", 120)]:
        edit = DurationEdit()
        qtbot.addWidget(edit)
        edit.set_seconds(120)
        edit.show()
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert edit.seconds() == expected, typed
        assert edit.text() == f"{expected // 60}:{expected % 60:02d}"
    edit.set_seconds(90)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "1:35"
    qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.text() == "2:35"
    # what a screen reader says besides the spin box's number (155): the duration in words
    assert edit.accessibleDescription() == "2 minutes 35 seconds"


def test_the_reminder_time_is_said_as_a_time_not_as_minutes_since_midnight(qtbot):
    from footdesk.ui.settings_dialog import TimeOfDayEdit

    edit = TimeOfDayEdit()
    qtbot.addWidget(edit)
    edit.setTime(QTime(18, 0))
    edit.show()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "18:05" and edit.accessibleDescription() == "18:05"


def test_the_daily_reminder_is_set_in_the_dialog_and_saved(qtbot, app):
    def set_reminder(dialog):
        assert not dialog.reminder_on.isChecked() and not dialog.reminder_time.isEnabled()
        assert "no system tray" in dialog.reminder_note.text()  # offscreen has none: the note says so
        dialog.reminder_on.setChecked(True)
        dialog.reminder_time.setTime(QTime(7, 15))
        dialog.accept()

    in_settings_dialog(set_reminder)
    open_settings(qtbot, app)
    saved = load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings
    assert saved.reminder_time == "07:15"

    def turn_off(dialog):
        assert dialog.reminder_on.isChecked() and dialog.reminder_time.time().toString("HH:mm") == "07:15"
        dialog.reminder_on.setChecked(False)
        dialog.accept()

    in_settings_dialog(turn_off)
    open_settings(qtbot, app)
    assert load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings.reminder_time == ""


def test_an_unchanged_reminder_written_by_hand_is_not_rewritten(qtbot):
    from footdesk.routine import load_default_routine
    from footdesk.settings import Settings

    routine = load_default_routine()
    mine = Settings(durations=routine.durations(), reminder_time="7:05")
    dialog = SettingsDialog(mine, Settings(durations=routine.durations()), routine, tray_available=True)
    qtbot.addWidget(dialog)
    assert dialog.chosen_settings() == mine
    assert "system tray when you close" in dialog.reminder_note.text()


def test_starting_at_login_is_offered_with_the_reminder_and_a_tray_only(qtbot):
    from footdesk.routine import load_default_routine
    from footdesk.settings import Settings

    routine = load_default_routine()
    defaults = Settings(durations=routine.durations())
    with_reminder = Settings(durations=routine.durations(), reminder_time="18:30")

    not_here = SettingsDialog(with_reminder, defaults, routine, tray_available=True, login_start=None)
    no_tray = SettingsDialog(with_reminder, defaults, routine, tray_available=False, login_start=False)
    for dialog in (not_here, no_tray):
        qtbot.addWidget(dialog)
        assert dialog.login_start.isHidden() and dialog.chosen_login_start() is None

    dialog = SettingsDialog(with_reminder, defaults, routine, tray_available=True, login_start=True)
    qtbot.addWidget(dialog)
    assert not dialog.login_start.isHidden()
    assert dialog.login_start.isChecked() and dialog.login_start.isEnabled()
    assert dialog.chosen_login_start() is True
    dialog.reminder_on.setChecked(False)  # no reminder, nothing to start for
    assert not dialog.login_start.isEnabled() and dialog.chosen_login_start() is False
    dialog.reminder_on.setChecked(True)
    assert dialog.chosen_login_start() is True
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert not dialog.login_start.isChecked() and dialog.chosen_login_start() is False


def test_the_login_choice_writes_and_removes_the_autostart_entry(qtbot, app, tmp_path):
    from footdesk.platform.autostart import LoginStart

    entry = tmp_path / "autostart" / "footdesk.desktop"
    app.model.login_start = LoginStart(entry, ["/usr/bin/footdesk", "--background"])
    app.window.host = TrayHost()

    def switch_on(dialog):
        assert not dialog.login_start.isChecked()
        dialog.reminder_on.setChecked(True)
        dialog.login_start.setChecked(True)
        dialog.accept()

    in_settings_dialog(switch_on)
    open_settings(qtbot, app)
    assert "Exec=/usr/bin/footdesk --background" in entry.read_text()

    def reminder_off(dialog):
        assert dialog.login_start.isChecked()
        dialog.reminder_on.setChecked(False)
        dialog.accept()

    in_settings_dialog(reminder_off)
    open_settings(qtbot, app)
    assert not entry.exists()


def test_an_autostart_folder_that_cannot_be_written_is_reported_not_raised(qtbot, app, tmp_path):
    from footdesk.platform.autostart import LoginStart

    blocker = tmp_path / "autostart"
    blocker.write_text("a file where the folder should be")
    app.model.login_start = LoginStart(blocker / "footdesk.desktop", ["footdesk", "--background"])
    app.window.host = TrayHost()

    def switch_on(dialog):
        dialog.reminder_on.setChecked(True)
        dialog.login_start.setChecked(True)
        dialog.accept()

    in_settings_dialog(switch_on)
    open_settings(qtbot, app)
    notice = app.window.notice.text()
    assert "cannot write the login entry" in notice and "will not start when you log in" in notice
    assert not app.window.statusBar().isHidden(), "the problem must stay on screen"
    # the reminder itself was still saved
    assert load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings.reminder_time != ""


def test_with_large_fonts_the_groups_scroll_and_save_stays_in_view(qtbot):
    """Large system fonts on a laptop screen: the dialog is never taller than
    the screen, and Save and Cancel are never pushed off it."""
    from PySide6.QtGui import QFont

    from footdesk.routine import load_default_routine
    from footdesk.settings import Settings

    routine = load_default_routine()
    dialog = SettingsDialog(
        Settings(durations=routine.durations(), reminder_time="18:30"), Settings(durations=routine.durations()), routine
    )
    qtbot.addWidget(dialog)
    big = QFont(dialog.font())
    big.setPixelSize(34)
    dialog.setFont(big)
    dialog.show()
    qtbot.waitExposed(dialog)
    available = dialog.screen().availableGeometry().height()
    assert dialog.form.sizeHint().height() > available, "the test needs content taller than the screen"
    assert dialog.height() < available
    assert dialog.scroller.verticalScrollBar().isVisible()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isVisible() and save.geometry().bottom() <= dialog.buttons.height()
    assert dialog.buttons.geometry().bottom() <= dialog.height()


def test_the_dialog_is_made_from_the_settings_table(qtbot):
    """A setting is declared once (settings.FIELDS): the dialog's groups and rows,
    the Settings defaults and the file's keys all follow from it."""
    from dataclasses import fields

    from PySide6.QtWidgets import QGroupBox

    from footdesk.settings import FIELDS, SECTIONS

    routine = load_default_routine()
    dialog = SettingsDialog(Settings(durations=routine.durations()), Settings(durations=routine.durations()), routine)
    qtbot.addWidget(dialog)
    titles = [box.title() for box in dialog.form.findChildren(QGroupBox)]
    assert titles == [section.heading(routine.title) for section in SECTIONS]
    assert titles[0] == "Durations of Strong feet, happier back"
    assert set(dialog.controls) == {spec.attribute for spec in FIELDS if spec.in_dialog}
    assert {f.name for f in fields(Settings)} == {"durations"} | {spec.attribute for spec in FIELDS}
    assert all(getattr(Settings(), spec.attribute) == spec.default for spec in FIELDS)


def test_the_weekly_goal_is_set_in_the_dialog_and_shown_on_the_home_screen(qtbot, app):
    def goal(dialog):
        dialog.goal_days.setValue(3)
        dialog.accept()

    in_settings_dialog(goal)
    open_settings(qtbot, app)
    assert app.model.settings.goal_days == 3
    assert "[goal]\ndays = 3" in paths.settings_file().read_text()
    assert "0 of 3 days this week" in app.window.home.streak_label.text()


def test_the_dialog_opens_with_the_first_field_focused(qtbot):
    routine = load_default_routine()
    dialog = SettingsDialog(Settings(durations=routine.durations()), Settings(durations=routine.durations()), routine)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.focusWidget() is dialog.duration_edits["roll"]


def test_a_new_setting_of_a_known_kind_needs_no_change_to_the_dialog(qtbot, monkeypatch):
    """One more attribute on Settings, and the dialog offers it, shows its value
    and gives back the chosen one, with its range, unit and help."""
    from dataclasses import dataclass

    from PySide6.QtWidgets import QGroupBox, QSpinBox

    from footdesk.settings import Count, kinds_of, setting

    @dataclass(frozen=True)
    class More(Settings):
        rest_days: int = setting(Count(section="goal", key="rest", label="Rest days", default=1, low=0, high=3,
                                       unit=" days", help="Days off the routine"))  # fmt: skip

    monkeypatch.setattr("footdesk.ui.settings_dialog.FIELDS", kinds_of(More))
    routine = load_default_routine()
    dialog = SettingsDialog(
        More(durations=routine.durations(), rest_days=2), More(durations=routine.durations()), routine
    )
    qtbot.addWidget(dialog)
    spin = dialog.form.findChild(QGroupBox, "section-goal").findChild(QSpinBox, "restDays")
    assert (
        spin is dialog.rest_days and spin.accessibleName() == "Rest days" and spin.toolTip() == "Days off the routine"
    )
    assert (spin.text(), spin.minimum(), spin.maximum()) == ("2 days", 0, 3)
    spin.setValue(0)
    assert spin.text() == "Off" and dialog.chosen_settings().rest_days == 0


MY_FEET = """
schema = 2
id = "my-feet"
title = "My feet & ankles"

[[steps]]
id = "roll"
title = "Roll, my way"
timing = "per-side"
seconds = 45
instructions = ["Roll the ball under your {side} foot."]
"""


def app_with_own_routine_chosen(make_app):
    """The person's own routine in the routines folder, chosen on the home screen."""
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my-feet.toml").write_text(MY_FEET, encoding="utf-8")
    app = make_app(SessionOptions(get_ready_s=0))
    choice = app.window.home.routine_choice
    index = choice.findData("my-feet")
    choice.setCurrentIndex(index)
    choice.activated.emit(index)
    assert app.model.routine.id == "my-feet"
    return app


def test_with_an_own_routine_chosen_the_durations_are_the_built_in_routines_and_say_so(qtbot, make_app):
    """Issue 30: with an own routine chosen, Settings showed the built-in routine's
    times as if they were the own routine's, and saving changed the built-in one."""
    from PySide6.QtWidgets import QGroupBox

    app = app_with_own_routine_chosen(make_app)
    seen = {}

    def look_and_change(dialog):
        group = dialog.form.findChild(QGroupBox, "section-durations")
        seen["group"] = group.title()
        seen["note"] = dialog.own_routine_note.text()
        seen["button"] = dialog.edit_own_routine.text()
        seen["note first"] = group.isAncestorOf(dialog.own_routine_note)
        seen["rows"] = {step_id: edit.accessibleName() for step_id, edit in dialog.duration_edits.items()}
        seen["roll"] = dialog.duration_edits["roll"].text()
        dialog.duration_edits["roll"].set_seconds(200)
        dialog.accept()

    in_settings_dialog(look_and_change)
    open_settings(qtbot, app)
    assert seen == {
        "group": "Durations of Strong feet, happier back",
        "note": "My feet & ankles takes its times from its own file.",
        "button": "Edit My feet && ankles…",  # one "&" shown, not a keyboard mnemonic
        "note first": True,
        "rows": {
            "roll": "Roll each foot on a lacrosse ball (each foot)",
            "heel-raises": "Heel raises with a lacrosse ball",
        },
        "roll": "2:00",
    }
    assert "roll = 200" in paths.settings_file().read_text(encoding="utf-8")
    assert app.model.settings.durations["roll"] == 200
    assert app.model.routine.id == "my-feet"  # still chosen, and still its own time
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.window.session_view.countdown.text == "0:45"
    app.run_for(45)
    assert app.window.session_view.side_banner.side is Side.RIGHT
    assert app.window.session_view.countdown.text == "0:45"


def test_the_edit_button_opens_the_own_routine_in_the_routine_editor(qtbot, make_app):
    from footdesk.ui.routine_editor import RoutineEditor

    app = app_with_own_routine_chosen(make_app)
    seen = {}

    def in_the_editor():
        editor = QApplication.activeModalWidget()
        seen["editor"] = isinstance(editor, RoutineEditor)
        try:
            seen["title"] = editor.title_edit.text()
            seen["chosen"] = editor.routine_list.currentItem().data(Qt.ItemDataRole.UserRole)
        finally:
            editor.reject()

    def edit(dialog):
        QTimer.singleShot(0, in_the_editor)
        qtbot.mouseClick(dialog.edit_own_routine, Qt.MouseButton.LeftButton)
        seen["back in settings"] = QApplication.activeModalWidget() is dialog
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=1000)
        dialog.reject()

    in_settings_dialog(edit)
    open_settings(qtbot, app)
    assert seen == {"editor": True, "title": "My feet & ankles", "chosen": "my-feet", "back in settings": True}


def test_with_the_built_in_routine_chosen_there_is_no_own_routine_line(qtbot):
    routine = load_default_routine()
    dialog = SettingsDialog(Settings(durations=routine.durations()), Settings(durations=routine.durations()), routine)
    qtbot.addWidget(dialog)
    assert dialog.own_routine_note is None and dialog.edit_own_routine is None
    assert dialog.findChild(QWidget, "ownRoutineNote") is None


def test_the_reminder_time_takes_ctrl_a_and_typing_like_every_other_field(qtbot, app):
    """Issue 29 (16): Ctrl+A then "7:15" over 18:00 gave 18:15 (Qt's time edit typed into one section)."""
    app.settings_file.save(replace(app.model.settings, reminder_time="18:00"))
    typed = {}

    def type_times(dialog):
        edit = dialog.reminder_time
        qtbot.waitUntil(dialog.isActiveWindow)
        edit.setFocus()
        for keys, expected in (("7:15", "07:15"), ("0930", "09:30"), ("21:05", "21:05")):
            qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(edit, keys)
            qtbot.keyClick(edit, Qt.Key.Key_Tab)  # Return would press Save
            typed[keys] = (edit.text(), expected)
            edit.setFocus()
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, "6:40")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    in_settings_dialog(type_times)
    open_settings(qtbot, app)
    assert {keys: shown for keys, (shown, _) in typed.items()} == {keys: want for keys, (_, want) in typed.items()}
    assert load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings.reminder_time == "06:40"


def test_values_the_file_had_wrong_are_marked_with_their_line_and_the_default_in_use(qtbot, make_app):
    """Issue 29 (17): the fields showed the defaults without a mark; only the status bar named a line."""
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text(
        '[durations]\nroll = "long"\n\n[sound]\nvolume = "loud"\n\n[reminder]\ntime = "25:99"\n', encoding="utf-8"
    )
    app = make_app()
    seen = {}

    def look(dialog):
        dialog.scroller.ensureWidgetVisible(dialog.reminder_time)
        for name, control in (("volume", dialog.volume), ("reminder_time", dialog.reminder_time),
                              ("roll", dialog.duration_edits["roll"]), ("get_ready", dialog.get_ready)):  # fmt: skip
            mark = dialog.findChild(PlainLabel, f"problem-{name}")
            seen[name] = (mark.text() if mark is not None and mark.isVisible() else None, control.toolTip())
        seen["volume shown"] = dialog.volume_label.text()
        seen["roll shown"] = dialog.duration_edits["roll"].text()
        dialog.reject()

    in_settings_dialog(look)
    open_settings(qtbot, app)
    mark, tip = seen["volume"]
    assert mark is not None and "line 5" in mark and '"loud"' in mark and "using 80" in mark
    assert "line 5" in tip
    assert seen["volume shown"] == "80 %"
    mark, tip = seen["roll"]
    assert mark is not None and "line 2" in mark and '"long"' in mark and "line 2" in tip
    assert seen["roll shown"] == "2:00"
    mark, _ = seen["reminder_time"]
    assert mark is not None and "line 8" in mark and "25:99" in mark
    assert seen["get_ready"][0] is None  # a value the file had right is not marked


def test_the_backup_folder_is_chosen_with_choose_and_saved_with_how_many_are_kept(qtbot, app, tmp_path):
    chosen = tmp_path / "Nextcloud" / "footdesk"
    asked = []

    def choose(dialog):
        assert dialog.backup_weekly.isChecked() and dialog.backup_folder.text() == ""
        assert dialog.backup_folder.placeholderText() == str(paths.default_backups_dir())
        dialog.choose_folder = lambda parent, caption, start: asked.append(start) or str(chosen)
        qtbot.mouseClick(dialog.backup_folder_choose, Qt.MouseButton.LeftButton)
        assert dialog.backup_folder.text() == str(chosen)
        dialog.backup_keep.setValue(4)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    in_settings_dialog(choose)
    open_settings(qtbot, app)
    saved = load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings
    assert (saved.backup_folder, saved.backup_keep, saved.backup_weekly) == (str(chosen), 4, True)
    assert asked == [str(paths.default_backups_dir())]
    assert app.model.backups.folder() == chosen

    def turn_off(dialog):
        dialog.backup_weekly.setChecked(False)
        assert not dialog.backup_folder.isEnabled() and not dialog.backup_folder_choose.isEnabled()
        dialog.accept()

    in_settings_dialog(turn_off)
    open_settings(qtbot, app)
    assert load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings.backup_weekly is False


def test_the_questionnaires_interval_is_set_in_the_dialog_and_off_hides_the_offer(qtbot, app):
    from footdesk.history import HistoryStore
    from footdesk.records import Outcome, StepRun

    store = app.model.history
    row = store.begin_session("foot-strength", datetime(2026, 11, 17, 8, 0).astimezone())
    store.add_step_run(row, StepRun("roll", "left", 120, 120.0, Outcome.COMPLETED, "2026-11-17T08:00:00.000+00:00",
                                    "2026-11-17T08:02:00.000+00:00"))  # fmt: skip
    app.model.offers_changed.emit(None)
    assert app.window.home.questionnaire_label.isVisible()
    assert isinstance(store, HistoryStore)

    def off(dialog):
        spin = dialog.questionnaire_weeks
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, "0")
        dialog.accept()

    in_settings_dialog(off)
    open_settings(qtbot, app)
    assert app.model.settings.questionnaire_weeks == 0
    assert "[questionnaires]\nevery_weeks = 0" in paths.settings_file().read_text()
    assert not app.window.home.questionnaire_label.isVisible()


def test_the_question_before_replacing_an_unreadable_file_says_it_could_not_be_read(qtbot, make_app, monkeypatch):
    """Before: a file that is not UTF-8 was "1 value footdesk could not use"."""
    from PySide6.QtWidgets import QMessageBox

    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe garbage \x00")
    app = make_app()
    said = app.window.notices.newest.text()  # at start: the whole file, not "some settings"
    assert said.startswith(f"Your settings could not be read: {path}: not a text file") and "Some" not in said
    asked: list[str] = []

    def answer(parent, title, text, buttons):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    in_settings_dialog(lambda dialog: dialog.accept())
    open_settings(qtbot, app)
    (text,) = asked
    assert f"{path} could not be read (not a text file (it is not valid UTF-8)" in text and "1 value" not in text
    assert path.read_bytes() == b"\xff\xfe garbage \x00"  # Cancel: untouched


def test_a_language_is_chosen_with_the_keys_said_to_come_at_the_next_start_and_saved(qtbot, app):
    seen: dict[str, str] = {}

    def choose_german(dialog):
        combo = dialog.language
        assert combo.currentText() == "The system's (English)" and not dialog.language_later.isVisible()
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # English
        assert not dialog.language_later.isVisible()  # what footdesk speaks already
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # Deutsch
        seen["chosen"] = combo.currentText()
        seen["later"] = dialog.language_later.text() if dialog.language_later.isVisible() else ""
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    in_settings_dialog(choose_german)
    open_settings(qtbot, app)
    assert seen == {"chosen": "Deutsch", "later": "footdesk speaks Deutsch from its next start."}
    assert '[general]\nlanguage = "de"' in paths.settings_file().read_text()
    assert app.model.settings.language == "de"
    assert "Start routine" in app.window.home.start_button.text()  # this run goes on in English


def test_a_misspelt_setting_is_said_in_the_window_and_the_terminal_not_only_in_the_log(qtbot, make_app, capsys):
    """`[session] volume = "loud"` does nothing (volume is a sound setting): the
    README says a key footdesk does not know is reported; it was only logged."""
    from footdesk import cli

    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[session]\nget_ready = 5\nvolume = "loud"\n', encoding="utf-8")
    app = make_app()
    said = app.window.notice.text()
    assert "line 3" in said and "session.volume" in said and "not a setting footdesk knows" in said, said
    assert cli.main(["routine", "list"]) == 0
    err = capsys.readouterr().err
    assert "session.volume" in err and "ignored (kept in the file)" in err
    assert path.read_text(encoding="utf-8").endswith('volume = "loud"\n'), "the file is left as it is"


def test_several_unknown_keys_are_one_notice_that_counts_the_rest(qtbot, make_app):
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[session]\nvolume = 1\ncolour = 2\n[sound]\npitch = 3\n", encoding="utf-8")
    app = make_app()
    said = app.window.notice.text()
    assert "session.volume" in said and "(and 2 more, listed in" in said, said


def test_a_key_with_direction_or_control_characters_is_written_out_in_the_window(qtbot, make_app):
    """A right-to-left override in a key's name made the notice read "live"
    for the key "evil"; an escape showed as a box."""
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[session]\n"\\u202eevil\\u202c tail" = 1\n', encoding="utf-8")
    app = make_app()
    said = app.window.notice.text()
    assert "\u202e" not in said and "\\u202eevil" in said, said
