"""The routine being edited, without a window: drafts of steps, the changes the
editor makes to them, what is unsaved, every problem at once, and the routine
a save writes (read back with footdesk's own loader)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from footdesk.draft import (
    Problem,
    RoutineDraft,
    StepDraft,
    StepKind,
    drafted_routine,
    instruction_lines,
    problem_text,
    step_draft,
)
from footdesk.library import RoutineLibrary, routine_toml
from footdesk.routine import (
    MAX_STEPS,
    Routine,
    RoutineError,
    Side,
    Timing,
    load_default_routine,
    parse_routine,
)
from tests.test_programmes import PROGRAMME


@pytest.fixture
def library(tmp_path) -> RoutineLibrary:
    return RoutineLibrary(tmp_path / "routines", load_default_routine())


def programme() -> RoutineDraft:
    return RoutineDraft(parse_routine(PROGRAMME))


def titles(draft: RoutineDraft) -> list[str]:
    return [step.title for step in draft.steps]


@pytest.mark.parametrize("routine", [load_default_routine(), parse_routine(PROGRAMME)], ids=["built-in", "programme"])
def test_a_routine_shown_in_the_editor_and_saved_unchanged_is_the_same(routine):
    drafts = [step_draft(step) for step in routine.steps]
    assert drafted_routine(routine, routine.title, drafts) == routine


def test_the_programme_made_in_the_form_reads_back_as_written():
    new = Routine(id="knee", title="", steps=())
    drafts = [
        StepDraft(title="Calf stretch", kind=StepKind.PER_SIDE, left=30, right=45, instructions=("Hold.",)),
        StepDraft(title="Wall squats", kind=StepKind.REPS, reps=10, up=2, down=3, sets=3, rest=20,
                  instructions=("Slide down.", "", "  Push up. ")),
        StepDraft(title="Stand tall", kind=StepKind.TIP, sets=3, rest=20, instructions=("All day.",), say="Tip."),
    ]  # fmt: skip
    routine = parse_routine(routine_toml(drafted_routine(new, " Knee programme ", drafts)))
    stretch, squats, tip = routine.steps
    assert routine.title == "Knee programme" and [s.id for s in routine.steps] == ["calf-stretch", "wall-squats",
                                                                                     "stand-tall"]  # fmt: skip
    assert stretch.timing is Timing.PER_SIDE and stretch.seconds_for(Side.LEFT) == 30
    assert stretch.seconds_for(Side.RIGHT) == 45
    assert (squats.reps, squats.tempo, squats.sets, squats.rest, squats.sides) == (10, (2, 3), 3, 20, ())
    assert squats.instructions == ("Slide down.", "Push up.")
    assert (tip.timing, tip.sets, tip.rest, tip.say) == (Timing.UNTIMED, 1, 0, "Tip.")
    assert [step_draft(step).kind for step in routine.steps] == [StepKind.PER_SIDE, StepKind.REPS, StepKind.TIP]


def test_new_steps_get_unique_ids_and_old_steps_keep_theirs():
    routine = parse_routine(PROGRAMME)
    drafts = [replace(step_draft(step), title="Squats") for step in routine.steps[:2]]
    drafts += [StepDraft(title="Squats", instructions=("x",)), StepDraft(title="Calf stretch", instructions=("x",))]
    edited = drafted_routine(routine, routine.title, drafts)
    assert [step.id for step in edited.steps] == ["calf-stretch", "squats", "squats-2", "calf-stretch-2"]
    assert [step.title for step in edited.steps] == ["Squats"] * 3 + ["Calf stretch"]


def test_what_the_editor_does_not_show_is_kept_while_it_fits():
    builtin = load_default_routine()
    roll = builtin.step("roll")
    heels = builtin.step("heel-raises")
    kept = drafted_routine(builtin, builtin.title, [step_draft(roll), replace(step_draft(heels), seconds=90)])
    assert kept.steps[0].guide == roll.guide and kept.steps[0].say_guide == roll.say_guide
    assert kept.steps[1].beat == heels.beat and kept.steps[1].say_start == heels.say_start
    assert kept.steps[1].seconds == 90
    shorter = replace(step_draft(roll), instructions=roll.instructions[:3])
    as_tip = replace(step_draft(heels), kind=StepKind.TIP)
    fitted = drafted_routine(builtin, builtin.title, [shorter, as_tip])
    assert fitted.steps[0].guide == () and fitted.steps[0].say_guide == () and fitted.steps[0].setup == 1
    assert fitted.steps[1].beat == () and fitted.steps[1].say_start is None and fitted.steps[1].seconds is None
    parse_routine(routine_toml(fitted))  # still a routine footdesk can read


def test_same_seconds_on_both_sides_is_one_number_and_rest_needs_two_sets():
    drafts = [StepDraft(title="Roll", kind=StepKind.PER_SIDE, left=40, right=40, rest=30, instructions=("x",))]
    (step,) = drafted_routine(Routine("r", "R", ()), "R", drafts).steps
    assert (step.seconds, step.side_seconds, step.sides, step.rest) == (40, (), (Side.LEFT, Side.RIGHT), 0)
    each = [StepDraft(title="Lunges", kind=StepKind.REPS, reps_each_side=True, instructions=("{side} leg",))]
    (lunges,) = parse_routine(routine_toml(drafted_routine(Routine("r", "R", ()), "R", each))).steps
    assert lunges.timing is Timing.PER_SIDE and lunges.reps == 10 and step_draft(lunges).reps_each_side


def test_a_problem_names_the_step_by_number_and_title(library):
    drafts = [StepDraft(title="Calf stretch", instructions=("Hold.",)), StepDraft(title="Wall squats")]
    routine = drafted_routine(Routine("knee", "Knee", ()), "Knee", drafts)
    with pytest.raises(RoutineError) as caught:
        library.save(routine)
    assert (
        problem_text(caught.value, routine) == "Step 2 (Wall squats): it needs at least one instruction (one per line)"
    )
    sided = drafted_routine(routine, "Knee", [StepDraft(title="Lunge", instructions=("{side} leg forward",))])
    with pytest.raises(RoutineError) as caught:
        library.save(sided)
    assert problem_text(caught.value, sided).startswith("Step 1 (Lunge): instruction '{side} leg forward' uses {side}")
    assert not library.folder.exists() or not list(library.folder.iterdir())
    untitled = replace(routine, title="", steps=routine.steps[:1])
    with pytest.raises(RoutineError) as caught:
        library.save(untitled)
    assert problem_text(caught.value, untitled) == "The routine needs a title"


def test_steps_are_added_moved_duplicated_and_removed():
    draft = programme()
    assert titles(draft) == ["Calf stretch on a step", "Wall squats", "Keep your back straight"]
    assert draft.add(0) == 1 and titles(draft)[1] == "" and draft.steps[1] == StepDraft()
    assert draft.add(-1) == 4 and len(draft.steps) == 5  # nothing chosen: at the end
    assert draft.remove(4) == 3 and draft.remove(1) == 1
    assert draft.move(0, 1) == 1 and titles(draft)[:2] == ["Wall squats", "Calf stretch on a step"]
    assert draft.move(0, -1) == 0 and draft.move(2, 1) == 2  # at an end: stays
    assert draft.duplicate(0) == 1 and titles(draft)[:2] == ["Wall squats", "Wall squats"]
    assert draft.steps[1].step_id is None and draft.steps[0].step_id == "squats"
    saved = parse_routine(routine_toml(draft.routine()))
    assert [step.id for step in saved.steps] == ["squats", "wall-squats", "calf-stretch", "posture"]
    for _ in range(3):
        draft.remove(0)
    assert len(draft.steps) == 1 and not draft.can_remove(0) and draft.remove(0) == 0 and len(draft.steps) == 1


def test_a_full_routine_takes_no_more_steps():
    draft = RoutineDraft(Routine("r", "R", ()), [StepDraft(title=str(n)) for n in range(MAX_STEPS)])
    assert not draft.can_add
    assert draft.add(3) == 3 and draft.duplicate(3) == 3 and len(draft.steps) == MAX_STEPS


def test_a_field_changed_is_unsaved_until_it_is_changed_back():
    draft = programme()
    assert not draft.dirty
    draft.change(1, sets=4)
    assert draft.dirty and draft.steps[1].sets == 4 and draft.routine().steps[1].sets == 4
    draft.change(1, sets=3)
    assert not draft.dirty
    draft.title = "Knees"
    assert draft.dirty
    draft.title = parse_routine(PROGRAMME).title
    draft.move(0, 1)
    assert draft.dirty
    with pytest.raises(TypeError):
        draft.change(0, minutes=3)  # no such field: a mistake in the caller, loudly


def test_a_rename_saved_on_its_own_leaves_the_other_changes_unsaved():
    draft = programme()
    draft.change(0, title="Calves")
    draft.renamed("Knees, week 2")
    assert draft.title == "Knees, week 2" and draft.original.title == "Knees, week 2"
    assert draft.dirty
    draft.change(0, title="Calf stretch on a step")
    assert not draft.dirty
    assert RoutineDraft(draft.original).routine().title == "Knees, week 2"


def test_a_new_routine_with_nothing_typed_is_no_change_and_takes_its_id_when_saved():
    draft = RoutineDraft.blank()
    assert draft.new and not draft.dirty and draft.steps == (StepDraft(),)
    draft.title = "Hips"
    draft.change(0, title="Bridge", instructions=("Lift.",))
    assert draft.dirty and draft.problems() == []
    assert draft.routine("hips").id == "hips" and draft.routine("hips").steps[0].id == "bridge"


def test_every_problem_is_given_at_once_with_its_step_and_field():
    draft = RoutineDraft.blank()
    draft.add(0)
    draft.change(1, title="Lunge", kind=StepKind.TIMED, instructions=("{side} leg forward",))
    draft.add(1)
    draft.change(2, title="Squats", kind=StepKind.REPS, instructions=("Down.", "Up."))
    problems = draft.problems()
    assert [(p.step, p.key) for p in problems] == [(None, "title"), (0, "title"), (1, "instructions")]
    assert problems[0] == Problem("The routine needs a title", None, "title")
    assert problems[1].text == "Step 1: it needs a title"
    assert problems[2].text.startswith("Step 2 (Lunge): instruction '{side} leg forward' uses {side}")
    draft.title = "Knee"
    draft.change(0, title="Calf", instructions=("Hold.",))
    draft.change(1, kind=StepKind.PER_SIDE)
    assert draft.problems() == []


def test_what_only_the_whole_routine_breaks_is_found_once_each_step_is_right():
    twice = StepDraft(title="Roll", kind=StepKind.TIP, instructions=("x",), step_id="roll")
    draft = RoutineDraft(Routine("r", "R", ()), [twice, replace(twice, title="Roll again")])
    assert draft.problems() == [Problem("Step 2 (Roll again): the same id is used by two steps", 1, "id")]
    draft.change(1, title="")
    assert [p.text for p in draft.problems()] == ["Step 2: it needs a title"]  # the step's own problem first


def test_instructions_typed_one_per_line():
    assert instruction_lines("  Hold.\n\n Push up.  \n") == ("Hold.", "Push up.")


def test_a_steps_timing_is_shown_as_it_would_be_saved():
    draft = programme()
    assert draft.step(0).side_seconds and draft.step(1).reps == 10
    draft.change(0, kind=StepKind.TIP)
    assert not draft.step(0).timed


PICTURED = """
id = "calves"
title = "Calves"
[[steps]]
id = "calf"
title = "Calf stretch"
timing = "per-side"
seconds = 30
instructions = ["Toes up on the {side}", "Lean in", "Hold"]
guide = [2, 3]
say_guide = ["Now hold"]
picture = "calves.pictures/calf.png"
picture_alt = "A calf stretch against a wall"
mirror = true
picture_right = "calves.pictures/right.jpg"
picture_guide = ["calves.pictures/lean.svg", "calves.pictures/hold.svg"]
"""


def test_a_picture_its_alt_text_and_mirror_are_changes_like_the_other_fields():
    draft = RoutineDraft(parse_routine(PICTURED))
    shown = draft.steps[0]
    assert (shown.picture, shown.picture_alt, shown.mirror) == (
        "calves.pictures/calf.png", "A calf stretch against a wall", True,
    )  # fmt: skip
    assert parse_routine(routine_toml(draft.routine())) == draft.original  # shown and saved unchanged: the same
    draft.change(0, mirror=False)
    assert draft.dirty and not draft.routine().steps[0].mirror
    draft.change(0, mirror=True, picture_alt="  Leaning on a wall ")
    assert draft.routine().steps[0].picture_alt == "Leaning on a wall"
    draft.change(0, picture_alt="A calf stretch against a wall")
    assert not draft.dirty
    draft.change(0, picture="calves.pictures/other.webp")
    assert draft.dirty and draft.routine().steps[0].picture == "calves.pictures/other.webp"
    draft.change(0, picture_alt="x" * 501)
    assert [(p.step, p.key) for p in draft.problems()] == [(0, "picture_alt")]


def test_mirror_is_only_for_a_step_with_sides_and_a_picture():
    draft = RoutineDraft(Routine("r", "R", ()), [StepDraft(title="Squat", instructions=("Down.",))])
    draft.change(0, picture="r.pictures/squat.png", mirror=True)
    step = draft.routine().steps[0]
    assert step.picture == "r.pictures/squat.png" and not step.mirror  # a timed step has no right side to flip for
    assert draft.problems() == []
    draft.change(0, kind=StepKind.REPS, reps_each_side=True)
    assert draft.routine().steps[0].mirror
    draft.change(0, picture=None)
    assert not draft.routine().steps[0].mirror and draft.problems() == []


def test_pictures_the_form_does_not_show_are_kept_while_they_fit():
    draft = RoutineDraft(parse_routine(PICTURED))
    draft.change(0, picture=None, picture_alt="", mirror=False)
    kept = draft.routine().steps[0]
    assert kept.picture is None and kept.side_pictures and kept.guide_pictures
    assert kept.picture_alt is None  # the alt text typed away; the title is said
    draft.change(0, instructions=("Toes up on the {side}", "Lean in"))  # the second guide stage goes, and its picture
    assert draft.routine().steps[0].guide_pictures == ()
    draft.change(0, kind=StepKind.TIMED, instructions=("Lean in",))  # no sides: no picture per side
    removed = draft.routine().steps[0]
    assert removed.side_pictures == () and removed.picture_names == () and removed.picture_alt is None
    written = routine_toml(draft.routine())
    assert "picture" not in written and "mirror" not in written
    parse_routine(written)


def test_a_new_routine_keeps_the_id_its_first_picture_was_copied_under():
    draft = RoutineDraft.blank()
    assert draft.routine_id is None
    draft.take_id("routine")
    draft.take_id("another")  # once only
    draft.title = "Calf care"
    draft.change(0, title="Calf", instructions=("Hold.",), picture="routine.pictures/calf.png")
    assert draft.routine_id == "routine" and draft.routine("calf-care").id == "routine"
    assert draft.problems() == []
    opened = programme()
    opened.take_id("other")  # a routine that was saved has its id already
    assert opened.routine("other").id == "other" and opened.routine_id == opened.original.id
