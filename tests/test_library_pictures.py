"""The library keeps a routine and its pictures together: every change to a
routine (import, replace, keep both, duplicate, rename, delete and its undo, a
save under another id) carries its ``<id>.pictures/`` folder with it, and an
import whose picture is missing or refused writes nothing at all."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.library import AlreadyThereError, Duplicate, LibraryError, RoutineLibrary
from footdesk.routine import load_default_routine, load_routine, parse_routine
from tests.faults.test_hostile_routines import footdesk, one_line_error
from tests.test_archive import SVG, config_snapshot, routine_text
from tests.test_pictures import encoded, gif, png_bomb

PHOTO = encoded("PNG")
OTHER_PHOTO = encoded("PNG", 20, 20)


def library(builtin_folder: Path | None = None) -> RoutineLibrary:
    return RoutineLibrary(paths.routines_dir(), load_default_routine(), builtin_folder)


def shared_routine(folder: Path, calf: str = "photos/calf.png", squat: str = "squat.gif", **files: bytes) -> Path:
    """A routine file someone sent, its pictures beside it (``files``: name → bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in ({calf: PHOTO, squat: gif(12)} | files).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    path = folder / "knee.toml"
    path.write_text(routine_text(calf, squat), encoding="utf-8")
    return path


def stored() -> dict[str, bytes]:
    """The library's files, by name relative to the routines folder."""
    root = paths.routines_dir()
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def picture_bytes(routine_id: str) -> dict[str, bytes]:
    lib = library()
    return {name: lib.picture_path(routine_id, name).read_bytes() for name in lib.get(routine_id).picture_names}


def test_an_import_copies_the_pictures_and_points_the_stored_file_at_them(tmp_path):
    source = shared_routine(tmp_path / "from-physio")
    entry = library().import_file(source)
    assert entry.routine is not None
    assert entry.routine.picture_names == ("knee.pictures/calf.png", "knee.pictures/squat.gif")
    assert stored() == {
        "knee.toml": routine_text().encode(),  # the comments and the rest exactly as written
        "knee.pictures/calf.png": PHOTO,
        "knee.pictures/squat.gif": gif(12),
    }
    assert source.read_text(encoding="utf-8") == routine_text("photos/calf.png", "squat.gif")  # the source stays


def test_two_pictures_of_one_name_in_different_folders_are_kept_apart_and_one_picture_named_twice_is_one_file(
    tmp_path,
):
    source = shared_routine(tmp_path / "in", "left/calf.png", "right/calf.png", **{"right/calf.png": OTHER_PHOTO})
    entry = library().import_file(source)
    assert entry.routine is not None
    assert entry.routine.picture_names == ("knee.pictures/calf.png", "knee.pictures/calf-2.png")
    assert picture_bytes("knee") == {"knee.pictures/calf.png": PHOTO, "knee.pictures/calf-2.png": OTHER_PHOTO}
    text = routine_text("a.png", "b.png")
    (tmp_path / "same").mkdir()
    for name in ("a.png", "b.png"):
        (tmp_path / "same" / name).write_bytes(PHOTO)
    (tmp_path / "same" / "knee.toml").write_text(text.replace('id = "knee"', 'id = "same"').replace("Knee", "Same"))
    library().import_file(tmp_path / "same" / "knee.toml")
    assert sorted(p.name for p in (paths.routines_dir() / "same.pictures").iterdir()) == ["a.png", "b.png"]


def fifo_for(path: Path) -> None:
    """The picture's name a named pipe: reading it would wait for ever."""
    path.unlink()
    os.mkfifo(path)


def link_for(path: Path) -> None:
    """The picture's name a link to a picture elsewhere on this computer
    (a private photo, say): copied in, an export would send it on."""
    elsewhere = path.parent.parent / "elsewhere" / path.name
    elsewhere.parent.mkdir(exist_ok=True)
    path.rename(elsewhere)
    path.symlink_to(elsewhere)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda folder: (folder / "squat.gif").unlink(), "squat.gif: file not found"),
        (lambda folder: (folder / "squat.gif").write_bytes(png_bomb()), "its name says GIF but its content is a PNG"),
        (lambda folder: (folder / "photos" / "calf.png").write_bytes(png_bomb()), "30000 × 30000"),
        (lambda folder: (folder / "squat.gif").write_bytes(gif(400)), "more than 300 frames (at most 300)"),
        (lambda folder: fifo_for(folder / "squat.gif"), "a named pipe"),
        (lambda folder: link_for(folder / "squat.gif"), "is a link; a routine's pictures are files in its folder"),
        (lambda folder: link_for(folder / "photos"), "photos: is a link"),
    ],
)
def test_an_import_whose_picture_is_missing_or_refused_writes_nothing(tmp_path, change, said):
    source = shared_routine(tmp_path / "from-physio")
    change(source.parent)
    library().import_file(shared_routine(tmp_path / "other", "o.png", "o.gif").with_name("knee.toml"),
                          duplicate=Duplicate.REFUSE)  # fmt: skip
    before = config_snapshot()
    with pytest.raises(LibraryError) as error:
        library().import_file(source, duplicate=Duplicate.AS_NEW)
    assert said in str(error.value) and str(source.parent) in str(error.value)
    assert "\n" not in str(error.value) and str(error.value).endswith("nothing was imported")
    assert config_snapshot() == before


def test_the_terminal_names_the_missing_picture_in_one_line_and_writes_nothing(tmp_path):
    source = shared_routine(tmp_path / "from-physio")
    (source.parent / "squat.gif").unlink()
    before = config_snapshot()
    result = footdesk("routine", "import", str(source))
    one_line_error(result, str(source.parent / "squat.gif"), "file not found", "nothing was imported")
    assert config_snapshot() == before and not paths.routines_dir().exists()


def test_replace_keeps_the_old_pictures_for_the_kept_copy_and_adds_the_new_beside_them(tmp_path):
    library().import_file(shared_routine(tmp_path / "first"))
    newer = shared_routine(tmp_path / "second", **{"photos/calf.png": OTHER_PHOTO})
    entry = library().import_file(newer, duplicate=Duplicate.REPLACE)
    assert entry.id == "knee" and entry.routine is not None
    assert entry.routine.picture_names == ("knee.pictures/calf-2.png", "knee.pictures/squat.gif")
    assert picture_bytes("knee")["knee.pictures/calf-2.png"] == OTHER_PHOTO
    (kept,) = paths.routines_dir().glob("knee.toml.*.bak")
    old = parse_routine(kept.read_text(encoding="utf-8"))
    assert (paths.routines_dir() / old.steps[0].picture_for(None).name).read_bytes() == PHOTO  # type: ignore[union-attr]


def test_keep_both_gives_the_new_routine_a_pictures_folder_of_its_own(tmp_path):
    library().import_file(shared_routine(tmp_path / "first"))
    entry = library().import_file(shared_routine(tmp_path / "second"), duplicate=Duplicate.AS_NEW)
    assert entry.id == "knee-programme-2" and entry.routine is not None
    assert entry.routine.picture_names == ("knee-programme-2.pictures/calf.png", "knee-programme-2.pictures/squat.gif")
    assert list(picture_bytes("knee-programme-2").values()) == [PHOTO, gif(12)]


def test_a_duplicate_has_copies_of_the_pictures_in_its_own_folder(tmp_path):
    library().import_file(shared_routine(tmp_path / "in"))
    copy = library().duplicate("knee")
    assert copy.picture_names == (f"{copy.id}.pictures/calf.png", f"{copy.id}.pictures/squat.gif")
    assert list(picture_bytes(copy.id).values()) == [PHOTO, gif(12)]
    library().delete("knee")  # the copy's pictures are its own: they stay
    assert list(picture_bytes(copy.id).values()) == [PHOTO, gif(12)]


def test_a_duplicate_of_the_built_in_routine_takes_its_shipped_pictures_along(tmp_path):
    """The built-in routine's pictures ship beside its file; a copy of it is one's
    own routine, with copies of them in its own folder."""
    shipped = tmp_path / "shipped"
    (shipped / "pictures").mkdir(parents=True)
    (shipped / "pictures" / "roll.svg").write_bytes(SVG)
    builtin = load_default_routine()
    bare = [replace(step, picture=None, mirror=False, side_pictures=(), guide_pictures=()) for step in builtin.steps]
    steps = tuple(replace(step, picture="pictures/roll.svg") if step.id == "roll" else step for step in bare)
    with_picture = replace(builtin, steps=steps)
    lib = RoutineLibrary(paths.routines_dir(), with_picture, shipped)
    copy = lib.duplicate(builtin.id)
    assert copy.picture_names == (f"{copy.id}.pictures/roll.svg",)
    assert lib.picture_path(copy.id, copy.picture_names[0]).read_bytes() == SVG
    assert load_routine(paths.routines_dir() / f"{copy.id}.toml").picture_names == copy.picture_names


def test_rename_keeps_the_pictures_where_they_are(tmp_path):
    library().import_file(shared_routine(tmp_path / "in"))
    before = stored()
    library().rename("knee", "Knee, week 2")
    after = stored()
    assert after.pop("knee.toml") != before.pop("knee.toml") and after == before


def test_delete_moves_the_pictures_aside_with_the_file_and_undo_brings_both_back(tmp_path):
    library().import_file(shared_routine(tmp_path / "in"))
    before = stored()
    deleted = library().delete("knee", now=datetime(2026, 12, 7, 12, 0, 0))
    assert deleted == paths.routines_dir() / ".deleted" / "knee-20261207-120000" / "knee.toml"
    assert (deleted.parent / "knee.pictures" / "calf.png").read_bytes() == PHOTO
    assert sorted(p.name for p in paths.routines_dir().iterdir()) == [".deleted"]
    assert library().can_undelete(deleted)
    entry = library().undelete(deleted)
    assert entry.id == "knee"
    assert {name: data for name, data in stored().items() if not name.startswith(".deleted")} == before
    assert not (paths.routines_dir() / ".deleted" / "knee-20261207-120000").exists()


def test_two_deletes_in_one_second_keep_both(tmp_path):
    now = datetime(2026, 12, 7, 12, 0, 0)
    library().import_file(shared_routine(tmp_path / "in"))
    first = library().delete("knee", now=now)
    library().import_file(shared_routine(tmp_path / "in"))
    second = library().delete("knee", now=now)
    assert first.parent != second.parent and first.is_file() and second.is_file()
    assert (second.parent / "knee.pictures" / "squat.gif").is_file()


def test_a_save_under_another_id_carries_the_pictures_into_its_own_folder(tmp_path):
    """The editor adds a picture to a new routine before its id is settled; the
    save under the id its title gives copies the picture into that id's folder."""
    lib = library()
    photo = tmp_path / "calf.png"
    photo.write_bytes(PHOTO)
    name = lib.add_picture("draft", photo)
    routine = parse_routine(routine_text(name, name).replace('id = "knee"', 'id = "knee-week-2"'))
    lib.save(routine)
    saved = lib.get("knee-week-2")
    assert saved.picture_names == ("knee-week-2.pictures/calf.png",)
    assert lib.picture_path("knee-week-2", saved.picture_names[0]).read_bytes() == PHOTO


def test_a_link_planted_as_the_pictures_folder_is_never_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    paths.routines_dir().mkdir(parents=True)
    (paths.routines_dir() / "knee.pictures").symlink_to(elsewhere)
    with pytest.raises(LibraryError, match="is not a folder"):
        library().import_file(shared_routine(tmp_path / "in"))
    assert not any(elsewhere.iterdir()) and sorted(stored()) == []


def test_an_export_of_a_routine_whose_picture_went_missing_writes_nothing(tmp_path):
    library().import_file(shared_routine(tmp_path / "in"))
    (paths.routines_dir() / "knee.pictures" / "squat.gif").unlink()
    with pytest.raises(LibraryError, match=r"squat\.gif: file not found"):
        library().export("knee", tmp_path / "knee.zip")
    assert not (tmp_path / "knee.zip").exists()
    with pytest.raises(LibraryError, match="exists"):
        library().export("knee", tmp_path / "in" / "knee.toml")


def test_routine_check_says_what_an_import_would_refuse_in_the_pictures(tmp_path):
    """Fresh eyes: check said "ok" of a routine whose picture was missing or a
    bomb, which the import then refused; and it read an archive as TOML."""
    source = shared_routine(tmp_path / "from-physio")
    assert footdesk("routine", "check", str(source)).returncode == 0
    (source.parent / "squat.gif").unlink()
    (source.parent / "photos" / "calf.png").write_bytes(png_bomb())
    result = footdesk("routine", "check", str(source))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any("calf.png: the picture is 30000 × 30000 pixels" in line for line in lines), lines
    assert any("squat.gif: file not found" in line for line in lines), lines
    assert lines[-1] == f"footdesk: {source}: 2 problems, each on a line above; nothing was changed"


def test_routine_check_reads_an_archive_as_an_import_does(tmp_path):
    from tests.test_archive import one_entry_zip, zip_of

    good = zip_of(tmp_path / "knee.zip", [("knee.toml", routine_text().encode()), *pictures_of_archive().items()])
    result = footdesk("routine", "check", str(good))
    assert result.returncode == 0 and result.stdout.startswith(f"{good}: ok"), result.stderr
    liar = one_entry_zip(tmp_path / "liar.zip", "knee.pictures/calf.png", PHOTO[:40], 40, crc=1)
    one_line_error(footdesk("routine", "check", str(liar)), "liar.zip", "damaged")


def pictures_of_archive() -> dict[str, bytes]:
    from tests.test_archive import pictures

    return pictures()


def test_a_damaged_archive_is_said_before_the_question_of_replacing(tmp_path):
    """Fresh eyes: "Replace it / Keep both?" came first, "damaged" only after."""
    from tests.test_archive import one_entry_zip

    library().import_file(shared_routine(tmp_path / "first"))
    liar = one_entry_zip(tmp_path / "liar.zip", "knee.pictures/calf.png", deflated(PHOTO), len(PHOTO), crc=1)
    before = config_snapshot()
    with pytest.raises(LibraryError) as refused:
        library().import_file(liar)
    assert not isinstance(refused.value, AlreadyThereError) and ": damaged (Bad CRC-32" in str(refused.value)
    assert config_snapshot() == before


def deflated(data: bytes) -> bytes:
    """A raw deflate stream, as a zip entry holds it."""
    import zlib

    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def test_routine_show_says_why_a_picture_will_not_show(tmp_path):
    """Fresh eyes: a FIFO read "missing", and a cut or unreadable picture was listed as fine."""
    library().import_file(shared_routine(tmp_path / "in"))
    folder = paths.routines_dir() / "knee.pictures"
    (folder / "calf.png").write_bytes(PHOTO[:23])
    squat = folder / "squat.gif"
    squat.unlink()
    os.mkfifo(squat)
    shown = footdesk("routine", "show", "knee")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any("knee.pictures/calf.png" in line and "not shown (the PNG picture is damaged" in line for line in lines)
    assert any("knee.pictures/squat.gif" in line and "not shown (is a named pipe" in line for line in lines), lines
