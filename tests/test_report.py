from __future__ import annotations

from datetime import date, timedelta

import pytest

from footdesk.records import Outcome
from footdesk.report import (
    day_line,
    goal_sentence,
    home_week_line,
    outcome_mark,
    outcome_words,
    plural,
    run_row,
    streak_sentence,
    totals_sentence,
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
    assert table.headings == ("Day", "Result", "Calf stretch (left)", "Calf stretch (right)", "Lower back")
    assert table.parts == 2
    assert table.rows[0][2:4] == ("0:30 / 0:30", "0:12 / 0:30")
    assert table.rows[1][2:4] == ("", "")
    assert date(2026, 11, 17).strftime("%a %d %b") == table.rows[1][0]


def test_the_goal_says_what_is_still_possible_this_week():
    sunday = date(2026, 11, 22)
    summary = summarize_week(2026, 47, [], set(), set(), MONDAY, sunday, goal_days=7)
    assert goal_sentence(summary) == "Weekly goal: 7 days; 0 done, 1 day left this week."
    over = summarize_week(2026, 47, [], set(), set(), MONDAY, date(2026, 11, 23), goal_days=2)
    assert goal_sentence(over) == "Weekly goal: 2 days; 0 done, not reached."
    # a try today that was stopped, or today marked a rest day: today can still be done
    tried = session(MONDAY, run("roll", "left", 120, 30, Outcome.STOPPED), completed=False)
    partly = summarize_week(2026, 47, [tried], set(), set(), MONDAY, MONDAY, goal_days=7)
    assert goal_sentence(partly) == "Weekly goal: 7 days; 7 more days to go."  # not "6 days left this week"
    resting = summarize_week(2026, 47, [], {MONDAY}, set(), MONDAY, MONDAY, goal_days=7)
    assert goal_sentence(resting) == "Weekly goal: 7 days; 7 more days to go."


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
    habit = run_row(run("walk", None, None, 0), "foot-strength", {})
    assert (habit.result, habit.done, habit.planned) == ("✓ habit kept", "", "")
    tip = run_row(run("walk", None, None, 0), "mine", {})  # an own routine's untimed step is a tip
    assert (tip.result, tip.done, tip.planned) == ("✓ done", "", "")


def test_a_week_before_the_first_session_claims_no_goal_missed_and_no_streak():
    """Issue 29, defect 12: "Weekly goal: 7 days; 0 done, not reached" and today's streak, for a
    week that ended before anything was ever done."""
    first = MONDAY + timedelta(weeks=2)
    earlier = summarize_week(2026, 47, [], set(), {first}, first, today=first, goal_days=7)
    assert earlier.before_start
    assert goal_sentence(earlier) == "Weekly goal: 7 days; this week was before your first session."
    assert streak_sentence(earlier) == "No streak yet: your first session came later."
    text = week_text(earlier)
    assert "not reached" not in text and "Streak: 1" not in text
    started = summarize_week(2026, 49, [session(first, *WHOLE)], set(), {first}, first, today=first)
    assert not started.before_start and streak_sentence(started) == "Streak: 1 day (longest 1)."


def test_a_day_under_a_minute_reads_in_seconds_in_the_terminal():
    """Issue 29, defect 7: "0 min" beside a session of 30 s."""
    summary = summarize_week(2026, 47, [session(MONDAY, run("stretch", "left", 30, 30.4))], set(), {MONDAY},
                             MONDAY, today=MONDAY)  # fmt: skip
    text = week_text(summary)
    assert "0 min" not in text
    assert "30 s" in day_line(summary.days[0])
    assert totals_sentence(summary) == "1 of 7 days done · 30 s of exercise"  # no habits: an own routine's week


def test_the_terminals_week_names_each_sessions_routine():
    """Issue 29, defect 18: `footdesk history` never said which routine a session was."""
    mine = session(MONDAY, run("stretch", "left", 30, 30), id=1)
    built_in = session(MONDAY, *WHOLE, id=2, routine="foot-strength")
    summary = summarize_week(2026, 47, [mine, built_in], set(), {MONDAY}, MONDAY, today=MONDAY)
    lines = week_text(summary, {"mine": "Knee programme", "foot-strength": "Strong feet, happier back"}).splitlines()
    sessions = lines[lines.index("  Sessions:") + 1 :][:2]
    assert sessions == ["  Mon 16 Nov 08:00  Knee programme  ✓ completed  30 s of exercise",
                        "  Mon 16 Nov 08:00  Strong feet, happier back  ✓ completed  1 min of exercise"]  # fmt: skip
    assert "1 habit kept" in totals_sentence(summary)
    assert "unknown-id" in week_text(summarize_week(
        2026, 47, [session(MONDAY, run("s", None, 30, 30), routine="unknown-id")], set(), set(), MONDAY, today=MONDAY
    ))  # fmt: skip


def test_the_pdf_table_has_a_habits_column_only_for_a_routine_with_habits():
    """Issue 29, defect 6: a "Habits kept" column for an own routine's tips."""
    own = summarize_week(2026, 47, [session(MONDAY, *WHOLE)], set(), {MONDAY}, MONDAY, today=MONDAY)
    assert "Habits kept" not in week_table(own, {}).headings
    both = summarize_week(2026, 47, [session(MONDAY, *WHOLE), session(MONDAY, *WHOLE, id=2, routine="foot-strength")],
                          set(), {MONDAY}, MONDAY, today=MONDAY)  # fmt: skip
    table = week_table(both, {})
    assert table.headings[-2:] == ("Habits kept", "Lower back") and table.rows[0][-2] == "1"
    assert len(table.headings) == 2 + table.parts + 2


def test_a_stopped_part_and_the_resume_offer_say_time_done_rounded_down():
    """Issue 29, defect 3: stored 6.347 s reads 0:06; the checkpoint at 10.003 s is "at 0:10"."""
    from footdesk.report import resume_sentence

    row = run_row(run("roll", "left", 120, 6.347, Outcome.STOPPED), "mine", {})
    assert row.done == "0:06"
    assert resume_sentence("Roll", "left foot", 10.003, 120).endswith("at 0:10 of 2:00.")
    table = week_table(summarize_week(2026, 47, [session(MONDAY, run("roll", "left", 30, 24.02, Outcome.SKIPPED))],
                                      set(), set(), MONDAY, today=MONDAY), {})  # fmt: skip
    assert table.rows[0][2] == "0:24 / 0:30"
