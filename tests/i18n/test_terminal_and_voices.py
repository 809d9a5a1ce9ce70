"""The terminal and the voice in every shipped language: `footdesk --help` and
`footdesk routine list` come out in it, and every line the built-in routine and
footdesk say has its recording in it."""

from __future__ import annotations

import pytest

from footdesk import cli
from footdesk.i18n import ENGLISH, LANGUAGES, p_, use_language, voice_folder

TRANSLATED = [language.code for language in LANGUAGES if language.code != ENGLISH]


def said(capsys, monkeypatch, code: str, *argv: str) -> str:
    monkeypatch.setenv("LANGUAGE", code)
    try:
        cli.main(list(argv))
    except SystemExit as ended:  # --help ends as argparse ends it
        assert ended.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("code", TRANSLATED)
def test_help_and_the_routine_list_are_in_the_language(capsys, monkeypatch, code):
    english_help = said(capsys, monkeypatch, ENGLISH, "--help")
    english_list = said(capsys, monkeypatch, ENGLISH, "routine", "list")
    help_text = said(capsys, monkeypatch, code, "--help")
    routines = said(capsys, monkeypatch, code, "routine", "list")
    assert help_text != english_help and routines != english_list
    # argparse's own words too: its "usage:" and its headings ("options" is French as well)
    assert not help_text.startswith("usage:") and "positional arguments" not in help_text
    use_language(code)
    title = p_("routine foot-strength", "Strong feet, happier back")
    assert title != "Strong feet, happier back" and title in routines


@pytest.mark.parametrize("code", [ENGLISH, *TRANSLATED])
def test_every_spoken_line_is_recorded_in_every_language(code):
    from importlib import resources

    from footdesk.cues import all_cues, cue_file, is_voice
    from footdesk.routine import load_default_routine

    use_language(code)
    sounds = resources.files("footdesk.assets").joinpath("sounds")
    missing = []
    for cue in sorted(all_cues(load_default_routine())):
        name, language = cue_file(cue)
        assert language == (code if is_voice(cue) else ENGLISH), cue
        folder = voice_folder(sounds, language)
        if not any(folder.joinpath(f"{name}{kind}").is_file() for kind in (".ogg", ".wav")):
            missing.append(cue)
    assert missing == [], f"{code}: run python3 packaging/make_sounds.py --language {code}"


def test_an_own_routine_in_french_hears_footdesks_own_lines_in_french_in_a_german_window():
    from footdesk.cues import shipped_cue, voice_cue
    from footdesk.routine import parse_routine

    use_language("de")
    routine = parse_routine(
        'id = "genou"\ntitle = "Genou"\nlanguage = "fr"\n[[steps]]\nid = "squat"\ntitle = "Squat"\n'
        'timing = "per-side"\nseconds = 30\nsay = "Pliez les genoux."\ninstructions = ["Jambe {side}."]\n'
    )
    step = routine.steps[0]
    assert shipped_cue("say-sides-left", routine.language) == "say-sides-left@fr"
    assert shipped_cue("say-well-done") == "say-well-done@de"  # the built-in routine's: the window's language
    assert voice_cue("Pliez les genoux.", "fr-fr") != voice_cue("Pliez les genoux.")
    # its {side} in French, whatever the window speaks
    from footdesk.routine import Side

    assert step.instructions_for(Side.LEFT) == ("Jambe gauche.",)


def test_the_reminder_keeps_a_german_nouns_capital_and_writes_english_titles_small():
    from footdesk.report import reminder_text
    from footdesk.routine import load_default_routine

    assert reminder_text(load_default_routine()) == (
        "5 min on the floor: roll each foot on a lacrosse ball, heel raises with a lacrosse ball."
    )
    use_language("de")
    german = reminder_text(load_default_routine())
    assert "Fersenheben" in german and "fersenheben" not in german


def test_the_programme_card_keeps_a_german_nouns_capital():
    from footdesk.card import card_sides
    from footdesk.routine import load_default_routine

    use_language("de")
    step = next(step for step in load_default_routine().steps if step.sides)
    sides = card_sides(step)
    assert "Fuß" in sides and "fuß" not in sides, sides


def test_a_key_left_out_of_a_routine_is_nothing_in_the_language_not_pythons_none(tmp_path, capsys, monkeypatch):
    routine = tmp_path / "untitled.toml"
    routine.write_text('id = "x"\n[[steps]]\nid = "a"\ntitle = "A"\ntiming = "untimed"\ninstructions = ["x"]\n')
    monkeypatch.setenv("LANGUAGE", "de")
    assert cli.main(["routine", "check", str(routine)]) == 1
    said = capsys.readouterr().err
    assert "nichts" in said and "None" not in said
