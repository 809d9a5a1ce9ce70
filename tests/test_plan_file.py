"""A routine's dose and plan written back (``routine_toml``): the same
routine read back, the person's comments, x- keys and way of writing kept,
and carried by the library's duplicate, import and export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.appmodel import build_model
from footdesk.cli import main
from footdesk.library import RoutineLibrary, routine_toml
from footdesk.routine import Dose, Growth, PhaseNumbers, Plan, PlanPhase, Quantity, load_default_routine, parse_routine

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "docs" / "examples" / "knee-four-weeks.toml").read_text(encoding="utf-8")
TODAY = date(2026, 12, 7)

KNEE_CARE = """\
schema = 3
id = "knee-care"
title = "Knee care"
x-from = "Dr Ames"   # her own key
[dose]
times_a_day = 2   # morning and evening
days_a_week = 5
[plan]
start = 2026-11-16   # the day we agreed
[[plan.phases]]
title = "Start"
weeks = 2
steps.wall-sit = { seconds = 30, sets = 2, rest = 30 }
[[plan.phases]]
title = "Build"  # harder
weeks = 2
steps.wall-sit = { seconds = 45, sets = 3, rest = 30, grow = { every_weeks = 1, seconds = 15, up_to = 90 } }
[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 30
instructions = ["Sit with your back against the wall."]
"""

SUB_TABLES = """\
schema = 3
id = "knee-care"
title = "Knee care"
[plan]
[[plan.phases]]
title = "Start"
weeks = 2
from_week = 1
[plan.phases.steps.wall-sit]
seconds = 30   # half a minute
sets = 2
rest = 30
[plan.phases.steps.squats]
reps = 8
[[plan.phases]]
title = "Build"
weeks = 3
from_week = 3
[plan.phases.steps.wall-sit]
seconds = 45
[plan.phases.steps.wall-sit.grow]
seconds = 15   # a quarter minute more
[plan.phases.steps.squats]
reps = 10
grow = { reps = 2, every_weeks = 2, up_to = 14 }
[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 30
instructions = ["Sit with your back against the wall."]
[[steps]]
id = "squats"
title = "Squats"
timing = "timed"
reps = 8
tempo = [2, 2]
instructions = ["Down.", "Up."]
"""


def read(text: str):
    return parse_routine(text, "<test>", today=TODAY)


@pytest.mark.parametrize("text", [KNEE_CARE, SUB_TABLES, EXAMPLE], ids=["dotted", "sub-tables", "example"])
def test_a_plan_written_out_reads_back_the_same(text):
    routine = read(text)
    assert read(routine_toml(routine)) == routine  # written afresh
    assert routine_toml(routine, text) == text  # written over its own file: not a character changed


def test_a_plan_written_afresh_uses_dotted_keys_under_each_phase():
    written = routine_toml(read(KNEE_CARE))
    assert "schema = 3" in written and "[dose]\ntimes_a_day = 2\ndays_a_week = 5" in written
    assert "[[plan.phases]]" in written and "steps.wall-sit = {seconds = 30, sets = 2, rest = 30}" in written
    assert "grow = {every_weeks = 1, seconds = 15, up_to = 90}" in written


def test_changed_numbers_keep_the_comments_and_the_way_they_were_written():
    routine = read(SUB_TABLES)
    start, build = routine.plan.phases
    wall, squats = build.numbers
    changed = replace(
        routine,
        plan=replace(
            routine.plan,
            phases=(
                replace(start, weeks=1),
                replace(build, numbers=(replace(wall, seconds=50, growth=replace(wall.growth, by=10)), squats)),
            ),
        ),
    )
    written = routine_toml(changed, SUB_TABLES)
    assert read(written) == changed
    assert "seconds = 50\n" in written and "seconds = 10   # a quarter minute more" in written
    assert "seconds = 30   # half a minute" in written
    assert "from_week = 2" in written  # kept true as the phase before got shorter
    assert "up_to" not in written.split("[plan.phases.steps.wall-sit.grow]")[1].split("[")[0]  # left out, as it was


def test_a_phase_renamed_added_and_removed_and_a_step_taken_out_of_a_phase():
    routine = read(KNEE_CARE)
    start, build = routine.plan.phases
    plan = Plan(
        (replace(start, title="Easy", numbers=()), build, PlanPhase("Keep", 1, (PhaseNumbers("wall-sit", sets=4),))),
        start=None,
    )
    changed = replace(routine, plan=plan)
    written = routine_toml(changed, KNEE_CARE)
    assert read(written) == changed
    assert 'x-from = "Dr Ames"   # her own key' in written and 'title = "Build"  # harder' in written
    assert "start" not in written and "steps.wall-sit = {sets = 4}" in written


def test_no_plan_and_no_dose_is_schema_2_again():
    routine = replace(read(KNEE_CARE), plan=None, dose=Dose())
    written = routine_toml(routine, KNEE_CARE)
    assert "schema = 2" in written and "[dose]" not in written and "plan" not in written
    assert read(written) == routine


def test_a_dose_alone_and_a_rule_that_grows_sets():
    routine = read(KNEE_CARE)
    grows = PhaseNumbers("wall-sit", sets=2, growth=Growth(Quantity.SETS, 1, 2, 4))
    changed = replace(routine, dose=Dose(times_a_day=3), plan=Plan((PlanPhase("All", 4, (grows,)),)))
    written = routine_toml(changed, KNEE_CARE)
    assert read(written) == changed
    assert "days_a_week" not in written and "times_a_day = 3   # morning and evening" in written


@pytest.fixture
def library(tmp_path) -> RoutineLibrary:
    return RoutineLibrary(tmp_path / "routines", load_default_routine(), today=lambda: TODAY)  # its plans dated for it


def test_duplicate_import_and_export_carry_the_plan(library, tmp_path):
    shared = tmp_path / "knee.toml"
    shared.write_text(EXAMPLE, encoding="utf-8")
    imported = library.import_file(shared)
    copy = library.duplicate(imported.id)
    original = parse_routine(EXAMPLE)
    for routine in (imported.routine, copy, library.entry(copy.id).routine):
        assert routine.plan == original.plan and routine.dose == original.dose
    out = tmp_path / "out.toml"
    library.export(copy.id, out)
    assert parse_routine(out.read_text()).plan == original.plan


def test_a_library_with_one_bad_plan_still_lists_and_runs_the_others(tmp_path, capsys):
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    (folder / "good.toml").write_text(EXAMPLE, encoding="utf-8")
    bad = EXAMPLE.replace('id = "knee-four-weeks"', 'id = "bad-plan"').replace(
        "weeks = 2\nsteps.calf", "weeks = 0\nsteps.calf", 1
    )
    (folder / "bad.toml").write_text(bad, encoding="utf-8")
    assert main(["routine", "list"]) == 0
    listed = capsys.readouterr().out
    assert "knee-four-weeks  Knee, four weeks" in listed
    assert "✗" in listed and "line 15" in listed and "weeks must be a whole number from 1 to 52, got 0" in listed
    assert (folder / "bad.toml").read_text(encoding="utf-8") == bad
    model = build_model()
    model.start("knee-four-weeks")
    assert model.session_active and model.routine.id == "knee-four-weeks"


def test_the_readme_shows_the_example_file_as_it_is_and_it_loads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A programme over weeks: dose and plan", 1)[1].split("\n### ", 1)[0]
    shown = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert shown == EXAMPLE
    assert "docs/examples/knee-four-weeks.toml" in section and "footdesk routine check" in section
    routine = parse_routine(EXAMPLE, "knee-four-weeks.toml")
    assert routine.schema == 3 and routine.plan.weeks == 4 and len(routine.plan.phases) == 2
    growth = routine.plan.phases[1].numbers_for("wall-squats").growth
    assert growth == Growth(Quantity.REPS, 2, 1, 12)
    assert [step.timing.value for step in routine.steps] == ["per-side", "timed", "untimed"]
