"""The person's progress through each routine's plan, kept between runs.

``footdesk.plan`` says, as pure functions of dates, where a person is in a
plan and what would come next; this part remembers what the person took on
(``plan.Progress``, one per routine) in a small JSON file of the data folder,
and answers the model's questions with it: the numbers the routine runs with
today, whether a harder dose is to be asked about at a session's start (and
whether the pain gate holds it back), and the person's answers.

A plan is taken up the first time the person runs the routine (or on its
file's ``start``); until then, and in the terminal, it is ``plan.begin`` in
memory and nothing is written. The file is ours but read as received: a
missing one is normal; one that is not what footdesk writes is said once
(naming the file and what was done) and the app goes on from the plans'
start dates. Each write reads the file again and changes only its own
routine's entry, so another copy of footdesk writing meanwhile loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from footdesk import plan
from footdesk.files import atomic_write_text
from footdesk.i18n import _, n_
from footdesk.model.plumbing import Notices, Observers
from footdesk.plan import Held, PainWeek, Progress, Proposal, StepChange
from footdesk.records import Effort, pain_over_limit
from footdesk.report import step_timing
from footdesk.routine import Plan, Routine, is_id
from footdesk.untrusted import ReceivedFileError, for_log, read_regular_file
from footdesk.week import WeekSummary, iso_week_of, shift_week

log = logging.getLogger(__name__)

MAX_PLANS_BYTES = 256 * 1024
"""A few lines a routine; anything larger was not written by footdesk."""
VERSION = 1


def pain_week(
    this_week: WeekSummary | None,
    week_before: WeekSummary | None,
    limit: int | None = None,
    step_titles: Mapping[tuple[str, str], str] | None = None,
) -> PainWeek:
    """What the history says about pain for the gate, from every routine (it
    is one back): the lower-back ratings of this ISO week and the week before,
    one a day (its last: ``WeekSummary.pains``, week.py's rule); this week's
    check-ins (the pain during an exercise, "hard"), named by the exercise's
    title; and whether a pain was above the person's ``limit``
    (``records.pain_over_limit``, the safety stop's rule)."""
    sessions = this_week.sessions if this_week is not None else ()
    titles = step_titles or {}

    def title(routine: str, step: str) -> str:
        return titles.get((routine, step), step)

    check_ins = [(session.routine, check_in) for session in sessions for check_in in session.check_ins]
    over = (
        limit is not None
        and this_week is not None
        and pain_over_limit(sessions, limit, (this_week.year, this_week.week))
    )
    return PainWeek(
        back_ratings=tuple(pain for _, pain in this_week.pains) if this_week is not None else (),
        back_ratings_before=tuple(pain for _, pain in week_before.pains) if week_before is not None else (),
        check_in_pains=tuple((title(routine, c.step), c.pain) for routine, c in check_ins if c.pain is not None),
        hard=tuple(dict.fromkeys(title(routine, c.step) for routine, c in check_ins if c.effort is Effort.HARD)),
        over_limit=over,
    )


@dataclass(frozen=True)
class PlanStatus:
    """Where the person is in a routine's plan, for home."""

    summary: str
    """ "Week 3 of 8 · Build" (``plan.summary_line``)."""
    held: tuple[Held, str] | None = None
    """A harder dose is due but the pain gate holds it back this week (why, and the exercise)."""


@dataclass(frozen=True)
class EarlyMove:
    """Moving to the next phase before its time: where to, and what changes."""

    title: str
    changes: tuple[StepChange, ...]


class Plans:
    def __init__(
        self,
        path: Path,
        today: Callable[[], date],
        week: Callable[[int, int], WeekSummary | None],
        notices: Notices,
        chosen: Callable[[], Routine] | None = None,
        pain_limit: Callable[[], int] | None = None,
        step_titles: Callable[[], Mapping[tuple[str, str], str]] | None = None,
    ) -> None:
        """``week``: an ISO week's summary of every routine (None without a
        history); ``chosen``: the routine the next session runs, before its
        plan's numbers (what the methods below are about when given none);
        ``pain_limit``: the person's (``[safety] pain_limit``), for the gate;
        ``step_titles``: (routine, step) → title, to say which exercise hurt."""
        self.path = path
        self._pain_limit = pain_limit
        self._step_titles = step_titles
        self._chosen = chosen
        self._today = today
        self._week = week
        self._notices = notices
        self._cache: tuple[tuple[int, int, int], dict[str, Progress]] | None = None
        self._unwritten: dict[str, Progress] = {}
        """Progress that could not be written this run: kept in memory, used before the file's."""
        self._broken = False
        """The file could not be read: it is set aside before footdesk writes its own."""
        self.changed: Observers[str] = Observers()
        """A routine's progress changed (its id): the numbers it runs with may have."""
        self.question: Proposal | None = None
        """A harder dose asked about before the session starts: the start waits for ``answered``."""
        self.question_changed: Observers[Proposal | None] = Observers()
        """A question is asked (None: answered, or no longer asked)."""

    def _routine(self, routine: Routine | None) -> Routine:
        if routine is not None:
            return routine
        assert self._chosen is not None, "Plans was made without the chosen routine"
        return self._chosen()

    # What the person is at ------------------------------------------------------------

    def progress(self, routine: Routine, as_prescribed: bool = False) -> Progress | None:
        """The routine's progress as it stands today (None without a plan): the
        kept one, fitted to the plan as the file says it now, or the plan
        begun today in memory (at its beginning; ``as_prescribed``: where its
        calendar is, as ``footdesk plan`` shows a plan not taken up yet); a
        next phase that is due and no harder is entered (in memory until the
        person next starts the routine)."""
        if routine.plan is None:
            return None
        today = self._today()
        kept = self._kept(routine.id)
        if kept is not None:
            progress = self._fitted(routine, routine.plan, kept)
        else:
            progress = (plan.calendar_place if as_prescribed else plan.begin)(routine.plan, today)
        for _phase in routine.plan.phases:
            moved = plan.move_on_quietly(routine.plan, progress, routine, today)
            if moved == progress:
                break
            progress = moved
        return progress

    def as_planned(self, routine: Routine, as_prescribed: bool = False) -> Routine:
        """The routine with today's numbers of its plan (``plan.as_planned``); as it is without one."""
        if routine.plan is None:
            return routine
        return plan.as_planned(routine, self.progress(routine, as_prescribed), self._today())

    def status(self, routine: Routine | None = None) -> PlanStatus | None:
        """Home's line about the plan (None without one): where the person is,
        and why a harder dose that is due is not proposed this week."""
        routine = self._routine(routine)
        progress = self.progress(routine)
        if routine.plan is None or progress is None:
            return None
        today = self._today()
        held = None
        if plan.due(routine.plan, progress, routine, today) is not None:
            held = plan.pain_gate(self.pain_week())
        return PlanStatus(plan.summary_line(routine.plan, progress, today), held)

    def pain_week(self) -> PainWeek:
        year, number = iso_week_of(self._today())
        limit = self._pain_limit() if self._pain_limit is not None else None
        titles = self._step_titles() if self._step_titles is not None else None
        return pain_week(self._week(year, number), self._week(*shift_week(year, number, -1)), limit, titles)

    # At a session's start -----------------------------------------------------------

    def ask(self, routine: Routine | None = None) -> bool:
        """At a session's start: True when a question now waits for the
        person's answer (``question``), and the start with it."""
        self.question = self._due_question(self._routine(routine))
        if self.question is not None:
            self.question_changed.emit(self.question)
        return self.question is not None

    def answered(self, go_up: bool, routine: Routine | None = None) -> bool:
        """The person's answer to ``question``, kept; False when none was asked."""
        question, self.question = self.question, None
        if question is None:
            return False
        self.answer(self._routine(routine), question, go_up)
        self.question_changed.emit(None)
        return True

    def drop_question(self) -> None:
        """Another routine was chosen, or this one changed: the question no longer holds."""
        if self.question is not None:
            self.question = None
            self.question_changed.emit(None)

    def _due_question(self, routine: Routine) -> Proposal | None:
        """What to ask before the session starts: a harder dose the calendar
        reached and the pain gate lets through (None: start at once). The
        plan is taken up here, and a quiet move to a next phase kept."""
        first_session = self._kept(routine.id) is None
        progress = self.progress(routine)
        if routine.plan is None or progress is None:
            return None
        self._keep(routine.id, progress, quietly=True)
        today = self._today()
        proposal = plan.catch_up(routine.plan, routine, today) if first_session else None
        proposal = proposal or plan.due(routine.plan, progress, routine, today)
        if proposal is None or plan.pain_gate(self.pain_week()) is not None:
            return None
        return proposal

    def answer(self, routine: Routine, proposal: Proposal, go_up: bool) -> None:
        """The person's answer: the harder numbers from now, or not asked again today."""
        progress = self.progress(routine)
        if progress is None:
            return
        today = self._today()
        self._keep(routine.id, plan.accept(progress, proposal, today) if go_up else plan.not_yet(progress, today))

    # Moving on early ------------------------------------------------------------------

    def early_move(self, routine: Routine | None = None) -> EarlyMove | None:
        """What moving to the next phase now would change (None: no plan, or in its last phase)."""
        routine = self._routine(routine)
        progress = self.progress(routine)
        if routine.plan is None or progress is None:
            return None
        today = self._today()
        moved = plan.next_phase_early(routine.plan, progress, today)
        if moved is None:
            return None
        before = plan.as_planned(routine, progress, today)
        after = plan.as_planned(routine, moved, today)
        changes = tuple(
            StepChange(old, new)
            for old, new in zip(before.steps, after.steps, strict=True)
            if step_timing(old) != step_timing(new)
        )
        return EarlyMove(routine.plan.phases[moved.phase].title, changes)

    def move_on_early(self, routine: Routine | None = None) -> bool:
        """The person feels ready: the next phase from today. False in the last phase or without a plan."""
        routine = self._routine(routine)
        progress = self.progress(routine)
        moved = plan.next_phase_early(routine.plan, progress, self._today()) if routine.plan and progress else None
        if moved is None:
            return False
        self._keep(routine.id, moved)
        return True

    # The file -------------------------------------------------------------------------

    def _kept(self, routine_id: str) -> Progress | None:
        if routine_id in self._unwritten:
            return self._unwritten[routine_id]
        return self._read().get(routine_id)

    def _fitted(self, routine: Routine, routine_plan: Plan, kept: Progress) -> Progress:
        """The kept progress, if it still fits the plan: a file whose start date
        changed counts the plan's weeks from it, the person staying in the
        phase and at the numbers they have (a harder dose is asked, never
        taken from a date); fewer phases than the kept one (an edit) leaves
        the person in the last. Each said once."""
        if routine_plan.start is not None and routine_plan.start != kept.start:
            kept = replace(kept, start=routine_plan.start)
            where = routine_plan.phases[min(kept.phase, len(routine_plan.phases) - 1)].title
            self._notices.say_once(
                f"plan-start:{routine.id}:{routine_plan.start}",
                _(
                    "The plan of {title} starts on {date} now (its file says so): "
                    "footdesk counts its weeks from that day; you stay in {phase} until you say you are ready."
                ).format(title=routine.title, date=routine_plan.start.isoformat(), phase=where),
            )
        last = len(routine_plan.phases) - 1
        if kept.phase > last:
            self._notices.say_once(
                f"plan-phases:{routine.id}:{last}",
                n_(
                    "The plan of {title} has {count} phase now; you were in phase {number}, so you are in its last, "
                    "{phase}.",
                    "The plan of {title} has {count} phases now; you were in phase {number}, so you are in its last, "
                    "{phase}.",
                    last + 1,
                ).format(
                    title=routine.title, count=last + 1, number=kept.phase + 1, phase=routine_plan.phases[last].title
                ),
            )
            return replace(kept, phase=last, level=0)
        return kept

    def _keep(self, routine_id: str, progress: Progress, quietly: bool = False) -> None:
        """Write one routine's progress, the others' as the file has them now."""
        stored = dict(self._read())
        if stored.get(routine_id) == progress and routine_id not in self._unwritten:
            return
        stored[routine_id] = progress
        text = json.dumps({"version": VERSION, "routines": {rid: _to_json(p) for rid, p in sorted(stored.items())}},
                          indent=2) + "\n"  # fmt: skip
        try:
            self._set_aside_unreadable()
            atomic_write_text(self.path, text)
        except OSError as exc:
            self._unwritten[routine_id] = progress
            reason = exc.strerror or str(exc)
            log.warning("%s: cannot write it (%s); your plan's progress is kept until you quit", self.path, reason)
            self._notices.say_once(
                f"plans-write:{self.path}",
                _(
                    "{path}: cannot write it ({reason}); your progress in the plan is kept until you quit footdesk."
                ).format(path=self.path, reason=reason),
            )
        else:
            self._unwritten.pop(routine_id, None)
        if not quietly:
            self.changed.emit(routine_id)

    def _read(self) -> dict[str, Progress]:
        """Every routine's kept progress, read again when the file changed (another copy of footdesk)."""
        try:
            info = os.stat(self.path)
            key = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            key = (0, -1, 0)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        read = self._load() if key[1] >= 0 else {}
        self._cache = (key, read)
        return read

    def _load(self) -> dict[str, Progress]:
        try:
            data = json.loads(read_regular_file(self.path, MAX_PLANS_BYTES).decode("utf-8"))
        except ReceivedFileError as exc:
            if exc.missing:
                return {}
            return self._unreadable(exc.reason)
        except UnicodeDecodeError:
            return self._unreadable(_("not a file footdesk wrote: it is not UTF-8 text"))
        except RecursionError:
            return self._unreadable(_("not a file footdesk wrote: its lists or tables are nested far too deep"))
        except ValueError:  # not JSON, or a number of thousands of digits
            return self._unreadable(_("not a file footdesk wrote: it is not JSON"))
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            return self._unreadable(_("written by a newer footdesk (version {version})").format(version=version))
        routines = data.get("routines") if isinstance(data, dict) else None
        if not isinstance(routines, dict):
            return self._unreadable(_("not a file footdesk wrote: no routines in it"))
        read: dict[str, Progress] = {}
        for routine_id, entry in routines.items():
            progress = _from_json(entry) if is_id(routine_id) else None
            if progress is None:
                log.warning("%s: the entry %s is not one footdesk wrote; it is left out", self.path,
                            for_log(str(routine_id), 80))  # fmt: skip
                continue
            read[routine_id] = progress
        return read

    def _unreadable(self, reason: str) -> dict[str, Progress]:
        text = _("{path}: cannot read it ({reason}); each plan goes on from its start date, and the file "
                 "is kept as {name} when your progress is next saved.").format(
            path=self.path, reason=reason, name=f"{self.path.name}.unreadable"
        )  # fmt: skip
        log.warning("%s", for_log(text, 600))
        self._notices.say_once(f"plans-read:{self.path}", text)
        self._broken = True
        return {}

    def _set_aside_unreadable(self) -> None:
        """A file footdesk could not read is kept beside, never written over (it may be someone's)."""
        if self._broken and os.path.isfile(self.path):
            os.replace(self.path, self.path.with_name(f"{self.path.name}.unreadable"))
        self._broken = False


def _to_json(progress: Progress) -> dict[str, Any]:
    return {
        "start": progress.start.isoformat(),
        "phase": progress.phase,
        "entered": progress.entered.isoformat() if progress.entered else None,
        "level": progress.level,
        "not_yet": progress.not_yet.isoformat() if progress.not_yet else None,
    }


_MAX_INDEX = 1000
"""More phases or weeks of a rule than any plan holds: a file that says so was not written by footdesk."""


def _from_json(entry: object) -> Progress | None:
    if not isinstance(entry, dict):
        return None
    start, entered, not_yet = (_day(entry.get(key)) for key in ("start", "entered", "not_yet"))
    phase, level = entry.get("phase"), entry.get("level")
    whole = all(type(n) is int and 0 <= n <= _MAX_INDEX for n in (phase, level))
    if start is None or not whole or (entry.get("entered") is not None and entered is None):
        return None
    if entry.get("not_yet") is not None and not_yet is None:
        return None
    assert isinstance(phase, int) and isinstance(level, int)
    return Progress(start=start, phase=phase, entered=entered, level=level, not_yet=not_yet)


def _day(value: object) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
