"""The history says what happened as facts (``HistoryProblem``); report words
them. Each kind of problem has its sentence, and the sentences are the ones
the window and the terminal have always said."""

from __future__ import annotations

from pathlib import Path

import pytest

from footdesk.history import HistoryError, HistoryProblem, ProblemKind, Trouble
from footdesk.report import history_problem_text, set_aside_holds

HISTORY = Path("footdesk-data") / "history.sqlite3"
MOVED = HISTORY.with_name("history.sqlite3.damaged-20261124-090000")
FULL = "database or disk is full"


SAID = [
    (
        HistoryProblem(ProblemKind.UNUSABLE, HISTORY, "Not a directory", writing=True),
        f"History is not being saved: {HISTORY} cannot be used (Not a directory). The routine works as usual.",
    ),
    (
        HistoryProblem(ProblemKind.DAMAGED_KEPT, HISTORY, "file is not a database", writing=True),
        f"History is not being saved: {HISTORY} cannot be used (it is damaged (file is not a database) and "
        "cannot be moved aside). The routine works as usual.",
    ),
    (
        HistoryProblem(ProblemKind.MOVED_ASIDE, HISTORY, "file is not a database", moved_to=MOVED, writing=True),
        f"Your history file was damaged (file is not a database). It was moved to {MOVED} and a new one was started.",
    ),
    (
        HistoryProblem(ProblemKind.NOT_NOW, HISTORY, FULL, "SQLITE_FULL", writing=True),
        f"History is not being saved right now: {HISTORY} cannot be written or read: the disk is full (SQLite: "
        f"{FULL}). The file is kept as it is; what you do is kept until footdesk can write it, and it tries "
        "again at your next session. The routine works as usual.",
    ),
    (
        HistoryProblem(
            ProblemKind.READ_ONLY,
            HISTORY,
            "attempt to write a readonly database",
            "SQLITE_READONLY_DIRECTORY",
            writing=True,
        ),
        f"Your history is shown but cannot be saved right now: {HISTORY} cannot be written: the file or its "
        "folder is read-only (SQLite: attempt to write a readonly database). Nothing in it is changed; what "
        "you do is kept until footdesk can write it, and it tries again at your next session.",
    ),
    (
        HistoryProblem(ProblemKind.NEWER, HISTORY, "schema 3", version=3, writing=True),
        f"History is not being saved: {HISTORY} was written by a newer footdesk (schema 3); it is left as it is.",
    ),
    (
        HistoryProblem(ProblemKind.NEWER, HISTORY, "schema 3", version=3),
        f"{HISTORY} was written by a newer footdesk (schema 3); update footdesk",
    ),
    (
        HistoryProblem(ProblemKind.FOREIGN, HISTORY, "it has no step_runs table", writing=True),
        f"History is not being saved: {HISTORY} is not a footdesk history (it has no step_runs table). It is "
        "left as it is; move or rename it and footdesk starts a new history there.",
    ),
    (
        HistoryProblem(ProblemKind.FOREIGN, MOVED, "it has no step_runs table"),
        f"{MOVED} is not a footdesk history (it has no step_runs table); nothing was changed",
    ),
    (
        HistoryProblem(ProblemKind.UNREADABLE, HISTORY, "file is not a database", trouble=Trouble.DAMAGED),
        f"{HISTORY} cannot be read (file is not a database); open footdesk to repair it",
    ),
    (
        HistoryProblem(ProblemKind.UNREADABLE, HISTORY, "database is locked", trouble=Trouble.NOT_NOW),
        f"{HISTORY} cannot be read right now (database is locked); nothing was changed",
    ),
    (HistoryProblem(ProblemKind.NOT_WRITABLE, HISTORY), f"{HISTORY} cannot be written right now"),
    (HistoryProblem(ProblemKind.IS_THE_HISTORY, HISTORY), f"{HISTORY} is the history itself"),
    (
        HistoryProblem(ProblemKind.NOT_BROUGHT_BACK, MOVED, FULL, "SQLITE_FULL"),
        f"nothing was brought back: the disk is full (SQLite: {FULL})",
    ),
    (
        HistoryProblem(ProblemKind.NOT_SETTLED, MOVED, "database is locked", "SQLITE_BUSY"),
        "not changed: another program is writing to it (SQLite: database is locked)",
    ),
]


@pytest.mark.parametrize(("problem", "words"), SAID)
def test_each_problem_is_said_as_it_always_was(problem, words):
    assert history_problem_text(problem) == words


def test_every_kind_of_problem_has_its_sentence_above():
    assert {problem.kind for problem, _ in SAID} == set(ProblemKind)


def test_a_history_error_carries_its_facts_not_a_sentence():
    problem = HistoryProblem(ProblemKind.UNREADABLE, MOVED, "file is not a database", trouble=Trouble.DAMAGED)
    error = HistoryError(problem)
    assert (error.kind, error.path, error.reason, error.trouble) == (
        ProblemKind.UNREADABLE, MOVED, "file is not a database", Trouble.DAMAGED,
    )  # fmt: skip
    assert str(error) == f"{MOVED}: unreadable (file is not a database)"  # for the log; report says it


def test_an_unreadable_moved_aside_file_is_said_in_the_terminals_words(tmp_path):
    from footdesk.history import inspect_set_aside

    aside = tmp_path / "history.sqlite3.damaged-20261124-090000"
    aside.write_bytes(b"junk" * 1000)
    info = inspect_set_aside(aside)
    assert info.unreadable is not None and info.unreadable.kind is ProblemKind.UNREADABLE
    assert set_aside_holds(info) == (
        f"it cannot be read ({aside} cannot be read (file is not a database); open footdesk to repair it)"
    )
