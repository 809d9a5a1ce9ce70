"""Correcting the record from the terminal (issue 29): ``footdesk history
--rate ID N|none`` and ``--mark-done ID STEP[:SIDE]`` change what the review,
the JSON, the CSV and the PDF show at once; what was there before is kept
(``--corrections``) and put back by the command each one names
(``--rate ID OLD``, ``--unmark-done``)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore
from footdesk.history.migrations import SCHEMA_VERSION
from footdesk.records import Outcome, StepRun, iso
from footdesk.routine import load_default_routine
from footdesk.session import build_phases
from tests.helpers.old_history import downgrade
from tests.helpers.three_routines import seed_three_routines


def out_of(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def refused(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err


def misused(capsys, *argv: str) -> str:
    """A command line that asks two things at once: refused as a usage error (exit 2), nothing done."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        main(list(argv))
    assert ended.value.code == 2
    return capsys.readouterr().err


def session_of(capsys, number: int) -> dict:
    return next(s for s in json.loads(out_of(capsys, "history", "--json")) if s["id"] == number)


def the_built_in_routine_with_a_skip(skipped: tuple[str, str | None]) -> int:
    """Wednesday 18 November 2026: every part of the built-in routine done but one, skipped after 4 s."""
    opened = HistoryStore.open(paths.history_file())
    store = opened.store
    start = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)
    session = store.begin_session("foot-strength", start)
    at = start
    for phase in build_phases(load_default_routine()):
        if phase.rest:
            continue
        key = (phase.step.id, phase.side.value if phase.side else None)
        planned = phase.seconds
        done = 4.0 if key == skipped else float(planned or 0)
        outcome = Outcome.SKIPPED if key == skipped else Outcome.COMPLETED
        end = at + timedelta(seconds=done + 1)
        store.add_step_run(session, StepRun(key[0], key[1], planned, done, outcome, iso(at), iso(end)))
        at = end
    store.end_session(session, at, completed=False)
    store.set_pain(session, 6)
    store.close()
    return session


def test_a_rating_changed_is_shown_everywhere_and_the_command_it_names_puts_it_back(capsys):
    seed_three_routines()
    before = json.loads(out_of(capsys, "history", "--json"))
    week = out_of(capsys, "history", "--week", "2026-W47")
    said = out_of(capsys, "history", "--rate", "3", "8")
    assert said.startswith("The lower-back rating of session 3 (Tue 17 Nov 2026 07:00, Calf care,")
    assert said.rstrip().endswith("is 8 of 10 now; it was 4 of 10, and that is kept. footdesk history --rate 3 4 "
                                  "puts it back.")  # fmt: skip
    assert session_of(capsys, 3)["pain"] == 8
    assert out_of(capsys, "history", "--week", "2026-W47") != week  # the back's line follows
    assert out_of(capsys, "history", "--rate", "3", "none").split("now;")[0].endswith("is no rating ")
    assert session_of(capsys, 3)["pain"] is None
    out_of(capsys, "history", "--rate", "3", "4")
    assert json.loads(out_of(capsys, "history", "--json")) == before
    assert out_of(capsys, "history", "--week", "2026-W47") == week
    listed = out_of(capsys, "history", "--corrections").splitlines()
    assert [line.split(": ", 1)[1].split(",")[0] for line in listed] == [
        "lower-back rating 4 of 10 → 8 of 10", "lower-back rating 8 of 10 → no rating",
        "lower-back rating no rating → 4 of 10",
    ]  # fmt: skip
    said = out_of(capsys, "history", "--rate", "3", "4")
    assert "is 4 of 10 already; nothing was changed" in said


def test_a_bad_rating_id_or_part_is_one_line_and_changes_nothing(capsys):
    seed_three_routines()
    before = out_of(capsys, "history", "--json")
    assert refused(capsys, "history", "--rate", "3", "11").startswith("footdesk: --rate: '11' is not a rating")
    assert "not a rating" in refused(capsys, "history", "--rate", "3", "-1")
    assert "not a session id" in refused(capsys, "history", "--rate", "x", "3")
    assert refused(capsys, "history", "--rate", "99", "3").startswith("footdesk: there is no session 99 to rate")
    assert "is not a part" in refused(capsys, "history", "--mark-done", "3", "stretch:up")
    assert refused(capsys, "history", "--mark-done", "3", "walk").startswith(
        "footdesk: session 3 has no Walk on your toes recorded"
    )
    assert "is completed already" in refused(capsys, "history", "--mark-done", "3", "roll:left")
    assert "was not marked done" in refused(capsys, "history", "--unmark-done", "3", "roll:left")
    assert "--delete and --rate: one at a time" in misused(capsys, "history", "--rate", "3", "2", "--delete", "3")
    assert "--delete and --json: one at a time" in misused(capsys, "history", "--json", "--delete", "3")
    assert "--restore and --week: one at a time" in misused(capsys, "history", "--restore", "x", "--week", "2026-W47")
    out_of(capsys, "history", "--delete", "3")
    assert "there is no session 3 to rate" in refused(capsys, "history", "--rate", "3", "2")  # deleted
    out_of(capsys, "history", "--undelete", "3")
    assert out_of(capsys, "history", "--json") == before
    assert out_of(capsys, "history", "--corrections").strip() == "No corrections."


def test_a_part_marked_done_later_completes_the_session_when_it_was_the_last_one_left(capsys):
    session = the_built_in_routine_with_a_skip(("roll", "right"))
    before = session_of(capsys, session)
    assert before["status"] == "partial"
    assert "Wed 18 Nov  ◐ partly done" in out_of(capsys, "history", "--week", "2026-W47")

    said = out_of(capsys, "history", "--mark-done", str(session), "roll:right")
    assert said.startswith(f"Marked Roll each foot on a lacrosse ball — right done in session {session} (Wed 18 Nov")
    assert "it was skipped after 0:04, and that is kept. The session counts as completed now." in said
    assert f"footdesk history --unmark-done {session} roll:right puts it back." in said
    after = session_of(capsys, session)
    right = next(run for run in after["steps"] if run["side"] == "right")
    assert after["status"] == "completed" and right["completed"] and not right["skipped"]
    assert right["actual_s"] == right["planned_s"] == 120
    assert "Wed 18 Nov  ✓ done" in out_of(capsys, "history", "--week", "2026-W47")
    rows = out_of(capsys, "export", "-").splitlines()
    assert any(",roll,right," in row and ",completed," in row for row in rows)

    said = out_of(capsys, "history", "--unmark-done", str(session), "roll:right")
    assert said.startswith("Put back: Roll each foot on a lacrosse ball — right in session")
    assert session_of(capsys, session) == before
    assert "Wed 18 Nov  ◐ partly done" in out_of(capsys, "history", "--week", "2026-W47")
    (line,) = out_of(capsys, "history", "--corrections").splitlines()
    assert "Roll each foot on a lacrosse ball — right marked done (was skipped after 0:04)" in line
    assert ", taken back " in line


def test_a_part_marked_done_while_others_were_never_reached_leaves_the_session_partly_done(capsys):
    seed_three_routines()
    said = out_of(capsys, "history", "--mark-done", "3", "stretch:left")
    assert "The session stays partly done: not every part of its routine is completed." in said
    session = session_of(capsys, 3)
    assert session["status"] == "partial" and session["steps"][-1]["completed"]
    assert session["steps"][-1]["actual_s"] == 30.0  # its planned time; the 7.5 s recorded are kept
    row = sqlite3.connect(paths.history_file()).execute("SELECT actual_before, outcome_before FROM corrections")
    assert row.fetchone() == (7.5, "stopped")


def test_the_pdf_follows_a_correction(tmp_path, capsys, qapp):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing")
    session = the_built_in_routine_with_a_skip(("heel-raises", None))
    target = tmp_path / "week.pdf"

    def page() -> str:
        assert main(["export", str(target), "--week", "2026-W47", "--force"]) == 0
        return subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip

    text = page()
    assert "0:04 / 1:00" in text and "6 / 10" in text
    out_of(capsys, "history", "--mark-done", str(session), "heel-raises")
    out_of(capsys, "history", "--rate", str(session), "2")
    text = page()
    assert "1:00 / 1:00" in text and "2 / 10" in text and "0:04 / 1:00" not in text


def test_a_history_from_before_corrections_is_upgraded_by_the_first_one(capsys):
    seed_three_routines()
    path = paths.history_file()
    downgrade(path, 3)  # as footdesk wrote it before this change
    assert out_of(capsys, "history", "--corrections").strip() == "No corrections."
    out_of(capsys, "history", "--rate", "3", "5")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "4 of 10 → 5 of 10" in out_of(capsys, "history", "--corrections")
