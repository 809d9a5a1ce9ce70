"""Routines as data: the steps a person follows, loaded from TOML and validated.

A routine file is written by people (ours, and later the user's own), so every
mistake is reported as a RoutineError naming the file, the step and what is
wrong, instead of surfacing later as a confusing failure mid-session.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
DEFAULT_ROUTINE = "foot-strength"
STEP_SECONDS = (5, 30 * 60)
"""How long one timed part may be, in a routine file and in the settings alike:
shorter is no exercise, longer is a mistake (a typo for minutes)."""
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ROUTINE_KEYS = {"schema", "id", "title", "steps"}
_STEP_KEYS = {
    "id", "title", "timing", "seconds", "sides", "instructions", "setup", "guide",
    "say", "say_start", "say_guide", "beat",
}  # fmt: skip


class Timing(StrEnum):
    UNTIMED = "untimed"
    TIMED = "timed"
    PER_SIDE = "per-side"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class RoutineError(Exception):
    """A routine file that cannot be used, with enough detail to fix it by hand."""

    def __init__(self, source: str, reason: str, step: str | None = None) -> None:
        self.source = source
        self.step = step
        self.reason = reason
        where = f"{source}: step {step!r}" if step else source
        super().__init__(f"{where}: {reason}")


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

    @property
    def timed(self) -> bool:
        return self.timing is not Timing.UNTIMED

    @property
    def total_seconds(self) -> int:
        """Active seconds the whole step takes (both sides for a per-side step)."""
        if not self.timed or self.seconds is None:
            return 0
        return self.seconds * max(1, len(self.sides))

    def instructions_for(self, side: Side | None) -> tuple[str, ...]:
        side_word = side.value if side is not None else "other"
        return tuple(text.format(side=side_word) for text in self.instructions)


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    source: str = "<memory>"

    @property
    def total_seconds(self) -> int:
        return sum(step.total_seconds for step in self.steps)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def durations(self) -> dict[str, int]:
        """The adjustable steps and their seconds (per side for per-side steps)."""
        return {step.id: step.seconds for step in self.steps if step.timed and step.seconds is not None}

    def with_durations(self, seconds_by_step: Mapping[str, int]) -> Routine:
        """A copy with the person's own durations; ids it does not know are ignored
        so that settings written for another routine never stop this one loading."""
        steps = tuple(
            replace(step, seconds=seconds_by_step[step.id]) if step.timed and step.id in seconds_by_step else step
            for step in self.steps
        )
        return replace(self, steps=steps)


def load_default_routine() -> Routine:
    """The routine shipped inside the package (works from wheel, editable and bundle)."""
    resource = resources.files("footdesk.assets").joinpath("routines", f"{DEFAULT_ROUTINE}.toml")
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RoutineError(f"{DEFAULT_ROUTINE}.toml", f"cannot read the built-in routine ({exc})") from exc
    return parse_routine(text, source=f"{DEFAULT_ROUTINE}.toml")


def load_routine(path: Path) -> Routine:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise RoutineError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise RoutineError(str(path), "not a text file (it is not valid UTF-8)") from None
    except OSError as exc:
        raise RoutineError(str(path), f"cannot read it ({exc.strerror or exc})") from None
    return parse_routine(text, source=str(path))


def parse_routine(text: str, source: str = "<memory>") -> Routine:
    if not text.strip():
        raise RoutineError(source, "the file is empty")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError(source, f"not valid TOML ({exc})") from None
    return _routine_from_data(data, source)


def _routine_from_data(data: dict[str, Any], source: str) -> Routine:
    unknown = sorted(set(data) - _ROUTINE_KEYS)
    if unknown:
        raise RoutineError(source, f"unknown key {unknown[0]!r} (allowed: {_allowed(_ROUTINE_KEYS)})")
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        raise RoutineError(source, f"schema {schema!r} is not supported (this footdesk reads {SCHEMA_VERSION})")
    routine_id = _identifier(data.get("id"), source, None, "id")
    title = _text(data.get("title"), source, None, "title")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise RoutineError(source, "needs at least one [[steps]] table")
    steps: list[Step] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_steps, start=1):
        if not isinstance(raw, dict):
            raise RoutineError(source, f"step {number} is not a table")
        step = _step_from_data(raw, source, number)
        if step.id in seen:
            raise RoutineError(source, "the same id is used by two steps", step.id)
        seen.add(step.id)
        steps.append(step)
    return Routine(id=routine_id, title=title, steps=tuple(steps), source=source)


def _step_from_data(raw: dict[str, Any], source: str, number: int) -> Step:
    given_id = raw.get("id")
    label: str = given_id if isinstance(given_id, str) and given_id else f"#{number}"
    unknown = sorted(set(raw) - _STEP_KEYS)
    if unknown:
        raise RoutineError(source, f"unknown key {unknown[0]!r} (allowed: {_allowed(_STEP_KEYS)})", label)
    step_id = _identifier(raw.get("id"), source, label, "id")
    title = _text(raw.get("title"), source, label, "title")
    timing_value = raw.get("timing")
    try:
        timing = Timing(str(timing_value))
    except ValueError:
        raise RoutineError(
            source, f"timing must be one of {_allowed({t.value for t in Timing})}, got {timing_value!r}", label
        ) from None

    instructions = raw.get("instructions")
    if (
        not isinstance(instructions, list)
        or not instructions
        or not all(isinstance(item, str) and item.strip() for item in instructions)
    ):
        raise RoutineError(source, "instructions must be a list of one or more non-empty texts", label)
    for item in instructions:
        _check_placeholders(item, timing, source, label)

    seconds = raw.get("seconds")
    sides: tuple[Side, ...] = ()
    if timing is Timing.UNTIMED:
        for key in ("seconds", "sides", "setup", "guide"):
            if key in raw:
                raise RoutineError(source, f"an untimed step has no {key!r}", label)
    else:
        low, high = STEP_SECONDS
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not low <= seconds <= high:
            raise RoutineError(source, f"seconds must be a whole number from {low} to {high}, got {seconds!r}", label)
        if timing is Timing.PER_SIDE:
            sides = _sides(raw.get("sides", ["left", "right"]), source, label)
        elif "sides" in raw:
            raise RoutineError(source, "only a per-side step has sides", label)

    count = len(instructions)
    setup = raw.get("setup", 0)
    if isinstance(setup, bool) or not isinstance(setup, int) or not 0 <= setup < count:
        raise RoutineError(
            source,
            f"setup must be a whole number from 0 to {count - 1} (fewer than the instructions), got {setup!r}",
            label,
        )
    guide = _guide(raw.get("guide", []), setup, count, source, label)
    say = _optional_text(raw, "say", source, label)
    say_start = _optional_text(raw, "say_start", source, label)
    say_guide = raw.get("say_guide", [])
    if (
        not isinstance(say_guide, list)
        or not all(isinstance(item, str) and item.strip() for item in say_guide)
        or len(say_guide) != max(0, len(guide) - 1)
    ):
        raise RoutineError(
            source,
            f"say_guide must have one text for each guide stage after the first ({max(0, len(guide) - 1)})",
            label,
        )
    beat = _beat(raw.get("beat", []), count, source, label)
    if timing is Timing.UNTIMED and (say_start or beat):
        raise RoutineError(source, "an untimed step has no 'say_start' or 'beat'", label)
    return Step(
        id=step_id,
        title=title,
        instructions=tuple(item.strip() for item in instructions),
        timing=timing,
        seconds=seconds if timing is not Timing.UNTIMED else None,
        sides=sides,
        setup=setup,
        guide=guide,
        say=say,
        say_start=say_start,
        say_guide=tuple(item.strip() for item in say_guide),
        beat=beat,
    )


def _sides(value: Any, source: str, label: str) -> tuple[Side, ...]:
    allowed = sorted(side.value for side in Side)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value) or sorted(value) != allowed:
        raise RoutineError(source, f"sides must list 'left' and 'right' once each, got {value!r}", label)
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
            f"guide must list instruction numbers from {setup + 1} to {count} in rising order, got {value!r}",
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
        raise RoutineError(source, f"beat must name two instruction numbers (up, down), got {value!r}", label)
    return tuple(n - 1 for n in value)


def _check_placeholders(text: str, timing: Timing, source: str, label: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise RoutineError(source, f"instruction {text!r} has an unmatched brace", label) from None
    for name in fields:
        if name != "side":
            raise RoutineError(source, f"instruction {text!r} uses {{{name}}}; only {{side}} is known", label)
        if timing is not Timing.PER_SIDE:
            raise RoutineError(source, f"instruction {text!r} uses {{side}} but the step is not per-side", label)


def _identifier(value: Any, source: str, step: str | None, key: str) -> str:
    if not isinstance(value, str) or not _ID_PATTERN.match(value):
        raise RoutineError(source, f"{key} must be lowercase letters, digits and dashes, got {value!r}", step)
    return value


def _text(value: Any, source: str, step: str | None, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RoutineError(source, f"{key} must be a non-empty text, got {value!r}", step)
    return value.strip()


def _allowed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))
