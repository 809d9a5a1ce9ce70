"""Spoken lines of a person's own routines, rendered with the computer's own
speech engine when the routine is saved (never during a countdown) and kept in
``user_cache_dir/voice`` as ``<text hash>.wav`` (footdesk.cues.voice_cue).

espeak-ng (or espeak) on Linux, ``say`` on macOS, SAPI through PowerShell on
Windows. footdesk neither links nor ships an engine; with none, the routine
runs with tones only and the person is told once.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

VOICE_PREFIX = "say-"  # footdesk.cues.VOICE_PREFIX, not imported: this module loads at start

log = logging.getLogger(__name__)

RENDER_TIMEOUT_S = 15
Run = Callable[..., "subprocess.CompletedProcess[bytes]"]


Command = Callable[[str, Path], list[str]]


def engine_command(platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which) -> Command | None:
    """How to render one line to a WAV file here, or None without an engine."""
    if platform == "darwin" and which("say"):
        return lambda text, out: ["say", "--file-format=WAVE", "--data-format=LEI16@22050", "-o", str(out), text]
    if platform == "win32" and (which("powershell") or which("pwsh")):
        shell = which("powershell") or which("pwsh") or "powershell"
        script = (
            "Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
            "$s.SetOutputToWaveFile($args[0]); $s.Speak($args[1]); $s.Dispose()"
        )
        return lambda text, out: [shell, "-NoProfile", "-NonInteractive", "-Command", script, str(out), text]
    for name in ("espeak-ng", "espeak"):
        found = which(name)
        if found:
            return _espeak(found)
    return None


def _espeak(program: str) -> Command:
    def command(text: str, out: Path) -> list[str]:
        return [program, "-v", "en-us", "-s", "150", "-w", str(out), text]

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

    def render(self, lines: dict[str, str]) -> str | None:
        missing = {cue: text for cue, text in lines.items() if not self.path_for(cue).is_file()}
        if not missing:
            return None
        if self._command is None:
            if self._told_no_engine:
                return None
            self._told_no_engine = True
            return (
                "No speech engine was found (on Linux: install espeak-ng), so your routines' spoken lines "
                "stay silent; every tone still plays."
            )
        failed: list[str] = []
        for cue, text in missing.items():
            if not self._render_one(text, self.path_for(cue)):
                failed.append(text)
        if failed:
            return f"{len(failed)} spoken line(s) could not be rendered (see the log); they stay silent."
        return None

    def _render_one(self, text: str, target: Path) -> bool:
        assert self._command is not None
        partial = target.with_name(f".{target.stem}.{os.getpid()}.wav")
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            result = self._run(self._command(text, partial), capture_output=True, timeout=RENDER_TIMEOUT_S, check=False)
            if result.returncode != 0 or not partial.is_file() or partial.stat().st_size < 100:
                log.warning("speech: could not render %r (%s)", text, _tail(result.stderr))
                return False
            os.replace(partial, target)
            return True
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("speech: could not render %r (%s)", text, exc)
            return False
        finally:
            partial.unlink(missing_ok=True)


def _tail(output: bytes | str | None) -> str:
    if not output:
        return "no output"
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    return text.strip().splitlines()[-1][:200] if text.strip() else "no output"
