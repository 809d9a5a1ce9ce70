"""A routine with a plan in the window: home says where the person is, a harder
dose is asked on a page of its own (answered by keys from across the room or
by a click), and the menu moves on to the next phase early, asked first."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from footdesk import paths
from footdesk.plan import PainWeek
from footdesk.session import SessionOptions
from tests.helpers.answers import BoxAnswerer
from tests.test_plans import KNEE

TWO_WEEKS_BEFORE_TEST_DAY = "2026-11-04"  # the test day is Wednesday 2026-11-18: Build is due


def plan_app(make_app, progress: dict | None = None):
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "knee-care.toml").write_text(KNEE.format(start="", grow=""), encoding="utf-8")
    if progress is not None:
        paths.plans_file().parent.mkdir(parents=True, exist_ok=True)
        paths.plans_file().write_text(json.dumps({"version": 1, "routines": {"knee-care": progress}}))
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    assert app.model.select_routine("knee-care")
    return app


def in_start_phase(**more) -> dict:
    return {"start": TWO_WEEKS_BEFORE_TEST_DAY, "phase": 0, "entered": None, "level": 0, "not_yet": None, **more}


def kept() -> dict:
    return json.loads(paths.plans_file().read_text())["routines"]["knee-care"]


def wall_sit_seconds(app) -> tuple[int, int]:
    step = app.model.routine.step("wall-sit")
    return step.seconds, step.sets


def test_home_says_the_week_and_phase_only_for_a_routine_with_a_plan(make_app):
    app = plan_app(make_app)
    home = app.window.home
    assert home.plan_line.isVisible() and home.plan_line.text() == "Week 1 of 4 · Start"
    assert not home.plan_held.isVisible()
    app.model.select_routine(app.model.base_routine.id)
    assert not home.plan_line.isVisible()


def ask_by_space(qtbot, app):
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    page = app.shell.plan_prompts.page
    assert app.window.stack.currentWidget() is page
    assert page.body.text() == "Next: Build — Wall sit: 3 × 0:45, 0:30 rest (now 2 × 0:30, 0:30 rest)"
    assert page.go_up_button.isVisible() and page.not_yet_button.isVisible()
    assert "Go up now" in app.window.last_announcement
    return page


@pytest.mark.parametrize("key", [Qt.Key.Key_N, Qt.Key.Key_Escape])
def test_not_yet_by_key_starts_with_this_phases_numbers_and_is_kept(qtbot, make_app, key):
    app = plan_app(make_app, in_start_phase())
    ask_by_space(qtbot, app)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # Space, the habitual key, answers nothing
    assert app.model.plans.question is not None
    qtbot.keyClick(app.window, key)
    assert app.window.stack.currentWidget() is app.window.session_view
    assert wall_sit_seconds(app) == (30, 2)
    assert kept()["not_yet"] == "2026-11-18" and kept()["phase"] == 0


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_U])
def test_go_up_by_key_starts_with_the_next_phases_numbers(qtbot, make_app, key):
    app = plan_app(make_app, in_start_phase())
    ask_by_space(qtbot, app)
    qtbot.keyClick(app.window, key)
    assert app.window.stack.currentWidget() is app.window.session_view
    assert wall_sit_seconds(app) == (45, 3)
    assert kept()["phase"] == 1 and kept()["entered"] == "2026-11-18"


@pytest.mark.parametrize(("button", "phase", "numbers"), [("go_up_button", 1, (45, 3)), ("not_yet_button", 0, (30, 2))])
def test_the_questions_buttons_answer_by_click(qtbot, make_app, button, phase, numbers):
    app = plan_app(make_app, in_start_phase())
    page = ask_by_space(qtbot, app)
    qtbot.mouseClick(getattr(page, button), Qt.MouseButton.LeftButton)
    assert app.window.stack.currentWidget() is app.window.session_view
    assert wall_sit_seconds(app) == numbers and kept()["phase"] == phase


def test_the_reminders_start_asks_too(qtbot, make_app):
    app = plan_app(make_app, in_start_phase())
    app.model.reminder_shown()
    qtbot.mouseClick(app.window.reminder_banner.start_button, Qt.MouseButton.LeftButton)
    assert app.window.stack.currentWidget() is app.shell.plan_prompts.page


def test_home_says_why_a_harder_dose_waits(qtbot, make_app, monkeypatch):
    app = plan_app(make_app, in_start_phase())
    worse = PainWeek(back_ratings=(5,), back_ratings_before=(2,))  # tests/test_plans.py rates them in sessions
    monkeypatch.setattr(app.model.plans, "pain_week", lambda: worse)
    app.shell.plan_prompts.show_plan()
    held = app.window.home.plan_held
    assert held.isVisible() and held.text() == "Staying at this week's numbers: your back was worse than last week."
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.window.stack.currentWidget() is app.window.session_view  # not asked: started with today's numbers
    assert wall_sit_seconds(app) == (30, 2)


def routine_menu(window) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&Routine")


def test_moving_on_early_from_the_menu_is_asked_with_what_changes(qtbot, make_app):
    app = plan_app(make_app)
    action = app.shell.plan_prompts.next_phase_action
    assert action.isEnabled()
    answers = BoxAnswerer(qtbot, "nextPhaseQuestion", "Stay")
    try:
        action.trigger()
        assert answers.asked and "Wall sit: 3 × 0:45, 0:30 rest (now 2 × 0:30, 0:30 rest)" in answers.asked[0]
        assert app.model.routine.plan_phase == "Start"  # stayed
        answers.button = "Move to Build"
        action.trigger()
    finally:
        answers.stop()
    assert app.model.routine.plan_phase == "Build" and wall_sit_seconds(app) == (45, 3)
    assert app.window.home.plan_line.text() == "Week 1 of 4 · Build"
    assert not action.isEnabled()  # the last phase: nothing to move on to
    app.model.select_routine(app.model.base_routine.id)
    assert not action.isEnabled()  # no plan


def test_the_menu_action_is_greyed_where_it_cannot_be_used(qtbot, make_app):
    app = make_app()
    menu = routine_menu(app.window)
    menu.aboutToShow.emit()
    assert not app.shell.plan_prompts.next_phase_action.isEnabled()
    assert QApplication.activeModalWidget() is None


def test_a_plan_that_began_before_the_first_session_says_so_when_it_asks():
    from datetime import date

    from footdesk import plan
    from footdesk.routine import parse_routine
    from footdesk.ui.plan_question import question_text

    text = KNEE.format(start="start = 2026-11-16", grow="")
    routine = parse_routine(text, "knee.toml", today=date(2026, 12, 7))
    assert routine.plan is not None
    proposal = plan.catch_up(routine.plan, routine, date(2026, 12, 7))
    assert proposal is not None
    words = question_text(proposal)
    assert words.startswith("Your plan began before your first session here: by its calendar this week is Build")
    assert words.endswith("Not yet starts at its beginning.")


def test_moving_on_early_in_a_week_of_pain_says_so_before_the_person_chooses(qtbot, make_app, monkeypatch):
    app = plan_app(make_app)
    monkeypatch.setattr(app.model.plans, "pain_week", lambda: PainWeek(over_limit=True))
    answers = BoxAnswerer(qtbot, "nextPhaseQuestion", "Stay")
    try:
        app.shell.plan_prompts.next_phase_action.trigger()
    finally:
        answers.stop()
    assert answers.asked and (
        "Staying at this week's numbers: pain went over your limit this week. footdesk proposes nothing harder "
        "this week." in answers.asked[0]
    )
    assert app.model.routine.plan_phase == "Start"
