"""G1's words (report, card, week, timefmt, questionnaires, the PDFs) go
through the catalog: in the pseudo-locale every one of them is accented and
padded, its placeholders filled; counts go through ``n_``; English is as it was."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from footdesk import i18n, questionnaires, report, timefmt, week
from footdesk.records import Effort, Outcome


class Recorder(gettext.NullTranslations):
    """English, remembering each plural asked for and its count."""

    def __init__(self) -> None:
        super().__init__()
        self.plurals: list[tuple[str, int]] = []

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.plurals.append((msgid1, n))
        return super().ngettext(msgid1, msgid2, n)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    recording = Recorder()
    i18n._InUse.translations = recording
    try:
        yield recording
    finally:
        i18n.use_language(i18n.ENGLISH)


def texts() -> dict[str, str]:
    return {
        "times a day": report.times_a_day_words(2),
        "goal note": report.goal_from_dose_note("Knee care", 3),
        "effort": report.check_in_answer(Effort.ABOUT_RIGHT, 2),
        "outcome": report.outcome_words(Outcome.SKIPPED, 3.0),
        "partly": report.outcome_words(Outcome.STOPPED, 3.0),
        "score": report.score_text("rmdq", 7),
        "change": report.change_text(2, True),
        "offer": report.questionnaire_offer_text(2),
        "dose": report.report_dose_line(2, 5, True),
        "saved again": report.history_saved_again(2),
        "why": report.history_why("database or disk is full", "SQLITE_FULL"),
        "calendar": report.calendar_written("Knee care", 2, Path("plan.ics")),
        "span": report.day_span(date(2026, 9, 14), date(2026, 12, 6)),
        "spoken": timefmt.spoken_duration(90),
        "in words": timefmt.duration_in_words(125),
        "left": timefmt.exercise_left_text(600, 30),
        "taken on": questionnaires.taken_on_problem(date(2026, 12, 9), date(2026, 12, 7)) or "",
        "stop card": " ".join(report.stop_card_lines(6)),
        "not saved": report.questionnaire_not_saved("busy", None, "deleted"),
    }


def test_every_text_goes_through_the_catalog(pseudo: None) -> None:
    for name, text in texts().items():
        assert "⟦" in text, name
    assert "Knee care" in texts()["goal note"] and "3" in texts()["goal note"]  # placeholders filled
    with pytest.raises(ValueError, match="⟦"):
        week.parse_week("soon")


def test_english_is_as_it_was() -> None:
    said = texts()
    assert said["goal note"] == "Knee care asks for 3 days a week (its own file)."
    assert said["effort"] == "about right, pain 2"
    assert said["partly"] == "partly done"
    assert said["offer"] == "Two weeks since your last back questionnaire."
    assert said["dose"] == "Dose: twice a day, 5 days a week"
    assert said["why"] == "the disk is full (SQLite: database or disk is full)"
    assert said["span"] == "14 Sep – 6 Dec 2026"
    assert said["in words"] == "2 minutes 5 seconds"
    assert said["stop card"].startswith("Stop for today. If pain like this")
    assert said["not saved"] == "The score was not deleted: busy."
    assert i18n.weekday_day_month(date(2026, 12, 7), two_digit_day=True) == "Mon 07 Dec"


def test_counts_go_through_n_(recorder: Recorder) -> None:
    report.history_write_lost(3, "busy")
    report.history_unsaved_at_quit(1, "busy")
    timefmt.minutes_in_words(120)
    assert ("{count} change to your history could not be saved ({reason}); details are in the log.", 3) in (
        recorder.plurals
    )
    assert any(n == 1 and text.startswith("{count} change to your history is not") for text, n in recorder.plurals)
    assert ("{count} minute", 2) in recorder.plurals


def test_marked_tables_are_english_until_shown() -> None:
    """N_ keeps the English at import; ``_`` says it where it is shown."""
    assert report.DAY_MARKS[report.DayState.REST][1] == "rest day"
    assert questionnaires.RMDQ_STATEMENTS[0] == "I stay at home most of the time because of my back."
    assert report.day_state_words(report.DayState.UPCOMING) == ""
