"""Questions about what was done, answered from the history by the core's
rules (``footdesk.week``): the week, the twelve-week trend, the sessions, and
the exports made from them.

Every number the review, the PDF and the terminal show is computed here once,
from what was recorded, never from today's settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import _
from footdesk.week import (
    TREND_WEEKS,
    DayState,
    TimesADay,
    WeekPoint,
    WeekSummary,
    completed_days,
    iso_week_of,
    summarize_week,
    trend,
    trend_span,
    week_span,
)

if TYPE_CHECKING:
    from footdesk.history import HistoryStore
    from footdesk.model.keeper import HistoryKeeper
    from footdesk.records import SessionRecord


@dataclass(frozen=True)
class WeekReport:
    """A week with what a page for a physiotherapist needs besides the numbers."""

    summary: WeekSummary
    trend: tuple[WeekPoint, ...]
    titles: dict[tuple[str, str], str]
    """Step titles by (routine id, step id): two routines may share a step id."""
    routine_title: str
    made_on: date
    routine_titles: dict[str, str] = field(default_factory=dict)
    """Routine titles by id (a part of a step id two routines share is named with its routine's)."""
    routine: str | None = None
    """The routine this week is of (as the review's routine filter), or None for every routine."""
    pages: tuple[WeekReport, ...] = ()
    """When the week holds two routines or more: the week of each alone (in the
    order first done), a page each after the whole week's; empty otherwise."""

    @property
    def routines_done(self) -> tuple[str, ...]:
        """The routines of the week's sessions, by id, in the order first done."""
        return tuple(dict.fromkeys(session.routine for session in self.summary.sessions))


@dataclass(frozen=True)
class Export:
    path: Path
    sessions: int
    step_runs: int


class ExportError(Exception):
    """An export could not be written; the message names the file and why."""


PdfWriter = Callable[[Path, WeekReport], None]


class Review:
    def __init__(
        self,
        keeper: HistoryKeeper,
        today: Callable[[], date],
        goal_days: Callable[[str | None], int],
        routine_titles: Callable[[], dict[str, str]],
        step_titles: Callable[[], dict[tuple[str, str], str]],
        chosen_title: Callable[[], str],
        pdf_writer: PdfWriter | None = None,
        times_a_day: Callable[[], TimesADay] = dict,
        chosen: Callable[[], str | None] = lambda: None,
    ) -> None:
        """``goal_days``: the weekly goal of a routine, by id (its dose's, or
        the setting's; None: the setting's); ``times_a_day``: every known routine's dose (a day
        done, ``footdesk.week.day_done``); ``chosen``: the routine in use, whose
        goal a week of every routine is measured against."""
        self._keeper = keeper
        self._today = today
        self._goal_days = goal_days
        self._times_a_day = times_a_day
        self._chosen = chosen
        self._routine_titles = routine_titles
        self._step_titles = step_titles
        self._chosen_title = chosen_title
        self._pdf_writer = pdf_writer

    def week(self, year: int, week: int, routine: str | None = None) -> WeekSummary | None:
        """The week's summary: of every routine, or of one (``routine``, its id)."""

        times_a_day = self._times_a_day()
        measured_by = routine if routine is not None else self._chosen()

        def summary(store: HistoryStore) -> WeekSummary:
            sessions = store.sessions(*week_span(year, week))
            if routine is not None:
                sessions = [session for session in sessions if session.routine == routine]
                done = completed_days((s for s in store.sessions() if s.routine == routine), times_a_day)
            elif any(times > 1 for times in times_a_day.values()):
                done = completed_days(store.sessions(), times_a_day)
            else:  # every routine once a day: any completed session makes a day done, as the store says quickly
                done = store.completed_days()
            first = store.first_day(routine)  # of the routine shown: before its first session nothing of it was missed
            return summarize_week(year, week, sessions, store.rest_days(), done, first, self._today(),
                                  self._goal_days(measured_by), times_a_day=times_a_day,
                                  routine=measured_by)  # fmt: skip

        return self._keeper.reading(summary, None)

    def goal(self, routine: str | None = None) -> int:
        """The days a week a week's summary is measured against: ``routine``'s
        (its dose's, or the setting's), the routine in use's by default."""
        return self._goal_days(routine if routine is not None else self._chosen())

    def this_week(self) -> WeekSummary | None:
        return self.week(*iso_week_of(self._today()))

    def trend(
        self, year: int, week: int, routine: str | None = None, weeks: int = TREND_WEEKS
    ) -> tuple[WeekPoint, ...]:
        """The ``weeks`` weeks (the review's twelve by default; the physio's
        report may ask for more) that end with this one, oldest first."""

        def points(store: HistoryStore) -> tuple[WeekPoint, ...]:
            sessions = store.sessions(*trend_span(year, week, weeks))
            if routine is not None:
                sessions = [session for session in sessions if session.routine == routine]
            first = store.first_day(routine)  # of the routine shown: before its first session nothing of it was missed
            return trend(sessions, year, week, weeks, first_day=first, times_a_day=self._times_a_day())

        return self._keeper.reading(points, ())

    def done_today(self) -> bool:
        """Today's dose was met (``footdesk.week.day_done``): no reminder needed."""
        week = self.this_week()
        today = self._today()
        return week is not None and any(day.day == today and day.state is DayState.DONE for day in week.days)

    def completed_today(self) -> int:
        """How many times the routine in use was completed today: which of the
        day's reminders are still wanted (twice a day: one done, one to go)."""
        week = self.this_week()
        return week.completed_today if week is not None else 0

    def sessions(self, week: tuple[int, int] | None = None) -> list[SessionRecord]:
        """Every session (or one ISO week's), oldest first."""
        return self._keeper.reading(lambda store: store.sessions(*week_span(*week)) if week else store.sessions(), [])

    def week_report(self, year: int, week: int, routine: str | None = None) -> WeekReport | None:
        summary = self.week(year, week, routine)
        if summary is None:
            return None
        names = self._routine_titles()
        done = list(dict.fromkeys(s.routine for s in summary.sessions))
        if done:
            title = " · ".join(names.get(r, r) for r in done)
        else:  # nothing done that week: the routine asked for, or the one chosen
            title = names.get(routine, routine) if routine is not None else self._chosen_title()
        pages: list[WeekReport] = []
        if routine is None and len(done) > 1:
            pages = [page for r in done if (page := self.week_report(year, week, r)) is not None]
        # "the last 12 weeks" end at today's week, whichever week the page is of (as in the review)
        trend = self.trend(*iso_week_of(self._today()), routine)
        return WeekReport(summary, trend, self._step_titles(), title, self._today(), names, routine,
                          tuple(pages))  # fmt: skip

    def export_csv(self, path: Path, week: tuple[int, int] | None = None) -> Export:
        from footdesk.files import atomic_write_text, check_export_target
        from footdesk.report import sessions_csv

        sessions = self.sessions(week)
        try:
            check_export_target(path, force=True)  # whoever asked for the path has agreed to replace it
            atomic_write_text(path, sessions_csv(sessions), follow_symlinks=False)
        except OSError as exc:
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return Export(path, len(sessions), sum(len(s.steps) for s in sessions))

    def export_pdf(self, path: Path, year: int, week: int, routine: str | None = None) -> Export:
        """The week's page (of every routine, or of one) for a physiotherapist."""
        if self._pdf_writer is None:
            raise ExportError(_("this footdesk cannot write PDF files"))
        report = self.week_report(year, week, routine)
        if report is None:
            raise ExportError(_("there is no history to put in a PDF"))
        from footdesk.files import check_export_target

        try:
            check_export_target(path, force=True)
            self._pdf_writer(path, report)
        except OSError as exc:
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return Export(path, len(report.summary.sessions), sum(len(s.steps) for s in report.summary.sessions))
