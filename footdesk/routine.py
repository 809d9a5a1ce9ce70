"""Routines as data: the steps a person follows, loaded from TOML and validated.

A routine file is written by people (ours, and later the user's own), so every
mistake is reported as a RoutineError naming the file, the step and what is
wrong, instead of surfacing later as a confusing failure mid-session.
"""

from __future__ import annotations

import copy
import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard, TypeVar

from footdesk.i18n import ENGLISH, N_, PSEUDO, _, current_language, n_, p_, p_in, pN_
from footdesk.untrusted import (
    MAX_ID_CHARS,
    MAX_ROUTINE_BYTES,
    MAX_SPOKEN_CHARS,
    MAX_SPOKEN_LINES,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    ReceivedFileError,
    control_character,
    read_regular_file,
    shape_problem,
    toml_problem,
)

SCHEMA_VERSION = 2
"""The schema a routine without a dose or a plan is written in. Schema 2 adds
different seconds per side, sets with rest, and repetitions with a tempo;
schema 1 files load unchanged."""
PLAN_SCHEMA = 3
"""Schema 3 adds the ``[dose]`` and ``[plan]`` tables: a routine that has them
is written as schema 3, so an older footdesk refuses it with a clear message
instead of running it without its dose."""
SCHEMAS = (1, 2, 3)
DEFAULT_ROUTINE = "foot-strength"


def title_as_seen(title: str) -> str:
    """What a person sees of a title, for telling two apart: compatibility
    forms folded (NFKC), invisible format characters (zero-width spaces and
    joiners, direction marks) left out, runs of spaces made one, case
    folded. "Kn\u200bee care" and "Knee  Care" look like "Knee care"."""
    import unicodedata

    visible = "".join(ch for ch in unicodedata.normalize("NFKC", title) if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split()).casefold()


def keeps_habits(routine_id: str) -> bool:
    """Whether a routine's untimed steps are habits (the built-in routine, whose id
    no routine of one's own may take) or tips (every other): ``Step.habit`` for
    the sessions in the history, which know their routine by its id."""
    return routine_id == DEFAULT_ROUTINE


STEP_SECONDS = (5, 30 * 60)
"""How long one timed part may be, in a routine file and in the settings alike:
shorter is no exercise, longer is a mistake (a typo for minutes)."""
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,40}")
"""A key named after the place of an error: one a reader can take as it is (a
received key name is shown quoted in the reason instead)."""
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""Matched whole (fullmatch): ``$`` would let a trailing newline through."""
_ROUTINE_KEYS = {"schema", "id", "title", "language", "steps", "dose", "plan"}
_PLAN_SCHEMA_KEYS = {"dose", "plan"}
_DOSE_KEYS = {"times_a_day", "days_a_week"}
_PLAN_KEYS = {"start", "phases"}
_PHASE_KEYS = {"title", "weeks", "from_week", "steps"}
_NUMBER_KEYS = {"seconds", "sets", "rest", "reps", "grow"}
_GROW_KEYS = {"every_weeks", "seconds", "sets", "reps", "up_to"}
_STEP_KEYS = {
    "id", "title", "timing", "seconds", "sides", "instructions", "setup", "guide",
    "say", "say_start", "say_guide", "beat", "sets", "rest", "reps", "tempo",
    "picture", "picture_alt", "mirror", "picture_left", "picture_right", "picture_guide",
}  # fmt: skip
_SCHEMA_2_KEYS = {"sets", "rest", "reps", "tempo"}
EXTENSION_PREFIX = "x-"
"""Keys starting with this are someone's own additions: footdesk ignores them and
keeps them when it saves. Any other unknown key is an error (most are typos)."""
MAX_STEPS = 100
SETS = (1, 20)
REST_SECONDS = (0, 10 * 60)
REPS = (1, 200)
TEMPO_SECONDS = (1, 10)
MAX_FILE_BYTES = MAX_ROUTINE_BYTES
TIMES_A_DAY = (1, 3)
"""A dose of one to three sessions a day: more is no home programme."""
DAYS_A_WEEK = (1, 7)
PLAN_PHASES = (1, 12)
PHASE_WEEKS = (1, 52)
PLAN_WEEKS = 104
"""A plan covers at most two years; a longer one is a mistake in a file."""
GROW_EVERY_WEEKS = (1, 12)
PLAN_START_DAYS = (-3 * 366, 366)
"""How far before or after today a plan may say it starts: a start years back
or more than a year ahead is a typo in the year."""
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg")
"""The kinds of picture a step may name (footdesk.pictures checks that the
content is what the name says)."""
MAX_PICTURE_NAME_CHARS = 200
_PICTURE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_. -]{0,99}")
"""One part of a picture's name: letters, digits, dot, dash, underscore and
space, not starting with a dot (no hidden file, no ``..``)."""


class Timing(StrEnum):
    UNTIMED = "untimed"
    TIMED = "timed"
    PER_SIDE = "per-side"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


SIDE_LABELS = {
    ("left", "foot"): N_("left foot"),
    ("right", "foot"): N_("right foot"),
    ("left", "side"): N_("left side"),
    ("right", "side"): N_("right side"),
}
"""What ``Step.side_label`` shows, by (side, side noun): a whole label each, so
each language writes its own order and agreement."""
BUILT_IN_CONTEXT = "routine foot-strength"
"""The catalog's context of the built-in routine's texts (packaging/catalogs.py
extracts them from its file, a sided instruction once for each foot)."""
_SIDE_WORDS = {
    # TRANSLATORS: what {side} becomes in an instruction of a routine of one's own ("Stand on your {side} leg")
    "left": pN_("side in a routine's instruction", "left"),
    "right": pN_("side in a routine's instruction", "right"),
    "other": pN_("side in a routine's instruction", "other"),
}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")
"""A language as a routine file names it ("de", "pt_BR", "sr-Latn"): letters
only, so it can go to the speech engine's voice option as it is."""


def built_in_words(text: str) -> str:
    """A text of the built-in routine in the person's language."""
    return p_(BUILT_IN_CONTEXT, text) if text else text


def built_in_as_own(routine: Routine) -> Routine:
    """The built-in routine as a routine of one's own (its copy): in the person's
    language, which it then says it is written in. Its instructions are looked up
    whole there, so a sided one takes the sentence for both feet ("… under your
    left (then right) foot."); in English they keep their ``{side}``."""
    language = current_language().code
    if language in (ENGLISH, PSEUDO):
        return routine

    def own(step: Step) -> Step:
        sides = " (then ".join(side.value for side in step.sides) + ")" * (len(step.sides) > 1)
        texts = tuple(built_in_words(text.format(side=sides)) for text in step.instructions)
        return replace(step, instructions=texts, language=language)

    return replace(routine, language=language, steps=tuple(own(step) for step in routine.steps))


class RoutineError(Exception):
    """A routine file that cannot be used, with enough detail to fix it by hand:
    the file, the line (where it can be found), the step and the key."""

    def __init__(
        self, source: str, reason: str, step: str | None = None, key: str | None = None, number: int | None = None
    ) -> None:
        self.source = source
        self.step = step
        self.reason = reason
        self.key = key
        self.number = number
        """The step's position (1 = first [[steps]] table), to find its line."""
        self.phase: int | None = None
        """The plan phase's position (1 = first [[plan.phases]] table), to find its line."""
        self.plan_step: str | None = None
        """The step whose numbers in that phase are wrong, to find their line."""
        self.line: int | None = None
        super().__init__(reason)

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            # TRANSLATORS: where a problem is in a routine file: {where} is the file's name, {line} a line number
            where = _("{where}, line {line}").format(where=where, line=self.line)
        if self.step:
            # TRANSLATORS: where a problem is in a routine file: {step} is a step's id, quoted ('roll')
            where = _("{where}, step {step}").format(where=where, step=repr(self.step))
        if self.key and _PLAIN_KEY.fullmatch(self.key) and self.key not in self.reason:
            where += f", {self.key}"
        return _("{where}: {problem}").format(where=where, problem=self.reason)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    instructions: tuple[str, ...]
    timing: Timing
    seconds: int | None = None
    sides: tuple[Side, ...] = ()
    setup: int = 0
    guide: tuple[int, ...] = ()
    """Zero-based instruction indices walked through while the clock runs."""
    say: str | None = None
    """Spoken when the step comes up (while getting ready, or as a tip shows)."""
    say_start: str | None = None
    """Spoken as the clock starts: the step's how-to in brief."""
    say_guide: tuple[str, ...] = ()
    """Spoken as each guide stage after the first begins."""
    beat: tuple[int, ...] = ()
    """Zero-based (up, down) instruction indices the heel-raise tempo alternates."""
    side_seconds: tuple[tuple[Side, int], ...] = ()
    """A different length for each side (``seconds = { left = 30, right = 45 }``)."""
    sets: int = 1
    rest: int = 0
    """Seconds of rest between two sets."""
    reps: int | None = None
    """Repetitions counted by tempo instead of a clock (``seconds`` follows from them)."""
    tempo: tuple[int, int] | None = None
    """(up, down) seconds of one repetition."""
    side_noun: str = "side"
    """What a side is called on screen ("left foot" in the built-in routine)."""
    language: str = ""
    """Its routine's language (``Routine.language``): the word ``{side}`` becomes."""
    shipped_voice: bool = False
    """Its spoken lines ship with footdesk (the built-in routine); a person's own
    routine's lines are rendered on this computer and found by their text."""
    picture: str | None = None
    """A picture of the movement, named relative to the routine file's folder
    ("calf-stretch.png", "pictures/calf.png"); for a per-side step it shows the
    left side unless ``side_pictures`` has the side."""
    picture_alt: str | None = None
    """What a screen reader says for the picture; the step's title when not given."""
    mirror: bool = False
    """A per-side step's ``picture`` shows the left side: flipped for the right."""
    side_pictures: tuple[tuple[Side, str], ...] = ()
    """A picture of its own for a side (``picture_left``, ``picture_right``)."""
    guide_pictures: tuple[str, ...] = ()
    """One picture per guide stage (where the ball is now), ``picture_guide``."""

    @property
    def timed(self) -> bool:
        return self.timing is not Timing.UNTIMED

    @property
    def habit(self) -> bool:
        """An untimed step of the built-in routine is a habit for every day (go
        barefoot, choose other shoes), kept and counted; an untimed step of a
        person's own routine is a tip, shown and confirmed, never counted as a
        habit. ``keeps_habits`` is the same rule for what history recorded."""
        return not self.timed and self.shipped_voice

    def side_label(self, side: Side | None) -> str:
        """ "left foot", "right side": the side as the person reads it."""
        if side is None:
            return ""
        label = SIDE_LABELS.get((side.value, self.side_noun))
        return _(label) if label is not None else f"{side.value} {self.side_noun}"

    def seconds_for(self, side: Side | None) -> int:
        """One set's seconds (for one side of a per-side step)."""
        if self.reps is not None and self.tempo:
            return self.reps * sum(self.tempo)
        for which, seconds in self.side_seconds:
            if which is side:
                return seconds
        return self.seconds or 0

    @property
    def total_seconds(self) -> int:
        """Active seconds the whole step takes: every set and side, rests not counted."""
        if not self.timed:
            return 0
        per_set = sum(self.seconds_for(side) for side in self.sides) if self.sides else self.seconds_for(None)
        return per_set * self.sets

    def instructions_for(self, side: Side | None) -> tuple[str, ...]:
        """The instructions for one side. The built-in routine's are looked up
        whole, one sentence per foot; an own routine's ``{side}`` becomes the
        side's word in the routine's language (the window's when it names none)."""
        side_key = side.value if side is not None else "other"
        if self.shipped_voice:
            return tuple(built_in_words(text.format(side=side_key)) for text in self.instructions)
        context, word = _SIDE_WORDS[side_key]
        side_word = p_in(self.language, context, word) if self.language else p_(context, word)
        return tuple(text.format(side=side_word) for text in self.instructions)

    def picture_for(self, side: Side | None, guide_stage: int | None = None) -> ShownPicture | None:
        """The one rule for which picture shows, and whether it is flipped: a
        guide stage's own picture first (mirrored like the step's for the
        right side), then the side's own, then the step's picture, flipped for
        the right side when ``mirror`` says it shows the left."""
        alt = self.picture_alt or self.title
        flipped = self.mirror and side is Side.RIGHT
        if guide_stage is not None and 0 <= guide_stage < len(self.guide_pictures):
            return ShownPicture(self.guide_pictures[guide_stage], flipped, alt)
        for which, name in self.side_pictures:
            if which is side:
                return ShownPicture(name, False, alt)
        if self.picture is None:
            return None
        return ShownPicture(self.picture, flipped, alt)

    @property
    def picture_names(self) -> tuple[str, ...]:
        """Every picture the step names, once each, in the file's order."""
        names = [self.picture, *(name for _, name in self.side_pictures), *self.guide_pictures]
        return tuple(dict.fromkeys(name for name in names if name))


class ShownPicture(NamedTuple):
    """The picture to show for one part of a step."""

    name: str
    """Relative to the routine file's folder."""
    mirrored: bool
    alt: str


@dataclass(frozen=True)
class Dose:
    """How often a routine is prescribed: what a day "done" and the weekly goal mean."""

    times_a_day: int = 1
    days_a_week: int | None = None
    """None: the person's own weekly goal (Settings) applies."""


class Quantity(StrEnum):
    """What a rule of a plan makes bigger, week by week."""

    SECONDS = "seconds"
    SETS = "sets"
    REPS = "reps"


@dataclass(frozen=True)
class Growth:
    """A rule such as "+15 s a week up to 3:00" or "+1 set after 2 weeks":
    ``by`` more ``quantity`` every ``every_weeks`` weeks in the phase, never
    beyond ``up_to``."""

    quantity: Quantity
    by: int
    every_weeks: int
    up_to: int


@dataclass(frozen=True)
class PhaseNumbers:
    """One step's numbers in one phase of a plan; None keeps the file's own."""

    step: str
    seconds: int | None = None
    """One set's seconds (each side's, for a per-side step)."""
    sets: int | None = None
    rest: int | None = None
    reps: int | None = None
    growth: Growth | None = None


@dataclass(frozen=True)
class PlanPhase:
    title: str
    weeks: int
    numbers: tuple[PhaseNumbers, ...] = ()

    def numbers_for(self, step_id: str) -> PhaseNumbers | None:
        return next((numbers for numbers in self.numbers if numbers.step == step_id), None)


@dataclass(frozen=True)
class Plan:
    """Phases over weeks, one after another (so they never overlap)."""

    phases: tuple[PlanPhase, ...]
    start: date | None = None
    """None: the plan starts the day the person first runs the routine."""

    @property
    def weeks(self) -> int:
        return sum(phase.weeks for phase in self.phases)


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    source: str = "<memory>"
    dose: Dose = field(default_factory=Dose)
    plan: Plan | None = None
    plan_phase: str | None = None
    """The title of the plan phase this copy's numbers come from (footdesk.plan sets it)."""
    plan_week: int | None = None
    """The week of the plan (1 = its first) this copy runs in."""
    language: str = ""
    """The language its texts are written in (``language = "fr"``): its spoken
    lines are said in that language's voice, and footdesk's own lines in it
    (switch sides, well done) where footdesk ships it; "" is the window's."""

    @property
    def schema(self) -> int:
        """The schema the routine is written in: the lowest that holds it."""
        return PLAN_SCHEMA if self.plan is not None or self.dose != Dose() else SCHEMA_VERSION

    @property
    def total_seconds(self) -> int:
        return sum(step.total_seconds for step in self.steps)

    @property
    def picture_names(self) -> tuple[str, ...]:
        """Every picture the routine names, once each: what travels with it."""
        return tuple(dict.fromkeys(name for step in self.steps for name in step.picture_names))

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def durations(self) -> dict[str, int]:
        """The steps whose one length the settings can change (per side for per-side
        steps): not repetitions, nor sides of different lengths."""
        return {
            step.id: step.seconds
            for step in self.steps
            if step.timed and step.seconds is not None and step.reps is None and not step.side_seconds
        }

    def with_durations(self, seconds_by_step: Mapping[str, int]) -> Routine:
        """A copy with the person's own durations; ids it does not know are ignored
        so that settings written for another routine never stop this one loading."""
        adjustable = self.durations()
        steps = tuple(
            replace(step, seconds=seconds_by_step[step.id]) if step.id in adjustable and step.id in seconds_by_step
            else step
            for step in self.steps
        )  # fmt: skip
        return replace(self, steps=steps)


def load_default_routine() -> Routine:
    """The routine shipped inside the package (works from wheel, editable and bundle)."""
    resource = resources.files("footdesk.assets").joinpath("routines", f"{DEFAULT_ROUTINE}.toml")
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RoutineError(
            f"{DEFAULT_ROUTINE}.toml", _("cannot read the built-in routine ({problem})").format(problem=exc)
        ) from exc
    routine = parse_routine(text, source=f"{DEFAULT_ROUTINE}.toml")
    # its words in the person's language; the instructions, a sentence per foot, by Step.instructions_for
    steps = tuple(
        replace(
            step,
            shipped_voice=True,
            side_noun="foot",
            title=built_in_words(step.title),
            say=built_in_words(step.say or "") or step.say,
            say_start=built_in_words(step.say_start or "") or step.say_start,
            say_guide=tuple(built_in_words(line) for line in step.say_guide),
            picture_alt=built_in_words(step.picture_alt or "") or step.picture_alt,
        )
        for step in routine.steps
    )
    return replace(routine, title=built_in_words(routine.title), steps=steps)


def load_routine(path: Path, today: date | None = None) -> Routine:
    """A routine file, read through the boundary for received files: a regular
    file only (never a FIFO or a device), at most MAX_FILE_BYTES."""
    return parse_routine(read_routine_text(path), source=str(path), today=today)


def read_routine_text(path: Path) -> str:
    """The text of a routine file as received (checked to be a regular file of a
    routine's size, and UTF-8); RoutineError when it is not."""
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except ReceivedFileError as exc:
        reason = exc.reason
        if exc.too_large:
            # TRANSLATORS: {problem} says the file is too large, and how large it is
            reason = _("{problem}; a routine is a few kilobytes").format(problem=reason)
        raise RoutineError(str(path), reason) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RoutineError(str(path), _("not a text file (it is not valid UTF-8)")) from None


def parse_routine(text: str, source: str = "<memory>", today: date | None = None) -> Routine:
    """The routine a file's text holds, or the first RoutineError in it. ``today``
    is what a plan's start date is checked against (the clock's day)."""
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write first is not TOML
    if not text.strip():
        raise RoutineError(source, _("the file is empty"))
    if "\x00" in text:
        raise RoutineError(source, _("not a text file (it holds binary data)"))
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError, and Python's own limits (digits, depth)
        error = RoutineError(source, toml_problem(exc))
        found = re.search(r"at line (\d+)", str(exc))
        error.line = int(found.group(1)) if found else None
        raise error from None
    try:
        shape = shape_problem(data)
        if shape is not None:
            where, reason = shape
            parts = where.split(".")
            number = int(parts[1]) + 1 if len(parts) > 2 and parts[0] == "steps" and parts[1].isdigit() else None
            key = parts[2] if number is not None else parts[0]
            raise RoutineError(source, reason, key=key, number=number)
        return _routine_from_data(data, source, today or date.today())
    except RoutineError as exc:
        exc.line = _plan_step_line(text, exc) or _line_of(text, exc.number, exc.key, exc.phase)
        raise


def _plan_step_line(text: str, error: RoutineError) -> int | None:
    """The line of a step's numbers in a phase (``steps.ID = { … }`` or a
    ``[plan.phases.steps.ID]`` sub-table): the key's own line where it has one."""
    if error.plan_step is None or error.phase is None:
        return None
    step, key, phases = error.plan_step, error.key, 0
    inside = False  # in a sub-table of the step's
    found: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        if stripped.startswith("["):
            name = stripped.strip("[] ")
            phases += stripped.startswith("[[") and name == "plan.phases"
            inside = phases == error.phase and name.startswith(f"plan.phases.steps.{step}")
            if inside and (found is None or name.endswith("." + str(key))):
                found = number
            continue
        if phases != error.phase or "=" not in stripped:
            continue
        name = stripped.split("=", 1)[0].strip()
        if name in (f"steps.{step}", step) and not inside:
            if re.search(rf"[{{,]\s*{re.escape(str(key))}\s*=", stripped):
                return number
            found = found or number
        elif inside and name == key:
            return number
    return found


def _line_of(text: str, step_number: int | None, key: str | None, phase_number: int | None = None) -> int | None:
    """The line a key is on (in the Nth [[steps]] table, the Nth [[plan.phases]]
    table, or elsewhere), for messages a person can act on; None when it cannot
    be told."""
    tables = {"steps": 0, "plan.phases": 0}
    wanted = ("steps", step_number) if step_number is not None else ("plan.phases", phase_number)
    section = ""
    header_line: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            name = stripped.split("#", 1)[0].strip().strip("[] ").strip()
            if stripped.startswith("[[") and name in tables:
                tables[name] += 1
                section = name
                if (name, tables[name]) == wanted:
                    header_line = number
                    if key is None:
                        return number
            elif not name.startswith("plan.phases."):
                section = name
                if key is not None and wanted[1] is None and name == key:
                    return number  # a table of its own: [dose], [plan]
            elif key is not None and (section, tables[section]) == wanted and name.endswith("." + key):
                return number
            continue
        if key is None or "=" not in stripped:
            continue
        here = (section, tables[section]) if section in tables else None
        if here != (wanted if wanted[1] is not None else None):
            continue
        name = stripped.split("=", 1)[0].strip().strip('"')
        if name == key or name.endswith("." + key):
            return number
    return header_line


def _routine_from_data(data: dict[str, Any], source: str, today: date) -> Routine:
    unknown = sorted(key for key in set(data) - _ROUTINE_KEYS if not key.startswith(EXTENSION_PREFIX))
    if unknown:
        raise RoutineError(source, _("unknown key {unknown} (allowed: {keys})").format(
            unknown=_shown(unknown[0]), keys=_allowed(_ROUTINE_KEYS)), key=unknown[0])  # fmt: skip
    schema = data.get("schema", 1)
    if isinstance(schema, bool) or schema not in SCHEMAS:
        readable = ", ".join(str(n) for n in SCHEMAS)  # no English "and" inside a translated sentence
        raise RoutineError(source, _("schema {schema} is not supported (this footdesk reads {readable})").format(
            schema=_shown(schema), readable=readable), key="schema")  # fmt: skip
    newer = sorted(set(data) & _PLAN_SCHEMA_KEYS)
    if newer and schema < PLAN_SCHEMA:
        raise RoutineError(source, _("[{newer}] needs schema = {schema} at the top of the file").format(
            newer=newer[0], schema=PLAN_SCHEMA), key=newer[0])  # fmt: skip
    routine_id = _keyed(lambda: _identifier(data.get("id"), source, None, "id"), "id")
    title = _keyed(lambda: _text(data.get("title"), source, None, "title"), "title")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise RoutineError(source, _("needs at least one [[steps]] table"), key="steps")
    if len(raw_steps) > MAX_STEPS:
        raise RoutineError(source, _("has {count} steps; a routine has at most {most}").format(
            count=len(raw_steps), most=MAX_STEPS), key="steps")  # fmt: skip
    steps: list[Step] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_steps, start=1):
        if not isinstance(raw, dict):
            raise RoutineError(source, _("step {number} is not a table").format(number=number))
        step = _step_from_data(raw, source, number, schema)
        if step.id in seen:
            raise RoutineError(source, _("the same id is used by two steps"), step.id, key="id", number=number)
        seen.add(step.id)
        steps.append(step)
    spoken = {text for step in steps for text in (step.say, step.say_start, *step.say_guide) if text}
    if len(spoken) > MAX_SPOKEN_LINES:
        raise RoutineError(source, _("has {count} different spoken lines; a routine has at most {most}").format(
            count=len(spoken), most=MAX_SPOKEN_LINES), key="say")  # fmt: skip
    dose = _dose(data["dose"], source) if "dose" in data else Dose()
    plan = _plan(data["plan"], tuple(steps), source, today) if "plan" in data else None
    language = _language(data.get("language", ""), source)
    if language:
        steps = [replace(step, language=language) for step in steps]
    return Routine(
        id=routine_id, title=title, steps=tuple(steps), source=source, dose=dose, plan=plan, language=language
    )


def _language(value: Any, source: str) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not _LANGUAGE_CODE.fullmatch(value):
        # TRANSLATORS: a routine file's language = "…"; keep "de" and "pt_BR" as they are
        reason = _('language must be a language\'s code such as "de" or "pt_BR", got {value}')
        raise RoutineError(source, reason.format(value=_shown(value)), key="language")
    return value


def _dose(value: Any, source: str) -> Dose:
    """``[dose]``: how many times a day, how many days a week."""
    if not isinstance(value, dict):
        raise RoutineError(
            source, _("dose must be a table ([dose]), got {value}").format(value=_shown(value)), key="dose"
        )
    unknown = sorted(set(value) - _DOSE_KEYS)
    if unknown:
        raise RoutineError(
            source,
            _("unknown key {unknown} in [dose] (allowed: {dose_keys})").format(
                unknown=_shown(unknown[0]), dose_keys=_allowed(_DOSE_KEYS)
            ),
            key=unknown[0],
        )

    def fail(key: str, reason: str) -> RoutineError:
        return RoutineError(source, f"[dose] {reason}", key=key)  # a table name, kept as it is (draft.py takes it off)

    times = _whole(value.get("times_a_day", 1), TIMES_A_DAY, "times_a_day", fail)
    days = _whole(value["days_a_week"], DAYS_A_WEEK, "days_a_week", fail) if "days_a_week" in value else None
    return Dose(times, days)


def _plan(value: Any, steps: tuple[Step, ...], source: str, today: date) -> Plan:
    """``[plan]``: an optional start date and phases one after another, each
    some weeks long with its own numbers for some steps."""
    if not isinstance(value, dict):
        raise RoutineError(
            source, _("plan must be a table ([plan]), got {value}").format(value=_shown(value)), key="plan"
        )
    unknown = sorted(set(value) - _PLAN_KEYS)
    if unknown:
        raise RoutineError(
            source,
            _("unknown key {unknown} in [plan] (allowed: {plan_keys})").format(
                unknown=_shown(unknown[0]), plan_keys=_allowed(_PLAN_KEYS)
            ),
            key=unknown[0],
        )
    start = value.get("start")
    if start is not None:
        start = _plan_start(start, source, today)
    raw_phases = value.get("phases")
    low, high = PLAN_PHASES
    if not isinstance(raw_phases, list) or not low <= len(raw_phases) <= high:
        count = len(raw_phases) if isinstance(raw_phases, list) else _shown(raw_phases)
        raise RoutineError(
            source,
            _("a plan needs {low} to {high} [[plan.phases]] tables, got {count}").format(
                low=low, high=high, count=count
            ),
            key="phases",
        )
    phases: list[PlanPhase] = []
    week = 1
    for number, raw in enumerate(raw_phases, start=1):
        try:
            phase = _phase(raw, number, week, steps, source)
        except RoutineError as exc:
            exc.phase = number
            raise
        if any(phase.title == earlier.title for earlier in phases):
            error = RoutineError(
                source, _("two phases are called {title}").format(title=_shown(phase.title)), key="title"
            )
            error.phase = number
            raise error
        phases.append(phase)
        week += phase.weeks
    plan = Plan(tuple(phases), start)
    if plan.weeks > PLAN_WEEKS:
        raise RoutineError(
            source,
            _("the plan is {weeks} weeks long; at most {plan_weeks}").format(weeks=plan.weeks, plan_weeks=PLAN_WEEKS),
            key="phases",
        )
    return plan


def _plan_start(value: Any, source: str, today: date) -> date:
    if isinstance(value, datetime):
        raise RoutineError(
            source,
            _("start must be a date alone, like {date}: not a date and a time").format(date=value.date().isoformat()),
            key="start",
        )
    if not isinstance(value, date):
        raise RoutineError(
            source,
            _("start must be a date like 2026-12-07 (no quotes), got {value}").format(value=_shown(value)),
            key="start",
        )
    days = (value - today).days
    if not PLAN_START_DAYS[0] <= days <= PLAN_START_DAYS[1]:
        if days > 0:
            said = _("start {date} is more than a year ahead: is the year right?")
        else:
            said = _("start {date} is more than three years ago: is the year right?")
        raise RoutineError(source, said.format(date=value.isoformat()), key="start")
    return value


def _phase(raw: Any, number: int, first_week: int, steps: tuple[Step, ...], source: str) -> PlanPhase:
    if not isinstance(raw, dict):
        raise RoutineError(source, _("phase {number} is not a table").format(number=number))
    unknown = sorted(set(raw) - _PHASE_KEYS)
    if unknown:
        raise RoutineError(
            source,
            _("unknown key {unknown} in phase {number} (allowed: {phase_keys})").format(
                unknown=_shown(unknown[0]), number=number, phase_keys=_allowed(_PHASE_KEYS)
            ),
            key=unknown[0],
        )
    label = _("phase {number}").format(number=number)

    def fail(key: str, reason: str) -> RoutineError:
        # TRANSLATORS: {phase} is "phase 2" or "phase 'Build'" (the texts before); {problem} what is wrong with it
        return RoutineError(source, _("{phase}: {problem}").format(phase=label, problem=reason), key=key)

    title = _keyed(lambda: _text(raw.get("title"), source, None, "title"), "title")
    label = _("phase {title}").format(title=_shown(title))
    weeks = _whole(raw.get("weeks"), PHASE_WEEKS, "weeks", fail)
    if "from_week" in raw:
        given = _whole(raw["from_week"], (1, PLAN_WEEKS), "from_week", fail)
        if given < first_week:
            raise fail(
                "from_week",
                _(
                    "starts in week {given}, but the phase before runs until week {number}: phases follow "
                    "one another and cannot overlap"
                ).format(given=given, number=first_week - 1),
            )
        if given > first_week:
            raise fail(
                "from_week",
                _("starts in week {given}, so week {first_week} belongs to no phase").format(
                    given=given, first_week=first_week
                ),
            )
    by_step = raw.get("steps", {})
    if not isinstance(by_step, dict):
        raise fail("steps", _("steps must be a table of step ids, got {by_step}").format(by_step=_shown(by_step)))
    numbers: list[PhaseNumbers] = []
    for step_id, given in by_step.items():
        try:
            numbers.append(_phase_numbers(step_id, given, weeks, steps, fail))
        except RoutineError as exc:
            exc.plan_step = step_id
            raise
    return PlanPhase(title, weeks, tuple(numbers))


def _phase_numbers(step_id: str, raw: Any, weeks: int, steps: tuple[Step, ...], fail: Fail) -> PhaseNumbers:
    """A step's numbers in a phase, each in the range a step's own may take, and
    a rule that stays inside them over the phase's weeks."""
    step = next((step for step in steps if step.id == step_id), None)
    shown, named = _shown(step_id), repr(step_id)
    if step is None:
        raise fail(step_id, _("names step {step}, which the routine does not have").format(step=shown))
    if not step.timed:
        raise fail(step_id, _("step {step} is untimed: it has no numbers to change").format(step=shown))
    if not isinstance(raw, dict) or not raw:
        raise fail(step_id, _("step {step} needs a table of numbers ({keys})").format(
            step=shown, keys=_allowed(_NUMBER_KEYS)))  # fmt: skip
    unknown = sorted(set(raw) - _NUMBER_KEYS)
    if unknown:
        raise fail(step_id, _("unknown key {unknown} for step {step} (allowed: {keys})").format(
            unknown=_shown(unknown[0]), step=named, keys=_allowed(_NUMBER_KEYS)))  # fmt: skip

    def step_fail(key: str, reason: str) -> RoutineError:
        # its line: the key's, however the numbers are written
        return fail(key, _("step {step}: {problem}").format(step=named, problem=reason))

    def number(key: str, bounds: tuple[int, int]) -> int | None:
        return _whole(raw[key], bounds, key, step_fail) if key in raw else None

    counted_in_reps = step.reps is not None
    if counted_in_reps and "seconds" in raw:
        raise fail(step_id, _("step {step} is counted in reps: give reps, not seconds").format(step=named))
    if not counted_in_reps and "reps" in raw:
        raise fail(step_id, _("step {step} is counted in seconds: give seconds, not reps").format(step=named))
    if step.side_seconds and "seconds" in raw:
        raise fail(step_id, _("step {step} has seconds of its own for each side; a plan cannot change them").format(
            step=named))  # fmt: skip
    numbers = PhaseNumbers(step_id, number("seconds", STEP_SECONDS), number("sets", SETS),
                           number("rest", REST_SECONDS), number("reps", REPS))  # fmt: skip
    sets = numbers.sets if numbers.sets is not None else step.sets
    rest = numbers.rest if numbers.rest is not None else step.rest
    if rest and sets == 1:
        raise fail(step_id, _("step {step}: rest is the pause between sets: it needs sets = 2 or more").format(
            step=named))  # fmt: skip
    if "grow" in raw:
        growth = _growth(raw["grow"], step, numbers, weeks, step_fail)
        numbers = replace(numbers, growth=growth)
    return numbers


_QUANTITY_LIMITS = {Quantity.SECONDS: STEP_SECONDS, Quantity.SETS: SETS, Quantity.REPS: REPS}


def quantity_limits(quantity: Quantity) -> tuple[int, int]:
    """The range a rule's quantity stays in: a step's own limits for it."""
    return _QUANTITY_LIMITS[quantity]


def _growth(raw: Any, step: Step, numbers: PhaseNumbers, weeks: int, fail: Fail) -> Growth:
    """``grow = { every_weeks = 1, seconds = 15, up_to = 180 }``: one quantity,
    by a positive amount, never past ``up_to`` (or the routine's limit), and
    never past that limit within the phase's weeks."""
    if not isinstance(raw, dict):
        raise fail(
            "grow",
            _("grow must be a table like {{ every_weeks = 1, seconds = 15, up_to = 180 }}, got {raw}").format(
                raw=_shown(raw)
            ),
        )
    unknown = sorted(set(raw) - _GROW_KEYS)
    if unknown:
        raise fail(
            unknown[0],
            _("unknown key {unknown} in grow (allowed: {grow_keys})").format(
                unknown=_shown(unknown[0]), grow_keys=_allowed(_GROW_KEYS)
            ),
        )
    grown = [quantity for quantity in Quantity if quantity.value in raw]
    if len(grown) != 1:
        raise fail("grow", _("grow makes one thing bigger: give one of seconds, sets or reps"))
    quantity = grown[0]
    if quantity is Quantity.SECONDS and (step.reps is not None or step.side_seconds):
        raise fail("grow", _("this step's seconds are not one number a rule can grow"))
    if quantity is Quantity.REPS and step.reps is None:
        raise fail("grow", _("this step is counted in seconds: it has no reps to grow"))
    low, high = _QUANTITY_LIMITS[quantity]
    by = _whole(raw[quantity.value], (1, high - low), quantity.value, fail)
    every = _whole(raw.get("every_weeks", 1), GROW_EVERY_WEEKS, "every_weeks", fail)
    base = start_value(step, numbers, quantity)
    up_to = _whole(raw["up_to"], (low, high), "up_to", fail) if "up_to" in raw else None
    if up_to is not None and up_to <= base:
        raise fail(
            "up_to", _("up_to {up_to} is not above where the phase starts ({base})").format(up_to=up_to, base=base)
        )
    reached = base + by * ((weeks - 1) // every)
    if up_to is None and reached > high:
        raise fail(
            "grow",
            _("grows {value} to {reached} in {weeks} weeks; at most {high}: give up_to, or grow less").format(
                value=quantity.value, reached=reached, weeks=weeks, high=high
            ),
        )
    return Growth(quantity, by, every, up_to if up_to is not None else high)


def start_value(step: Step, numbers: PhaseNumbers | None, quantity: Quantity) -> int:
    """Where a phase starts a step's quantity: its own number in the phase, or the file's."""
    own = getattr(numbers, quantity.value, None) if numbers is not None else None
    if own is not None:
        return int(own)
    if quantity is Quantity.SECONDS:
        return step.seconds or 0
    if quantity is Quantity.SETS:
        return step.sets
    return step.reps or 0


def _step_from_data(raw: dict[str, Any], source: str, number: int, schema: int) -> Step:
    given_id = raw.get("id")
    label = given_id if is_id(given_id) else f"#{number}"
    try:
        return _checked_step(raw, source, label, schema)
    except RoutineError as exc:
        exc.number = number
        raise


Fail = Callable[[str, str], RoutineError]
"""(key, reason) → the error for one step's key."""


class _Clock(NamedTuple):
    """How a timed step's time is counted (all empty for an untimed step)."""

    seconds: int | None = None
    sides: tuple[Side, ...] = ()
    side_seconds: tuple[tuple[Side, int], ...] = ()
    reps: int | None = None
    tempo: tuple[int, int] | None = None
    sets: int = 1
    rest: int = 0


def _checked_step(raw: dict[str, Any], source: str, label: str, schema: int) -> Step:
    """A step table, checked key by key in a fixed order (the first problem is the one reported)."""

    def fail(key: str, reason: str) -> RoutineError:
        return RoutineError(source, reason, label, key=key)

    _check_keys(raw, schema, fail)
    step_id = _keyed(lambda: _identifier(raw.get("id"), source, label, "id"), "id")
    title = _keyed(lambda: _text(raw.get("title"), source, label, "title"), "title")
    timing = _timing(raw.get("timing"), fail)
    instructions = _instructions(raw.get("instructions"), timing, source, label, fail)
    clock = _clock(raw, timing, source, label, fail) if timing is not Timing.UNTIMED else _no_clock(raw, fail)
    count = len(instructions)
    setup = _setup(raw.get("setup", 0), count, fail)
    guide = _keyed(lambda: _guide(raw.get("guide", []), setup, count, source, label), "guide")
    say = _keyed(lambda: _optional_text(raw, "say", source, label), "say")
    say_start = _keyed(lambda: _optional_text(raw, "say_start", source, label), "say_start")
    say_guide = _say_guide(raw.get("say_guide", []), len(guide), source, label, fail)
    beat = _keyed(lambda: _beat(raw.get("beat", []), count, source, label), "beat")
    if timing is Timing.UNTIMED and (say_start or beat):
        raise fail("say_start" if say_start else "beat", _("an untimed step has no 'say_start' or 'beat'"))
    pictures = _pictures(raw, timing, len(guide), fail)
    return Step(
        id=step_id,
        title=title,
        instructions=instructions,
        timing=timing,
        seconds=clock.seconds if clock.reps is None else None,
        sides=clock.sides,
        setup=setup,
        guide=guide,
        say=say,
        say_start=say_start,
        say_guide=say_guide,
        beat=beat,
        side_seconds=clock.side_seconds,
        sets=clock.sets,
        rest=clock.rest,
        reps=clock.reps,
        tempo=clock.tempo,
        picture=pictures.picture,
        picture_alt=_keyed(lambda: _optional_text(raw, "picture_alt", source, label), "picture_alt"),
        mirror=pictures.mirror,
        side_pictures=pictures.side_pictures,
        guide_pictures=pictures.guide_pictures,
    )


class _Pictures(NamedTuple):
    picture: str | None = None
    mirror: bool = False
    side_pictures: tuple[tuple[Side, str], ...] = ()
    guide_pictures: tuple[str, ...] = ()


def _pictures(raw: dict[str, Any], timing: Timing, guide_stages: int, fail: Fail) -> _Pictures:
    """A step's picture keys: names that stay inside the routine's folder, a
    mirror and side pictures only on a per-side step, one guide picture per stage."""
    picture = _picture_name(raw["picture"], "picture", fail) if "picture" in raw else None
    mirror = raw.get("mirror", False)
    if not isinstance(mirror, bool):
        raise fail("mirror", _("mirror must be true or false, got {mirror}").format(mirror=_shown(mirror)))
    side_pictures = tuple(
        (side, _picture_name(raw[f"picture_{side.value}"], f"picture_{side.value}", fail))
        for side in Side
        if f"picture_{side.value}" in raw
    )
    if timing is not Timing.PER_SIDE:
        per_side = "mirror" if mirror else (f"picture_{side_pictures[0][0].value}" if side_pictures else None)
        if per_side:
            raise fail(
                per_side,
                _("{per_side} is for a per-side step; this step is {value}").format(
                    per_side=per_side, value=timing.value
                ),
            )
    if mirror and picture is None:
        raise fail("mirror", _("mirror flips the step's picture for the right side, but the step has no picture"))
    guide = raw.get("picture_guide", [])
    if not isinstance(guide, list) or (guide and len(guide) != guide_stages):
        stages = n_("{count} guide stage", "{count} guide stages", guide_stages).format(count=guide_stages)
        raise fail(
            "picture_guide",
            _("picture_guide must list one picture per guide stage ({stages}), got {guide}").format(
                stages=stages, guide=_shown(guide)
            ),
        )
    guide_pictures = tuple(_picture_name(name, "picture_guide", fail) for name in guide)
    return _Pictures(picture, mirror, side_pictures, guide_pictures)


def _picture_name(value: Any, key: str, fail: Fail) -> str:
    """A picture named relative to the routine file: never absolute, never out
    of its folder (no ``..``, no hidden part), one of the picture kinds."""
    kinds = ", ".join(PICTURE_SUFFIXES)
    if not isinstance(value, str) or not value or len(value) > MAX_PICTURE_NAME_CHARS:
        raise fail(
            key,
            _("{key} must name a picture file beside the routine ({kinds}), got {value}").format(
                key=key, kinds=kinds, value=_shown(value)
            ),
        )
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or len(parts) > 4 or not all(_PICTURE_PART.fullmatch(p) for p in parts):
        raise fail(
            key,
            _(
                "{key} {value} must be a file name beside the routine, or in a folder below it (letters, "
                "digits, '-', '_', '.', no '..', no leading '/')"
            ).format(key=key, value=_shown(value)),
        )
    if not value.lower().endswith(PICTURE_SUFFIXES):
        raise fail(
            key,
            _("{key} {value} is not a picture footdesk shows ({kinds})").format(
                key=key, value=_shown(value), kinds=kinds
            ),
        )
    return value


def _check_keys(raw: dict[str, Any], schema: int, fail: Fail) -> None:
    """Only known keys (or x- keys of someone's own), and schema 2's only in a schema 2 file."""
    unknown = sorted(key for key in set(raw) - _STEP_KEYS if not key.startswith(EXTENSION_PREFIX))
    if unknown:
        raise fail(
            unknown[0],
            _("unknown key {unknown} (allowed: {step_keys})").format(
                unknown=_shown(unknown[0]), step_keys=_allowed(_STEP_KEYS)
            ),
        )
    newer = sorted(set(raw) & _SCHEMA_2_KEYS)
    if newer and schema < 2:
        raise fail(newer[0], _("{newer} needs schema = 2 at the top of the file").format(newer=_shown(newer[0])))


def _timing(value: Any, fail: Fail) -> Timing:
    try:
        return Timing(str(value))
    except ValueError:
        raise fail(
            "timing",
            _("timing must be one of {value}, got {value2}").format(
                value=_allowed({t.value for t in Timing}), value2=_shown(value)
            ),
        ) from None


def _instructions(value: Any, timing: Timing, source: str, label: str, fail: Fail) -> tuple[str, ...]:
    """One to 50 plain single-line texts; ``{side}`` only in a per-side step."""
    if (
        not isinstance(value, list)
        or not value
        or len(value) > 50
        or not all(isinstance(item, str) and item.strip() and len(item) <= 500 for item in value)
    ):
        raise fail(
            "instructions",
            _("instructions must be a list of one to 50 non-empty texts ({max_text_chars} characters at most)").format(
                max_text_chars=MAX_TEXT_CHARS
            ),
        )
    for item in value:
        _no_controls(item, source, label, "instructions")
        _keyed(partial(_check_placeholders, item, timing, source, label), "instructions", always=True)
    return tuple(item.strip() for item in value)


def _no_clock(raw: dict[str, Any], fail: Fail) -> _Clock:
    """An untimed step (a tip) has none of the keys that count time."""
    for key in ("seconds", "sides", "setup", "guide", "sets", "rest", "reps", "tempo"):
        if key in raw:
            raise fail(key, _("an untimed step has no {key}").format(key=repr(key)))
    return _Clock()


def _clock(raw: dict[str, Any], timing: Timing, source: str, label: str, fail: Fail) -> _Clock:
    """A timed step's time: seconds (one number, or one per side) or reps to a tempo, in sets with rest."""
    sides: tuple[Side, ...] = ()
    if timing is Timing.PER_SIDE:
        sides = _keyed(lambda: _sides(raw.get("sides", ["left", "right"]), source, label), "sides")
    elif "sides" in raw:
        raise fail("sides", _("only a per-side step has sides"))
    seconds = raw.get("seconds")
    reps: int | None = None
    tempo: tuple[int, int] | None = None
    side_seconds: tuple[tuple[Side, int], ...] = ()
    if "reps" in raw:
        reps = _whole(raw["reps"], REPS, "reps", fail)
        tempo = _tempo(raw.get("tempo"), fail)
        if "seconds" in raw:
            raise fail("seconds", _("a step counted in reps has no seconds (its tempo sets the time)"))
    elif "tempo" in raw:
        raise fail("tempo", _("a tempo goes with reps"))
    elif isinstance(seconds, dict) and timing is Timing.PER_SIDE:
        side_seconds = _per_side_seconds(seconds, sides, fail)
        seconds = None
    else:
        seconds = _whole(seconds, STEP_SECONDS, "seconds", fail)
    sets = _whole(raw.get("sets", 1), SETS, "sets", fail)
    rest = _whole(raw.get("rest", 0), REST_SECONDS, "rest", fail)
    if rest and sets == 1:
        raise fail("rest", _("rest is the pause between sets: it needs sets = 2 or more"))
    return _Clock(seconds, sides, side_seconds, reps, tempo, sets, rest)


def _setup(value: Any, count: int, fail: Fail) -> int:
    """How many instructions come before the clock starts: fewer than all of them."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise fail(
            "setup",
            _("setup must be a whole number from 0 to {number} (fewer than the instructions), got {value}").format(
                number=count - 1, value=_shown(value)
            ),
        )
    return value


def _say_guide(value: Any, guide_stages: int, source: str, label: str, fail: Fail) -> tuple[str, ...]:
    """One spoken line for each guide stage after the first."""
    stages = max(0, guide_stages - 1)
    if (
        not isinstance(value, list)
        or not all(isinstance(item, str) and item.strip() for item in value)
        or len(value) != stages
    ):
        raise fail(
            "say_guide",
            _("say_guide must have one text for each guide stage after the first ({stages})").format(stages=stages),
        )
    for item in value:
        _text(item, source, label, "say_guide")
    return tuple(item.strip() for item in value)


T = TypeVar("T")


def _keyed(check: Callable[[], T], key: str, always: bool = False) -> T:
    """Run a check, naming the key in the error it raises (to find its line):
    unless it named one itself, or ``always``."""
    try:
        return check()
    except RoutineError as exc:
        exc.key = key if always else exc.key or key
        raise


def _whole(value: Any, bounds: tuple[int, int], key: str, fail: Fail) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(
            key,
            _("{key} must be a whole number from {low} to {high}, got {value}").format(
                key=key, low=low, high=high, value=_shown(value)
            ),
        )
    return value


def _tempo(value: Any, fail: Fail) -> tuple[int, int]:
    low, high = TEMPO_SECONDS
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) and low <= n <= high for n in value)
    ):
        raise fail(
            "tempo",
            _("tempo must be [up, down] seconds, each from {low} to {high}, got {value}").format(
                low=low, high=high, value=_shown(value)
            ),
        )
    return value[0], value[1]


def _per_side_seconds(value: dict[str, Any], sides: tuple[Side, ...], fail: Fail) -> tuple[tuple[Side, int], ...]:
    if sorted(value) != sorted(side.value for side in sides):
        raise fail(
            "seconds",
            _("seconds per side must name {join}, got {value}").format(
                join=" and ".join(s.value for s in sides), value=_shown(value)
            ),
        )
    wrong = [side.value for side in sides if not _in_range(value[side.value], STEP_SECONDS)]
    if wrong:  # every side said at once: the person mends the file in one go
        low, high = STEP_SECONDS
        got = ", ".join(f"{side} = {_shown(value[side])}" for side in wrong)
        raise fail(
            "seconds",
            _("seconds must be a whole number from {low} to {high} for each side, got {got}").format(
                low=low, high=high, got=got
            ),
        )
    return tuple((side, value[side.value]) for side in sides)


def _in_range(value: Any, bounds: tuple[int, int]) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and bounds[0] <= value <= bounds[1]


def _shown(value: Any) -> str:
    """A received value in a message: short (a 200 kB text is not repeated);
    a key that is not there is "nothing", not Python's None."""
    if value is None:
        # TRANSLATORS: what a routine file gave for a key it leaves out: "title must be a text, got nothing"
        return p_("a value in a routine file", "nothing")
    text = repr(value[:61] if isinstance(value, str) else value)
    return text if len(text) <= 60 else text[:57] + "…"


def _sides(value: Any, source: str, label: str) -> tuple[Side, ...]:
    allowed = sorted(side.value for side in Side)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value) or sorted(value) != allowed:
        raise RoutineError(
            source, _("sides must list 'left' and 'right' once each, got {value}").format(value=_shown(value)), label
        )
    return tuple(Side(item) for item in value)


def _guide(value: Any, setup: int, count: int, source: str, label: str) -> tuple[int, ...]:
    numbers: list[Any] = value if isinstance(value, list) else []
    valid = (
        isinstance(value, list)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
        and all(setup < n <= count for n in numbers)
        and numbers == sorted(set(numbers))
    )
    if not valid:
        raise RoutineError(
            source,
            _("guide must list instruction numbers from {number} to {count} in rising order, got {value}").format(
                number=setup + 1, count=count, value=_shown(value)
            ),
            label,
        )
    return tuple(n - 1 for n in numbers)


def _optional_text(raw: dict[str, Any], key: str, source: str, label: str) -> str | None:
    if key not in raw:
        return None
    return _text(raw[key], source, label, key)


def _beat(value: Any, count: int, source: str, label: str) -> tuple[int, ...]:
    if value == []:
        return ()
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= count for n in value)
    ):
        raise RoutineError(
            source,
            _("beat must name two instruction numbers (up, down), got {value}").format(value=_shown(value)),
            label,
        )
    return tuple(n - 1 for n in value)


def _check_placeholders(text: str, timing: Timing, source: str, label: str) -> None:
    """``{side}`` exactly, and nothing else: a format spec or conversion
    (``{side:>50000000}``) would make Python build a text of any size, or fail,
    when the step comes up."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]  # fmt: skip
    except ValueError:
        raise RoutineError(
            source, _("instruction {text} has an unmatched brace").format(text=_shown(text)), label
        ) from None
    for name, spec, conversion in fields:
        if name != "side":
            raise RoutineError(
                source,
                _("instruction {text} uses {{{name}}}; only {{side}} is known").format(text=_shown(text), name=name),
                label,
            )
        if spec or conversion:
            raise RoutineError(
                source,
                _("instruction {text}: write {{side}} alone (no format after it), as in '{{side}} foot'").format(
                    text=_shown(text)
                ),
                label,
            )
        if timing is not Timing.PER_SIDE:
            raise RoutineError(
                source,
                _("instruction {text} uses {{side}} but the step is not per-side").format(text=_shown(text)),
                label,
            )


def _identifier(value: Any, source: str, step: str | None, key: str) -> str:
    if not is_id(value):
        raise RoutineError(
            source,
            _("{key} must be lowercase letters, digits and dashes ({max_id_chars} at most), got {value}").format(
                key=key, max_id_chars=MAX_ID_CHARS, value=_shown(value)
            ),
            step,
        )
    return value


_TEXT_LIMITS = {"title": MAX_TITLE_CHARS, "say": MAX_SPOKEN_CHARS, "say_start": MAX_SPOKEN_CHARS,
                "say_guide": MAX_SPOKEN_CHARS}  # fmt: skip
"""The longest text each key may hold; a spoken line is a prompt of a sentence
or two (a longer one would render to a file of hundreds of megabytes)."""


def _text(value: Any, source: str, step: str | None, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RoutineError(
            source, _("{key} must be a non-empty text, got {value}").format(key=key, value=_shown(value)), step, key=key
        )
    limit = _TEXT_LIMITS.get(key, MAX_TEXT_CHARS)
    if len(value.strip()) > limit:
        raise RoutineError(
            source,
            _("{key} is {count} characters long; at most {limit}").format(
                key=key, count=len(value.strip()), limit=limit
            ),
            step,
            key=key,
        )
    _no_controls(value, source, step, key)
    return value.strip()


def _no_controls(value: str, source: str, step: str | None, key: str) -> None:
    """Texts are single lines a person reads and footdesk speaks: a control
    character (a terminal escape, a NUL, a bidi override) has no place in them."""
    found = control_character(value.strip())
    if found is not None:
        raise RoutineError(
            source,
            _("{key} holds a control character ({found}); texts are plain single lines").format(key=key, found=found),
            step,
            key=key,
        )


def _allowed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def is_id(value: object) -> TypeGuard[str]:
    """The id rule, for a routine file and for ids read elsewhere (a history
    brought back): lowercase letters, digits and dashes, the whole text, at
    most MAX_ID_CHARS characters."""
    return isinstance(value, str) and len(value) <= MAX_ID_CHARS and _ID_PATTERN.fullmatch(value) is not None


# Every problem of a file at once (``footdesk routine check``, issue 29) -----------

_STAND_INS: dict[str, Any] = {
    "schema": max(SCHEMAS), "id": "stand-in", "title": "Stand-in", "instructions": ["Stand in."], "seconds": 30,
    "sides": ["left", "right"], "reps": 10, "tempo": [2, 2], "sets": 2,
}  # fmt: skip
"""Values that pass, for a key found wrong, so that the keys checked after it
(and those that depend on it) are looked at as they are."""
_STAND_IN_STEP = {"id": "stand-in", "title": "Stand-in", "timing": "untimed", "instructions": ["Stand in."]}


def routine_problems(text: str, source: str = "<memory>", today: date | None = None) -> list[RoutineError]:
    """Every mistake in a routine file, each as ``parse_routine`` reports one
    (file, line, step, key): the routine's own keys, then each step's, every
    key of it; what concerns the steps together once each step is right.
    Empty when the file loads; a file that is not TOML has that one problem."""
    today = today or date.today()
    try:
        parse_routine(text, source, today)
    except RoutineError as first:
        data = _readable_table(text)
        if data is None:
            return [first]
        found = _routine_key_problems(data, source)
        given = data.get("steps")
        steps: list[Any] = given if isinstance(given, list) else []
        if data.get("schema", 1) == 1:  # schema 2's keys in a schema 1 file: one mistake, at the top
            found += _schema_1_problem(steps, source)
        for number, raw in enumerate(steps, start=1):
            found += _step_problems(raw, source, number, SCHEMA_VERSION)
        found += _duplicate_id_problems(steps, source, found)
        if not found and ("plan" in data or "dose" in data):  # checked against steps that are right
            found += _plan_problems(data, source, today)
        for error in found or [first]:
            error.line = _plan_step_line(text, error) or _line_of(text, error.number, error.key, error.phase)
        found.sort(key=lambda error: (error.number or 0, error.line or 0))  # in the file's order
        return found or [first]
    return []


def _plan_problems(data: dict[str, Any], source: str, today: date) -> list[RoutineError]:
    """Every problem of the dose and the plan, once every step loads: after
    each, the part it names (a dose key, a step's numbers in a phase, a
    phase's key, the plan's start) is taken out or given a stand-in and the
    file is looked at again; a problem that names no such part ends it."""
    data = copy.deepcopy(data)
    found: list[RoutineError] = []
    for _attempt in range(_MOST_PLAN_PROBLEMS):
        try:
            _routine_from_data(data, source, today)
        except RoutineError as error:
            if any(str(seen) == str(error) for seen in found):
                return found
            found.append(error)
            if not _set_aside(data, error):
                return found
        else:
            return found
    return found


_MOST_PLAN_PROBLEMS = 50


def _set_aside(data: dict[str, Any], error: RoutineError) -> bool:
    """Take out (or stand in for) what an error of the dose or the plan names,
    so the next look finds the next problem; False when it cannot be told."""
    dose, plan = data.get("dose"), data.get("plan")
    key = error.key
    if error.phase is None:
        for table in (dose, plan):
            if isinstance(table, dict) and key in table and key not in ("phases",):
                del table[key]
                return True
        return False
    phases = plan.get("phases") if isinstance(plan, dict) else None
    phase = phases[error.phase - 1] if isinstance(phases, list) and len(phases) >= error.phase else None
    if not isinstance(phase, dict):
        return False
    steps = phase.get("steps")
    if error.plan_step is not None and isinstance(steps, dict) and error.plan_step in steps:
        del steps[error.plan_step]
        return True
    stand_ins = {"title": f"Phase {error.phase}", "weeks": 1}
    if key in stand_ins and phase.get(key) != stand_ins[key]:
        phase[key] = stand_ins[key]
        return True
    if key in phase and key not in stand_ins:
        del phase[key]
        return True
    return False


def _duplicate_id_problems(steps: list[Any], source: str, found: list[RoutineError]) -> list[RoutineError]:
    """Two steps of one id, said even when a step has other mistakes (it is a
    mistake of its own, found only once the others are mended otherwise)."""
    problems = []
    seen: set[str] = set()
    for number, raw in enumerate(steps, start=1):
        step_id = raw.get("id") if isinstance(raw, dict) else None
        if not is_id(step_id):
            continue
        if step_id in seen and not any(e.number == number and e.key == "id" for e in found):
            problems.append(
                RoutineError(source, _("the same id is used by two steps"), step_id, key="id", number=number)
            )
        seen.add(step_id)
    return problems


def _step_problems(raw: Any, source: str, number: int, schema: int) -> list[RoutineError]:
    if not isinstance(raw, dict):
        return [RoutineError(source, _("step {number} is not a table").format(number=number), number=number)]
    given_id = raw.get("id")
    label = given_id if is_id(given_id) else f"#{number}"

    def check(step: dict[str, Any]) -> Step:
        return _checked_step(step, source, label, schema)

    return _each_problem(check, raw, number)


def _schema_1_problem(steps: list[Any], source: str) -> list[RoutineError]:
    """The first step that uses a key of schema 2 in a schema 1 file (the others are the same mistake)."""
    for number, raw in enumerate(steps, start=1):
        newer = sorted(set(raw) & _SCHEMA_2_KEYS) if isinstance(raw, dict) else []
        if newer:
            label = raw.get("id") if is_id(raw.get("id")) else f"#{number}"
            message = _("{newer} needs schema = 2 at the top of the file").format(newer=_shown(newer[0]))
            return [RoutineError(source, message, label, key=newer[0], number=number)]
    return []


def _readable_table(text: str) -> dict[str, Any] | None:
    """The file's TOML table, when it is one of a routine's shape."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text) if text.strip() and "\x00" not in text else None
    except (ValueError, RecursionError):
        return None
    return data if data is not None and shape_problem(data) is None else None


def _routine_key_problems(data: dict[str, Any], source: str) -> list[RoutineError]:
    steps = data.get("steps")
    fine = isinstance(steps, list) and 0 < len(steps) <= MAX_STEPS
    without_plan = {key: value for key, value in data.items() if key not in ("plan", "dose")}  # checked after the steps
    return _each_problem(lambda top: _routine_from_data({**top, **({"steps": [_STAND_IN_STEP]} if fine else {})},
                                                        source, date.today()), without_plan, None)  # fmt: skip


def _each_problem(check: Callable[[dict[str, Any]], object], raw: dict[str, Any], number: int | None
                  ) -> list[RoutineError]:  # fmt: skip
    """Each problem ``check`` finds in ``raw``: after each, its key is taken
    out (or given a stand-in) and ``check`` looks again; a key found wrong
    again ends it (what follows from it cannot be told)."""
    raw = dict(raw)
    found: list[RoutineError] = []
    tried: dict[str, str] = {}  # key → "stand-in" or "taken out"
    while True:
        try:
            check(raw)
        except RoutineError as error:
            key = error.key
            if key is not None and tried.get(key) == "stand-in" and key in raw:
                del raw[key]  # its being there is the mistake (seconds in a tip)
                tried[key] = "taken out"
                continue
            if key in tried or any(seen.key == key for seen in found):
                return found
            error.number = number
            found.append(error)
            if key is None or key == "timing" or (key not in raw and key not in _STAND_INS):
                return found  # what follows depends on it
            if key not in raw and any(k not in _STEP_KEYS | _ROUTINE_KEYS for k in tried):
                found.pop()  # missing, where a key not known was taken out: most likely misspelt there
                return found
            if key in _STAND_INS:
                raw[key] = _STAND_INS[key]
                tried[key] = "stand-in"
            else:
                del raw[key]
                tried[key] = "taken out"
        else:
            return found
