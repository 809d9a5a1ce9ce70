"""Hostile routine files made by Hypothesis: huge and odd numbers, control
characters, option-like and very long spoken lines, deep nesting, odd ids.
Whatever a file holds: no traceback, one clear line naming the file (and line
and key where it has them), nothing written outside the library, and no text
of it ever an argument of another program."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footdesk.cues import own_voice_lines
from footdesk.library import LibraryError, RoutineLibrary
from footdesk.platform.speech import SpeechRenderer
from footdesk.routine import RoutineError, load_default_routine, parse_routine
from footdesk.untrusted import MAX_SPOKEN_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, control_character, for_terminal

CONTROL = st.sampled_from(["\x00", "\x1b[2J", "\x07", "\u202e", "\u2066", "\x9b", "\r", "\n", "\x7f", "\u2028"])
FORMATS = st.sampled_from(["{side}", "{side:>50000000}", "{side!r}", "{side:{side}}", "{side[0]}", "{", "}", "{0}"])
OPTION_LIKE = st.sampled_from(["--phonout=x", "-f/etc/passwd", "-wout.wav", "-a 100", "-z", "-k1", "--", "-"])


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly ``text`` (every control escaped)."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


texts = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=10), CONTROL, st.text(max_size=10)),
    st.builds(lambda o, rest: o + rest, OPTION_LIKE, st.text(max_size=20)),
    st.builds(lambda a, f: a + f, st.text(max_size=10), FORMATS),
    st.integers(300, 3000).map(lambda n: "Roll. " * (n // 6)),
)
numbers = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.integers(1, 3000).map(lambda n: "0x" + "f" * n),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "true", "0", "-0", "1_000", "0o777", "0b1", "30.0"]),
)
ids = st.one_of(
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    st.sampled_from(["../../etc/x", "a/b", ".hidden", "con", "a" * 300, "x\n", "İ", "\u202eevil", ""]),
    st.text(max_size=20),
)


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


values = st.one_of(
    texts.map(toml_string),
    numbers,
    st.integers(1, 400).map(nested),
    st.lists(texts.map(toml_string), max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.just("{ left = 30, right = 99999999999999999999999 }"),
)
step_keys = st.sampled_from(
    ["seconds", "sets", "rest", "reps", "tempo", "setup", "guide", "beat", "say", "say_start", "say_guide", "title",
     "instructions", "sides", "timing", "x-mine", "colour"]
)  # fmt: skip


def sometimes(draw: st.DrawFn, hostile: st.SearchStrategy[str], usual: str) -> str:
    """Mostly the usual value, one time in four a hostile one: a file that is
    hostile everywhere at once only ever meets the first check."""
    return draw(hostile) if draw(st.integers(0, 3)) == 0 else usual


@st.composite
def routine_files(draw: st.DrawFn) -> str:
    lines = [
        f"schema = {sometimes(draw, numbers, '2')}",
        f"id = {toml_string(sometimes(draw, ids, 'received'))}",
        f"title = {toml_string(sometimes(draw, texts, 'Received'))}",
    ]
    for number in range(draw(st.integers(1, 4))):
        step: dict[str, str] = {
            "id": toml_string(sometimes(draw, ids, f"s{number}")),
            "title": toml_string(sometimes(draw, texts, "Step")),
            "timing": toml_string(sometimes(draw, st.sampled_from(["per-side", "untimed", "sometimes"]), "timed")),
            "seconds": sometimes(draw, numbers, "30"),
            "instructions": toml_string(sometimes(draw, texts, "Do it.")).join("[]"),
            "say": toml_string(sometimes(draw, texts, "Go.")),
        }
        for _ in range(draw(st.integers(0, 2))):
            step[draw(step_keys)] = draw(values)
        if step["timing"] == '"untimed"' and draw(st.booleans()):
            del step["seconds"]
        lines.append("[[steps]]")
        lines.extend(f"{key} = {value}" for key, value in step.items())
    return "\n".join(lines) + "\n"


def check_error(exc: RoutineError, source: str) -> None:
    message = str(exc)
    assert message.startswith(source), message
    assert "\n" not in for_terminal(message)
    assert len(message) < 1000, message


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(routine_files())
def test_any_routine_file_loads_or_is_one_clear_error(text: str) -> None:
    try:
        routine = parse_routine(text, "received.toml")
    except RoutineError as exc:
        check_error(exc, "received.toml")
        return
    for step in routine.steps:  # what loads is within every bound the README states, and shows without surprise
        for side in step.sides or (None,):
            assert all(len(text) <= MAX_TEXT_CHARS + 10 for text in step.instructions_for(side))
        assert step.total_seconds <= 20 * 2 * 30 * 60
        assert control_character(step.title) is None and len(step.title) <= MAX_TITLE_CHARS
        for line in (step.say or "", step.say_start or "", *step.say_guide):
            assert control_character(line) is None and len(line) <= MAX_SPOKEN_CHARS


class RecordingRun:
    def __init__(self) -> None:
        self.argv: list[list[str]] = []

    def __call__(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.argv.append(argv)
        return subprocess.CompletedProcess(argv, 1, b"", b"no engine here")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(text=routine_files())
def test_an_import_writes_only_into_the_library_and_runs_nothing_with_its_text(tmp_path: Path, text: str) -> None:
    home = tmp_path / "fuzz"
    library_folder = home / "routines"
    library_folder.mkdir(parents=True, exist_ok=True)
    source = home / "received.toml"
    source.write_text(text, encoding="utf-8")
    before = {p for p in home.rglob("*") if not p.is_relative_to(library_folder)}
    library = RoutineLibrary(library_folder, load_default_routine())
    try:
        entry = library.import_file(source)
    except LibraryError as exc:
        assert str(exc).startswith(str(source)) and "nothing was imported" in str(exc), str(exc)
    else:
        assert entry.path is not None and entry.path.parent == library_folder
        assert entry.routine is not None
        run = RecordingRun()
        renderer = SpeechRenderer(
            home / "voice", command=lambda out, voice: ["engine", "-w", str(out), "--stdin"], run=run
        )
        lines = own_voice_lines(entry.routine)
        renderer.render(lines, lambda said: None)
        for argv in run.argv:
            assert argv[:2] == ["engine", "-w"] and argv[-1] == "--stdin"
        assert len(run.argv) == len(lines)
    after = {p for p in home.rglob("*") if not p.is_relative_to(library_folder)}
    assert after - before <= {home / "voice"}
    for path in library_folder.iterdir():
        path.unlink()
