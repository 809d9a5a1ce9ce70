"""Routine files as an attacker would send them (issue 23's findings), against the
real terminal commands and the real window: none may hurt the person's files,
stop footdesk from starting, hang it, or reach the terminal raw."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.cues import voice_cue

ROUTINE = """\
schema = 2
id = "{id}"
title = "{title}"

[[steps]]
id = "calf"
title = "Calf stretch"
timing = "timed"
seconds = {seconds}
instructions = ["Lean on the wall."]
say = "{say}"
"""


def routine_file(folder: Path, name: str = "mine.toml", **values: str) -> Path:
    fields = {"id": "mine", "title": "Mine", "seconds": "30", "say": "Calf stretch now."} | values
    path = folder / name
    path.write_text(ROUTINE.format(**fields), encoding="utf-8")
    return path


def footdesk(*args: str, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own (the test's XDG folders)."""
    env = dict(os.environ, PYTHONSAFEPATH="1")
    return subprocess.run(
        [sys.executable, "-m", "footdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def library_files() -> list[str]:
    folder = paths.routines_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("footdesk: ")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


# F1: a spoken line reaches the speech engine as text only ---------------------------


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (.ci/run installs it)")
def test_f1_an_option_like_spoken_line_empties_no_file(tmp_path: Path) -> None:
    history = paths.history_file()
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_bytes(b"sessions")
    other = tmp_path / "other.txt"
    other.write_text("keep me")
    path = routine_file(tmp_path, say=f"--phonout={history}")
    text = path.read_text().replace(
        'instructions = ["Lean on the wall."]',
        'instructions = ["Lean on the wall."]\nsay_start = "--phonout=other.txt"',
    )
    path.write_text(text)
    assert footdesk("routine", "check", str(path)).returncode == 0  # it is a valid line of text
    result = footdesk("routine", "import", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert history.read_bytes() == b"sessions"
    assert other.read_text() == "keep me"
    voice = paths.voice_cache_dir() / f"{voice_cue('--phonout=other.txt').removeprefix('say-')}.wav"
    assert voice.is_file()  # the line itself was spoken into the cache


# F2: a number no routine holds ------------------------------------------------------


@pytest.mark.parametrize(
    ("replace", "key"),
    [
        ("seconds = 30", "seconds = 0x" + "f" * 4000),
        ("seconds = 30", "seconds = " + "9" * 5000),
        ("schema = 2", "schema = 0x" + "f" * 4000),
        ("seconds = 30", "seconds = -" + "9" * 30),
    ],
    ids=["hex", "decimal", "schema", "negative"],
)
def test_f2_a_huge_number_is_one_clear_error(tmp_path: Path, replace: str, key: str) -> None:
    path = routine_file(tmp_path)
    path.write_text(path.read_text().replace(replace, key))
    one_line_error(footdesk("routine", "check", str(path)), str(path))
    one_line_error(footdesk("routine", "import", str(path)), "nothing was imported")
    assert library_files() == []


def test_f2_a_huge_number_in_the_library_is_listed_and_the_window_starts(tmp_path: Path, make_app) -> None:
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    routine_file(folder, "hex.toml", seconds="0x" + "f" * 4000)
    routine_file(folder, "digits.toml", id="digits", seconds="9" * 5000)
    result = footdesk("routine", "list")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "hex.toml  ✗" in result.stdout and "digits.toml  ✗" in result.stdout
    app = make_app()  # the window, built as footdesk builds it
    assert [entry.usable for entry in app.model.routines()] == [True, False, False]


# F3: spoken lines are prompts, not files of hundreds of megabytes ------------------


def test_f3_a_spoken_line_of_127_kb_is_refused_before_anything_renders(tmp_path: Path) -> None:
    path = routine_file(tmp_path, say="Roll. " * 21_000)
    one_line_error(footdesk("routine", "check", str(path)), "say is", "at most 160")
    one_line_error(footdesk("routine", "import", str(path)), "nothing was imported")
    assert not paths.voice_cache_dir().exists() or list(paths.voice_cache_dir().iterdir()) == []


# F9: what is not a regular file ------------------------------------------------------


def test_f9_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "programme.toml"
    os.mkfifo(fifo)
    one_line_error(footdesk("routine", "check", str(fifo), timeout=20), "named pipe")
    one_line_error(footdesk("routine", "import", str(fifo), timeout=20), "named pipe", "nothing was imported")


def test_f9_a_device_is_never_read() -> None:
    one_line_error(footdesk("routine", "check", "/dev/zero", timeout=20), "a device")
    one_line_error(footdesk("routine", "import", "/dev/zero", timeout=20), "a device")


# F10, F11, F16: texts and ids ---------------------------------------------------------


def test_f10_a_nul_in_a_spoken_line_is_refused_and_nothing_is_copied(tmp_path: Path) -> None:
    path = routine_file(tmp_path, say="Calf\\u0000stretch")
    one_line_error(footdesk("routine", "check", str(path)), "control character (U+0000)")
    for _ in range(2):
        one_line_error(footdesk("routine", "import", str(path)), "nothing was imported")
    assert library_files() == []


def test_f11_a_300_character_id_is_refused_by_check_and_import(tmp_path: Path) -> None:
    path = routine_file(tmp_path, id="a" * 300)
    one_line_error(footdesk("routine", "check", str(path)), "64 at most")
    one_line_error(footdesk("routine", "import", str(path)), "nothing was imported")
    assert library_files() == []


def test_f16_an_id_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    path = routine_file(tmp_path, id="mine\\n")
    one_line_error(footdesk("routine", "check", str(path)), "id must be")


# F14: the terminal shows escapes, never obeys them -------------------------------------


def test_f14_escapes_and_bidi_controls_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    hostile = "\\u001b]0;owned\\u0007\\u001b[2J\\u202eevil"
    routine_file(folder, "title.toml", id="title", title=hostile)
    odd_name = folder / "\x1b[31mred\u202e.toml"
    odd_name.write_text("not toml", encoding="utf-8")
    checked = footdesk("routine", "check", str(folder / "title.toml"))
    listed = footdesk("routine", "list")
    for result in (checked, listed):
        shown = result.stdout + result.stderr
        assert "Traceback" not in shown
        assert not any(ord(char) < 0x20 and char != "\n" for char in shown), repr(shown)
        assert "\u202e" not in shown and "\x9b" not in shown
    assert "control character (U+001B)" in checked.stderr
    assert "\\x1b[31mred\\u202e.toml" in listed.stdout


# F17: a link in the library is never written through ------------------------------------


def test_f17_import_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    outside = tmp_path / "outside" / "planted.toml"
    outside.parent.mkdir()
    (folder / "mine.toml").symlink_to(outside)
    result = footdesk("routine", "import", str(routine_file(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert not outside.exists()
    assert (folder / "mine.toml").is_symlink()
    assert "mine-2.toml" in library_files()


# Found by the fresh-eyes attack: a format spec after {side} -------------------------------


@pytest.mark.parametrize(
    "instruction", ["{side:>50000000}", "{side:{side}}", "{side!r:d}", "{side!r}", "{side:>99999999999999999999}"]
)
def test_a_format_after_side_is_refused_before_it_can_build_a_huge_text(tmp_path: Path, instruction: str) -> None:
    path = routine_file(tmp_path)
    path.write_text(
        path.read_text()
        .replace('timing = "timed"', 'timing = "per-side"')
        .replace('"Lean on the wall."', f'"{instruction}"')
    )
    one_line_error(footdesk("routine", "check", str(path)), "write {side} alone")
    one_line_error(footdesk("routine", "import", str(path)), "nothing was imported")


def test_a_routine_with_more_than_300_spoken_lines_is_refused(tmp_path: Path) -> None:
    """Found by the fresh-eyes attack: each line renders to up to half a megabyte."""
    steps = []
    for number in range(7):
        instructions = ", ".join(f'"Part {n}."' for n in range(1, 51))
        guides = ", ".join(f'"Step {number} part {n}, slowly and with care."' for n in range(2, 51))
        steps.append(
            f'[[steps]]\nid = "s{number}"\ntitle = "Step {number}"\ntiming = "timed"\nseconds = 60\n'
            f"instructions = [{instructions}]\nguide = [{', '.join(str(n) for n in range(1, 51))}]\n"
            f'say = "Step {number}."\nsay_start = "Go {number}."\nsay_guide = [{guides}]\n'
        )
    path = tmp_path / "talky.toml"
    path.write_text('schema = 2\nid = "talky"\ntitle = "Talky"\n\n' + "\n".join(steps))
    one_line_error(footdesk("routine", "check", str(path)), "has 357 different spoken lines", "at most 300")


def test_a_routine_exported_to_a_terminal_shows_its_comments_escapes_written_out(tmp_path: Path) -> None:
    """Found by the fresh-eyes attack: comments and x- values are not checked
    (they are the author's), and ``routine export ID -`` printed them raw."""
    import pty

    text = (
        ROUTINE.format(id="cmt", title="Cmt", seconds="30", say="Go.")
        + '# \u202e gnirts \x9b31m\nx-note = "\u202eevil"\n'
    )
    text = text.replace("[[steps]]", 'x-note = "\u202eevil\u009b2J"\n\n[[steps]]', 1)
    path = tmp_path / "cmt.toml"
    path.write_text(text, encoding="utf-8")
    assert footdesk("routine", "import", str(path)).returncode == 0
    piped = footdesk("routine", "export", "cmt", "-")
    assert piped.stdout == path.read_text(encoding="utf-8")  # into a pipe or a file: the file as it is
    main, terminal = pty.openpty()
    env = dict(os.environ, PYTHONSAFEPATH="1")
    run = subprocess.run(
        [sys.executable, "-m", "footdesk", "routine", "export", "cmt", "-"],
        stdout=terminal, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, timeout=60, check=False,
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert run.returncode == 0, run.stderr
    seen = shown.decode("utf-8")
    assert "\u202e" not in seen and "\x9b" not in seen and "\\u202eevil" in seen


def test_a_duplicate_takes_a_name_no_link_holds(tmp_path: Path) -> None:
    """Found by the fresh-eyes attack: a dangling link at the copy's file name made
    every duplicate of that routine fail with 'file not found'."""
    from footdesk.library import RoutineLibrary
    from footdesk.routine import load_default_routine

    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    outside = tmp_path / "outside" / "planted.toml"
    (folder / "strong-feet-happier-back-copy.toml").symlink_to(outside)
    copy = RoutineLibrary(folder, load_default_routine()).duplicate("foot-strength")
    assert copy.id == "strong-feet-happier-back-copy-2"
    assert not outside.exists() and (folder / "strong-feet-happier-back-copy-2.toml").is_file()


def test_a_start_asked_for_a_routine_id_that_cannot_be_one_says_so(capsys) -> None:
    """Found by the fresh-eyes attack: the running footdesk refused such a wish
    without a word and the launch ended as if it had worked."""
    from footdesk.cli import main

    with pytest.raises(SystemExit) as ended:
        main(["--start", "--routine", "x\x1b[31mred"])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert "--routine: 'x\\x1b[31mred' is not a routine id" in err and "\x1b" not in err


def test_a_fifo_or_a_device_in_the_library_is_listed_with_why() -> None:
    """Found by the second fresh-eyes attack: they were left out without a word."""
    folder = paths.routines_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    listed = footdesk("routine", "list", timeout=20)
    assert listed.returncode == 0, listed.stderr
    assert "pipe.toml  ✗" in listed.stdout and "is a named pipe, not a file" in listed.stdout
    assert "zero.toml  ✗" in listed.stdout and "is a device, not a file" in listed.stdout
