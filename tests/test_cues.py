from __future__ import annotations

from footdesk.cues import cues_for
from footdesk.routine import load_default_routine
from footdesk.session import Session, SessionOptions, State

T0 = 500.0


def all_cues(options: SessionOptions) -> list[str]:
    session = Session(load_default_routine(), options)
    cues: list[str] = []
    events = session.start(T0) + session.skip(T0 + 1)
    t = T0 + 1
    while session.state is not State.FINISHED:
        if session.state is State.TIP:
            events += session.skip(t)
            continue
        t = session.next_wakeup(t)
        events += session.tick(t)
    for event in events:
        cues += cues_for(event)
    return cues


def test_the_whole_routine_sounds_in_order():
    cues = all_cues(SessionOptions(get_ready_s=5))
    assert cues[:6] == [
        "say-step-barefoot",
        "say-step-roll",
        "get-ready-pip",
        "get-ready-pip",
        "get-ready-pip",
        "go",
    ]
    assert cues.count("go") == 3
    assert cues.count("halfway") == 3
    assert cues.count("last-seconds-pip") == 9
    assert cues.count("switch-feet") == 1 and "say-switch-right" in cues
    assert cues.count("step-done") == 2  # after the right foot and after heel raises
    assert [c for c in cues if c.startswith("say-guide-roll")] == ["say-guide-roll-1", "say-guide-roll-2"] * 2
    assert cues[-3:] == ["say-step-shoes", "routine-done", "say-well-done"]


def test_the_switch_side_is_announced_instead_of_the_step():
    cues = all_cues(SessionOptions(get_ready_s=5))
    switch = cues.index("switch-feet")
    assert cues[switch : switch + 3] == ["switch-feet", "say-switch-right", "get-ready-pip"]
