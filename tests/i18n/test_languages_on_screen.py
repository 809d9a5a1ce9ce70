"""Every shipped language and the pseudo-locale on the screens a person sees
most, at 225 % text on a 1366x768 screen: nothing cut, nothing scrolling
sideways, and (in the pseudo-locale) no text on show that skipped the catalog.
One process walks them all (tests/helpers/languages.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from footdesk.i18n import LANGUAGES, PSEUDO
from tests.helpers.large_fonts import environment

REPO = Path(__file__).resolve().parents[2]
CODES = [language.code for language in LANGUAGES] + [PSEUDO]
SCREENS = ["home", "get-ready", "left foot", "right foot", "finished", "check-in", "safety card", "questionnaire",
           "activities", "review", "settings", "routines", "self-check", "keys"]  # fmt: skip


def test_every_language_fits_at_225_percent_and_the_pseudo_locale_finds_no_text_left_in_english(tmp_path):
    result = tmp_path / "screens.json"
    run = subprocess.run(
        [sys.executable, "-m", "tests.helpers.languages", str(result), *CODES],
        env=environment(tmp_path, 225),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    screens = json.loads(result.read_text(encoding="utf-8"))
    assert [(s["language"], s["name"]) for s in screens] == [(code, name) for code in CODES for name in SCREENS]
    for screen in screens:
        where = (screen["language"], screen["name"])
        assert screen["clipped"] == [], where
        assert screen["sideways"] == [], where
        if screen["language"] == PSEUDO:
            assert screen["untranslated"] == [], where
