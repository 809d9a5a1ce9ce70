"""packaging/seed_demo_history.py: run as a person runs it, on folders of the
test's own, and what it wrote read back through footdesk's own history."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from footdesk.history import HistoryStore
from footdesk.records import SessionRecord
from footdesk.week import DayState, iso_week_of, summarize_week

SEEDER = Path(__file__).resolve().parents[1] / "packaging" / "seed_demo_history.py"
TODAY = date(2026, 11, 18)


XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


def seed(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The seeder on footdesk's folders under ``root`` (named as tests/conftest.py names them)."""
    env = {**os.environ, **{name: str(root / name.lower()) for name in XDG}}
    return subprocess.run(
        [sys.executable, str(SEEDER), "--today", TODAY.isoformat(), *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False,
    )  # fmt: skip


def read(history: Path) -> tuple[list[SessionRecord], set[date]]:
    store = HistoryStore.open_for_reading(history)
    assert store is not None
    try:
        return store.sessions(), store.rest_days()
    finally:
        store.close()


def mean(values: list[int]) -> float:
    return sum(values) / len(values)


CHOSEN = '{"welcome_seen": true, "routine": "my-own"}'  # a routine of their own chosen


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The demo with the default seed, seeded once for the tests below (from an
    empty folder, with a routine of the person's own chosen)."""
    root = tmp_path_factory.mktemp("seeded")
    (root / "started-here").mkdir()
    state = root / "xdg_state_home" / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True)
    state.write_text(CHOSEN)
    return root, seed(root, cwd=root / "started-here")


def test_the_demo_is_a_believable_six_weeks(seeded):
    root, result = seeded
    assert result.returncode == 0, result.stderr
    empty = root / "started-here"
    state = root / "xdg_state_home" / "footdesk" / "app-state.json"
    history = root / "xdg_data_home" / "footdesk" / "history.sqlite3"
    assert f"into {history}" in result.stdout and result.stderr == ""
    assert list(empty.iterdir()) == []  # nothing where it was started from
    assert state.read_text() == CHOSEN  # their choice and their app state left alone
    assert stat.S_IMODE(history.stat().st_mode) == 0o600  # ratings are health data
    assert stat.S_IMODE(history.parent.stat().st_mode) == 0o700

    sessions, rest = read(history)
    assert {s.routine for s in sessions} == {"foot-strength"}  # the built-in routine, whatever was chosen
    days = {s.local_date for s in sessions}
    first, last = min(days), max(days)
    assert first == date(2026, 10, 5) and first.weekday() == 0  # six whole weeks before this one
    assert last == TODAY - timedelta(days=1)  # today is left to do
    assert len({iso_week_of(day) for day in days}) >= 6
    done = {s.local_date for s in sessions if s.completed}
    partial = days - done
    every_day = {first + timedelta(days=n) for n in range((TODAY - first).days)}
    missed = every_day - days - rest
    assert len(done) >= 0.8 * len(every_day)  # mostly done
    assert 2 <= len(partial) <= 5  # a few partly done
    assert len(missed) >= 1 and len(rest) == 1 and not rest & days
    outcomes = Counter(run.outcome for s in sessions for run in s.steps)
    assert outcomes["restarted"] >= 5 and outcomes["skipped"] >= 1 and outcomes["stopped"] >= 1
    assert max(Counter(s.local_date for s in sessions).values()) == 2  # once, twice in a day
    # the back gets better: the first fortnight's ratings well above the last one's
    early = [s.pain for s in sessions if s.pain is not None and s.local_date < first + timedelta(days=14)]
    late = [s.pain for s in sessions if s.pain is not None and s.local_date >= TODAY - timedelta(days=14)]
    assert mean(early) - mean(late) >= 2
    assert all(0 <= s.pain <= 10 for s in sessions if s.pain is not None)
    # recorded as footdesk records: every timed run against what was planned, habits once per session
    assert {(run.step, run.planned_s) for s in sessions for run in s.steps} == {
        ("barefoot", None), ("roll", 120), ("heel-raises", 60), ("shoes", None),
    }  # fmt: skip
    assert all(s.steps[0].step == "barefoot" for s in sessions)
    # and the weeks read as the review will show them
    store = HistoryStore.open_for_reading(history)
    assert store is not None
    states: Counter[DayState] = Counter()
    for weeks_back in range(7):
        year, week = iso_week_of(TODAY - timedelta(weeks=weeks_back))
        summary = summarize_week(year, week, store.sessions(), store.rest_days(), store.completed_days(),
                                 store.first_day(), TODAY)  # fmt: skip
        states.update(day.state for day in summary.days)
    store.close()
    assert states[DayState.DONE] >= 35 and states[DayState.PARTIAL] >= 2 and states[DayState.MISSED] >= 1
    assert states[DayState.REST] == 1 and states[DayState.TODAY] == 1


def test_an_existing_history_is_left_alone_unless_forced(seeded, tmp_path):
    history = tmp_path / "xdg_data_home" / "footdesk" / "history.sqlite3"
    history.parent.mkdir(parents=True)
    shutil.copyfile(seeded[0] / "xdg_data_home" / "footdesk" / "history.sqlite3", history)
    before = history.read_bytes()
    refused = seed(tmp_path)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "already holds" in refused.stderr and "nothing was written" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert history.read_bytes() == before

    forced = seed(tmp_path, "--force", "--seed", "1")
    assert forced.returncode == 0, forced.stderr
    (kept,) = history.parent.glob("history.sqlite3.before-demo-????????-??????")
    assert kept.read_bytes() == before  # moved aside, never deleted
    assert f"moved to {kept}" in forced.stdout
    assert read(history)[0] != read(kept)[0]  # a new history, from another seed


def test_the_same_seed_gives_the_same_history(seeded, tmp_path):
    assert seed(tmp_path).returncode == 0
    again, first = (read(root / "xdg_data_home" / "footdesk" / "history.sqlite3") for root in (tmp_path, seeded[0]))
    assert again == first


def test_fewer_than_five_weeks_is_refused(tmp_path):
    result = seed(tmp_path, "--weeks", "3")
    assert result.returncode == 2 and "at least 5" in result.stderr
    assert not (tmp_path / "xdg_data_home" / "footdesk").exists()
