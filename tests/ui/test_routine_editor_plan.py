"""How often and the plan over weeks, edited the way a person does: clicks on
the real buttons, typing into the real fields; then the file written is read
back with footdesk's own loader."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget

from footdesk import paths
from footdesk.routine import Growth, Quantity, load_routine
from tests.ui.test_routine_editor import (  # noqa: F401 - the editor's fixtures, used by name
    choose,
    click,
    files,
    open_editor,
    own_routine,
    pick,
    type_over,
)

KNEE = "knee-rehab.toml"


def click_row(qtbot, listing: QListWidget, text: str) -> None:
    """Click the row that starts with ``text``."""
    for row in range(listing.count()):
        item = listing.item(row)
        if item.text().split(". ", 1)[-1].startswith(text):
            listing.scrollToItem(item)
            rect = listing.visualItemRect(item)
            qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert listing.currentRow() == row
            return
    raise AssertionError(f"no row {text!r} in {[listing.item(r).text() for r in range(listing.count())]}")


def rows(listing: QListWidget) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def plan_of(qtbot, editor):
    """The editor's plan part, shown by its button."""
    click(qtbot, editor.editor_page.plan_switch)
    plan = editor.editor_page.plan_form
    assert plan.isVisible() and not editor.steps_list.isVisible()
    return plan


def knee_programme_plan(qtbot, opened):
    """The knee programme made one's own, opened in the editor at its plan part."""
    own_routine()
    editor = opened()
    pick(qtbot, editor, "Knee programme")
    return editor, plan_of(qtbot, editor)


def saved(qtbot, editor):
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    return load_routine(paths.routines_dir() / KNEE)


def test_a_two_phase_plan_with_a_dose_and_a_rule_made_in_the_editor(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    editor, plan = knee_programme_plan(qtbot, open_editor)
    assert not plan.phase_box.isEnabled() and not plan.remove_phase_button.isEnabled()

    type_over(qtbot, plan.times_a_day, "2")
    choose(qtbot, plan.days_a_week, "5 days")

    click(qtbot, plan.add_phase_button)
    assert QApplication.focusWidget() is plan.phase_title
    type_over(qtbot, plan.phase_title, "Gentle")
    type_over(qtbot, plan.phase_weeks, "2")
    # the timed steps only (not the tip), each with its own numbers until given others
    assert rows(plan.phase_steps) == ["Calf stretch on a step — 0:30 left / 0:45 right (its own)",
                                      "Wall squats — 3 × 10 reps, 0:20 rest (its own)"]  # fmt: skip
    click_row(qtbot, plan.phase_steps, "Calf stretch")
    assert not plan.seconds.isVisible() and not plan.reps.isVisible()  # a length per side is not a plan's to change
    type_over(qtbot, plan.sets, "2")
    click_row(qtbot, plan.phase_steps, "Wall squats")
    assert plan.reps.isVisible() and plan.reps.text() == "its own"
    type_over(qtbot, plan.reps, "8")
    type_over(qtbot, plan.sets, "2")
    type_over(qtbot, plan.rest, "0:30")

    click(qtbot, plan.add_phase_button)
    type_over(qtbot, plan.phase_title, "Build")
    type_over(qtbot, plan.phase_weeks, "2")
    click_row(qtbot, plan.phase_steps, "Wall squats")
    type_over(qtbot, plan.reps, "10")
    choose(qtbot, plan.grow_what, "Reps")
    assert plan.grow_by.isVisible() and plan.grow_up_to.isVisible()
    type_over(qtbot, plan.grow_by, "2")
    type_over(qtbot, plan.grow_every, "1")
    type_over(qtbot, plan.grow_up_to, "12")
    assert rows(plan.phases) == ["1. Gentle — 2 weeks (weeks 1–2)", "2. Build — 2 weeks (weeks 3–4)"]
    assert rows(plan.phase_steps)[1] == "Wall squats — 3 × 10 reps, 0:20 rest, +2 reps every week up to 12"

    routine = saved(qtbot, editor)
    assert (routine.dose.times_a_day, routine.dose.days_a_week) == (2, 5)
    gentle, build = routine.plan.phases
    assert (gentle.title, gentle.weeks, build.title, build.weeks) == ("Gentle", 2, "Build", 2)
    calf, squats = gentle.numbers
    assert (calf.step, calf.sets, calf.seconds) == ("calf-stretch", 2, None)
    assert (squats.step, squats.reps, squats.sets, squats.rest) == ("squats", 8, 2, 30)
    (grown,) = build.numbers
    assert (grown.step, grown.reps, grown.sets) == ("squats", 10, None)
    assert grown.growth == Growth(Quantity.REPS, 2, 1, 12)
    assert routine.plan.start is None
    text = (paths.routines_dir() / KNEE).read_text(encoding="utf-8")
    assert text.startswith("\nschema = 3") and 'x-from = "my physiotherapist"   # someone' in text
    assert not editor.has_unsaved_changes()


def test_a_number_set_back_to_its_own_and_the_dose_back_to_the_weekly_goal(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    editor, plan = knee_programme_plan(qtbot, open_editor)
    choose(qtbot, plan.days_a_week, "3 days")
    click(qtbot, plan.add_phase_button)
    click_row(qtbot, plan.phase_steps, "Wall squats")
    type_over(qtbot, plan.sets, "4")
    type_over(qtbot, plan.rest, "0:45")
    routine = saved(qtbot, editor)
    assert routine.dose.days_a_week == 3 and routine.plan.phases[0].numbers[0].rest == 45

    plan = plan_of(qtbot, editor)
    choose(qtbot, plan.days_a_week, "My own weekly goal")
    click_row(qtbot, plan.phase_steps, "Wall squats")
    plan.rest.setFocus()
    qtbot.keyClick(plan.rest, Qt.Key.Key_PageDown)  # a minute less: the bottom of its range, the step's own
    assert plan.rest.text() == "its own"
    routine = saved(qtbot, editor)
    assert routine.dose.days_a_week is None
    (numbers,) = routine.plan.phases[0].numbers
    assert (numbers.sets, numbers.rest) == (4, None)


def test_phases_added_moved_and_removed(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    editor, plan = knee_programme_plan(qtbot, open_editor)
    for title in ("A", "B", "C"):
        click(qtbot, plan.add_phase_button)
        type_over(qtbot, plan.phase_title, title)
    assert not plan.phase_down_button.isEnabled()
    click(qtbot, plan.phase_up_button)  # C before B
    assert rows(plan.phases)[1].startswith("2. C")
    click_row(qtbot, plan.phases, "A")
    assert not plan.phase_up_button.isEnabled()
    click(qtbot, plan.phase_down_button)  # C, A, B
    assert [phase.title for phase in saved(qtbot, editor).plan.phases] == ["C", "A", "B"]

    plan = plan_of(qtbot, editor)
    click_row(qtbot, plan.phases, "A")
    type_over(qtbot, plan.phase_weeks, "3")
    assert rows(plan.phases) == ["1. C — 2 weeks (weeks 1–2)", "2. A — 3 weeks (weeks 3–5)",
                                 "3. B — 2 weeks (weeks 6–7)"]  # fmt: skip
    click_row(qtbot, plan.phases, "C")
    click(qtbot, plan.remove_phase_button)
    routine = saved(qtbot, editor)
    assert [(phase.title, phase.weeks) for phase in routine.plan.phases] == [("A", 3), ("B", 2)]

    plan = plan_of(qtbot, editor)
    for _ in range(2):
        click(qtbot, plan.remove_phase_button)
    routine = saved(qtbot, editor)
    assert routine.plan is None and "schema = 2" in (paths.routines_dir() / KNEE).read_text()


def test_a_start_date_of_its_own_and_one_too_far_ahead(qtbot, open_editor, app):  # noqa: F811 - the fixture, passed in
    path = own_routine()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    plan = plan_of(qtbot, editor)
    click(qtbot, plan.add_phase_button)
    assert not plan.start.isEnabled()
    click(qtbot, plan.start_set)
    assert plan.start.isEnabled()
    assert saved(qtbot, editor).plan.start == app.model.today()

    plan = plan_of(qtbot, editor)
    plan.start.setFocus()
    before = path.read_text()
    for typed, problem in (("2026-13-40", "is not a date like 2026-12-07"), ("2099-01-01", "is the year right?")):
        qtbot.keyClick(plan.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # as the fresh eyes typed it
        qtbot.keyClicks(plan.start, typed)
        assert plan.start.text() == typed  # what is typed is what is checked (a date box had made it 2026-01-01)
        assert plan.start_problem.isVisible() and problem in plan.start_problem.text(), plan.start_problem.text()
    click(qtbot, editor.save_button)
    assert editor.problem.isVisible() and "is the year right?" in editor.problem.text()
    assert QApplication.focusWidget() is plan.start or plan.start.isAncestorOf(QApplication.focusWidget())
    assert path.read_text() == before

    click(qtbot, plan.start_set)  # unticked: the day it is first run
    assert plan.start_problem.isHidden()
    assert saved(qtbot, editor).plan.start is None


def test_a_rule_that_would_go_past_its_own_limit_is_shown_beside_it_and_not_saved(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    path = own_routine()
    before = path.read_text()
    editor = open_editor()
    pick(qtbot, editor, "Knee programme")
    plan = plan_of(qtbot, editor)
    click(qtbot, plan.add_phase_button)
    type_over(qtbot, plan.phase_title, "Build")
    click_row(qtbot, plan.phase_steps, "Wall squats")
    choose(qtbot, plan.grow_what, "Sets")
    type_over(qtbot, plan.grow_up_to, "2")  # the step does 3 sets already
    assert plan.numbers_problem.isVisible()
    assert "up_to 2 is not above where the phase starts (3)" in plan.numbers_problem.text()
    click(qtbot, editor.editor_page.steps_switch)
    click(qtbot, editor.save_button)
    assert "Not saved — Plan: phase 'Build': step 'squats'" in editor.problem.text()
    assert plan.isVisible() and QApplication.focusWidget() in (plan.grow_up_to, plan.grow_up_to.lineEdit())
    assert path.read_text() == before

    type_over(qtbot, plan.phase_title, "")
    assert plan.phase_problem.isVisible() and "phase 1 needs a title" in plan.phase_problem.text()
    type_over(qtbot, plan.phase_title, "Build")
    type_over(qtbot, plan.grow_up_to, "5")
    assert plan.numbers_problem.isHidden() and plan.phase_problem.isHidden()
    assert saved(qtbot, editor).plan.phases[0].numbers[0].growth == Growth(Quantity.SETS, 1, 1, 5)


def test_a_new_routine_planned_before_its_first_save_and_a_step_made_a_tip(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    editor = open_editor()
    click(qtbot, editor.new_button)
    type_over(qtbot, editor.title_edit, "Knee programme")
    type_over(qtbot, editor.step_title, "Wall sit")
    type_over(qtbot, editor.seconds, "0:30")
    type_over(qtbot, editor.instructions, "Sit against the wall.")
    click(qtbot, editor.add_step_button)
    type_over(qtbot, editor.step_title, "Stretch")
    type_over(qtbot, editor.instructions, "Stretch.")

    plan = plan_of(qtbot, editor)
    click(qtbot, plan.add_phase_button)
    type_over(qtbot, plan.phase_title, "Start")
    click_row(qtbot, plan.phase_steps, "Wall sit")
    type_over(qtbot, plan.seconds, "0:45")
    choose(qtbot, plan.grow_what, "Seconds")
    type_over(qtbot, plan.grow_by, "15")
    type_over(qtbot, plan.grow_up_to, "90")
    click_row(qtbot, plan.phase_steps, "Stretch")
    type_over(qtbot, plan.sets, "2")

    # the stretch becomes a tip: it leaves the plan (kept here, should it be timed again)
    click(qtbot, editor.editor_page.steps_switch)
    editor.steps_list.setCurrentRow(1)
    choose(qtbot, editor.kind, "Tip")
    plan = plan_of(qtbot, editor)
    assert [line.split(" — ")[0] for line in rows(plan.phase_steps)] == ["Wall sit"]
    click(qtbot, editor.save_button)
    assert editor.problem.isHidden(), editor.problem.text()
    routine = load_routine(paths.routines_dir() / "knee-programme.toml")
    (numbers,) = routine.plan.phases[0].numbers
    assert (numbers.step, numbers.seconds) == ("wall-sit", 45)
    assert numbers.growth == Growth(Quantity.SECONDS, 15, 1, 90)


def test_the_plan_follows_its_step_moved_and_forgets_it_removed(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    editor, plan = knee_programme_plan(qtbot, open_editor)
    click(qtbot, plan.add_phase_button)
    click_row(qtbot, plan.phase_steps, "Wall squats")
    type_over(qtbot, plan.sets, "5")
    click(qtbot, editor.editor_page.steps_switch)
    editor.steps_list.setCurrentRow(1)
    click(qtbot, editor.up_button)  # the squats first now
    plan = plan_of(qtbot, editor)
    assert rows(plan.phase_steps)[0].startswith("Wall squats — 5 × 10 reps")
    routine = saved(qtbot, editor)
    assert [n.step for n in routine.plan.phases[0].numbers] == ["squats"] and routine.steps[0].id == "squats"

    click(qtbot, editor.editor_page.steps_switch)
    editor.steps_list.setCurrentRow(0)
    click(qtbot, editor.remove_step_button)
    assert saved(qtbot, editor).plan.phases[0].numbers == ()


def test_a_step_with_no_title_yet_is_named_so_in_a_phase_not_an_empty_quotation(qtbot, open_editor):  # noqa: F811 - the fixture, passed in
    _editor, plan = knee_programme_plan(qtbot, open_editor)
    click(qtbot, plan.add_phase_button)
    index = next(i for i, step in enumerate(plan.draft.steps) if step.title == "Wall squats")
    plan.draft.change(index, title="")  # as the step form does while its title is cleared
    plan._show_numbers(index)
    assert plan.numbers_step.text() == "(no title yet)"
    plan.draft.change(index, title="Wall squats")
    plan._show_numbers(index)
    assert plan.numbers_step.text() == "“Wall squats”"
