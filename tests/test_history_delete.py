"""Correcting the record from the terminal (issue 29): ``footdesk history
--delete ID`` leaves a session out of the review, the JSON, the CSV and the PDF
at once, keeps it, and ``--undelete ID`` brings it back exactly as it was."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.history import SCHEMA_VERSION
from tests.helpers.old_history import downgrade
from tests.helpers.three_routines import seed_three_routines


def out_of(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_a_deleted_session_leaves_everything_shown_and_comes_back(tmp_path, capsys):
    seed_three_routines()
    before = json.loads(out_of(capsys, "history", "--json"))
    (tuesday,) = [s for s in before if s["started_at"].startswith("2026-11-17")]  # calf care, stopped part-way
    week = out_of(capsys, "history", "--week", "2026-W47")
    assert "Tue 17 Nov  ◐ partly done" in week and "24 min of exercise" in week

    said = out_of(capsys, "history", "--delete", str(tuesday["id"]))
    assert said.startswith(f"Deleted session {tuesday['id']} (Tue 17 Nov 2026 07:00, Calf care, 1 min 37 s of "
                           "exercise, ◐ partly done)")  # fmt: skip
    assert f"footdesk history --undelete {tuesday['id']} brings it back" in said
    after = json.loads(out_of(capsys, "history", "--json"))
    assert after == [s for s in before if s["id"] != tuesday["id"]]
    week = out_of(capsys, "history", "--week", "2026-W47")
    assert "Tue 17 Nov  ✗ missed" in week and "22 min of exercise" in week  # 22:40, rounded down
    assert main(["export", str(tmp_path / "all.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows and str(tuesday["id"]) not in {row["session_id"] for row in rows}
    listed = out_of(capsys, "history", "--deleted")
    assert listed.startswith(f"session {tuesday['id']} (Tue 17 Nov 2026 07:00, Calf care,")

    said = out_of(capsys, "history", "--undelete", str(tuesday["id"]))
    assert said.startswith(f"Brought back session {tuesday['id']} (Tue 17 Nov 2026 07:00, Calf care,")
    assert json.loads(out_of(capsys, "history", "--json")) == before  # as it was, rating and steps
    assert out_of(capsys, "history", "--deleted").strip() == "No deleted sessions."


def test_the_pdf_follows_a_deletion(tmp_path, capsys, qapp):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing")
    seed_three_routines()
    sessions = json.loads(out_of(capsys, "history", "--json"))
    for session in sessions:
        if session["routine"] == "knee-rehab":
            out_of(capsys, "history", "--delete", str(session["id"]))
    target = tmp_path / "week.pdf"
    assert main(["export", str(target), "--week", "2026-W47"]) == 0
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Knee programme" not in text and "Calf care" in text
    assert text.count("\f") == 3  # the week's page, then the two routines left


def test_an_unknown_or_twice_deleted_session_is_one_line_and_changes_nothing(capsys):
    seed_three_routines()
    before = out_of(capsys, "history", "--json")
    assert main(["history", "--delete", "999"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: there is no session 999 to delete") and err.count("\n") == 1
    assert main(["history", "--undelete", "1"]) == 1
    assert "session 1 is not deleted" in capsys.readouterr().err
    out_of(capsys, "history", "--delete", "1")
    assert main(["history", "--delete", "1"]) == 1
    capsys.readouterr()
    out_of(capsys, "history", "--undelete", "1")
    assert out_of(capsys, "history", "--json") == before


def test_a_history_from_before_deletions_is_read_as_it_is_and_upgraded_by_a_delete(capsys):
    seed_three_routines()
    path = paths.history_file()
    downgrade(path, 2)  # as footdesk wrote it before this change
    before = json.loads(out_of(capsys, "history", "--json"))
    assert len(before) == 7 and out_of(capsys, "history", "--deleted").strip() == "No deleted sessions."
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2  # reading changes nothing
    out_of(capsys, "history", "--delete", str(before[0]["id"]))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert json.loads(out_of(capsys, "history", "--json")) == before[1:]


@pytest.mark.parametrize("number", ["99999999999999999999999999", "9223372036854775808", "abc", "٣"])
def test_an_id_no_session_can_have_is_one_line_not_a_traceback(number, capsys):
    seed_three_routines()
    assert main(["history", "--delete", number]) == 1
    err = capsys.readouterr().err
    assert "is not a session id" in err and "Traceback" not in err


def test_bringing_back_a_history_file_leaves_out_what_was_deleted_in_it(tmp_path, capsys):
    """A copy of the history (a backup, a file moved aside) in which the person
    had deleted a session: --restore brought the deleted session back as live."""
    import shutil

    seed_three_routines()
    sessions = json.loads(out_of(capsys, "history", "--json"))
    gone = sessions[0]
    out_of(capsys, "history", "--delete", str(gone["id"]))
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(paths.history_file(), copy)
    paths.history_file().unlink()
    said = out_of(capsys, "history", "--restore", str(copy))
    assert f"{len(sessions) - 1} sessions" in said
    kept = json.loads(out_of(capsys, "history", "--json"))
    assert [(s["routine"], s["started_at"]) for s in kept] == [
        (s["routine"], s["started_at"]) for s in sessions if s["id"] != gone["id"]
    ]
