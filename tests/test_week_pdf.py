"""The week's PDF read back as a physiotherapist would read it: a week of three
routines (two with per-side steps) written by ``footdesk export``, every part's
title whole on its row, each side in its own column, the numbers the review's."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from footdesk.cli import main
from footdesk.report import day_heading, run_row, totals_sentence
from tests.helpers.three_routines import NOW, seed_three_routines

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)"),
    pytest.mark.usefixtures("qapp"),  # the window's QApplication, before the export would make a QGuiApplication
]

MONDAY = date(2026, 11, 16)


def pages_of(path) -> list[list[str]]:
    """Each page's lines as pdftotext -layout lays them out, runs of spaces made one."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text.split("\f")
            if page.strip()]  # fmt: skip


def the_model():
    from footdesk.appmodel import Adapters, build_model

    model = build_model(Adapters(wall_clock=lambda: NOW))
    model.open_history_for_reading()
    return model


def expected_rows(model, routine: str) -> dict[tuple[str, str], list[str]]:
    """What the review lists for each timed part of ``routine`` (its step rows,
    a session a day here), as "done / planned" cells in the order of the days."""
    titles = model.shelf.step_titles()
    rows: dict[tuple[str, str], list[str]] = {}
    for session in model.week(2026, 47, routine=routine).sessions:
        for run in session.steps:
            if run.timed:
                row = run_row(run, routine, titles)
                rows.setdefault((row.step, row.side), []).append(f"{row.done} / {row.planned}")
    return rows


def test_a_week_of_three_routines_has_a_page_for_the_week_and_one_for_each(tmp_path, capsys):
    seed_three_routines()
    target = tmp_path / "week.pdf"
    assert main(["export", str(target), "--week", "2026-W47"]) == 0
    assert capsys.readouterr().out.strip() == f"Week 2026-W47 (7 sessions) written to {target}"
    pages = pages_of(target)
    assert len(pages) == 4
    days = " ".join(day_heading(MONDAY + timedelta(days=n)) for n in range(7))
    model = the_model()
    try:
        week, *alone = pages
        assert week[0] == "footdesk — Strong feet, happier back · Calf care · Knee programme"
        assert f"Side {days}" not in week and days in week  # a row per routine: no sides on the week's page
        assert (
            "Calf care 3:10 / 3:10 1:37 / 2:00 3:10 / 3:10" in week
        )  # Tuesday's was stopped (97.9 s: time done rounds down)
        assert totals_sentence(model.week(2026, 47)) in week
        for page, (routine, title) in zip(alone, [("foot-strength", "Strong feet, happier back"),
                                                  ("calf-care", "Calf care"), ("knee-rehab", "Knee programme")],
                                          strict=True):  # fmt: skip
            assert page[0] == f"footdesk — {title}"
            assert f"Side {days}" in page  # every day's heading whole, the sides a column of their own
            assert totals_sentence(model.week(2026, 47, routine=routine)) in page
            expected = expected_rows(model, routine)
            assert expected
            for (step, side), cells in expected.items():
                line = next(line for line in page if line.startswith(f"{step} {side}".strip() + " "))
                assert line.removeprefix(f"{step} {side}".strip()).split(" / ")[0].strip()  # a value follows
                assert " ".join(cells) in line, (line, cells)  # the review's numbers, in the days' order
    finally:
        model.close()
    calf = next(page for page in alone if page[0] == "footdesk — Calf care")
    assert "Roll each calf on a foam roller left 0:45 / 0:45 0:45 / 0:45 0:45 / 0:45" in calf
    assert "Calf stretch against the wall left 0:30 / 0:30 0:07 / 0:30 0:30 / 0:30" in calf


def test_export_routine_writes_that_routine_alone(tmp_path, capsys):
    seed_three_routines()
    target = tmp_path / "knee.pdf"
    assert main(["export", str(target), "--week", "2026-W47", "--routine", "knee-rehab"]) == 0
    assert capsys.readouterr().out.strip() == f"Week 2026-W47 of Knee programme (2 sessions) written to {target}"
    (page,) = pages_of(target)
    assert page[0] == "footdesk — Knee programme"
    assert "Single-leg squat to a chair right 0:50 / 0:50 0:50 / 0:50" in page
    assert not any("Calf" in line or "lacrosse" in line for line in page)
    assert "2 of 7 days done · 6 min of exercise" in page and "habits" not in " ".join(
        page
    )  # its untimed steps are tips


def test_export_routine_refuses_an_unknown_routine_and_a_csv(tmp_path, capsys):
    seed_three_routines()
    assert main(["export", str(tmp_path / "x.pdf"), "--routine", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: --routine: no routine 'nope'") and err.count("\n") == 1
    assert main(["export", str(tmp_path / "x.csv"), "--routine", "calf-care"]) == 1
    assert "--routine goes with a PDF" in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


def test_a_routine_of_many_steps_keeps_every_heading_whole(tmp_path, capsys):
    """A column a day, a row a part: twelve per-side steps still fit, and a
    table longer than a page goes on with its headings on the next one."""
    from datetime import UTC, datetime

    from footdesk import paths
    from footdesk.history import HistoryStore
    from footdesk.routine import load_routine
    from tests.helpers.three_routines import record

    steps = "".join(
        f'\n[[steps]]\nid = "s{n}"\ntitle = "Stretch number {n} with a long descriptive name"\ntiming = "per-side"\n'
        f'seconds = {10 + n}\ninstructions = ["Gently, {{side}} side."]\n'
        for n in range(1, 13)
    )
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    (folder / "long.toml").write_text(f'schema = 2\nid = "long"\ntitle = "Long"\n{steps}')
    store = HistoryStore.open(paths.history_file()).store
    record(store, load_routine(folder / "long.toml"), datetime(2026, 11, 17, 8, 0, tzinfo=UTC))
    store.close()
    target = tmp_path / "long.pdf"
    assert main(["export", str(target), "--week", "2026-W47"]) == 0
    pages = pages_of(target)
    with_rows = [" ".join(page) for page in pages if any(line.startswith("Stretch number") for line in page)]
    assert len(with_rows) > 1 and all("Side Mon 16 Nov Tue 17 Nov" in page for page in with_rows)
    raw = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    cells = " ".join(raw.split())  # cell by cell: a title wrapped in its cell reads whole
    for n in range(1, 13):
        for side in ("left", "right"):
            seconds = f"0:{10 + n}"
            assert f"Stretch number {n} with a long descriptive name {side} {seconds} / {seconds}" in cells


def test_a_routine_with_nothing_done_that_week_is_still_the_one_named_on_its_page(tmp_path, capsys):
    seed_three_routines()
    target = tmp_path / "calf.pdf"
    assert main(["export", str(target), "--week", "2026-W46", "--routine", "calf-care"]) == 0
    assert "of Calf care (0 sessions)" in capsys.readouterr().out
    (page,) = pages_of(target)
    assert page[0] == "footdesk — Calf care"  # not the routine chosen at home
