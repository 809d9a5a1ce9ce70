#!/usr/bin/env python3
"""Seed a demo history: six weeks of someone doing the routine, for screenshots,
demos and trying the review by hand.

Mostly done days, a few partly done (stopped, or a step skipped), a missed day,
a rest day during a flare-up, restarted sides, two sessions on one day, and
lower-back ratings drifting down from about 6 to about 2. Today is left open.

Every session is made by driving footdesk's own application model
(``footdesk.appmodel.AppModel``) with a made-up clock, the way the window
drives it, so what lands in the history is exactly what footdesk would record.
It writes into the history footdesk uses (``XDG_DATA_HOME`` and the other XDG
variables are honoured), and refuses to touch a history that already holds
anything unless ``--force``, which moves that file aside (never deletes it).

Run it with footdesk's environment:

    .venv/bin/python packaging/seed_demo_history.py                       # your own history
    XDG_DATA_HOME=~/footdesk-demo/data .venv/bin/python packaging/seed_demo_history.py
    XDG_DATA_HOME=~/footdesk-demo/data .venv/bin/footdesk                        # and see it
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from footdesk.appmodel import AppModel

MIN_WEEKS = 5


@dataclass
class Plan:
    """How one session goes."""

    at: time
    restart: dict[tuple[str, str | None], float] = field(default_factory=dict)
    """(step, side) → seconds into its clock at which the person goes back and starts it again."""
    skip: tuple[str, str | None, float] | None = None
    """(step, side, seconds): the person moves on early."""
    stop: tuple[str, str | None, float] | None = None
    """(step, side, seconds): the person stops the whole session."""
    pain: int | None = None


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="seed_demo_history.py",
        description="Fill footdesk's history (as found through the XDG variables) with a realistic demo.",
    )
    parser.add_argument("--weeks", type=int, default=6, help=f"whole weeks before this one (at least {MIN_WEEKS})")
    parser.add_argument("--today", type=date.fromisoformat, help="the demo's today, YYYY-MM-DD (default: today)")
    parser.add_argument("--seed", type=int, default=47, help="the random seed (the same seed, the same history)")
    parser.add_argument(
        "--force", action="store_true", help="move an existing history aside (beside itself) and seed a new one"
    )
    args = parser.parse_args(argv)
    if args.weeks < MIN_WEEKS:
        parser.error(f"--weeks must be at least {MIN_WEEKS}")
    return args


def day_plans(today: date, weeks: int, rng: random.Random) -> tuple[dict[date, list[Plan]], list[date]]:
    """The sessions of every day from the Monday ``weeks`` weeks ago up to
    yesterday, and the rest days."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks)
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    span = len(days)
    plans: dict[date, list[Plan]] = {}
    # the story: a missed day early on, a flare-up with a rest day in the middle,
    # a few partly done days, and the back slowly getting better
    missed = {days[9]}
    rest = days[span // 2]
    partial_stop = {days[4], days[span // 2 + 9]}
    partial_skip = {days[17]}
    twice = days[span // 2 + 3]
    for index, day in enumerate(days):
        if day in missed or day == rest:
            continue
        progress = index / max(1, span - 1)
        pain = round(6 - 4 * progress + rng.uniform(-1, 1))
        if day == rest - timedelta(days=1):
            pain = 7  # the flare-up that made the next day a rest day
        morning = rng.random() < 0.6
        at = time(7, rng.randrange(0, 50)) if morning else time(18, rng.randrange(0, 55))
        plan = Plan(at=at, pain=max(0, min(10, pain)) if rng.random() < 0.85 else None)
        if rng.random() < 0.3:
            side = rng.choice(["left", "right"])
            plan.restart[("roll", side)] = rng.randrange(15, 50)
        if rng.random() < 0.1:
            plan.restart[("heel-raises", None)] = rng.randrange(10, 30)
        if day in partial_stop:
            plan.stop = ("heel-raises", None, rng.randrange(15, 40))
        elif day in partial_skip:
            plan.skip = ("roll", "right", rng.randrange(40, 80))
        if day == twice:  # a morning try cut short, done properly in the evening
            early = Plan(at=time(7, 5), stop=("roll", "left", 50))
            plan.at = time(19, 10)
            plans[day] = [early, plan]
        else:
            plans[day] = [plan]
    return plans, [rest]


def drive(model: AppModel, clock: FakeClock, plan: Plan) -> None:
    """One session, driven the way the window drives the model."""
    from footdesk.session import State

    restarted: set[tuple[str, str | None]] = set()
    model.start()
    while True:
        snap = model.snapshot()
        if snap is None or snap.state is State.FINISHED:
            break
        if snap.state is State.TIP:
            model.skip()  # the habit, confirmed
            continue
        if snap.state is State.READY:
            model.toggle()
            continue
        phase = snap.phase
        assert phase is not None
        key = (phase.step.id, phase.side.value if phase.side else None)
        ran = (snap.timer_total_s or 0) - (snap.remaining_s or 0) if snap.state is State.RUNNING else 0.0
        if key in plan.restart and key not in restarted and ran >= plan.restart[key]:
            restarted.add(key)
            model.back()
            continue
        if plan.skip and key == plan.skip[:2] and ran >= plan.skip[2]:
            model.skip()
            continue
        if plan.stop and key == plan.stop[:2] and ran >= plan.stop[2]:
            model.stop()
            continue
        wake = model.next_wakeup()
        if wake is None:
            raise RuntimeError(f"the session waits for nothing in {snap.state}")
        clock.now = wake
        model.tick()
    if plan.pain is not None:
        model.rate(plan.pain)
    model.go_home()


def existing_history(path: Path) -> int:
    """How many sessions and rest days the history at ``path`` holds."""
    from footdesk.history import HistoryStore

    store = HistoryStore.open_for_reading(path)
    if store is None:
        return 0
    try:
        return len(store.sessions()) + len(store.rest_days())
    finally:
        store.close()


def move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-demo-{stamp}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from footdesk import paths
        from footdesk.appmodel import Adapters, ModelFiles, build_model
        from footdesk.history import HistoryError
        from footdesk.routine import load_default_routine
        from footdesk.session import SessionOptions
        from footdesk.settings import SettingsFile
    except ImportError as exc:
        print(f"seed_demo_history: footdesk cannot be imported ({exc}); run this with footdesk's Python, "
              "e.g. .venv/bin/python packaging/seed_demo_history.py", file=sys.stderr)  # fmt: skip
        return 1

    paths.prepare_private_dirs()  # the ratings are health data, made-up or not
    target = paths.history_file()
    try:
        held = existing_history(target)
    except HistoryError as exc:
        print(f"seed_demo_history: {exc}; nothing was written", file=sys.stderr)
        return 1
    if held and not args.force:
        print(f"seed_demo_history: {target} already holds {held} sessions and rest days; nothing was written "
              "(--force moves it aside and seeds a new one)", file=sys.stderr)  # fmt: skip
        return 1
    if target.exists() and args.force:
        print(f"The history there was moved to {move_aside(target)}")

    today = args.today or date.today()
    rng = random.Random(args.seed)
    plans, rests = day_plans(today, args.weeks, rng)
    clock = FakeClock()
    wall = [datetime.combine(today, time(12, 0)).astimezone()]
    base = load_default_routine()
    # a state file of its own (never written): the demo is of the built-in routine,
    # whichever routine the person chose, and their app state is left as it is
    spare = tempfile.TemporaryDirectory(prefix="footdesk-demo-")
    files = ModelFiles(base, SettingsFile(paths.settings_file(), base.durations()),
                       Path(spare.name) / "app-state.json", target)  # fmt: skip
    # the clock below jumps from wake-up to wake-up, never over a "sleep"
    options = SessionOptions(get_ready_s=5, auto_advance=True)
    model = build_model(Adapters(clock=clock, wall_clock=lambda: wall[0], fixed_options=options), files)
    model.open_history()
    if model.history is None:
        print(f"seed_demo_history: {model.history_notice}", file=sys.stderr)
        return 1
    from footdesk.history.store import without_waiting_for_the_disk

    without_waiting_for_the_disk(model.history)  # thousands of writes: made up, so not made durable one by one
    sessions = 0
    try:
        for day, day_plan in sorted(plans.items()):
            for plan in day_plan:
                wall[0] = datetime.combine(day, plan.at).astimezone()
                clock.now += 3600.0
                drive(model, clock, plan)
                sessions += 1
        for day in rests:
            model.set_rest_day(day, True)
    finally:
        model.close()
        spare.cleanup()
    first = min(plans)
    print(f"Seeded {sessions} sessions from {first:%a %d %b %Y} to {max(plans):%a %d %b %Y} into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
