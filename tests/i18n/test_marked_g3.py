"""The model's and the session's words go through the catalog (G3's files):
under the pseudo-locale every one comes out accented and bracketed, its
placeholders filled; the texts kept at import time stay English until shown."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from footdesk import cues, i18n, keys, reminder, settings


def translated(text: str) -> bool:
    return text.startswith("⟦") and text.endswith("⟧")


def test_texts_kept_at_import_stay_english_and_are_looked_up_where_shown(pseudo: None) -> None:
    assert cues.VOICE_LINES["say-sound-check"] == "This is how footdesk sounds."
    assert keys.EFFORT_KEYS[0] == ("E", "easy")
    assert reminder.TITLE == "Time for your feet"
    assert settings.FIELD_BY_ATTRIBUTE["volume"].label == "Volume"
    assert translated(i18n._(settings.FIELD_BY_ATTRIBUTE["volume"].label))
    assert translated(reminder.Snooze.TOMORROW.label)


def test_the_session_words_and_the_reminder_are_translated(pseudo: None) -> None:
    assert translated(cues.end_heading(completed=True, stopped=False))
    now = datetime(2026, 12, 7, 9, 0)
    text = reminder.next_reminder_text(now, time(18, 30), reminder.ReminderMemory(), done_today=False)
    assert translated(text) and "18:30" in text


def test_the_settings_problems_are_translated(pseudo: None, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[sound]\nvolume = 500\n", encoding="utf-8")
    loaded = settings.load_settings(path, {})
    (problem,) = loaded.problems
    assert translated(problem.message) and "500" in problem.message
    assert translated(str(problem))
    assert translated(settings.SECTIONS[0].heading("Foot strength")) and "Foot strength" in settings.SECTIONS[
        0
    ].heading("Foot strength")


def test_english_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[sound]\nvolume = 500\n", encoding="utf-8")
    (problem,) = settings.load_settings(path, {}).problems
    assert str(problem) == f"{path}, line 2, sound.volume: 500 is not a whole number from 0 to 100; using 80"
    assert settings.SECTIONS[0].heading("Foot strength") == "Durations of Foot strength"
