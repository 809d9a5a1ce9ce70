"""A routine being edited, without a window: the editor's state and its rules.

The routine editor shows a routine as a title and a list of ``StepDraft``
values, one per step, in the form's own terms (a kind of step, seconds for
each side, repetitions with a tempo). ``RoutineDraft`` is that state: what was
opened, the steps as they are now, whether that differs from what was opened
or last saved, every problem a save would meet (each with its step and field),
and the ``Routine`` to save. Whatever the form does not show (guide stages,
spoken how-tos, beats, x- keys in the file) is kept where it still fits the
step. A step's picture, its alt text and whether it is mirrored for the right
side are fields of the draft like the others (the picture by the name the
library gave it when it copied the file in); pictures per side or per guide
stage, which the form does not show, are kept where they still fit. The
window only shows it; tests drive it without Qt.

What a valid routine is stays in ``footdesk.routine``: a draft is checked by
writing it as the file a save would write and reading that back, the way the
library checks before it saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from footdesk.library import id_from_title, routine_toml
from footdesk.routine import MAX_STEPS, Routine, RoutineError, Side, Step, Timing, parse_routine


class StepKind(StrEnum):
    """The kinds of step a person chooses from in the editor."""

    TIP = "tip"
    TIMED = "timed"
    PER_SIDE = "per-side"
    REPS = "reps"


@dataclass(frozen=True)
class StepDraft:
    """A step as the routine editor shows it. It holds a value for every kind,
    so that choosing another kind and back loses nothing typed."""

    title: str = ""
    kind: StepKind = StepKind.TIMED
    seconds: int = 60
    left: int = 30
    right: int = 30
    reps: int = 10
    up: int = 2
    down: int = 2
    reps_each_side: bool = False
    """Repetitions done on the left, then on the right."""
    sets: int = 1
    rest: int = 0
    """Seconds of rest between two sets."""
    instructions: tuple[str, ...] = ()
    say: str = ""
    step_id: str | None = None
    """The id of the step it was made from, kept (the history refers to it); None for a new step."""
    picture: str | None = None
    """The step's picture, named relative to the routine's file (as the library
    named it when it copied the file in); None for none."""
    picture_alt: str = ""
    """What a screen reader says for the picture (empty: the step's title)."""
    mirror: bool = False
    """The picture shows the left side and is flipped for the right (a step
    done on each side; kept, unused, while the step is another kind)."""


@dataclass(frozen=True)
class Problem:
    """One thing that keeps a draft from being saved, said the way the editor
    shows it, with where it is: the step (0-based; None for the routine
    itself) and the routine file's key for the field ("title", "seconds", …)."""

    text: str
    step: int | None = None
    key: str | None = None


def step_draft(step: Step) -> StepDraft:
    """What the editor shows for a step."""
    defaults = StepDraft()
    left, right = step.seconds_for(Side.LEFT), step.seconds_for(Side.RIGHT)
    kind = _kind_of(step)
    seconds = step.seconds if step.seconds is not None and step.reps is None else None
    up, down = step.tempo or (defaults.up, defaults.down)
    return StepDraft(
        title=step.title,
        kind=kind,
        seconds=seconds or (max(left, right) if step.side_seconds else defaults.seconds),
        left=left if kind is StepKind.PER_SIDE else (seconds or defaults.left),
        right=right if kind is StepKind.PER_SIDE else (seconds or defaults.right),
        reps=step.reps if step.reps is not None else defaults.reps,
        up=up,
        down=down,
        reps_each_side=kind is StepKind.REPS and bool(step.sides),
        sets=step.sets,
        rest=step.rest,
        instructions=step.instructions,
        say=step.say or "",
        step_id=step.id,
        picture=step.picture,
        picture_alt=step.picture_alt or "",
        mirror=step.mirror,
    )


def _kind_of(step: Step) -> StepKind:
    if step.reps is not None:
        return StepKind.REPS
    if step.timing is Timing.PER_SIDE:
        return StepKind.PER_SIDE
    if step.timing is Timing.TIMED:
        return StepKind.TIMED
    return StepKind.TIP


def instruction_lines(text: str) -> tuple[str, ...]:
    """Instructions typed one per line: blank lines and edge spaces left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def drafted_routine(original: Routine, title: str, drafts: Sequence[StepDraft]) -> Routine:
    """The routine the editor shows, on top of the one it was opened with: what
    the editor does not show is kept where it still fits the step. New steps
    get ids made from their titles, unique within the routine. Not checked
    here: ``RoutineDraft.problems`` and saving check."""
    before = {step.id: step for step in original.steps}
    taken = {draft.step_id for draft in drafts if draft.step_id is not None}
    steps: list[Step] = []
    for draft in drafts:
        step_id = draft.step_id
        if step_id is None:
            step_id = id_from_title(draft.title, taken, "step")
            taken.add(step_id)
        steps.append(_drafted_step(draft, step_id, before.get(draft.step_id or "")))
    return replace(original, title=title.strip(), steps=tuple(steps))


def _drafted_step(draft: StepDraft, step_id: str, original: Step | None) -> Step:
    """One step as the form shows it, over the step it was made from (if any)."""
    timed = draft.kind is not StepKind.TIP
    sides = _sides_of(draft, original)
    seconds, side_seconds = _lengths_of(draft, sides)
    reps = draft.reps if draft.kind is StepKind.REPS else None
    sets = draft.sets if timed else 1
    instructions = tuple(line.strip() for line in draft.instructions if line.strip())
    base = original or Step(id=step_id, title="", instructions=(), timing=Timing.UNTIMED)
    shown = replace(
        base,
        title=draft.title.strip(),
        timing=Timing.PER_SIDE if sides else (Timing.TIMED if timed else Timing.UNTIMED),
        instructions=instructions,
        seconds=seconds,
        sides=sides,
        side_seconds=side_seconds,
        reps=reps,
        tempo=(draft.up, draft.down) if reps is not None else None,
        sets=sets,
        rest=draft.rest if sets > 1 else 0,
        say=draft.say.strip() or None,
        picture=draft.picture,
        picture_alt=draft.picture_alt.strip() or None,
        mirror=draft.mirror and bool(sides) and draft.picture is not None,
    )
    return _fitted_unshown(shown, base)


def _sides_of(draft: StepDraft, original: Step | None) -> tuple[Side, ...]:
    """A per-side step (or reps on each side) keeps the order of sides it had."""
    if draft.kind is StepKind.PER_SIDE or (draft.kind is StepKind.REPS and draft.reps_each_side):
        return original.sides if original is not None and original.sides else (Side.LEFT, Side.RIGHT)
    return ()


def _lengths_of(draft: StepDraft, sides: tuple[Side, ...]) -> tuple[int | None, tuple[tuple[Side, int], ...]]:
    """(seconds, seconds per side): the same length on both sides is one number."""
    if draft.kind is StepKind.TIMED:
        return draft.seconds, ()
    if draft.kind is not StepKind.PER_SIDE:
        return None, ()
    if draft.left == draft.right:
        return draft.left, ()
    by_side = {Side.LEFT: draft.left, Side.RIGHT: draft.right}
    return None, tuple((side, by_side[side]) for side in sides)


def _fitted_unshown(step: Step, base: Step) -> Step:
    """What the editor does not show, kept only where it still fits the step
    (a guide stage past the last instruction goes, and with it its spoken line
    and its picture; a picture per side only while the step has sides). The
    alt text goes with the last picture."""
    count = len(step.instructions)
    timed = step.timed
    setup = base.setup if timed and base.setup < count else 0
    guide = base.guide if timed and all(setup <= index < count for index in base.guide) else ()
    side_pictures = base.side_pictures if step.sides else ()
    guide_pictures = base.guide_pictures if guide == base.guide else ()
    pictured = step.picture is not None or bool(side_pictures) or bool(guide_pictures)
    return replace(
        step,
        setup=setup,
        guide=guide,
        say_guide=base.say_guide if guide == base.guide else (),
        beat=base.beat if timed and all(index < count for index in base.beat) else (),
        say_start=base.say_start if timed else None,
        side_pictures=side_pictures,
        guide_pictures=guide_pictures,
        picture_alt=step.picture_alt if pictured else None,
    )


def problem_text(error: RoutineError, routine: Routine) -> str:
    """A problem saving an edited routine, said the way the editor shows it:
    which step (by number and title) and what is wrong, in the form's words
    where the form can cause it (an empty title, no instructions)."""
    number = error.number
    if number is not None and 1 <= number <= len(routine.steps):
        return _step_problem_text(error, number, routine.steps[number - 1])
    if error.key == "title":
        return "The routine needs a title" if not routine.title else f"The routine's {error.reason}"
    return error.reason


def problem_of(error: RoutineError, routine: Routine) -> Problem:
    """A routine's error as the editor shows it, with the step (0-based) and field it belongs to."""
    number = error.number
    at = number - 1 if number is not None and 1 <= number <= len(routine.steps) else None
    return Problem(problem_text(error, routine), at, error.key)


def _step_problem_text(error: RoutineError, number: int, step: Step) -> str:
    reason = error.reason
    if error.key in ("title", "id") and not step.title:
        reason = "it needs a title"
    elif error.key == "instructions" and not step.instructions:
        reason = "it needs at least one instruction (one per line)"
    return f"Step {number}{f' ({step.title})' if step.title else ''}: {reason}"


_STAND_IN = Step(id="stand-in", title="Stand-in", instructions=("Stand in.",), timing=Timing.UNTIMED)
"""A step that is always valid, to check a routine's own title and id alone."""


def _error_in(routine: Routine) -> RoutineError | None:
    """The first thing wrong with the file a save would write, if any."""
    try:
        parse_routine(routine_toml(routine), "<draft>")
    except RoutineError as exc:
        return exc
    return None


class RoutineDraft:
    """One routine being edited: what was opened, its steps as drafts now, and
    what was last saved. Indices are 0-based; a change out of range is
    ignored (the editor enables only what can be done)."""

    def __init__(self, original: Routine, steps: Sequence[StepDraft] | None = None, new: bool = False) -> None:
        """``steps`` None: the original's steps. ``new``: a routine not saved yet,
        whose id is made from its title as it is first saved."""
        self.original = original
        self.new = new
        self.title = original.title
        self._steps = list(steps) if steps is not None else [step_draft(step) for step in original.steps]
        self._saved = (self.title, tuple(self._steps))

    @classmethod
    def blank(cls) -> RoutineDraft:
        """A new routine with one step to fill in; nothing typed yet is no change."""
        return cls(Routine(id="", title="", steps=()), [StepDraft()], new=True)

    # Reading ----------------------------------------------------------------------

    @property
    def steps(self) -> tuple[StepDraft, ...]:
        return tuple(self._steps)

    @property
    def dirty(self) -> bool:
        """Different from what was opened or last saved."""
        return (self.title, tuple(self._steps)) != self._saved

    @property
    def can_add(self) -> bool:
        return len(self._steps) < MAX_STEPS

    def can_remove(self, index: int) -> bool:
        """A routine keeps at least one step."""
        return len(self._steps) > 1 and self._has(index)

    def step(self, index: int) -> Step:
        """The step as a save would make it (for its timing, say)."""
        draft = self._steps[index]
        before = {step.id: step for step in self.original.steps}
        return _drafted_step(draft, draft.step_id or "new", before.get(draft.step_id or ""))

    @property
    def routine_id(self) -> str | None:
        """The id it is saved under: a new routine has none until it is saved,
        or until its first picture is copied in (``take_id``)."""
        return self.original.id or None

    def take_id(self, routine_id: str) -> None:
        """A new routine's id, fixed before its first save: the pictures chosen
        for it are copied into that id's folder, so it is saved under that id."""
        if self.new and not self.original.id:
            self.original = replace(self.original, id=routine_id)

    def routine(self, routine_id: str | None = None) -> Routine:
        """The routine to save; a new one takes ``routine_id`` (the library
        makes it from the title, unused), unless it took an id already
        (``take_id``): then it keeps that one."""
        routine = drafted_routine(self.original, self.title, self._steps)
        if routine_id is None or (self.new and self.original.id):
            return routine
        return replace(routine, id=routine_id)

    def problems(self) -> list[Problem]:
        """Every problem a save would meet, all at once: the routine's own
        (its title) first, then each step's, in order; what concerns steps
        together (too many spoken lines, say) once each step is right."""
        routine = self.routine(id_from_title(self.title, (), "routine") if self.new else None)
        found: list[Problem] = []
        error = _error_in(replace(routine, steps=(_STAND_IN,)))
        if error is not None:
            found.append(Problem(problem_text(error, routine), None, error.key))
        for index, step in enumerate(routine.steps):
            error = _error_in(Routine(_STAND_IN.id, _STAND_IN.title, (step,)))
            if error is not None:
                found.append(Problem(_step_problem_text(error, index + 1, step), index, error.key))
        if not found and (error := _error_in(routine)) is not None:
            found.append(problem_of(error, routine))
        return found

    # Changing ---------------------------------------------------------------------

    def change(self, index: int, **fields: Any) -> None:
        """Set fields of one step (``title="Calf stretch"``, ``seconds=45``)."""
        if self._has(index):
            self._steps[index] = replace(self._steps[index], **fields)

    def add(self, after: int) -> int:
        """A new empty step after the step ``after`` (at the end when none is
        chosen); the index it has (``after`` when the routine is full)."""
        if not self.can_add:
            return after
        at = after + 1 if self._has(after) else len(self._steps)
        self._steps.insert(at, StepDraft())
        return at

    def duplicate(self, index: int) -> int:
        """A copy of a step right after it, as a new step (an id of its own when
        saved; what the form does not show stays with the original)."""
        if not self.can_add or not self._has(index):
            return index
        self._steps.insert(index + 1, replace(self._steps[index], step_id=None))
        return index + 1

    def remove(self, index: int) -> int:
        """Take a step out (never the last one); the index of the step chosen after."""
        if not self.can_remove(index):
            return index
        del self._steps[index]
        return min(index, len(self._steps) - 1)

    def move(self, index: int, by: int) -> int:
        """Move a step up (``by`` -1) or down (+1); the index it has now."""
        to = index + by
        if not (self._has(index) and self._has(to)):
            return index
        self._steps[index], self._steps[to] = self._steps[to], self._steps[index]
        return to

    def renamed(self, title: str) -> None:
        """The routine's title was saved on its own (the other changes stay unsaved)."""
        self.title = title
        self.original = replace(self.original, title=title)
        self._saved = (title, self._saved[1])

    def _has(self, index: int) -> bool:
        return 0 <= index < len(self._steps)
