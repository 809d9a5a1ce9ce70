"""History at scale: ten years of daily sessions, timed against one week.

    python -m tests.perf.bench_history            # ten years
    python -m tests.perf.bench_history --quick    # one year, for CI

Store time of what a person waits for: opening the review (this week's
summary with its streaks), moving between weeks, and `footdesk history`
(open the file read-only, summarise, format). Each is the median of several
runs, shown in milliseconds and as a ratio to the same work on a one-week
history measured in the same run.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from footdesk.history import HistoryStore
from footdesk.records import iso
from footdesk.report import week_text
from footdesk.week import iso_week_of, shift_week
from tests.perf._app import make_model
from tests.perf._cli import run_bench

STEPS = [("barefoot", None, None), ("roll", "left", 120), ("roll", "right", 120), ("heel-raises", None, 60),
         ("shoes", None, None)]  # fmt: skip


def fill(path: Path, days: int, today: date, seed: int = 7) -> None:
    """Daily sessions for ``days`` days up to today: mostly done, some partial,
    some missed, a few rest days, pain ratings now and then."""
    store = HistoryStore.open(path).store
    rng = random.Random(seed)
    sessions, runs, rest = [], [], []
    session_id = 0
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        roll = rng.random()
        if roll < 0.08:
            continue  # missed
        if roll < 0.11:
            rest.append((day.isoformat(),))
            continue
        session_id += 1
        start = datetime.combine(day, datetime.min.time()).replace(hour=7).astimezone()
        completed = rng.random() > 0.1
        pain = rng.randint(0, 8) if rng.random() < 0.5 else None
        sessions.append((session_id, "foot-strength", iso(start), iso(start + timedelta(minutes=7)),
                         day.isoformat(), "completed" if completed else "partial", pain))  # fmt: skip
        for step, side, planned in STEPS:
            actual = float(planned or 0) if completed else float(rng.randint(0, planned or 0))
            outcome = "completed" if completed or planned is None else "skipped"
            runs.append((session_id, step, side, planned, actual, outcome, iso(start), iso(start)))
    db = store._db
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO sessions (id, routine, started_at, ended_at, local_date, status, pain)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        sessions,
    )
    db.executemany(
        "INSERT INTO step_runs (session_id, step, side, planned_s, actual_s, outcome, started_at, ended_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        runs,
    )
    db.executemany("INSERT INTO rest_days VALUES (?)", rest)
    db.execute("COMMIT")
    store.close()


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def timings(path: Path, today: date, repeat: int) -> dict[str, float]:
    now = datetime.combine(today, datetime.min.time()).replace(hour=12).astimezone()
    model = make_model(path.parent, history=path, wall_clock=lambda: now)
    model.open_history()
    year, week = iso_week_of(today)

    def navigate() -> None:
        for back in range(1, 11):
            model.week(*shift_week(year, week, -back))

    def cli_history() -> None:
        reader = make_model(path.parent, history=path, wall_clock=lambda: now)
        reader.open_history_for_reading()
        summary = reader.week(year, week)
        assert summary is not None
        week_text(summary)
        reader.close()

    figures = {
        "review_open_ms": median_ms(lambda: model.week(year, week), repeat),
        "week_step_ms": median_ms(navigate, repeat) / 10,
        "cli_history_ms": median_ms(cli_history, repeat),
    }
    model.close()
    return figures


def measure(quick: bool) -> dict:
    today = date(2026, 11, 24)
    years = 1 if quick else 10
    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory(prefix="footdesk-history-") as scratch:
        small, big = Path(scratch) / "week.sqlite3", Path(scratch) / "years.sqlite3"
        fill(small, 7, today)
        started = time.perf_counter()
        fill(big, 365 * years, today)
        fill_s = time.perf_counter() - started
        baseline, scaled = timings(small, today, repeat), timings(big, today, repeat)
        sessions = len(HistoryStore.open_for_reading(big).sessions())
        size_mb = big.stat().st_size / 1e6
    result: dict[str, object] = {"years": years, "sessions": sessions, "file_mb": round(size_mb, 2),
                                 "fill_s": round(fill_s, 2)}  # fmt: skip
    for key, value in scaled.items():
        result[key] = round(value, 2)
        result[key.replace("_ms", "_ratio_to_one_week")] = round(value / baseline[key], 2)
    return result


def main() -> int:
    targets = {key: "< 50" for key in ("review_open_ms", "week_step_ms", "cli_history_ms")}
    return run_bench(__doc__.splitlines()[0], lambda args: measure(args.quick), targets)


if __name__ == "__main__":
    sys.exit(main())
