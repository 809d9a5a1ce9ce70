"""The draft's dose and plan, without a window: what the editor relies on."""

from __future__ import annotations

from dataclasses import replace

from footdesk.draft import Numbers, RoutineDraft
from footdesk.routine import Dose, Growth, Quantity, parse_routine
from tests.test_plan_file import EXAMPLE


def draft() -> RoutineDraft:
    return RoutineDraft(parse_routine(EXAMPLE))


def test_opened_as_it_is_the_same_routine_and_no_change():
    opened = draft()
    assert opened.routine() == parse_routine(EXAMPLE) and not opened.dirty and opened.problems() == []


def test_each_change_to_the_dose_and_the_phases_is_a_change():
    for change in (
        lambda d: setattr(d, "dose", Dose(3)),
        lambda d: d.add_phase(0),
        lambda d: d.move_phase(0, 1),
        lambda d: d.change_phase(1, weeks=3),
        lambda d: d.set_numbers(0, 1, Numbers(reps=9)),
    ):
        edited = draft()
        change(edited)
        assert edited.dirty


def test_numbers_follow_their_step_and_go_with_it():
    edited = draft()
    assert edited.move(1, -1) == 0  # the squats first
    assert edited.numbers(0, 0).reps == 8 and edited.routine().plan.phases[0].numbers_for("wall-squats").reps == 8
    edited.remove(0)
    assert [n.step for n in edited.routine().plan.phases[1].numbers] == ["calf-stretch"]


def test_a_problem_says_its_phase_and_step_and_key():
    edited = draft()
    edited.set_numbers(1, 1, replace(edited.numbers(1, 1), growth=Growth(Quantity.REPS, 2, 1, 5)))
    edited.change_phase(0, title=" ")
    first, second = edited.problems()
    assert (first.phase, first.step, first.key, first.plan) == (0, None, "title", True)
    assert first.text == "Plan: phase 1 needs a title"
    assert (second.phase, second.step, second.key) == (1, 1, "up_to")
    assert "up_to 5 is not above where the phase starts (10)" in second.text


def test_phases_added_after_the_chosen_one_take_a_title_not_taken():
    edited = draft()
    assert edited.add_phase(0) == 1 and edited.phases[1].title == "Phase 2"
    assert edited.add_phase(-1) == 3 and edited.phases[3].title == "Phase 4"
    while edited.phases:
        edited.remove_phase(0)
    assert edited.routine().plan is None and edited.routine().schema == 3  # the dose stays
