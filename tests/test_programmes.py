"""A person's own programme: sides of different lengths, sets with rest, and
repetitions counted by tempo (routine schema 2), through the session."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdesk.cues import cues_for, voice_cue
from footdesk.records import exercise_seconds
from footdesk.report import step_timing
from footdesk.routine import RoutineError, Side, parse_routine
from footdesk.session import Beat, PhaseEnded, PhaseStarted, Session, SessionOptions, SideSwitched, State

PROGRAMME = """
schema = 2
id = "knee-rehab"
title = "Knee programme"
x-from = "my physiotherapist"   # someone's own key: kept, not an error

[[steps]]
id = "calf-stretch"
title = "Calf stretch on a step"
timing = "per-side"
seconds = { left = 30, right = 45 }
say = "Calf stretch."
instructions = ["Heel of your {side} leg off the step.", "Hold."]

[[steps]]
id = "squats"
title = "Wall squats"
timing = "timed"
reps = 10
tempo = [2, 2]
sets = 3
rest = 20
instructions = ["Slide down the wall.", "Push back up."]
beat = [2, 1]

[[steps]]
id = "posture"
title = "Keep your back straight"
timing = "untimed"
instructions = ["Through the day, stand tall."]
"""


def run_through(session: Session, start: float = 0.0) -> list:
    """Every event of a whole run, the person going on from each tip."""
    events = session.start(start)
    t = start
    while session.state is not State.FINISHED:
        if session.state is State.TIP:
            t += 1
            events += session.skip(t)
        else:
            t = session.next_wakeup(t)
            events += session.tick(t)
    return events


def test_the_programme_loads_with_its_new_keys():
    routine = parse_routine(PROGRAMME, "knee.toml")
    stretch, squats, _posture = routine.steps
    assert stretch.seconds_for(Side.LEFT) == 30 and stretch.seconds_for(Side.RIGHT) == 45
    assert squats.reps == 10 and squats.tempo == (2, 2) and squats.sets == 3 and squats.rest == 20
    assert squats.seconds_for(None) == 40 and squats.total_seconds == 120
    assert routine.total_seconds == 30 + 45 + 120
    assert [step_timing(step) for step in routine.steps] == ["0:30 left / 0:45 right", "3 × 10 reps, 0:20 rest", "tip"]
    assert routine.durations() == {}  # nothing the settings' one-number durations can change


def test_sets_rest_and_reps_run_in_order_and_only_exercise_is_recorded():
    routine = parse_routine(PROGRAMME)
    session = Session(routine, SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    events = run_through(session)
    started = [(e.phase.step.id, e.phase.side, e.phase.set_number, e.phase.rest) for e in events
               if isinstance(e, PhaseStarted)]  # fmt: skip
    assert started == [
        ("calf-stretch", Side.LEFT, 1, False), ("calf-stretch", Side.RIGHT, 1, False),
        ("squats", None, 1, False), ("squats", None, 1, True),
        ("squats", None, 2, False), ("squats", None, 2, True),
        ("squats", None, 3, False),
    ]  # fmt: skip
    switches = [e for e in events if isinstance(e, SideSwitched)]
    assert len(switches) == 1  # left to right once; a rest is not a side switch
    runs = [e.run for e in events if isinstance(e, PhaseEnded)]
    assert exercise_seconds(runs) == 30 + 45 + 3 * 40  # rests are not exercise
    assert session.snapshot(10_000).completed is True


def test_a_set_after_a_rest_starts_when_the_rest_ends_and_the_rest_counts_it_in():
    routine = parse_routine(PROGRAMME)
    session = Session(routine, SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    events = run_through(session)
    rest_end = next(e for e in events if isinstance(e, PhaseEnded) and e.run.phase.rest)
    after = events[events.index(rest_end) + 1 :]
    assert isinstance(after[0], PhaseStarted) and after[0].at == rest_end.run.ended_at  # no second get-ready
    rest_cues = [cue for e in events if getattr(e, "phase", None) is not None and e.phase.rest for cue in cues_for(e)]
    assert rest_cues.count("get-ready-pip") == 2 * 3 and "step-done" in rest_cues


def test_each_rep_is_counted_by_tone_and_shown():
    routine = parse_routine(PROGRAMME)
    session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    session.start(0)  # the left calf's clock runs at once
    session.tick(30)
    session.tick(75)  # both sides done: the first set of squats runs
    squats_start = 75
    beats = []
    for second in range(1, 41):
        beats += [e for e in session.tick(squats_start + second) if isinstance(e, Beat)]
        if second == 5:
            assert session.snapshot(squats_start + second).rep == 2  # the second rep is under way
    assert len(beats) == 19  # ten rises and ten lowers, less the first rise (the "go")
    assert [cues_for(beat) for beat in beats[:2]] == [("tempo-down",), ("tempo-up",)]


def test_own_routines_speak_lines_found_by_their_text():
    routine = parse_routine(PROGRAMME)
    session = Session(routine, SessionOptions(get_ready_s=3))
    first = session.start(0)
    assert voice_cue("Calf stretch.") in [cue for e in first for cue in cues_for(e)]


@pytest.mark.parametrize(
    ("change", "message", "key"),
    [
        (("reps = 10", "reps = 0"), "reps must be a whole number from 1", "reps"),
        (("tempo = [2, 2]", "tempo = [2]"), "tempo must be [up, down]", "tempo"),
        (("sets = 3", "sets = 99"), "sets must be a whole number from 1 to 20", "sets"),
        (("rest = 20", "rest = -1"), "rest must be", "rest"),
        (("seconds = { left = 30, right = 45 }", "seconds = { left = 30 }"), "seconds per side must name", "seconds"),
        (("seconds = { left = 30, right = 45 }", "seconds = { left = 30, right = 36000 }"), "from 5 to 1800",
         "seconds"),
        (("schema = 2", "schema = 1"), "'reps' needs schema = 2", "reps"),
        (('x-from = "my physiotherapist"', 'from = "x"'), "unknown key 'from'", "from"),
    ],
)  # fmt: skip
def test_mistakes_name_the_file_the_line_and_the_key(change, message, key):
    old, new = change
    text = PROGRAMME.replace(old, new)
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "knee.toml")
    said = str(caught.value)
    assert message in said and said.startswith("knee.toml, line ")
    line = caught.value.line
    assert line is not None and text.splitlines()[line - 1].lstrip().startswith(key)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_loads_or_gives_a_routine_error(text):
    try:
        parse_routine(text, "fuzz.toml")
    except RoutineError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["seconds", "reps", "tempo", "sets", "rest", "sides", "setup", "guide", "beat", "timing"]),
        st.one_of(st.integers(-5, 5000), st.lists(st.integers(-2, 12), max_size=3), st.text(max_size=5), st.booleans()),
    )
)
def test_any_step_keys_load_or_give_a_routine_error(values):
    import tomlkit

    step = {"id": "s", "title": "S", "timing": "timed", "instructions": ["Do it."], **values}
    document = {"schema": 2, "id": "r", "title": "R", "steps": [step]}
    try:
        routine = parse_routine(tomlkit.dumps(document), "fuzz.toml")
    except RoutineError:
        return
    run_through(Session(routine, SessionOptions(get_ready_s=1, sleep_gap_s=1e9)))


def test_a_set_of_reps_is_counted_by_its_ticks_alone():
    """No halfway bell and no last-second pips over the reps' own ticks."""
    routine = parse_routine(PROGRAMME)
    events = run_through(Session(routine, SessionOptions(get_ready_s=3, sleep_gap_s=1e9)))
    reps_cues = [
        cue for e in events if getattr(e, "phase", None) is not None and e.phase.cycle is not None
        for cue in cues_for(e)
    ]  # fmt: skip
    assert "halfway" not in reps_cues and "last-seconds-pip" not in reps_cues
    assert reps_cues.count("tempo-up") == 3 * 9 and reps_cues.count("tempo-down") == 3 * 10


def test_a_byte_order_mark_at_the_start_is_not_an_error():
    assert parse_routine("\ufeff" + PROGRAMME).id == "knee-rehab"
