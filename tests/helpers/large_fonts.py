"""footdesk on a 1366x768 laptop screen with text at 225 % (QT_SCALE_FACTOR=1.5
and QT_FONT_DPI=144 on X11 make it 607x341 logical pixels), run in its own
process because Qt reads the scale when it starts. Qt's offscreen platform
takes the screen from a configuration file: logicalDpi 144 is what
QT_FONT_DPI=144 does on X11.

    python -m tests.helpers.large_fonts measure RESULT.json   # walk every screen, write what was found
    python -m tests.helpers.large_fonts remember              # a window as big as a 200 % screen, saved

Each run uses the XDG folders it is given, so a window remembered by one run
is restored by the next.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path

from footdesk import paths

SCREEN = (1366, 768)


def environment(scratch: Path, percent: int) -> dict[str, str]:
    """The environment for a child run at ``percent`` text size (150 % fonts at a scale)."""
    config = scratch / f"screen-{percent}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1]}
    screen |= {"logicalDpi": 144, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["QT_SCALE_FACTOR"] = str(percent / 150)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(scratch / name.lower())
    return env


def _app():
    from footdesk.app import FootdeskApp, Shell
    from footdesk.appmodel import Adapters, build_model
    from tests.helpers import FakeClock

    qapp = FootdeskApp.application()
    clock = FakeClock()
    model = build_model(Adapters(clock=clock))
    shell = Shell(model)
    model.open_history()
    shell.restore_window(qapp)  # how footdesk sizes its window, from the saved state if any
    window = shell.window
    window.show()
    settle(qapp)
    return qapp, shell, model, window, clock


def settle(qapp) -> None:
    for _ in range(8):
        qapp.processEvents()


def remember() -> None:
    """Leave a saved window that is larger than a 225 % screen (the whole of a
    1366x768 screen at 200 %): the next run must not open it that large."""
    qapp, shell, _model, window, _clock = _app()
    window.showNormal()
    window.setGeometry(0, 0, 683, 384)
    settle(qapp)
    shell.remember_window()


OWN_ROUTINE = """id = "calf-and-knee-programme"
title = "Calf and knee programme from my physiotherapist after the operation, weeks 1 to 4"
[[steps]]
id = "squat"
title = "Single-leg squat to a chair, slowly, holding the kitchen counter for balance"
timing = "per-side"
seconds = 45
instructions = ["Stand on your {side} leg and sit down slowly."]
"""

PLANNED_ROUTINE = """schema = 3
id = "knee-plan"
title = "Knee, four weeks"
[plan]
start = {start}
[[plan.phases]]
title = "Gentle"
weeks = 2
steps.calf-stretch = {{ seconds = 30 }}
steps.wall-squats = {{ reps = 8, sets = 2, rest = 30 }}
[[plan.phases]]
title = "Build"
weeks = 2
steps.calf-stretch = {{ seconds = 45, sets = 2, rest = 15 }}
steps.wall-squats = {{ reps = 10, sets = 3, rest = 30, grow = {{ every_weeks = 1, reps = 2, up_to = 12 }} }}
[[steps]]
id = "calf-stretch"
title = "Calf stretch on a step"
timing = "per-side"
seconds = 30
instructions = ["Heel of your {{side}} leg off the step.", "Hold, knee straight."]
[[steps]]
id = "wall-squats"
title = "Wall squats"
timing = "timed"
reps = 8
tempo = [2, 3]
instructions = ["Slide down the wall.", "Push back up."]
"""
"""An own routine with per-side steps and a two-phase plan that began three
weeks before its first session here: its start asks first (the plan question)."""

NOTICE = ("Sound is off: no audio device could be opened (ALSA: Couldn't open audio device: No such file or "
          "directory). The routine goes on silently; footdesk tries again next time.")  # fmt: skip


def _rect(widget, within) -> list[int]:
    top_left = widget.mapTo(within, widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _clipped(page) -> list[str]:
    """Visible texts that do not get the room they need: a label shorter than
    its wrapped lines, or narrower than its line; a button narrower than its
    words or lower than a line."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from footdesk.ui.theme import KeyButton

    found = []
    for label in page.findChildren(QLabel):
        if not label.isVisibleTo(page) or not label.text():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if label.height() < needed - 1:
                found.append(f"{label.text()[:30]!r}: {label.height()} high, needs {needed}")
        elif label.width() < label.sizeHint().width() - 1 or label.height() < label.fontMetrics().height():
            found.append(f"{label.text()[:30]!r}: {label.size().toTuple()}, needs {label.sizeHint().toTuple()}")
    for button in page.findChildren(QPushButton):
        if not button.isVisibleTo(page):
            continue
        words = button.words() if isinstance(button, KeyButton) and not button.shows_key() else button.text()
        words = words.replace("&&", "\0").replace("&", "").replace("\0", "&")  # a mnemonic's & is not drawn
        metrics = button.fontMetrics()
        if metrics.horizontalAdvance(words) + 8 > button.width() or metrics.height() > button.height():
            found.append(f"button {words!r}: {button.size().toTuple()}")
    return found


def _lines_height(bar) -> int:
    """What the notices' lines take at their width, one above the other."""
    from PySide6.QtWidgets import QLabel

    labels = [label for label in bar.findChildren(QLabel) if label.isVisibleTo(bar) and label.text()]
    return sum(label.heightForWidth(label.width()) if label.wordWrap() else label.height() for label in labels)


def walk_the_questionnaires(qapp, shell, look) -> None:
    """The back questionnaires as a person answers them: a Roland-Morris statement
    (looked at), Y to all 24, the PSFS activities (looked at), then Esc."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = shell.window
    shell.questionnaire_prompts.begin()
    look("questionnaire")
    for _answer in range(24):
        QTest.keyClick(window, Qt.Key.Key_Y)
    look("activities")
    QTest.keyClick(window, Qt.Key.Key_Escape)
    settle(qapp)


def measure(result: Path) -> None:
    from PySide6.QtWidgets import QApplication, QScrollArea

    from footdesk.appmodel import Screen
    from footdesk.keys import Command
    from footdesk.ui.dialogs import self_check_dialog
    from footdesk.ui.review_window import ReviewWindow
    from footdesk.ui.routine_editor import RoutineEditor
    from footdesk.ui.settings_dialog import SettingsDialog

    qapp, shell, model, window, clock = _app()
    screen = window.screen()
    window.show_notice(NOTICE)  # under every screen, as when the sound could not start
    pages: list[dict] = []

    def look(name: str) -> None:
        settle(qapp)
        page = window.stack.currentWidget()
        entry = {
            "name": name,
            "frame": list(window.frameGeometry().getRect()),
            "outer_scroll": [window.pages.horizontalScrollBar().maximum(), window.pages.verticalScrollBar().maximum()],
            "page": [page.width(), page.height()],
            "notice": window.statusBar().isVisible(),
            "notice_bar": [window.statusBar().height(), _lines_height(window.statusBar())],
            "clipped": _clipped(page),
            "sideways": [
                type(area).__name__
                for area in page.findChildren(QScrollArea)
                if area.isVisibleTo(page) and area.horizontalScrollBar().maximum() > 0
            ],
        }
        if model.screen is Screen.FINISHED:
            view = window.finished_view
            entry["view"] = [view.width(), view.height()]
            entry["list_height"] = view.scroller.viewport().height()
            entry["pain_buttons"] = [
                {"text": b.text(), "rect": _rect(b, view), "visible": b.isVisibleTo(view),
                 "scrolls": view.scroller.isAncestorOf(b),
                 "text_room": b.width() - 2 * 4 - 2 * 3 - b.fontMetrics().horizontalAdvance(b.text())}
                for b in view.pain.buttons
            ]  # fmt: skip
        pages.append(entry)

    def run_for(seconds: float) -> None:
        for _ in range(round(seconds * 2)):  # ticks close together: a long gap is a computer asleep
            clock.now += 0.5
            model.tick()

    look("home")
    model.start()
    look("tip")
    model.skip()
    look("get-ready")
    run_for(5.5)
    look("left")
    model.skip()
    run_for(5.5)
    look("right")
    model.skip()
    look("heel raises get-ready")
    run_for(5.5)
    look("heel raises")
    model.stop()
    look("finished")
    model.go_home()
    own = paths.routines_dir()  # a routine of one's own: the home screen offers a choice of two
    own.mkdir(parents=True, exist_ok=True)
    (own / "calf-and-knee-programme.toml").write_text(OWN_ROUTINE, encoding="utf-8")
    model.shelf.routines_changed.emit(None)
    model.select_routine("calf-and-knee-programme")
    look("home with a choice")
    model.start()  # a session of it too: the review then has two routines to choose between
    run_for(8)
    model.stop()
    model.go_home()
    look("home after a session")

    model.select_routine(model.base_routine.id)  # an exercise done whole: its check-in, then its safety card
    model.start()
    model.skip()
    run_for(5 + 120 + 5 + 120 + 1)
    look("check-in")
    model.press(Command.RATE, 9)
    look("safety card")
    model.press(Command.CARRY_ON)
    look("carried on")
    model.stop()
    look("finished after pain")
    model.go_home()

    start = (date.today() - timedelta(weeks=3)).isoformat()
    (own / "knee-plan.toml").write_text(PLANNED_ROUTINE.format(start=start), encoding="utf-8")
    model.shelf.routines_changed.emit(None)
    model.select_routine("knee-plan")
    model.start()  # its plan began three weeks ago: asked first
    look("plan question")
    model.answer(False)
    run_for(5.5)
    look("planned left side")
    model.stop()
    model.go_home()

    walk_the_questionnaires(qapp, shell, look)

    def editor(plan: bool) -> RoutineEditor:
        dialog = RoutineEditor(model, window)
        rows = dialog.library.list
        rows.setCurrentRow(next(row for row in range(rows.count()) if "Knee" in rows.item(row).text()))
        if plan:
            dialog.page.plan_switch.click()
        return dialog

    dialogs = []
    for name, make in (
        ("self-check", lambda: self_check_dialog(window)),
        ("settings", lambda: SettingsDialog(model.settings, model.settings_file.defaults, model.base_routine, window)),
        ("review", lambda: ReviewWindow(model, window)),
        ("routines", lambda: RoutineEditor(model, window)),
        ("editor", lambda: editor(plan=False)),
        ("editor with a plan", lambda: editor(plan=True)),
    ):
        dialog = make()
        dialog.show()
        settle(qapp)
        focus = type(QApplication.focusWidget()).__name__
        sideways = [area.objectName() or type(area).__name__ for area in dialog.findChildren(QScrollArea)
                    if area.isVisibleTo(dialog) and area.horizontalScrollBar().maximum() > 0]  # fmt: skip
        dialogs.append({"name": name, "frame": list(dialog.frameGeometry().getRect()), "focus": focus,
                        "sideways": sideways, "clipped": _clipped(dialog)})  # fmt: skip
        dialog.close()
    result.write_text(
        json.dumps({
            "available": list(screen.availableGeometry().getRect()),
            "device_pixel_ratio": screen.devicePixelRatio(),
            "maximized": window.isMaximized(),
            "pages": pages,
            "dialogs": dialogs,
        })
    )  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "remember":
        remember()
    else:
        measure(Path(sys.argv[2]))
