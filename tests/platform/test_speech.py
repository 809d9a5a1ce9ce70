"""Spoken lines of a person's own routines reach the speech engine as text only,
and what it renders is kept only when it is a whole, prompt-sized WAV."""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
import threading
import wave
from pathlib import Path
from typing import Any

import pytest

from footdesk.cues import voice_cue
from footdesk.platform.speech import OUT_VARIABLE, BackgroundSpeech, SpeechRenderer, engine_command
from footdesk.untrusted import MAX_SPOKEN_CHARS, voice_file_problem

HOSTILE_LINES = [
    "--phonout=history.sqlite3",
    "-f/etc/passwd",
    "-wout.wav",
    "-a 100",
    "-z",
    "-k1",
    "; rm -rf ~ #",
    "$(Remove-Item -Recurse ~)",
    "'); Remove-Item ~; ('",
]


def write_wav(path: Path, seconds: float, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(b"\x01\x00" * int(seconds * rate))


class FakeEngine:
    """Records how it was called and writes a short WAV where it was told to."""

    def __init__(self, seconds: float = 1.0) -> None:
        self.calls: list[dict[str, Any]] = []
        self.seconds = seconds

    def __call__(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append({"argv": argv, **kwargs})
        write_wav(Path(kwargs["env"][OUT_VARIABLE]), self.seconds)
        return subprocess.CompletedProcess(argv, 0, b"", b"")


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_a_spoken_line_is_never_an_argument_on_any_engine(tmp_path: Path, platform: str, line: str) -> None:
    command = engine_command(platform, which=lambda name: f"/usr/bin/{name}")
    assert command is not None
    engine = FakeEngine()
    renderer = SpeechRenderer(tmp_path / "voice", command=command, run=engine)
    told: list[str] = []
    renderer.render({voice_cue(line): line}, told.append)
    assert told == []
    (call,) = engine.calls
    assert all(line not in argument for argument in call["argv"])
    assert call["input"] == line.encode("utf-8")
    assert (tmp_path / "voice" / f"{voice_cue(line).removeprefix('say-')}.wav").is_file()


def test_espeak_reads_the_text_from_standard_input() -> None:
    command = engine_command("linux", which=lambda name: f"/usr/bin/{name}")
    assert command is not None
    argv = command(Path("out.wav"), "de")
    assert argv[-1] == "--stdin" and argv[:3] == ["/usr/bin/espeak-ng", "-v", "de"]


def test_powershell_runs_a_fixed_script_that_reads_standard_input() -> None:
    command = engine_command("win32", which=lambda name: "powershell.exe" if name == "powershell" else None)
    assert command is not None
    argv = command(Path("C:/cache/out.wav"), "en-us")
    assert argv[:4] == ["powershell.exe", "-NoProfile", "-NonInteractive", "-EncodedCommand"]
    script = base64.b64decode(argv[4]).decode("utf-16-le")
    assert "[Console]::In.ReadToEnd()" in script and f"$env:{OUT_VARIABLE}" in script
    assert len(argv) == 5  # nothing after the script: PowerShell would run it as code


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_the_real_espeak_ng_speaks_an_option_like_line_and_touches_no_file(tmp_path: Path) -> None:
    # a short path: spoken, pytest's long temporary paths ran past the 12 s a voice may last
    short = Path(tempfile.mkdtemp(prefix="fd"))
    victim = short / "h.db"
    victim.write_bytes(b"the person's sessions")
    lines = {voice_cue(text): text for text in (f"--phonout={victim}", f"-w{victim}", f"-f{victim}")}
    renderer = SpeechRenderer(tmp_path / "voice")
    told: list[str] = []
    renderer.render(lines, told.append)
    assert victim.read_bytes() == b"the person's sessions"
    assert told == []
    for cue in lines:
        assert voice_file_problem(renderer.path_for(cue)) is None
    shutil.rmtree(short)


def test_a_line_too_long_for_a_prompt_is_not_rendered(tmp_path: Path) -> None:
    engine = FakeEngine()
    renderer = SpeechRenderer(tmp_path, command=lambda out, voice: ["engine"], run=engine)
    line = "word " * (MAX_SPOKEN_CHARS // 4)
    told: list[str] = []
    renderer.render({voice_cue(line): line}, told.append)
    assert engine.calls == []
    assert told == ["1 spoken line could not be rendered (see the log); it stays silent."]


def test_a_cut_off_or_overlong_rendering_is_never_cached(tmp_path: Path) -> None:
    voice = tmp_path / "voice"
    long_engine = FakeEngine(seconds=20)
    renderer = SpeechRenderer(voice, command=lambda out, voice: ["engine"], run=long_engine)
    told: list[str] = []
    renderer.render({voice_cue("Rise."): "Rise."}, told.append)
    assert list(voice.iterdir()) == []

    def cut_off(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        out = Path(kwargs["env"][OUT_VARIABLE])
        write_wav(out, 1.0)
        out.write_bytes(out.read_bytes()[:2000])  # the disk filled up
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    renderer = SpeechRenderer(voice, command=lambda out, voice: ["engine"], run=cut_off)
    renderer.render({voice_cue("Rise."): "Rise."}, told.append)
    assert list(voice.iterdir()) == []
    assert len(told) == 2


def test_a_broken_file_in_the_cache_is_rendered_again(tmp_path: Path) -> None:
    engine = FakeEngine()
    renderer = SpeechRenderer(tmp_path, command=lambda out, voice: ["engine"], run=engine)
    cue = voice_cue("Rise.")
    renderer.path_for(cue).write_bytes(b"RIFF....WAVEgarbage")
    renderer.render({cue: "Rise."}, [].append)
    assert len(engine.calls) == 1
    assert voice_file_problem(renderer.path_for(cue)) is None


def test_the_window_renders_in_the_background_and_says_what_it_prepares(tmp_path: Path) -> None:
    release = threading.Event()
    engine = FakeEngine()

    def slow(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        release.wait(10)
        return engine(argv, **kwargs)

    posted: list[Any] = []
    worker = BackgroundSpeech(
        lambda: SpeechRenderer(tmp_path, command=lambda out, voice: ["engine"], run=slow), posted.append
    )
    told: list[str] = []
    lines = {voice_cue(f"Line {n}."): f"Line {n}." for n in range(3)}
    worker.render(lines, told.append)  # returns at once: the engine has not even been called
    assert told == []
    release.set()
    assert worker.wait(10)
    for post in posted:
        post()
    assert told == [
        "Preparing 3 spoken lines of your routine; each plays once it is ready.",
        "3 spoken lines ready.",
    ]
    assert len(engine.calls) == 3


def test_a_stopped_worker_starts_no_further_line(tmp_path: Path) -> None:
    started = threading.Event()
    release = threading.Event()
    engine = FakeEngine()

    def slow(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        started.set()
        release.wait(10)
        return engine(argv, **kwargs)

    worker = BackgroundSpeech(
        lambda: SpeechRenderer(tmp_path, command=lambda out, voice: ["engine"], run=slow), lambda f: None
    )
    worker.render({voice_cue(f"Line {n}."): f"Line {n}." for n in range(5)}, [].append)
    assert started.wait(10)
    worker.stop()
    release.set()
    assert worker.wait(10)
    assert len(engine.calls) == 1


def test_the_engine_never_writes_through_a_link_planted_in_the_cache(tmp_path: Path) -> None:
    """Found by the fresh-eyes attack: the engine wrote to a name footdesk could
    be guessed to use (``.<hash>.<pid>.wav``); a link there sent the WAV outside."""
    import os

    voice = tmp_path / "voice"
    voice.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    cue = voice_cue("Hello there.")
    stem = cue.removeprefix("say-")
    (voice / f".{stem}.{os.getpid()}.wav").symlink_to(victim)
    written: list[Path] = []

    def engine(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        out = Path(kwargs["env"][OUT_VARIABLE])
        written.append(out)
        assert not out.is_symlink() and out.parent == voice
        write_wav(out, 1.0)
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    renderer = SpeechRenderer(voice, command=lambda out, voice: ["engine"], run=engine)
    renderer.render({cue: "Hello there."}, [].append)
    assert victim.read_text() == "precious"
    assert not renderer.path_for(cue).is_symlink() and voice_file_problem(renderer.path_for(cue)) is None
    assert not written[0].exists()  # moved into place


def test_the_voices_kept_stay_within_their_budget(tmp_path: Path, monkeypatch) -> None:
    """Found by the fresh-eyes attack: a 17 kB routine made 48 MB of voices, and
    nothing bounded all routines' voices together."""
    import footdesk.platform.speech as speech

    engine = FakeEngine(seconds=1.0)  # 44 kB each
    monkeypatch.setattr(speech, "MAX_VOICE_CACHE_BYTES", 100_000)
    renderer = SpeechRenderer(tmp_path, command=lambda out, voice: ["engine"], run=engine)
    told: list[str] = []
    renderer.render({voice_cue(f"Line {n}."): f"Line {n}." for n in range(5)}, told.append)
    assert len(engine.calls) == 3  # the third goes over: the fourth is not rendered
    assert told == [
        f"The spoken lines already kept fill 0 MB ({tmp_path}), so 2 more stay silent; deleting that folder frees "
        "it (lines are rendered again when a routine is saved)."
    ]


def test_a_routines_lines_are_rendered_in_its_languages_voice_and_a_bad_voice_never_reaches_the_engine(tmp_path):
    from footdesk.cues import own_voice, own_voice_lines
    from footdesk.routine import parse_routine

    text = """schema = 2
id = "genou"
title = "Genou"
language = "fr"
[[steps]]
id = "squat"
title = "Squat"
timing = "timed"
seconds = 30
say = "Pliez les genoux."
instructions = ["Pliez les genoux."]
"""
    routine = parse_routine(text)
    engine = FakeEngine()
    renderer = SpeechRenderer(tmp_path, command=lambda out, voice: ["espeak-ng", "-v", voice], run=engine)
    lines = own_voice_lines(routine)
    renderer.render(lines, [].append, voice=own_voice(routine))
    assert engine.calls[-1]["argv"] == ["espeak-ng", "-v", "fr-fr"]
    # the same line in another voice is another file: a German routine's "Squat" is not the French one's
    assert set(lines) != set(own_voice_lines(parse_routine(text.replace('"fr"', '"de"'))))
    renderer.render({voice_cue("Rise."): "Rise."}, [].append, voice="--phonout=/tmp/x")
    assert engine.calls[-1]["argv"] == ["espeak-ng", "-v", "en-us"]
