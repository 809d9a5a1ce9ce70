"""A routine's dose and plan (routine.py reads them) and where a person is in
the plan (plan.py): weeks of use on given dates, never the wall clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from footdesk import plan
from footdesk.plan import Change, Held, PainWeek, Progress
from footdesk.routine import (
    Dose,
    Growth,
    Quantity,
    Routine,
    RoutineError,
    parse_routine,
    routine_problems,
)

TODAY = date(2026, 12, 7)  # a Monday

STEPS = """
[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 30
instructions = ["Sit with your back against the wall."]

[[steps]]
id = "calf"
title = "Calf stretch"
timing = "per-side"
seconds = 30
instructions = ["Stretch the {side} calf."]

[[steps]]
id = "bridge"
title = "Bridge"
timing = "timed"
reps = 10
tempo = [2, 2]
instructions = ["Lift your hips."]

[[steps]]
id = "walk"
title = "Walk"
timing = "untimed"
instructions = ["Walk a little every day."]
"""

TWO_PHASES = """schema = 3
id = "knee"
title = "Knee care"

[dose]
times_a_day = 2
days_a_week = 5

[plan]
{start}

[[plan.phases]]
title = "Start"
weeks = 2
steps.wall-sit = {{ seconds = 30, sets = 2, rest = 30 }}

[[plan.phases]]
title = "Build"
weeks = 2
steps.wall-sit = {{ seconds = 45, sets = 3, rest = 30, grow = {{ every_weeks = 1, seconds = 15, up_to = 90 }} }}
steps.calf = {{ seconds = 45 }}
steps.bridge = {{ reps = 12, grow = {{ every_weeks = 2, sets = 1, up_to = 3 }} }}
"""


def knee(start: str = "", today: date = TODAY) -> Routine:
    return parse_routine(TWO_PHASES.format(start=start) + STEPS, "knee.toml", today=today)


def problem(text: str) -> RoutineError:
    with pytest.raises(RoutineError) as raised:
        parse_routine(text, "knee.toml", today=TODAY)
    return raised.value


# Reading the file ------------------------------------------------------------------


def test_a_dose_and_two_phases_are_read_with_their_numbers_and_rules() -> None:
    routine = knee("start = 2026-11-16")
    assert routine.dose == Dose(times_a_day=2, days_a_week=5)
    assert routine.plan is not None
    assert routine.plan.start == date(2026, 11, 16)
    assert [(p.title, p.weeks) for p in routine.plan.phases] == [("Start", 2), ("Build", 2)]
    build = routine.plan.phases[1]
    wall = build.numbers_for("wall-sit")
    assert wall is not None and (wall.seconds, wall.sets, wall.rest) == (45, 3, 30)
    assert wall.growth == Growth(Quantity.SECONDS, by=15, every_weeks=1, up_to=90)
    assert build.numbers_for("walk") is None
    assert routine.schema == 3


def test_a_routine_without_dose_or_plan_is_once_a_day_and_written_as_schema_2() -> None:
    routine = parse_routine('schema = 2\nid = "r"\ntitle = "R"\n' + STEPS, "r.toml", today=TODAY)
    assert routine.dose == Dose(times_a_day=1, days_a_week=None)
    assert routine.plan is None
    assert routine.schema == 2


@pytest.mark.parametrize(
    ("change", "words", "line_has"),
    [
        (("schema = 3", "schema = 2"), "[dose] needs schema = 3", "[dose]"),
        (("times_a_day = 2", "times_a_day = 4"), "times_a_day must be a whole number from 1 to 3", "times_a_day"),
        (("days_a_week = 5", "days_a_week = 0"), "days_a_week must be a whole number from 1 to 7", "days_a_week"),
        (
            ('title = "Build"\nweeks = 2', 'title = "Build"\nweeks = 0'),
            "weeks must be a whole number from 1",
            "weeks = 0",
        ),
        (('title = "Build"\nweeks = 2', 'title = "Build"\nweeks = 2\nfrom_week = 2'), "cannot overlap", "from_week"),
        (
            ('title = "Build"\nweeks = 2', 'title = "Build"\nweeks = 2\nfrom_week = 5'),
            "belongs to no phase",
            "from_week",
        ),
        (('title = "Build"', 'title = "Start"'), "two phases are called 'Start'", 'title = "Start"'),
        (
            ("steps.calf = { seconds = 45 }", "steps.knee = { seconds = 45 }"),
            "which the routine does not have",
            "steps.knee",
        ),
        (("steps.calf = { seconds = 45 }", "steps.walk = { seconds = 45 }"), "is untimed", "steps.walk"),
        (
            ("steps.calf = { seconds = 45 }", "steps.calf = { seconds = 4000 }"),
            "seconds must be a whole number",
            "steps.calf",
        ),
        (("steps.bridge = { reps = 12,", "steps.bridge = { seconds = 12,"), "give reps, not seconds", "steps.bridge"),
        (("up_to = 3 }", "up_to = 30 }"), "up_to must be a whole number from 1 to 20", "steps.bridge"),
        (
            ("every_weeks = 1, seconds = 15, up_to = 90", "every_weeks = 1, seconds = 15, up_to = 40"),
            "not above where the phase starts",
            "steps.wall-sit",
        ),
        (
            ("every_weeks = 1, seconds = 15, up_to = 90", "every_weeks = 1, seconds = 1790"),
            "at most 1800",
            "steps.wall-sit",
        ),
        (
            ("every_weeks = 1, seconds = 15, up_to = 90", "every_weeks = 1, seconds = 15, sets = 1"),
            "one thing bigger",
            "steps.wall-sit",
        ),
        (("[plan]", "[plan]\nstart = 2031-01-01"), "more than a year ahead", "start = 2031"),
        (("[plan]", "[plan]\nstart = 2020-01-01"), "more than three years ago", "start = 2020"),
        (("[plan]", '[plan]\nstart = "soon"'), "start must be a date", "start ="),
    ],
)
def test_each_bad_plan_is_one_clear_error_with_its_line(change: tuple[str, str], words: str, line_has: str | None
                                                        ) -> None:  # fmt: skip
    text = TWO_PHASES.format(start="") + STEPS
    assert change[0] in text
    text = text.replace(change[0], change[1], 1)
    error = problem(text)
    assert words in str(error)
    assert str(error).startswith("knee.toml")
    if line_has is not None:
        assert error.line is not None, str(error)
        assert line_has in text.splitlines()[error.line - 1], (str(error), text.splitlines()[error.line - 1])
    assert routine_problems(text, "knee.toml", today=TODAY)[0].reason == error.reason


def test_a_plan_without_phases_or_with_too_many_weeks_is_refused() -> None:
    head = 'schema = 3\nid = "knee"\ntitle = "Knee care"\n'
    assert "a plan needs 1 to 12 [[plan.phases]] tables, got 0" in str(problem(head + "[plan]\nphases = []\n" + STEPS))
    assert "a plan needs 1 to 12" in str(problem(head + "[plan]\nstart = 2026-12-01\n" + STEPS))
    long = "".join(f'[[plan.phases]]\ntitle = "P{n}"\nweeks = 52\n' for n in range(3))
    assert "the plan is 156 weeks long; at most 104" in str(problem(head + long + STEPS))
    assert "plan must be a table" in str(problem(head + 'plan = "soon"\n' + STEPS))
    assert "unknown key 'phase' in [plan]" in str(problem(head + "[plan]\nphase = 1\n" + STEPS))


def test_a_plan_is_checked_against_steps_that_are_right_first() -> None:
    text = (TWO_PHASES.format(start="") + STEPS).replace(
        'seconds = 30\ninstructions = ["Sit', 'seconds = 3\ninstructions = ["Sit'
    )
    found = routine_problems(text, "knee.toml", today=TODAY)
    assert [error.key for error in found] == ["seconds"]
    assert found[0].step == "wall-sit"


# Where the person is ------------------------------------------------------------


def test_a_plan_without_a_start_begins_the_day_it_is_first_run() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = plan.begin(routine.plan, TODAY)
    assert progress == Progress(start=TODAY)
    assert plan.summary_line(routine.plan, progress, TODAY) == "Week 1 of 4 · Start"
    running = plan.as_planned(routine, progress, TODAY)
    wall = running.step("wall-sit")
    assert (wall.seconds, wall.sets, wall.rest) == (30, 2, 30)
    assert (running.plan_phase, running.plan_week) == ("Start", 1)


def test_a_start_three_weeks_back_begins_at_the_beginning_and_proposes_its_calendars_place() -> None:
    routine = knee("start = 2026-11-16")
    assert routine.plan is not None
    progress = plan.begin(routine.plan, TODAY)
    assert progress == Progress(start=date(2026, 11, 16))
    assert plan.as_planned(routine, progress, TODAY).plan_phase == "Start"
    place = plan.calendar_place(routine.plan, TODAY)
    assert (place.phase, place.entered, place.level) == (1, date(2026, 11, 30), 1)
    running = plan.as_planned(routine, place, TODAY)
    assert running.plan_phase == "Build" and running.plan_week == 4
    assert running.step("wall-sit").seconds == 60  # 45 + one week's 15
    assert running.step("calf").seconds == 45
    assert (running.step("bridge").reps, running.step("bridge").sets) == (12, 1)  # every 2 weeks: not yet
    assert plan.summary_line(routine.plan, place, TODAY) == "Week 4 of 4 · Build"
    proposal = plan.catch_up(routine.plan, routine, TODAY)
    assert proposal is not None and proposal.change is Change.CATCH_UP and proposal.title == "Build"
    assert "Wall sit: 3 × 1:00, 0:30 rest (now 2 × 0:30, 0:30 rest)" in plan.proposal_line(proposal)
    assert plan.accept(progress, proposal, TODAY) == place
    assert plan.catch_up(knee().plan, knee(), TODAY) is None  # a plan starting today is at its beginning


def test_two_phases_move_on_after_their_weeks_only_when_the_person_says_so() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = plan.begin(routine.plan, TODAY)
    for day in range(14):  # two weeks of "Start": nothing harder is due
        assert plan.due(routine.plan, progress, routine, TODAY + timedelta(days=day)) is None
    moved_on = TODAY + timedelta(weeks=2)
    proposal = plan.due(routine.plan, progress, routine, moved_on)
    assert proposal is not None and proposal.change is Change.NEXT_PHASE and proposal.title == "Build"
    assert "Wall sit: 3 × 0:45, 0:30 rest (now 2 × 0:30, 0:30 rest)" in plan.proposal_line(proposal)
    assert "Calf stretch: 0:45 each side (now 0:30 each side)" in plan.proposal_line(proposal)
    held = plan.not_yet(progress, moved_on)
    assert plan.due(routine.plan, held, routine, moved_on) is None  # not asked again that day
    assert plan.as_planned(routine, held, moved_on).plan_phase == "Start"  # stays longer
    next_day = moved_on + timedelta(days=1)
    again = plan.due(routine.plan, held, routine, next_day)
    assert again is not None and again.change is Change.NEXT_PHASE
    taken = plan.accept(held, again, next_day)
    assert (taken.phase, taken.entered, taken.level) == (1, next_day, 0)
    assert plan.as_planned(routine, taken, next_day).step("wall-sit").seconds == 45
    assert plan.summary_line(routine.plan, taken, next_day) == "Week 3 of 4 · Build"


def test_a_rule_grows_one_step_at_a_time_and_stops_at_its_ceiling() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = Progress(start=TODAY - timedelta(weeks=2), phase=1, entered=TODAY)
    seconds = []
    for week in range(1, 6):
        day = TODAY + timedelta(weeks=week)
        proposal = plan.due(routine.plan, progress, routine, day)
        while proposal is not None:
            assert proposal.change is Change.GROW
            progress = plan.accept(progress, proposal, day)
            proposal = plan.due(routine.plan, progress, routine, day)
        seconds.append(plan.as_planned(routine, progress, day).step("wall-sit").seconds)
    assert seconds == [60, 75, 90, 90, 90]  # + 15 s a week, up to 90
    assert (
        plan.as_planned(routine, progress, TODAY + timedelta(weeks=5)).step("bridge").sets == 3
    )  # +1 every 2 weeks, up to 3


def test_a_proposal_left_unanswered_for_weeks_asks_for_one_step_not_all_at_once() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = Progress(start=TODAY - timedelta(weeks=2), phase=1, entered=TODAY)
    proposal = plan.due(routine.plan, progress, routine, TODAY + timedelta(weeks=3))
    assert proposal is not None and proposal.level == 1
    assert "Wall sit: 3 × 1:00, 0:30 rest (now 3 × 0:45, 0:30 rest)" in plan.proposal_line(proposal)


def test_moving_on_early_is_possible_until_the_last_phase() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = plan.begin(routine.plan, TODAY)
    early = plan.next_phase_early(routine.plan, progress, TODAY + timedelta(days=3))
    assert early is not None and (early.phase, early.entered) == (1, TODAY + timedelta(days=3))
    assert plan.next_phase_early(routine.plan, early, TODAY + timedelta(days=4)) is None


def test_a_next_phase_that_is_not_harder_is_entered_without_asking() -> None:
    text = (TWO_PHASES.format(start="") + STEPS).replace(
        "steps.wall-sit = { seconds = 45, sets = 3, rest = 30, grow = { every_weeks = 1, seconds = 15, up_to = 90 } }\n"
        "steps.calf = { seconds = 45 }\nsteps.bridge = { reps = 12, grow = { every_weeks = 2, sets = 1, up_to = 3 } }",
        "steps.wall-sit = { seconds = 20, sets = 2, rest = 30 }",
    )
    routine = parse_routine(text, "knee.toml", today=TODAY)
    assert routine.plan is not None
    progress = plan.begin(routine.plan, TODAY)
    later = TODAY + timedelta(weeks=2)
    assert plan.due(routine.plan, progress, routine, later) is None
    lighter = plan.move_on_quietly(routine.plan, progress, routine, later)
    assert (lighter.phase, lighter.entered) == (1, later)
    assert plan.move_on_quietly(routine.plan, progress, routine, later - timedelta(days=1)) == progress


def test_past_the_plan_home_says_how_long_the_plan_was() -> None:
    routine = knee()
    assert routine.plan is not None
    progress = Progress(start=TODAY - timedelta(weeks=8), phase=1, entered=TODAY - timedelta(weeks=6))
    assert plan.summary_line(routine.plan, progress, TODAY) == "Week 9 · Build (a 4-week plan)"


def test_a_routine_without_a_plan_runs_as_its_file_says() -> None:
    routine = parse_routine('schema = 2\nid = "r"\ntitle = "R"\n' + STEPS, "r.toml", today=TODAY)
    assert plan.as_planned(routine, None, TODAY) is routine


# The pain gate -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "held"),
    [
        (PainWeek(), None),
        (PainWeek(back_ratings=(3, 2), back_ratings_before=(3, 3)), None),
        (PainWeek(back_ratings=(4,), back_ratings_before=(3, 3)), (Held.BACK_ROSE, "")),
        (PainWeek(back_ratings=(2, 4)), (Held.BACK_ROSE, "")),
        (PainWeek(back_ratings=(4, 2)), None),
        (PainWeek(check_in_pains=(("Wall sit", 2),)), None),
        (PainWeek(check_in_pains=(("Wall sit", 2), ("Bridge", 3))), (Held.HURT, "Bridge")),
        (PainWeek(hard=("Bridge",)), (Held.HARD, "Bridge")),
        (PainWeek(over_limit=True, hard=("Bridge",)), (Held.OVER_LIMIT, "")),
    ],
)
def test_pain_holds_progression_back_for_the_week(week: PainWeek, held: tuple[Held, str] | None) -> None:
    assert plan.pain_gate(week) == held


def test_routine_check_says_every_problem_of_the_dose_and_the_plan_at_once() -> None:
    text = (TWO_PHASES.format(start="") + STEPS).replace("times_a_day = 2", "times_a_day = 4")
    text = text.replace("days_a_week = 5", "days_a_week = 0").replace(
        'title = "Build"\nweeks = 2', 'title = "Build"\nweeks = 0'
    )
    text = text.replace(
        "steps.calf = { seconds = 45 }", "steps.walk = { seconds = 45 }\nsteps.ghost = { seconds = 45 }"
    )
    found = routine_problems(text, "knee.toml", today=TODAY)
    reasons = [error.reason for error in found]
    assert len(found) == 5, reasons
    assert "times_a_day must be a whole number from 1 to 3" in reasons[0]
    assert "days_a_week must be a whole number from 1 to 7" in reasons[1]
    assert any("weeks must be a whole number from 1" in reason for reason in reasons)
    assert any("'walk' is untimed" in reason for reason in reasons)
    assert any("names step 'ghost'" in reason for reason in reasons)
    lines = text.splitlines()
    for error in found:
        assert error.line is not None
        assert any(word in lines[error.line - 1] for word in ("times_a_day", "days_a_week", "weeks", "walk", "ghost"))
