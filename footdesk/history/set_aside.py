"""History files moved aside: a damaged history is never deleted. It is
moved beside itself (``history.sqlite3.damaged-YYYYmmdd-HHMMSS``), and stays
listed (``set_aside_files``) until the person brings its sessions back
(``HistoryStore.merge``) or chooses to leave it; what each holds is read as a
file from anyone (``salvage``), since anyone can put a file there.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from footdesk.history.salvage import HistoryContents, read_history_file
from footdesk.history.troubles import HistoryError, HistoryProblem

log = logging.getLogger(__name__)

SET_ASIDE_MARK = ".damaged-"
"""What a moved-aside history's name has after the history's own name."""


def move_aside(path: Path, now: datetime) -> Path | None:
    """A damaged history (and its -wal and -shm, which belong to it) goes
    beside itself, never away: its sessions may still be brought back. None
    when it cannot be moved (it is then kept where it is)."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{SET_ASIDE_MARK}{stamp}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
    except OSError as exc:
        log.error("%s: cannot move the damaged history aside (%s)", path, exc)
        return None
    log.warning("%s: damaged; moved to %s", path, target)
    return target


@dataclass(frozen=True)
class SetAsideFile:
    """A history file that was moved aside, and what it holds."""

    path: Path
    moved_on: datetime | None
    """When it was moved (from its name), local time."""
    contents: HistoryContents | None
    """None when nothing of it can be read."""
    unreadable: HistoryProblem | None = None
    """Why it cannot be read, when it cannot."""

    @property
    def sessions(self) -> int:
        return len(self.contents.sessions) if self.contents else 0

    @property
    def first(self) -> date | None:
        return self.contents.sessions[0].local_date if self.contents and self.contents.sessions else None

    @property
    def last(self) -> date | None:
        return self.contents.sessions[-1].local_date if self.contents and self.contents.sessions else None


_SET_ASIDE_TAIL = re.compile(r"[0-9A-Za-z._-]{1,64}")
"""What may follow the mark in a moved-aside file's name: footdesk writes a time
stamp; a name with a line break, a bidi control or a shell's ``;`` in it is
not footdesk's, and is not shown in the window or in a command to paste."""


def set_aside_files(history: Path) -> list[Path]:
    """Every file moved aside from this history (oldest first), whoever moved it,
    by a plain name."""
    try:
        found = [
            candidate
            for candidate in history.parent.glob(f"{history.name}{SET_ASIDE_MARK}*")
            if not candidate.name.endswith(("-wal", "-shm", "-journal"))
            and _SET_ASIDE_TAIL.fullmatch(candidate.name.removeprefix(f"{history.name}{SET_ASIDE_MARK}"))
            and candidate.is_file()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda candidate: candidate.name)


def moved_on(path: Path) -> datetime | None:
    _, _, stamp = path.name.rpartition(SET_ASIDE_MARK)
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def inspect_set_aside(path: Path) -> SetAsideFile:
    try:
        contents = read_history_file(path)
    except HistoryError as exc:
        return SetAsideFile(path, moved_on(path), None, exc.problem)
    return SetAsideFile(path, moved_on(path), contents)
