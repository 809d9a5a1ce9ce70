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
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import count
from typing import Any

from footdesk.i18n import _
from footdesk.library import id_from_title, routine_toml
from footdesk.routine import (
    MAX_STEPS,
    PLAN_PHASES,
    Dose,
    Growth,
    PhaseNumbers,
    Plan,
    PlanPhase,
    Routine,
    RoutineError,
    Side,
    Step,
    Timing,
    parse_routine,
)


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
    itself) and the routine file's key for the field ("title", "seconds", …);
    for the plan, the phase too (0-based), and ``plan`` True for a problem
    of the dose or the plan (the step then is the one whose numbers are wrong)."""

    text: str
    step: int | None = None
    key: str | None = None
    phase: int | None = None
    plan: bool = False


@dataclass(frozen=True)
class Numbers:
    """One step's numbers in one phase as the editor shows them; None is the
    step's own (from its form)."""

    seconds: int | None = None
    sets: int | None = None
    rest: int | None = None
    reps: int | None = None
    growth: Growth | None = None

    @property
    def empty(self) -> bool:
        return self == Numbers()


@dataclass(frozen=True)
class PhaseDraft:
    """A phase as the editor shows it: its steps' numbers by the steps'
    draft keys (``RoutineDraft.key_of``), so that they follow a step moved,
    renamed or not saved yet."""

    title: str = ""
    weeks: int = 2
    numbers: tuple[tuple[int, Numbers], ...] = field(default=())

    def numbers_for(self, key: int) -> Numbers:
        return next((numbers for at, numbers in self.numbers if at == key), Numbers())

    def with_numbers(self, key: int, numbers: Numbers) -> PhaseDraft:
        kept = tuple((at, given) for at, given in self.numbers if at != key)
        return replace(self, numbers=kept if numbers.empty else (*kept, (key, numbers)))


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
        if not routine.title:
            return _("The routine needs a title")
        # TRANSLATORS: {problem} is what is wrong with the routine's title ("title is 90 characters long; at most 60")
        return _("The routine's {problem}").format(problem=error.reason)
    return error.reason


def problem_of(error: RoutineError, routine: Routine) -> Problem:
    """A routine's error as the editor shows it, with the step (0-based) and field it belongs to."""
    number = error.number
    at = number - 1 if number is not None and 1 <= number <= len(routine.steps) else None
    return Problem(problem_text(error, routine), at, error.key)


def _step_problem_text(error: RoutineError, number: int, step: Step) -> str:
    reason = error.reason
    if error.key in ("title", "id") and not step.title:
        reason = _("it needs a title")
    elif error.key == "instructions" and not step.instructions:
        reason = _("it needs at least one instruction (one per line)")
    if step.title:
        return _("Step {number} ({title}): {problem}").format(number=number, title=step.title, problem=reason)
    return _("Step {number}: {problem}").format(number=number, problem=reason)


_KEYS = count(1)
"""Keys for steps being edited, unique in the process."""


def _phase_draft(phase: PlanPhase, key_of_id: dict[str | None, int]) -> PhaseDraft:
    numbers = tuple(
        (key_of_id[given.step], Numbers(given.seconds, given.sets, given.rest, given.reps, given.growth))
        for given in phase.numbers
        if given.step in key_of_id
    )
    return PhaseDraft(phase.title, phase.weeks, numbers)


def _fitted_numbers(step: Step, given: Numbers) -> PhaseNumbers | None:
    """A step's numbers in a phase as its kind has them: none for a tip, reps
    or seconds as the step is counted, no seconds for sides of different
    lengths; None when nothing is left."""
    if not step.timed:
        return None
    counted_in_reps = step.reps is not None
    numbers = replace(
        given,
        seconds=None if counted_in_reps or step.side_seconds else given.seconds,
        reps=given.reps if counted_in_reps else None,
    )
    if numbers.empty:
        return None
    return PhaseNumbers(step.id, numbers.seconds, numbers.sets, numbers.rest, numbers.reps, numbers.growth)


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
        self._keys = [next(_KEYS) for _ in self._steps]
        """Each step's key for the plan's numbers, in the steps' order."""
        self.dose = original.dose
        plan = original.plan
        self.start: date | None = plan.start if plan is not None else None
        """The plan's start; None: the day the person first runs the routine."""
        self.start_typed: str | None = None
        """A start typed that is no date ("2026-13-40"): a problem until it is one."""
        key_of_id = dict(zip((draft.step_id for draft in self._steps), self._keys, strict=True))
        self._phases = [_phase_draft(phase, key_of_id) for phase in plan.phases] if plan is not None else []
        self._saved = self._state()

    def _state(self) -> tuple[object, ...]:
        return (self.title, tuple(self._steps), self.dose, self.start, self.start_typed, tuple(self._phases),
                tuple(self._keys))  # fmt: skip

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
        return self._state() != self._saved

    @property
    def phases(self) -> tuple[PhaseDraft, ...]:
        return tuple(self._phases)

    def key_of(self, index: int) -> int:
        """The key a step's numbers in a phase are kept by (it follows the step wherever it moves)."""
        return self._keys[index]

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
        routine = replace(routine, dose=self.dose, plan=self._plan(routine.steps))
        if routine_id is None or (self.new and self.original.id):
            return routine
        return replace(routine, id=routine_id)

    def _plan(self, steps: tuple[Step, ...]) -> Plan | None:
        """The plan as a save writes it: each phase's numbers for the steps
        there are now, only the numbers each step's kind has (a step made a
        tip keeps its numbers here, unsaved, for when it is timed again)."""
        if not self._phases:
            return None
        step_of_key = dict(zip(self._keys, steps, strict=True))
        phases = tuple(
            PlanPhase(
                phase.title.strip(),
                phase.weeks,
                tuple(
                    numbers
                    for key, given in phase.numbers
                    if key in step_of_key and (numbers := _fitted_numbers(step_of_key[key], given)) is not None
                ),
            )
            for phase in self._phases
        )
        return Plan(phases, self.start)

    def problems(self) -> list[Problem]:
        """Every problem a save would meet, all at once: the routine's own
        (its title) first, then each step's, in order; what concerns steps
        together (too many spoken lines, say) once each step is right."""
        routine = self.routine(id_from_title(self.title, (), "routine") if self.new else None)
        found: list[Problem] = []
        error = _error_in(replace(routine, steps=(_STAND_IN,), dose=Dose(), plan=None))
        if error is not None:
            found.append(Problem(problem_text(error, routine), None, error.key))
        for index, step in enumerate(routine.steps):
            error = _error_in(Routine(_STAND_IN.id, _STAND_IN.title, (step,)))
            if error is not None:
                found.append(Problem(_step_problem_text(error, index + 1, step), index, error.key))
        steps_right = not found
        if steps_right and (error := _error_in(replace(routine, plan=None))) is not None:
            found.append(problem_of(error, routine))
            steps_right = False
        return found + self._plan_problems(routine, steps_right)

    def _plan_problems(self, routine: Routine, steps_right: bool) -> list[Problem]:
        """The dose's and the plan's problems, each where it is: the dose, the
        start, each phase's title and weeks, each step's numbers in each phase
        (once the steps are right: they are checked against them); what
        concerns the phases together once each is right."""
        found: list[Problem] = []
        alone = Routine(_STAND_IN.id, _STAND_IN.title, (_STAND_IN,), dose=routine.dose)
        if (error := _error_in(alone)) is not None:
            reason = error.reason.removeprefix("[dose] ")
            found.append(Problem(_("Dose: {problem}").format(problem=reason), None, error.key, plan=True))
        plan = routine.plan
        if plan is None:
            return found
        if self.start_typed is not None:
            said = _("Plan: start {typed} is not a date like 2026-12-07").format(typed=repr(self.start_typed))
            found.append(Problem(said, None, "start", plan=True))
        elif plan.start is not None:
            started = replace(alone, dose=Dose(), plan=Plan((PlanPhase("Stand-in", 1),), plan.start))
            if (error := _error_in(started)) is not None:
                found.append(Problem(_("Plan: {problem}").format(problem=error.reason), None, "start", plan=True))
        index_of_id = {step.id: index for index, step in enumerate(routine.steps)}
        for at, phase in enumerate(plan.phases):
            bare = replace(phase, numbers=())
            if (error := _error_in(replace(alone, dose=Dose(), plan=Plan((bare,))))) is not None:
                found.append(Problem(self._phase_problem_text(error, at), None, error.key, at, plan=True))
                continue
            for numbers in phase.numbers if steps_right else ():
                one = Plan((replace(bare, numbers=(numbers,)),))
                if (error := _error_in(replace(routine, dose=Dose(), plan=one))) is not None:
                    step = index_of_id.get(numbers.step)
                    said = _("Plan: {problem}").format(problem=error.reason)
                    found.append(Problem(said, step, error.key, at, plan=True))
        if not found and steps_right and (error := _error_in(routine)) is not None:
            where = error.phase - 1 if error.phase is not None else None
            found.append(Problem(_("Plan: {problem}").format(problem=error.reason), None, error.key, where, plan=True))
        return found

    def _phase_problem_text(self, error: RoutineError, at: int) -> str:
        if error.key == "title" and not self._phases[at].title.strip():
            return _("Plan: phase {number} needs a title").format(number=at + 1)
        return _("Plan, phase {number}: {problem}").format(number=at + 1, problem=error.reason)

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
        self._keys.insert(at, next(_KEYS))
        return at

    def duplicate(self, index: int) -> int:
        """A copy of a step right after it, as a new step (an id of its own when
        saved; what the form does not show stays with the original)."""
        if not self.can_add or not self._has(index):
            return index
        self._steps.insert(index + 1, replace(self._steps[index], step_id=None))
        self._keys.insert(index + 1, next(_KEYS))
        return index + 1

    def remove(self, index: int) -> int:
        """Take a step out (never the last one); the index of the step chosen after."""
        if not self.can_remove(index):
            return index
        del self._steps[index]
        key = self._keys.pop(index)
        self._phases = [phase.with_numbers(key, Numbers()) for phase in self._phases]
        return min(index, len(self._steps) - 1)

    def move(self, index: int, by: int) -> int:
        """Move a step up (``by`` -1) or down (+1); the index it has now."""
        to = index + by
        if not (self._has(index) and self._has(to)):
            return index
        self._steps[index], self._steps[to] = self._steps[to], self._steps[index]
        self._keys[index], self._keys[to] = self._keys[to], self._keys[index]
        return to

    def renamed(self, title: str) -> None:
        """The routine's title was saved on its own (the other changes stay unsaved)."""
        self.title = title
        self.original = replace(self.original, title=title)
        self._saved = (title, *self._saved[1:])

    # The dose and the plan ------------------------------------------------------------

    @property
    def can_add_phase(self) -> bool:
        return len(self._phases) < PLAN_PHASES[1]

    def add_phase(self, after: int) -> int:
        """A new phase after the phase ``after`` (at the end when none is
        chosen), titled by its place; the index it has."""
        if not self.can_add_phase:
            return after
        at = after + 1 if 0 <= after < len(self._phases) else len(self._phases)
        taken = {phase.title for phase in self._phases}
        # TRANSLATORS: the title a new phase of a plan gets until the person gives it one
        titles = (_("Phase {number}").format(number=n) for n in count(at + 1))
        title = next(title for title in titles if title not in taken)
        self._phases.insert(at, PhaseDraft(title))
        return at

    def remove_phase(self, index: int) -> int:
        """Take a phase out (the last one too: then there is no plan); the index chosen after."""
        if not 0 <= index < len(self._phases):
            return index
        del self._phases[index]
        return min(index, len(self._phases) - 1)

    def move_phase(self, index: int, by: int) -> int:
        to = index + by
        if not (0 <= index < len(self._phases) and 0 <= to < len(self._phases)):
            return index
        self._phases[index], self._phases[to] = self._phases[to], self._phases[index]
        return to

    def change_phase(self, index: int, **fields: Any) -> None:
        """Set a phase's ``title`` or ``weeks``."""
        if 0 <= index < len(self._phases):
            self._phases[index] = replace(self._phases[index], **fields)

    def numbers(self, phase: int, step: int) -> Numbers:
        """A step's numbers in a phase (all None: the step's own)."""
        if not (0 <= phase < len(self._phases) and self._has(step)):
            return Numbers()
        return self._phases[phase].numbers_for(self._keys[step])

    def phase_step(self, phase: int, step: int) -> Step:
        """A step as a phase starts it: its own numbers with the phase's over them."""
        shown = self.step(step)
        given = _fitted_numbers(replace(shown, id="shown"), self.numbers(phase, step))
        if given is None:
            return shown
        seconds = given.seconds if given.seconds is not None else shown.seconds
        sets = given.sets if given.sets is not None else shown.sets
        rest = given.rest if given.rest is not None else shown.rest
        return replace(shown, seconds=seconds, sets=sets, rest=rest if sets > 1 else 0, reps=given.reps or shown.reps)

    def set_numbers(self, phase: int, step: int, numbers: Numbers) -> None:
        if 0 <= phase < len(self._phases) and self._has(step):
            self._phases[phase] = self._phases[phase].with_numbers(self._keys[step], numbers)

    def _has(self, index: int) -> bool:
        return 0 <= index < len(self._steps)
