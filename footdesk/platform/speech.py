"""Spoken lines of a person's own routines, rendered with the computer's own
speech engine when the routine is saved (never during a countdown) and kept in
``user_cache_dir/voice`` as ``<text hash>.wav`` (footdesk.cues.voice_cue).

espeak-ng (or espeak) on Linux, ``say`` on macOS, SAPI through PowerShell on
Windows. footdesk neither links nor ships an engine; with none, the routine
runs with tones only and the person is told once.
"""

from __future__ import annotations

import base64
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from footdesk.i18n import _, n_
from footdesk.untrusted import MAX_SPOKEN_CHARS, MAX_VOICE_CACHE_BYTES, for_log, voice_file_problem

VOICE_PREFIX = "say-"  # footdesk.cues.VOICE_PREFIX, not imported: this module loads at start

log = logging.getLogger(__name__)

RENDER_TIMEOUT_S = 15
Run = Callable[..., "subprocess.CompletedProcess[bytes]"]


Command = Callable[[Path, str], list[str]]
"""The program and arguments that render the text on standard input into a WAV
file, in a voice (espeak-ng's name for it: "de", "pt-br"; a voice is letters
and "-" only, footdesk.cues.speech_voice). The text is never an argument: a line from a received routine that starts
with ``-`` would be an option (espeak-ng's ``--phonout=FILE`` empties any file),
and PowerShell runs the arguments after ``-Command`` as code."""

DEFAULT_VOICE = "en-us"
_VOICE_NAME = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
"""A voice as footdesk names one: never an option, never a path (checked again here, the last line of defence)."""
OUT_VARIABLE = "FOOTDESK_VOICE_FILE"
"""Where PowerShell's script finds the file to write: an environment variable, so
that nothing is added to its command line at all."""
_POWERSHELL_SPEAK = (
    "$ErrorActionPreference = 'Stop'; [Console]::InputEncoding = [Text.Encoding]::UTF8; "
    "$text = [Console]::In.ReadToEnd(); Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    f"$s.SetOutputToWaveFile($env:{OUT_VARIABLE}); $s.Speak($text); $s.Dispose()"
)


def engine_command(platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which) -> Command | None:
    """How to render one line (given on standard input) to a WAV file here, or
    None without an engine."""
    if platform == "darwin" and which("say"):
        return lambda out, voice: ["say", "--file-format=WAVE", "--data-format=LEI16@22050", "-o", str(out), "-f", "-"]
    if platform == "win32" and (which("powershell") or which("pwsh")):
        shell = which("powershell") or which("pwsh") or "powershell"
        encoded = base64.b64encode(_POWERSHELL_SPEAK.encode("utf-16-le")).decode("ascii")
        return lambda out, voice: [shell, "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded]
    for name in ("espeak-ng", "espeak"):
        found = which(name)
        if found:
            return _espeak(found)
    return None


def _espeak(program: str) -> Command:
    def command(out: Path, voice: str) -> list[str]:
        return [program, "-v", voice, "-s", "150", "-w", str(out), "--stdin"]

    return command


class SpeechRenderer:
    """Implements footdesk.appmodel.VoiceRenderer."""

    def __init__(
        self,
        folder: Path,
        command: Command | bool | None = True,
        run: Run = subprocess.run,
    ) -> None:
        self.folder = folder
        self._command = engine_command() if command is True else command or None
        self._run = run
        self._told_no_engine = False

    @property
    def available(self) -> bool:
        return self._command is not None

    def path_for(self, cue: str) -> Path:
        return self.folder / f"{cue.removeprefix(VOICE_PREFIX)}.wav"

    def missing(self, lines: dict[str, str]) -> dict[str, str]:
        """The lines with no usable rendering in the cache yet (none, or a broken one)."""
        return {cue: text for cue, text in lines.items() if voice_file_problem(self.path_for(cue)) is not None}

    def render(self, lines: dict[str, str], told: Callable[[str], None], voice: str = DEFAULT_VOICE) -> None:
        """footdesk.appmodel.VoiceRenderer, here and now (the terminal's commands)."""
        said = self.render_now(lines, voice=voice)
        if said:
            told(said)

    def render_now(
        self, lines: dict[str, str], stopping: Callable[[], bool] = lambda: False, voice: str = DEFAULT_VOICE
    ) -> str | None:
        """Render what is not rendered yet, one line at a time until ``stopping``;
        a sentence for the person when some or all could not be, else None."""
        missing = self.missing(lines)
        if not missing:
            return None
        if self._command is None:
            if self._told_no_engine:
                return None
            self._told_no_engine = True
            return _(
                "No speech engine was found (on Linux: install espeak-ng), so your routines' spoken lines "
                "stay silent; every tone still plays."
            )
        failed: list[str] = []
        room = MAX_VOICE_CACHE_BYTES - _size_of(self.folder)
        for done, (cue, text) in enumerate(missing.items()):
            if stopping():
                return None
            if room <= 0:
                left = len(missing) - done
                # TRANSLATORS: {folder} is where the rendered spoken lines are kept
                return n_(
                    "The spoken lines already kept fill {megabytes} MB ({folder}), so {count} more stays silent; "
                    "deleting that folder frees it (lines are rendered again when a routine is saved).",
                    "The spoken lines already kept fill {megabytes} MB ({folder}), so {count} more stay silent; "
                    "deleting that folder frees it (lines are rendered again when a routine is saved).",
                    left,
                ).format(megabytes=MAX_VOICE_CACHE_BYTES // 2**20, folder=self.folder, count=left)
            if not self._render_one(text, self.path_for(cue), voice):
                failed.append(text)
            else:
                room -= _size_of_file(self.path_for(cue))
        if failed:
            return n_(
                "{count} spoken line could not be rendered (see the log); it stays silent.",
                "{count} spoken lines could not be rendered (see the log); they stay silent.",
                len(failed),
            ).format(count=len(failed))
        return None

    def _render_one(self, text: str, target: Path, voice: str) -> bool:
        assert self._command is not None
        if len(text) > MAX_SPOKEN_CHARS:  # a routine file is checked on loading; this is the last line of defence
            log.warning("speech: a line of %d characters is not rendered (at most %d)", len(text), MAX_SPOKEN_CHARS)
            return False
        shown = for_log(text, 60)
        partial: Path | None = None
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # a new file of our own (O_EXCL): a link planted at a name footdesk could be
            # guessed to use would have the engine write through it, outside the cache
            handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".wav", dir=target.parent)
            os.close(handle)
            partial = Path(name)
            result = self._run(
                self._command(partial, voice if _VOICE_NAME.fullmatch(voice) else DEFAULT_VOICE),
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT_S,
                check=False,
                env={**os.environ, OUT_VARIABLE: str(partial)},
            )
            if result.returncode != 0 or not partial.is_file():
                log.warning("speech: could not render %s (%s)", shown, _tail(result.stderr))
                return False
            problem = voice_file_problem(partial)
            if problem is not None:  # a cut-off file (a full disk) is never cached for good
                log.warning("speech: %s is not kept: %s", shown, for_log(problem, 200))
                return False
            os.replace(partial, target)
            return True
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("speech: could not render %s (%s)", shown, for_log(str(exc) or type(exc).__name__, 200))
            return False
        finally:
            if partial is not None:
                partial.unlink(missing_ok=True)


def _size_of(folder: Path) -> int:
    """What the rendered voices in the folder take, in bytes."""
    try:
        with os.scandir(folder) as found:
            return sum(
                entry.stat(follow_symlinks=False).st_size for entry in found if entry.is_file(follow_symlinks=False)
            )
    except OSError:
        return 0


def _size_of_file(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tail(output: bytes | str | None) -> str:
    if not output:
        return "no output"
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    return for_log(text.strip().splitlines()[-1], 200) if text.strip() else "no output"


class BackgroundSpeech:
    """footdesk.appmodel.VoiceRenderer for the window: one worker thread renders,
    so that a routine of a hundred lines (about 50 ms each) never holds the
    countdown, and a line not ready yet just stays silent. What it has to say
    (what it prepares, what failed) reaches the window's thread through
    ``post``. The engine is looked for in the worker too."""

    def __init__(self, make: Callable[[], SpeechRenderer], post: Callable[[Callable[[], None]], None]) -> None:
        self._make = make
        self._post = post
        self._work: queue.SimpleQueue[tuple[dict[str, str], Callable[[str], None], str]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._pending = 0
        self._lock = threading.Lock()
        self.busy = threading.Event()
        """Set while lines are waiting or being rendered (for tests and quitting)."""

    def render(self, lines: dict[str, str], told: Callable[[str], None], voice: str = DEFAULT_VOICE) -> None:
        if self._stopping.is_set():
            return
        with self._lock:
            self._pending += 1
            self.busy.set()
        self._work.put((dict(lines), told, voice))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="footdesk-voice", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Render nothing more (quitting): the line being rendered finishes, no other starts."""
        self._stopping.set()

    def wait(self, timeout: float) -> bool:
        """True once everything asked so far is rendered (or given up)."""
        deadline = time.monotonic() + timeout
        while self.busy.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.busy.is_set()

    def _run(self) -> None:
        renderer: SpeechRenderer | None = None
        while not self._stopping.is_set():
            lines, told, voice = self._work.get()
            try:
                renderer = renderer or self._make()
                count = len(renderer.missing(lines))
                if count and renderer.available:
                    self._say(
                        told,
                        n_(
                            "Preparing {count} spoken line of your routine; each plays once it is ready.",
                            "Preparing {count} spoken lines of your routine; each plays once it is ready.",
                            count,
                        ).format(count=count),
                    )
                said = renderer.render_now(lines, self._stopping.is_set, voice)
                if said:
                    self._say(told, said)
                elif count and renderer.available and not self._stopping.is_set():
                    self._say(
                        told, n_("{count} spoken line ready.", "{count} spoken lines ready.", count).format(count=count)
                    )
            except Exception:  # a bug here must not end the worker silently for good
                log.exception("speech: rendering failed")
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self.busy.clear()

    def _say(self, told: Callable[[str], None], sentence: str) -> None:
        self._post(lambda: told(sentence))
