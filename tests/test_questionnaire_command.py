"""``footdesk questionnaire``: the scores listed with their dates and the
change since the first, as JSON, an Oswestry score recorded from the
terminal; and the questionnaires' CSV and JSON exports read back."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore
from footdesk.questionnaires import Activity, Instrument, answered


def some_questionnaires() -> None:
    store = HistoryStore.open(paths.history_file()).store
    at = datetime(2026, 11, 2, 9, 0).astimezone().isoformat(timespec="milliseconds")
    store.add_questionnaire(answered(Instrument.RMDQ, date(2026, 11, 2), at, rmdq=[True] * 9 + [False] * 15))
    store.add_questionnaire(answered(Instrument.PSFS, date(2026, 11, 2), at,
                                     psfs=[Activity("=cmd|' /C calc'!A0", 4), Activity("Stairs", 5)]))  # fmt: skip
    later = datetime(2026, 11, 16, 9, 0).astimezone().isoformat(timespec="milliseconds")
    store.add_questionnaire(answered(Instrument.RMDQ, date(2026, 11, 16), later, rmdq=[True] * 5 + [False] * 19))
    store.close()


def test_the_list_says_each_score_with_its_date_and_change_since_the_first(capsys):
    some_questionnaires()
    assert main(["questionnaire", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["2026-11-02  Roland-Morris 9 of 24", "2026-11-02  PSFS 4.5 of 10",
                     "2026-11-16  Roland-Morris 5 of 24  · 4 lower than the first (better)"]  # fmt: skip


def test_json_carries_the_answers(capsys):
    some_questionnaires()
    assert main(["questionnaire", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["instrument"] for d in data] == ["rmdq", "psfs", "rmdq"]
    assert data[0]["answers"][:10] == [True] * 9 + [False] and data[0]["max_score"] == 24
    assert data[1]["activities"][1] == {"activity": "Stairs", "rating": 5} and data[1]["score"] == 4.5


def test_an_oswestry_score_is_recorded_with_its_date_and_a_wrong_one_refused(capsys):
    assert main(["questionnaire", "odi", "42", "--date", "2026-10-30"]) == 0
    assert "Oswestry 42 %" in capsys.readouterr().out
    for wrong in (["odi", "142"], ["odi", "x"], ["odi", "30", "--date", "30/10/2026"], ["rmdq"], ["odi"],
                  ["--date", "2026-10-30"]):  # fmt: skip
        assert main(["questionnaire", *wrong]) == 1
        assert "footdesk:" in capsys.readouterr().err
    store = HistoryStore.open_for_reading(paths.history_file())
    assert [(r.instrument, r.score, r.taken_on) for r in store.questionnaires()] == [
        (Instrument.ODI, 42.0, date(2026, 10, 30))]  # fmt: skip
    store.close()


def test_the_csv_export_writes_the_questionnaires_beside_the_sessions_formula_safe(tmp_path, capsys):
    some_questionnaires()
    target = tmp_path / "history.csv"
    assert main(["export", str(target)]) == 0
    assert "3 back questionnaires written to" in capsys.readouterr().out
    rows = list(csv.reader((tmp_path / "history-questionnaires.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["date", "instrument", "score", "max_score", "answered_at", "answers"]
    assert [row[:4] for row in rows[1:]] == [["2026-11-02", "rmdq", "9", "24"], ["2026-11-02", "psfs", "4.5", "10"],
                                            ["2026-11-16", "rmdq", "5", "24"]]  # fmt: skip
    assert rows[1][5].split() == ["Y"] * 9 + ["N"] * 15
    assert rows[2][5] == "'=cmd|' /C calc'!A0: 4; Stairs: 5"  # the spreadsheet reads it as text, never runs it


def test_the_json_export_reads_back(tmp_path):
    from footdesk.appmodel import build_model

    some_questionnaires()
    model = build_model()
    model.open_history_for_reading()
    assert model.questionnaires.export(tmp_path / "q.json") == 3
    model.close()
    data = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert [(d["taken_on"], d["score"]) for d in data] == [("2026-11-02", 9.0), ("2026-11-02", 4.5),
                                                          ("2026-11-16", 5.0)]  # fmt: skip


def test_a_backup_restored_on_a_new_laptop_carries_the_questionnaires(user_dirs, tmp_path, monkeypatch, capsys):
    from tests.test_backup import move_home

    some_questionnaires()
    assert main(["questionnaire", "odi", "40", "--date", "2026-11-01"]) == 0
    capsys.readouterr()
    assert main(["questionnaire", "--json"]) == 0
    before = capsys.readouterr().out
    target = tmp_path / "mine.footdesk-backup.zip"
    assert main(["backup", str(target)]) == 0
    move_home(user_dirs, tmp_path, monkeypatch, "new-laptop")
    assert main(["restore", str(target), "--yes"]) == 0
    capsys.readouterr()
    assert main(["questionnaire", "--json"]) == 0
    assert capsys.readouterr().out == before and len(json.loads(before)) == 4
