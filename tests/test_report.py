from __future__ import annotations

from datetime import date

from footdesk.records import Outcome
from footdesk.report import goal_sentence, home_week_line, plural, streak_sentence, week_table, week_text
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
