from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdesk.routine import Side, load_default_routine, parse_routine
from footdesk.session import (
    GetReadyStarted,
    GuideAdvanced,
    Halfway,
    Outcome,
    Paused,
    PauseReason,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    RoutineFinished,
    RoutineStarted,
    SecondElapsed,
    Session,
    SessionOptions,
    SideSwitched,
    State,
    TipShown,
    WaitingToStart,
)

T0 = 1000.0


def opts(**overrides) -> SessionOptions:
    """Options for tests that leap through time: sleep detection off unless asked for."""
    overrides.setdefault("sleep_gap_s", 1e9)
    return SessionOptions(**overrides)


def kinds(events):
    return [type(e).__name__ for e in events]


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


@pytest.fixture
def routine():
    return load_default_routine()


def walk(session: Session, start: float, end: float) -> list:
    """Tick once a second from start to end, as the Qt shell does."""
    events = []
    t = start
    while t < end:
        t = min(end, t + 1)
        events += session.tick(t)
    return events


def run_to_first_timed(session: Session, now: float = T0) -> float:
    session.start(now)
    assert session.state is State.TIP
    session.skip(now)  # the barefoot tip, confirmed
    return now


def test_start_shows_the_first_tip(routine):
    session = Session(routine, opts())
    events = session.start(T0)
    assert kinds(events) == ["RoutineStarted", "TipShown"]
    assert session.state is State.TIP
    assert session.phase.step.id == "barefoot"


def test_a_tip_waits_for_the_person_however_long(routine):
    session = Session(routine, opts())
    session.start(T0)
    assert session.tick(T0 + 3600) == []
    assert session.state is State.TIP
    assert session.next_wakeup(T0 + 3600) is None


def test_whole_default_routine_by_the_clock(routine):
    session = Session(routine, opts())
    events = session.start(T0)
    events += session.skip(T0 + 10)  # confirm barefoot
    t = T0 + 10
    # drive by the session's own wake-ups, as the Qt shell does
    while session.state not in (State.TIP, State.FINISHED):
        t = session.next_wakeup(t)
        events += session.tick(t)
    assert session.phase.step.id == "shoes"
    events += session.skip(t + 3)
    assert session.state is State.FINISHED
    runs = [e.run for e in of(events, PhaseEnded)]
    assert [(r.phase.step.id, r.phase.side, r.outcome) for r in runs] == [
        ("barefoot", None, Outcome.COMPLETED),
        ("roll", Side.LEFT, Outcome.COMPLETED),
        ("roll", Side.RIGHT, Outcome.COMPLETED),
        ("heel-raises", None, Outcome.COMPLETED),
        ("shoes", None, Outcome.COMPLETED),
    ]
    timed = [r for r in runs if r.planned_s]
    assert [r.active_s for r in timed] == [120, 120, 60]
    assert [r.ended_at - r.started_at for r in timed] == [120, 120, 60]
    # each phase starts exactly when its get-ready ends, 5 s after the previous one ended
    assert timed[1].started_at == timed[0].ended_at + 5
    assert timed[2].started_at == timed[1].ended_at + 5
    assert of(events, RoutineFinished) == [RoutineFinished(at=t + 3, completed=True)]
    assert len(of(events, SideSwitched)) == 1
    assert of(events, SideSwitched)[0].phase.side is Side.RIGHT


def test_get_ready_counts_down_then_the_clock_runs(routine):
    session = Session(routine, opts(get_ready_s=3))
    run_to_first_timed(session)
    assert session.state is State.GET_READY
    shown = [session.snapshot(T0 + dt).shown_seconds for dt in (0, 0.5, 1, 1.5, 2.9)]
    assert shown == [3, 3, 2, 2, 1]
    events = session.tick(T0 + 3)
    assert kinds(events) == ["PhaseStarted"]
    assert events[0].at == T0 + 3
    assert session.snapshot(T0 + 3).shown_seconds == 120


def test_seconds_are_reported_once_each_and_only_the_latest_after_a_late_tick(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    events = []
    for dt in (0.5, 1.0, 1.2, 2.0):
        events += session.tick(T0 + dt)
    assert [e.remaining_s for e in of(events, SecondElapsed)] == [119, 118]
    late = session.tick(T0 + 4.5)  # two seconds passed unseen
    assert [e.remaining_s for e in of(late, SecondElapsed)] == [116]


def test_halfway_and_guide_stages(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    events = []
    t = T0
    while session.phase.side is Side.LEFT:
        t = session.next_wakeup(t)
        events += session.tick(t)
    assert [e.at - T0 for e in of(events, Halfway)] == [60]
    guide = of(events, GuideAdvanced)
    assert [(e.stage, e.instruction, e.at - T0) for e in guide] == [(1, 3, 40), (2, 4, 80)]


def test_emphasis_follows_setup_then_guide(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    assert session.snapshot(T0 + 1).emphasised == (0,)  # "stand with the ball under your left foot"
    session.tick(T0 + 5)
    assert session.snapshot(T0 + 6).emphasised == (2,)  # toes
    assert session.snapshot(T0 + 5 + 45).emphasised == (3,)  # arch
    assert session.snapshot(T0 + 5 + 100).emphasised == (4,)  # heel


def test_pause_moves_the_deadline(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    session.tick(T0 + 30)
    events = session.toggle(T0 + 30)
    assert of(events, Paused)[0].reason is PauseReason.PERSON
    assert session.snapshot(T0 + 500).remaining_s == 90
    assert session.tick(T0 + 500) == []
    assert kinds(session.toggle(T0 + 500)) == ["Resumed"]
    assert session.tick(T0 + 589.9) != [] and session.phase.side is Side.LEFT
    events = session.tick(T0 + 590)
    run = of(events, PhaseEnded)[0].run
    assert run.active_s == 120 and run.outcome is Outcome.COMPLETED
    assert run.ended_at == T0 + 590


def test_pause_during_get_ready_keeps_its_look_and_time(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.toggle(T0 + 2)
    snap = session.snapshot(T0 + 100)
    assert snap.state is State.PAUSED and snap.clock_state is State.GET_READY
    assert snap.remaining_s == 3
    session.toggle(T0 + 100)
    assert kinds(session.tick(T0 + 103)) == ["PhaseStarted"]


def test_a_late_tick_never_stretches_the_next_phase(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    events = session.tick(T0 + 5 + 120 + 0.7)  # tick 700 ms late at the end of the left foot
    left = of(events, PhaseEnded)[0].run
    assert left.ended_at == T0 + 125
    assert of(events, GetReadyStarted)[0].at == T0 + 125
    events = session.tick(T0 + 130.2)
    assert of(events, PhaseStarted)[0].at == T0 + 130
    events = session.tick(T0 + 250)
    right = of(events, PhaseEnded)[0].run
    assert right.started_at == T0 + 130 and right.ended_at == T0 + 250


def test_one_very_late_tick_runs_every_boundary_it_missed(routine):
    session = Session(routine, opts(get_ready_s=1, sleep_gap_s=1e9))
    run_to_first_timed(session)
    events = session.tick(T0 + 1000)
    assert [e.run.phase.step.id for e in of(events, PhaseEnded)] == ["roll", "roll", "heel-raises"]
    assert session.phase.step.id == "shoes"


def test_a_clock_jump_pauses_instead_of_finishing_the_step(routine):
    session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=5))
    run_to_first_timed(session)
    for second in range(1, 11):
        session.tick(T0 + second)
    events = session.tick(T0 + 10 + 3600)  # laptop lid closed for an hour
    assert kinds(events) == ["Paused"]
    assert events[0].reason is PauseReason.CLOCK_JUMP and events[0].at == T0 + 10
    snap = session.snapshot(T0 + 3610)
    assert snap.state is State.PAUSED and snap.remaining_s == 110
    session.toggle(T0 + 3700)
    end = of(walk(session, T0 + 3700, T0 + 3810), PhaseEnded)[0].run
    assert end.active_s == 120


def test_a_small_gap_is_not_taken_for_sleep(routine):
    session = Session(routine, opts(get_ready_s=0, sleep_gap_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 1)
    session.tick(T0 + 5.9)
    assert session.state is State.RUNNING


def test_a_clock_that_goes_backwards_is_ignored(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    session.tick(T0 + 50)
    assert session.tick(T0 + 20) == []
    assert session.snapshot(T0 + 20).remaining_s == 70


@pytest.mark.parametrize(
    ("state_name", "moment", "active"),
    [("GET_READY", 2, 0), ("RUNNING", 15, 10), ("PAUSED", 15, 10), ("READY", 125, 0)],
)
def test_skip_from_every_timed_state_goes_to_the_next_phase(routine, state_name, moment, active):
    session = Session(routine, opts(get_ready_s=5, auto_advance=state_name != "READY"))
    run_to_first_timed(session)
    session.tick(T0 + moment)  # READY: auto-advance off, the right foot waits for Space
    if state_name == "PAUSED":
        session.toggle(T0 + moment)
    assert session.state is State[state_name]
    before = session.phase
    events = session.skip(T0 + moment)
    run = of(events, PhaseEnded)[0].run
    assert run.outcome is Outcome.SKIPPED and run.phase == before and run.active_s == active
    assert session.phase.index == before.index + 1
    assert session.state is State.GET_READY  # the person acted, so the next one starts


def test_skip_on_a_tip_confirms_it(routine):
    session = Session(routine, opts())
    session.start(T0)
    run = of(session.skip(T0 + 7), PhaseEnded)[0].run
    assert run.outcome is Outcome.COMPLETED and run.phase.step.id == "barefoot"
    assert run.started_at == T0 and run.ended_at == T0 + 7 and run.active_s == 0


def test_skipping_a_timed_phase_makes_the_session_partial(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    events = []
    for _ in range(4):
        events += session.skip(T0 + 1)
    assert session.state is State.FINISHED
    assert of(events, RoutineFinished)[0].completed is False


def test_back_while_running_restarts_the_phase_from_get_ready(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 40)
    events = session.back(T0 + 40)
    assert kinds(events) == ["PhaseEnded", "GetReadyStarted"]
    assert events[0].run.outcome is Outcome.RESTARTED and events[0].run.active_s == 35
    assert session.phase.side is Side.LEFT and session.state is State.GET_READY
    end = of(session.tick(T0 + 40 + 125), PhaseEnded)[0].run
    assert end.outcome is Outcome.COMPLETED and end.active_s == 120


def test_back_before_the_clock_runs_goes_to_the_previous_phase(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 125 + 1)  # right foot getting ready
    assert session.phase.side is Side.RIGHT and session.state is State.GET_READY
    events = session.back(T0 + 127)
    assert kinds(events)[-2:] == ["SideSwitched", "GetReadyStarted"]
    assert session.phase.side is Side.LEFT
    events = session.back(T0 + 128)
    assert kinds(events)[-1:] == ["TipShown"] and session.phase.step.id == "barefoot"
    assert session.back(T0 + 129) == []  # nothing before the first tip


def test_back_while_paused_restarts_unpaused(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 20)
    session.toggle(T0 + 20)
    session.back(T0 + 30)
    assert session.state is State.GET_READY
    assert session.snapshot(T0 + 30).remaining_s == 5


@pytest.mark.parametrize("moment", [0.0, 2.0, 30.0])
def test_stop_at_any_moment_ends_partial(routine, moment):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.tick(T0 + moment)
    events = session.stop(T0 + moment)
    assert session.state is State.FINISHED
    assert of(events, RoutineFinished)[0].completed is False
    ended = of(events, PhaseEnded)
    if moment > 5:
        assert ended[0].run.outcome is Outcome.STOPPED and ended[0].run.active_s == moment - 5
    else:
        assert ended == []  # nothing ran yet, nothing to record
    assert session.stop(T0 + 99) == [] and session.skip(T0 + 99) == []


def test_stop_on_a_tip(routine):
    session = Session(routine, opts())
    session.start(T0)
    assert kinds(session.stop(T0 + 1)) == ["RoutineFinished"]


def test_without_auto_advance_each_timed_phase_waits_for_space(routine):
    session = Session(routine, opts(get_ready_s=0, auto_advance=False))
    run_to_first_timed(session)
    assert session.state is State.RUNNING  # the person pressed Next on the tip
    events = session.tick(T0 + 120)
    assert kinds(events)[-2:] == ["SideSwitched", "WaitingToStart"]
    assert session.tick(T0 + 500) == [] and session.next_wakeup(T0 + 500) is None
    assert kinds(session.toggle(T0 + 500)) == ["PhaseStarted"]


def test_no_get_ready_starts_the_clock_at_once(routine):
    session = Session(routine, opts(get_ready_s=0))
    events = session.start(T0) + session.skip(T0)
    assert of(events, PhaseStarted)[0].at == T0
    assert not of(events, GetReadyStarted)


def test_toggle_starts_an_idle_session_and_confirms_tips(routine):
    session = Session(routine, opts())
    assert isinstance(session.toggle(T0)[0], RoutineStarted)
    assert isinstance(session.toggle(T0)[0], PhaseEnded)
    assert session.state is State.GET_READY


def test_next_wakeup_is_always_in_the_future_and_never_misses_a_second(routine):
    session = Session(routine, opts(get_ready_s=3))
    run_to_first_timed(session)
    t = T0
    wakeups = []
    while session.phase.side is Side.LEFT:
        nxt = session.next_wakeup(t)
        assert nxt > t
        wakeups.append(nxt - T0)
        t = nxt
        session.tick(t)
    # get-ready: 3 -> 2 -> 1 -> go; running: every second, plus guide at 40 / 80 (whole seconds)
    assert wakeups[:3] == [1, 2, 3]
    assert len(wakeups) == 3 + 120


def test_snapshot_progress_and_next(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    snap = session.snapshot(T0 + 60)
    assert snap.routine_progress == pytest.approx(60 / 300)
    assert session.snapshot(T0 + 90).routine_progress == pytest.approx(90 / 300)  # by time, not by phase
    assert snap.next_phase.side is Side.RIGHT
    assert snap.phase_count == 5 and snap.step_count == 4


def test_halfway_of_odd_length_phase_is_exact():
    routine = parse_routine(
        """
        id = "odd"
        title = "Odd"
        [[steps]]
        id = "one"
        title = "One"
        timing = "timed"
        seconds = 45
        instructions = ["Do it."]
        """
    )
    session = Session(routine, opts(get_ready_s=0))
    session.start(T0)
    session.tick(T0 + 22.2)
    assert session.next_wakeup(T0 + 22.2) == T0 + 22.5
    assert kinds(session.tick(T0 + 22.5)) == ["Halfway"]


# Properties ------------------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.floats(min_value=0.001, max_value=4.9, allow_nan=False),
        st.sampled_from(["tick", "tick", "tick", "pause", "resume"]),
    ),
    min_size=1,
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(actions=ACTIONS, get_ready=st.integers(min_value=0, max_value=5))
def test_every_completed_phase_lasts_exactly_its_planned_active_time(actions, get_ready):
    routine = load_default_routine().with_durations({"roll": 7, "heel-raises": 3})
    session = Session(routine, opts(get_ready_s=get_ready, sleep_gap_s=5.0))
    t = T0
    events = session.start(t) + session.skip(t)
    for gap, action in actions:
        t += gap
        if action == "tick":
            events += session.tick(t)
        elif action == "pause":
            events += session.pause(t)
        else:
            events += session.resume(t)
        if session.state is State.TIP:
            events += session.skip(t)
        if session.state is State.FINISHED:
            break
    paused_at = None
    paused_total = {}
    current = None
    for event in events:
        if isinstance(event, PhaseStarted):
            current, paused_total[event.phase.index] = event.phase.index, 0.0
        elif isinstance(event, Paused):
            paused_at = event.at
        elif isinstance(event, Resumed):
            if current is not None and current in paused_total:
                paused_total[current] += event.at - paused_at
        elif isinstance(event, PhaseEnded) and event.run.outcome is Outcome.COMPLETED and event.run.planned_s:
            run = event.run
            assert run.active_s == run.planned_s
            wall = run.ended_at - run.started_at - paused_total[run.phase.index]
            assert wall == pytest.approx(run.planned_s, abs=1e-5)
        if isinstance(event, PhaseEnded):
            current = None
    # the clock never reports a time it has not reached
    for event in events:
        assert getattr(event, "at", T0) <= t + 1e-6  # times are kept to the microsecond


@settings(max_examples=200, deadline=None)
@given(gaps=st.lists(st.floats(min_value=0.0, max_value=3.0, allow_nan=False), min_size=1, max_size=300))
def test_shown_seconds_never_go_up_and_step_by_one_when_ticked_each_second(gaps):
    routine = load_default_routine().with_durations({"roll": 20, "heel-raises": 10})
    session = Session(routine, opts(get_ready_s=3))
    t = T0
    session.start(t)
    session.skip(t)
    last = None
    for gap in gaps:
        t += gap
        events = session.tick(t)
        if any(isinstance(e, (PhaseStarted, GetReadyStarted, TipShown, WaitingToStart)) for e in events):
            last = None
        if session.state in (State.RUNNING, State.GET_READY):
            shown = session.snapshot(t).shown_seconds
            assert last is None or shown <= last
            last = shown
        elif session.state is State.TIP:
            break


# Adopting new settings mid-session ------------------------------------------


def test_adopt_never_changes_the_phase_that_is_running(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 10)  # the left foot is running
    session.adopt(routine.with_durations({"roll": 90, "heel-raises": 30}), opts(get_ready_s=2))
    assert session.snapshot(T0 + 10).remaining_s == 115  # still the old 2:00
    events = session.tick(T0 + 125)
    assert of(events, PhaseEnded)[0].run.active_s == 120
    assert of(events, GetReadyStarted)[0].seconds == 2  # the new get-ready
    events = session.tick(T0 + 127)
    assert session.snapshot(T0 + 127).remaining_s == 90  # the right foot: the new time


def test_adopt_before_the_clock_runs_uses_the_new_time(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)  # getting ready for the left foot
    session.adopt(routine.with_durations({"roll": 90}), opts(get_ready_s=5))
    session.tick(T0 + 5)
    assert session.snapshot(T0 + 5).remaining_s == 90
    assert session.snapshot(T0 + 5).routine_total_s == 240


def test_adopt_refuses_another_routine(routine):
    session = Session(routine, opts())
    other = parse_routine(
        'id = "o"\ntitle = "O"\n[[steps]]\nid = "x"\ntitle = "X"\ntiming = "untimed"\ninstructions = ["x"]\n'
    )
    with pytest.raises(ValueError) as raised:
        session.adopt(other, opts())
    assert str(raised.value) == "a session can only adopt new timings for the same routine"


def test_a_run_can_begin_at_any_phase_of_the_routine_and_no_other(routine):
    assert Session(routine, opts()).start(T0, from_phase=4)  # the last one
    for outside in (5, -1):
        with pytest.raises(ValueError) as raised:
            Session(routine, opts()).start(T0, from_phase=outside)
        assert str(raised.value) == f"no phase {outside} in a routine of 5"


def test_tempo_beats_alternate_and_lead_the_emphasis(routine):
    session = Session(routine, opts(get_ready_s=0, tempo_s=4))
    session.start(T0)
    for _ in range(3):
        session.skip(T0)  # barefoot, left foot, right foot
    assert session.phase.step.id == "heel-raises"
    assert session.snapshot(T0 + 0.5).emphasised == (3,)  # rise
    beats = [e for e in session.tick(T0 + 2) if type(e).__name__ == "Beat"]
    assert [(b.count, b.up, b.instruction) for b in beats] == [(1, False, 5)]  # lower
    assert session.snapshot(T0 + 2.5).emphasised == (5,)
    assert session.next_wakeup(T0 + 2.5) == T0 + 3  # the next second; the next beat is at 4
    late = [e for e in session.tick(T0 + 9) if type(e).__name__ == "Beat"]
    assert [b.count for b in late] == [4]  # only the newest beat after a late tick


def test_no_tempo_means_no_beats(routine):
    session = Session(routine, opts(get_ready_s=0))
    session.start(T0)
    for _ in range(3):
        session.skip(T0)
    events = walk(session, T0, T0 + 59)
    assert not [e for e in events if type(e).__name__ == "Beat"]


def test_the_screen_is_kept_awake_only_while_a_clock_runs(routine):
    session = Session(routine.with_durations({"roll": 10, "heel-raises": 10}), opts(get_ready_s=3))
    assert not session.snapshot(T0).keeps_screen_awake  # idle
    session.start(T0)
    seen = {}
    t = T0
    for _ in range(80):
        snap = session.snapshot(t)
        seen.setdefault(snap.state, set()).add(snap.keeps_screen_awake)
        if snap.state is State.TIP:
            session.skip(t)
        elif snap.state is State.RUNNING and State.PAUSED not in seen:
            session.toggle(t)
            seen[State.PAUSED] = {session.snapshot(t).keeps_screen_awake}
            session.toggle(t)
        elif snap.state is State.FINISHED:
            break
        t += 1
        session.tick(t)
    assert seen[State.GET_READY] == {True}
    assert seen[State.RUNNING] == {True}
    assert seen[State.TIP] == {False}
    assert seen[State.PAUSED] == {False}
    assert seen[State.FINISHED] == {False}


# Gaps a mutant survived (issue 30) ----------------------------------------------


def own_routine(step: str) -> object:
    """A one-step routine of a person's own (schema 2), the step given as TOML keys."""
    return parse_routine(f'schema = 2\nid = "own"\ntitle = "Own"\n[[steps]]\nid = "s"\ntitle = "S"\n{step}\n')


def test_back_while_a_resumed_run_gets_ready_for_its_first_phase_starts_that_get_ready_again(routine):
    """A routine carried on from phase 2 (the right foot): the phases before it
    are not part of this run, so Back cannot walk into them."""
    session = Session(routine, opts(get_ready_s=5))
    session.start(T0, from_phase=2)
    assert session.state is State.GET_READY and session.phase.index == 2
    events = session.back(T0 + 2)
    assert kinds(events)[-1:] == ["GetReadyStarted"] and session.phase.index == 2
    assert session.snapshot(T0 + 2).remaining_s == 5  # a whole get-ready again
    assert session.snapshot(T0 + 2).runs == ()  # nothing recorded: the clock never ran


def test_a_gap_of_exactly_the_sleep_threshold_is_not_sleep(routine):
    session = Session(routine, opts(get_ready_s=0, sleep_gap_s=5))
    run_to_first_timed(session)
    session.tick(T0 + 1)
    assert of(session.tick(T0 + 6), Paused) == []  # five seconds: not more than the gap
    assert session.state is State.RUNNING
    paused = of(session.tick(T0 + 11.001), Paused)  # a little more than five
    assert [event.reason for event in paused] == [PauseReason.CLOCK_JUMP] and paused[0].at == T0 + 6


def test_adopting_new_timings_mid_phase_records_each_phase_with_its_own_plan(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    session.tick(T0 + 10)  # the left foot's two minutes are running
    session.adopt(routine.with_durations({"roll": 90}), opts(get_ready_s=0))
    events = walk(session, T0 + 10, T0 + 120 + 90)
    runs = [event.run for event in of(events, PhaseEnded)]
    assert [(run.phase.side, run.planned_s, run.active_s) for run in runs] == [
        (Side.LEFT, 120, 120),
        (Side.RIGHT, 90, 90),
    ]


def test_adopting_new_timings_before_the_start_uses_them_everywhere(routine):
    session = Session(routine, opts(get_ready_s=0))
    session.adopt(routine.with_durations({"roll": 30, "heel-raises": 20}), opts(get_ready_s=0))
    assert [phase.seconds for phase in session.phases] == [None, 30, 30, 20, None]
    assert session.snapshot(T0).routine_total_s == 80
    run_to_first_timed(session)
    assert session.snapshot(T0).remaining_s == 30


def test_pause_and_resume_do_only_what_they_say(routine):
    session = Session(routine, opts(get_ready_s=5))
    run_to_first_timed(session)
    acted = session.resume(T0 + 1)  # nothing to resume: only the time passes
    assert of(acted, Resumed) == of(acted, Paused) == [] and session.state is State.GET_READY
    assert kinds(session.pause(T0 + 1)) == ["Paused"]
    assert session.pause(T0 + 2) == [] and session.state is State.PAUSED  # already paused: not resumed
    assert kinds(session.resume(T0 + 3)) == ["Resumed"] and session.state is State.GET_READY
    session.tick(T0 + 7)  # the roll runs
    acted = session.resume(T0 + 8)  # running: not paused
    assert of(acted, Resumed) == of(acted, Paused) == [] and session.state is State.RUNNING
    assert of(session.pause(T0 + 9), Paused)[0].reason is PauseReason.PERSON


def test_sets_without_a_rest_follow_each_other_and_a_one_second_rest_is_kept():
    from footdesk.session import build_phases

    no_rest = own_routine('timing = "timed"\nseconds = 10\nsets = 2\ninstructions = ["x"]')
    assert [(p.set_number, p.rest, p.seconds) for p in build_phases(no_rest)] == [(1, False, 10), (2, False, 10)]
    short_rest = own_routine('timing = "timed"\nseconds = 10\nsets = 2\nrest = 1\ninstructions = ["x"]')
    assert [(p.set_number, p.rest, p.seconds) for p in build_phases(short_rest)] == [
        (1, False, 10),
        (1, True, 1),
        (2, False, 10),
    ]
    session = Session(short_rest, opts(get_ready_s=0))
    session.start(T0)
    ended = of(walk(session, T0, T0 + 21), PhaseEnded)
    assert [(e.run.phase.rest, e.run.ended_at - T0) for e in ended] == [(False, 10), (True, 11), (False, 21)]
    assert session.state is State.FINISHED and session.snapshot(T0 + 21).completed


def test_a_rep_tempo_with_a_quick_rise_and_a_slow_lower():
    from footdesk.session import Beat

    reps = own_routine('timing = "timed"\nreps = 2\ntempo = [1, 3]\nbeat = [1, 2]\ninstructions = ["up", "down"]')
    session = Session(reps, opts(get_ready_s=0))
    session.start(T0)
    assert session.snapshot(T0).remaining_s == 8  # two reps of 1 s up and 3 s down
    events = walk(session, T0, T0 + 8)
    beats = of(events, Beat)
    # the top of each rise at 1 s and 5 s, the bottom of the first lower at 4 s (the last is the end)
    assert [(beat.at - T0, beat.up) for beat in beats] == [(1, False), (4, True), (5, False)]
    assert [session.snapshot(T0 + dt).rep for dt in (0.5, 3.9, 4.0)] == [None, None, None]  # finished now
    session = Session(reps, opts(get_ready_s=0))
    session.start(T0)
    assert [session.snapshot(T0 + dt).rep for dt in (0.5, 3.9, 4.0, 7.9)] == [1, 1, 2, 2]
    assert [session.snapshot(T0 + dt).emphasised for dt in (0.5, 1.0, 4.0)] == [(0,), (1,), (0,)]
    assert [beat.instruction for beat in beats] == [1, 0, 1]  # the lower's, the rise's, the lower's
    unmarked = own_routine('timing = "timed"\nreps = 2\ntempo = [1, 3]\ninstructions = ["up", "down"]')
    session = Session(unmarked, opts(get_ready_s=0))
    session.start(T0)
    assert [beat.instruction for beat in of(walk(session, T0, T0 + 8), Beat)] == [-1, -1, -1]  # no beat: none


def test_the_snapshot_says_what_comes_next_what_is_waiting_why_it_paused_and_that_it_stopped(routine):
    session = Session(routine, opts(get_ready_s=0, auto_advance=False))
    first = session.snapshot(T0)
    assert first.next_phase is None and first.pause_reason is None and first.stopped is False
    run_to_first_timed(session)  # the left foot runs at once: Space went on from the tip
    assert session.snapshot(T0).next_phase is session.phases[2]
    session.tick(T0 + 120)  # its clock ran out: the right foot waits for Space
    waiting = session.snapshot(T0 + 130)
    assert waiting.state is State.READY and (waiting.remaining_s, waiting.timer_total_s) == (120, 120)
    assert waiting.next_phase is session.phases[3] and waiting.next_phase.step.id == "heel-raises"
    session.toggle(T0 + 130)  # Space: the right foot runs
    session.toggle(T0 + 160)  # paused by the person
    paused = session.snapshot(T0 + 170)
    assert paused.pause_reason is PauseReason.PERSON and paused.remaining_s == 90
    session.toggle(T0 + 180)
    assert session.snapshot(T0 + 180).pause_reason is None  # running again: no reason shown
    session.stop(T0 + 190)
    stopped = session.snapshot(T0 + 190)
    assert stopped.stopped and stopped.completed is False and stopped.next_phase is None
    last = Session(routine, opts(get_ready_s=0))
    last.start(T0, from_phase=3)
    assert last.snapshot(T0).next_phase is last.phases[4]  # the last phase comes next
    last.tick(T0 + 60)
    assert last.snapshot(T0 + 60).next_phase is None  # and has none after it
    done = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(done)
    walk(done, T0, T0 + 300)
    done.skip(T0 + 300)
    assert done.state is State.FINISHED and done.snapshot(T0 + 300).stopped is False


def test_events_snapshots_and_options_are_values_every_listener_can_share(routine):
    """The cue player, the recorder and the screen reader get the same event:
    none can change what another sees."""
    from dataclasses import FrozenInstanceError, fields

    session = Session(routine, opts(get_ready_s=2, tempo_s=4, auto_advance=False))
    events = session.start(T0) + session.skip(T0) + session.toggle(T0 + 1) + session.toggle(T0 + 2)
    t = T0 + 2
    while session.state is not State.FINISHED:
        if session.state in (State.TIP, State.READY):
            events += session.toggle(t)
            continue
        t = session.next_wakeup(t)
        events += session.tick(t)
    snapshot = session.snapshot(t)
    values = [*events, snapshot, snapshot.runs[0], snapshot.runs[0].phase, session.options]
    assert len({type(value) for value in values}) == 18  # every kind of event, and what a view reads
    for value in values:
        with pytest.raises(FrozenInstanceError):
            setattr(value, fields(value)[0].name, None)


def test_by_default_a_gap_of_more_than_five_seconds_is_taken_for_sleep(routine):
    session = Session(routine, SessionOptions(get_ready_s=0))
    run_to_first_timed(session)
    session.tick(T0 + 1)
    assert of(session.tick(T0 + 6), Paused) == []
    assert [event.reason for event in of(session.tick(T0 + 11.5), Paused)] == [PauseReason.CLOCK_JUMP]


def test_what_the_snapshot_derives_for_the_views(routine):
    session = Session(routine, opts(get_ready_s=0))
    idle = session.snapshot(T0)
    assert not idle.can_go_back and idle.exercise_left_s == 300
    session.start(T0)
    assert not session.snapshot(T0).can_go_back  # the very first tip: nothing before it
    session.skip(T0)
    running = session.snapshot(T0 + 60)
    assert running.can_go_back and running.rep is None  # a roll is not counted in reps
    assert running.exercise_left_s == 240 and running.clock_state is State.RUNNING
    assert session.snapshot(T0 + 120).shown_seconds == 0  # its end reached, not ticked yet
    walk(session, T0, T0 + 300)
    assert session.state is State.TIP and session.snapshot(T0 + 300).can_go_back  # the last tip
    session.skip(T0 + 300)
    assert session.snapshot(T0 + 300).exercise_left_s == 0


def test_the_next_wakeup_is_the_next_change_even_between_whole_seconds_and_none_while_paused(routine):
    session = Session(routine, opts(get_ready_s=0))
    run_to_first_timed(session)
    assert session.next_wakeup(T0 + 0.999999) == pytest.approx(T0 + 1)  # 1:59 is shown a microsecond later
    session.toggle(T0 + 10)
    assert session.next_wakeup(T0 + 20) is None  # paused: nothing happens by itself
    session.toggle(T0 + 20)
    late = T0 + 200  # its end passed unseen (no tick yet): wake at once, never in the past
    assert late < session.next_wakeup(late) <= late + 0.001


def test_what_the_person_starts_or_goes_back_to_gets_ready_at_once_even_without_auto_advance(routine):
    session = Session(routine, opts(get_ready_s=5, auto_advance=False))
    session.start(T0, from_phase=2)  # carrying on at the right foot: the person pressed start
    assert session.state is State.GET_READY and session.snapshot(T0).started_at == T0
    session.back(T0 + 1)  # the first phase of this run, getting ready: again
    assert session.state is State.GET_READY and session.phase.index == 2
    session.tick(T0 + 10)  # running
    session.back(T0 + 10)  # restarted from its get-ready
    assert session.state is State.GET_READY and session.phase.index == 2
    left = Session(routine, opts(get_ready_s=5, auto_advance=False))
    run_to_first_timed(left)
    left.tick(T0 + 125)  # the left foot done by the clock: the right one waits for Space
    assert left.state is State.READY
    left.back(T0 + 130)  # back to the left foot, which gets ready at once
    assert left.state is State.GET_READY and left.phase.side is Side.LEFT


def test_a_one_second_get_ready_is_a_get_ready(routine):
    session = Session(routine, opts(get_ready_s=1))
    started = session.start(T0, from_phase=1)
    assert [event.seconds for event in of(started, GetReadyStarted)] == [1] and session.state is State.GET_READY


def test_a_long_gap_straight_after_the_start_is_sleep_too(routine):
    session = Session(routine, SessionOptions(get_ready_s=5, sleep_gap_s=5))
    session.start(T0, from_phase=1)  # getting ready for the left foot
    assert [event.reason for event in of(session.tick(T0 + 3600), Paused)] == [PauseReason.CLOCK_JUMP]
    assert session.snapshot(T0 + 3600).remaining_s == 5


def test_a_clock_that_goes_back_after_a_sleep_is_ignored_as_well(routine):
    session = Session(routine, opts(get_ready_s=0, sleep_gap_s=5))
    run_to_first_timed(session)
    walk(session, T0, T0 + 10)
    assert of(session.tick(T0 + 3610), Paused)  # asleep: paused at T0 + 10, seen at T0 + 3610
    session.toggle(T0 + 3000)  # resumed by a clock that went back meanwhile: taken as T0 + 3610
    ended = of(walk(session, T0 + 3610, T0 + 3610 + 110), PhaseEnded)
    assert [event.run.ended_at for event in ended] == [T0 + 3610 + 110]


def test_the_exercise_of_sets_with_rests_adds_up_to_the_sets_alone():
    routine = own_routine('timing = "timed"\nseconds = 10\nsets = 2\nrest = 7\ninstructions = ["x"]')
    session = Session(routine, opts(get_ready_s=0))
    session.start(T0)
    walk(session, T0, T0 + 27)
    snapshot = session.snapshot(T0 + 27)
    assert snapshot.state is State.FINISHED and snapshot.elapsed_active_s == 20 and snapshot.routine_progress == 1
    assert (snapshot.started_at, snapshot.finished_at) == (T0, T0 + 27)


def test_guide_stages_that_do_not_divide_the_time_still_come_and_the_clock_always_moves_on():
    """A 100-second roll in three stages: the shell sleeps until next_wakeup
    each time, which must be later than the moment it was asked at."""
    from footdesk.routine import load_default_routine

    session = Session(load_default_routine().with_durations({"roll": 100}), opts(get_ready_s=0))
    run_to_first_timed(session, 0.0)
    t, stages = 0.0, []
    while session.phase.side is Side.LEFT:
        woken = session.next_wakeup(t)
        assert woken > t
        t = woken
        stages += [event for event in session.tick(t) if isinstance(event, GuideAdvanced)]
    assert [event.stage for event in stages] == [1, 2]
    # on time to the microsecond: 33.333334 s, not at the next whole second (34 s, as it once was)
    assert stages[0].at == pytest.approx(100 / 3, abs=2e-6) and stages[1].at == pytest.approx(200 / 3, abs=2e-6)


def test_the_heel_raise_tempo_ticks_exactly_on_its_half_beats():
    """A 3-second tempo: a tick every 1.5 s, on time to the microsecond, when
    the shell sleeps until next_wakeup."""
    from footdesk.routine import load_default_routine
    from footdesk.session import Beat

    session = Session(load_default_routine().with_durations({"heel-raises": 9}), opts(get_ready_s=0, tempo_s=3))
    session.start(0.0, from_phase=3)
    t, beats = 0.0, []
    while session.state is State.RUNNING:
        t = session.next_wakeup(t)
        beats += [event for event in session.tick(t) if isinstance(event, Beat)]
    assert [beat.at for beat in beats] == [1.5, 3.0, 4.5, 6.0, 7.5]
    heel = load_default_routine().step("heel-raises")
    assert [beat.instruction for beat in beats] == [heel.beat[1], heel.beat[0]] * 2 + [heel.beat[1]]


def test_a_routine_of_tips_alone_progresses_tip_by_tip():
    tips = parse_routine(
        'id = "tips"\ntitle = "Tips"\n[[steps]]\nid = "a"\ntitle = "A"\ntiming = "untimed"\ninstructions = ["a"]\n'
        '[[steps]]\nid = "b"\ntitle = "B"\ntiming = "untimed"\ninstructions = ["b"]\n'
    )
    session = Session(tips, opts())
    progress = [session.snapshot(T0).routine_progress]
    session.start(T0)
    progress.append(session.snapshot(T0).routine_progress)
    assert not session.snapshot(T0).can_go_back
    session.skip(T0)
    progress.append(session.snapshot(T0).routine_progress)
    assert session.snapshot(T0).can_go_back  # the second tip: Back shows the first again
    session.skip(T0)
    progress.append(session.snapshot(T0).routine_progress)
    assert progress == [0, 0, 0.5, 1] and session.state is State.FINISHED


def test_outcomes_are_the_texts_the_history_keeps():
    # the history's CHECK constraint takes exactly these, and the exports write them
    assert [outcome.value for outcome in Outcome] == ["completed", "skipped", "restarted", "stopped"]


def test_getting_ready_for_a_step_without_setup_emphasises_its_first_instruction():
    session = Session(own_routine('timing = "timed"\nseconds = 10\ninstructions = ["a", "b"]'), opts(get_ready_s=3))
    session.start(T0)
    assert session.state is State.GET_READY and session.snapshot(T0).emphasised == (0,)
    session.tick(T0 + 3)
    assert session.snapshot(T0 + 3).emphasised == (0, 1)  # running: every instruction after the setup ones


def test_adopting_before_the_start_changes_a_first_step_that_is_timed():
    timed = own_routine('timing = "timed"\nseconds = 10\ninstructions = ["x"]')
    session = Session(timed, opts(get_ready_s=0))
    session.adopt(own_routine('timing = "timed"\nseconds = 20\ninstructions = ["x"]'), opts(get_ready_s=0))
    session.start(T0)
    assert session.snapshot(T0).remaining_s == 20
