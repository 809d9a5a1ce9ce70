"""The report's own arithmetic (what is not the review's): each exercise's
check-ins counted, the notes in order, a questionnaire's change since its first."""

from __future__ import annotations

from datetime import date

from footdesk.physio_report import dated_notes, exercise_check_ins, score_changes
from footdesk.questionnaires import Answered, Instrument, answered, scores
from footdesk.records import CheckIn, Effort, SessionRecord, SessionStatus


def session(day: int, check_ins: tuple[CheckIn, ...] = (), note: str | None = None) -> SessionRecord:
    return SessionRecord(day, "knee-care", f"2026-11-{day:02d}T08:00:00.000+00:00", None, date(2026, 11, day),
                         SessionStatus.COMPLETED, None, (), check_ins, note)  # fmt: skip


def test_each_exercises_check_ins_in_the_routines_order_then_the_steps_gone_since():
    sessions = [
        session(18, (CheckIn("gone", Effort.HARD, 6), CheckIn("bridge", Effort.EASY, None))),
        session(17, (CheckIn("bridge", None, 2), CheckIn("wall-sit", Effort.HARD, 4))),
        session(19, (CheckIn("wall-sit", Effort.HARD, 1),)),
    ]
    found = exercise_check_ins(sessions, ["wall-sit", "bridge", "never-checked"], {"wall-sit": "Wall sit"})
    assert [(e.step, e.title) for e in found] == [("wall-sit", "Wall sit"), ("bridge", "bridge"), ("gone", "gone")]
    wall, bridge, gone = found
    assert wall.efforts[Effort.HARD] == 2 and wall.answers == 2 and wall.pains == (4, 1) and wall.pain_mean == 2.5
    assert bridge.efforts[Effort.EASY] == 1 and bridge.answers == 1 and bridge.pains == (2,)
    assert gone.pain_mean == 6


def test_notes_oldest_first_with_their_days():
    notes = dated_notes([session(19, note="better"), session(17), session(18, note="stiff")])
    assert [(n.day.day, n.text) for n in notes] == [(18, "stiff"), (19, "better")]


def test_a_score_changes_from_the_first_of_its_questionnaire_ever():
    def rmdq(day: int, yes: int) -> Answered:
        return answered(Instrument.RMDQ, date(2026, 11, day), f"2026-11-{day:02d}T09:00:00+00:00",
                        rmdq=[True] * yes + [False] * (24 - yes))  # fmt: skip

    every = scores([rmdq(2, 14), rmdq(16, 11), rmdq(30, 9),
                    answered(Instrument.ODI, date(2026, 11, 9), "2026-11-09T09:00:00+00:00", odi=34)])  # fmt: skip
    names = {"rmdq": "Roland-Morris", "odi": "Oswestry"}
    changes = [(c.score.name, c.score.day.day, c.change) for c in score_changes(every, every, names)]
    assert changes == [("Oswestry", 9, None), ("Roland-Morris", 2, None), ("Roland-Morris", 16, -3),
                       ("Roland-Morris", 30, -5)]  # fmt: skip
    later = [score for score in every if score.taken_on.day >= 16]  # a report of the later weeks only
    assert [c.change for c in score_changes(later, every, names)] == [-3, -5]  # still from the first ever


def test_a_psfs_of_other_activities_than_the_first_has_no_change_and_is_not_the_first():
    from footdesk.questionnaires import Activity

    def psfs(day: int, name: str, rating: int) -> Answered:
        return answered(Instrument.PSFS, date(2026, 11, day), f"2026-11-{day:02d}T09:00:00+00:00",
                        psfs=[Activity(name, rating)])  # fmt: skip

    every = scores([psfs(2, "Gardening", 2), psfs(16, "Lifting my child", 9), psfs(30, "gardening", 5)])
    changes = [(c.score.day.day, c.change, c.first) for c in score_changes(every, every, {"psfs": "PSFS"})]
    assert changes == [(2, None, True), (16, None, False), (30, 3.0, False)]
