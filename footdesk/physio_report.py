"""The report to bring to the physiotherapist: what it holds, without Qt.

The programme as it runs now (``footdesk.card``'s card, the dose, where the
person is in the plan), then the weeks: days done against the days
prescribed and the lower back's mean, the very ``WeekPoint``s the review's
trend shows (``Review.trend``: never counted again here), the phase each week
ran in, how each exercise felt (its check-ins), the person's notes with their
dates, and the questionnaires' scores with their change since the first.
``footdesk.report`` words it; ``platform/report_pdf.py`` draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from footdesk.card import Paper, ProgrammeCard
from footdesk.i18n import _
from footdesk.questionnaires import Score
from footdesk.records import Effort, SessionRecord
from footdesk.week import WeekPoint, iso_week_of, week_span

DEFAULT_REPORT_WEEKS = 12
"""The review's twelve weeks."""
MAX_REPORT_WEEKS = 104
"""Two years: a table a physiotherapist can still read (a few pages)."""


@dataclass(frozen=True)
class ReportWeek:
    """One week of the report: the review's numbers for it, and the phase it ran in."""

    point: WeekPoint
    """The review's trend for this week (days done, the lower back's mean)."""
    prescribed: int
    """The days a week the routine asks for (the review's weekly goal)."""
    phases: tuple[str, ...]
    """Where in the plan its sessions ran ("Build, week 3"), in the order first run; empty without a plan."""

    @property
    def span(self) -> tuple[date, date]:
        return week_span(self.point.year, self.point.week)


@dataclass(frozen=True)
class ExerciseCheckIns:
    """How one exercise felt over the report's weeks, as the check-ins after it said."""

    step: str
    title: str
    efforts: Mapping[Effort, int]
    """How many check-ins said each effort."""
    pains: tuple[int, ...]
    """The pain during it (0–10) of every check-in that gave one, oldest first."""

    @property
    def answers(self) -> int:
        return sum(self.efforts.values())

    @property
    def pain_mean(self) -> float | None:
        return round(sum(self.pains) / len(self.pains), 1) if self.pains else None


@dataclass(frozen=True)
class DatedNote:
    day: date
    text: str


@dataclass(frozen=True)
class QuestionnaireScore:
    """A questionnaire's score on a day (Roland-Morris, PSFS, an ODI recorded)."""

    name: str
    day: date
    score: float
    worst: float
    """The scale's end that means most disability (24 for Roland-Morris), to say which way is better."""


@dataclass(frozen=True)
class ScoreChange:
    score: QuestionnaireScore
    change: float | None
    """Since the first score of the same questionnaire ever (``questionnaires.scores``;
    None for that first, and for a PSFS that shares no activity with the first)."""
    first: bool = False
    """The first score of its questionnaire ever: nothing to compare it with."""


@dataclass(frozen=True)
class PhysioReport:
    routine_id: str
    routine_title: str
    card: ProgrammeCard
    times_a_day: int
    days_a_week: int
    dose_is_the_routines: bool
    """The days a week are the routine file's dose (else the person's weekly goal in Settings)."""
    plan: str | None
    """ "Week 3 of 8 · Build" (``plan.summary_line``), or None without a plan."""
    weeks: tuple[ReportWeek, ...]
    exercises: tuple[ExerciseCheckIns, ...]
    notes: tuple[DatedNote, ...]
    questionnaires: tuple[ScoreChange, ...]
    others: Mapping[str, int]
    """Other routines done in these weeks (title → sessions): not in this report."""
    sessions: int
    """The routine's sessions in these weeks."""
    made_on: date

    @property
    def paper(self) -> Paper:
        return self.card.paper

    @property
    def first(self) -> date:
        return self.weeks[0].span[0]

    @property
    def last(self) -> date:
        return self.weeks[-1].span[1]


def report_weeks(
    points: Sequence[WeekPoint], prescribed: int, sessions: Iterable[SessionRecord]
) -> tuple[ReportWeek, ...]:
    """Each week of the review's trend with the phases its sessions ran in."""
    from footdesk.report import plan_words

    phases: dict[tuple[int, int], dict[str, None]] = {}
    for session in sessions:
        words = plan_words(session)
        if words:
            phases.setdefault(iso_week_of(session.local_date), {})[words] = None
    return tuple(ReportWeek(point, prescribed, tuple(phases.get((point.year, point.week), {})))
                 for point in points)  # fmt: skip


def exercise_check_ins(
    sessions: Iterable[SessionRecord], step_order: Sequence[str], titles: Mapping[str, str]
) -> tuple[ExerciseCheckIns, ...]:
    """Every check-in of these sessions, an entry per exercise: the routine's
    steps in their order first, then any other step a session had (a step
    since removed from the routine), named by ``titles`` (its id when gone)."""
    efforts: dict[str, dict[Effort, int]] = {}
    pains: dict[str, list[int]] = {}
    for session in sorted(sessions, key=lambda s: (s.local_date, s.started_at)):
        for check_in in session.check_ins:
            counted = efforts.setdefault(check_in.step, dict.fromkeys(Effort, 0))
            if check_in.effort is not None:
                counted[check_in.effort] += 1
            if check_in.pain is not None:
                pains.setdefault(check_in.step, []).append(check_in.pain)
    order = [step for step in step_order if step in efforts] + [step for step in efforts if step not in step_order]
    return tuple(ExerciseCheckIns(step, titles.get(step, step), efforts[step], tuple(pains.get(step, ())))
                 for step in order)  # fmt: skip


def dated_notes(sessions: Iterable[SessionRecord]) -> tuple[DatedNote, ...]:
    """The person's notes, oldest first, each with its session's day."""
    ordered = sorted(sessions, key=lambda s: (s.local_date, s.started_at))
    return tuple(DatedNote(session.local_date, session.note) for session in ordered if session.note)


def score_changes(scores: Iterable[Score], every: Iterable[Score], names: Mapping[str, str]) -> tuple[ScoreChange, ...]:
    """The scores of the report's weeks, by name then date, each with its change
    since the first of its questionnaire ever (``questionnaires.scores``, the
    one rule of it; None for that first). ``every``: all the person's scores,
    oldest first, to tell which is the first; ``names``: each instrument's,
    marked N_ (``report.QUESTIONNAIRE_NAMES``): said here in the person's language."""
    firsts: dict[str, Score] = {}
    for score in every:
        firsts.setdefault(score.instrument.value, score)
    changes = [
        ScoreChange(
            QuestionnaireScore(_(names[score.instrument.value]) if score.instrument.value in names
                               else score.instrument.value, score.taken_on, score.score,
                               score.max_score if score.lower_is_better else 0),
            None if firsts.get(score.instrument.value) == score else score.change_since_first,
            firsts.get(score.instrument.value) == score,
        )
        for score in scores
    ]  # fmt: skip
    return tuple(sorted(changes, key=lambda change: (change.score.name, change.score.day)))


def other_routines(sessions: Iterable[SessionRecord], routine: str, titles: Mapping[str, str]) -> dict[str, int]:
    """The sessions of routines other than ``routine``, by title, in the order first done."""
    counted: dict[str, int] = {}
    for session in sessions:
        if session.routine != routine:
            title = titles.get(session.routine, session.routine)
            counted[title] = counted.get(title, 0) + 1
    return counted
