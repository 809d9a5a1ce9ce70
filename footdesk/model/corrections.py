"""Correcting the record: a session deleted (and brought back), a rating
changed, a part marked done after all, and each of them undone.

The history keeps every correction with the value before it (the keeper
writes them); this part adds the one rule that needs the routine: a session
counts as completed once every part of its routine is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from footdesk.history import Correction
    from footdesk.model.keeper import HistoryKeeper
    from footdesk.records import SessionRecord
    from footdesk.routine import Routine


class RecordCorrections:
    def __init__(self, keeper: HistoryKeeper, runnable: Callable[[str], Routine | None]) -> None:
        """``runnable``: a routine by id as a session of it runs (None: gone)."""
        self._keeper = keeper
        self._runnable = runnable

    def delete(self, session_id: int) -> Correction | None:
        """Leave a session out of the review, the PDF and the exports, its rows
        kept. None when the history cannot be written (a notice says why);
        CorrectionRefusedError when there is no such session."""
        return self._keeper.delete_session(session_id)

    def undelete(self, session_id: int) -> Correction | None:
        return self._keeper.undelete_session(session_id)

    def rate(self, session_id: int, pain: int | None) -> Correction | None:
        """Change a session's lower-back rating (0 to 10, None: no rating); the one before is kept."""
        return self._keeper.rate_session(session_id, pain)

    def mark_done(self, session_id: int, step: str, side: str | None) -> Correction | None:
        """A part skipped or stopped counts as done after all; the session counts
        as completed when every part of its routine is then completed."""
        return self._keeper.mark_done(session_id, step, side, self._every_part_completed)

    def unmark_done(self, session_id: int, step: str, side: str | None) -> Correction | None:
        return self._keeper.unmark_done(session_id, step, side)

    def undo(self, correction: Correction) -> Correction | None:
        return self._keeper.undo(correction)

    def made(self) -> list[tuple[Correction, str, str | None]]:
        """Every correction made, with when (and when taken back), oldest first."""
        return self._keeper.reading(lambda store: store.corrections(), [])

    def _every_part_completed(self, record: SessionRecord) -> bool:
        from footdesk.records import every_part_completed
        from footdesk.session import build_phases

        routine = self._runnable(record.routine)
        return routine is not None and every_part_completed(record, build_phases(routine))
