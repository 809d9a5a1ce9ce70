"""``footdesk routine check`` on plans: each bad input of issue 25 is one
clear error with the file, the line and the key, and the file is left as it was."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from footdesk.cli import main
from tests.test_plan_file import EXAMPLE

BUILD = 'title = "Build"\nweeks = 2'
SQUATS_GROW = "grow = { every_weeks = 1, reps = 2, up_to = 12 }"
FAR_AHEAD = (date.today() + timedelta(days=800)).isoformat()
LONG_AGO = (date.today() - timedelta(days=4 * 366)).isoformat()


def at(text: str, line: str) -> int:
    """The number of the (first) line that starts with ``line``."""
    return next(n for n, each in enumerate(text.splitlines(), start=1) if each.startswith(line))


CASES = {
    "overlap": (EXAMPLE.replace(BUILD, BUILD + "\nfrom_week = 2"), "from_week = 2",
                "starts in week 2, but the phase before runs until week 2: phases follow one another"),
    "gap": (EXAMPLE.replace(BUILD, BUILD + "\nfrom_week = 4"), "from_week = 4", "so week 3 belongs to no phase"),
    "zero-weeks": (EXAMPLE.replace(BUILD, 'title = "Build"\nweeks = 0'), "weeks = 0",
                   "phase 'Build': weeks must be a whole number from 1 to 52, got 0"),
    "up-to-past-the-limit": (EXAMPLE.replace("up_to = 12", "up_to = 250"), "steps.wall-squats = { reps = 10",
                             "up_to must be a whole number from 1 to 200, got 250"),
    "grows-past-the-limit": (EXAMPLE.replace(BUILD, 'title = "Build"\nweeks = 12').replace(
        SQUATS_GROW, "grow = { reps = 20 }"), "steps.wall-squats = { reps = 10",
        "grows reps to 230 in 12 weeks; at most 200: give up_to, or grow less"),
    "sets-past-the-limit": (EXAMPLE.replace("sets = 2, rest = 15", "sets = 21, rest = 15"),
                            "steps.calf-stretch = { seconds = 45", "sets must be a whole number from 1 to 20, got 21"),
    "start-far-ahead": (EXAMPLE.replace("# start = 2026-12-07", f"start = {FAR_AHEAD}"), "start =",
                        f"start {FAR_AHEAD} is more than a year ahead: is the year right?"),
    "start-long-ago": (EXAMPLE.replace("# start = 2026-12-07", f"start = {LONG_AGO}"), "start =",
                       f"start {LONG_AGO} is more than three years ago: is the year right?"),
    "no-such-step": (EXAMPLE.replace("steps.calf-stretch = { seconds = 30 }", "steps.calf-strech = { seconds = 30 }"),
                     "steps.calf-strech", "names step 'calf-strech', which the routine does not have"),
    "untimed-step": (EXAMPLE.replace("steps.calf-stretch = { seconds = 30 }", "steps.ice = { seconds = 30 }"),
                     "steps.ice", "step 'ice' is untimed: it has no numbers to change"),
    "dose-times": (EXAMPLE.replace("times_a_day = 2 ", "times_a_day = 4 "), "times_a_day",
                   "[dose] times_a_day must be a whole number from 1 to 3, got 4"),
    "dose-days": (EXAMPLE.replace("days_a_week = 5 ", "days_a_week = 0 "), "days_a_week",
                  "[dose] days_a_week must be a whole number from 1 to 7, got 0"),
    "dose-typo": (EXAMPLE.replace("days_a_week = 5 ", "days_per_week = 5 "), "days_per_week",
                  "unknown key 'days_per_week' in [dose]"),
    "sub-table": (EXAMPLE.replace(f"steps.wall-squats = {{ reps = 10, sets = 3, rest = 30, {SQUATS_GROW} }}",
                                  "[plan.phases.steps.wall-squats]\nreps = 10\nsets = 30"), "sets = 30",
                  "step 'wall-squats': sets must be a whole number from 1 to 20, got 30"),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_each_bad_plan_is_one_clear_error_with_its_line_and_the_file_untouched(name, tmp_path, capsys):
    text, line, reason = CASES[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["routine", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"footdesk: {path}, line {at(text, line)}"), err
    assert reason in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_example_checks_out(tmp_path, capsys):
    path = tmp_path / "knee.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert main(["routine", "check", str(path)]) == 0
    assert "ok — 'Knee, four weeks'" in capsys.readouterr().out
