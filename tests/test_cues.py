from __future__ import annotations

import wave
from importlib import resources

import pytest

from footdesk.cues import (
    COUNT_TONES,
    LAST_SECONDS,
    PREVIEW,
    TONES,
    all_cues,
    cues_for,
    is_count,
    is_voice,
    next_cue_in,
    voice_lines,
)
from footdesk.routine import load_default_routine, parse_routine
from footdesk.session import PhaseEnded, Session, SessionOptions, State

T0 = 500.0


def routine_cues(options: SessionOptions) -> list[str]:
    session = Session(load_default_routine(), options)
    cues: list[str] = []
    events = session.start(T0) + session.skip(T0 + 1)
    t = T0 + 1
    while session.state is not State.FINISHED:
        if session.state is State.TIP:
            events += session.skip(t)
            continue
        t = session.next_wakeup(t)
        events += session.tick(t)
    for event in events:
        cues += cues_for(event)
    return cues


def test_the_whole_routine_sounds_in_order():
    cues = routine_cues(SessionOptions(get_ready_s=5))
    assert cues[:6] == ["say-barefoot", "say-roll", "get-ready-pip", "get-ready-pip", "get-ready-pip", "go"]
    assert cues.count("go") == 3
    assert cues.count("halfway") == 3
    assert cues.count("last-seconds-pip") == 9
    assert cues.count("switch-feet") == 1 and "say-switch-right" in cues
    assert cues.count("step-done") == 2  # after the right foot and after heel raises
    assert [c for c in cues if c.startswith("say-roll-guide")] == ["say-roll-guide-1", "say-roll-guide-2"] * 2
    heel_go = cues.index("say-heel-raises-start")
    assert cues[heel_go - 1] == "go"
    assert cues[-3:] == ["say-shoes", "routine-done", "say-well-done"]
    assert "tempo-up" not in cues  # no tempo unless the person sets one


def test_the_switch_side_is_announced_instead_of_the_step():
    cues = routine_cues(SessionOptions(get_ready_s=5))
    switch = cues.index("switch-feet")
    assert cues[switch : switch + 3] == ["switch-feet", "say-switch-right", "get-ready-pip"]


def test_a_tempo_ticks_up_and_down_during_heel_raises_only():
    cues = routine_cues(SessionOptions(get_ready_s=0, tempo_s=4))
    ticks = [c for c in cues if c.startswith("tempo-")]
    # 60 s at 2 s per half beat: a tick every 2 s after the start, alternating
    assert len(ticks) == 29
    assert ticks[:4] == ["tempo-down", "tempo-up", "tempo-down", "tempo-up"]


def test_every_cue_the_routine_names_exists_and_loads():
    routine = load_default_routine()
    sounds = resources.files("footdesk.assets").joinpath("sounds")
    files = {entry.name.rsplit(".", 1)[0]: entry for entry in sounds.iterdir() if entry.name.endswith((".wav", ".ogg"))}
    named = all_cues(routine) | set(routine_cues(SessionOptions(get_ready_s=5, tempo_s=4)))
    assert named <= set(files), sorted(named - set(files))
    for name in TONES:
        with wave.open(str(files[name])) as tone:
            assert tone.getnframes() > 0 and tone.getsampwidth() == 2
    for name in voice_lines(routine):
        assert files[name].name.endswith(".ogg") and files[name].read_bytes()[:4] == b"OggS"


@pytest.mark.parametrize("cue", sorted(all_cues(load_default_routine())))
def test_every_cue_loads_in_the_mixer(cue):
    pygame = pytest.importorskip("pygame")
    sounds = resources.files("footdesk.assets").joinpath("sounds")
    (entry,) = [e for e in sounds.iterdir() if e.name.rsplit(".", 1)[0] == cue]
    pygame.mixer.init()
    try:
        sound = pygame.mixer.Sound(str(entry))
        assert sound.get_length() > 0.02
    finally:
        pygame.mixer.quit()


def test_the_count_is_the_get_ready_pips_the_go_and_the_last_seconds():
    """What platform.audio keeps whole and clear of voices."""
    cues = routine_cues(SessionOptions(get_ready_s=5))
    assert COUNT_TONES <= set(TONES)
    assert {cue for cue in cues if is_count(cue)} == {"get-ready-pip", "go", "last-seconds-pip"}
    assert not any(is_count(cue) for cue in cues if is_voice(cue))


def test_voice_names_and_preview():
    assert is_voice("say-roll") and not is_voice("go")
    assert PREVIEW[0] in TONES and is_voice(PREVIEW[1])


def test_screen_readers_hear_step_changes_and_the_last_seconds_not_every_tick():
    from footdesk.cues import announcement_for
    from footdesk.routine import load_default_routine
    from footdesk.session import Session, SessionOptions

    session = Session(load_default_routine(), SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    heard = [announcement_for(event) for event in session.start(0.0)]
    heard += [announcement_for(event) for event in session.skip(0.0)]  # past the first habit
    for t in range(1, 3 + 120 + 1):
        heard += [announcement_for(event) for event in session.tick(float(t))]
    said = [text for text in heard if text]
    assert said[0] == "Step 1: Walk around barefoot. Press Space when ready to go on."
    assert said[1] == "Step 2: Roll each foot on a lacrosse ball, left foot. Starting in 3 seconds."
    assert said[2] == "Go: 2 minutes. Now: Roll side to side under your toes."
    assert said[3:5] == ["Now: Work slowly down through the arch.", "Now: Finish by rolling under your heel."]
    assert said[5:9] == ["10 seconds left.", "3", "2", "1"]
    assert said[9] == "Step 2: Roll each foot on a lacrosse ball, right foot. Starting in 3 seconds."
    ticks = sum(1 for event in heard if event is None)
    assert ticks > 100  # most seconds pass in silence


@pytest.mark.parametrize("options", [SessionOptions(get_ready_s=5), SessionOptions(get_ready_s=0, tempo_s=4)])
def test_no_sound_comes_by_itself_before_next_cue_in_said(options):
    """The sound device rests until shortly before the time next_cue_in gives:
    through the whole routine, every cue the clock brings (not a key press)
    comes at or after the time it said last, and a rest is still possible."""
    session = Session(load_default_routine(), options)
    t = T0
    session.start(t)
    session.skip(t + 1)  # Space on the first tip
    t += 1
    longest_rest = 0.0
    while session.state is not State.FINISHED:
        if session.state is State.TIP:
            session.skip(t)
            continue
        wait = next_cue_in(session, t)
        assert wait is not None, "a clock runs, so a sound is ahead"
        promised = t + wait
        longest_rest = max(longest_rest, wait)
        t = session.next_wakeup(t)
        heard = [cue for event in session.tick(t) for cue in cues_for(event)]
        assert not heard or t >= promised - 1e-6, f"{heard} at {t - T0:.3f} s, promised {promised - T0:.3f} s"
    if not options.tempo_s:
        assert longest_rest >= 15, "between the roll's cues the device can rest"


def test_next_cue_in_during_a_roll_its_last_seconds_a_pause_and_a_tip():
    session = Session(load_default_routine(), SessionOptions(get_ready_s=5, sleep_gap_s=1e9))
    session.start(T0)
    assert next_cue_in(session, T0) is None, "a tip waits for Space: nothing comes by itself"
    session.skip(T0)
    assert next_cue_in(session, T0) == pytest.approx(5 - LAST_SECONDS), "the get-ready is counted in"
    session.tick(T0 + 5)  # the roll starts: 120 s, guided at 40 and 80, halfway at 60
    assert next_cue_in(session, T0 + 5) == pytest.approx(40)
    assert next_cue_in(session, T0 + 5 + 61) == pytest.approx(19)
    assert next_cue_in(session, T0 + 5 + 118) == 0.0, "the last seconds are counted"
    session.toggle(T0 + 5 + 70)
    assert next_cue_in(session, T0 + 5 + 70) is None, "paused: nothing until the person resumes"


def test_without_a_get_ready_each_step_is_still_announced():
    cues = routine_cues(SessionOptions(get_ready_s=0))
    assert cues.count("say-roll") == 1 and cues.count("say-heel-raises") == 1
    assert cues[cues.index("say-roll") - 1] == "go"  # the clock starts, and the step is named over it
    heel = cues.index("say-heel-raises")
    assert cues[heel - 1 : heel + 2] == ["go", "say-heel-raises", "say-heel-raises-start"]


BUILT_IN_VOICES = {
    "say-barefoot", "say-roll", "say-roll-guide-1", "say-roll-guide-2", "say-heel-raises", "say-heel-raises-start",
    "say-shoes", "say-switch-left", "say-switch-right", "say-well-done", "say-sound-check",
    "say-sides-left", "say-sides-right", "say-all-done",
}  # fmt: skip


def test_every_sound_file_is_a_cue_and_every_cue_a_sound_file():
    """all_cues is what packaging/make_sounds.py and the tests take as the
    whole set: no cue missing, none made up, none left over."""
    routine = load_default_routine()
    assert all_cues(routine) == set(TONES) | BUILT_IN_VOICES
    sounds = resources.files("footdesk.assets").joinpath("sounds")
    files = {entry.name.rsplit(".", 1)[0] for entry in sounds.iterdir() if entry.name.endswith((".wav", ".ogg"))}
    assert files == all_cues(routine)


def test_voice_lines_carry_the_texts_the_sounds_are_rendered_from():
    """packaging/make_sounds.py speaks exactly these texts into the files."""
    routine = load_default_routine()
    lines = voice_lines(routine)
    assert set(lines) == BUILT_IN_VOICES
    roll, heel = routine.step("roll"), routine.step("heel-raises")
    assert lines["say-barefoot"] == "Step one. Walk around barefoot." == routine.step("barefoot").say
    assert lines["say-roll"] == roll.say
    assert [lines["say-roll-guide-1"], lines["say-roll-guide-2"]] == list(roll.say_guide)
    assert lines["say-heel-raises"] == heel.say and lines["say-heel-raises-start"] == heel.say_start
    assert lines["say-shoes"] == routine.step("shoes").say == "Step four. Choose less supportive shoes."
    assert lines["say-switch-left"] == "Switch to your left foot."
    assert lines["say-switch-right"] == "Switch to your right foot."
    assert lines["say-well-done"] == "Well done. That's your feet done for today."
    assert lines["say-sound-check"] == "This is how footdesk sounds."
    assert lines["say-sides-left"] == "Switch sides. Left side."
    assert lines["say-sides-right"] == "Switch sides. Right side."
    assert lines["say-all-done"] == "Well done. All done for today."
    assert all(text.strip() for text in lines.values())


def own_routine():
    """The built-in routine as a person's own copy: its voices are not shipped."""
    from dataclasses import replace

    routine = load_default_routine()
    return replace(routine, steps=tuple(replace(step, shipped_voice=False) for step in routine.steps))


def test_a_persons_own_lines_are_named_by_their_text():
    from footdesk.cues import voice_cue

    assert voice_cue("Rise.") == "say-b0708197c9b0b186"  # the voice cache's file names stay valid
    assert voice_cue("Lower slowly.") == "say-8a13b9fc815c6744"
    assert voice_cue("Rise.") != voice_cue("Rise!") and is_voice(voice_cue(""))
    routine = own_routine()
    lines = voice_lines(routine)
    heel = routine.step("heel-raises")
    assert lines[voice_cue(heel.say)] == heel.say and lines[voice_cue(heel.say_start)] == heel.say_start
    assert "say-heel-raises" not in lines  # the shipped file says the built-in text, not theirs


def test_only_a_persons_own_lines_are_rendered_on_the_computer():
    from footdesk.cues import VOICE_LINES, own_voice_lines, voice_cue

    assert own_voice_lines(load_default_routine()) == {}  # shipped with footdesk
    routine = own_routine()
    texts = [text for step in routine.steps for text in (step.say, step.say_start, *step.say_guide) if text]
    assert own_voice_lines(routine) == {voice_cue(text): text for text in texts}
    assert not set(own_voice_lines(routine)) & set(VOICE_LINES)  # the app's own lines ship with it


def test_screen_readers_hear_a_pause_a_resume_a_stop_and_which_set():
    from footdesk.cues import announcement_for
    from footdesk.routine import parse_routine

    session = Session(load_default_routine(), SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    session.start(0.0)
    session.skip(0.0)  # the roll runs
    said = [announcement_for(event) for event in session.toggle(10.0) + session.toggle(20.0) + session.stop(30.0)]
    assert [text for text in said if text] == [
        "Paused. Press Space to resume.",
        "Resumed.",
        "Stopped. What you did is saved.",
    ]
    sets = parse_routine(
        'schema = 2\nid = "own"\ntitle = "Own"\n[[steps]]\nid = "squats"\ntitle = "Squats"\ntiming = "timed"\n'
        'seconds = 10\nsets = 2\nrest = 5\ninstructions = ["Down and up."]\n'
    )
    session = Session(sets, SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    said = [announcement_for(event) for event in session.start(0.0) + session.tick(13.0) + session.tick(18.0)]
    assert [text for text in said if text and text.startswith("Step")] == [
        "Step 1: Squats, set 1 of 2. Starting in 3 seconds.",
    ]
    assert "Rest: 5 seconds." in said
    single = Session(load_default_routine(), SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    said = [announcement_for(event) for event in single.start(0.0) + single.skip(0.0)]
    assert "Step 2: Roll each foot on a lacrosse ball, left foot. Starting in 3 seconds." in said  # one set: not said


def test_screen_readers_hear_a_wait_for_space_the_reps_and_the_end():
    from footdesk.cues import announcement_for
    from footdesk.routine import parse_routine

    session = Session(load_default_routine(), SessionOptions(get_ready_s=0, auto_advance=False, sleep_gap_s=1e9))
    session.start(0.0)
    session.skip(0.0)  # the left foot runs at once
    said = [announcement_for(event) for event in session.tick(120.0)]
    assert "Step 2: Roll each foot on a lacrosse ball, right foot. Press Space to start." in said
    reps = parse_routine(
        'schema = 2\nid = "own"\ntitle = "Own"\n[[steps]]\nid = "squats"\ntitle = "Squats"\ntiming = "timed"\n'
        'reps = 3\ntempo = [1, 1]\ninstructions = ["Down and up."]\n'
    )
    session = Session(reps, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    said = [announcement_for(event) for event in session.start(0.0) + session.tick(6.0)]
    assert [text for text in said if text] == ["Go: 3 repetitions.", "Routine finished. Well done."]


def test_a_persons_own_guide_lines_are_said_in_order():
    from footdesk.cues import voice_cue
    from footdesk.session import GuideAdvanced

    session = Session(own_routine(), SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    session.start(0.0)
    events = session.skip(0.0)
    for second in range(1, 121):
        events += session.tick(float(second))
    guided = [cue for event in events if isinstance(event, GuideAdvanced) for cue in cues_for(event)]
    assert guided == [voice_cue("Work down through the arch."), voice_cue("Now roll under your heel.")]


def test_a_step_is_done_after_its_last_side_not_its_first():
    session = Session(load_default_routine(), SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    session.start(0.0)
    events = session.skip(0.0) + session.tick(120.0) + session.tick(240.0)
    done = [event.run.phase.side.value for event in events if isinstance(event, PhaseEnded) and cues_for(event)]
    assert done == ["right"]


KNEE = """
schema = 2
id = "knee"
title = "Knee"

[[steps]]
id = "knee-bend"
title = "Knee bends"
timing = "per-side"
seconds = 20
instructions = ["Bend your {side} knee."]
"""


def test_an_own_routine_hears_neutral_lines_not_the_feet():
    """Issue 29, defect 5: a per-side knee step showed "RIGHT SIDE" while the voice said
    "Switch to your right foot", and the end said "That's your feet done for today"."""
    session = Session(parse_routine(KNEE, "knee.toml"), SessionOptions(get_ready_s=3))
    events, t = session.start(T0), T0
    while session.state is not State.FINISHED:
        t = session.next_wakeup(t)
        events += session.tick(t)
    cues = [cue for event in events for cue in cues_for(event)]
    switch = cues.index("switch-feet")
    assert cues[switch + 1] == "say-sides-right"
    assert cues[-2:] == ["routine-done", "say-all-done"]
    assert not any(cue.startswith(("say-switch-", "say-well-done")) for cue in cues)
    built_in = routine_cues(SessionOptions(get_ready_s=3))
    assert "say-switch-right" in built_in and built_in[-1] == "say-well-done"


def test_the_neutral_lines_name_no_foot_and_ship_with_footdesk():
    """Shipped like the built-in routine's lines (packaging/make_sounds.py renders every VOICE_LINES
    entry), so an own routine without a speech engine still hears them."""
    from footdesk.cues import VOICE_LINES, own_voice_lines

    for cue in ("say-sides-left", "say-sides-right", "say-all-done"):
        assert "foot" not in VOICE_LINES[cue] and "feet" not in VOICE_LINES[cue]
    knee = parse_routine(KNEE, "knee.toml")
    assert {"say-sides-left", "say-sides-right", "say-all-done"} <= all_cues(knee)
    assert not set(own_voice_lines(knee)) & set(VOICE_LINES)  # nothing to render on this computer
    sounds = resources.files("footdesk.assets").joinpath("sounds")
    assert all(sounds.joinpath(f"{cue}.ogg").is_file() for cue in ("say-sides-left", "say-sides-right", "say-all-done"))
