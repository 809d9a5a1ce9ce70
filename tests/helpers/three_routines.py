"""A week with three routines in it: the built-in one and two of one's own, each
with a per-side step, recorded through the real session and recorder on a fake
clock. What the week's PDF, the review and ``footdesk history`` are checked on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from footdesk import paths
from footdesk.history import HistoryStore, StoreRecorder
from footdesk.routine import Routine, load_default_routine, load_routine
from footdesk.session import Session, SessionOptions, State

CALF = """schema = 2
id = "calf-care"
title = "Calf care"

[[steps]]
id = "roll"
title = "Roll each calf on a foam roller"
timing = "per-side"
seconds = 45
instructions = ["Roll your {side} calf slowly."]

[[steps]]
id = "stretch"
title = "Calf stretch against the wall"
timing = "per-side"
seconds = 30
instructions = ["Lean into the wall, {side} leg back."]

[[steps]]
id = "walk"
title = "Walk on your toes"
timing = "timed"
seconds = 40
instructions = ["Walk on your toes around the room."]
"""

KNEE = """schema = 2
id = "knee-rehab"
title = "Knee programme"

[[steps]]
id = "roll"
title = "Roll the knee cap"
timing = "timed"
seconds = 30
instructions = ["Gently."]

[[steps]]
id = "squat"
title = "Single-leg squat to a chair"
timing = "per-side"
seconds = 50
instructions = ["Stand on your {side} leg and sit back to the chair."]

[[steps]]
id = "bridge"
title = "Glute bridge"
timing = "timed"
seconds = 60
instructions = ["Lift your hips."]

[[steps]]
id = "tip"
title = "Ice after a long walk"
timing = "untimed"
instructions = ["Ten minutes."]
"""

NOW = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
"""Friday of ISO week 2026-W47, after the last session."""


def own_routines() -> dict[str, Routine]:
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    routines = {}
    for text in (CALF, KNEE):
        name = text.split('id = "')[1].split('"')[0]
        (folder / f"{name}.toml").write_text(text)
        routines[name] = load_routine(folder / f"{name}.toml")
    return routines


def record(store: HistoryStore, routine: Routine, start: datetime, stop_after: int | None = None,
           pain: int | None = None) -> None:  # fmt: skip
    """The whole routine (or up to ``stop_after`` parts ended, then stopped mid-part)."""
    session = Session(routine, SessionOptions(get_ready_s=5, sleep_gap_s=1e9))
    recorder = StoreRecorder(store, routine.id, wall_clock=lambda: start)
    t = 1000.0
    ended = 0
    events = session.start(t)
    while True:
        for event in events:
            recorder.record(event)
            ended += type(event).__name__ == "PhaseEnded"
        if session.state is State.FINISHED:
            break
        if stop_after is not None and ended >= stop_after and session.state is State.RUNNING:
            events = session.stop(t + 7.5)
        elif session.state is State.TIP:
            t += 10
            events = session.skip(t)
        else:
            t = session.next_wakeup(t)
            events = session.tick(t)
    if pain is not None and recorder.session_id is not None:
        store.set_pain(recorder.session_id, pain)


def seed_three_routines() -> dict[str, Routine]:
    """Monday to Friday of 2026-W47: the built-in routine on Monday and
    Wednesday, calf care on Monday, Tuesday and Thursday (Tuesday's stopped
    part-way), the knee programme on Wednesday and Friday."""
    own = own_routines()
    builtin = load_default_routine()
    store = HistoryStore.open(paths.history_file()).store
    monday = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
    try:
        record(store, builtin, monday, pain=5)
        record(store, own["calf-care"], monday + timedelta(hours=10))
        record(store, own["calf-care"], monday + timedelta(days=1), stop_after=2, pain=4)
        record(store, builtin, monday + timedelta(days=2), pain=3)
        record(store, own["knee-rehab"], monday + timedelta(days=2, hours=9))
        record(store, own["calf-care"], monday + timedelta(days=3), pain=3)
        record(store, own["knee-rehab"], monday + timedelta(days=4), pain=2)
    finally:
        store.close()
    return own
