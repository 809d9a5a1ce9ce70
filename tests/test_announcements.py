"""What a screen reader is told (cues.announcement_for) and how a typed rating
is read (keys.typed_rating): pure rules, tested without a window."""

from __future__ import annotations

import itertools
import random

import pytest

from footdesk.cues import announcement_for, end_heading
from footdesk.keys import SECOND_DIGIT_S, typed_rating
from footdesk.routine import load_default_routine
from footdesk.session import GuideAdvanced, PhaseStarted, RoutineFinished, Session, SessionOptions


@pytest.mark.parametrize(
    ("digit", "after", "before", "rating"),
    [
        (0, 0.5, (1, 0.0), 10),  # "1" "0": ten
        (0, SECOND_DIGIT_S + 0.1, (1, 0.0), 0),  # a "0" long after: zero
        (0, 0.5, (0, 0.0), 0),
        (0, 0.5, (10, 0.0), 0),  # "1" "0" "0": ten, then zero
        (0, 0.5, None, 0),
        (1, 0.5, (1, 0.0), 1),
        (7, 0.5, (1, 0.0), 7),
    ],
)
def test_typing_10_is_10(digit, after, before, rating):
    assert typed_rating(digit, after, before) == rating


def run(actions: dict[float, str], options: SessionOptions | None = None) -> list[object]:
    session = Session(load_default_routine(), options or SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    events = list(session.start(0.0))
    t = 0.0
    while t < 400 and session.state.name != "FINISHED":
        t = round(t + 0.5, 2)
        action = actions.get(t)
        events += getattr(session, action)(t) if action else session.tick(t)
    return events


def said(events) -> list[str]:
    return [text for text in map(announcement_for, events) if text]


def test_stopped_and_finished_with_skips_are_told_apart_in_the_screens_words():
    stopped = run({0.5: "skip", 10.0: "stop"})
    assert said(stopped)[-1] == "Stopped. What you did is saved."
    skipped = run({0.5: "skip", 10.0: "skip", 11.0: "skip", 12.0: "skip", 13.0: "skip"})
    end = [event for event in skipped if isinstance(event, RoutineFinished)]
    assert end and not end[0].completed and not end[0].stopped
    assert said(skipped)[-1] == "Finished, with some skipped. What you did is saved."
    assert said(skipped)[-1].startswith(end_heading(completed=False, stopped=False))
    assert announcement_for(RoutineFinished(0.0, completed=True)) == "Routine finished. Well done."


def test_each_instruction_stage_is_announced():
    events = run({0.5: "skip", 200.0: "stop"})
    go = next(event for event in events if isinstance(event, PhaseStarted) and event.phase.step.guide)
    assert announcement_for(go) == "Go: 2 minutes. Now: Roll side to side under your toes."
    stages = [announcement_for(event) for event in events if isinstance(event, GuideAdvanced)]
    assert stages[:2] == ["Now: Work slowly down through the arch.", "Now: Finish by rolling under your heel."]


@pytest.mark.parametrize("seed", range(40))
def test_no_number_is_said_twice_in_a_row(seed):
    """Whatever keys come when: a count ("3", "2", "1") is never repeated back to back."""
    rng = random.Random(seed)
    session = Session(load_default_routine(), SessionOptions(get_ready_s=rng.choice([0, 3, 5]), sleep_gap_s=1e9))
    heard = said(session.start(0.0))
    t = 0.0
    for _ in range(600):
        t = round(t + rng.choice([0.1, 0.25, 0.5, 1.0]), 3)
        if rng.random() < 0.03:
            heard += said(getattr(session, rng.choice(["toggle", "skip", "back"]))(t))
        else:
            heard += said(session.tick(t))
    for before, after in itertools.pairwise(heard):
        assert not (before == after and before in ("3", "2", "1")), (before, after)
