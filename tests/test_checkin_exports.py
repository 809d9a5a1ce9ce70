"""Check-ins and notes where a session is shown and exported: the terminal's
week (escaped), the history JSON, the CSV (every cell safe from formulas) and
the week's PDF, read back with pdftotext."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore
from footdesk.records import Effort, Outcome, StepRun

STARTED = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)
WEEK = "2026-W47"
NOTE = '=HYPERLINK("x") sore heel \x1b[2J'


def seed() -> None:
    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    store = HistoryStore.open(paths.history_file()).store
    session = store.begin_session("foot-strength", STARTED, "Build", 2)
    for side in ("left", "right"):
        run = StepRun("roll", side, 120, 120.0, Outcome.COMPLETED, "2026-11-17T08:00:00.000+00:00",
                      "2026-11-17T08:02:00.000+00:00")  # fmt: skip
        store.add_step_run(session, run)
    store.add_step_run(session, StepRun("heel-raises", None, 60, 60.0, Outcome.COMPLETED,
                                        "2026-11-17T08:04:00.000+00:00", "2026-11-17T08:05:00.000+00:00"))  # fmt: skip
    store.end_session(session, STARTED, completed=False)
    store.set_check_in(session, "roll", Effort.ABOUT_RIGHT, 2)
    store.set_check_in(session, "heel-raises", Effort.HARD, None)
    store.set_note(session, NOTE)
    store.close()


def out_of(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_the_terminals_week_shows_each_check_in_and_the_note_escaped(capsys):
    seed()
    text = out_of(capsys, "history", "--week", WEEK)
    assert "      Roll each foot on a lacrosse ball: about right, pain 2\n" in text
    assert "      Heel raises with a lacrosse ball: hard\n" in text
    assert '      Note: =HYPERLINK("x") sore heel  [2J\n' in text  # the escape was made a space when kept
    assert "\x1b" not in text


def test_the_history_json_and_the_csv_carry_the_check_ins_the_note_and_the_plan(capsys):
    seed()
    (session,) = json.loads(out_of(capsys, "history", "--json"))
    assert session["check_ins"] == [{"step": "roll", "effort": "about-right", "pain": 2},
                                    {"step": "heel-raises", "effort": "hard", "pain": None}]  # fmt: skip
    assert session["note"] == '=HYPERLINK("x") sore heel  [2J'
    assert (session["plan_phase"], session["plan_week"]) == ("Build", 2)
    rows = list(csv.DictReader(io.StringIO(out_of(capsys, "export", "-").lstrip("\ufeff"))))
    assert [(row["step"], row["side"], row["effort"], row["pain_during"]) for row in rows] == [
        ("roll", "left", "about-right", "2"), ("roll", "right", "about-right", "2"), ("heel-raises", "", "hard", ""),
    ]  # fmt: skip
    assert {row["note"] for row in rows} == {'\'=HYPERLINK("x") sore heel  [2J'}  # a formula is not run
    assert {(row["plan_phase"], row["plan_week"]) for row in rows} == {("Build", "2")}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)")
@pytest.mark.usefixtures("qapp")
def test_the_weeks_pdf_shows_each_check_in_and_the_note(tmp_path, capsys):
    seed()
    target = tmp_path / "week.pdf"
    out_of(capsys, "export", str(target), "--week", WEEK)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    # runs of spaces made one, and the font's ligatures ("ﬀ") their letters
    lines = [" ".join(unicodedata.normalize("NFKC", line).split()) for line in text.splitlines()]
    at = lines.index("How each exercise felt (effort, pain during it 0–10), and notes")
    assert lines[at + 1 : at + 4] == [
        "Tue 17 Nov 08:00 Roll each foot on a lacrosse ball: about right, pain 2",
        "Tue 17 Nov 08:00 Heel raises with a lacrosse ball: hard",
        'Tue 17 Nov 08:00 Note: =HYPERLINK("x") sore heel [2J',
    ]
