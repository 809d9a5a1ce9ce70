"""What the programme card says, without Qt: each step's times in footdesk's
own words, its sides, its instructions once for both sides, which pictures it
prints (mirrored for the right side when the step says so), and the paper of
the person's locale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from footdesk.card import (
    CardPicture,
    Paper,
    card_instructions,
    card_pictures,
    card_sides,
    card_timing,
    default_paper,
    programme_card,
    read_card_picture,
)
from footdesk.report import step_timing
from footdesk.routine import load_default_routine, parse_routine
from footdesk.untrusted import ReceivedFileError
from tests.test_programmes import PROGRAMME

PICTURES = """
schema = 2
id = "calf-care"
title = "Calf care"

[[steps]]
id = "stretch"
title = "Calf stretch"
timing = "per-side"
seconds = 30
picture = "pics/stretch.png"
picture_alt = "Hands on the wall, the left leg back"
mirror = true
instructions = ["Lean into the wall, {side} leg back."]

[[steps]]
id = "same"
title = "Ankle circles"
timing = "per-side"
seconds = 20
picture = "circles.png"
instructions = ["Circle your {side} ankle."]

[[steps]]
id = "own-sides"
title = "Step-downs"
timing = "per-side"
seconds = 20
picture_left = "down-left.png"
picture_right = "down-right.png"
instructions = ["Step down with your {side} foot."]

[[steps]]
id = "roll"
title = "Roll the foot"
timing = "per-side"
seconds = 60
picture = "roll.svg"
mirror = true
guide = [2, 3]
say_guide = ["Now the heel."]
picture_guide = ["roll-arch.svg", "roll-heel.svg"]
instructions = ["Ball under your {side} foot.", "Through the arch.", "Under the heel."]

[[steps]]
id = "plain"
title = "Walk"
timing = "timed"
seconds = 40
instructions = ["Walk around."]
"""


def where(name: str) -> Path:
    return Path("/routines") / name


def test_times_are_footdesks_own_words_with_the_tempo_of_a_repetition():
    knee = parse_routine(PROGRAMME)
    stretch, squats, posture = knee.steps
    assert card_timing(stretch) == step_timing(stretch) == "0:30 left / 0:45 right"
    assert card_timing(squats) == f"{step_timing(squats)}; each rep 2 s up, 2 s down"
    assert card_timing(squats) == "3 × 10 reps, 0:20 rest; each rep 2 s up, 2 s down"
    assert card_timing(posture) == "Tip: no timer, go on when ready"  # an own routine's untimed step is a tip
    builtin = load_default_routine()
    assert card_timing(builtin.step("barefoot")) == "Habit: every day, no timer"
    assert card_timing(builtin.step("roll")) == "2:00 each foot"


def test_sides_are_named_and_instructions_said_once_for_both():
    roll = load_default_routine().step("roll")
    assert card_sides(roll) == "Left foot, then right foot"
    assert card_instructions(roll)[0] == "Stand with the ball under your left (then right) foot."
    assert card_instructions(roll)[1:] == roll.instructions[1:]
    stretch = parse_routine(PROGRAMME).steps[0]
    assert card_sides(stretch) == "Left side, then right side"


def test_a_mirrored_step_prints_the_left_picture_and_the_same_flipped_for_the_right():
    stretch = parse_routine(PICTURES).step("stretch")
    pictures, note = card_pictures(stretch, where)
    alt = "Hands on the wall, the left leg back"
    assert pictures == (
        CardPicture(where("pics/stretch.png"), False, alt, "Left side"),
        CardPicture(where("pics/stretch.png"), True, alt, "Right side, mirrored"),
    )
    assert note == ""


def test_one_picture_for_both_sides_prints_once_and_a_picture_per_side_prints_each():
    routine = parse_routine(PICTURES)
    (same,), _ = card_pictures(routine.step("same"), where)
    assert same == CardPicture(where("circles.png"), False, "Ankle circles", "")  # alt: the title
    left, right = card_pictures(routine.step("own-sides"), where)[0]
    assert (left.path.name, left.mirrored, left.label) == ("down-left.png", False, "Left side")
    assert (right.path.name, right.mirrored, right.label) == ("down-right.png", False, "Right side")
    assert card_pictures(routine.step("plain"), where) == ((), "")


def test_guide_pictures_print_each_stage_with_its_instruction_and_say_the_mirror():
    roll = parse_routine(PICTURES).step("roll")
    pictures, note = card_pictures(roll, where)
    assert [(p.path.name, p.mirrored, p.label) for p in pictures] == [
        ("roll-arch.svg", False, "Instruction 2"),
        ("roll-heel.svg", False, "Instruction 3"),
    ]
    assert note == "The pictures show the left side; mirrored for the right side."


def test_the_card_is_the_routine_in_order_and_its_pictures_are_the_routines_own():
    routine = parse_routine(PICTURES)
    card = programme_card(routine, where, Paper.LETTER, date(2026, 12, 7))
    assert [step.title for step in card.steps] == [step.title for step in routine.steps]
    assert [step.number for step in card.steps] == [1, 2, 3, 4, 5]
    assert card.summary == "5 steps · 5 min of exercise · made 7 Dec 2026"
    assert card.paper is Paper.LETTER
    assert not any(picture.shipped for step in card.steps for picture in step.pictures)
    shipped = programme_card(routine, where, Paper.A4, date(2026, 12, 7), shipped=True)
    assert all(picture.shipped for step in shipped.steps for picture in step.pictures)


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, Paper.LETTER),
        ({"LANG": "fr_CA.UTF-8"}, Paper.LETTER),
        ({"LANG": "en_GB.UTF-8"}, Paper.A4),
        ({"LANG": "de_DE@euro"}, Paper.A4),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.A4),  # LC_PAPER before LANG
        ({"LC_ALL": "es_MX.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.LETTER),  # LC_ALL before both
        ({"LANG": "C.UTF-8"}, Paper.A4),
        ({}, Paper.A4),
    ],
)
def test_the_paper_is_the_locales(environ, paper):
    assert default_paper(environ) is paper


def test_a_picture_is_read_and_checked_before_anything_decodes_it(tmp_path):
    missing = CardPicture(tmp_path / "gone.png", False, "x")
    with pytest.raises(ReceivedFileError, match=r"gone\.png: file not found$"):
        read_card_picture(missing)
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"GIF89a" + b"\0" * 20)
    with pytest.raises(ReceivedFileError, match=r"photo\.png: its name says PNG but its content is a GIF picture"):
        read_card_picture(CardPicture(fake, False, "x"))
