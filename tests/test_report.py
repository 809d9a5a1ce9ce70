from __future__ import annotations

from datetime import date

import pytest

from footdesk.records import Outcome
from footdesk.report import (
    goal_sentence,
    home_week_line,
    outcome_mark,
    outcome_words,
    plural,
    run_row,
    streak_sentence,
    week_table,
    week_text,
)
from footdesk.week import summarize_week
from tests.test_week import MONDAY, WHOLE, run, session


def test_plurals_have_one_writer():
    assert plural(1, "day") == "1 day" and plural(0, "day") == "0 days" and plural(2, "step run") == "2 step runs"


def test_the_weeks_sentences_agree_on_one_day():
    summary = summarize_week(2026, 47, [session(MONDAY, *WHOLE)], set(), {MONDAY}, MONDAY, MONDAY, goal_days=5)
    assert streak_sentence(summary) == "Streak: 1 day (longest 1)."
    assert goal_sentence(summary) == "Weekly goal: 5 days; 4 more days to go."
    assert home_week_line(summary) == "1 day in a row  ·  1 of 5 days this week"
    text = week_text(summary)
    assert "Streak: 1 day (longest 1)." in text and "1 days" not in text


def test_the_table_measures_against_what_was_planned_when_it_ran():
    """Settings changed since (say the stretch is 20 s now) do not bend a past day."""
    day = MONDAY
    summary = summarize_week(
        2026, 47, [session(day, run("stretch", "left", 30, 30), run("stretch", "right", 30, 12, Outcome.SKIPPED))],
        set(), {day}, day, day,
    )  # fmt: skip
    table = week_table(summary, {("mine", "stretch"): "Calf stretch on a step"})
    assert table.headings == ("Day", "Result", "Calf stretch (left)", "Calf stretch (right)", "Habits kept",
                              "Lower back")  # fmt: skip
    assert table.rows[0][2:4] == ("0:30 / 0:30", "0:12 / 0:30")
    assert table.rows[1][2:4] == ("", "")
    assert date(2026, 11, 17).strftime("%a %d %b") == table.rows[1][0]


def test_the_goal_says_what_is_still_possible_this_week():
    sunday = date(2026, 11, 22)
    summary = summarize_week(2026, 47, [], set(), set(), MONDAY, sunday, goal_days=7)
    assert goal_sentence(summary) == "Weekly goal: 7 days; 0 done, 1 day left this week."
    over = summarize_week(2026, 47, [], set(), set(), MONDAY, date(2026, 11, 23), goal_days=2)
    assert goal_sentence(over) == "Weekly goal: 2 days; 0 done, not reached."


def test_each_outcome_has_one_mark_of_its_own():
    marks = {outcome: outcome_mark(outcome) for outcome in Outcome}
    assert marks == {Outcome.COMPLETED: "✓", Outcome.SKIPPED: "↷", Outcome.RESTARTED: "↻", Outcome.STOPPED: "■"}
    assert len(set(marks.values())) == len(marks)


@pytest.mark.parametrize(
    ("outcome", "done_s", "habit", "words"),
    [
        (Outcome.COMPLETED, 120.0, True, "completed"),
        (Outcome.SKIPPED, 10.0, True, "skipped"),
        (Outcome.RESTARTED, 30.0, True, "restarted"),
        (Outcome.STOPPED, 45.0, True, "partly done"),  # the time on its clock counts
        (Outcome.STOPPED, 0.0, True, "stopped"),  # stopped before its clock ran
        (Outcome.STOPPED, None, True, "stopped"),  # a habit the session was stopped on was not kept
        (Outcome.COMPLETED, None, True, "habit kept"),
        (Outcome.COMPLETED, None, False, "done"),  # a tip
    ],
)
def test_an_outcome_in_words(outcome, done_s, habit, words):
    assert outcome_words(outcome, done_s, habit=habit) == words


def test_the_reviews_step_row_says_a_stopped_part_with_its_mark_and_words():
    stopped = run("stretch", "left", 30, 12, Outcome.STOPPED)
    row = run_row(stopped, "mine", {("mine", "stretch"): "Calf stretch"})
    assert (row.step, row.side, row.result, row.done, row.planned) == ("Calf stretch", "left", "■ partly done", "0:12",
                                                                        "0:30")  # fmt: skip
    habit = run_row(run("walk", None, None, 0), "mine", {})
    assert (habit.result, habit.done, habit.planned) == ("✓ habit kept", "", "")
