"""Recording a live session as it happens: every step run written the moment
it ends, the part under way saved as its clock runs, and any write that
cannot be made yet kept, in order, and tried again (nothing done is dropped
while footdesk runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from footdesk.records import Effort, Outcome, StepRun, iso
from footdesk.session import Event, PhaseEnded, PhaseStarted, RoutineFinished, RoutineStarted

if TYPE_CHECKING:
    from footdesk.history.store import HistoryStore

CHECKPOINT_S = 10.0
"""Seconds of a running part's clock between two saves of it."""


class SessionRecorder(Protocol):
    def record(self, event: Event) -> None:
        """Called for every session event, in order, as it happens."""


@dataclass
class _Row:
    """One session as the recorder writes it: its row is made with its first
    step run (or carried on, for a resumed session)."""

    routine: str
    started_at: datetime
    plan_phase: str | None = None
    plan_week: int | None = None
    id: int | None = None
    reopen: bool = False
    earlier_completed: bool = True
    """For a resumed session: whether the parts done before it were all completed."""


@dataclass
class _Write:
    kind: str  # "step", "part", "end", "pain", "reopen", "note", "check-in:<step>"
    row: _Row
    make: Callable[[HistoryStore], None]


@dataclass
class StoreRecorder:
    """Writes a live session to the store. Session events carry monotonic times;
    the wall-clock instant is taken once at the start and the rest follow from
    it, so a clock change mid-session never bends the record.

    The session's row is written with its first step run: a session stopped
    before anything was done leaves no row (nothing to count, nothing to show).
    A write that cannot be made yet (the history not open yet, a locked or full
    disk) is kept, in order, and tried again with the next write or ``flush``:
    nothing done is dropped while footdesk runs. ``flush`` raises the first
    failure (an sqlite3.Error) and keeps it and the rest.
    """

    store: HistoryStore | None
    routine_id: str
    plan: tuple[str | None, int | None] = (None, None)
    """The plan's phase title and week (1-based) the next session runs in, when its routine has a plan."""
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _origin: tuple[float, datetime] | None = None
    _row: _Row | None = None
    _pending: list[_Write] = field(default_factory=list)
    _part_started: float | None = None
    _part_saved_s: float = 0.0
    _resume: tuple[int, bool] | None = None
    written_ids: set[int] = field(default_factory=set)
    """Sessions this recorder made or carried on (never closed as interrupted)."""

    @property
    def pending(self) -> int:
        """Writes kept for later."""
        return len(self._pending)

    @property
    def session_id(self) -> int | None:
        """The row of the session being (or last) recorded, once it is written."""
        return self._row.id if self._row is not None else None

    @property
    def has_row(self) -> bool:
        """Whether the last session has (or will have, once written) a row: something was done."""
        row = self._row
        if row is None:
            return False
        return row.id is not None or any(w.row is row and w.kind in ("step", "part", "reopen") for w in self._pending)

    def resume_into(self, session_id: int, earlier_completed: bool) -> None:
        """The next session carries on this interrupted one (same row)."""
        self._resume = (session_id, earlier_completed)

    def record(self, event: Event) -> None:
        if isinstance(event, RoutineStarted):
            self._origin = (event.at, self.wall_clock())
            self._row = _Row(self.routine_id, self._origin[1], *self.plan)
            self._part_started = None
            if self._resume is not None:
                self._row.id, self._row.earlier_completed = self._resume
                self._row.reopen = True
                self._resume = None
                row = self._row
                self._queue(_Write("reopen", row, lambda store: self._reopen(store, row)))
                self.written_ids.add(self._row.id)
            return
        if self._origin is None or self._row is None:
            return
        row = self._row
        if isinstance(event, PhaseStarted) and not event.phase.rest:
            self._part_started = event.at
            self._part_saved_s = 0.0
        elif isinstance(event, PhaseEnded) and not event.run.phase.rest:  # a rest is not exercise
            run = event.run
            step_run = StepRun(
                step=run.phase.step.id,
                side=run.phase.side.value if run.phase.side else None,
                planned_s=run.planned_s,
                actual_s=run.active_s,
                outcome=run.outcome,
                started_at=iso(self._wall(run.started_at)),
                ended_at=iso(self._wall(run.ended_at)),
            )
            self._part_started = None
            # the saved part under way is superseded by the step run (same transaction)
            self._pending = [w for w in self._pending if not (w.kind == "part" and w.row is row)]
            self._queue(_Write("step", row, lambda store: self._add(store, row, step_run)))
            self.flush()
        elif isinstance(event, RoutineFinished):
            ended, completed = self._wall(event.at), event.completed
            self._part_started = None
            self._queue(_Write("end", row, lambda store: self._end(store, row, ended, completed)))
            self.flush()

    def save_part(self, step: str, side: str | None, planned_s: int | None, active_s: float, now: float,
                  paused: bool = False) -> bool:  # fmt: skip
        """The part whose clock runs has got this far: saved every CHECKPOINT_S
        seconds of its clock and when it is paused (a crash then loses at most
        that). Returns whether a save was due (then flushes, which may raise)."""
        if self._row is None or self._part_started is None or active_s <= 0:
            return False
        if not paused and active_s - self._part_saved_s < CHECKPOINT_S:
            return False
        if paused and active_s == self._part_saved_s:
            return False
        self._part_saved_s = active_s
        row = self._row
        run = StepRun(step, side, planned_s, active_s, Outcome.STOPPED, iso(self._wall(self._part_started)),
                      iso(self._wall(now)))  # fmt: skip
        self._pending = [w for w in self._pending if not (w.kind == "part" and w.row is row)]
        self._queue(_Write("part", row, lambda store: self._save_part(store, row, run)))
        self.flush()
        return True

    def rate(self, pain: int | None) -> bool:
        """The lower-back rating of the last session, kept like any write (the
        latest rating replaces one not written yet). False when that session
        left no row to rate. Flushes, which may raise."""
        row = self._row
        if row is None or not self.has_row:
            return False
        self._pending = [w for w in self._pending if not (w.kind == "pain" and w.row is row)]
        self._queue(_Write("pain", row, lambda store: self._pain(store, row, pain)))
        self.flush()
        return True

    def check_in(self, step: str, effort: Effort | None, pain: int | None) -> bool:
        """How an exercise of the last session went (its check-in), kept like
        any write (a later answer replaces one not written yet). False when
        that session left no row. Flushes, which may raise."""
        return self._answer(f"check-in:{step}", lambda store, row: store.set_check_in(row, step, effort, pain))

    def note(self, text: str | None) -> bool:
        """The person's note about the last session, kept like any write. False
        when that session left no row. Flushes, which may raise."""
        return self._answer("note", lambda store, row: store.set_note(row, text))

    def _answer(self, kind: str, make: Callable[[HistoryStore, int], None]) -> bool:
        row = self._row
        if row is None or not self.has_row:
            return False
        self._pending = [w for w in self._pending if not (w.kind == kind and w.row is row)]

        def write(store: HistoryStore) -> None:
            if row.id is not None:
                make(store, row.id)

        self._queue(_Write(kind, row, write))
        self.flush()
        return True

    def flush(self) -> None:
        """Make the writes kept so far, oldest first; the first failure stops and
        raises, keeping it and the rest for the next try."""
        if self.store is None:
            return
        while self._pending:
            self._pending[0].make(self.store)
            self._pending.pop(0)

    def drop_first(self) -> str | None:
        """Give up the write that keeps failing the same way (a fault, not a full
        disk); returns what it was."""
        return self._pending.pop(0).kind if self._pending else None

    def _queue(self, write: _Write) -> None:
        self._pending.append(write)

    def _ensure_row(self, store: HistoryStore, row: _Row) -> int:
        if row.id is None:
            row.id = store.begin_session(row.routine, row.started_at, row.plan_phase, row.plan_week)
            self.written_ids.add(row.id)
        return row.id

    def _reopen(self, store: HistoryStore, row: _Row) -> None:
        if row.id is not None:
            store.reopen_session(row.id)

    def _add(self, store: HistoryStore, row: _Row, run: StepRun) -> None:
        store.add_step_run(self._ensure_row(store, row), run)

    def _save_part(self, store: HistoryStore, row: _Row, run: StepRun) -> None:
        store.save_part_under_way(self._ensure_row(store, row), run)

    def _end(self, store: HistoryStore, row: _Row, ended_at: datetime, completed: bool) -> None:
        if row.id is not None:
            store.end_session(row.id, ended_at, completed and row.earlier_completed)

    def _pain(self, store: HistoryStore, row: _Row, pain: int | None) -> None:
        if row.id is not None:
            store.set_pain(row.id, pain)

    def _wall(self, at: float) -> datetime:
        assert self._origin is not None
        mono, wall = self._origin
        return wall + timedelta(seconds=at - mono)
