"""Weeks of a knee programme with a plan (twice a day, 5 days a week), recorded
up to the real today with check-ins, ratings and notes, and a few sessions of
another routine beside it: what the report for the physiotherapist is read
back on. The terminal's commands count weeks from the real calendar, so the
history is laid out from it too."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from footdesk import paths
from footdesk.history import HistoryStore
from footdesk.records import Effort, Outcome, StepRun

KNEE = """\
schema = 3
id = "knee-care"
title = "Knee care"
[dose]
times_a_day = 2
days_a_week = 5
[plan]
start = {start}
[[plan.phases]]
title = "Start"
weeks = 2
steps.wall-sit = {{ seconds = 30, sets = 2, rest = 30 }}
[[plan.phases]]
title = "Build"
weeks = 2
steps.wall-sit = {{ seconds = 45, sets = 3, rest = 30 }}
[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 30
instructions = ["Sit with your back against the wall."]

[[steps]]
id = "bridge"
title = "Glute bridge"
timing = "timed"
seconds = 40
instructions = ["Lift your hips."]
"""

CALF = """\
schema = 2
id = "calf-care"
title = "Calf care"
[[steps]]
id = "stretch"
title = "Calf stretch"
timing = "timed"
seconds = 30
instructions = ["Lean into the wall."]
"""


def this_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=today.weekday())


@dataclass(frozen=True)
class Seeded:
    first_week: date
    """The Monday of the plan's first week (two weeks before this one)."""
    notes: tuple[tuple[date, str], ...]


def seed_knee_weeks(today: date | None = None) -> Seeded:
    """Two whole weeks before this one: the first in the plan's Start phase
    (Mon done twice, Tue once, Wed twice with pains), the second in Build
    (Mon–Wed twice each); two sessions of Calf care beside them. ``today``:
    the model's (the real one by default, as the terminal's)."""
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    first = this_monday(today) - timedelta(weeks=2)
    (folder / "knee-care.toml").write_text(KNEE.format(start=first.isoformat()), encoding="utf-8")
    (folder / "calf-care.toml").write_text(CALF, encoding="utf-8")
    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    store = HistoryStore.open(paths.history_file()).store
    second = first + timedelta(weeks=1)
    notes = ((first + timedelta(days=2), "knees stiff; on the stairs, too"), (second + timedelta(days=1), "better"))

    def session(day: date, hour: int, phase: str, week: int, pain: int | None = None,
                check_ins: tuple[tuple[str, Effort | None, int | None], ...] = (), note: str | None = None,
                routine: str = "knee-care") -> None:  # fmt: skip
        started = datetime.combine(day, time(hour, 0)).astimezone()
        number = store.begin_session(routine, started, phase if routine == "knee-care" else None,
                                     week if routine == "knee-care" else None)  # fmt: skip
        step = "wall-sit" if routine == "knee-care" else "stretch"
        store.add_step_run(number, StepRun(step, None, 30, 30.0, Outcome.COMPLETED, started.isoformat(),
                                           (started + timedelta(seconds=30)).isoformat()))  # fmt: skip
        store.end_session(number, started + timedelta(minutes=2), completed=True)
        if pain is not None:
            store.set_pain(number, pain)
        for step_id, effort, during in check_ins:
            store.set_check_in(number, step_id, effort, during)
        if note:
            store.set_note(number, note)

    session(first, 8, "Start", 1)
    session(first, 18, "Start", 1, pain=5, check_ins=(("wall-sit", Effort.HARD, 4),))
    session(first + timedelta(days=1), 8, "Start", 1, pain=4)
    session(first + timedelta(days=2), 8, "Start", 1, check_ins=(("wall-sit", Effort.ABOUT_RIGHT, 3),))
    session(first + timedelta(days=2), 18, "Start", 1, pain=3, note=notes[0][1],
            check_ins=(("bridge", Effort.EASY, None),))  # fmt: skip
    for offset in range(3):
        day = second + timedelta(days=offset)
        session(day, 8, "Build", 2, check_ins=(("wall-sit", Effort.ABOUT_RIGHT, 1),))
        session(day, 18, "Build", 2, pain=2, note=notes[1][1] if offset == 1 else None)
    session(second, 12, "", 0, routine="calf-care")
    session(second + timedelta(days=4), 12, "", 0, routine="calf-care")
    store.close()
    # the person took Build on when it was proposed, the week it began (as the sessions above ran it)
    progress = {"start": first.isoformat(), "phase": 1, "entered": second.isoformat(), "level": 0, "not_yet": None}
    paths.plans_file().write_text(json.dumps({"version": 1, "routines": {"knee-care": progress}}), encoding="utf-8")
    return Seeded(first, notes)


def pdf_lines(path) -> list[str]:
    """The PDF's lines as pdftotext -layout lays them out: runs of spaces made
    one, ligatures ("ﬁ") taken apart, page breaks kept as lines of their own."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def page_size(path) -> str:
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size"))
