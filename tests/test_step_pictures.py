"""The model's pictures of the movement (``AppModel.pictures``): which file
shows for each part, side and guide stage, what may show next, whether it
moves, and a picture that cannot be shown said once while the routine runs on.
No window: the pictures are files made by Qt's encoders (tests/helpers)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from footdesk.appmodel import Adapters, AppModel, Screen, build_model
from footdesk.model.pictures import NOTHING
from footdesk.routine import Side, parse_routine
from footdesk.session import SessionOptions, State
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker
from tests.helpers.picture_files import ROUTINE, pictured_routine


@pytest.fixture
def model(clock: FakeClock) -> AppModel:
    pictured_routine()
    built = build_model(Adapters(clock=clock, waker=FakeWaker(),
                                 fixed_options=SessionOptions(get_ready_s=2, sleep_gap_s=1e9)))  # fmt: skip
    assert built.select_routine("pictured")
    yield built
    built.close()


def run(model: AppModel, clock: FakeClock, seconds: float) -> None:
    end = clock.now + seconds
    while (wake := model.next_wakeup()) is not None and wake <= end:
        clock.now = wake
        model.tick()
    clock.now = end
    model.tick()


def shown(model: AppModel) -> tuple[str, bool, str] | None:
    picture = model.pictures.now(model.snapshot()).shown
    return None if picture is None else (picture.path.name, picture.mirrored, picture.alt)


def coming(model: AppModel) -> list[tuple[str, bool]]:
    return [(p.path.name, p.mirrored) for p in model.pictures.now(model.snapshot()).coming]


def test_each_part_side_and_guide_stage_shows_its_own_picture(model, clock):
    folder = model.library.picture_path("pictured", "pictured.pictures/foot.png").parent
    model.start()
    assert shown(model) == ("drawing.svg", False, "A tip with a drawing")  # the step's title when no alt
    assert coming(model) == [("toes.png", False)]  # the next part's first guide stage, asked for before it
    model.skip()  # the roll, left foot: getting ready on the first stage
    assert model.snapshot().guide_stage == 0
    assert shown(model) == ("toes.png", False, "A foot on a ball")
    assert coming(model) == [("arch.png", False), ("toes.png", True)]  # the next stage, the right foot's first
    run(model, clock, 2 + 10.5)  # a third of the way: the arch
    assert model.snapshot().guide_stage == 1
    assert shown(model) == ("arch.png", False, "A foot on a ball")
    run(model, clock, 10)
    assert (model.snapshot().guide_stage, shown(model)) == (2, ("heel.png", False, "A foot on a ball"))
    assert coming(model) == [("toes.png", True)]
    run(model, clock, 10)  # the right foot: the same stages, flipped
    assert model.snapshot().phase.side is Side.RIGHT
    assert shown(model) == ("toes.png", True, "A foot on a ball")
    model.skip()  # a picture per side, never flipped
    assert shown(model) == ("left.jpg", False, "Stretch")
    assert coming(model) == [("right.webp", False)]
    model.skip()
    assert shown(model) == ("right.webp", False, "Stretch")
    model.skip()
    assert shown(model) == ("rock.gif", False, "Rocking to and fro")
    assert coming(model) == []  # the last step has no picture
    model.skip()
    assert shown(model) is None
    picture = model.pictures.now(model.snapshot())
    assert picture == NOTHING
    assert all(p.path.parent == folder for p in model.pictures.previews(model.routine) if p is not None)


def test_the_home_screens_previews_are_each_steps_first_picture(model):
    previews = model.pictures.previews(model.routine)
    assert [None if p is None else (p.path.name, p.mirrored) for p in previews] == [
        ("drawing.svg", False), ("toes.png", False), ("left.jpg", False), ("rock.gif", False), None,
    ]  # fmt: skip
    assert [p.animated for p in previews if p is not None] == [False, False, False, True]
    # a drawing in footdesk's two inks follows the palette; one's own photos keep their colours
    assert [p.shipped for p in previews if p is not None] == [True, False, False, False]


def test_an_animation_moves_while_a_clock_runs_and_never_with_reduced_motion(model, clock):
    model.start()
    for _ in range(5):
        model.skip()
    assert shown(model)[0] == "rock.gif"
    assert model.snapshot().state is State.GET_READY and model.pictures.now(model.snapshot()).moving
    run(model, clock, 3)
    assert model.snapshot().state is State.RUNNING and model.pictures.now(model.snapshot()).moving
    model.toggle()  # pause
    assert not model.pictures.now(model.snapshot()).moving
    model.toggle()
    assert model.pictures.now(model.snapshot()).moving
    model.apply_settings(replace(model.settings, reduced_motion=True))
    now = model.pictures.now(model.snapshot())
    assert now.shown is not None and not now.moving  # still shown, as a still
    assert "reduced_motion = true" in model.settings_file.path.read_text()


def test_a_still_never_moves(model, clock):
    model.start()
    model.skip()
    run(model, clock, 5)
    assert model.snapshot().state is State.RUNNING and not model.pictures.now(model.snapshot()).moving


def test_hidden_pictures_show_nowhere(model):
    model.apply_settings(replace(model.settings, show_pictures=False))
    model.start()
    model.skip()
    assert model.pictures.now(model.snapshot()) == NOTHING
    assert model.pictures.previews(model.routine) == ()
    assert "[pictures]\nshow = false" in model.settings_file.path.read_text()


@pytest.mark.parametrize(
    ("name", "damage", "reason"),
    [
        ("heel.png", None, "file not found"),
        ("toes.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "damaged"),
        ("left.jpg", b"GIF89a not a jpeg at all", "its name says JPEG but its content is a GIF picture"),
    ],
    ids=["missing", "damaged", "not what its name says"],
)
def test_a_missing_or_broken_picture_is_said_once_and_the_routine_runs_to_its_end(
    model, clock, name, damage, reason, caplog
):
    folder = model.library.picture_path("pictured", f"pictured.pictures/{name}").parent
    if damage is None:
        (folder / name).unlink()
    else:
        (folder / name).write_bytes(damage)
    said: list[str] = []
    model.notice.connect(said.append)
    for _ in range(2):  # the same routine twice: said once all the same
        model.start()
        while model.screen is Screen.SESSION:
            model.pictures.now(model.snapshot())
            run(model, clock, 1)
            if model.snapshot() is not None and model.snapshot().state in (State.TIP, State.READY):
                model.skip()
        assert model.result() is not None and model.result().completed
        model.go_home()
    about = [text for text in said if name in text]
    assert len(about) == 1, said
    assert str(folder / name) in about[0] and reason in about[0] and "runs without its picture" in about[0]
    logged = [r.getMessage() for r in caplog.records if "picture not shown" in r.getMessage()]
    assert len(logged) == 1 and name in logged[0], logged  # the log keeps it when the window has said more since


def test_a_picture_is_checked_once_until_its_file_changes(model, clock, monkeypatch):
    import footdesk.pictures

    checked: list[str] = []
    real = footdesk.pictures.check_picture

    def counting(path):
        checked.append(path.name)
        return real(path)

    monkeypatch.setattr(footdesk.pictures, "check_picture", counting)
    model.start()
    model.skip()
    for _ in range(25):
        run(model, clock, 1)
        model.pictures.now(model.snapshot())
    assert sorted(checked) == ["arch.png", "heel.png", "toes.png"]  # each once, a tick never reads a file
    folder = model.library.picture_path("pictured", "pictured.pictures/toes.png").parent
    (folder / "toes.png").write_bytes((folder / "toes.png").read_bytes() + b"\0")  # edited meanwhile
    model.stop()
    model.go_home()
    model.start()
    model.skip()
    model.pictures.now(model.snapshot())
    assert checked.count("toes.png") == 2


def test_the_built_in_routines_pictures_follow_the_palette(tmp_path):
    """A shipped picture is one of the built-in routine's (recoloured by the window); one's own never is."""
    from footdesk.model.pictures import StepPictures
    from footdesk.model.plumbing import Notices
    from footdesk.settings import Settings

    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>')
    routine = parse_routine(ROUTINE.replace("pictured.pictures/drawing.svg", "a.svg"))
    where = lambda _routine_id, name: tmp_path / name  # noqa: E731
    for builtin, shipped in (("pictured", True), ("foot-strength", False)):
        pictures = StepPictures(where, builtin, Notices(), Settings, lambda: "pictured")
        picture = pictures.for_part("pictured", routine.steps[0], None, None)
        assert picture is not None and picture.shipped is shipped and (picture.width, picture.height) == (4, 2)


def test_the_guide_stage_is_the_sessions_own_count(clock):
    """Snapshot.guide_stage: 0 while getting ready and paused there, the stage
    the clock is in while it runs and while paused, None for a rest and a step
    without stages."""
    from footdesk.session import Session

    text = ROUTINE.replace('[[steps]]\nid = "stretch"', 'sets = 2\nrest = 5\n\n[[steps]]\nid = "stretch"', 1)
    session = Session(parse_routine(text), SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    now = clock.now
    session.start(now)
    assert session.snapshot(now).guide_stage is None  # a tip
    session.skip(now)
    assert session.snapshot(now).guide_stage == 0  # getting ready
    session.toggle(now)
    assert session.snapshot(now + 1).guide_stage == 0  # paused while getting ready
    session.toggle(now + 1)
    session.tick(now + 4)
    stages = [session.snapshot(now + 4 + t).guide_stage for t in (0, 9.9, 10, 19.9, 20, 29.9)]
    assert stages == [0, 0, 1, 1, 2, 2]
    session.tick(now + 4 + 15)
    session.toggle(now + 4 + 15)
    assert session.snapshot(now + 100).guide_stage == 1  # paused: where it was
    session.toggle(now + 100)
    session.tick(now + 100 + 15)
    session.tick(now + 100 + 15 + 3 + 30)  # the right foot done: the rest before set 2
    rest = session.snapshot(now + 100 + 15 + 3 + 30)
    assert rest.phase.rest and rest.guide_stage is None
