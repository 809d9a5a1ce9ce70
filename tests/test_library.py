"""The person's routines: a library of TOML files beside the built-in routine."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.appmodel import build_model
from footdesk.cli import main
from footdesk.library import (
    AlreadyThereError,
    Duplicate,
    LibraryError,
    RoutineChangedError,
    RoutineLibrary,
    id_from_title,
    routine_toml,
)
from footdesk.routine import load_default_routine, parse_routine
from tests.test_programmes import PROGRAMME


@pytest.fixture
def library(tmp_path) -> RoutineLibrary:
    return RoutineLibrary(tmp_path / "routines", load_default_routine())


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_built_in_routine_comes_first_and_cannot_be_changed_or_deleted(library):
    (builtin,) = library.entries()
    assert builtin.builtin and builtin.id == "foot-strength"
    with pytest.raises(LibraryError, match="cannot be changed"):
        library.save(builtin.routine)
    with pytest.raises(LibraryError, match="cannot be deleted"):
        library.delete("foot-strength")


def test_a_broken_file_is_listed_with_its_error_and_left_as_it_is(library):
    good = write(library.folder, "knee-rehab.toml", PROGRAMME)
    broken = write(
        library.folder, "typo.toml", PROGRAMME.replace("knee-rehab", "typo").replace("reps = 10", "reps = 0")
    )
    before = digest(broken)
    entries = library.entries()
    assert [entry.id for entry in entries] == ["foot-strength", "knee-rehab", "typo"]
    assert entries[1].usable and entries[1].path == good
    assert not entries[2].usable and "line" in str(entries[2].error) and "reps" in str(entries[2].error)
    assert digest(broken) == before


def test_saving_keeps_comments_and_own_keys(library):
    path = write(library.folder, "knee-rehab.toml", PROGRAMME)
    routine = library.get("knee-rehab")
    from dataclasses import replace

    library.save(replace(routine, title="Knee programme, week 2"))
    text = path.read_text()
    assert "# someone's own key: kept, not an error" in text and 'x-from = "my physiotherapist"' in text
    assert 'title = "Knee programme, week 2"' in text
    again = parse_routine(text)
    assert again.steps == routine.steps


def test_a_save_over_a_file_changed_since_it_was_opened_is_refused_unless_chosen(library):
    path = write(library.folder, "knee-rehab.toml", PROGRAMME)
    opened = library.entry("knee-rehab")
    edited = replace(opened.routine, title="Knees")
    assert library.save(edited, opened).kept is None  # unchanged since: saved
    opened = library.entry("knee-rehab")
    for by_hand, what in (
        (PROGRAMME.replace("Wall squats", "Squats"), "the step “Squats” was changed"),
        (PROGRAMME.replace('title = "Keep your back straight"', 'title = = "x"'), "it cannot be used now (line "),
        (PROGRAMME.replace('id = "knee-rehab"', 'id = "knees"'), "its id is 'knees' now"),
    ):
        path.write_text(by_hand, encoding="utf-8")
        with pytest.raises(RoutineChangedError) as raised:
            library.save(edited, opened)
        assert raised.value.path == path and what in raised.value.what and str(path) in str(raised.value)
        assert path.read_text(encoding="utf-8") == by_hand
    saved = library.save(edited, opened, replace_changes=True)
    assert saved.path == path and saved.kept.read_text(encoding="utf-8") == by_hand
    assert library.get("knee-rehab").title == "Knees"
    path.unlink()
    with pytest.raises(RoutineChangedError, match="the file is gone"):
        library.save(edited, opened)
    assert library.save(edited, opened, replace_changes=True).kept is None and path.exists()


def test_only_a_regular_file_is_ever_saved_over(library):
    path = write(library.folder, "knee-rehab.toml", PROGRAMME)
    opened = library.entry("knee-rehab")
    path.unlink()
    os.mkfifo(path)  # no writer: reading it would wait for ever
    with pytest.raises(LibraryError, match="not a file; nothing was read; nothing was saved"):
        library.save(replace(opened.routine, title="Knees"), opened, replace_changes=True)
    assert path.is_fifo()


def test_comments_added_by_hand_are_no_change_and_stay(library):
    path = write(library.folder, "knee-rehab.toml", PROGRAMME)
    opened = library.entry("knee-rehab")
    path.write_text("# my notes\n" + PROGRAMME.replace('title = "Wall squats"', 'title = "Wall squats"  # slow'))
    library.save(replace(opened.routine, title="Knees"), opened)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my notes\n") and 'title = "Wall squats"  # slow' in text
    assert "seconds = { left = 30, right = 45 }" in text  # unchanged values stay as written


def test_unchanged_values_stay_as_written_with_their_comments(library):
    path = write(library.folder, "knee-rehab.toml", PROGRAMME.replace('"Wall squats"', '"Wall squats"  # slow'))
    library.save(replace(library.get("knee-rehab"), title="Knees"))
    text = path.read_text(encoding="utf-8")
    assert 'title = "Wall squats"  # slow' in text and 'x-from = "my physiotherapist"   # someone' in text
    assert "seconds = { left = 30, right = 45 }" in text  # as written, not as footdesk would write it


def test_a_routine_is_saved_to_the_file_it_came_from_whatever_its_name(library):
    path = write(library.folder, "calf.toml", PROGRAMME.replace('id = "knee-rehab"', 'id = "calf-stretch"'))
    routine = library.get("calf-stretch")
    assert library.save(replace(routine, title="Calves")).path == path
    library.rename("calf-stretch", "Calves again")
    assert sorted(p.name for p in library.folder.iterdir()) == ["calf.toml"]
    assert library.get("calf-stretch").title == "Calves again"


def test_a_routine_written_out_reads_back_the_same():
    routine = parse_routine(PROGRAMME)
    assert parse_routine(routine_toml(routine)).steps == routine.steps
    builtin = load_default_routine()
    copy = parse_routine(routine_toml(builtin))
    assert [step.seconds for step in copy.steps] == [step.seconds for step in builtin.steps]


def test_duplicate_the_built_in_routine_then_rename_and_delete_with_undo(library):
    copy = library.duplicate("foot-strength")
    assert copy.id == "strong-feet-happier-back-copy" and copy.title.endswith("(copy)")
    library.rename(copy.id, "My feet")
    assert library.get(copy.id).title == "My feet"
    moved = library.delete(copy.id)
    assert [entry.id for entry in library.entries()] == ["foot-strength"] and moved.exists()
    library.undelete(moved)
    assert library.get(copy.id).title == "My feet"


def test_import_never_overwrites_and_asks_about_a_routine_already_there(library, tmp_path):
    """Issue 29 (10): importing the same file twice made a second "Knee programme" silently."""
    shared = write(tmp_path, "from-physio.toml", PROGRAMME)
    first = library.import_file(shared)
    assert first.id == "knee-rehab"
    with pytest.raises(AlreadyThereError) as refused:
        library.import_file(shared)
    assert refused.value.existing.id == "knee-rehab" and refused.value.same == "the same id"
    assert str(refused.value) == (
        f"{shared}: “Knee programme” is already in your routines (the same id, knee-rehab.toml); nothing was imported"
    )
    assert [entry.id for entry in library.entries()] == ["foot-strength", "knee-rehab"]

    both = library.import_file(shared, duplicate=Duplicate.AS_NEW)
    assert (both.id, both.title) == ("knee-programme-2", "Knee programme (2)")
    assert "x-from" in both.path.read_text() and 'id = "knee-programme-2"' in both.path.read_text()
    third = library.import_file(shared, duplicate=Duplicate.AS_NEW)
    assert third.title == "Knee programme (3)"
    assert digest(shared) == hashlib.sha256(PROGRAMME.encode()).hexdigest()


def test_the_same_steps_or_title_under_another_id_is_the_same_routine(library, tmp_path):
    library.import_file(write(tmp_path, "a.toml", PROGRAMME))
    renamed = write(tmp_path, "b.toml", PROGRAMME.replace('id = "knee-rehab"', 'id = "knees"'))
    with pytest.raises(AlreadyThereError, match="the same steps"):
        library.import_file(renamed)
    retitled = PROGRAMME.replace('id = "knee-rehab"', 'id = "other"').replace("Knee programme", "KNEE PROGRAMME")
    other = write(tmp_path, "c.toml", retitled.replace("left = 30", "left = 35", 1))
    assert parse_routine(other.read_text()).steps != parse_routine(PROGRAMME).steps
    with pytest.raises(AlreadyThereError, match="the same title"):
        library.import_file(other)


@pytest.mark.parametrize(
    "looks_alike", ["Kn\\u200bee programme", "Knee\\u00a0 programme", "\\u200eKnee programme\\u2060"]
)
def test_a_title_that_only_looks_the_same_is_the_same_title(library, tmp_path, looks_alike):
    """Before: a zero-width space or a direction mark made a second "Knee
    programme", side by side with the first, nothing to tell them apart."""
    library.import_file(write(tmp_path, "a.toml", PROGRAMME))
    retitled = PROGRAMME.replace('id = "knee-rehab"', 'id = "other"').replace("Knee programme", looks_alike)
    other = write(tmp_path, "c.toml", retitled.replace("left = 30", "left = 35", 1))
    with pytest.raises(AlreadyThereError, match="the same title"):
        library.import_file(other)
    kept = library.import_file(other, duplicate=Duplicate.AS_NEW)
    assert kept.title.endswith(" (2)")


def test_replace_keeps_the_id_and_a_copy_of_the_file_it_replaced(library, tmp_path):
    library.import_file(write(tmp_path, "a.toml", PROGRAMME))
    newer = PROGRAMME.replace('id = "knee-rehab"', 'id = "knees"').replace("left = 30", "left = 40", 1)
    entry = library.import_file(write(tmp_path, "b.toml", newer), duplicate=Duplicate.REPLACE)
    assert entry.id == "knee-rehab" and entry.path == library.folder / "knee-rehab.toml"
    assert [e.id for e in library.entries()] == ["foot-strength", "knee-rehab"]
    assert 'id = "knee-rehab"' in entry.path.read_text() and "left = 40" in entry.path.read_text()
    (kept,) = [p for p in library.folder.iterdir() if p.name.startswith("knee-rehab.toml.")]
    assert kept.read_text() == PROGRAMME
    builtin_copy = write(tmp_path, "builtin.toml", PROGRAMME.replace('id = "knee-rehab"', 'id = "foot-strength"'))
    with pytest.raises(LibraryError, match="the built-in routine cannot be replaced"):
        library.import_file(builtin_copy, duplicate=Duplicate.REPLACE)


def test_an_undo_that_would_duplicate_a_routine_imported_since_is_refused(library, tmp_path):
    shared = write(tmp_path, "calf.toml", PROGRAMME)
    library.import_file(shared)
    moved = library.delete("knee-rehab")
    assert library.can_undelete(moved)
    library.import_file(shared)  # the same routine again
    assert not library.can_undelete(moved)
    with pytest.raises(AlreadyThereError):
        library.undelete(moved)
    assert moved.exists() and [e.id for e in library.entries()] == ["foot-strength", "knee-rehab"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("huge.toml", "# x\n" * 100_000, "too large"),
        ("junk.toml", "\x00\x01\x02binary", "not a text file"),
        ("empty.toml", "", "empty"),
        ("dup.toml", PROGRAMME.replace("knee-rehab", "foot-strength"), "already used by the built-in routine"),
        ("many.toml", PROGRAMME.split("[[steps]]")[0].replace("knee-rehab", "many") + "".join(
            f'[[steps]]\nid = "s{n}"\ntitle = "S"\ntiming = "untimed"\ninstructions = ["x"]\n' for n in range(101)
        ), "at most 100"),
    ],
)  # fmt: skip
def test_bad_files_in_the_library_are_listed_not_fatal(library, name, content, message):
    path = write(library.folder, name, content)
    before = digest(path)
    entry = library.entries()[-1]
    assert not entry.usable and message in str(entry.error)
    assert digest(path) == before


def test_routine_commands_list_check_import_and_export(tmp_path, capsys):
    shared = write(tmp_path, "physio.toml", PROGRAMME)
    assert main(["routine", "check", str(shared)]) == 0
    assert "ok — 'Knee programme'" in capsys.readouterr().out
    assert main(["routine", "import", str(shared)]) == 0
    assert "as knee-rehab" in capsys.readouterr().out
    assert (paths.routines_dir() / "knee-rehab.toml").read_text() == PROGRAMME
    assert main(["routine", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("foot-strength  Strong feet") and listed[1].startswith("knee-rehab  Knee programme")
    out = tmp_path / "out.toml"
    assert main(["routine", "export", "knee-rehab", str(out)]) == 0
    assert out.read_text() == PROGRAMME
    assert main(["routine", "export", "knee-rehab", str(out)]) == 1
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["routine", "export", "foot-strength", str(out), "--force"]) == 0
    assert parse_routine(out.read_text()).id == "foot-strength"


def test_ten_broken_files_give_ten_one_line_errors_and_none_is_changed(tmp_path, capsys):
    broken = {
        "empty.toml": "",
        "binary.toml": "\x00\xff",
        "not-toml.toml": "id = [",
        "no-steps.toml": 'schema = 2\nid = "a"\ntitle = "A"\n',
        "bad-id.toml": PROGRAMME.replace('id = "knee-rehab"', 'id = "../x"'),
        "zero.toml": PROGRAMME.replace("reps = 10", "reps = 0"),
        "ten-hours.toml": PROGRAMME.replace("left = 30", "left = 36000"),
        "typo.toml": PROGRAMME.replace("tempo =", "tmepo ="),
        "dup-steps.toml": PROGRAMME.replace('id = "posture"', 'id = "squats"'),
        "old-schema.toml": PROGRAMME.replace("schema = 2", "schema = 1"),
    }
    for name, text in broken.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8", "surrogateescape") if "\xff" not in text else b"\x00\xff")
        before = digest(path)
        assert main(["routine", "check", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"footdesk: {path}") and err.count("\n") == 1, err
        assert digest(path) == before


def test_the_readme_example_is_a_routine_that_loads():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = readme.split("## Your own routines", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    routine = parse_routine(example, "README.md")
    assert [step.id for step in routine.steps] == ["calf-stretch", "squats", "posture"]


# Editing in a form: the rules the routine editor relies on -------------------------


def test_ids_are_made_from_titles_and_never_repeat():
    assert id_from_title("Knee — week 2!", set(), "routine") == "knee-week-2"
    assert id_from_title("Wall squats", {"wall-squats"}, "step") == "wall-squats-2"
    assert id_from_title("Wall squats", {"wall-squats", "wall-squats-2"}, "step") == "wall-squats-3"
    assert id_from_title("Étirement du mollet", set(), "step") == "etirement-du-mollet"
    assert id_from_title("!!!", set(), "step") == "step" and id_from_title("", {"step"}, "step") == "step-2"


def test_the_model_renames_a_routine_and_tells_its_listeners(tmp_path):
    model = build_model()
    copy = model.shelf.duplicate("foot-strength")
    assert model.select_routine(copy.id)
    heard: list[object] = []
    listen = heard.append
    model.routines_changed.connect(listen)
    model.routine_changed.connect(lambda routine: heard.append(routine.title))
    model.shelf.rename(copy.id, "  My feet ")
    assert model.routine.title == "My feet" and model.library.get(copy.id).title == "My feet"
    assert heard == ["My feet", None]
    model.routines_changed.disconnect(listen)
    model.shelf.rename(copy.id, "Mine")
    assert heard == ["My feet", None, "Mine"]
