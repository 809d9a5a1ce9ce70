"""Every shipped language has every text, with the English one's placeholders
and the plural forms its grammar needs; the template follows the code."""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import pytest

from footdesk import i18n

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))
import catalogs  # noqa: E402

sys.path.pop(0)

TRANSLATED = [language.code for language in i18n.LANGUAGES if language.code != i18n.ENGLISH]


def test_the_template_follows_the_code():
    assert catalogs.TEMPLATE.read_bytes() == catalogs.template_bytes(), (
        "footdesk/locale/footdesk.pot is behind the code: run `python3 packaging/catalogs.py extract` "
        "and `python3 packaging/catalogs.py update`, then translate what is new"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_shipped_language_has_every_text_with_its_placeholders(code):
    po = catalogs.LOCALE / code / "LC_MESSAGES" / "footdesk.po"
    assert po.is_file(), f"{code}: no catalog"
    problems = catalogs.problems(po)
    assert not problems, f"{code}: {len(problems)} problems, the first: " + "\n".join(problems[:15])


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_shipped_language_has_the_plural_forms_of_its_grammar(code):
    from babel.messages.plurals import get_plural

    po = catalogs.LOCALE / code / "LC_MESSAGES" / "footdesk.po"
    catalog = catalogs._read(po, code)
    expected = get_plural(code).num_plurals  # gettext's count of forms for the language, from CLDR's rules
    assert catalog.num_plurals == expected, f"{code}: {catalog.num_plurals} plural forms, gettext's rule has {expected}"
    mo = i18n.catalog_folder() / code / "LC_MESSAGES" / "footdesk.mo"
    compiled = gettext.GNUTranslations(mo.open("rb"))
    # the header's formula is the one gettext uses: the counts pick every form there is, and no other
    forms = {compiled.plural(n) for n in (0, 1, 2, 3, 5, 12, 22, 25, 101, 1_000_000)}  # type: ignore[attr-defined]
    assert forms == set(range(expected))


def test_polish_counts_take_their_three_forms():
    i18n.use_language("pl")
    said = [i18n.n_("{count} day", "{count} days", n).format(count=n) for n in (1, 2, 5, 22, 25)]
    assert said[1] != said[2] and said[0] != said[1]
    assert said[3].removeprefix("22") == said[1].removeprefix("2")
    assert said[4].removeprefix("25") == said[2].removeprefix("5")


def test_the_built_in_routine_has_both_feet_of_a_sided_instruction_in_the_template():
    texts = dict(catalogs.routine_texts())
    assert "Stand with the ball under your left foot." in texts
    assert "Stand with the ball under your right foot." in texts


def test_the_desktop_entry_carries_every_languages_words():
    assert catalogs.DESKTOP_ENTRY.read_text(encoding="utf-8") == catalogs.desktop_entry_with_translations(), (
        "the desktop entry is behind the catalogs: run `python3 packaging/catalogs.py desktop`"
    )
    text = catalogs.DESKTOP_ENTRY.read_text(encoding="utf-8")
    for code in TRANSLATED:
        assert f"Comment[{code}]=" in text and f"GenericName[{code}]=" in text and f"Keywords[{code}]=" in text


@pytest.mark.parametrize("code", TRANSLATED)
def test_footdesks_reader_of_a_catalog_answers_as_pythons_gettext_does(code):
    mo = i18n.catalog_folder() / code / "LC_MESSAGES" / "footdesk.mo"
    ours = i18n.load_translations(code)
    assert type(ours).__name__ == "_SortedCatalog"
    theirs = gettext.GNUTranslations(mo.open("rb"))
    catalog = catalogs._read(catalogs.LOCALE / code / "LC_MESSAGES" / "footdesk.po", code)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5, 22, 1_000_000):
                if message.context:
                    assert ours.npgettext(message.context, *message.id, n) == theirs.npgettext(
                        message.context, *message.id, n
                    )
                else:
                    assert ours.ngettext(*message.id, n) == theirs.ngettext(*message.id, n)
        elif message.context:
            assert ours.pgettext(message.context, message.id) == theirs.pgettext(message.context, message.id)
        else:
            assert ours.gettext(message.id) == theirs.gettext(message.id)
    assert ours.gettext("a text no catalog has") == "a text no catalog has"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut off
        lambda data: b"",
        lambda data: b"\xde\x12\x04\x95" + b"\xff" * 100,
        lambda data: data.replace(b"plural=", b"plural=__import__('os').system('touch pwned')||"),
    ],
    ids=["cut off", "empty", "garbage", "code in its plural rule"],
)
def test_a_damaged_catalog_is_english_and_runs_nothing(tmp_path, damage, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = (i18n.catalog_folder() / "de" / "LC_MESSAGES" / "footdesk.mo").read_bytes()
    target = tmp_path / "de" / "LC_MESSAGES" / "footdesk.mo"
    target.parent.mkdir(parents=True)
    target.write_bytes(damage(data))
    language = i18n.use_language("de", folder=tmp_path)
    assert language.code == "en" or i18n.n_("{count} day", "{count} days", 3)  # English, or what could be read
    assert not (tmp_path / "pwned").exists()


def mo_of(entries: dict, plural_forms: str = "nplurals=2; plural=(n != 1);") -> bytes:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de")
    catalog.plural_forms  # noqa: B018 - the header is made from the locale; ours is put in below
    catalog.mime_headers = [
        *(h for h in catalog.mime_headers if h[0] != "Plural-Forms"),
        ("Plural-Forms", plural_forms),
    ]
    for english, translated in entries.items():
        catalog.add(english, translated)
    return catalogs.mo_bytes(catalog)


def use_catalog(tmp_path, data: bytes):
    target = tmp_path / "de" / "LC_MESSAGES" / "footdesk.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return i18n.use_language("de", folder=tmp_path)


def test_a_translation_that_renames_adds_or_reaches_into_a_placeholder_is_shown_in_english(tmp_path):
    use_catalog(
        tmp_path,
        mo_of(
            {
                "Step {number} of {count}": "Übung {nummer} von {count}",
                "Sound on [{key}]": "Ton an [{key}] {extra}",
                "{count} minutes": "{count.__class__} Minuten",
                "Done": "Fertig",
                ("{count} day", "{count} days"): ("ein Tag", "{count} Tage"),
            }
        ),
    )
    assert i18n._("Step {number} of {count}").format(number=2, count=4) == "Step 2 of 4"
    assert i18n._("Sound on [{key}]").format(key="M") == "Sound on [M]"
    assert i18n._("{count} minutes").format(count=3) == "3 minutes"
    assert i18n._("Done") == "Fertig"  # the rest of the catalog still speaks German
    # a plural's singular may leave the count out
    assert [i18n.n_("{count} day", "{count} days", n).format(count=n) for n in (1, 3)] == ["ein Tag", "3 Tage"]


def test_a_plural_rule_that_fails_at_some_count_leaves_footdesk_in_english(tmp_path):
    language = use_catalog(tmp_path, mo_of({"Done": "Fertig"}, "nplurals=2; plural=n/0;"))
    assert language.code == "en" and i18n._("Done") == "Done"
    assert i18n.n_("{count} day", "{count} days", 3) == "{count} days"


def test_a_translation_may_write_a_placeholder_its_own_way_but_not_reach_into_it():
    assert i18n.placeholder_names("Week {year}-W{week:02d} ({span})") == {"year", "week", "span"}
    assert i18n.placeholder_names("KW {week}/{year} ({span})") == {"year", "week", "span"}
    assert None in i18n.placeholder_names("{count.__class__} {count[0]}")
    assert i18n.placeholder_names("write {{side}} alone") == set()
    i18n.use_language("de")
    heading = i18n._("Week {year}-W{week:02d} ({span})").format(year=2026, week=5, span="…")
    assert heading == "KW 5/2026 (…)"  # the German week of the year, not the ISO code


def test_a_catalog_damaged_inside_its_entries_shows_those_texts_in_english_without_failing(tmp_path):
    import struct

    data = bytearray(mo_of({"Done": "Fertig", "Start": "Los"}))
    count, originals = struct.unpack_from("<2I", data, 8)
    length, _offset = struct.unpack_from("<2I", data, originals + 8 * (count - 1))
    struct.pack_into("<2I", data, originals + 8 * (count - 1), length, len(data) + 1000)  # its last text points outside
    use_catalog(tmp_path, bytes(data))
    assert i18n._("Start") in ("Start", "Los") and i18n._("Zzz, not there") == "Zzz, not there"


def test_a_plural_rule_that_fails_only_for_a_large_count_says_that_count_in_english(tmp_path):
    use_catalog(tmp_path, mo_of({("{count} day", "{count} days"): ("{count} Tag", "{count} Tage")},
                                "nplurals=2; plural=(n != 1) + 0/(n-5000000);"))  # fmt: skip
    assert i18n.n_("{count} day", "{count} days", 3).format(count=3) == "3 Tage"
    assert i18n.n_("{count} day", "{count} days", 5_000_000).format(count=5) == "5 days"
