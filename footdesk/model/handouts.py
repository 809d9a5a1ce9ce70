"""What a person takes away from footdesk: the report for the physiotherapist
(``footdesk export FILE.pdf --report``, the review's Report for your physio…)
and the reminders as a calendar file (``footdesk export plan.ics``, Add to
calendar…).

The report's numbers are the review's (``Review.trend``, ``Review.goal``:
the same weeks, the same days done, the same mean of the lower back), its
programme is the card's (``Cards``); ``footdesk.physio_report`` says what the
report holds, ``footdesk.calendar_file`` writes the calendar, and the PDF
is drawn by the writer handed in (``platform/report_pdf.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import _, day_month_year
from footdesk.library import LibraryError
from footdesk.model.review import ExportError

if TYPE_CHECKING:
    from footdesk.card import Paper
    from footdesk.model.cards import Cards
    from footdesk.model.review import Review
    from footdesk.physio_report import PhysioReport, ScoreChange
    from footdesk.plan import Progress
    from footdesk.questionnaires import Score
    from footdesk.routine import Plan, Routine
    from footdesk.settings import Settings

ReportWriter = Callable[[Path, "PhysioReport"], tuple[str, ...]]
"""Writes the report as a PDF (whole or not at all) and returns a line for each
picture of its programme card it printed without; OSError when it cannot."""
PlanOf = Callable[["Routine"], "tuple[Plan, Progress] | None"]
"""A routine's plan and where the person is in it today (None without a plan)."""


@dataclass(frozen=True)
class ReportExport:
    path: Path
    report: PhysioReport
    without: tuple[str, ...]


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    title: str
    reminders: int


class Handouts:
    def __init__(
        self,
        cards: Cards,
        review: Review,
        plan_of: PlanOf,
        settings: Callable[[], Settings],
        titles: Callable[[], Mapping[str, str]],
        step_titles: Callable[[], Mapping[tuple[str, str], str]],
        today: Callable[[], date],
        wall_now: Callable[[], datetime],
        writer: ReportWriter | None = None,
        scores: Callable[[date | None, date | None], tuple[Score, ...]] | None = None,
    ) -> None:
        """``titles``: the routines' titles by id; ``step_titles``: by (routine, step);
        ``scores``: the questionnaires' (``Questionnaires.scores``)."""
        self._scores = scores or (lambda first, last: ())
        self._cards = cards
        self._review = review
        self._plan_of = plan_of
        self._settings = settings
        self._titles = titles
        self._step_titles = step_titles
        self._today = today
        self._wall_now = wall_now
        self._writer = writer

    # The report for the physiotherapist ----------------------------------------------

    def report(
        self, routine_id: str | None = None, weeks: int | None = None, paper: Paper | None = None
    ) -> PhysioReport:
        """The report on a routine (the one in use by default) over the ``weeks``
        that end with this one (the review's twelve by default); LibraryError
        when there is no routine by that id or its file cannot be used."""
        from footdesk import physio_report as physio
        from footdesk.plan import summary_line
        from footdesk.week import iso_week_of, trend, week_span

        routine = self._cards.routine(routine_id)
        card = self._cards.card(routine_id, paper)
        count = weeks or physio.DEFAULT_REPORT_WEEKS
        today = self._today()
        year, week = iso_week_of(today)
        # the review's numbers, as its trend shows them; with no history, the same weeks with nothing in them
        points = self._review.trend(year, week, routine.id, count) or trend([], year, week, count)
        first = week_span(points[0].year, points[0].week)[0]
        within = [s for s in self._review.sessions() if first <= s.local_date <= today]
        own = [s for s in within if s.routine == routine.id]
        own_titles = {step: title for (rid, step), title in self._step_titles().items() if rid == routine.id}
        placed = self._plan_of(routine)
        return physio.PhysioReport(
            routine_id=routine.id,
            routine_title=routine.title,
            card=card,
            times_a_day=routine.dose.times_a_day,
            days_a_week=self._review.goal(routine.id),
            dose_is_the_routines=routine.dose.days_a_week is not None,
            plan=summary_line(placed[0], placed[1], today) if placed is not None else None,
            weeks=physio.report_weeks(points, self._review.goal(routine.id), own),
            exercises=physio.exercise_check_ins(own, [step.id for step in routine.steps], own_titles),
            notes=physio.dated_notes(own),
            questionnaires=self.questionnaire_scores(first, today),
            others=physio.other_routines(within, routine.id, self._titles()),
            sessions=len(own),
            made_on=today,
        )

    def questionnaire_scores(self, first: date, last: date) -> tuple[ScoreChange, ...]:
        """The questionnaires' scores between these days (Roland-Morris, PSFS, an
        ODI score recorded), each with its change since the first ever; that
        first one is shown too, when it came before these days, so that every
        change in the report is measured from a row the physio can read."""
        from footdesk import physio_report
        from footdesk.report import QUESTIONNAIRE_NAMES

        every = self._scores(None, None)
        within = [score for score in every if first <= score.taken_on <= last]
        firsts = {score.instrument: score for score in reversed(every)}  # the first of each, oldest first
        baselines = [score for instrument, score in firsts.items()
                     if score.taken_on < first and any(s.instrument == instrument for s in within)]  # fmt: skip
        return physio_report.score_changes((*baselines, *within), every, QUESTIONNAIRE_NAMES)

    def export_report(self, path: Path, routine_id: str | None = None, weeks: int | None = None,
                      paper: Paper | None = None) -> ReportExport:  # fmt: skip
        """Write the report to ``path``, which whoever chose it agreed to replace
        (a save dialog asked, or ``--force``); never a link, a folder or a device."""
        if self._writer is None:
            raise ExportError(_("this footdesk cannot write PDF files"))
        try:
            report = self.report(routine_id, weeks, paper)
        except LibraryError as exc:
            raise ExportError(_("{error}; nothing was written").format(error=exc)) from None
        from footdesk.files import check_export_target

        try:
            check_export_target(path, force=True)
            without = self._writer(path, report)
        except OSError as exc:
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return ReportExport(path, report, without)

    # The calendar ----------------------------------------------------------------------

    def calendar(self, routine_id: str | None = None) -> tuple[str, int]:
        """The calendar file's text for a routine (the one in use by default)
        and how many reminders a day it holds; ExportError when no reminder
        time is set (there is no time to put in a calendar), LibraryError for a
        routine that cannot be used."""
        from footdesk.calendar_file import Reminder, calendar_text
        from footdesk.report import NO_REMINDER_FOR_CALENDAR, calendar_description, calendar_summary

        routine = self._cards.routine(routine_id)
        settings = self._settings()
        if settings.reminder_at is None:
            raise ExportError(_(NO_REMINDER_FOR_CALENDAR))
        times = (settings.reminder_at, *settings.later_reminder_times(routine.dose.times_a_day))
        today = self._today()
        start, until = today, None
        placed = self._plan_of(routine)
        if placed is not None:
            plan, progress = placed
            until = progress.start + timedelta(weeks=plan.weeks) - timedelta(days=1)
            start = max(today, progress.start)
            if start > until:
                # TRANSLATORS: {date} is "7 Dec 2026"
                ended = _("the plan of {title} ended on {date}: its calendar would be in the past; nothing was written")
                raise ExportError(ended.format(title=routine.title, date=day_month_year(until)))
        days = self._review.goal(routine.id)
        reminders = [Reminder(at, calendar_summary(routine.title, index, len(times)),
                              calendar_description(routine.dose.times_a_day, days, until))
                     for index, at in enumerate(times, 1)]  # fmt: skip
        minutes = -(-routine.total_seconds // 60)
        return calendar_text(routine.id, reminders, days, start, until, minutes, self._wall_now()), len(times)

    def export_calendar(self, path: Path, routine_id: str | None = None) -> CalendarExport:
        """Write the calendar to ``path`` (agreed to be replaced, as the report)."""
        from footdesk.files import atomic_write_bytes, check_export_target

        try:
            text, reminders = self.calendar(routine_id)
            title = self._cards.routine(routine_id).title
        except LibraryError as exc:
            raise ExportError(_("{error}; nothing was written").format(error=exc)) from None
        try:
            check_export_target(path, force=True)
            atomic_write_bytes(path, text.encode("utf-8"), follow_symlinks=False)
        except OSError as exc:
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return CalendarExport(path, title, reminders)
