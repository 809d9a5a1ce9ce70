"""``footdesk questionnaire``: the scores listed with their dates and the
change since the first, as JSON, an Oswestry score recorded from the
terminal; and the questionnaires' CSV and JSON exports read back."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

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
    assert lines == ["1  2026-11-02  Roland-Morris 9 of 24", "2  2026-11-02  PSFS 4.5 of 10",
                     "3  2026-11-16  Roland-Morris 5 of 24  · 4 lower than the first (better)"]  # fmt: skip


def test_json_carries_the_answers(capsys):
    some_questionnaires()
    assert main(["questionnaire", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["instrument"] for d in data] == ["rmdq", "psfs", "rmdq"]
    assert data[0]["answers"][:10] == [True] * 9 + [False] and data[0]["max_score"] == 24
    assert data[1]["activities"][1] == {"activity": "Stairs", "rating": 5} and data[1]["score"] == 4.5


def test_an_oswestry_score_is_recorded_with_its_date_and_a_wrong_one_refused(capsys):
    given = date.today() - timedelta(days=38)  # a date the three-year rule will never age out
    assert main(["questionnaire", "odi", "42", "--date", given.isoformat()]) == 0
    assert "Oswestry 42 %" in capsys.readouterr().out
    for wrong in (["odi", "142"], ["odi", "x"], ["odi", "30", "--date", "30/10/2026"], ["rmdq"], ["odi"],
                  ["--date", given.isoformat()]):  # fmt: skip
        assert main(["questionnaire", *wrong]) == 1
        assert "footdesk:" in capsys.readouterr().err
    store = HistoryStore.open_for_reading(paths.history_file())
    assert [(r.instrument, r.score, r.taken_on) for r in store.questionnaires()] == [
        (Instrument.ODI, 42.0, given)]  # fmt: skip
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
    assert main(["questionnaire", "odi", "40", "--date", (date.today() - timedelta(days=36)).isoformat()]) == 0
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


def test_an_oswestry_score_is_plain_decimal_digits_and_its_date_within_three_years(capsys):
    from datetime import timedelta

    today = date.today()
    for wrong in (["1e2"], ["1_0"], ["99.99999999999999999"], ["٣٤"], ["42.123"], ["+42"], [" 42"], ["1000"],
                  ["nan"], ["100.01"], ["50", "--date", "0001-01-01"], ["50", "--date", "1900-01-01"],
                  ["50", "--date", (today - timedelta(days=3 * 366 + 1)).isoformat()],
                  ["50", "--date", (today + timedelta(days=1)).isoformat()],
                  ["50", "--date", "２０２６-11-30"]):  # fmt: skip
        assert main(["questionnaire", "odi", *wrong]) == 1, wrong
        assert "nothing was recorded" in capsys.readouterr().err
    oldest = (today - timedelta(days=3 * 366)).isoformat()
    assert main(["questionnaire", "odi", "42.5", "--date", oldest]) == 0
    assert main(["questionnaire", "odi", "100"]) == 0
    assert main(["questionnaire", "odi", "0.5"]) == 0
    store = HistoryStore.open_for_reading(paths.history_file())
    assert sorted((r.score, r.taken_on.isoformat()) for r in store.questionnaires()) == [
        (0.5, today.isoformat()), (42.5, oldest), (100.0, today.isoformat())]  # fmt: skip
    store.close()


def test_a_wrong_score_is_deleted_after_asking_kept_and_brought_back(capsys, monkeypatch):
    import io

    first, second = date.today() - timedelta(days=7), date.today() - timedelta(days=6)  # never a date that ages out
    assert main(["questionnaire", "odi", "50", "--date", first.isoformat()]) == 0
    assert main(["questionnaire", "odi", "40", "--date", second.isoformat()]) == 0
    capsys.readouterr()
    assert main(["questionnaire", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        f"1  {first}  Oswestry 50 %",
        f"2  {second}  Oswestry 40 %  · 10 lower than the first (better)",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # no terminal: refused without --yes
    assert main(["questionnaire", "--delete", "1"]) == 1
    assert "confirm with --yes" in capsys.readouterr().err

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["questionnaire", "--delete", "1"]) == 1
    assert "Not deleted" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["questionnaire", "--delete", "1"]) == 0
    out = capsys.readouterr().out
    assert f"Delete score 1 (Oswestry 50 % on {first})? [y/N]" in out and "--undelete 1" in out
    assert main(["questionnaire", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"2  {second}  Oswestry 40 %"]  # the first is now 40
    for wrong in (["--delete", "1", "--yes"], ["--delete", "7", "--yes"], ["--delete", "x"], ["--undelete", "2"],
                  ["--delete", "2", "--list"], ["--delete", "2", "--undelete", "1"], ["--list", "--yes"]):  # fmt: skip
        assert main(["questionnaire", *wrong]) == 1, wrong
        assert "footdesk:" in capsys.readouterr().err
    assert main(["questionnaire", "--undelete", "1"]) == 0
    assert "Brought back score 1" in capsys.readouterr().out
    assert main(["questionnaire", "--delete", "2", "--yes"]) == 0
    capsys.readouterr()
    assert main(["questionnaire", "--json"]) == 0
    assert [d["score"] for d in json.loads(capsys.readouterr().out)] == [50.0]
