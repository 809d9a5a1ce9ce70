"""The person's routines: a library of TOML files beside the built-in routine."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.library import LibraryError, RoutineLibrary, routine_toml
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


def test_import_never_overwrites_and_finds_a_new_id(library, tmp_path):
    shared = write(tmp_path, "from-physio.toml", PROGRAMME)
    first = library.import_file(shared)
    second = library.import_file(shared)
    assert (first.id, second.id) == ("knee-rehab", "knee-rehab-2")
    assert "x-from" in second.path.read_text() and 'id = "knee-rehab-2"' in second.path.read_text()
    assert digest(shared) == hashlib.sha256(PROGRAMME.encode()).hexdigest()


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
