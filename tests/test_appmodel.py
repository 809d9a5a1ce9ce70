"""The application without a window: the same model the window and the
terminal drive, with a fake clock and a fake timer."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from footdesk import paths
from footdesk.appmodel import Adapters, AppModel, Screen, build_model
from footdesk.report import sessions_csv, sessions_json, week_text
from footdesk.session import SessionOptions, State
from footdesk.week import DayState
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker, files_in
from tests.helpers.recorders import RecordingCuePlayer

WEDNESDAY = datetime(2026, 11, 18, 8, 0)


@pytest.fixture
def model(clock: FakeClock) -> AppModel:
    built = build_model(
        Adapters(
            clock=clock,
            wall_clock=lambda: WEDNESDAY.astimezone(),
            waker=FakeWaker(),
            cue_player=RecordingCuePlayer(),
            fixed_options=SessionOptions(get_ready_s=3, sleep_gap_s=1e9),
        )
    )
    built.open_history()
    yield built
    built.close()


def run_until_idle(model: AppModel, clock: FakeClock, limit: float) -> None:
    """Let the model's clock run as its timer would, up to ``limit`` seconds."""
    end = clock.now + limit
    while (wake := model.next_wakeup()) is not None and wake <= end:
        clock.now = wake
        model.tick()


def test_the_screen_follows_the_session_and_space_never_starts_a_second_routine(model, clock):
    seen = []
    model.session_changed.connect(lambda snap: seen.append(None if snap is None else snap.state))
    assert model.screen is Screen.HOME
    model.primary()  # Space: start
    assert model.screen is Screen.SESSION and seen[-1] is State.TIP
    model.primary()  # Space on the tip: the habit is kept
    model.stop()
    assert model.screen is Screen.FINISHED
    model.primary()  # Space on the finished screen: home, not a new session
    assert model.screen is Screen.HOME and seen[-1] is None
    assert len(model.sessions()) == 1


def test_a_session_stopped_before_anything_was_done_goes_straight_home(model, clock):
    """Nothing to show, to rate or to keep: no finished screen claiming a history problem."""
    finished = []
    model.finished.connect(finished.append)
    model.start()
    model.stop()
    assert model.screen is Screen.HOME and finished == [] and model.sessions() == []


def test_the_timer_is_armed_only_while_a_clock_runs(model, clock):
    waker = model.adapters.waker
    model.start()
    assert waker.delay is None  # a habit to read: nothing to wake for
    model.skip()
    assert waker.delay == pytest.approx(1.0)  # get-ready: the next second
    model.toggle()  # pause
    assert waker.delay is None


def test_the_cue_player_hears_when_the_next_sound_is_due(model, clock):
    """So the sound device can rest between cues (platform/audio.py)."""
    player = model.cue_player
    model.start()
    assert player.next_cues[-1] is None  # a habit to read: nothing comes by itself
    model.skip()
    assert player.next_cues[-1] == pytest.approx(0.0)  # a 3 s get-ready is counted in at once
    run_until_idle(model, clock, 3.0)  # the roll starts: its first guide line is 40 s away
    assert player.next_cues[-1] == pytest.approx(40.0)
    model.toggle()  # pause
    assert player.next_cues[-1] is None


def test_one_session_gives_the_same_minutes_everywhere(model, clock):
    """Roll the left foot 30 s, go back (restart it), then finish: the finished
    screen, the week, the terminal, the CSV and the JSON all count 330 s."""
    results = []
    model.finished.connect(results.append)
    model.start()
    model.skip()  # past the barefoot habit
    clock.advance(3 + 30)
    model.tick()
    model.back()  # restart the left foot: its 30 s still count
    run_until_idle(model, clock, 3 + 120 + 3 + 120 + 3 + 60)
    model.skip()  # confirm the shoes habit
    (result,) = results
    assert result.completed and result.exercise_s == 330
    week = model.this_week()
    assert week.exercise_s == 330 and week.days[2].state is DayState.DONE
    assert "5 min of exercise" in week_text(week)  # 5:30: time done is rounded down
    rows = list(csv.DictReader(io.StringIO(sessions_csv(model.sessions()).lstrip("\ufeff"))))
    assert sum(float(row["actual_s"]) for row in rows if row["planned_s"]) == 330
    (recorded,) = json.loads(sessions_json(model.sessions()))
    assert sum(step["actual_s"] for step in recorded["steps"] if step["planned_s"]) == 330


def test_a_rating_is_kept_for_the_session_just_finished(model, clock):
    model.start()
    model.skip()
    model.stop()
    assert model.rate(4) is True
    assert model.sessions()[0].pain == 4
    assert model.this_week().days[2].pain == 4


def test_without_a_history_a_rating_is_not_claimed(clock, tmp_path):
    blocked = tmp_path / "data-is-a-file"
    blocked.write_text("x")
    alone = build_model(Adapters(clock=clock), files_in(tmp_path, history=blocked / "history.sqlite3"))
    notices = []
    alone.notice.connect(notices.append)
    alone.open_history()
    assert "not being saved" in notices[0]
    alone.start()
    alone.skip()
    alone.stop()
    assert alone.result().can_rate is False and alone.rate(3) is False


def test_settings_applied_mid_session_take_effect_from_the_next_part(model, clock):
    from dataclasses import replace

    model.start()
    model.apply_settings(replace(model.settings, durations={"roll": 45, "heel-raises": 60}))
    model.skip()
    clock.advance(3)
    model.tick()
    assert model.snapshot().remaining_s == 45
    assert "roll = 45" in paths.settings_file().read_text()


def test_a_rest_day_changes_the_week_and_tells_the_listeners(model, clock):
    weeks = []
    model.week_changed.connect(weeks.append)
    model.set_rest_day(WEDNESDAY.date(), True)
    assert weeks[-1].days[2].state is DayState.REST


def test_the_week_and_the_trend_can_be_of_one_routine(model, clock, tmp_path):
    from footdesk.records import StepRun
    from footdesk.week import iso_week_of

    store = model.history
    started = WEDNESDAY.astimezone()
    other = store.begin_session("knee-rehab", started)
    store.add_step_run(other, StepRun("squats", None, 40, 40.0, "completed", "a", "b"))
    store.end_session(other, started, completed=True)
    year, week = iso_week_of(WEDNESDAY.date())
    assert model.week(year, week).days_done == 1  # any routine completed counts the day
    assert model.week(year, week, routine="foot-strength").days_done == 0
    assert model.trend(year, week, routine="knee-rehab")[-1].exercise_s == 40
    assert model.trend(year, week, routine="foot-strength")[-1].exercise_s == 0


def test_each_key_of_the_map_means_what_its_screen_calls_for(model, clock):
    """One key map (footdesk.keys), one rule per screen (AppModel.press): the
    model acts, and hands back only what is the view's."""
    from footdesk.keys import Command

    assert model.press(Command.ESCAPE) is Command.ESCAPE  # home: the window leaves full screen
    assert model.press(Command.RATE) is None and model.press(Command.RIGHT) is None
    assert model.screen is Screen.HOME
    model.press(Command.CONFIRM)  # Enter at home starts
    assert model.screen is Screen.SESSION
    assert model.press(Command.CONFIRM) is None and model.screen is Screen.SESSION  # no second start
    first = model.snapshot().phase.index
    assert model.press(Command.RIGHT) is None and model.snapshot().phase.index == first + 1
    assert model.press(Command.LEFT) is None  # back: this part again, before it starts
    model.press(Command.SKIP)
    model.press(Command.BACK)
    model.press(Command.ESCAPE)  # Esc in a session stops it
    assert model.screen is Screen.FINISHED and model.result().stopped
    for view_keys in (Command.RIGHT, Command.LEFT, Command.RATE):
        assert model.press(view_keys) is view_keys  # the rating on the finished screen is the view's
    muted = model.sound_status()
    model.press(Command.MUTE)
    assert model.sound_status() != muted
    model.press(Command.ESCAPE)  # Esc on the finished screen: back to the start
    assert model.screen is Screen.HOME and len(model.sessions()) == 1


def test_every_command_has_a_key_and_every_key_is_in_the_help():
    from footdesk.keys import KEY_HELP, KEY_MAP, Command

    assert {binding.command for binding in KEY_MAP} == set(Command)
    helped = " ".join(keys for keys, _ in KEY_HELP)
    for binding in KEY_MAP:
        shown = {"Right": "→", "Left": "←", "Return": "Enter"}.get(binding.keys[0], binding.keys[0])
        assert shown in helped or binding.command is Command.RATE, binding
    assert "0 – 9" in helped
