"""Weeks of use of a routine with a plan, on the model the window and the
terminal drive: the phase's numbers in the session and the history, progress
kept between runs, a harder dose asked (never imposed) and held back by pain."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest

from footdesk import paths
from footdesk.appmodel import Adapters, AppModel, Screen, build_model
from footdesk.keys import Command
from footdesk.plan import Held
from footdesk.records import Effort
from footdesk.session import SessionOptions
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker
from tests.helpers.recorders import RecordingCuePlayer

MONDAY = datetime(2026, 11, 16, 8, 0)

KNEE = """\
schema = 3
id = "knee-care"
title = "Knee care"
[dose]
times_a_day = 1
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
steps.wall-sit = {{ seconds = 45, sets = 3, rest = 30{grow} }}
[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 30
instructions = ["Sit with your back against the wall."]
"""


def write_knee(start: date | None = None, grow: str = "", text: str | None = None) -> None:
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    body = text or KNEE.format(start=f"start = {start.isoformat()}" if start else "", grow=grow)
    (folder / "knee-care.toml").write_text(body, encoding="utf-8")


class Days:
    """The person's calendar, moved by the test."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment.astimezone()

    def pass_days(self, days: int) -> None:
        self.moment += timedelta(days=days)


@pytest.fixture
def days() -> Days:
    return Days(MONDAY)


def open_model(clock: FakeClock, days: Days) -> AppModel:
    model = build_model(Adapters(clock=clock, wall_clock=days, waker=FakeWaker(), cue_player=RecordingCuePlayer(),
                                 fixed_options=SessionOptions(get_ready_s=3, sleep_gap_s=1e9)))  # fmt: skip
    model.open_history()
    assert model.select_routine("knee-care")
    return model


@pytest.fixture
def model(clock, days):
    write_knee()
    built = open_model(clock, days)
    yield built
    built.close()


def run_session(model: AppModel, clock: FakeClock, pain: int | None = None) -> None:
    """A whole session, as the timer would run it, then the back's rating and home."""
    assert model.screen is Screen.SESSION
    while (wake := model.next_wakeup()) is not None:
        clock.now = max(clock.now, wake)
        model.tick()
    assert model.screen is Screen.FINISHED
    if pain is not None:
        assert model.rate(pain)
    model.go_home()


def wall_sit(model: AppModel) -> tuple[int | None, int, int]:
    step = model.routine.step("wall-sit")
    return step.seconds, step.sets, step.rest


def test_a_plan_of_two_phases_moves_on_after_its_weeks_and_the_session_and_history_use_its_numbers(model, clock, days):
    assert model.plans.status().summary == "Week 1 of 4 · Start"
    assert not paths.plans_file().exists()  # nothing kept before the plan is taken up
    model.start()
    assert model.plans.question is None and wall_sit(model) == (30, 2, 30)
    run_session(model, clock)
    kept = json.loads(paths.plans_file().read_text())["routines"]["knee-care"]
    assert kept["start"] == "2026-11-16" and kept["phase"] == 0
    session = model.sessions()[-1]
    assert [run.planned_s for run in session.steps] == [30, 30]  # two sets of the phase's 0:30, not the file's one

    days.pass_days(13)  # the last day of the first phase: nothing to ask
    assert model.plans.status().summary == "Week 2 of 4 · Start"
    model.start()
    assert model.plans.question is None
    run_session(model, clock)

    days.pass_days(1)  # week 3: Build is due, and harder, so it is asked about
    model.start()
    assert model.screen is Screen.HOME and model.plans.question is not None
    assert model.plans.question.title == "Build"
    model.answer(go_up=True)
    assert model.screen is Screen.SESSION and wall_sit(model) == (45, 3, 30)
    assert model.routine.plan_phase == "Build" and model.routine.plan_week == 3
    run_session(model, clock)
    assert [run.planned_s for run in model.sessions()[-1].steps] == [45, 45, 45]
    assert model.plans.status().summary == "Week 3 of 4 · Build"


def test_progress_is_kept_between_runs(model, clock, days):
    model.start()
    run_session(model, clock)
    days.pass_days(15)
    model.start()
    model.answer(go_up=True)
    run_session(model, clock)
    model.close()
    again = open_model(clock, days)
    try:
        assert again.routine.plan_phase == "Build" and wall_sit(again) == (45, 3, 30)
        again.start()
        assert again.plans.question is None  # asked and answered once
    finally:
        again.close()


def test_not_yet_is_not_asked_again_that_day_but_is_the_next(model, clock, days):
    model.start()
    run_session(model, clock)
    days.pass_days(14)
    model.start()
    assert model.plans.question is not None
    model.answer(go_up=False)  # Not yet: the session starts with this phase's numbers
    assert model.screen is Screen.SESSION and wall_sit(model) == (30, 2, 30)
    run_session(model, clock)
    model.start()  # the same day: not asked again
    assert model.plans.question is None and model.screen is Screen.SESSION
    run_session(model, clock)
    days.pass_days(1)
    model.start()
    assert model.plans.question is not None and model.plans.question.title == "Build"


def test_a_rule_grows_the_numbers_week_by_week_when_accepted(clock, days):
    write_knee(grow=", grow = { every_weeks = 1, seconds = 15, up_to = 90 }")
    model = open_model(clock, days)
    try:
        model.start()
        run_session(model, clock)
        days.pass_days(14)
        model.start()
        model.answer(go_up=True)
        run_session(model, clock)
        days.pass_days(7)
        model.start()
        assert model.plans.question is not None and model.plans.question.level == 1
        model.answer(go_up=True)
        assert wall_sit(model) == (60, 3, 30)
    finally:
        model.close()


def test_a_back_rating_that_rose_holds_the_proposal_back_and_home_says_why(model, clock, days):
    model.start()  # the plan is taken up
    run_session(model, clock)
    days.pass_days(7)  # its second week: a week of ratings before
    model.start()
    run_session(model, clock, pain=3)
    days.pass_days(7)  # Build is due this week
    model.start()
    model.answer(go_up=False)
    run_session(model, clock, pain=5)  # the back worse than last week
    days.pass_days(1)
    status = model.plans.status()
    assert status.held == (Held.BACK_ROSE, "")
    model.start()
    assert model.plans.question is None and model.screen is Screen.SESSION  # started at once, with this phase's numbers
    assert wall_sit(model) == (30, 2, 30)
    run_session(model, clock, pain=0)  # better again (5 and 0 this week, 3 the week before): asked next time
    days.pass_days(1)
    assert model.plans.status().held is None
    model.start()
    assert model.plans.question is not None


def test_the_keys_answer_the_question_the_way_a_person_presses_them(model, clock, days):
    model.start()
    run_session(model, clock)
    days.pass_days(14)
    model.press(Command.CONFIRM)  # Enter at home: start
    assert model.plans.question is not None
    model.press(Command.PRIMARY)  # Space answers nothing
    assert model.plans.question is not None and model.screen is Screen.HOME
    model.press(Command.SKIP)  # N: not yet
    assert model.plans.question is None and model.screen is Screen.SESSION and wall_sit(model) == (30, 2, 30)
    run_session(model, clock)
    days.pass_days(1)
    model.press(Command.PRIMARY)
    model.press(Command.CONFIRM)  # Enter: go up now
    assert model.screen is Screen.SESSION and wall_sit(model) == (45, 3, 30)


def test_moving_on_early_and_never_past_the_last_phase(model, clock, days):
    model.start()
    run_session(model, clock)
    early = model.plans.early_move()
    assert early is not None and early.title == "Build"
    assert [(c.before.sets, c.after.sets) for c in early.changes] == [(2, 3)]
    assert model.plans.move_on_early()
    assert model.routine.plan_phase == "Build" and wall_sit(model) == (45, 3, 30)
    assert model.plans.early_move() is None and not model.plans.move_on_early()
    model.start()
    assert model.plans.question is None  # what the person chose is not asked again


def test_a_start_date_three_weeks_back_asks_at_the_first_session_whether_to_join_at_phase_two(clock, days):
    """The physio's calendar says Build; the person has done none of it: asked, never imposed."""
    write_knee(start=MONDAY.date() - timedelta(weeks=3))
    for go_up, numbers, phase in ((True, (45, 3, 30), "Build"), (False, (30, 2, 30), "Start")):
        paths.plans_file().unlink(missing_ok=True)
        model = open_model(clock, days)
        try:
            assert model.routine.plan_phase == "Start" and wall_sit(model) == (30, 2, 30)  # before it is taken up
            assert model.plans.status().summary == "Week 4 of 4 · Start"
            model.start()
            question = model.plans.question
            assert question is not None and question.title == "Build" and model.screen is Screen.HOME
            model.answer(go_up=go_up)
            assert model.screen is Screen.SESSION
            assert model.routine.plan_phase == phase and wall_sit(model) == numbers
        finally:
            model.close()


def test_a_start_date_changed_in_the_file_keeps_the_person_where_they_are(model, clock, days):
    """The fresh eyes' first defect: a start moved by a day jumped two phases at once, past the pain gate."""
    model.start()
    run_session(model, clock)
    write_knee(start=MONDAY.date() - timedelta(weeks=3))
    model.shelf.folder_changed()
    assert model.routine.plan_phase == "Start" and wall_sit(model) == (30, 2, 30)
    assert model.plans.status().summary == "Week 4 of 4 · Start"
    model.start()
    assert model.plans.question is not None  # a harder dose is asked for
    model.answer(go_up=False)
    assert wall_sit(model) == (30, 2, 30)


def test_fewer_phases_after_an_edit_leave_the_person_in_the_last_said_once(model, clock, days):
    notices = []
    model.notice.connect(notices.append)
    model.start()
    run_session(model, clock)
    assert model.plans.move_on_early()
    one_phase = KNEE.format(start="", grow="").split('[[plan.phases]]\ntitle = "Build"')[0]
    one_phase += KNEE.format(start="", grow="").split("seconds = 45, sets = 3, rest = 30 }\n")[1]
    write_knee(text=one_phase)
    model.shelf.folder_changed()
    assert model.routine.plan_phase == "Start" and wall_sit(model) == (30, 2, 30)
    assert model.plans.status().summary == "Week 1 of 2 · Start"
    said = [text for text in notices if "phase" in text]
    assert len(said) == 1 and "Knee care" in said[0] and "Start" in said[0]


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"version": 1, "routines": []}',
        b"[" * 100000,
        b"x" * 300000,
        b"\xff\xfe",
        b'{"version": 99, "routines": {}}',
    ],
    ids=["garbage", "no-routines", "deep", "huge", "not-utf8", "newer"],
)
def test_a_plans_file_footdesk_did_not_write_is_said_once_and_kept_aside(content, clock, days):
    write_knee()
    paths.plans_file().parent.mkdir(parents=True, exist_ok=True)
    paths.plans_file().write_bytes(content)
    model = open_model(clock, days)
    notices = []
    model.notice.connect(notices.append)
    try:
        assert model.plans.status().summary == "Week 1 of 4 · Start"  # still usable
        model.start()
        run_session(model, clock)
        said = [text for text in notices if str(paths.plans_file()) in text]
        assert len(said) <= 1
        assert not any("recursion" in text or "codec" in text or "Expecting" in text for text in said), said
        assert paths.plans_file().with_name("plans.json.unreadable").read_bytes() == content
        assert json.loads(paths.plans_file().read_text())["routines"]["knee-care"]["phase"] == 0
    finally:
        model.close()


def test_a_fifo_in_the_plans_files_place_is_never_waited_for(clock, days):
    write_knee()
    paths.plans_file().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(paths.plans_file())
    model = open_model(clock, days)
    notices = []
    model.notice.connect(notices.append)
    try:
        model.start()
        assert model.screen is Screen.SESSION  # the session runs
        run_session(model, clock)
        assert any(str(paths.plans_file()) in text for text in notices)
        assert model.plans.status().summary == "Week 1 of 4 · Start"
    finally:
        model.close()


def test_a_bad_entry_is_left_out_and_the_others_kept(clock, days):
    write_knee()
    paths.plans_file().parent.mkdir(parents=True, exist_ok=True)
    good = {"start": "2026-11-02", "phase": 1, "entered": "2026-11-16", "level": 0, "not_yet": None}
    bad = {"start": "yesterday", "phase": -1}
    paths.plans_file().write_text(json.dumps({"version": 1, "routines": {"knee-care": good, "other": bad}}))
    model = open_model(clock, days)
    try:
        assert model.routine.plan_phase == "Build"
    finally:
        model.close()


def test_another_copy_writing_the_file_is_seen_and_its_entries_kept(model, clock, days):
    model.start()
    run_session(model, clock)
    written = json.loads(paths.plans_file().read_text())
    written["routines"]["knee-care"]["phase"] = 1  # another footdesk moved on meanwhile
    written["routines"]["stretch"] = {"start": "2026-11-01", "phase": 0, "entered": None, "level": 0,
                                      "not_yet": None}  # fmt: skip
    paths.plans_file().write_text(json.dumps(written))
    assert model.routine.plan_phase == "Build"
    assert model.plans.move_on_early() is False  # in the last phase already
    days.pass_days(1)
    model.start()
    run_session(model, clock)
    assert "stretch" in json.loads(paths.plans_file().read_text())["routines"]


@pytest.mark.parametrize(
    ("effort", "pain", "held"),
    [
        (Effort.ABOUT_RIGHT, 2, None),
        (Effort.ABOUT_RIGHT, 3, (Held.HURT, "Wall sit")),
        (Effort.HARD, None, (Held.HARD, "Wall sit")),
        (Effort.EASY, 6, (Held.OVER_LIMIT, "")),
    ],
)
def test_a_check_in_that_hurt_or_was_hard_holds_the_proposal_back_that_week(model, clock, days, effort, pain, held):
    model.start()
    run_session(model, clock)
    days.pass_days(14)  # Build is due
    model.start()
    model.answer(go_up=False)
    assert model.screen is Screen.SESSION
    while (wake := model.next_wakeup()) is not None:
        clock.now = max(clock.now, wake)
        model.tick()
    assert model.check_ins.answer_effort(effort)
    if pain is not None:
        assert model.check_ins.answer_pain(pain)
    model.go_home()
    days.pass_days(1)  # "Not yet" was for that day only
    assert model.plans.status().held == held
    model.start()
    assert (model.plans.question is None) is (held is not None)


def test_a_plans_start_is_checked_against_the_apps_day_not_the_computers(clock):
    """The library read a plan's start against the real date while the app
    counted its weeks by its own clock: a test's clock years away from today
    (or a start written for it) made a good file "a typo in the year"."""
    later = Days(datetime(2031, 1, 6, 8, 0))  # a Monday, years after the computer's date
    write_knee(start=date(2030, 12, 8))  # four weeks before: a start no computer of 2026 would take
    model = open_model(clock, later)
    try:
        assert model.routine.plan is not None and model.plans.status().summary == "Week 5 · Start (a 4-week plan)"
    finally:
        model.close()
