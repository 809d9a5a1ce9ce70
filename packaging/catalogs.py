"""footdesk's translations: gettext catalogs, kept as .po text, compiled at build time.

    python3 packaging/catalogs.py extract        # footdesk/locale/footdesk.pot from the code and the built-in routine
    python3 packaging/catalogs.py update         # every .po brought up to the .pot (new texts empty, changed fuzzy)
    python3 packaging/catalogs.py init de        # a new language's .po
    python3 packaging/catalogs.py compile        # .mo beside each .po (pip install -e . does this too)
    python3 packaging/catalogs.py check          # what each .po lacks or gets wrong, as the tests see it
    python3 packaging/catalogs.py desktop        # the desktop entry's Comment[de]=… from the catalogs

Babel (a build requirement, see pyproject.toml) reads and writes the catalogs:
it extracts ``_``/``n_``/``p_``/``np_``/``N_`` from the code, merges, checks
placeholders and plural forms, and writes the binary .mo that Python's gettext
reads. The built-in routine's texts (titles, instructions, spoken lines) come
from assets/routines/foot-strength.toml; a per-side instruction is extracted
once per side, whole ("… under your left foot."), so each language writes its
own sentence for each foot.

setup.py imports this file to compile the catalogs into the wheel (or, for an
editable install, beside the .po files); the .mo files are never committed.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "footdesk" / "locale"
TEMPLATE = LOCALE / "footdesk.pot"
ROUTINE = ROOT / "assets" / "routines" / "foot-strength.toml"
DOMAIN = "footdesk"
KEYWORDS = {
    "_": None,
    "N_": None,
    "n_": (1, 2),
    "p_": ((1, "c"), 2),
    "np_": ((1, "c"), 2, 3),
    "pN_": ((1, "c"), 2),
}
ROUTINE_CONTEXT = "routine foot-strength"
"""The msgctxt of the built-in routine's texts: their translators see where they
are said (footdesk.routine.BUILT_IN_CONTEXT, the same: a test keeps them so)."""
_SIDE = re.compile(r"\{side\}")
SIDES = ("left", "right")


def po_files(locale: Path = LOCALE) -> list[Path]:
    return sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def routine_texts(path: Path = ROUTINE) -> Iterator[tuple[str, str]]:
    """(text, where) for each text of the built-in routine a person reads or hears."""
    routine = tomllib.loads(path.read_text(encoding="utf-8"))
    yield routine["title"], "title"
    for step in routine["steps"]:
        where = f"step {step['id']}"
        for key in ("title", "say", "say_start", "picture_alt"):
            if key in step:
                yield step[key], f"{where} {key}"
        for line in step.get("say_guide", []):
            yield line, f"{where} say_guide"
        for line in step.get("instructions", []):
            if _SIDE.search(line):
                for side in SIDES:
                    yield _SIDE.sub(side, line), f"{where} instructions ({side} foot)"
                # the programme card says it once for both feet (footdesk.card.card_instructions)
                yield _SIDE.sub("left (then right)", line), f"{where} instructions (on the programme card, both feet)"
            else:
                yield line, f"{where} instructions"


DESKTOP_ENTRY = ROOT / "packaging" / "io.github.footdesk.footdesk.desktop"
DESKTOP_CONTEXT = "desktop entry"
DESKTOP_KEYS = ("GenericName", "Comment", "Keywords", "Name")
"""The desktop entry's keys a menu shows; "Name=footdesk" itself stays (a name)."""


def desktop_texts(path: Path = DESKTOP_ENTRY) -> Iterator[tuple[str, str]]:
    """(text, key) of the desktop entry's texts a menu shows, in its order."""
    for line in path.read_text(encoding="utf-8").splitlines():
        key, equals, value = line.partition("=")
        if equals and key in DESKTOP_KEYS and value != "footdesk":
            yield value, key


def desktop_entry_with_translations(path: Path = DESKTOP_ENTRY, locale: Path = LOCALE) -> str:
    """The desktop entry with each shown key's translations after it
    (``Comment[de]=…``), from each language's catalog; a key not translated
    there is left out for that language (the menu shows the English)."""
    catalogs = {po.parent.parent.name: _read(po, po.parent.parent.name) for po in po_files(locale)}
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, equals, value = line.partition("=")
        if equals and "[" in key:
            continue  # a translation made before: made again from the catalogs
        lines.append(line)
        if not equals or key not in DESKTOP_KEYS or value == "footdesk":
            continue
        for code, catalog in sorted(catalogs.items()):
            message = catalog.get(value, DESKTOP_CONTEXT)
            if message is not None and message.string and not message.fuzzy:
                translated = " ".join(str(message.string).split())  # one line, as the format wants
                lines.append(f"{key}[{code}]={translated}")
    return "\n".join(lines) + "\n"


def extract() -> Path:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(template_bytes())
    return TEMPLATE


def template_bytes() -> bytes:
    """The template as the code and the built-in routine make it now."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import write_po

    catalog = Catalog(project="footdesk", msgid_bugs_address="", copyright_holder="The footdesk developers")
    method_map = [("footdesk/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        if not filename.startswith("footdesk"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for text, where in routine_texts():
        catalog.add(text, None, [(str(ROUTINE.relative_to(ROOT)), 0)], auto_comments=[where], context=ROUTINE_CONTEXT)
    for text, key in desktop_texts():
        note = f"the desktop entry's {key}" + (
            "; words a menu's search finds, each ending in ;" if key == "Keywords" else ""
        )
        catalog.add(
            text, None, [(str(DESKTOP_ENTRY.relative_to(ROOT)), 0)], auto_comments=[note], context=DESKTOP_CONTEXT
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    return _without_date(buffer.getvalue())


def _without_date(po: bytes) -> bytes:
    """The template's creation date changes every run; leaving it out keeps the
    diff to what really changed."""
    return re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", po)


def _read(path: Path, locale: str | None = None):  # type: ignore[no-untyped-def]
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        return read_po(stream, locale=locale, abort_invalid=True)


def _write(path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, include_previous=True)
    path.write_bytes(_without_date(buffer.getvalue()))


def update() -> list[Path]:
    template = _read(TEMPLATE)
    done = []
    for po in po_files():
        catalog = _read(po, po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.obsolete.clear()  # a text gone from the code goes from the catalogs (git keeps the old ones)
        _write(po, catalog)
        done.append(po)
    return done


def init(code: str) -> Path:
    from babel.messages.catalog import Catalog

    template = _read(TEMPLATE)
    catalog = Catalog(locale=code, project="footdesk", copyright_holder="The footdesk developers", fuzzy=False)
    catalog.update(template)
    target = LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)}: already there; `update` brings it up to the template")
    _write(target, catalog)
    return target


def compile_catalogs(source: Path = LOCALE, target: Path | None = None) -> list[Path]:
    """Each ``source/<code>/LC_MESSAGES/footdesk.po`` as ``target/<code>/LC_MESSAGES/footdesk.mo``
    (beside it when no target is given). A fuzzy translation is left out: gettext
    then shows the English, which is better than a guess."""
    written = []
    for po in po_files(source):
        catalog = _read(po, po.parent.parent.name)
        out = (target or source) / po.parent.parent.name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        data = mo_bytes(catalog)
        if not out.exists() or out.read_bytes() != data:
            out.write_bytes(data)
        written.append(out)
    return written


def mo_bytes(catalog) -> bytes:  # type: ignore[no-untyped-def]
    """The catalog as a GNU .mo file, its original strings sorted byte by byte
    as the format asks, so footdesk.i18n finds a text by binary search without
    reading the whole catalog at start. A fuzzy or incomplete translation is
    left out (gettext shows the English). Python's gettext reads it too."""
    import struct

    entries: dict[bytes, bytes] = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        key = "\0".join(ids)
        if message.context:
            key = f"{message.context}\x04{key}"
        entries[key.encode("utf-8")] = "\0".join(strings).encode("utf-8")
    keys = sorted(entries)
    count = len(keys)
    ids_at = 28 + 16 * count  # after the header and the two tables
    id_data = b"".join(key + b"\0" for key in keys)
    str_at = ids_at + len(id_data)
    tables, strs = [], []
    offset = 0
    for key in keys:
        tables.append((len(key), ids_at + offset))
        offset += len(key) + 1
    offset = 0
    for key in keys:
        value = entries[key]
        strs.append((len(value), str_at + offset))
        offset += len(value) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    body = b"".join(struct.pack("<2I", *entry) for entry in tables + strs)
    return header + body + id_data + b"".join(entries[key] + b"\0" for key in keys)


def problems(po: Path) -> list[str]:
    """What a language's catalog lacks or gets wrong against the template: a
    text not translated (or fuzzy), a placeholder left out or added, a plural
    form missing."""
    template = _read(TEMPLATE)
    catalog = _read(po, po.parent.parent.name)
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        if translated is None or translated.fuzzy or not _complete(translated.string, catalog.num_plurals):
            found.append(f"not translated: {label!r}")
            continue
        wanted = _placeholders(label) | (_placeholders(message.id[1]) if isinstance(message.id, tuple) else set())
        strings = translated.string if isinstance(translated.string, (list, tuple)) else (translated.string,)
        for form in strings:
            if _placeholders(form) != wanted and not (isinstance(message.id, tuple) and _placeholders(form) <= wanted):
                found.append(f"placeholders differ: {label!r} -> {form!r}")
            if form.count("\t") != label.count("\t") or ("\\" in form and "\\" not in label):
                # a menu entry's tab puts its key in the shortcut column; "\\t" would show a backslash
                found.append(f"a tab or a backslash differs: {label!r} -> {form!r}")
    return found


def _complete(string, plurals: int) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(string, (list, tuple)):
        return len(string) == plurals and all(string)
    return bool(string)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[sd]")


def _placeholders(text: str) -> set[str | None]:
    """By name, as footdesk checks a translation when it reads one (footdesk.i18n.placeholder_names)."""
    from footdesk.i18n import placeholder_names

    return placeholder_names(text) | set(_PERCENT.findall(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract")
    commands.add_parser("update")
    commands.add_parser("compile")
    commands.add_parser("check")
    commands.add_parser("desktop", help="put the catalogs' translations into the desktop entry")
    init_parser = commands.add_parser("init")
    init_parser.add_argument("code", help="the language's code, as gettext names it: de, pt_BR")
    args = parser.parse_args(argv)
    if args.command == "extract":
        print(extract().relative_to(ROOT))
    elif args.command == "update":
        for po in update():
            print(po.relative_to(ROOT))
    elif args.command == "init":
        print(init(args.code).relative_to(ROOT))
    elif args.command == "desktop":
        DESKTOP_ENTRY.write_text(desktop_entry_with_translations(), encoding="utf-8")
        print(DESKTOP_ENTRY.relative_to(ROOT))
    elif args.command == "compile":
        for mo in compile_catalogs():
            print(mo.relative_to(ROOT))
    else:
        failed = False
        for po in po_files():
            found = problems(po)
            failed = failed or bool(found)
            print(f"{po.relative_to(ROOT)}: {len(found)} problems")
            for problem in found[:40]:
                print(f"  {problem}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
