"""``footdesk --start --routine ID`` from a terminal (issue 29, defect 8): a
routine that cannot be started is an error on stderr with exit 1, no window,
and nothing handed to a running footdesk; a notice a running window showed for
such a wish goes at the next session."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.cli import main


@pytest.fixture
def launches(monkeypatch):
    """What a launch went on to do: hand its wish over, or open the window."""
    import footdesk.app
    from footdesk.platform import handover

    done: list[str] = []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(handover, "hand_over_quickly", lambda message: done.append(f"hand over {message!r}"))

    class Window:
        def __init__(self, start: bool, background: bool, routine: str | None) -> None:
            done.append(f"window {routine}")

        def run(self) -> int:
            return 0

    monkeypatch.setattr(footdesk.app, "FootdeskApp", Window)
    return done


def test_an_unknown_routine_is_an_error_with_exit_1_and_no_window(launches, capsys):
    assert main(["--start", "--routine", "nope"]) == 1
    err = capsys.readouterr().err
    assert err == "footdesk: --routine: there is no routine 'nope' (footdesk routine list shows them); " \
                  "nothing was started\n"  # fmt: skip
    assert launches == []  # neither a window nor a wish handed to a running footdesk (which would exit 0)


def test_a_broken_routine_file_is_named_with_what_is_wrong(launches, capsys):
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    (folder / "typo.toml").write_text('schema = 2\nid = "typo"\ntitle = = "x"\n')
    assert main(["--start", "--routine", "typo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: --routine: ") and "typo.toml" in err and err.count("\n") == 1
    assert launches == []


def test_start_and_background_together_is_a_usage_error_and_nothing_starts(launches, capsys):
    """Before: --start won over --background without a word."""
    with pytest.raises(SystemExit) as ended:
        main(["--start", "--background"])
    assert ended.value.code == 2
    assert "--start and --background: one or the other" in capsys.readouterr().err
    assert launches == []


def test_a_known_routine_goes_on_to_the_running_copy_or_the_window(launches):
    assert main(["--start", "--routine", "foot-strength"]) == 0
    assert launches == ["hand over b'start:foot-strength'", "window foot-strength"]


def test_the_notice_for_a_wish_that_could_not_start_goes_at_the_next_session(qtbot, app):
    """A launch that reached the running window anyway (its routine deleted
    meanwhile): the window says why nothing started, until a session starts."""
    app.shell.on_message(b"start:gone")
    notice = app.window.notice
    assert "The routine 'gone' cannot be used" in notice.text() and app.window.statusBar().isVisible()
    assert not app.model.session_active
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the person starts the routine
    assert app.model.session_active
    assert notice.text() == "" and not app.window.statusBar().isVisible()
