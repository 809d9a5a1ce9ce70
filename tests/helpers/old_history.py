"""A history file as an older footdesk wrote it: what each schema version
added, taken away again (the newest first), so a test can open a file of the
version before a change with data written by today's store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

_ADDED: dict[int, tuple[str, ...]] = {
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
