from __future__ import annotations

import os
import subprocess
import sys

import pytest

from footdesk import __version__
from footdesk.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"footdesk {__version__}"


def test_bad_usage_exits_2_with_a_message(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-such-flag"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --no-such-flag" in capsys.readouterr().err


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter, so the imports it makes are its own. It
    imports the installed footdesk, not the source tree in the current folder
    (which lacks footdesk.assets when footdesk is installed normally)."""
    env = dict(os.environ, PYTHONSAFEPATH="1")
    return subprocess.run(
        [sys.executable, "-c", code], env=env, check=False, capture_output=True, text=True, timeout=60
    )


def test_python_dash_m_and_no_qt_for_terminal_commands():
    code = (
        "import sys, runpy; sys.argv=['footdesk','--version']\n"
        "try:\n    runpy.run_module('footdesk', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "assert 'PySide6' not in sys.modules, 'Qt loaded for a terminal command'"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"footdesk {__version__}"


def test_the_core_never_imports_qt_or_pygame():
    code = (
        "import sys; import footdesk.routine, footdesk.session, footdesk.history, footdesk.paths, "
        "footdesk.cues, footdesk.files, footdesk.appstate, footdesk.timefmt, footdesk.settings, footdesk.report, "
        "footdesk.reminder, footdesk.platform.autostart, footdesk.platform.display, footdesk.platform.console; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pygame')]; "
        "assert not bad, bad"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_no_display_is_one_clear_line_and_exit_1(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: no graphical display found") and err.count("\n") == 1


def test_the_window_without_options_builds_no_parser_and_reads_as_the_parser_would(monkeypatch, capsys):
    """The menu starts ``footdesk`` with no options: the window goes on without
    building the command line's parser (5 ms of the first window), with what the
    parser makes of no arguments."""
    from footdesk import cli

    assert cli.WINDOW_WITHOUT_OPTIONS == vars(cli.build_parser().parse_args([]))

    def no_parser() -> None:
        raise AssertionError("the parser was built for a launch without options")

    monkeypatch.setattr(cli, "build_parser", no_parser)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([]) == 1  # on the window's way: no display here, said in one line
    assert capsys.readouterr().err.startswith("footdesk: no graphical display found")


# History commands ----------------------------------------------------------------


SEEDED_RUN_TIMES = ("2026-11-17T08:00:10.000+00:00", "2026-11-17T08:02:10.000+00:00")


def seed_history():
    from datetime import datetime, timedelta

    from footdesk import paths
    from footdesk.history import HistoryStore, StepRun

    store = HistoryStore.open(paths.history_file()).store
    start = datetime(2026, 11, 17, 8, 0).astimezone()
    session_id = store.begin_session("foot-strength", start)
    a, b = SEEDED_RUN_TIMES
    store.add_step_run(session_id, StepRun("barefoot", None, None, 0.0, "completed", a, a))
    store.add_step_run(session_id, StepRun("roll", "left", 120, 120.0, "completed", a, b))
    store.end_session(session_id, start + timedelta(minutes=3), True)
    store.set_pain(session_id, 4)
    store.close()


def test_history_for_a_week(capsys):
    seed_history()
    assert main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("footdesk — Week 2026-W47 (Mon 16 Nov – Sun 22 Nov 2026)")
    assert "Tue 17 Nov  ✓ done" in out and "2 min" in out and "1 habit kept" in out and "lower back 4/10" in out
    assert "Lower back (0 none – 10 worst): 4" in out


def test_history_json_is_the_documented_schema(capsys):
    import json

    seed_history()
    assert main(["history", "--json"]) == 0
    (session,) = json.loads(capsys.readouterr().out)
    assert set(session) == {"id", "routine", "started_at", "ended_at", "status", "pain", "steps", "check_ins", "note",
                            "plan_phase", "plan_week"}  # fmt: skip
    assert session["status"] == "completed" and session["pain"] == 4
    assert session["steps"][1] == {
        "step": "roll", "side": "left", "planned_s": 120, "actual_s": 120.0,
        "completed": True, "skipped": False, "started_at": SEEDED_RUN_TIMES[0], "ended_at": SEEDED_RUN_TIMES[1],
    }  # fmt: skip


def test_history_json_with_no_history_is_an_empty_list(capsys):
    assert main(["history", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_export_writes_one_row_per_step_run(tmp_path, capsys):
    import csv

    seed_history()
    target = tmp_path / "out.csv"
    assert main(["export", str(target)]) == 0
    assert "2 step runs from 1 session written to" in capsys.readouterr().out
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["step"], r["side"], r["planned_s"], r["completed"]) for r in rows] == [
        ("barefoot", "", "", "True"),
        ("roll", "left", "120", "True"),
    ]


def test_export_to_a_place_that_cannot_be_written_is_one_line(tmp_path, capsys):
    seed_history()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", str(blocker / "out.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: ") and "nothing was written" in err and err.count("\n") == 1


def test_a_damaged_history_is_one_line_and_left_as_it_is(capsys):
    from footdesk import paths

    path = paths.history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"junk" * 500)
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    assert "cannot be read" in err and "open footdesk to repair it" in err and "Traceback" not in err
    assert path.read_bytes() == b"junk" * 500


def test_a_bad_week_is_one_line():
    assert main(["history", "--week", "last week"]) == 1


def test_history_commands_do_not_load_qt():
    result = run_python(
        "import sys\nfrom footdesk.cli import main\nmain(['history', '--json'])\n"
        "assert 'PySide6' not in sys.modules and 'pygame' not in sys.modules"
    )
    assert result.returncode == 0, result.stderr


def test_history_json_for_one_week_has_that_weeks_sessions_only(capsys):
    import json
    from datetime import datetime, timedelta

    from footdesk import paths
    from footdesk.history import HistoryStore, StepRun

    seed_history()  # Tuesday 17 November 2026, in 2026-W47
    store = HistoryStore.open(paths.history_file()).store
    start = datetime(2026, 11, 24, 8, 0).astimezone()  # the week after
    session_id = store.begin_session("foot-strength", start)
    store.add_step_run(session_id, StepRun("roll", "left", 120, 60.0, "skipped", "a", "b"))
    store.end_session(session_id, start + timedelta(minutes=1), False)
    store.close()
    assert main(["history", "--json", "--week", "2026-W47"]) == 0
    assert [s["started_at"][:10] for s in json.loads(capsys.readouterr().out)] == ["2026-11-17"]
    assert main(["history", "--json", "--week", "2026-W48"]) == 0
    (later,) = json.loads(capsys.readouterr().out)
    assert later["status"] == "partial" and later["steps"][0]["actual_s"] == 60.0
    assert main(["history", "--json", "--week", "2026-W46"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_export_pdf_writes_that_weeks_page(tmp_path, capsys):
    import shutil

    seed_history()
    target = tmp_path / "week.pdf"
    assert main(["export", str(target), "--week", "2026-W47"]) == 0
    assert capsys.readouterr().out.strip() == f"Week 2026-W47 (1 session) written to {target}"
    assert target.read_bytes().startswith(b"%PDF")
    assert main(["export", str(target), "--week", "2026-W47"]) == 1  # it exists: only with --force
    assert "--force" in capsys.readouterr().err
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing (Debian: apt-get install poppler-utils)")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    assert "Week 2026-W47 (Mon 16 Nov – Sun 22 Nov 2026)" in text
    assert "Side Mon 16 Nov Tue 17 Nov Wed 18 Nov" in text  # a column a day
    assert "Roll each foot on a lacrosse ball left 2:00 / 2:00" in text  # planned as recorded: 120 s
    assert "Habits kept 1 Lower back 4 / 10" in text
    assert "1 of 7 days done · 2 min of exercise · 1 habit kept" in text


def test_export_pdf_without_history_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path / "week.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: no history yet") and err.count("\n") == 1
    assert not (tmp_path / "week.pdf").exists()


def test_a_history_moved_aside_is_named_and_brought_back_from_the_terminal(capsys):
    from footdesk import paths

    seed_history()
    history = paths.history_file()
    aside = history.with_name("history.sqlite3.damaged-20261120-090000")
    history.rename(aside)  # as footdesk moves a damaged file
    assert main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert f"An earlier history file was set aside on 20 Nov 2026: {aside}" in out
    assert "it holds 1 session (17 Nov 2026)" in out and f"footdesk history --restore {aside}" in out
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "[]" and str(aside) in captured.err  # the JSON stays JSON
    assert main(["history", "--restore", str(aside)]) == 0
    assert capsys.readouterr().out.startswith(f"Brought back 1 session from {aside}")
    assert main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert "Tue 17 Nov  ✓ done" in out and "set aside" not in out and aside.exists()
    assert main(["history", "--restore", str(aside)]) == 0  # again: nothing twice
    assert "Brought back 0 sessions" in capsys.readouterr().out and len(HistorySessions()) == 1


def HistorySessions():  # noqa: N802 - reads like the noun it returns
    from footdesk import paths
    from footdesk.history import HistoryStore

    reader = HistoryStore.open_for_reading(paths.history_file())
    try:
        return reader.sessions()
    finally:
        reader.close()


def test_leave_stops_the_note_and_an_unreadable_file_cannot_be_restored(capsys):
    from footdesk import paths

    seed_history()
    junk = paths.history_file().with_name("history.sqlite3.damaged-20261121-090000")
    junk.write_bytes(b"junk" * 100)
    assert main(["history"]) == 0
    assert "it cannot be read (" in capsys.readouterr().out
    assert main(["history", "--restore", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be read" in err and "Traceback" not in err
    assert main(["history", "--leave", str(junk)]) == 0
    assert "will not mention it again" in capsys.readouterr().out
    assert main(["history"]) == 0
    assert "set aside" not in capsys.readouterr().out and junk.exists()


def test_ctrl_c_in_a_command_is_quiet_and_exits_130(monkeypatch, capsys):
    from footdesk import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_command", interrupted)
    assert main(["history"]) == 130
    assert capsys.readouterr().err == ""


FIVE_MISTAKES = """schema = 2
id = "Bad Id"
title = "Five mistakes"

[[steps]]
id = "roll"
title = "Roll"
timing = "per-side"
seconds = 2
instructions = ["Roll your {side} foot."]

[[steps]]
id = "raise"
title = ""
timing = "timed"
seconds = 60
rest = 10
instructions = ["Up."]

[[steps]]
id = "tip"
title = "A tip"
timing = "untimed"
seconds = 30
instructions = ["Walk."]
"""


def test_routine_check_lists_a_terminals_worth_of_problems_then_how_many_more(tmp_path, capsys):
    """Before: 150 steps without instructions gave 151 lines."""
    step = '[[steps]]\nid = "s{n}"\ntitle = "Step {n}"\ntiming = "timed"\nseconds = 30\n'
    path = tmp_path / "long.toml"
    path.write_text('schema = 2\nid = "long"\ntitle = "Long"\n' + "".join(step.format(n=n) for n in range(150)))
    assert main(["routine", "check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 32 and "at most 100" in lines[0]
    assert lines[-2] == "footdesk: … and 121 more problems"
    assert lines[-1] == f"footdesk: {path}: 151 problems, the first 30 each on a line above; nothing was changed"


def test_routine_check_reports_every_mistake_at_once(tmp_path, capsys):
    """Issue 29, defect 14: five mistakes, one round, each with its file, line, step and key."""
    path = tmp_path / "mine.toml"
    path.write_text(FIVE_MISTAKES)
    assert main(["routine", "check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"footdesk: {path}, line 2: id must be lowercase letters, digits and dashes (64 at most), got 'Bad Id'",
        f"footdesk: {path}, line 9, step 'roll': seconds must be a whole number from 5 to 1800, got 2",
        f"footdesk: {path}, line 14, step 'raise': title must be a non-empty text, got ''",
        f"footdesk: {path}, line 17, step 'raise': rest is the pause between sets: it needs sets = 2 or more",
        f"footdesk: {path}, line 24, step 'tip': an untimed step has no 'seconds'",
        f"footdesk: {path}: 5 problems, each on a line above; nothing was changed",
    ]
    path.write_text(FIVE_MISTAKES.replace("x = [", "").replace('id = "Bad Id"', 'id = "fine"')
                    .replace("seconds = 2\n", "seconds = 20\n").replace('title = ""', 'title = "Raise"')
                    .replace("rest = 10\n", "").replace("seconds = 30\n", ""))  # fmt: skip
    assert main(["routine", "check", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: ok — 'Five mistakes' (fine)")


def test_routine_check_says_a_repeated_step_id_and_every_side_out_of_range(tmp_path, capsys):
    """Fresh eyes (issue 29): a repeated id behind another step's mistake was
    not said, and of a per-side map only the first side out of range was."""
    path = tmp_path / "mine.toml"
    path.write_text(FIVE_MISTAKES.replace("seconds = 2\n", "seconds = { left = 2, right = 99999 }\n")
                    .replace('id = "tip"', 'id = "roll"'))  # fmt: skip
    assert main(["routine", "check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert (f"footdesk: {path}, line 9, step 'roll': seconds must be a whole number from 5 to 1800 for each side, "
            "got left = 2, right = 99999") in lines  # fmt: skip
    assert f"footdesk: {path}, line 21, step 'roll': the same id is used by two steps" in lines
    assert lines.index(f"footdesk: {path}, line 21, step 'roll': the same id is used by two steps") < lines.index(
        f"footdesk: {path}, line 24, step 'roll': an untimed step has no 'seconds'"
    )


def test_routine_check_of_a_file_that_is_not_toml_is_one_line(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text(FIVE_MISTAKES + "x = [\n")
    assert main(["routine", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not valid TOML" in err and str(path) in err


def test_routine_import_refuses_a_routine_already_there_unless_replace_or_as_new(tmp_path, capsys):
    """Issue 29 (10): importing the same file twice made a second “Knee programme” without a word."""
    from footdesk import paths
    from footdesk.routine import load_routine
    from tests.test_programmes import PROGRAMME

    shared = tmp_path / "physio.toml"
    shared.write_text(PROGRAMME, encoding="utf-8")
    assert main(["routine", "import", str(shared)]) == 0
    capsys.readouterr()
    assert main(["routine", "import", str(shared)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "“Knee programme” is already in your routines" in err
    assert "nothing was imported" in err and "--replace" in err and "--as-new" in err
    assert sorted(p.name for p in paths.routines_dir().glob("*.toml")) == ["knee-rehab.toml"]

    assert main(["routine", "import", "--as-new", str(shared)]) == 0
    assert "Imported 'Knee programme (2)' as knee-programme-2" in capsys.readouterr().out
    assert load_routine(paths.routines_dir() / "knee-programme-2.toml").title == "Knee programme (2)"

    shared.write_text(PROGRAMME.replace("left = 30", "left = 40"), encoding="utf-8")
    assert main(["routine", "import", "--replace", str(shared)]) == 0
    assert "as knee-rehab" in capsys.readouterr().out
    replaced = load_routine(paths.routines_dir() / "knee-rehab.toml")
    assert replaced.steps[0].side_seconds[0][1] == 40
    assert len(list(paths.routines_dir().glob("*.toml"))) == 2
    with pytest.raises(SystemExit) as usage:  # one or the other
        main(["routine", "import", "--replace", "--as-new", str(shared)])
    assert usage.value.code == 2


def test_a_reader_that_stops_reading_ends_the_command_quietly(monkeypatch, capsys):
    """`footdesk history | head -1` printed a BrokenPipeError traceback: the
    reader is gone, so footdesk stops, with no traceback."""
    seed_history()

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["history", "--week", "2026-W47"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_an_export_of_a_kind_footdesk_does_not_write_names_every_kind_it_does(tmp_path, capsys):
    assert main(["export", str(tmp_path / "week.json")]) == 1
    err = capsys.readouterr().err
    assert "FILE.csv" in err and "FILE.pdf" in err and "FILE.ics" in err and not (tmp_path / "week.json").exists()
