"""Text for the terminal that prints in any locale.

footdesk writes real typography (em dashes, arrows, ticks). A terminal in a
legacy 8-bit locale (de_DE.ISO-8859-1), or PYTHONIOENCODING=latin-1, cannot
encode those, and Python would end the command with UnicodeEncodeError. With
tolerant_streams() nothing is lost and nothing fails: footdesk's typography
becomes its plain ASCII look-alike, a file name's undecodable bytes are
written back as they were, and anything else is spelled as a \\u escape.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

ERRORS = "footdesk-plain"

PLAIN = {
    "\u2014": "-",  # em dash
    "\u2013": "-",  # en dash
    "\u2212": "-",  # minus
    "\u2192": "->",
    "\u2190": "<-",
    "\u2026": "...",
    "\u00b7": ".",  # middle dot
    "\u2022": "*",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2713": "+",  # check mark: done
    "\u2717": "x",  # ballot x: missed
    "\u25d0": "~",  # half circle: partly done
    "\u263e": "-",  # moon: rest day
    "\u25cb": "o",  # circle: today, not yet
    "\u00d7": "x",
}


def _plain(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    char = error.object[error.start]
    if "\udc80" <= char <= "\udcff":  # a byte os.fsdecode could not decode: give it back as it was
        return bytes([ord(char) - 0xDC00]), error.start + 1
    if char in PLAIN:
        return PLAIN[char], error.start + 1
    return char.encode("ascii", "backslashreplace").decode("ascii"), error.start + 1


codecs.register_error(ERRORS, _plain)


def tolerant_streams(*streams: TextIO | None) -> None:
    """Make the terminal streams (stdout and stderr by default) write every
    character they are given, whatever their encoding."""
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # None for a missing stream (pythonw) or one that is not a text file
            reconfigure(errors=ERRORS)


def say(*lines: str, file: TextIO | None = None) -> None:
    """Print lines for a person at a terminal, one line each: text from a
    received file (a title, a file name, a settings value) may hold escape
    sequences, bidi overrides or line breaks, which are written out (``\\x1b``,
    ``\\u202e``, ``\\x0a``), never obeyed: no line of it can pass for another."""
    from footdesk.untrusted import for_terminal

    for line in lines:
        print(for_terminal(line), file=file or sys.stdout)


def data(text: str, out: TextIO | None = None) -> None:
    """Write a file's contents to standard output (``routine export ID -``, JSON,
    CSV): as they are into a pipe or a file, where they are data; to a terminal,
    each line as ``say`` writes it, since a received routine's comments and ``x-``
    values are not checked and could hold escape sequences."""
    stream = out or sys.stdout
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        say(*text.splitlines(), file=stream)
    else:
        stream.write(text)
