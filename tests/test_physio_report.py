"""The report for the physiotherapist (``footdesk export FILE.pdf --report``)
read back with pdftotext as the physiotherapist would read it: each week's
days done of the days prescribed and the lower back's mean equal to the
review's (``model.trend``, the weeks the review's trend shows), the phase each
week ran in, how each exercise felt, the notes with their dates, the dose and
the plan, then the programme card; on A4 and on Letter; with no history."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from footdesk.cli import main
from footdesk.report import trend_pain_text
from footdesk.week import iso_week_of
from tests.helpers.physio_weeks import page_size, pdf_lines, seed_knee_weeks

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)"),
    pytest.mark.usefixtures("qapp"),  # the window's QApplication, before the export would make a QGuiApplication
]


def the_model():
    from footdesk.appmodel import build_model

    model = build_model()
    model.open_history_for_reading()
    return model


def test_the_reports_numbers_are_the_reviews_week_by_week(tmp_path, capsys):
    seeded = seed_knee_weeks()
    before, during = seeded.first_week - timedelta(weeks=20), seeded.first_week + timedelta(days=2)
    for score, day in ((46, before), (40, seeded.first_week), (31, during)):  # the first one before the report's weeks
        assert main(["questionnaire", "odi", str(score), "--date", day.isoformat()]) == 0
    capsys.readouterr()
    target = tmp_path / "report.pdf"
    assert main(["export", str(target), "--report", "--routine", "knee-care", "--paper", "a4"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"The report on Knee care (12 weeks, 11 sessions, A4) written to {target}"
    )
    lines = pdf_lines(target)
    model = the_model()
    try:
        points = model.trend(*iso_week_of(model.today()), routine="knee-care")  # what the review's trend shows
        goal = model.week(*iso_week_of(model.today()), routine="knee-care").goal_days  # and its goal
    finally:
        model.close()
    assert goal == 5 and len(points) == 12
    rows = {line.split(" ")[0]: line for line in lines if line[:4].isdigit() and "-W" in line[:8]}
    assert list(rows) == [point.label for point in points]
    for point in points:
        days = f"{point.days_done} of {goal}" if point.started else "–"
        assert rows[point.label].endswith(f" {days} {trend_pain_text(point)}"), rows[point.label]
    # the seeded weeks, counted by hand: twice a day makes a day done; the mean of each day's last rating
    first, second = iso_week_of(seeded.first_week), iso_week_of(seeded.first_week + timedelta(weeks=1))
    assert rows[f"{first[0]}-W{first[1]:02d}"].endswith("Start, week 1 2 of 5 4")
    assert rows[f"{second[0]}-W{second[1]:02d}"].endswith("Build, week 2 3 of 5 2")
    assert lines[:4] == [
        "Knee care — report for the physiotherapist",
        lines[1],
        "Dose: twice a day, 5 days a week",
        "Plan: Week 3 of 4 · Build",
    ]
    assert lines[1].startswith("12 weeks: ") and lines[1].endswith(f"made {model.today().day} {model.today():%b %Y}")
    assert "Wall sit 0 4 1 mean 2, 1 to 4 (5 answers)" in lines  # efforts easy / about right / hard, pains
    assert "Glute bridge 1 0 0 no answer" in lines
    assert "Also done in these weeks, not in this report: Calf care (2 sessions)." in lines
    scores = lines.index("Questionnaires: each score with its date and its change since the first")
    day = seeded.first_week
    assert lines[scores + 2 : scores + 5] == [  # after the headings; each change from a row shown: the first ever
        f"Oswestry {before.day} {before:%b %Y} 46 first",
        f"Oswestry {day.day} {day:%b %Y} 40 -6",
        f"Oswestry {during.day} {during:%b %Y} 31 -15",
    ], lines[scores : scores + 6]
    notes = [f"{day:%a} {day.day} {day:%b %Y} {text}" for day, text in seeded.notes]
    assert lines[lines.index("Notes the person wrote after a session") + 1 :][:2] == notes
    # the programme card as it runs now (the Build phase's numbers), after the weeks
    card = lines.index("Knee care — report for the physiotherapist — page 2")
    assert lines[card + 1 : card + 4] == ["Knee care", lines[card + 2], "1. Wall sit"]
    assert "3 × 0:45, 0:30 rest" in lines[card:]
    assert page_size(target) == "595 x 842 pts (A4)"


def test_with_no_history_a_letter_report_says_so_and_holds_the_programme(tmp_path, capsys):
    target = tmp_path / "report.pdf"
    assert main(["export", str(target), "--report", "--weeks", "3", "--paper", "letter"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"The report on Strong feet, happier back (3 weeks, 0 sessions, Letter) written to {target}"
    )
    lines = pdf_lines(target)
    text = " ".join(lines)
    assert "No sessions of Strong feet, happier back in these 3 weeks: the report holds the programme alone." in text
    assert "Dose: once a day, 7 days a week (the weekly goal in Settings)" in lines
    assert "No plan over weeks: the numbers are the routine's own." in lines
    assert "No check-ins after the exercises in these weeks." in lines
    assert "Notes the person wrote after a session" not in lines
    assert sum(1 for line in lines if line[:4].isdigit() and "-W" in line[:8]) == 3
    assert "1. Stand with the ball under your left (then right) foot." in text  # the built-in routine's card
    assert page_size(target) == "612 x 792 pts (letter)"


def test_weeks_before_a_routines_first_session_are_not_missed_ones(tmp_path, capsys):
    """Fresh eyes: a report on a routine first done last week said "0 of 7" for
    every week before, weeks in which it was not yet the person's to do."""
    seeded = seed_knee_weeks()  # Calf care is first done in the second of the two weeks
    target = tmp_path / "calf.pdf"
    assert main(["export", str(target), "--report", "--routine", "calf-care", "--paper", "a4"]) == 0
    capsys.readouterr()
    rows = [line for line in pdf_lines(target) if line[:4].isdigit() and "-W" in line[:8]]
    first_calf = iso_week_of(seeded.first_week + timedelta(weeks=1))
    label = f"{first_calf[0]}-W{first_calf[1]:02d}"
    before = [row for row in rows if row.split(" ")[0] < label]
    assert before and all(row.endswith(" – –") for row in before), before
    assert not any(row.split(" ")[0] >= label and row.endswith(" – –") for row in rows), rows


def test_the_weeks_pdf_says_where_in_the_plan_each_routines_week_ran(tmp_path, capsys):
    """Before: the review and the report showed the phase, the week's PDF did not."""
    seeded = seed_knee_weeks()
    second = iso_week_of(seeded.first_week + timedelta(weeks=1))
    target = tmp_path / "week.pdf"
    assert main(["export", str(target), "--week", f"{second[0]}-W{second[1]:02d}"]) == 0
    lines = pdf_lines(target)
    assert "Plan: Build, week 2" in lines  # the knee routine's page
    knee = lines[lines.index("Plan: Build, week 2") :]
    assert "Weekly goal: 5 days (twice a day); 3 done, not reached." in knee  # its dose, not the Settings' 7
    assert not any(line.startswith("Habits kept") for line in lines)  # neither routine has habits
    assert sum(line.startswith("Plan:") for line in lines) == 1  # Calf care has no plan: no line
    alone = tmp_path / "knee.pdf"
    first = iso_week_of(seeded.first_week)
    assert main(["export", str(alone), "--week", f"{first[0]}-W{first[1]:02d}", "--routine", "knee-care"]) == 0
    assert "Plan: Start, week 1" in pdf_lines(alone)
