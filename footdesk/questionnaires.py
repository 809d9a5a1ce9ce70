"""The back questionnaires a physiotherapist reads beside the days done: what
each instrument asks, how it is scored, which scores are possible, and when
the next one is due. Pure: no Qt, no history, no clock of its own.

Roland-Morris Disability Questionnaire (RMDQ; Roland & Morris, Spine 1983):
24 statements the person says yes or no to, the score the number of yes,
0 to 24 (higher: more disabled by the back). Its authors state that no
permission is needed to use the published form (Roland & Fairbank, Spine
2000); the statements below are that form's, word for word.

Patient-Specific Functional Scale (PSFS; Stratford et al., Physiotherapy
Canada 1995): up to three activities the person names, each rated 0 (unable
to perform) to 10 (able to perform at the level before the problem); the
score is the mean (higher: better). Listed as free to use.

Oswestry Disability Index (ODI): copyrighted and licensed (Mapi Research
Trust). footdesk ships none of its text; a score (0-100 %) the person got
elsewhere is recorded as given.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from footdesk.i18n import N_, _
from footdesk.routine import PLAN_START_DAYS


class Instrument(StrEnum):
    RMDQ = "rmdq"
    PSFS = "psfs"
    ODI = "odi"


MAX_SCORE: dict[Instrument, int] = {Instrument.RMDQ: 24, Instrument.PSFS: 10, Instrument.ODI: 100}
LOWER_IS_BETTER: dict[Instrument, bool] = {Instrument.RMDQ: True, Instrument.PSFS: False, Instrument.ODI: True}

# TRANSLATORS: the Roland-Morris Disability Questionnaire's instructions: use the published, validated
# translation in your language where it is licensed; do not write your own
RMDQ_INSTRUCTIONS = N_(
    "When your back hurts, you may find it difficult to do some of the things you normally do. "
    "Answer yes only if you are sure the sentence describes you today."
)
RMDQ_STATEMENTS: tuple[str, ...] = (
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I stay at home most of the time because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I change position frequently to try and get my back comfortable."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I walk more slowly than usual because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back I am not doing any of the jobs that I usually do around the house."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I use a handrail to get upstairs."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I lie down to rest more often."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I have to hold on to something to get out of an easy chair."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I try to get other people to do things for me."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I get dressed more slowly than usual because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I only stand for short periods of time because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I try not to bend or kneel down."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I find it difficult to get out of a chair because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("My back is painful almost all the time."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I find it difficult to turn over in bed because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("My appetite is not very good because of my back pain."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I have trouble putting on my socks (or stockings) because of the pain in my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I only walk short distances because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I sleep less well because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back pain, I get dressed with help from someone else."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I sit down for most of the day because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I avoid heavy jobs around the house because of my back."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back pain, I am more irritable and bad tempered with people than usual."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("Because of my back, I go upstairs more slowly than usual."),
    # TRANSLATORS: a Roland-Morris Disability Questionnaire item (yes or no): use the published, validated
    # translation of this item in your language where it is licensed; do not write your own
    N_("I stay in bed most of the time because of my back."),
)
"""The published form's statements (marked N_: shown with ``_``)."""
RMDQ_COUNT = len(RMDQ_STATEMENTS)

PSFS_MAX_ACTIVITIES = 3
PSFS_ACTIVITY_MAX_CHARS = 80
# TRANSLATORS: the Patient-Specific Functional Scale's lowest rating: use the wording of its published,
# validated translation in your language where it is licensed
PSFS_LOW = N_("0: unable to perform the activity")
# TRANSLATORS: the Patient-Specific Functional Scale's highest rating: use the wording of its published,
# validated translation in your language where it is licensed
PSFS_HIGH = N_("10: able to perform it at the level before the problem")

ANSWERS_MAX_CHARS = 2000
"""The longest answers text footdesk writes (three activities at their cap fit well within it)."""


def rmdq_score(answers: Sequence[bool]) -> int:
    """The published rule: the number of statements answered yes (0-24)."""
    if len(answers) != RMDQ_COUNT or any(type(answer) is not bool for answer in answers):
        raise ValueError(_("the Roland-Morris questionnaire has {count} yes/no answers").format(count=RMDQ_COUNT))
    return sum(answers)


@dataclass(frozen=True)
class Activity:
    """One PSFS activity the person named, and its rating 0-10."""

    name: str
    rating: int


def activity_name(text: object) -> str | None:
    """An activity as footdesk keeps it: one line, control characters made
    spaces, at most ``PSFS_ACTIVITY_MAX_CHARS``; None when blank."""
    if not isinstance(text, str):
        return None
    line = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    line = " ".join(line.split())[:PSFS_ACTIVITY_MAX_CHARS].strip()
    return line or None


def psfs_score(activities: Sequence[Activity]) -> float:
    """The published rule: the mean of the activities' ratings (0-10), one to three activities."""
    if not 1 <= len(activities) <= PSFS_MAX_ACTIVITIES:
        raise ValueError(_("the PSFS has one to {most} activities").format(most=PSFS_MAX_ACTIVITIES))
    for activity in activities:
        if type(activity.rating) is not int or not 0 <= activity.rating <= 10:
            raise ValueError(_("a PSFS rating is 0 to 10"))
        if activity_name(activity.name) != activity.name:
            raise ValueError(_("a PSFS activity is one line of at most {most} characters").format(
                most=PSFS_ACTIVITY_MAX_CHARS))  # fmt: skip
    return sum(activity.rating for activity in activities) / len(activities)


def odi_score(value: object) -> float:
    """An Oswestry score as given elsewhere: 0 to 100 (%)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(_("an Oswestry score is a number from 0 to 100"))
    if not 0 <= value <= 100:
        raise ValueError(_("an Oswestry score is 0 to 100 %"))
    return float(value)


_ODI_TYPED = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?", re.ASCII)


def odi_typed(text: str) -> float | None:
    """An Oswestry score as a person types it: plain decimal digits, at most
    two after the point, 0 to 100; None for anything else. Python's ``float``
    would take ``1e2``, ``1_0``, other scripts' digits and a point rounded up
    to 100: none of them is a score someone read off a form."""
    if not _ODI_TYPED.fullmatch(text):
        return None
    value = float(text)
    return value if 0 <= value <= 100 else None


def taken_on_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot be the day a score was got (None: it can): not
    after today, and no more than three years back (as a plan's start,
    ``routine.PLAN_START_DAYS``): an older one is a typo in the year."""
    if day > today:
        # TRANSLATORS: {day} is the date given for a questionnaire, "2026-12-08"
        return _("{day} is after today").format(day=day.isoformat())
    if (day - today).days < PLAN_START_DAYS[0]:
        # TRANSLATORS: {day} is the date given for a questionnaire, "2022-12-08"
        return _("{day} is more than three years ago: is the year right?").format(day=day.isoformat())
    return None


def earliest_taken_on(today: date) -> date:
    """The first day ``taken_on_problem`` accepts (the window's date box starts there)."""
    return today + timedelta(days=PLAN_START_DAYS[0])


@dataclass(frozen=True)
class Answered:
    """A questionnaire answered (or a score recorded), as history keeps it."""

    instrument: Instrument
    taken_on: date
    answered_at: str
    """ISO 8601 with the UTC offset, as every instant in the history."""
    score: float
    rmdq: tuple[bool, ...] | None = None
    psfs: tuple[Activity, ...] | None = None
    id: int | None = None

    @property
    def max_score(self) -> int:
        return MAX_SCORE[self.instrument]

    def answers_text(self) -> str | None:
        """The answers as the history's ``answers`` column holds them (JSON; None for an ODI score)."""
        if self.instrument is Instrument.RMDQ:
            return json.dumps(list(self.rmdq or ()))
        if self.instrument is Instrument.PSFS:
            return json.dumps([{"activity": a.name, "rating": a.rating} for a in self.psfs or ()], ensure_ascii=False)
        return None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"instrument": self.instrument.value, "taken_on": self.taken_on.isoformat(),
                                   "answered_at": self.answered_at, "score": self.score,
                                   "max_score": self.max_score}  # fmt: skip
        if self.rmdq is not None:
            data["answers"] = list(self.rmdq)
        if self.psfs is not None:
            data["activities"] = [{"activity": a.name, "rating": a.rating} for a in self.psfs]
        return data


def answered(instrument: Instrument, taken_on: date, answered_at: str, *, rmdq: Sequence[bool] | None = None,
             psfs: Sequence[Activity] | None = None, odi: object = None) -> Answered:  # fmt: skip
    """An answered questionnaire with its score computed by the published rule
    (ValueError when the answers are not the instrument's)."""
    if instrument is Instrument.RMDQ and rmdq is not None and psfs is None and odi is None:
        return Answered(instrument, taken_on, answered_at, float(rmdq_score(rmdq)), rmdq=tuple(rmdq))
    if instrument is Instrument.PSFS and psfs is not None and rmdq is None and odi is None:
        return Answered(instrument, taken_on, answered_at, psfs_score(psfs), psfs=tuple(psfs))
    if instrument is Instrument.ODI and rmdq is None and psfs is None:
        return Answered(instrument, taken_on, answered_at, odi_score(odi))
    # TRANSLATORS: {instrument} is a questionnaire's id: rmdq, psfs or odi
    raise ValueError(_("answers that are not those of {instrument}").format(instrument=instrument.value))


def stored(instrument: object, taken_on: object, answered_at: object, score: object, answers: object,
           ) -> Answered | None:  # fmt: skip
    """A row as received (the history, or a file brought back), checked as
    footdesk writes it: the instrument one of three, the date a date, the
    answers the instrument's and the score the one they give (an ODI score
    0-100). None for anything else: left out, never shown."""
    try:
        which = Instrument(instrument) if isinstance(instrument, str) else None
        day = date.fromisoformat(taken_on) if isinstance(taken_on, str) and len(taken_on) == 10 else None
    except ValueError:
        return None
    if which is None or day is None or not isinstance(answered_at, str) or not 0 < len(answered_at) <= 40:
        return None
    if isinstance(score, bool) or not isinstance(score, int | float):
        return None
    try:
        if which is Instrument.ODI:
            record = answered(which, day, answered_at, odi=score) if answers is None else None
        else:
            parsed = json.loads(answers) if isinstance(answers, str) and len(answers) <= ANSWERS_MAX_CHARS else None
            record = _with_answers(which, day, answered_at, parsed)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    if record is None or not math.isclose(record.score, float(score), abs_tol=1e-9):
        return None
    return record


def _with_answers(which: Instrument, day: date, answered_at: str, parsed: object) -> Answered | None:
    if not isinstance(parsed, list):
        return None
    if which is Instrument.RMDQ:
        return answered(which, day, answered_at, rmdq=parsed)
    activities = []
    for item in parsed:
        if not isinstance(item, dict) or set(item) != {"activity", "rating"} or not isinstance(item["activity"], str):
            return None
        activities.append(Activity(item["activity"], item["rating"]))
    return answered(which, day, answered_at, psfs=activities)


# What the person and the physiotherapist read ----------------------------------


@dataclass(frozen=True)
class Score:
    """One score for a chart or a report: the physio's report reads these
    (``scores``). ``change_since_first`` is how far this score moved since the
    first of the same instrument (0.0 for the first; for a PSFS, over the
    activities both rated; None when they share none); whether a fall is
    better is ``lower_is_better``."""

    instrument: Instrument
    taken_on: date
    score: float
    max_score: int
    change_since_first: float | None
    lower_is_better: bool
    id: int | None = None
    """The history's id of the score (``footdesk questionnaire --delete ID``)."""


def scores(records: Iterable[Answered]) -> tuple[Score, ...]:
    """Every score, oldest first (by date, then as answered), each with its change since the first of its kind."""
    ordered = sorted(records, key=lambda r: (r.taken_on, r.answered_at))
    first: dict[Instrument, Answered] = {}
    out = []
    for record in ordered:
        start = first.setdefault(record.instrument, record)
        out.append(Score(record.instrument, record.taken_on, record.score, record.max_score,
                         change_since(start, record), LOWER_IS_BETTER[record.instrument], record.id))  # fmt: skip
    return tuple(out)


def change_since(first: Answered, later: Answered) -> float | None:
    """The one rule of a change: the score's difference, except for the PSFS,
    whose activities are the person's own and may differ from one time to
    the next: there the mean change of the activities rated both times (the
    same name, whatever its case and spaces), as physiotherapists read it
    activity by activity. None: no activity in common, nothing to compare."""
    if first.instrument is not Instrument.PSFS or first.psfs is None or later.psfs is None:
        return later.score - first.score
    before = {_same_activity(a.name): a.rating for a in first.psfs}
    moved = [a.rating - before[_same_activity(a.name)] for a in later.psfs if _same_activity(a.name) in before]
    return sum(moved) / len(moved) if moved else None


def _same_activity(name: str) -> str:
    return " ".join(name.split()).casefold()


def last_activities(records: Iterable[Answered]) -> tuple[str, ...]:
    """The activities of the last PSFS answered: offered again next time."""
    psfs = [r for r in records if r.instrument is Instrument.PSFS and r.psfs]
    if not psfs:
        return ()
    last = max(psfs, key=lambda r: (r.taken_on, r.answered_at))
    return tuple(activity.name for activity in last.psfs or ())


# When the next one is due ------------------------------------------------------


def next_due(interval_weeks: int, last_taken: date | None, first_session: date | None) -> date | None:
    """The day the next RMDQ and PSFS are offered: the day of the first
    session when none was answered yet (the first offer comes after the
    person's first session, never on first start), else ``interval_weeks``
    after the last one (either of the two). None: off (interval 0), or no
    session yet."""
    if interval_weeks <= 0 or first_session is None:
        return None
    if last_taken is None:
        return first_session
    return last_taken + timedelta(weeks=interval_weeks)


def is_due(today: date, interval_weeks: int, last_taken: date | None, first_session: date | None,
           not_now_on: date | None, session_active: bool) -> bool:  # fmt: skip
    """The one rule of the offer on the home screen: due by ``next_due``,
    never during a session, and not again on a day the person said "Not now"."""
    if session_active or not_now_on == today:
        return False
    due = next_due(interval_weeks, last_taken, first_session)
    return due is not None and today >= due
