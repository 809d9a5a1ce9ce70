"""Regenerate assets/sounds: synthesized tones and spoken prompts.

    python packaging/make_sounds.py                  # needs espeak-ng and sox (Debian packages)
    python packaging/make_sounds.py --language de    # one language's spoken prompts (and the tones)

Tones are synthesized here with the standard library (sine partials with a
short attack and a smooth release, so nothing clicks), written as 16-bit mono
WAV. Spoken prompts are rendered by espeak-ng, then trimmed of leading
silence (so a prompt starts the moment it is played), normalized to -3 dBFS
and stored as Ogg Vorbis by sox. footdesk ships the files, not espeak-ng.
Each shipped language's prompts are said by its own espeak-ng voice
(footdesk.i18n.LANGUAGES), with the texts of its catalog: English's beside
the tones, another language's in a folder named by its code (``de/``).

Every file's stem is a cue name; footdesk/cues.py names them, and the voice
texts come from the routine (assets/routines) and footdesk.cues.VOICE_LINES.
"""

from __future__ import annotations

import argparse
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogs import compile_catalogs

from footdesk.i18n import ENGLISH, LANGUAGES, use_language, voice_folder

RATE = 44100
PEAK = 0.7  # -3 dBFS: loud enough from across a room, never clipping
OUT = Path(__file__).resolve().parents[1] / "assets" / "sounds"

# (frequency Hz, duration s, level 0..1) notes played one after the other
Note = tuple[float, float, float]

TONES: dict[str, list[Note]] = {
    # get-ready 3-2-1: a plain mid pip
    "get-ready-pip": [(880, 0.09, 1.0)],
    # the clock starts: a rising pair, unmistakably "go"
    "go": [(880, 0.11, 0.9), (1320, 0.24, 1.0)],
    # the last three seconds of a timed part: higher and shorter than get-ready
    "last-seconds-pip": [(1320, 0.07, 0.85)],
    # halfway: one soft bell
    "halfway": [(1046.5, 0.45, 0.6)],
    # switch feet: a quick low-high-low swing
    "switch-feet": [(660, 0.09, 0.9), (880, 0.09, 0.9), (660, 0.14, 0.9)],
    # a step done: falling three notes
    "step-done": [(1318.5, 0.12, 0.9), (987.8, 0.12, 0.9), (659.3, 0.22, 0.9)],
    # the whole routine done: a major arpeggio that rings out
    "routine-done": [(523.3, 0.13, 0.85), (659.3, 0.13, 0.85), (784.0, 0.13, 0.85), (1046.5, 0.5, 1.0)],
    # heel-raise tempo: quiet ticks, up higher than down
    "tempo-up": [(1760, 0.03, 0.35)],
    "tempo-down": [(1174.7, 0.03, 0.35)],
}


def note_samples(frequency: float, seconds: float, level: float) -> list[float]:
    count = int(RATE * seconds)
    attack = int(RATE * 0.005)
    samples = []
    for i in range(count):
        t = i / RATE
        # a fundamental with a little second partial sounds like a bell, not a buzzer
        value = math.sin(2 * math.pi * frequency * t) + 0.25 * math.sin(4 * math.pi * frequency * t)
        envelope = min(1.0, i / attack) * math.exp(-3.0 * i / count)
        fade_out = min(1.0, (count - i) / attack)
        samples.append(value * envelope * fade_out * level)
    return samples


def write_tone(name: str, notes: list[Note]) -> Path:
    samples: list[float] = []
    for frequency, seconds, level in notes:
        samples += note_samples(frequency, seconds, level)
    # the loudest a note can be is 1.25 (two partials); "level" sets each cue's
    # loudness relative to the others, so quiet ticks stay quiet
    scale = PEAK / 1.25
    path = OUT / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * scale * 32767)) for s in samples))
    return path


def write_voice(name: str, text: str, workdir: Path, voice: str = "en-us", out: Path = OUT) -> Path:
    raw = workdir / f"{name}.wav"
    # the text on standard input: a line is never taken for one of espeak-ng's options
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), "--stdin"], input=text.encode(), check=True)
    path = out / f"{name}.ogg"
    subprocess.run(
        [
            "sox", str(raw), "-r", str(RATE), "-C", "4", str(path),
            # start at the first sound and end at the last: no dead air around a prompt
            "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse",
            "norm", "-3",
            "fade", "t", "0.005",
        ],
        check=True,
    )  # fmt: skip
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate footdesk's tones and spoken prompts.")
    parser.add_argument(
        "--language", action="append", choices=[language.code for language in LANGUAGES],
        help="render this language's spoken prompts only (again for more); default: every language",
    )  # fmt: skip
    args = parser.parse_args(argv)
    languages = [language for language in LANGUAGES if not args.language or language.code in args.language]
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"make_sounds: needs {' and '.join(missing)} (apt-get install espeak-ng sox)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in TONES.items():
        print(write_tone(name, notes).name)
    from footdesk.cues import TONES as NAMED_TONES
    from footdesk.cues import cue_file, voice_lines
    from footdesk.routine import load_default_routine

    assert set(TONES) == set(NAMED_TONES), "make_sounds.TONES and footdesk.cues.TONES must name the same cues"
    compile_catalogs()
    for language in languages:
        use_language(language.code)
        out = voice_folder(OUT, language.code)
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("say-*.ogg"):
            stale.unlink()
        with tempfile.TemporaryDirectory() as workdir:
            for cue, text in voice_lines(load_default_routine()).items():
                name, _language = cue_file(cue)
                print(write_voice(name, text, Path(workdir), language.voice, out).relative_to(OUT))
    use_language(ENGLISH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
