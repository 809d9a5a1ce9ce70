"""What can go wrong with a history file, as facts: what each SQLite error
means (``trouble_of``: only damage moves a file), and the typed problems and
errors the store hands up.

Storage says what happened, never how to say it: a problem names its kind,
the file, SQLite's (or the system's) own words and, where it applies, the
error's name, the schema version or where a damaged file went.
``footdesk.report`` words them for the window and the terminal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from footdesk.i18n import _

BUSY_TIMEOUT_S = 5.0
"""How long the terminal's reads and merges wait for another program's write."""
APP_BUSY_TIMEOUT_S = 0.25
"""How long the window waits for another program's write before keeping its
own for later: a write never holds up the countdown for longer than this."""


class Trouble(Enum):
    DAMAGED = "damaged"
    """Not a database, or its pages are broken: the only reason to move a file aside."""
    NOT_NOW = "not-now"
    """It cannot be written (or read) right now: a full disk, a read-only file or
    folder, an I/O error, a file that cannot be opened, another program holding
    it. The file is fine: keep it, keep the writes, try again later."""
    FAULT = "fault"
    """A mistake (footdesk's, or a file that is not what it claims): retrying the
    same thing will fail the same way. Keep the file; say so."""


# Every primary result code SQLite can raise (sqlite3.Error.sqlite_errorcode & 0xFF),
# sorted deliberately; a code missing here is a FAULT.
_TROUBLE_BY_CODE: dict[int, Trouble] = {
    sqlite3.SQLITE_NOTADB: Trouble.DAMAGED,  # the file is not a database
    sqlite3.SQLITE_CORRUPT: Trouble.DAMAGED,  # "database disk image is malformed"
    sqlite3.SQLITE_FULL: Trouble.NOT_NOW,  # the disk (or the quota) is full
    sqlite3.SQLITE_READONLY: Trouble.NOT_NOW,  # a read-only file, folder or mount
    sqlite3.SQLITE_IOERR: Trouble.NOT_NOW,  # the disk failed a read or write (also: no room for -shm)
    sqlite3.SQLITE_CANTOPEN: Trouble.NOT_NOW,  # the file or its -wal/-shm cannot be opened
    sqlite3.SQLITE_BUSY: Trouble.NOT_NOW,  # another program holds the write lock
    sqlite3.SQLITE_LOCKED: Trouble.NOT_NOW,  # a lock within this process
    sqlite3.SQLITE_PERM: Trouble.NOT_NOW,  # the system denied access
    sqlite3.SQLITE_AUTH: Trouble.NOT_NOW,  # denied by an authorizer
    sqlite3.SQLITE_NOMEM: Trouble.NOT_NOW,  # out of memory
    sqlite3.SQLITE_NOLFS: Trouble.NOT_NOW,  # the file system cannot hold a file this large
    sqlite3.SQLITE_PROTOCOL: Trouble.NOT_NOW,  # a lock race between programs
    sqlite3.SQLITE_INTERRUPT: Trouble.NOT_NOW,  # the operation was interrupted
    sqlite3.SQLITE_ABORT: Trouble.NOT_NOW,  # rolled back under it
    sqlite3.SQLITE_ERROR: Trouble.FAULT,  # bad SQL, e.g. a missing table: the file is not what it claims
    sqlite3.SQLITE_INTERNAL: Trouble.FAULT,
    sqlite3.SQLITE_NOTFOUND: Trouble.FAULT,
    sqlite3.SQLITE_EMPTY: Trouble.FAULT,
    sqlite3.SQLITE_SCHEMA: Trouble.FAULT,
    sqlite3.SQLITE_TOOBIG: Trouble.FAULT,
    sqlite3.SQLITE_CONSTRAINT: Trouble.FAULT,
    sqlite3.SQLITE_MISMATCH: Trouble.FAULT,
    sqlite3.SQLITE_MISUSE: Trouble.FAULT,
    sqlite3.SQLITE_FORMAT: Trouble.FAULT,
    sqlite3.SQLITE_RANGE: Trouble.FAULT,
    sqlite3.SQLITE_NOTICE: Trouble.FAULT,
    sqlite3.SQLITE_WARNING: Trouble.FAULT,
}


def trouble_of(exc: BaseException) -> Trouble:
    """What an error from the history means for the file and for the writes."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return Trouble.FAULT  # raised by the sqlite3 module itself (a closed connection, a bad call)
    return _TROUBLE_BY_CODE.get(code & 0xFF, Trouble.FAULT)


def error_name(exc: BaseException) -> str | None:
    """SQLite's own name for the error (SQLITE_FULL, SQLITE_IOERR_SHMSIZE …), if any."""
    name = getattr(exc, "sqlite_errorname", None)
    return name if isinstance(name, str) else primary_name(exc)


def primary_name(exc: BaseException) -> str | None:
    """SQLite's primary name for the error (SQLITE_IOERR for SQLITE_IOERR_SHMSIZE)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else _PRIMARY_NAMES.get(code & 0xFF)


_PRIMARY_NAMES = {getattr(sqlite3, name): name for name in (
    "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY", "SQLITE_LOCKED",
    "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTFOUND",
    "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA", "SQLITE_TOOBIG",
    "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_FORMAT",
    "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING",
)}  # fmt: skip


# What happened, as facts ------------------------------------------------------------


class ProblemKind(Enum):
    """What is wrong with the history. The first six are found opening it to
    keep sessions in (``HistoryStore.open``); NEWER and FOREIGN also reading
    one (``HistoryProblem.writing`` says which); UNREADABLE only reading; the
    last four are the model's refusals to change it."""

    UNUSABLE = "unusable"
    """It cannot be used at all (its folder cannot be made, or a new file
    cannot be started after a damaged one was moved aside): ``reason``."""
    DAMAGED_KEPT = "damaged-kept"
    """Damaged (``reason``: how) and it could not be moved aside."""
    MOVED_ASIDE = "moved-aside"
    """Damaged (``reason``); moved to ``moved_to`` and a new one started: the
    history works, the person should know."""
    NOT_NOW = "not-now"
    """It cannot be written or read right now (``reason``, ``name``): nothing is shown."""
    READ_ONLY = "read-only"
    """It cannot be written right now (``reason``, ``name``); what it holds is shown."""
    NEWER = "newer"
    """Written by a newer footdesk (``version``): left alone."""
    FOREIGN = "foreign"
    """A database, but not a footdesk history (``reason``: its tables say so): left alone."""
    UNREADABLE = "unreadable"
    """It cannot be read (``reason``; ``trouble``: whether it is damaged or not now)."""
    NOT_WRITABLE = "not-writable"
    """The history is not open for writing, and nothing more is known."""
    IS_THE_HISTORY = "is-the-history"
    """The file to bring back is the history itself."""
    NOT_BROUGHT_BACK = "not-brought-back"
    """Bringing a file back failed writing (``reason``, ``name``): nothing was added."""
    NOT_SETTLED = "not-settled"
    """Leaving a moved-aside file failed writing (``reason``, ``name``): nothing changed."""


@dataclass(frozen=True)
class HistoryProblem:
    """What happened to a history file: the facts a sentence is made of."""

    kind: ProblemKind
    path: Path
    reason: str = ""
    """SQLite's (or the system's, or footdesk's check's) words for it."""
    name: str | None = None
    """SQLite's name for the error (SQLITE_FULL, SQLITE_READONLY_DIRECTORY …)."""
    trouble: Trouble | None = None
    """What the error means for the file (UNREADABLE)."""
    moved_to: Path | None = None
    """Where a damaged file was moved just now."""
    version: int | None = None
    """The schema version of a file from a newer footdesk."""
    writing: bool = False
    """Found opening the history to keep sessions in (not reading one)."""

    def __str__(self) -> str:
        """For the log and a traceback: the facts, not a sentence."""
        return f"{self.path}: {self.kind.value}" + (f" ({self.reason})" if self.reason else "")


class HistoryError(Exception):
    """The history (or a history file to bring back) cannot be used; its
    ``problem`` says which file and why, ``report.history_problem_text`` says it."""

    def __init__(self, problem: HistoryProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    @property
    def kind(self) -> ProblemKind:
        return self.problem.kind

    @property
    def path(self) -> Path:
        return self.problem.path

    @property
    def reason(self) -> str:
        return self.problem.reason

    @property
    def trouble(self) -> Trouble | None:
        return self.problem.trouble


# Why a file cannot be opened: raised inside the package, turned into problems --------


class _ProblemError(Exception):
    """Why a file cannot be opened as a history: its trouble and SQLite's words."""

    def __init__(self, trouble: Trouble, reason: str, error: BaseException | None = None) -> None:
        super().__init__(reason)
        self.trouble = trouble
        self.reason = reason
        self.error = error


class _NewerError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}")
        self.version = version


class _ForeignError(Exception):
    """An SQLite database, but not a footdesk history (its tables say so)."""


def _problem(exc: sqlite3.Error) -> _ProblemError:
    return _ProblemError(trouble_of(exc), str(exc), exc)


def _refuse_special(path: Path) -> None:
    """SQLite opens whatever is at the path: a named pipe there would hold the
    open until something writes into it (the window froze), a device would be
    read without end. Anything but a regular file (or nothing yet) is refused."""
    import stat

    from footdesk.untrusted import kind_of

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # nothing there yet (SQLite makes it), or a link to nowhere: SQLite says why
    if not stat.S_ISREG(mode):
        raise _ProblemError(Trouble.NOT_NOW, _("it is {kind}, not a file").format(kind=kind_of(mode)))
