"""The boundary for received files and the escapes for each place a string goes."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from footdesk.untrusted import (
    ReceivedFileError,
    control_character,
    csv_cell,
    for_log,
    for_terminal,
    read_regular_file,
    shape_problem,
)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, 100) == b"x" * 100


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ReceivedFileError, match="too large"):
        read_regular_file(path, 100)


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_regular_file(fifo, 100)
        except ReceivedFileError as exc:
            result.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO waited for a writer"
    assert "named pipe" in str(result[0])


def test_a_device_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(ReceivedFileError, match="a device"):
        read_regular_file(Path("/dev/zero"), 100)


def test_a_folder_and_a_socket_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReceivedFileError, match="a folder"):
        read_regular_file(tmp_path, 100)
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(ReceivedFileError, match="cannot read it"):
            read_regular_file(path, 100)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReceivedFileError, match="file not found") as caught:
        read_regular_file(tmp_path / "nope.toml", 100)
    assert str(tmp_path / "nope.toml") in str(caught.value)


def test_huge_numbers_and_deep_nesting_are_found_without_formatting_them() -> None:
    huge = int("f" * 4000, 16)  # str(huge) itself would raise
    assert shape_problem({"steps": [{"seconds": huge}]}) == (
        "steps.0.seconds",
        "seconds is a number far too large (more than 18 digits)",
    )
    nested: object = 1
    for _ in range(10):
        nested = [nested]
    _where, reason = shape_problem({"x": nested}) or ("", "")
    assert "nested too deep" in reason
    assert shape_problem({"id": "a", "steps": [{"seconds": 60, "tempo": [2, 2]}]}) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Roll the foot", None),
        ("a\x00b", "U+0000"),
        ("\x1b[2J", "U+001B"),
        ("over\u202eride", "U+202E"),
        ("line\nbreak", "U+000A"),
        ("c1\x9b", "U+009B"),
        ("Fuß rollen – ǅ", None),
    ],
)
def test_control_characters_are_named(text: str, found: str | None) -> None:
    assert control_character(text) == found


def test_a_terminal_sees_escapes_written_out_not_obeyed() -> None:
    shown = for_terminal("Calf\x1b[31m red\u202eevil\u200f\\")
    assert shown == "Calf\\x1b[31m red\\u202eevil\\u200f\\\\"
    assert all(ord(char) >= 0x20 for char in shown)


def test_the_log_gets_a_short_escaped_prefix() -> None:
    assert for_log("a\nb" + "x" * 500, limit=10) == "a\\x0abxxxxxxx… (493 more characters)"
    assert for_log("short") == "short"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(start: str) -> None:
    assert csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_csv_numbers_and_plain_text_stay_as_they_are() -> None:
    assert csv_cell(-3) == -3
    assert csv_cell("heel-raises") == "heel-raises"
    assert csv_cell(None) is None


def test_toml_problems_are_said_in_words_for_people() -> None:
    import tomllib

    from footdesk.untrusted import toml_problem

    for text, said in (
        ("a = " + "9" * 5000, "not valid TOML (it holds a number with thousands of digits)"),
        ("a = " + "[" * 100_000, "not valid TOML (it is nested too deep)"),
        ("a = = 1", "not valid TOML (Invalid value (at line 1, column 5))"),
    ):
        try:
            tomllib.loads(text)
        except (ValueError, RecursionError) as exc:
            assert toml_problem(exc) == said
        else:
            raise AssertionError(text)


def test_toml_that_does_not_parse_is_said_as_such_not_as_a_number_of_thousands_of_digits():
    import tomlkit

    from footdesk.untrusted import toml_problem

    try:
        tomlkit.parse("this = [is not")
    except ValueError as exc:  # tomlkit's ParseError
        said = toml_problem(exc)
    assert said.startswith("not valid TOML (") and "digits" not in said and "line 1" in said
    try:
        int("9" * 5000)
    except ValueError as exc:
        assert toml_problem(exc) == "not valid TOML (it holds a number with thousands of digits)"


def test_invisible_characters_are_written_out_in_a_terminal_but_the_joiners_scripts_need_are_kept():
    """Before: a zero-width space was printed raw, so "Kn\u200bee care" and
    "Knee care" looked the same in ``routine list``."""
    assert for_terminal("Kn\u200bee care\u2060\ufeff\u00ad") == "Kn\\u200bee care\\u2060\\ufeff\\xad"
    assert for_terminal("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"
