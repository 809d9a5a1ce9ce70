from __future__ import annotations

import pytest

from footdesk.routine import (
    RoutineError,
    Side,
    Timing,
    load_default_routine,
    load_routine,
    parse_routine,
)

GOOD_STEP = """
[[steps]]
id = "roll"
title = "Roll"
timing = "per-side"
seconds = 120
instructions = ["Ball under your {side} foot.", "Roll."]
"""


def routine_text(step: str = GOOD_STEP, head: str = 'id = "r"\ntitle = "R"\n') -> str:
    return head + step


def test_default_routine_matches_the_design():
    routine = load_default_routine()
    assert [s.id for s in routine.steps] == ["barefoot", "roll", "heel-raises", "shoes"]
    assert [s.timing for s in routine.steps] == [Timing.UNTIMED, Timing.PER_SIDE, Timing.TIMED, Timing.UNTIMED]
    roll = routine.step("roll")
    assert roll.seconds == 120 and roll.sides == (Side.LEFT, Side.RIGHT)
    assert routine.step("heel-raises").seconds == 60
    assert routine.total_seconds == 300
    assert roll.instructions_for(Side.RIGHT)[0] == "Stand with the ball under your right foot."


def test_with_durations_changes_only_timed_steps_it_knows():
    routine = load_default_routine().with_durations({"roll": 90, "barefoot": 5, "nope": 3})
    assert routine.step("roll").seconds == 90
    assert routine.step("barefoot").seconds is None
    assert routine.total_seconds == 240


def test_load_routine_from_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(routine_text(), encoding="utf-8")
    routine = load_routine(path)
    assert routine.source == str(path)
    assert routine.steps[0].sides == (Side.LEFT, Side.RIGHT)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"# only a comment\nschema = 1\n", "id must be lowercase"),
        (b"\xff\xfe\x00garbage", "not a text file"),
        (b"id = [unclosed", "not valid TOML"),
        (routine_text(head='title = "R"\n').encode(), "id must be lowercase"),
        (routine_text(head='id = "R R"\ntitle = "R"\n').encode(), "id must be lowercase"),
        (routine_text(head='id = "r"\ntitle = ""\n').encode(), "title must be a non-empty"),
        (routine_text(head='schema = 4\nid = "r"\ntitle = "R"\n').encode(), "schema 4 is not supported"),
        (routine_text(head='id = "r"\ntitle = "R"\ncolour = "red"\n').encode(), "unknown key 'colour'"),
        (routine_text(head='id = "r"\ntitle = "R"\nsteps = 3\n', step="").encode(), "at least one"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(RoutineError, match="file not found"):
        load_routine(tmp_path / "nothing.toml")


def test_unreadable_file(tmp_path):
    folder = tmp_path / "a-folder.toml"
    folder.mkdir()
    with pytest.raises(RoutineError, match="is a folder, not a file"):
        load_routine(folder)


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        (("seconds = 120", 'seconds = "two minutes"'), "seconds must be a whole number"),
        (("seconds = 120", "seconds = 0"), "seconds must be a whole number"),
        (("seconds = 120", "seconds = 99999999999999"), "seconds must be a whole number"),
        (("seconds = 120", "seconds = true"), "seconds must be a whole number"),
        (("seconds = 120", "seconds = 1.5"), "seconds must be a whole number"),
        (('timing = "per-side"', 'timing = "sometimes"'), "timing must be one of"),
        (('instructions = ["Ball under your {side} foot.", "Roll."]', "instructions = []"), "instructions must"),
        (('instructions = ["Ball under your {side} foot.", "Roll."]', 'instructions = ["ok", 3]'), "instructions"),
        (('instructions = ["Ball under your {side} foot.", "Roll."]', 'instructions = ["{foot}"]'), "only {side}"),
        (('instructions = ["Ball under your {side} foot.", "Roll."]', 'instructions = ["{oops"]'), "unmatched"),
        (('title = "Roll"', 'title = "Roll"\nsides = ["left", "left"]'), "sides must list"),
        (('title = "Roll"', 'title = "Roll"\nsides = ["left", 1]'), "sides must list"),
        (('title = "Roll"', 'title = "Roll"\nsetup = 2'), "setup must be"),
        (('title = "Roll"', 'title = "Roll"\nguide = [1]\nsetup = 1'), "guide must list"),
        (('title = "Roll"', 'title = "Roll"\nguide = [2, 2]'), "guide must list"),
        (('title = "Roll"', 'title = "Roll"\nguide = "toes"'), "guide must list"),
        (('title = "Roll"', 'title = "Roll"\ncolor = 1'), "unknown key 'color'"),
    ],
)
def test_bad_steps_name_the_step(replacement, message):
    old, new = replacement
    text = routine_text(GOOD_STEP.replace(old, new))
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, source="mine.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("mine.toml, line ") and ", step 'roll'" in str(caught.value)


def test_untimed_step_with_seconds_is_rejected():
    step = '[[steps]]\nid = "tip"\ntitle = "Tip"\ntiming = "untimed"\nseconds = 10\ninstructions = ["x"]\n'
    with pytest.raises(RoutineError, match="an untimed step has no 'seconds'"):
        parse_routine(routine_text(step))


def test_side_placeholder_needs_a_per_side_step():
    step = '[[steps]]\nid = "one"\ntitle = "One"\ntiming = "timed"\nseconds = 10\ninstructions = ["{side}"]\n'
    with pytest.raises(RoutineError, match="not per-side"):
        parse_routine(routine_text(step))


def test_duplicate_step_ids():
    with pytest.raises(RoutineError, match="same id is used by two steps"):
        parse_routine(routine_text(GOOD_STEP + GOOD_STEP))


def test_a_step_that_is_not_a_table():
    with pytest.raises(RoutineError, match="step 1 is not a table"):
        parse_routine('id = "r"\ntitle = "R"\nsteps = [1]\n')


def test_spoken_lines_and_beat_are_read():
    routine = load_default_routine()
    heel = routine.step("heel-raises")
    assert heel.say and heel.say_start and heel.beat == (3, 5)
    assert len(routine.step("roll").say_guide) == len(routine.step("roll").guide) - 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('say_guide = ["one"]', "say_guide must have one text for each guide stage"),
        ("beat = [1]", "beat must name two instruction numbers"),
        ("beat = [1, 9]", "beat must name two instruction numbers"),
        ('say = ""', "say must be a non-empty text"),
    ],
)
def test_bad_spoken_lines_and_beats(extra, message):
    with pytest.raises(RoutineError, match=message):
        parse_routine(routine_text(GOOD_STEP + extra + "\n"))


def test_an_untimed_step_cannot_have_a_beat():
    step = '[[steps]]\nid = "tip"\ntitle = "Tip"\ntiming = "untimed"\nbeat = [1, 1]\ninstructions = ["x"]\n'
    with pytest.raises(RoutineError, match="untimed step has no 'say_start' or 'beat'"):
        parse_routine(routine_text(step))
