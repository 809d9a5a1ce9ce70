"""A shared programme can never hurt you: the history against hostile input
(issue 23). A history file handed over to be brought back, a cell a
spreadsheet would run, two routines that share a step id, sessions on both
sides of a clock change, an export path that names a folder, and a session
killed mid-part: each is made for real and read where the person reads it
(the terminal commands, the exports, the week's page)."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore, read_history_file
from footdesk.records import SessionRecord, SessionStatus, StepRun, iso
from footdesk.report import sessions_csv, week_table
from footdesk.untrusted import CSV_FORMULA_STARTS
from footdesk.week import summarize_week
from tests.faults.test_history_faults import KILLED_MID_PART, app_env, data, footdesk_command  # noqa: F401
from tests.test_history import START, a_habit, run_routine

MONDAY = date(2026, 11, 16)  # week 2026-W47


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def one_line(err: str) -> None:
    assert err.startswith("footdesk: ") and err.count("\n") == 1 and "Traceback" not in err, err


# 1. CSV cells a spreadsheet would run ------------------------------------------------------

FORMULAS = ("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd")


def test_every_text_cell_of_the_csv_is_neutralised():
    """Before: "=HYPERLINK(…)" went into the cell as it was: a spreadsheet runs it."""
    steps = tuple(StepRun(text, "left", 30, 30.0, "completed", text, text) for text in FORMULAS)
    record = SessionRecord(7, "=cmd|' /C calc'!A0", "@2026-11-16T08:00:00.000+00:00", "+x", MONDAY,
                           SessionStatus.COMPLETED, None, steps)  # fmt: skip
    rows = csv_rows(sessions_csv([record]))
    assert len(rows) == len(FORMULAS)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(CSV_FORMULA_STARTS), (column, cell)
    assert rows[0]["routine"] == "'=cmd|' /C calc'!A0" and rows[0]["step"] == "'=HYPERLINK(\"http://evil\")"
    assert [row["step"] for row in rows[1:4]] == ["'+1+1", "'-2+3", "'@SUM(A1)"]
    assert rows[0]["planned_s"] == "30" and rows[0]["actual_s"] == "30.0"  # numbers stay numbers


def test_footdesk_export_neutralises_what_the_history_holds(capsys):
    store = HistoryStore.open(paths.history_file()).store
    started = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)
    session_id = store.begin_session("=1+2", started)
    store.add_step_run(session_id, StepRun("@cmd", None, None, 0.0, "completed", iso(started), iso(started)))
    store.close()
    assert main(["export", "-"]) == 0
    (row,) = csv_rows(capsys.readouterr().out)
    assert (row["routine"], row["step"]) == ("'=1+2", "'@cmd")
