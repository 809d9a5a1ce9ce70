"""What a crash or a damaged file left behind, offered to the person: today's
interrupted routine to carry on, and history files moved aside to bring back
or leave.

Nothing here changes the history on its own: every offer waits for the
person's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.model.plumbing import Observers

if TYPE_CHECKING:
    from footdesk.history import HistoryStore, SetAsideFile
    from footdesk.model.keeper import HistoryKeeper
    from footdesk.routine import Routine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResumeOffer:
    """Today's routine was interrupted (a crash, a kill, a power cut): carry it on
    from the part it stopped in."""

    session_id: int
    routine_id: str
    phase_index: int
    text: str
    earlier_completed: bool
    """Whether every part before that one was completed (the session can still end completed)."""


@dataclass(frozen=True)
class SetAsideOffer:
    """A history file that was moved aside, until the person brings it back or leaves it."""

    info: SetAsideFile
    new_sessions: int | None
    """How many of its sessions are not in the history now (None: cannot tell)."""
    text: str
    can_restore: bool


class Recovery:
    def __init__(
        self,
        keeper: HistoryKeeper,
        runnable: Callable[[str], Routine | None],
        today: Callable[[], date],
        wall_clock: Callable[[], datetime],
    ) -> None:
        """``runnable``: a routine by id as the next session would run it (None: gone)."""
        self._keeper = keeper
        self._runnable = runnable
        self._today = today
        self._wall_clock = wall_clock
        self.set_aside: tuple[SetAsideOffer, ...] = ()
        """Files moved aside that the person has not brought back or left yet."""
        self.changed: Observers[None] = Observers()
        """The moved-aside files changed (``set_aside``)."""

    def resume_offer(self) -> ResumeOffer | None:
        """Today's routine, when a crash interrupted it and nothing was done since."""
        if not self._keeper.writable:
            return None
        from footdesk.records import resume_point
        from footdesk.report import resume_sentence
        from footdesk.session import build_phases

        record = self._keeper.reading(lambda store: store.interrupted_on(self._today()), None)
        if record is None:
            return None
        routine = self._runnable(record.routine)
        if routine is None:
            return None
        phases = build_phases(routine)
        point = resume_point(record, phases)
        if point is None:
            return None
        phase = phases[point.phase_index]
        text = resume_sentence(phase.step.title, phase.step.side_label(phase.side), point.done_s, phase.seconds)
        return ResumeOffer(record.id, routine.id, point.phase_index, text, point.earlier_completed)

    def look_for_set_aside(self) -> None:
        """The files moved aside that the person has not settled, with what each holds."""
        from footdesk.history import inspect_set_aside, set_aside_files
        from footdesk.report import set_aside_sentence

        store = self._keeper.store
        settled = self._settled(store)
        offers = []
        for path in set_aside_files(self._keeper.path):
            if path.name in settled:
                continue
            info = inspect_set_aside(path)
            new = self._new_sessions(info, store)
            can_restore = bool(new) and store is not None and store.writable
            offers.append(SetAsideOffer(info, new, set_aside_sentence(info, new), can_restore))
        if offers or self.set_aside:
            self.set_aside = tuple(offers)
            self.changed.emit(None)

    @staticmethod
    def _settled(store: HistoryStore | None) -> set[str]:
        import sqlite3

        try:
            return store.settled_set_aside() if store is not None and not store.empty else set()
        except sqlite3.Error:
            return set()

    @staticmethod
    def _new_sessions(info: SetAsideFile, store: HistoryStore | None) -> int | None:
        import sqlite3

        if info.contents is None:
            return None
        if store is None or store.empty:
            return info.sessions  # nothing is in the history now
        try:
            return sum(1 for s in info.contents.sessions if not store.has_session(s.routine, s.started_at))
        except sqlite3.Error:
            return None

    def restore(self, path: Path) -> str:
        """Bring the sessions of a history file (one moved aside, or any footdesk
        history) back into this one; the file itself is left where it is. Returns
        the sentence to show; raises HistoryError (its problem says why) when it cannot."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, error_name, read_history_file
        from footdesk.report import restored_sentence

        store = self._writable_store()
        if path.resolve() == self._keeper.path.resolve():
            raise HistoryError(HistoryProblem(ProblemKind.IS_THE_HISTORY, path))
        contents = read_history_file(path)
        try:
            merged = store.merge(contents)
            if path.resolve().parent == self._keeper.path.resolve().parent:
                store.settle_set_aside(path.name, "restored", self._wall_clock())
        except sqlite3.Error as exc:
            raise HistoryError(HistoryProblem(ProblemKind.NOT_BROUGHT_BACK, path, str(exc), error_name(exc))) from None
        said = restored_sentence(path, merged.added, merged.already, contents.complete, contents.skipped_sessions,
                                 contents.skipped_runs, contents.first_rejected)  # fmt: skip
        log.info("history: %s", said)
        self.look_for_set_aside()
        self._keeper.changed.emit(None)
        return said

    def leave(self, path: Path) -> str:
        """The person keeps a moved-aside file as it is: footdesk stops mentioning it."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, error_name
        from footdesk.report import left_aside_sentence

        store = self._writable_store()
        try:
            store.settle_set_aside(path.name, "left", self._wall_clock())
        except sqlite3.Error as exc:
            raise HistoryError(HistoryProblem(ProblemKind.NOT_SETTLED, path, str(exc), error_name(exc))) from None
        self.look_for_set_aside()
        return left_aside_sentence(path)

    def _writable_store(self) -> HistoryStore:
        from footdesk.history import HistoryError, HistoryProblem, ProblemKind

        store = self._keeper.store
        if store is None or not store.writable:
            raise HistoryError(self._keeper.problem or HistoryProblem(ProblemKind.NOT_WRITABLE, self._keeper.path))
        return store
