"""The programme card: a routine on paper, for the fridge or the physiotherapist.

What the card says is decided here, once, without Qt: each step in order with
its pictures (which ones, mirrored or not, by ``Step.picture_for``, the one
rule of which picture shows), its numbered instructions, its times in the
words the rest of footdesk uses (``report.step_timing``) and its sides; an
untimed step as the habit or tip it is. ``footdesk.platform.card_pdf`` draws
it; the model (``model/cards.py``) says which routine and where its pictures are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from footdesk.i18n import N_, _, capital_first, day_month_year, n_
from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, PictureFacts, check_picture, check_picture_bytes
from footdesk.report import side_words, step_timing
from footdesk.routine import Routine, Side, Step, built_in_words
from footdesk.timefmt import spoken_duration
from footdesk.untrusted import read_regular_file


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        # TRANSLATORS: the paper size (US Letter); A4 keeps its name
        return "A4" if self is Paper.A4 else _("Letter")


LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "BZ"})
"""Where paper is US Letter (CLDR's paperSize); everywhere else A4."""


def default_paper(environ: Mapping[str, str] = os.environ) -> Paper:
    """The paper of the person's locale, as the C library chooses LC_PAPER:
    LC_ALL, then LC_PAPER, then LANG ("en_US.UTF-8" is Letter, "de_DE" A4)."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(name, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return Paper.LETTER if territory in LETTER_TERRITORIES else Paper.A4
    return Paper.A4


@dataclass(frozen=True)
class CardPicture:
    """One picture of a step as the card prints it."""

    path: Path
    """Where the routine's file says it is (``RoutineLibrary.picture_path``)."""
    mirrored: bool
    caption: str
    """Its alt text (the step's title when the routine gives none): printed under it."""
    label: str = ""
    """Which it is, when a step has several: "Left foot", "Right foot, mirrored", "Instruction 4"."""
    shipped: bool = False
    """One of footdesk's own drawings (the built-in routine): drawn in the ink for paper."""


@dataclass(frozen=True)
class CardStep:
    number: int
    title: str
    timing: str
    """"2:00 each foot", "3 × 10 reps, 0:20 rest; each rep 2 s up, 3 s down", "Habit: no timer"."""
    sides: str
    """"Left foot, then right foot" for a per-side step; empty otherwise."""
    instructions: tuple[str, ...]
    pictures: tuple[CardPicture, ...]
    note: str = ""
    """What the pictures leave unsaid: "The pictures show the left foot; mirror them for the right"."""


@dataclass(frozen=True)
class ProgrammeCard:
    routine_id: str
    title: str
    summary: str
    """"4 steps · 4 min of exercise · made 7 Dec 2026"."""
    steps: tuple[CardStep, ...]
    paper: Paper


CARD_NOTE = N_(
    "Made with footdesk, an exercise timer, not medical care. Stop and ask your physiotherapist if a step hurts."
)


def tempo_words(step: Step) -> str:
    """One repetition's tempo, as the step form labels it: "2 s up, 3 s down"."""
    if step.reps is None or not step.tempo:
        return ""
    up, down = step.tempo
    # TRANSLATORS: one repetition's tempo: seconds up, seconds down ("2 s up, 3 s down")
    return _("{up} s up, {down} s down").format(up=up, down=down)


def card_timing(step: Step) -> str:
    """The step's times on paper: ``report.step_timing`` (the one wording of a
    step's times), with a repetition's tempo, or what an untimed step is."""
    if not step.timed:
        return _("Habit: every day, no timer") if step.habit else _("Tip: no timer, go on when ready")
    tempo = tempo_words(step)
    if not tempo:
        return step_timing(step)
    # TRANSLATORS: a step's times on paper ("3 x 10 reps, 0:20 rest") and one repetition's tempo ("2 s up, 3 s down")
    return _("{timing}; each rep {tempo}").format(timing=step_timing(step), tempo=tempo)


def card_sides(step: Step) -> str:
    """ "Left foot, then right foot"."""
    labels = [step.side_label(side) for side in step.sides]
    if len(labels) < 2:
        return capital_first("".join(labels))
    # TRANSLATORS: the order of a step's sides on paper: {first} is "left foot", {then} "right foot"
    return capital_first(_("{first}, then {then}").format(first=labels[0], then=", ".join(labels[1:])))


def card_instructions(step: Step) -> tuple[str, ...]:
    """The instructions once for every side: "{side}" reads "left (then right)"."""
    if len(step.sides) < 2:
        return step.instructions_for(step.sides[0] if step.sides else None)
    first, *others = step.sides
    if step.shipped_voice:  # the built-in routine's sentences are looked up whole (packaging/catalogs.py), this one too
        english = f"{first.value} (then {', '.join(side.value for side in others)})"
        return tuple(built_in_words(text.format(side=english)) for text in step.instructions)
    # TRANSLATORS: put into a step's instruction in place of one side, on paper, where the card says both: "left (then
    # right)"
    both = _("{first} (then {then})").format(
        first=side_words(first.value), then=", ".join(side_words(side.value) for side in others)
    )
    return tuple(text.format(side=both) for text in step.instructions)


PicturePath = Callable[[str], Path]
"""A picture's name in the routine → where it is (``RoutineLibrary.picture_path`` for that routine)."""


def card_pictures(step: Step, where: PicturePath, shipped: bool = False) -> tuple[tuple[CardPicture, ...], str]:
    """The pictures a step prints, and a note when they show one side only.

    A step with a picture per guide stage prints each stage's (labelled with
    the instruction it goes with) for its first side; a per-side step prints
    the picture of each side (the right one mirrored when the step says so),
    or one picture when both sides show the same."""
    first = step.sides[0] if step.sides else None
    if step.guide_pictures:
        # TRANSLATORS: the label of a picture on the programme card: the instruction it goes with
        shown = [(step.picture_for(first, stage), _("Instruction {number}").format(number=step.guide[stage] + 1))
                 for stage in range(len(step.guide_pictures))]  # fmt: skip
        note = ""
        if len(step.sides) > 1 and step.mirror:
            # TRANSLATORS: under a step's pictures on paper: {shown} is "left foot", {mirrored} "right foot"
            note = _("The pictures show the {shown}; mirrored for the {mirrored}.").format(
                shown=step.side_label(first), mirrored=step.side_label(step.sides[1])
            )
    else:
        each = [(side, step.picture_for(side)) for side in (step.sides or (None,))]
        distinct = {picture for _side, picture in each if picture is not None}
        if len(distinct) <= 1:
            shown = [(next(iter(distinct)), "")] if distinct else []
        else:
            shown = [(picture, _side_label(step, side, picture.mirrored)) for side, picture in each if picture]
        note = ""
    pictures = tuple(
        CardPicture(where(picture.name), picture.mirrored, picture.alt, label, shipped)
        for picture, label in shown
        if picture is not None
    )
    return pictures, note


def _side_label(step: Step, side: Side | None, mirrored: bool) -> str:
    label = step.side_label(side)
    # TRANSLATORS: the label of a picture on the programme card: {side} is "right foot", the picture mirrored
    return capital_first(_("{side}, mirrored").format(side=label) if mirrored else label)


def programme_card(
    routine: Routine, where: PicturePath, paper: Paper, made_on: date, shipped: bool = False
) -> ProgrammeCard:
    """The card of ``routine`` as it will run (the built-in one with the
    settings' times: ``RoutineShelf.as_run``). ``shipped``: its pictures are
    footdesk's own drawings."""
    steps = []
    for number, step in enumerate(routine.steps, 1):
        pictures, note = card_pictures(step, where, shipped)
        steps.append(CardStep(number, step.title, card_timing(step), card_sides(step) if step.sides else "",
                              card_instructions(step), pictures, note))  # fmt: skip
    # TRANSLATORS: under the card's title: {duration} is "5 min", {made} the day it was made ("7 Dec 2026")
    count = len(routine.steps)
    summary = n_("{count} step · {duration} of exercise · made {made}",
                 "{count} steps · {duration} of exercise · made {made}", count).format(
        count=count, duration=spoken_duration(routine.total_seconds), made=day_month_year(made_on))  # fmt: skip
    return ProgrammeCard(routine.id, routine.title, summary, tuple(steps), paper)


def read_card_picture(picture: CardPicture) -> tuple[bytes, PictureFacts]:
    """The bytes of a picture to print, checked by ``footdesk.pictures`` (the
    one check of a received picture) before anything decodes them: the bytes
    checked are the bytes drawn. ReceivedFileError (the file and why) when it
    is missing or refused: the card is printed without it."""
    kind = KIND_OF_SUFFIX.get(picture.path.suffix.lower())
    if kind is None:  # routine.py admits picture names only; check_picture refuses this one, naming the file
        check_picture(picture.path)
        raise AssertionError(f"{picture.path} passed as a picture")
    data = read_regular_file(picture.path, MAX_PICTURE_BYTES)
    return data, check_picture_bytes(data, kind, picture.path)


def without_picture(problem: str) -> str:
    """The one line for a picture the card is printed without."""
    # TRANSLATORS: {problem} says which picture cannot be printed, and why
    return _("{problem}; the card is printed without it").format(problem=problem)
