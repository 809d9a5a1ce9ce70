"""Where a person is in a routine's plan, and what would come next.

A plan (``routine.Plan``) is what a physiotherapist prescribes over weeks;
``Progress`` is what the person has taken on of it. The calendar says when a
harder phase or a rule's next step is due; the person is asked, never made:
``due`` proposes, ``accept`` and ``not_yet`` record the answer, and
``pain_gate`` keeps a proposal back in a week when pain says not to.
Pure functions of dates and values, so the window, the terminal and the tests
all answer the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from footdesk.i18n import _, n_
from footdesk.routine import Growth, PhaseNumbers, Plan, Quantity, Routine, Step, start_value

WEEK = timedelta(weeks=1)
HURTS_ABOVE = 2
"""Pain during an exercise above this (0–10) is more than "safe" in the pain-
monitoring model (0–2 safe, 3–5 acceptable, above 5 too much): a week with
such a check-in is no week to make the exercise harder."""


@dataclass(frozen=True)
class Progress:
    """What the person has taken on of a plan: kept between runs (per routine)."""

    start: date
    """The plan's first day: the file's ``start``, or the day it was first run."""
    phase: int = 0
    """The phase the person is in (an index into ``Plan.phases``)."""
    entered: date | None = None
    """The day the person entered this phase; None: the plan's start."""
    level: int = 0
    """How many weeks of the phase's rules the person has taken on: a rule
    "every 2 weeks" has grown ``level // 2`` times."""
    not_yet: date | None = None
    """The day the person last said "Not yet": not asked again that day."""

    @property
    def since(self) -> date:
        return self.entered or self.start


def begin(plan: Plan, today: date) -> Progress:
    """A plan taken up today: at its beginning, counted from its own start date
    (or from today). Where its calendar already is (a start in the past) is
    asked, never imposed: ``catch_up``."""
    return Progress(start=plan.start or today)


def calendar_place(plan: Plan, today: date) -> Progress:
    """Where the plan's calendar is today, for a person who has not taken it
    up: three weeks into a plan whose first phase is two weeks long, its
    second phase, at the level its rules have reached. What ``footdesk plan``
    shows before the first session, and what ``catch_up`` proposes."""
    start = plan.start or today
    phase, first = 0, start
    while phase + 1 < len(plan.phases) and first + plan.phases[phase].weeks * WEEK <= today:
        first += plan.phases[phase].weeks * WEEK
        phase += 1
    progress = Progress(start=start, phase=phase, entered=first if phase else None)
    return replace(progress, level=_levels_due(plan, progress, today))


def week_of_plan(progress: Progress, today: date) -> int:
    """The week of the plan today is in: 1 in its first seven days. Before the
    start it is 1 as well (nothing to count yet)."""
    return max(0, (today - progress.start).days) // 7 + 1


class Change(StrEnum):
    NEXT_PHASE = "next-phase"
    GROW = "grow"
    CATCH_UP = "catch-up"
    """Join a plan that began before the first session where its calendar is."""


@dataclass(frozen=True)
class StepChange:
    """One step's numbers before and after a proposal, for the words that ask."""

    before: Step
    after: Step


@dataclass(frozen=True)
class Proposal:
    """A harder dose the calendar says is due; the person says yes or not yet."""

    change: Change
    phase: int
    level: int
    title: str
    """The phase it leads to (its own, for a rule's next step)."""
    changes: tuple[StepChange, ...]
    entered: date | None = None
    """For ``CATCH_UP``: the day the calendar entered that phase (its weeks count from then)."""


def numbers_for(plan: Plan, progress: Progress, routine: Routine) -> Routine:
    """The routine with the numbers of the person's phase and level, marked
    with the phase's title (the history keeps which phase each session ran in)."""
    return _at(routine, plan, progress.phase, progress.level)


def as_planned(routine: Routine, progress: Progress | None, today: date) -> Routine:
    """The routine as it runs today: its plan's numbers where it has a plan
    (with the week of the plan), the file's own otherwise."""
    if routine.plan is None or progress is None:
        return routine
    shaped = numbers_for(routine.plan, progress, routine)
    return replace(shaped, plan_week=week_of_plan(progress, today))


def due(plan: Plan, progress: Progress, routine: Routine, today: date) -> Proposal | None:
    """What the calendar says is due and harder than today's numbers: the next
    phase once this one's weeks are over, else the next step of its rules. A
    next phase that is not harder is no question (``move_on_quietly``)."""
    if progress.not_yet == today:
        return None
    now = _at(routine, plan, progress.phase, progress.level)
    phase = plan.phases[progress.phase]
    if progress.phase + 1 < len(plan.phases) and today >= progress.since + phase.weeks * WEEK:
        after = _at(routine, plan, progress.phase + 1, 0)
        changes = _harder(now, after)
        if changes:
            return Proposal(Change.NEXT_PHASE, progress.phase + 1, 0, plan.phases[progress.phase + 1].title, changes)
        return None
    for level in range(progress.level + 1, _levels_due(plan, progress, today) + 1):
        changes = _harder(now, _at(routine, plan, progress.phase, level))
        if changes:  # the rules' next step, one at a time
            return Proposal(Change.GROW, progress.phase, level, phase.title, changes)
    return None


def catch_up(plan: Plan, routine: Routine, today: date) -> Proposal | None:
    """At the first session of a plan whose start date is past: join it where
    its calendar is (``calendar_place``) when that is harder than its
    beginning; None when the calendar is still at the beginning."""
    place = calendar_place(plan, today)
    if (place.phase, place.level) == (0, 0):
        return None
    changes = _harder(_at(routine, plan, 0, 0), _at(routine, plan, place.phase, place.level))
    if not changes:
        return None
    title = plan.phases[place.phase].title
    return Proposal(Change.CATCH_UP, place.phase, place.level, title, changes, entered=place.entered)


def move_on_quietly(plan: Plan, progress: Progress, routine: Routine, today: date) -> Progress:
    """A next phase that is due and no harder (a lighter week, the same numbers)
    is simply entered: only a harder dose is asked about."""
    phase = plan.phases[progress.phase]
    if progress.phase + 1 >= len(plan.phases) or today < progress.since + phase.weeks * WEEK:
        return progress
    now = _at(routine, plan, progress.phase, progress.level)
    if _harder(now, _at(routine, plan, progress.phase + 1, 0)):
        return progress
    return replace(progress, phase=progress.phase + 1, entered=today, level=0, not_yet=None)


def accept(progress: Progress, proposal: Proposal, today: date) -> Progress:
    if proposal.change is Change.CATCH_UP:
        return replace(progress, phase=proposal.phase, entered=proposal.entered, level=proposal.level, not_yet=None)
    if proposal.change is Change.NEXT_PHASE:
        return replace(progress, phase=proposal.phase, entered=today, level=0, not_yet=None)
    return replace(progress, level=proposal.level, not_yet=None)


def not_yet(progress: Progress, today: date) -> Progress:
    """Stay where one is: asked again on a later day."""
    return replace(progress, not_yet=today)


def next_phase_early(plan: Plan, progress: Progress, today: date) -> Progress | None:
    """Move to the next phase before its time (the person feels ready); None in the last phase."""
    if progress.phase + 1 >= len(plan.phases):
        return None
    return replace(progress, phase=progress.phase + 1, entered=today, level=0, not_yet=None)


# The pain gate ------------------------------------------------------------------


@dataclass(frozen=True)
class PainWeek:
    """What a week's pain says, as the history recorded it."""

    back_ratings: tuple[int, ...] = ()
    """The week's lower-back ratings, one a day (its last), oldest first."""
    back_ratings_before: tuple[int, ...] = ()
    """The week before's."""
    check_in_pains: tuple[tuple[str, int], ...] = ()
    """(exercise title, pain during it) of every check-in this week that gave one."""
    hard: tuple[str, ...] = ()
    """Exercises a check-in this week found hard."""
    over_limit: bool = False
    """A check-in or rating this week was above the person's pain limit."""


class Held(StrEnum):
    OVER_LIMIT = "over-limit"
    BACK_ROSE = "back-rose"
    HURT = "hurt"
    HARD = "hard"


def pain_gate(week: PainWeek) -> tuple[Held, str] | None:
    """Why no harder dose is proposed this week (and the exercise it is about),
    or None. Pain above the person's limit holds it for the week; so does a
    lower back worse this week than the week before (its mean, or within the
    week when there is nothing before), an exercise that hurt during it, or
    one found hard."""
    if week.over_limit:
        return Held.OVER_LIMIT, ""
    if _rose(week.back_ratings, week.back_ratings_before):
        return Held.BACK_ROSE, ""
    hurt = next((title for title, pain in week.check_in_pains if pain > HURTS_ABOVE), None)
    if hurt is not None:
        return Held.HURT, hurt
    if week.hard:
        return Held.HARD, week.hard[0]
    return None


def held_line(why: Held, exercise: str) -> str:
    """Why a harder dose that is due is not proposed this week, in one calm line
    (home says it; so does the question before moving on early)."""
    if why is Held.OVER_LIMIT:
        return _("Staying at this week's numbers: pain went over your limit this week.")
    if why is Held.BACK_ROSE:
        return _("Staying at this week's numbers: your back was worse than last week.")
    if why is Held.HURT:
        # TRANSLATORS: {exercise} is an exercise's title ("Wall sit")
        return _("Staying at this week's numbers: {exercise} hurt this week.").format(exercise=exercise)
    return _("Staying at this week's numbers: {exercise} felt hard this week.").format(exercise=exercise)


def _rose(ratings: tuple[int, ...], before: tuple[int, ...]) -> bool:
    if not ratings:
        return False
    if before:
        return sum(ratings) / len(ratings) > sum(before) / len(before)
    return ratings[-1] > ratings[0]


# Words --------------------------------------------------------------------------


def proposal_line(proposal: Proposal) -> str:
    """ "Wall sit: 3 × 0:45, 0:30 rest (now 2 × 0:30, 0:30 rest)" — what going up would mean, step by step."""
    from footdesk.report import step_timing  # the one wording of a step's numbers, as home shows them

    # TRANSLATORS: a step's title, its numbers as proposed, and as they are now ("3 sets, 0:45 each")
    change_text = _("{title}: {after} (now {before})")
    parts = [change_text.format(title=change.after.title, after=step_timing(change.after),
                                before=step_timing(change.before))
             for change in proposal.changes]  # fmt: skip
    return "; ".join(parts)


# Inside ---------------------------------------------------------------------------


def _levels_due(plan: Plan, progress: Progress, today: date) -> int:
    """The weeks of the phase's rules the calendar has reached: the whole weeks
    since the person entered the phase (0 for a phase without rules)."""
    if not any(numbers.growth for numbers in plan.phases[progress.phase].numbers):
        return 0
    return max(0, (today - progress.since).days) // 7


def _at(routine: Routine, plan: Plan, phase_index: int, level: int) -> Routine:
    phase = plan.phases[phase_index]
    steps = tuple(_shaped(step, phase.numbers_for(step.id), level) for step in routine.steps)
    return replace(routine, steps=steps, plan_phase=phase.title)


def _shaped(step: Step, numbers: PhaseNumbers | None, level: int) -> Step:
    if numbers is None:
        return step
    changed: dict[str, int] = {}
    for quantity in Quantity:
        value = getattr(numbers, quantity.value)
        if value is not None:
            changed[quantity.value] = value
    if numbers.rest is not None:
        changed["rest"] = numbers.rest
    if numbers.growth is not None:
        growth = numbers.growth
        changed[growth.quantity.value] = _grown(growth, start_value(step, numbers, growth.quantity), level)
    return replace(step, **changed)  # type: ignore[arg-type]


def _grown(growth: Growth, base: int, level: int) -> int:
    return min(growth.up_to, base + growth.by * (level // growth.every_weeks))


def _harder(before: Routine, after: Routine) -> tuple[StepChange, ...]:
    """The steps whose work grows from one to the other (seconds, sets or reps)."""
    changes = []
    for old, new in zip(before.steps, after.steps, strict=True):
        if new.timed and (new.total_seconds, new.sets, new.reps or 0) != (old.total_seconds, old.sets, old.reps or 0):
            if new.total_seconds > old.total_seconds or new.sets > old.sets or (new.reps or 0) > (old.reps or 0):
                changes.append(StepChange(old, new))
    return tuple(changes)


def summary_line(plan: Plan, progress: Progress, today: date) -> str:
    """ "Week 3 of 8 · Build": where the person is, as home shows it; past the
    plan's weeks, "Week 9 · Build (an 8-week plan)"."""
    week = week_of_plan(progress, today)
    title = plan.phases[progress.phase].title
    if week <= plan.weeks:
        # TRANSLATORS: where the person is in a plan, on the home screen: {title} is the phase's ("Build")
        return _("Week {week} of {weeks} · {title}").format(week=week, weeks=plan.weeks, title=title)
    return n_(
        "Week {week} · {title} (a {weeks}-week plan)", "Week {week} · {title} (a {weeks}-week plan)", plan.weeks
    ).format(week=week, title=title, weeks=plan.weeks)
