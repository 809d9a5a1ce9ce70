"""A history file as an older footdesk wrote it: what each schema version
added, taken away again (the newest first), so a test can open a file of the
version before a change with data written by today's store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

_ADDED: dict[int, tuple[str, ...]] = {
    7: ("DROP TABLE deleted_questionnaires",),
    6: ("DROP TABLE questionnaires",),
    5: ("DROP TABLE check_ins", "ALTER TABLE sessions DROP COLUMN note", "ALTER TABLE sessions DROP COLUMN plan_phase",
        "ALTER TABLE sessions DROP COLUMN plan_week"),
    4: ("DROP TABLE corrections",),
    3: ("DROP TABLE deleted",),
}  # fmt: skip


def downgrade(path: Path, version: int) -> None:
    """The file at ``path`` made as footdesk's schema ``version`` (2 or later) wrote it."""
    db = sqlite3.connect(path)
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for undone in range(current, version, -1):
        for statement in _ADDED[undone]:
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


def built_by_old_migrations(path: Path, version: int, note: str | None = None) -> None:
    """A history as footdesk's schema ``version`` wrote it, built by that
    version's own migrations (not downgraded), holding one session with a
    left-foot roll; ``note``: the session's, from version 5 on."""
    from footdesk.history.migrations import _MIGRATIONS

    db = sqlite3.connect(path)
    for step in range(1, version + 1):
        db.executescript(_MIGRATIONS[step])
    columns, values = "id, routine, started_at, ended_at, local_date, status, pain", ""
    values = "1, 'foot-strength', '2026-11-17T08:00:00.000+00:00', '2026-11-17T08:06:00.000+00:00', '2026-11-17', " \
             "'completed', 4"  # fmt: skip
    if note is not None:
        columns, values = f"{columns}, note", f"{values}, ?"
    db.execute(f"INSERT INTO sessions ({columns}) VALUES ({values})", (note,) if note is not None else ())
    db.execute("INSERT INTO step_runs VALUES (1, 1, 'roll', 'left', 120, 120.0, 'completed', 'a', 'b')")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
