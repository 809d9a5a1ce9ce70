"""Startup, memory and idle CPU of the real footdesk against a bare PySide6
window and, where it is installed, Workrave.

    python -m tests.perf.bench_startup            # 5 rounds, 10 s memory, 20 s idle
    python -m tests.perf.bench_startup --quick    # 1 round, waits of a fraction of a second, for CI

Each run starts a fresh process on a private Xvfb display and times from the
process start to its first window being mapped, seen as an X MapNotify event
on the root window (libX11 through ctypes, so nothing is polled). For the
bare window and footdesk that is the first window of at least 200x200 pixels;
Workrave's first window is its small timer box (about 100x90), so for it any
top-level window of at least 50x50 counts. The programs run in turns (the
order rotating each round), so all see the same machine; medians and ratios
are reported. Memory is the resident size after a while with the window
open; idle CPU is measured over a span with the window open and no session.

The floor of footdesk's own window is timed too: a replica of its first
window (the same widgets, texts, fonts, styles and menus, written by a footdesk
run in the same home) built by PySide6 alone, with none of footdesk's Python
(tests/perf/_window_replica.py). ``replica_ratio`` is what any PySide6
program showing that window costs above the bare one; ``footdesk_vs_replica``
is footdesk's own Python above that floor.

Workrave (Debian's ``workrave`` package) is the break timer people already
have: footdesk's first window should be no slower than its. Without it the
Workrave figures are left out and the reason is given.

A person with a daily reminder has footdesk in the tray all day (started at
login with ``--background``), so opening it from the menu is a launch that
finds it running. That is timed too, in the same rounds: footdesk in the tray
of a panel on the display (Debian's ``trayer``), then ``footdesk`` launched,
from its process start to the window being mapped. Without trayer that figure
is left out and the reason is given.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.perf._cli import run_bench
from tests.perf._x11 import (
    NoXWindowError,
    Screen,
    SessionBus,
    cpu_seconds,
    end_process,
    rss_mb,
    scratch_home,
    why_no_x_server,
)

ROUNDS = int(os.environ.get("FOOTDESK_BENCH_PAIRS", "5"))

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
window = QLabel("a bare PySide6 window")
window.resize(1000, 700)
window.show()
sys.exit(app.exec())
"""

REPO = Path(__file__).resolve().parents[2]
BIG = (200, 200)
WORKRAVE_TIMER_BOX = (50, 50)


def run_once(
    command: list[str], screen: Screen, env: dict[str, str], settle: float, idle: float, least: tuple[int, int]
) -> dict:
    env = dict(env, DISPLAY=screen.name)
    errors = Path(env["XDG_CACHE_HOME"]) / "stderr.txt"
    # an empty folder to start in: with "-m footdesk" the current folder comes
    # first on sys.path, and a folder named footdesk there would shadow the app
    empty = Path(env["XDG_CACHE_HOME"]).parent / "cwd"
    empty.mkdir(exist_ok=True)
    started = time.monotonic()
    with errors.open("w") as stderr:
        process = subprocess.Popen(command, env=env, cwd=empty, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        mapped = screen.wait_for_window(timeout=30, least=least)
        if mapped is None:
            why = f"no window from {command[-1][:40]!r}: {errors.read_text()[-600:]}"
            # if not even a bare PySide6 window opens, Qt cannot use X here
            raise NoXWindowError(why) if command[-1] == BARE_WINDOW else RuntimeError(why)
        time.sleep(settle)
        memory = rss_mb(process.pid)
        before = cpu_seconds(process.pid)
        time.sleep(idle)
        idle_percent = 100 * (cpu_seconds(process.pid) - before) / idle
    finally:
        end_process(process)
    return {"startup_s": mapped - started, "rss_mb": memory, "idle_cpu_percent": idle_percent}


def in_tray_once(screen: Screen, env: dict[str, str], settle: float = 0.5) -> dict[str, float]:
    """footdesk lives in the tray (a reminder set, started at login); the
    person opens it from the menu: from that launch's start to the window."""
    env = dict(env, DISPLAY=screen.name)
    log = Path(env["XDG_CACHE_HOME"]) / "footdesk" / "log" / "footdesk.log"
    log.unlink(missing_ok=True)
    errors = Path(env["XDG_CACHE_HOME"]) / "stderr.txt"
    empty = Path(env["XDG_CACHE_HOME"]).parent / "cwd"
    empty.mkdir(exist_ok=True)

    def logged() -> str:
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    with errors.open("w") as stderr:
        at_login = [sys.executable, "-m", "footdesk", "--background"]
        living = subprocess.Popen(at_login, env=env, cwd=empty, stdout=subprocess.DEVNULL, stderr=stderr)
    launch: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 30
        while "started in the tray" not in logged():
            if "showing the window" in logged() or living.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"footdesk did not stay in the tray: {logged()[-600:]} {errors.read_text()[-600:]}")
            time.sleep(0.02)
        time.sleep(settle)  # settled, as hours later
        screen.forget_windows()
        started = time.monotonic()
        launch = subprocess.Popen([sys.executable, "-m", "footdesk"], env=env, cwd=empty, stdout=subprocess.DEVNULL)
        mapped = screen.wait_for_window(timeout=30)
        if mapped is None:
            raise RuntimeError(f"the running footdesk did not come forward: {logged()[-600:]}")
        if launch.wait(timeout=30) != 0:
            raise RuntimeError(f"the second launch ended with {launch.returncode}: {logged()[-600:]}")
    finally:
        if launch is not None:
            end_process(launch)
        end_process(living)
    return {"startup_s": mapped - started}


def window_floor(screen: Screen, env: dict[str, str], scratch: Path) -> list[str] | str:
    """The command of the replica of footdesk's first window (tests/perf/_window_replica.py),
    its content written by a footdesk run in this home; or why there is none."""
    spec = scratch / "first-window.json"
    dump = [sys.executable, "-m", "tests.perf._window_replica", str(spec)]
    shown = dict(env, DISPLAY=screen.name)
    try:
        done = subprocess.run(dump, env=shown, cwd=REPO, capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        return "footdesk's window was not written within a minute"
    finally:
        screen.forget_windows()  # the run that wrote it mapped a window too
    if done.returncode != 0 or not spec.exists():
        return f"footdesk's window could not be written ({done.stderr.decode(errors='replace')[-300:]})"
    return [sys.executable, str(REPO / "tests" / "perf" / "_replica_program.py"), str(spec)]


def tray_missing() -> str | None:
    if shutil.which("trayer") is None:
        return "no system tray to live in (apt-get install trayer)"
    return None


def cannot_run() -> str | None:
    """Why real X windows cannot open here, so the benchmark cannot run; None when they can."""
    return why_no_x_server()


def workrave_missing() -> str | None:
    if shutil.which("workrave") is None:
        return "Workrave is not installed (apt-get install workrave)"
    return None


def measure(quick: bool) -> dict:
    reason = cannot_run()
    if reason:
        raise NoXWindowError(reason)
    rounds, settle, idle = (1, 0.3, 0.5) if quick else (ROUNDS, 10.0, 20.0)
    scratch, env = scratch_home("footdesk-startup-")
    bus = SessionBus(scratch)  # one for all three, as on a desktop
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
    programs: dict[str, tuple[list[str], tuple[int, int]]] = {
        "bare": ([sys.executable, "-c", BARE_WINDOW], BIG),
        "footdesk": ([sys.executable, "-m", "footdesk"], BIG),
    }
    screen = Screen()
    floor = window_floor(screen, env, scratch)
    if not isinstance(floor, str):
        programs["replica"] = (floor, BIG)
    skipped = workrave_missing() or (
        None if bus.running else "Workrave needs a D-Bus session bus (apt-get install dbus)"
    )
    if skipped is None:
        programs["workrave"] = (["workrave"], WORKRAVE_TIMER_BOX)
    no_tray = tray_missing()
    tray: subprocess.Popen[bytes] | None = None
    tray_scratch, tray_env = scratch_home("footdesk-startup-tray-")
    tray_env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
    settings = Path(tray_env["XDG_CONFIG_HOME"]) / "footdesk" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('[reminder]\ntime = "18:00"\n')  # a reminder set: footdesk lives in the tray
    names = list(programs) + ([] if no_tray else ["in_tray"])
    results: dict[str, list[dict]] = {name: [] for name in names}
    try:
        if no_tray is None:
            tray = subprocess.Popen(
                ["trayer", "--edge", "bottom"],
                env=dict(env, DISPLAY=screen.name),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        for name in names if not quick else ():  # warm the file cache for all (the quick run only checks it runs)
            if name == "in_tray":
                in_tray_once(screen, tray_env)
            else:
                run_once(programs[name][0], screen, env, 0.2, 0.1, programs[name][1])
        for round_number in range(rounds):
            turn = round_number % len(names)
            for name in names[turn:] + names[:turn]:
                if name == "in_tray":
                    results[name].append(in_tray_once(screen, tray_env, 0.2 if quick else 0.5))
                    continue
                command, least = programs[name]
                results[name].append(run_once(command, screen, env, settle, idle, least))
    finally:
        if tray is not None:
            end_process(tray)
        screen.close()
        bus.close()
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(tray_scratch, ignore_errors=True)

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in results[kind])

    figures: dict[str, float | int | bool | str] = {"quick": quick, "rounds": rounds}
    for key in ("startup_s", "rss_mb", "idle_cpu_percent"):
        for name in programs:
            figures[f"{name}_{key}"] = round(median(name, key), 3)
    figures["startup_ratio"] = round(median("footdesk", "startup_s") / median("bare", "startup_s"), 3)
    figures["memory_ratio"] = round(median("footdesk", "rss_mb") / median("bare", "rss_mb"), 3)
    figures["memory_above_bare_mb"] = round(median("footdesk", "rss_mb") - median("bare", "rss_mb"), 1)
    if isinstance(floor, str):
        figures["replica"] = f"skipped: {floor}"
    else:
        figures["replica_ratio"] = round(median("replica", "startup_s") / median("bare", "startup_s"), 3)
        figures["footdesk_vs_replica"] = round(median("footdesk", "startup_s") / median("replica", "startup_s"), 3)
        figures["replica_memory_above_bare_mb"] = round(median("replica", "rss_mb") - median("bare", "rss_mb"), 1)
    if skipped is None:
        figures["startup_vs_workrave"] = round(median("footdesk", "startup_s") / median("workrave", "startup_s"), 3)
        figures["memory_vs_workrave"] = round(median("footdesk", "rss_mb") / median("workrave", "rss_mb"), 3)
    else:
        figures["workrave"] = f"skipped: {skipped}"
    if no_tray is None:
        figures["footdesk_in_tray_startup_s"] = round(median("in_tray", "startup_s"), 3)
        figures["in_tray_ratio"] = round(median("in_tray", "startup_s") / median("bare", "startup_s"), 3)
        if skipped is None:
            figures["in_tray_vs_workrave"] = round(median("in_tray", "startup_s") / median("workrave", "startup_s"), 3)
    else:
        figures["in_tray"] = f"skipped: {no_tray}"
    return figures


TARGETS = {
    "startup_ratio": "<= 1.15",
    "memory_above_bare_mb": "<= 15",
    "startup_vs_workrave": "<= 1.0",
    "memory_ratio": "<= 1.3",
    "in_tray_vs_workrave": "<= 1.0 (opened from the menu while it lives in the tray)",
    "footdesk_idle_cpu_percent": "~0",
}


def main() -> int:
    return run_bench(__doc__.splitlines()[0], lambda args: measure(args.quick), TARGETS)


if __name__ == "__main__":
    sys.exit(main())
