"""What history keeps of a session, as plain values, and the rules of what it
adds up to: one home for "minutes of exercise", whoever shows them.

These records are what the SQLite store reads and writes, what the week
summaries count, and what the exports print; nothing here touches a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from footdesk.routine import Side, Step, keeps_habits
from footdesk.timefmt import seconds_done

MAX_RUN_S = 24 * 60 * 60
"""No run of one part lasts longer (a part is minutes long; a routine step at
most half an hour, a set of 200 slow repetitions about an hour): a history row
that says more was not written by footdesk."""


class SessionStatus(StrEnum):
    COMPLETED = "completed"
    PARTIAL = "partial"


class Effort(StrEnum):
    """How an exercise felt, as the check-in after it asks (and history keeps)."""

    EASY = "easy"
    ABOUT_RIGHT = "about-right"
    HARD = "hard"


def effort_of(stored: object) -> Effort | None:
    """The effort a history file's cell holds; None for anything footdesk never writes."""
    return _EFFORT_BY_TEXT.get(stored) if isinstance(stored, str) else None


_EFFORT_BY_TEXT = {effort.value: effort for effort in Effort}

NOTE_MAX_CHARS = 500
"""The longest note kept with a session (a line, not a diary)."""


def note_of(text: object) -> str | None:
    """A session's note as history keeps it: one line, control characters made
    spaces, at most ``NOTE_MAX_CHARS``; None for no note (empty or blank, or
    not text at all). Applied at the storage edge, both ways: what a person
    typed, and what a file holds (a file may come from anyone)."""
    from footdesk.untrusted import without_controls

    if not isinstance(text, str):
        return None
    kept = without_controls(text[: NOTE_MAX_CHARS * 2]).strip()[:NOTE_MAX_CHARS].strip()
    return kept or None


def pain_value(stored: object) -> int | None:
    """A pain rating (0 to 10) a history file's cell holds; None for none, or
    for anything else (a file edited with its CHECKs off)."""
    return stored if type(stored) is int and 0 <= stored <= 10 else None


def plan_phase_of(stored: object) -> str | None:
    """A plan phase's title as history keeps it: a line of text of a title's
    length at most (``untrusted.MAX_TITLE_CHARS``), no control character."""
    from footdesk.untrusted import MAX_TITLE_CHARS, control_character

    if not isinstance(stored, str) or not stored.strip() or len(stored) > MAX_TITLE_CHARS:
        return None
    return stored if control_character(stored) is None else None


MAX_PLAN_WEEK = 520
"""No plan runs longer than ten years: a week past that was not written by footdesk."""


def plan_week_of(stored: object) -> int | None:
    """The week of a plan (1-based) as history keeps it; None for anything else."""
    return stored if type(stored) is int and 1 <= stored <= MAX_PLAN_WEEK else None


@dataclass(frozen=True)
class CheckIn:
    """How one exercise of a session went, as the person said right after it:
    its effort and the pain during it (0 to 10), each optional."""

    step: str
    effort: Effort | None
    pain: int | None

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "effort": None if self.effort is None else self.effort.value, "pain": self.pain}


def in_run_order(check_ins: Iterable[CheckIn], steps: Sequence[StepRun]) -> tuple[CheckIn, ...]:
    """The check-ins in the order their exercises first ran (one for a step
    that never ran, from a file edited by hand, after them)."""
    first: dict[str, int] = {}
    for at, run in enumerate(steps):
        first.setdefault(run.step, at)
    return tuple(sorted(check_ins, key=lambda check_in: (first.get(check_in.step, len(steps)), check_in.step)))


class Outcome(StrEnum):
    """How one run of a part ended. The values are what the history file, the
    CSV export and the session state machine have always written: parsed once,
    where a row of the file becomes a StepRun, and compared as members after."""

    COMPLETED = "completed"  # the clock ran out, or a tip was confirmed
    SKIPPED = "skipped"  # the person went on before the end
    RESTARTED = "restarted"  # the person went back and started the phase again
    STOPPED = "stopped"  # the person stopped the whole session


def outcome_of(stored: object) -> Outcome | None:
    """The outcome a history file's cell holds; None for anything footdesk never
    writes (another text, a number, a blob): the storage edge refuses it."""
    return _OUTCOME_BY_TEXT.get(stored) if isinstance(stored, str) else None


_OUTCOME_BY_TEXT = {outcome.value: outcome for outcome in Outcome}


class Exercised(Protocol):
    """A run of one part of a routine, recorded or still in memory."""

    @property
    def active_s(self) -> float: ...

    @property
    def timed(self) -> bool: ...


def exercise_seconds(runs: Iterable[Exercised]) -> float:
    """Time actually exercised: every second a timed part's clock ran, restarts
    included, because a restarted side was still done. The finished screen,
    the home screen, the review, the terminal and every export use this.
    Each run counts its whole seconds (``timefmt.seconds_done``, rounded down),
    so the parts listed under a session add up to its total."""
    return float(sum(seconds_done(run.active_s) for run in runs if run.timed))


def iso(instant: datetime) -> str:
    """ISO 8601 with the local UTC offset in force at that instant, to the millisecond."""
    return instant.astimezone().isoformat(timespec="milliseconds")


_BEFORE_ANYTHING = datetime.min.replace(tzinfo=UTC)


def instant_of(text: str) -> datetime:
    """The moment an ISO 8601 time (as ``iso`` writes it) stands for, in UTC:
    what times are ordered by. Their text is not: it carries the offset in
    force then, so across a clock change or a journey "02:10+01:00" (01:10
    UTC) comes after "02:30+02:00" (00:30 UTC). A time without an offset is
    local; text that is no time at all comes before every time."""
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return _BEFORE_ANYTHING


def oldest_first(sessions: Iterable[SessionRecord]) -> list[SessionRecord]:
    """Sessions in the order they began (the UTC instant; the id breaks a tie):
    the order of the history JSON, the exports and "the day's last rating"."""
    return sorted(sessions, key=lambda session: (instant_of(session.started_at), session.id))


@dataclass(frozen=True)
class StepRun:
    step: str
    side: str | None
    planned_s: int | None
    """The seconds planned when it ran (None for an untimed habit): what it is measured against, whatever
    the settings say today."""
    actual_s: float
    outcome: Outcome
    started_at: str
    ended_at: str

    @property
    def timed(self) -> bool:
        return self.planned_s is not None

    @property
    def active_s(self) -> float:
        return self.actual_s

    @property
    def completed(self) -> bool:
        return self.outcome is Outcome.COMPLETED

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "side": self.side,
            "planned_s": self.planned_s,
            "actual_s": round(self.actual_s, 3),
            "completed": self.completed,
            "skipped": self.outcome is Outcome.SKIPPED,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }


@dataclass(frozen=True)
class SessionRecord:
    id: int
    routine: str
    started_at: str
    ended_at: str | None
    local_date: date
    status: SessionStatus
    pain: int | None
    steps: tuple[StepRun, ...] = ()
    check_ins: tuple[CheckIn, ...] = ()
    """The exercises' check-ins, in the order the exercises ran."""
    note: str | None = None
    """What the person wrote about the session (``note_of``)."""
    plan_phase: str | None = None
    """The title of the plan's phase the session ran in, when its routine has a plan."""
    plan_week: int | None = None
    """The week of the plan (1-based) the session ran in."""

    @property
    def completed(self) -> bool:
        return self.status is SessionStatus.COMPLETED

    @property
    def exercise_s(self) -> float:
        return exercise_seconds(self.steps)

    @property
    def habits_kept(self) -> frozenset[str]:
        """The habits confirmed in this session, once each: the untimed steps of
        the built-in routine (``routine.keeps_habits``); a tip of one's own
        routine is no habit, and is not counted as one."""
        if not keeps_habits(self.routine):
            return frozenset()
        return frozenset(run.step for run in self.steps if not run.timed and run.completed)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "routine": self.routine,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "status": self.status.value,
            "pain": self.pain,
            "steps": [run.as_json() for run in self.steps],
            "check_ins": [check_in.as_json() for check_in in self.check_ins],
            "note": self.note,
            "plan_phase": self.plan_phase,
            "plan_week": self.plan_week,
        }

    def check_in(self, step: str) -> CheckIn | None:
        return next((check_in for check_in in self.check_ins if check_in.step == step), None)

    @property
    def worst_pain(self) -> int | None:
        """The highest pain said of this session: a check-in's during an
        exercise or the lower back's after it; None when none was given."""
        pains = [check_in.pain for check_in in self.check_ins if check_in.pain is not None]
        if self.pain is not None:
            pains.append(self.pain)
        return max(pains, default=None)


def pain_over_limit(records: Sequence[SessionRecord], limit: int, week: tuple[int, int]) -> bool:
    """Whether any pain said in the ISO week ``week`` (year, week) was above
    ``limit`` (the ``[safety] pain_limit`` setting): a check-in's pain during an
    exercise or a lower-back rating after a session. A week like that ends every
    suggestion to go on, and no progression is proposed in it."""
    return any(
        tuple(record.local_date.isocalendar())[:2] == week
        and (worst := record.worst_pain) is not None
        and worst > limit
        for record in records
    )


# Carrying on an interrupted session ---------------------------------------------


@dataclass(frozen=True)
class ResumePoint:
    phase_index: int
    """The part to start at (it starts again from its beginning)."""
    done_s: float
    """How far that part had got when the session was interrupted."""
    earlier_completed: bool
    """Every part before it was completed (its last run did)."""


class PhaseLike(Protocol):
    """What the resume rule needs of a session's part (``session.Phase`` is one):
    named here so the records do not import the session, which imports them."""

    @property
    def index(self) -> int: ...

    @property
    def step(self) -> Step: ...

    @property
    def side(self) -> Side | None: ...

    @property
    def rest(self) -> bool: ...


def resume_point(record: SessionRecord, phases: Sequence[PhaseLike]) -> ResumePoint | None:
    """Where an interrupted session carries on: the part it stopped in (or was
    restarting), otherwise the part after the last one it ended. Step runs are
    matched to the routine's parts in order (a step with sets has one part per
    set; rests are not recorded). None when the routine has changed so that a
    part is gone, or nothing is left to do."""
    work = _work(phases)
    matched = _latest_by_part(record, work)
    if matched is None:
        return None
    latest, last = matched
    if last is None:
        return None
    run = latest[last]
    at = last if run.outcome in (Outcome.STOPPED, Outcome.RESTARTED) else last + 1
    if at >= len(work):
        return None
    done = run.actual_s if run.outcome is Outcome.STOPPED else 0.0
    earlier = all(before in latest and latest[before].completed for before in range(at))
    return ResumePoint(work[at][0], done, earlier)


def every_part_completed(record: SessionRecord, phases: Sequence[PhaseLike]) -> bool:
    """Every part of the routine (``phases``) has a run in the record and the
    last run of each was completed: what makes a session completed, as the
    session itself decides at its end; used when a part is marked done later.
    False when the record does not match the routine (it has changed since)."""
    work = _work(phases)
    matched = _latest_by_part(record, work)
    if matched is None:
        return False
    latest = matched[0]
    return len(latest) == len(work) and all(run.completed for run in latest.values())


def _work(phases: Sequence[PhaseLike]) -> list[tuple[int, tuple[str, str | None]]]:
    """The parts that are recorded (not rests): (phase index, (step id, side))."""
    return [(phase.index, (phase.step.id, phase.side.value if phase.side else None)) for phase in phases
            if not phase.rest]  # fmt: skip


def _latest_by_part(record: SessionRecord, work: list[tuple[int, tuple[str, str | None]]]
                    ) -> tuple[dict[int, StepRun], int | None] | None:  # fmt: skip
    """The record's runs matched to the parts in order (a step with sets has one
    part per set): the last run of each part reached, by its place in ``work``,
    and the place of the last run; None when a run matches no part."""
    latest: dict[int, StepRun] = {}
    position, last = 0, None
    for run in record.steps:
        found = next((at for at in range(position, len(work)) if work[at][1] == (run.step, run.side)), None)
        if found is None:
            return None
        latest[found] = run
        last = found
        position = found if run.outcome is Outcome.RESTARTED else found + 1
    return latest, last
