"""Words in the person's language: the one home of which language footdesk
speaks, of looking a text up in its catalog, and of the names and numbers a
date or a score is written with.

Every text a person reads or hears goes through ``_`` (or ``n_`` for a text
that depends on a count, ``p_`` where the same English means two things).
Catalogs are gettext ``.po`` files in ``footdesk/locale/<code>/LC_MESSAGES``,
which translation platforms (Weblate, Transifex, Poedit) read and write; the
build compiles them to ``.mo`` (setup.py), so no binary is kept in the
repository. CONTRIBUTING.md says how to add a language and update strings.

A text kept at import time (a table of labels, a constant) is marked with
``N_`` and looked up with ``_`` where it is shown: the language is chosen after
the modules are imported, and may be a different one in a test.

Qt-free: the window fills ``Formats`` from QLocale (platform/locale_InUse.formats.py);
the terminal does the same when it writes dates, and everything else, tests
included, sees English names until then.
"""

from __future__ import annotations

import gettext
import logging
import os
import re
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOMAIN = "footdesk"
ENGLISH = "en"
PSEUDO = "qps-ploc"
"""The pseudo-locale (Windows' name for it): every text longer and accented,
its placeholders kept, so a screenshot or a test shows what would clip or was
left out of the catalog. Chosen with LANGUAGE=qps-ploc; never offered in Settings."""
LANGUAGE_SETTING_SYSTEM = ""
"""The settings value that follows the system's language."""


@dataclass(frozen=True)
class Language:
    """A language footdesk ships: its catalog code, its name in itself (how a
    person finds it in a list), the espeak-ng voice its lines are said in, and
    its writing direction."""

    code: str
    name: str
    voice: str
    right_to_left: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language(ENGLISH, "English", "en-us"),
    Language("de", "Deutsch", "de"),
    Language("fr", "Français", "fr-fr"),
    Language("es", "Español", "es"),
    Language("it", "Italiano", "it"),
    Language("pt_BR", "Português (Brasil)", "pt-br"),
    Language("nl", "Nederlands", "nl"),
    Language("pl", "Polski", "pl"),
)
LANGUAGE_BY_CODE: Mapping[str, Language] = {language.code: language for language in LANGUAGES}
_PSEUDO_LANGUAGE = Language(PSEUDO, "Pseudo (longer, accented)", "en-us")
SYSTEM_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where the system says its language, in gettext's order: LANGUAGE (a list,
colon-separated) first; LC_ALL, LC_MESSAGES and LANG name one locale."""


def language_of(code: str) -> Language:
    """The shipped language a code names (``pt_BR``, ``de``), English for
    anything else: a routine or a setting may name one footdesk does not ship."""
    if code == PSEUDO:
        return _PSEUDO_LANGUAGE
    return LANGUAGE_BY_CODE.get(match_language(code) or ENGLISH, LANGUAGE_BY_CODE[ENGLISH])


def match_language(locale_name: str) -> str | None:
    """The shipped language's code a locale name means, or None: ``de_AT.UTF-8``
    is German, ``pt`` and ``pt-PT`` the Portuguese footdesk ships (Brazil's),
    ``C`` and ``POSIX`` none (the caller goes on to the next variable)."""
    name = locale_name.strip().split(".")[0].split("@")[0].replace("-", "_")
    if name.casefold() == PSEUDO.replace("-", "_").casefold():
        return PSEUDO
    if not name or name in ("C", "POSIX"):
        return None
    language, _, region = name.partition("_")
    language = language.casefold()
    exact = f"{language}_{region.upper()}"
    if exact in LANGUAGE_BY_CODE:
        return exact
    if language in LANGUAGE_BY_CODE:
        return language
    return next((code for code in LANGUAGE_BY_CODE if code.split("_")[0] == language), None)


def choose_language(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """The language footdesk shows: Settings → Language when it names one,
    else the system's first that footdesk ships, else English."""
    if setting and (chosen := match_language(setting)):
        return chosen
    env = os.environ if environ is None else environ
    for variable in SYSTEM_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        if variable == "LANGUAGE":
            # GNU gettext ignores LANGUAGE under the plain C locale (not C.UTF-8); so do we
            if _is_c_locale(env):
                continue
            for item in value.split(":"):
                if chosen := match_language(item):
                    return chosen
            continue
        return match_language(value) or ENGLISH
    return ENGLISH


def _is_c_locale(env: Mapping[str, str]) -> bool:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := env.get(variable, ""):
            return value in ("C", "POSIX")
    return True


# Catalogs ----------------------------------------------------------------------------------


def catalog_folder() -> Path:
    """Where the compiled catalogs are: inside the package, from a wheel, an
    editable install and a bundle alike."""
    return Path(__file__).resolve().parent / "locale"


class _Pseudo(gettext.NullTranslations):
    """Every text made about 40 % longer and accented, placeholders kept."""

    def gettext(self, message: str) -> str:
        return pseudo_text(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_text(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo_text(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_text(msgid1 if n == 1 else msgid2)


MAX_CATALOG_BYTES = 8 * 2**20
"""A catalog is about 200 KB; a file many times that is not one of footdesk's."""


_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_KEPT = re.compile(r"--[\w-]+|\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|<[^<>]*>|&[a-z]+;|\[[^\[\]]*\]")
"""What the pseudo-locale leaves as it is: command options, format placeholders,
Qt rich-text tags and entities, and the keys shown in brackets ("[Space]")."""


def pseudo_text(message: str) -> str:
    """``message`` accented, and padded to about 140 % of its length between
    brackets, which show where a text was cut; an empty text stays empty."""
    if not message:
        return message
    pieces: list[str] = []
    at = 0
    for kept in _KEPT.finditer(message):
        pieces.append(message[at : kept.start()].translate(_ACCENTED))
        pieces.append(kept.group())
        at = kept.end()
    pieces.append(message[at:].translate(_ACCENTED))
    padding = "·" * max(1, (len(message) * 2) // 5)
    return f"⟦{''.join(pieces)}{padding}⟧"


class _SortedCatalog(gettext.NullTranslations):
    """A compiled catalog read as it is asked: a text is found by binary search
    in the .mo file's sorted table of originals (packaging/catalogs.py writes it
    so, as the format asks), instead of every text being decoded at start
    (6 ms of the first window for 1,600 texts). What was found is kept."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        magic, _revision, count, originals, translations = struct.unpack("<5I", data[:20])
        if magic != 0x950412DE:
            raise ValueError("not a little-endian .mo file")
        if originals + 8 * count > len(data) or translations + 8 * count > len(data):
            raise ValueError("its tables run past its end")
        self._data = data
        self._count = count
        self._originals = originals
        self._translations = translations
        self._found: dict[str, str | None] = {}
        self.plural = _plural_of(self._lookup("") or "")
        for n in (*range(0, 202), 1_000, 1_000_000):  # a rule that fails (n/0) fails here, not at a count on screen
            self.plural(n)

    def _entry(self, table: int, index: int) -> bytes:
        length, offset = struct.unpack_from("<2I", self._data, table + 8 * index)
        if offset + length > len(self._data):
            raise ValueError("an entry runs past the end of the file")
        return self._data[offset : offset + length]

    def _lookup(self, key: str) -> str | None:
        if key in self._found:
            return self._found[key]
        wanted = key.encode("utf-8")
        low, high = 0, self._count
        text = None
        try:
            while low < high:
                middle = (low + high) // 2
                if self._entry(self._originals, middle) < wanted:
                    low = middle + 1
                else:
                    high = middle
            if low < self._count and self._entry(self._originals, low) == wanted:
                text = self._entry(self._translations, low).decode("utf-8")
        except (ValueError, struct.error):  # a damaged entry (its place, its UTF-8): that text in English
            text = None
        if text is not None and key and not _same_placeholders(key, text):
            logging.getLogger(__name__).warning(
                "a translation of %r does not keep its placeholders; it is shown in English", key[:80]
            )
            text = None
        self._found[key] = text
        return text

    def gettext(self, message: str) -> str:
        return self._lookup(message) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._lookup(f"{context}\x04{message}") or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._form(self._lookup(f"{msgid1}\x00{msgid2}"), msgid1, msgid2, n)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._form(self._lookup(f"{context}\x04{msgid1}\x00{msgid2}"), msgid1, msgid2, n)

    def _form(self, found: str | None, msgid1: str, msgid2: str, n: int) -> str:
        if found is None:
            return msgid1 if n == 1 else msgid2
        forms = found.split("\x00")
        try:
            form = int(self.plural(n))
        except (ArithmeticError, ValueError, TypeError):  # a rule that fails only for this count
            return msgid1 if n == 1 else msgid2
        return forms[min(max(form, 0), len(forms) - 1)]


_PLURAL_FORMS = re.compile(r"plural=([^;\n]*)")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _same_placeholders(key: str, text: str) -> bool:
    """Whether a translation fills in what its English does, and nothing else: a
    placeholder renamed or added would end footdesk with a KeyError where it is
    shown, one reaching into an argument (``{count.__class__}``) could show its
    insides. A plural form may leave the count out ("one day"), never add one."""
    english = key.rpartition("\x04")[2].split("\x00")
    wanted = placeholder_names(english[0])
    forms = [placeholder_names(form) for form in text.split("\x00")]
    if any(name is None for form in forms for name in form):
        return False
    if len(english) == 1:
        return all(form == wanted for form in forms)
    allowed = wanted | placeholder_names(english[1])
    return all(form <= allowed for form in forms)


def placeholder_names(text: str) -> set[str | None]:
    """The names a text's ``{placeholders}`` fill in; a translation may write one
    its own way ("{week}" for "{week:02d}"), never reach into it ("{count.real}",
    "{count[0]}": None). ``{{`` and ``}}`` are braces, not placeholders."""
    names: set[str | None] = set()
    for found in _PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")):
        name = re.split(r"[!:]", found[1:-1], maxsplit=1)[0]
        names.add(None if "." in name or "[" in name else name)
    return names


def _plural_of(header: str) -> Callable[[int], int]:
    """The header's plural rule, read by gettext's own parser of C expressions
    (which refuses anything but arithmetic and comparisons); English's without one."""
    found = _PLURAL_FORMS.search(header)
    if found is None:
        return lambda n: int(n != 1)
    return gettext.c2py(found.group(1).strip())


_UNREADABLE = (OSError, ValueError, LookupError, ArithmeticError, TypeError, struct.error, SyntaxError, RecursionError)
"""What a damaged or hand-made catalog raises while it is read: its tables, its
UTF-8, its Plural-Forms (a C expression gettext parses, then tried on counts)."""


def load_translations(code: str, folder: Path | None = None) -> gettext.NullTranslations:
    """The catalog of ``code``; English (the texts as written) when there is
    none, so a missing or broken catalog never stops footdesk."""
    if code == PSEUDO:
        return _Pseudo()
    if code == ENGLISH:
        return gettext.NullTranslations()
    where = (folder or catalog_folder()) / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        if where.stat().st_size > MAX_CATALOG_BYTES:
            raise ValueError(f"larger than {MAX_CATALOG_BYTES // 2**20} MB")
        return _SortedCatalog(where.read_bytes())
    except FileNotFoundError:
        logging.getLogger(__name__).warning("%s: not installed; footdesk speaks English", where)
    except (
        OSError,
        ValueError,
        LookupError,
        ArithmeticError,
        TypeError,
        struct.error,
        SyntaxError,
        RecursionError,
    ) as problem:
        # a damaged or hand-made catalog (its Plural-Forms header is a C expression gettext parses)
        logging.getLogger(__name__).warning("%s: cannot be read (%s); footdesk speaks English", where, problem)
    return gettext.NullTranslations()


class _InUse:
    """The language in use (one per process: the window and the terminal speak one)."""

    translations: gettext.NullTranslations = gettext.NullTranslations()
    code: str = ENGLISH
    formats: Formats


def use_language(code: str, folder: Path | None = None) -> Language:
    """From now on every ``_`` answers in ``code`` (English when footdesk does
    not ship it or its catalog cannot be read); the language in use is returned."""
    language = language_of(code)
    translations = load_translations(language.code, folder)
    if type(translations) is gettext.NullTranslations:  # English, or a catalog missing or unreadable
        language = LANGUAGE_BY_CODE[ENGLISH]  # then dates and the voice are English too, not half of each
    _InUse.translations = translations
    _InUse.code = language.code
    set_formats(ENGLISH_FORMATS)  # QLocale's names come after (platform/locale_InUse.formats.py)
    return language


def current_language() -> Language:
    return language_of(_InUse.code)


def has_catalog(code: str, folder: Path | None = None) -> bool:
    """Whether ``code``'s compiled catalog is installed (a source checkout not
    built since a language was added has the .po only)."""
    return code in (ENGLISH, PSEUDO) or ((folder or catalog_folder()) / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()


def _(message: str) -> str:
    """``message`` in the person's language."""
    return _InUse.translations.gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The form of a text that fits ``count`` (Polish has three); the count
    itself is put in by the caller's ``format``."""
    return _InUse.translations.ngettext(singular, plural, count)


def p_(context: str, message: str) -> str:
    """``message`` where the same English says two things ("Back" the key, "back"
    the body part): ``context`` tells translators which."""
    return _InUse.translations.pgettext(context, message)


def np_(context: str, singular: str, plural: str, count: int) -> str:
    return _InUse.translations.npgettext(context, singular, plural, count)


_OTHER_LANGUAGES: dict[str, gettext.NullTranslations] = {}


def p_in(code: str, context: str, message: str) -> str:
    """``message`` in another language than the window's: an own routine written
    in French says "{side}" in French whatever the window speaks."""
    language = language_of(code)
    if language.code == _InUse.code:
        return p_(context, message)
    if language.code not in _OTHER_LANGUAGES:
        _OTHER_LANGUAGES[language.code] = load_translations(language.code)
    return _OTHER_LANGUAGES[language.code].pgettext(context, message)


def pN_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - N_ with a context, as extractors know it
    """Marks a text kept at import time with its context; ``p_(*marked)`` looks it up."""
    return (context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for the marker, which extractors know
    """Marks a text kept at import time for the catalog; ``_`` looks it up where it is shown."""
    return message


_Folder = TypeVar("_Folder", bound="Traversable")


def voice_folder(sounds: _Folder, code: str) -> _Folder:
    """Where the spoken prompts of a language are shipped: English beside the
    tones (as before there were languages), another in a folder of its own."""
    return sounds if code in (ENGLISH, PSEUDO) else cast("_Folder", sounds.joinpath(code))


def capital_first(text: str) -> str:
    """``text`` to begin a sentence or a line: its first letter a capital, the
    rest as written (``str.capitalize`` would lower a German noun: "Fuß")."""
    return text[:1].upper() + text[1:]


# Dates and numbers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Formats:
    """The names and signs a date or a number is written with in one language:
    filled from QLocale where Qt is loaded, English until then."""

    weekdays_short: tuple[str, ...]
    """Monday first, as ISO weeks (and the review) go."""
    weekdays: tuple[str, ...]
    months_short: tuple[str, ...]
    """January first."""
    months: tuple[str, ...]
    """In a date's form ("16 listopada" in Polish, not the calendar heading's "listopad")."""
    decimal_point: str


ENGLISH_FORMATS = Formats(
    weekdays_short=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months_short=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    months=tuple("January February March April May June July August September October November December".split()),
    decimal_point=".",
)
_InUse.formats = ENGLISH_FORMATS


def set_formats(formats: Formats) -> None:
    _InUse.formats = formats


def formats() -> Formats:
    return _InUse.formats


def weekday_short(day: date) -> str:
    return _InUse.formats.weekdays_short[day.weekday()]


def weekday_name(day: date) -> str:
    return _InUse.formats.weekdays[day.weekday()]


def day_month(day: date) -> str:
    """ "7 Dec" in the person's language and order."""
    return p_("date", "{day} {month}").format(day=day.day, month=_InUse.formats.months_short[day.month - 1])


def day_month_year(day: date) -> str:
    return p_("date", "{day} {month} {year}").format(
        day=day.day, month=_InUse.formats.months_short[day.month - 1], year=day.year
    )


def day_full_month(day: date) -> str:
    """ "16 November"."""
    # TRANSLATORS: a day with its month's full name ("16 November"; Spanish "16 de noviembre")
    return p_("date", "{day} {month_name}").format(day=day.day, month_name=_InUse.formats.months[day.month - 1])


def weekday_day_month(day: date, two_digit_day: bool = False) -> str:
    """ "Mon 7 Dec"; "Mon 07 Dec" for the terminal's columns, which line up by it."""
    return p_("date", "{weekday} {day} {month}").format(
        weekday=weekday_short(day),
        day=f"{day.day:02d}" if two_digit_day else day.day,
        month=_InUse.formats.months_short[day.month - 1],
    )


def weekday_day_month_year(day: date) -> str:
    return p_("date", "{weekday} {day} {month} {year}").format(
        weekday=weekday_short(day), day=day.day, month=_InUse.formats.months_short[day.month - 1], year=day.year
    )


def clock_time(moment: datetime) -> str:
    """24-hour "18:05": every shipped language writes it so."""
    return f"{moment:%H:%M}"


def decimal(value: float, places: int = 1) -> str:
    """``value`` with ``places`` decimals and the language's decimal sign ("2,3" in German)."""
    text = f"{value:.{places}f}"
    return text.replace(".", _InUse.formats.decimal_point) if _InUse.formats.decimal_point != "." else text
