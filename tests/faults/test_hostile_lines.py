"""Found by the fresh-eyes attack: text from a file (a settings value, a table's
name) reached the terminal and the log with its line breaks and escapes, so it
could forge a line of footdesk's own or drive the terminal."""

from __future__ import annotations

import logging

from footdesk import paths
from footdesk.app import _EscapingFormatter, _OneLineFormatter
from tests.faults.test_hostile_routines import footdesk

HOSTILE_SETTINGS = """\
[reminder]
time = "\\u001b[31mX\\nFORGED LINE\\u202e"
[goal]
days = "\\u001b]0;pwn\\u0007"
["\\u001b[32mgreen\\nFORGED2"]
k = 1
"""


def test_settings_values_reach_the_terminal_as_one_line_each_written_out() -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HOSTILE_SETTINGS)
    result = footdesk("history")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("footdesk: ") for line in lines), lines
    assert not any(char in result.stderr for char in "\x1b\x07\u202e")
    assert path.read_text() == HOSTILE_SETTINGS


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("footdesk.settings", logging.WARNING, __file__, 1, message, args, None)


def test_the_log_and_the_terminal_get_one_line_per_message_with_escapes_written_out() -> None:
    hostile = "value \x1b[31mX\n2026-12-07 09:00:00,000 ERROR footdesk.app: FORGED\u202e"
    for formatter in (_EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"), _OneLineFormatter()):
        line = formatter.format(record("%s: %s", "settings.toml", hostile))
        assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
        assert "\\x0a2026-12-07 09:00:00,000 ERROR footdesk.app: FORGED\\u202e" in line


def test_a_traceback_stays_as_python_writes_it() -> None:
    try:
        raise ValueError("a bug of footdesk's own")
    except ValueError:
        import sys

        entry = record("unexpected error")
        entry.exc_info = sys.exc_info()
    text = _EscapingFormatter("%(levelname)s %(message)s").format(entry)
    assert text.startswith("WARNING unexpected error\nTraceback (most recent call last):\n")
