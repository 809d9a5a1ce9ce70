"""Terminal output that prints in any locale (footdesk.platform.console)."""

from __future__ import annotations

import io

from footdesk.platform import console


def written(text: str, encoding: str) -> bytes:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding)
    console.tolerant_streams(stream)
    stream.write(text)
    stream.flush()
    return raw.getvalue()


def test_footdesks_typography_becomes_its_plain_look_alike():
    line = "footdesk — Week 2026-W47 (Mon 16 Nov – Sun 22 Nov 2026)  ✓ done · 4 → 3"
    assert written(
        line, "latin-1"
    ) == "footdesk - Week 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)  + done · 4 -> 3".encode("latin-1")
    assert written(line, "ascii") == b"footdesk - Week 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)  + done . 4 -> 3"


def test_what_the_encoding_has_is_written_as_it_is():
    assert written("Füße — ü", "latin-1") == "Füße - ü".encode("latin-1")
    assert written("footdesk — ✓", "utf-8") == "footdesk — ✓".encode()
    assert written("a – b", "cp1252") == "a – b".encode("cp1252")  # cp1252 has the en dash


def test_a_file_names_undecodable_bytes_are_given_back():
    name = b"/home/j\xfcrgen/out.csv".decode("utf-8", "surrogateescape")  # as os.fsdecode gives it in UTF-8
    assert written(f"written to {name}", "latin-1") == b"written to /home/j\xfcrgen/out.csv"
    assert written(f"written to {name}", "utf-8") == b"written to /home/j\xfcrgen/out.csv"


def test_anything_else_is_spelled_out_not_lost():
    assert written("Шаг 1", "latin-1") == rb"\u0428\u0430\u0433 1"


def test_a_missing_stream_is_left_alone():
    console.tolerant_streams(None, io.StringIO())  # pythonw has no stdout; StringIO has no encoding to fail
