"""The one boundary for what footdesk receives from other people, and for every
string it passes on.

A routine file comes from a physiotherapist, a forum or a friend: it is hostile
until checked. Everything read from such a file goes through here first (a
regular file only, read at most ``limit`` + 1 bytes, numbers and nesting
bounded, text free of control characters), and every string that leaves
footdesk for another place is escaped for that place: a terminal
(``for_terminal``), the log (``for_log``), a spreadsheet cell (``csv_cell``).
Speech engines get text on standard input, never as an argument
(footdesk.platform.speech).

Pure: no Qt, no I/O beyond reading the one file asked for.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from footdesk.i18n import _

MAX_ROUTINE_BYTES = 256 * 1024
"""A routine file: a few kilobytes of text; 100 steps with every key fill about 60 kB."""
MAX_NUMBER = 10**18
"""No number in a received file is larger: each key has its own tighter range,
checked later (and said with the number). This bound comes first, so that no
huge number is ever turned into text (Python refuses to format integers of more
than 4,300 digits, and a file of them would fill a screen)."""
MAX_DEPTH = 7
"""Tables and lists nested deeper than this are not a routine (a plan's growth rule is six deep)."""
MAX_ID_CHARS = 64
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 500
"""An instruction."""
MAX_SPOKEN_CHARS = 160
"""A spoken line: a prompt of two short sentences, about 25 words or 10 seconds
of speech (the built-in routine's longest is 59 characters). A long one would
render to a file of hundreds of megabytes, and even 30 seconds take 35 ms to
load, twice a frame, on the window's thread mid-countdown."""

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_BINARY = getattr(os, "O_BINARY", 0)

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder the text around them (so a
title can show something else than it holds)."""
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
"""Invisible direction marks: harmless in a title, shown in a terminal and the log."""


class ReceivedFileError(Exception):
    """A received file that footdesk will not read, and why, in words a person can act on."""

    def __init__(
        self, path: Path | str, reason: str, *, missing: bool = False, too_large: bool = False, problem: str = ""
    ) -> None:
        super().__init__(reason)
        self.path = str(path)
        self.reason = reason
        self.problem = problem or reason
        """What is wrong, without what was done about it (a caller that does something else says its own)."""
        self.missing = missing
        """There is no such file (what a caller tests, never the reason's words, which are translated)."""
        self.too_large = too_large
        """The file is larger than a file of its kind may be."""

    def __str__(self) -> str:
        return _("{path}: {problem}").format(path=self.path, problem=self.reason)


def open_regular_file(path: Path) -> int:
    """A descriptor open for reading on ``path``, only if it is a regular file:
    the open never waits (for a FIFO's writer) and a device, pipe, socket or
    folder is refused. OSError as ``open`` raises it; ReceivedFileError for the
    wrong kind of file. The caller closes the descriptor."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _NOCTTY | _BINARY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            # TRANSLATORS: after "FILE: "; {kind} is "a folder", "a named pipe", "a socket" or "a device"
            problem = _("is {kind}, not a file").format(kind=kind_of(mode))
            # TRANSLATORS: {problem} is "is a folder, not a file"
            raise ReceivedFileError(path, _("{problem}; nothing was read").format(problem=problem), problem=problem)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    A FIFO, a device (``/dev/zero``), a socket or a folder is refused before a
    byte is read (the open does not wait for a FIFO's writer), and no more than
    ``limit`` + 1 bytes are ever read, so a file that grows while it is read is
    refused too. A symbolic link to a regular file is followed: people keep
    files where they like.
    """
    try:
        fd = open_regular_file(path)
    except FileNotFoundError:
        raise ReceivedFileError(path, _("file not found"), missing=True) from None
    except OSError as exc:
        raise ReceivedFileError(path, _("cannot read it ({problem})").format(problem=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if info.st_size > limit:
            raise ReceivedFileError(
                path,
                _("the file is too large ({size} bytes; at most {limit})").format(size=info.st_size, limit=limit),
                too_large=True,
            )
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ReceivedFileError(
                path, _("the file is too large (more than {limit} bytes)").format(limit=limit), too_large=True
            )
        return data
    except OSError as exc:
        raise ReceivedFileError(path, _("cannot read it ({problem})").format(problem=exc.strerror or exc)) from None
    finally:
        os.close(fd)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a named pipe")."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("not a regular file")


# The shape of parsed data ----------------------------------------------------------


def shape_problem(data: Any, max_number: int = MAX_NUMBER, max_depth: int = MAX_DEPTH) -> tuple[str, str] | None:
    """The first thing in parsed TOML data that no routine holds, as (key path,
    reason): a number beyond ``max_number`` or nesting deeper than ``max_depth``.
    None when the shape is fine. Walks without recursion."""
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, where, depth = pending.pop()
        name = next((part for part in reversed(where.split(".")) if part and not part.isdigit()), None)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            if not -max_number <= value <= max_number:
                digits = len(str(max_number)) - 1
                if name is None:
                    return where, _("a value is a number far too large (more than {digits} digits)").format(
                        digits=digits
                    )
                return where, _("{key} is a number far too large (more than {digits} digits)").format(
                    key=name, digits=digits
                )
            continue
        if isinstance(value, float) and value != value:  # NaN
            continue
        if isinstance(value, dict | list):
            if depth >= max_depth:
                if name is None:
                    return where, _("a value is nested too deep (at most {depth} levels of lists and tables)").format(
                        depth=max_depth
                    )
                return where, _("{key} is nested too deep (at most {depth} levels of lists and tables)").format(
                    key=name, depth=max_depth
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                pending.append((item, f"{where}.{key}" if where else str(key), depth + 1))
    return None


# Text ------------------------------------------------------------------------------


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or char in BIDI_CONTROLS or code in (0x2028, 0x2029)


def control_character(text: str) -> str | None:
    """The first control character in a line of text (C0, DEL, C1, line and
    paragraph separators, bidi embeddings, overrides and isolates), as
    ``U+001B``; None when there is none. A routine's texts are single lines
    a person reads and footdesk speaks: none of these belongs in them."""
    for char in text:
        if _is_control(char):
            return f"U+{ord(char):04X}"
    return None


def without_controls(text: str) -> str:
    """A line of text a person typed with every control character (as
    ``control_character`` finds them) made a space: what is kept of a note."""
    return "".join(" " if _is_control(char) else char for char in text)


_JOINERS = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: part of how Persian, Indic scripts and emoji are written."""


def _invisible(char: str) -> bool:
    """A format character that shows nothing (a zero-width space, a word joiner,
    a byte-order mark, a soft hyphen): written out, so two titles that look alike
    in a terminal are seen to differ. The joiners scripts need are left as they are."""
    import unicodedata

    return ord(char) >= 0xA0 and char not in _JOINERS and unicodedata.category(char) == "Cf"


def _escaped(text: str) -> Iterator[str]:
    for char in text:
        code = ord(char)
        if char == "\\":
            yield "\\\\"
        elif _is_control(char) or char in BIDI_MARKS or _invisible(char):
            yield f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        else:
            yield char


def for_terminal(text: str) -> str:
    """Text as a terminal should show it: control and bidi characters written out
    (``\\x1b``, ``\\u202e``), never obeyed, so a title cannot move the cursor,
    change colours or reverse what is printed after it."""
    return "".join(_escaped(text))


def for_log(text: str, limit: int = 120) -> str:
    """A short, escaped prefix of text for the log: one line, at most ``limit``
    characters of it, and how much was left out."""
    shown = "".join(_escaped(text[:limit]))
    if len(text) > limit:
        shown += f"… ({len(text) - limit} more characters)"
    return shown


CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet treat a cell as a formula (OWASP, CSV injection)."""


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text starting like a formula gets a leading
    apostrophe, so a spreadsheet shows it instead of running it. Numbers stay
    numbers (a negative number is a number, not text)."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


# Sound files -----------------------------------------------------------------------

MAX_SPOKEN_LINES = 300
"""Different spoken lines in one routine: three for each of a hundred steps.
Each renders to up to half a megabyte, so this bounds what one file can make
footdesk write (a 17 kB file of 102 long lines made 48 MB)."""
MAX_VOICE_CACHE_BYTES = 256 * 1024 * 1024
"""The rendered voices of every routine together: past this, no more are
rendered (they stay silent, and the person is told why)."""
MAX_VOICE_SECONDS = 12.0
"""A rendered spoken line is a prompt: longer than this, it was not ours to make
(espeak-ng says 160 characters in about 11 s). Loading one costs about 1.2 ms a
second of speech (resampled for the device), so at most about a frame."""
MAX_VOICE_BYTES = 4 * 1024 * 1024
"""Twelve seconds of CD-quality stereo with room to spare; espeak-ng's 22 kHz
mono needs half a megabyte for them."""


def voice_file_problem(path: Path) -> str | None:
    """Why a rendered voice file must not be loaded (too large, not a whole WAV:
    a cut-off render on a full disk, another program's file), or None. Reads the
    header only; a file the cache holds is as untrusted as one received."""
    import wave  # only when a voice is rendered or loaded, not at start

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return f"{path}: {kind_of(info.st_mode)}, not a sound file"
        if info.st_size > MAX_VOICE_BYTES:
            return f"{path}: too large for a spoken line ({info.st_size} bytes; at most {MAX_VOICE_BYTES})"
        with wave.open(str(path), "rb") as sound:
            frames, rate = sound.getnframes(), sound.getframerate()
            width, channels = sound.getsampwidth(), sound.getnchannels()
    except (OSError, EOFError, wave.Error) as exc:
        return f"{path}: not a whole WAV file ({exc})"
    if not 8000 <= rate <= 192000 or channels not in (1, 2) or width not in (1, 2):
        return f"{path}: an odd WAV ({rate} Hz, {channels} channels, {8 * width}-bit)"
    if frames / rate > MAX_VOICE_SECONDS:
        return f"{path}: {frames / rate:.0f} s long; a spoken line is at most {MAX_VOICE_SECONDS:.0f} s"
    if frames == 0 or frames * width * channels + 44 > info.st_size:
        return f"{path}: cut off (its header promises more sound than the file holds)"
    return None


def toml_problem(exc: BaseException) -> str:
    """Why received TOML text could not be read, in words for people: Python's
    own limits (recursion, digits) speak to developers otherwise."""
    import tomllib

    if isinstance(exc, RecursionError):
        return _("not valid TOML (it is nested too deep)")
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):  # Python's limit on digits
        return _("not valid TOML (it holds a number with thousands of digits)")
    # TRANSLATORS: {problem} is the TOML reader's own words, in English ("Expected '=' after a key (at line 3)")
    said = _("not valid TOML ({problem})")
    if isinstance(exc, ValueError) and not isinstance(exc, tomllib.TOMLDecodeError):
        return said.format(problem=for_log(str(exc), 200))  # tomlkit's ParseError says the line and column
    return said.format(problem=exc)
