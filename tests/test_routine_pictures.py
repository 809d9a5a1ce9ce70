"""A step's picture keys: names that stay inside the routine's folder, and the one
rule of which picture shows for a side and a guide stage."""

from __future__ import annotations

import pytest

from footdesk.library import routine_toml
from footdesk.routine import RoutineError, Side, parse_routine

BASE = """
id = "knee"
title = "Knee"
[[steps]]
id = "calf"
title = "Calf stretch"
timing = "per-side"
seconds = 30
instructions = ["a {side}", "b", "c"]
guide = [2, 3]
say_guide = ["now b"]
"""


def routine(extra):
    return parse_routine(BASE + extra)


def test_picture_keys_are_read_written_and_chosen_per_side():
    r = routine('picture = "pics/calf.png"\nmirror = true\npicture_alt = "A calf"\npicture_right = "r.webp"\n')
    st = r.steps[0]
    assert st.picture_for(Side.LEFT) == ("pics/calf.png", False, "A calf")
    assert st.picture_for(Side.RIGHT) == ("r.webp", False, "A calf")
    r2 = parse_routine(routine_toml(r))
    assert r2 == r
    assert r.picture_names == ("pics/calf.png", "r.webp")


@pytest.mark.parametrize(
    "name", ["../x.png", "/etc/x.png", "a/../x.png", ".x.png", "x.exe", "a\\\\b.png", "a/b/c/d/e.png", ""]
)
def test_a_picture_name_never_leaves_the_routine_folder(name):
    with pytest.raises(RoutineError) as e:
        routine(f'picture = "{name}"\n')
    assert "picture" in str(e.value)


def test_guide_pictures_follow_the_stage_and_mirror_for_the_right():
    r = routine('picture = "a.svg"\nmirror = true\npicture_guide = ["g1.svg", "g2.svg"]\n')
    assert r.steps[0].picture_for(Side.RIGHT, 1) == ("g2.svg", True, "Calf stretch")
    assert r.steps[0].picture_for(Side.RIGHT) == ("a.svg", True, "Calf stretch")
    with pytest.raises(RoutineError, match="one picture per guide stage"):
        routine('picture_guide = ["g1.svg"]\n')
    with pytest.raises(RoutineError, match="has no picture"):
        routine("mirror = true\n")


def test_a_chosen_picture_is_checked_and_copied_into_the_routines_own_folder(tmp_path):
    from footdesk.library import RoutineLibrary
    from footdesk.routine import load_default_routine
    from footdesk.untrusted import ReceivedFileError
    from tests.test_pictures import encoded, png_bomb

    folder = tmp_path / "routines"
    folder.mkdir()
    library = RoutineLibrary(folder, load_default_routine())
    photo = tmp_path / "My Calf (1).png"
    photo.write_bytes(encoded("PNG"))
    name = library.add_picture("knee", photo)
    assert name == "knee.pictures/My-Calf-1.png"
    assert library.picture_path("knee", name).read_bytes() == photo.read_bytes()
    assert library.add_picture("knee", photo) == name  # the same picture again is the same file
    other = tmp_path / "elsewhere" / "My Calf (1).png"
    other.parent.mkdir()
    other.write_bytes(encoded("PNG", 10, 10))
    assert library.add_picture("knee", other) == "knee.pictures/My-Calf-1-2.png"
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb())
    with pytest.raises(ReceivedFileError, match="30000 × 30000"):
        library.add_picture("knee", bomb)
    assert sorted(p.name for p in (folder / "knee.pictures").iterdir()) == ["My-Calf-1-2.png", "My-Calf-1.png"]


def test_the_builtin_routines_pictures_are_found_beside_its_shipped_file(tmp_path):
    from footdesk.library import RoutineLibrary
    from footdesk.routine import load_default_routine

    library = RoutineLibrary(tmp_path, load_default_routine())
    shipped = library.picture_path("foot-strength", "pictures/roll.svg")
    assert shipped.parent.name == "pictures" and (shipped.parent.parent / "foot-strength.toml").is_file()
