"""Which language footdesk speaks, and how it writes dates and numbers in it."""

from __future__ import annotations

from datetime import date

import pytest

from footdesk import i18n


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "pt_BR.UTF-8"}, "pt_BR"),
        ({"LANG": "pt_PT.UTF-8"}, "pt_BR"),
        ({"LANG": "pl_PL.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "pl_PL.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LC_ALL": "nl_NL.UTF-8"}, "nl"),
        # LANGUAGE is a list: the first footdesk ships wins
        ({"LANG": "es_ES.UTF-8", "LANGUAGE": "sv:it:de"}, "it"),
        # gettext ignores LANGUAGE under the C locale, and so does footdesk
        ({"LANG": "C", "LANGUAGE": "de"}, "en"),
        ({"LANGUAGE": "de"}, "en"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "de"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "en"),
        ({"LANG": "fr_CA.UTF-8@euro"}, "fr"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "qps-ploc"}, i18n.PSEUDO),
    ],
)
def test_the_system_chooses_the_language(environ, expected):
    assert i18n.choose_language("", environ) == expected


def test_settings_language_wins_over_the_system():
    assert i18n.choose_language("pl", {"LANG": "de_DE.UTF-8"}) == "pl"
    # a value footdesk does not ship (a hand-edited file) falls back to the system's
    assert i18n.choose_language("xx", {"LANG": "de_DE.UTF-8"}) == "de"


def test_an_unknown_language_is_english():
    assert i18n.language_of("tlh").code == "en"
    assert i18n.language_of("pt").code == "pt_BR"


def test_the_pseudo_locale_keeps_placeholders_keys_and_tags_and_is_longer():
    text = "Start {title} now [Space] <b>%s</b> &amp; go"
    pseudo = i18n.pseudo_text(text)
    for kept in ("{title}", "[Space]", "<b>", "%s", "</b>", "&amp;"):
        assert kept in pseudo
    assert "Start" not in pseudo and "Šţàŕţ" in pseudo
    assert len(pseudo) >= 1.4 * len(text)
    assert i18n.pseudo_text("") == ""


def test_in_the_pseudo_locale_every_text_is_changed_and_back_in_english_after():
    i18n.use_language(i18n.PSEUDO)
    assert i18n._("Done") != "Done"
    assert i18n.n_("{count} day", "{count} days", 3).format(count=3).startswith("⟦3 ")
    i18n.use_language("en")
    assert i18n._("Done") == "Done"


def test_english_dates_and_numbers():
    day = date(2026, 12, 7)
    assert i18n.weekday_day_month(day) == "Mon 7 Dec"
    assert i18n.day_month_year(day) == "7 Dec 2026"
    assert i18n.weekday_name(day) == "Monday"
    assert i18n.decimal(2.25) == "2.2" or i18n.decimal(2.25) == "2.3"
    assert i18n.decimal(5.75, 2) == "5.75"


def test_qlocale_gives_the_names_and_the_decimal_sign():
    pytest.importorskip("PySide6")
    from footdesk.platform.locale_formats import formats_for

    german = formats_for(i18n.language_of("de"))
    assert german.weekdays_short[0] == "Mo."
    assert german.months_short[11] == "Dez."
    assert german.decimal_point == ","
    assert formats_for(i18n.language_of("en")) is i18n.ENGLISH_FORMATS
    i18n.set_formats(german)
    assert i18n.decimal(2.34) == "2,3"
    assert i18n.weekday_short(date(2026, 12, 13)) == "So."


def test_a_missing_catalog_leaves_footdesk_in_english(tmp_path):
    language = i18n.use_language("de", folder=tmp_path)
    assert language.code == "en" and i18n.current_language().code == "en"
    assert i18n._("Done") == "Done"


def test_a_broken_catalog_leaves_footdesk_in_english(tmp_path):
    broken = tmp_path / "de" / "LC_MESSAGES" / "footdesk.mo"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\xde\x12\x04\x95garbage")
    i18n.use_language("de", folder=tmp_path)
    assert i18n._("Done") == "Done"


def test_a_language_is_written_as_the_system_writes_it_in_settings_too(tmp_path):
    from footdesk.settings import load_settings

    for written, meant in (("pt-BR", "pt_BR"), ("DE", "de"), ("nl_NL.UTF-8", "nl"), ("", "")):
        path = tmp_path / "settings.toml"
        path.write_text(f'[general]\nlanguage = "{written}"\n', encoding="utf-8")
        loaded = load_settings(path, {})
        assert (loaded.settings.language, loaded.problems) == (meant, ()), written
    path.write_text('[general]\nlanguage = "tlh"\n', encoding="utf-8")
    loaded = load_settings(path, {})
    assert loaded.settings.language == "" and "language" in (loaded.problems[0].key or "")


def test_a_routine_in_the_pseudo_locale_is_said_in_english():
    from footdesk.cues import speech_voice

    assert speech_voice("qps-ploc") == "en-us"
    assert speech_voice("de") == "de" and speech_voice("pt-BR") == "pt-br" and speech_voice("sv") == "sv"
