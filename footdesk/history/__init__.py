"""Session history: every step the person did, kept safely in SQLite.

Storage says what happened as facts and typed errors, never as sentences
(``footdesk.report`` words them), so it knows nothing of who reads it. One
job per module:

- ``store``: the SQLite file (``HistoryStore``): opening it (``open`` for the
  app, ``open_for_reading`` for the terminal), writing each step run in its
  own transaction as it ends, reading sessions back, merging another file in.
- ``corrections``: a rating changed, a part marked done later, each taken
  back; what the rows held before kept for good.
- ``migrations``: each schema version's tables and the upgrades between them.
- ``troubles``: what each SQLite error means (``trouble_of``: only a file that
  is not a database, or fails its check, is damaged), and the typed problems
  and errors (``HistoryProblem``, ``HistoryError``).
- ``set_aside``: damaged files moved aside (never deleted) and listed until
  the person brings their sessions back or chooses to leave them.
- ``salvage``: reading a history file that may come from anyone, row by row
  and every row checked.
- ``recorder``: writing a live session as it happens (``StoreRecorder``),
  keeping and retrying what cannot be written yet.

A full disk, a read-only folder, an I/O error or another program holding the
file mean the history cannot be written *now*: the file is kept as it is,
shown read-only where it can be read, and tried again later. A file from a
newer footdesk, or a database that is not a footdesk history, is left alone.
"""

from footdesk.history.corrections import Correction, CorrectionKind, CorrectionRefusedError, Refusal
from footdesk.history.migrations import _MIGRATIONS as _MIGRATIONS
from footdesk.history.migrations import SCHEMA_VERSION
from footdesk.history.recorder import CHECKPOINT_S, SessionRecorder, StoreRecorder
from footdesk.history.salvage import HistoryContents, read_history_file
from footdesk.history.salvage import _rows as _rows
from footdesk.history.set_aside import SET_ASIDE_MARK, SetAsideFile, inspect_set_aside, moved_on, set_aside_files
from footdesk.history.store import Access, HistoryStore, MergeResult, OpenedHistory
from footdesk.history.troubles import _TROUBLE_BY_CODE as _TROUBLE_BY_CODE
from footdesk.history.troubles import (
    APP_BUSY_TIMEOUT_S,
    BUSY_TIMEOUT_S,
    HistoryError,
    HistoryProblem,
    ProblemKind,
    Trouble,
    error_name,
    primary_name,
    trouble_of,
)

# their home is footdesk.records (what history keeps, and where a session carries
# on); named here too for the callers that have always imported them from here
from footdesk.records import ResumePoint, StepRun, iso, resume_point

__all__ = [
    "APP_BUSY_TIMEOUT_S",
    "BUSY_TIMEOUT_S",
    "CHECKPOINT_S",
    "SCHEMA_VERSION",
    "SET_ASIDE_MARK",
    "Access",
    "Correction",
    "CorrectionKind",
    "CorrectionRefusedError",
    "HistoryContents",
    "HistoryError",
    "HistoryProblem",
    "HistoryStore",
    "MergeResult",
    "OpenedHistory",
    "ProblemKind",
    "Refusal",
    "ResumePoint",
    "SessionRecorder",
    "SetAsideFile",
    "StepRun",
    "StoreRecorder",
    "Trouble",
    "error_name",
    "inspect_set_aside",
    "iso",
    "moved_on",
    "primary_name",
    "read_history_file",
    "resume_point",
    "set_aside_files",
    "trouble_of",
]
