"""What history keeps of a session (records.py): its JSON form, the order of
sessions, and what a session adds up to."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime

import pytest

from footdesk.records import (
    SessionRecord,
    SessionStatus,
    StepRun,
    instant_of,
    iso,
    oldest_first,
)

DAY = date(2026, 11, 16)


def run(step: str, planned: int | None, actual: float, outcome: str = "completed") -> StepRun:
    return StepRun(step, "left" if planned else None, planned, actual, outcome, "2026-11-16T08:00:00.000+01:00",
                   "2026-11-16T08:00:30.000+01:00")  # fmt: skip


def record(
    *steps: StepRun, status: SessionStatus = SessionStatus.COMPLETED, id: int = 7, at: str = ""
) -> SessionRecord:
    started = at or "2026-11-16T08:00:00.000+01:00"
    return SessionRecord(id, "foot-strength", started, "2026-11-16T08:05:00.000+01:00", DAY, status, 3, steps)


def test_the_history_json_of_a_session_is_the_documented_shape():
    """CONTRIBUTING's "History JSON" contract, key for key."""
    session = record(run("walk", None, 0), run("roll", 120, 65.12345, "skipped"), status=SessionStatus.PARTIAL)
    assert session.as_json() == {
        "id": 7,
        "routine": "foot-strength",
        "started_at": "2026-11-16T08:00:00.000+01:00",
        "ended_at": "2026-11-16T08:05:00.000+01:00",
        "status": "partial",
        "pain": 3,
        "steps": [
            {"step": "walk", "side": None, "planned_s": None, "actual_s": 0, "completed": True, "skipped": False,
             "started_at": "2026-11-16T08:00:00.000+01:00", "ended_at": "2026-11-16T08:00:30.000+01:00"},
            {"step": "roll", "side": "left", "planned_s": 120, "actual_s": 65.123, "completed": False, "skipped": True,
             "started_at": "2026-11-16T08:00:00.000+01:00", "ended_at": "2026-11-16T08:00:30.000+01:00"},
        ],
    }  # fmt: skip
    assert record(status=SessionStatus.COMPLETED).as_json()["status"] == "completed"


def test_a_session_adds_up_its_timed_parts_and_keeps_its_confirmed_habits_once():
    session = record(
        run("walk", None, 0),
        run("walk", None, 0),
        run("shoes", None, 0, "skipped"),  # gone past, not kept
        run("roll", 120, 50, "restarted"),
        run("roll", 120, 120),
    )
    assert session.completed and not record(status=SessionStatus.PARTIAL).completed
    assert session.exercise_s == 170  # the restarted try was still done
    assert session.habits_kept == frozenset({"walk"})
    assert run("walk", None, 0).timed is False and run("roll", 120, 0).timed is True
    assert run("roll", 120, 0, "completed").completed and not run("roll", 120, 0, "stopped").completed


def test_times_are_written_with_their_offset_to_the_millisecond_and_ordered_by_the_instant():
    instant = datetime(2026, 3, 29, 0, 30, 0, 123456, tzinfo=UTC)
    written = iso(instant)
    assert written.endswith(".123" + written[-6:])
    assert datetime.fromisoformat(written) == instant.replace(microsecond=123000)
    summer = record(at="2026-03-29T02:30:00.000+02:00", id=1)  # 00:30 UTC
    winter = record(at="2026-03-29T02:10:00.000+01:00", id=2)  # 01:10 UTC: later, though its text sorts first
    broken = record(at="not a time", id=3)
    assert [s.id for s in oldest_first([winter, broken, summer])] == [3, 1, 2]
    tied = [record(at="2026-03-29T02:30:00.000+02:00", id=n) for n in (5, 4)]
    assert [s.id for s in oldest_first(tied)] == [4, 5]  # the id breaks a tie
    assert instant_of("2026-03-29T01:10:00+01:00") == datetime(2026, 3, 29, 0, 10, tzinfo=UTC)
    assert instant_of("2026-03-29T01:10:00").tzinfo is UTC  # local, made UTC
    assert instant_of("") == datetime.min.replace(tzinfo=UTC)


def test_records_are_values():
    session = record(run("roll", 120, 120))
    for value, name in ((session, "pain"), (session.steps[0], "actual_s")):
        with pytest.raises(FrozenInstanceError):
            setattr(value, name, None)
        assert hash(value) == hash(value)
    assert SessionRecord(1, "r", "", None, DAY, SessionStatus.PARTIAL, None).steps == ()
