"""``footdesk plan``: this week of a routine's plan from the terminal, read only."""

from __future__ import annotations

import json
from datetime import date, timedelta

from footdesk import paths
from footdesk.cli import main
from tests.test_plans import write_knee


def plan_json(capsys, *options: str) -> dict:
    assert main(["plan", "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_plan_whose_start_is_three_weeks_back_gives_phase_twos_numbers(capsys):
    write_knee(start=date.today() - timedelta(weeks=3))
    shown = plan_json(capsys, "--routine", "knee-care")
    assert shown == {
        "routine": "knee-care",
        "week": 4,
        "weeks": 4,
        "phase": "Build",
        "days_done": 0,
        "days_prescribed": 5,
        "times_a_day": 1,
        "steps": [{"id": "wall-sit", "seconds": 45, "sets": 3, "reps": None, "rest": 30}],
    }
    assert not paths.plans_file().exists()  # a view: the person's progress is not started by looking


def test_the_routine_chosen_in_the_window_by_default_and_its_words(capsys):
    write_knee()
    paths.app_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.app_state_file().write_text(json.dumps({"routine": "knee-care"}))
    assert plan_json(capsys)["routine"] == "knee-care"
    assert main(["plan"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Knee care (knee-care): Week 1 of 4 · Start",
        "once a day, 5 days a week; 0 days done this week",
        "1. Wall sit — 2 × 0:30, 0:30 rest",
    ]
    assert not paths.plans_file().exists()


def test_without_a_plan_the_dose_and_the_files_numbers(capsys):
    shown = plan_json(capsys)  # the built-in routine, chosen by default
    assert shown["phase"] is None and shown["week"] is None and shown["weeks"] is None
    assert shown["times_a_day"] == 1 and shown["days_prescribed"] == 7  # the weekly goal's default
    assert all(step["seconds"] is None or step["seconds"] > 0 for step in shown["steps"])


def test_an_unknown_routine_is_one_line_and_exit_1(capsys):
    assert main(["plan", "--routine", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: there is no routine 'nope'") and len(err.splitlines()) == 1
