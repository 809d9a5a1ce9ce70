"""CPU and memory of footdesk counting down, in its own process on a real X
server, against a bare PySide6 countdown measured alongside.

    python -m tests.perf.bench_counting               # 20 s of CPU, 5 minutes of memory
    python -m tests.perf.bench_counting --minutes 30  # memory over a 30-minute step
    python -m tests.perf.bench_counting --quick       # a few seconds, for CI (a 2-second roll)

footdesk runs as a person starts it (``footdesk --start``, then Space past
the first tip: tests/perf/_counting_app.py) with the lacrosse-ball roll set
to 30 minutes a side, on a private Xvfb display, with sound through SDL's
dummy driver. The baseline is the least a countdown can cost: a bare PySide6
window whose label shows m:ss in big digits, updated by a precise 1-second
timer, on a display of its own. Both run at the same time, so both see the
same machine.

- CPU: % of one core used by each process (all its threads, from
  /proc/PID/task/*/schedstat, threads that end included) over the sample once
  the clock runs, and what each X server spent drawing for it; footdesk's is
  also split by thread: main (model, window, painting), sound (SDL's mixer
  thread, which runs only around cues: the device rests between them) and
  other. The sample falls in a quiet stretch of the 30-minute step; the CPU
  over one whole built-in roll (two minutes with its cues, the device waking
  for each) is measured too, against the bare countdown over the same span.
- Memory: the resident size sampled every few seconds over the whole run;
  growth is the median of the last samples minus the median of the first
  (after a minute of warm-up), and the slope a least-squares line.
"""

from __future__ import annotations

import argparse
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
    ThreadCpu,
    end_process,
    rss_mb,
    scratch_home,
    why_no_x_server,
)

STEP_S = 30 * 60  # the longest a step may be
GET_READY_S = 0  # the clock runs as soon as the tip is passed

BARE_COUNTDOWN = """
import sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel()
label.setAlignment(Qt.AlignmentFlag.AlignCenter)
font = label.font()
font.setPixelSize(300)
font.setBold(True)
label.setFont(font)
label.resize(1256, 706)
end = time.monotonic() + int(sys.argv[1])
def tick():
    left = max(0, round(end - time.monotonic()))
    label.setText(f"{left // 60}:{left % 60:02d}")
timer = QTimer()
timer.setTimerType(Qt.TimerType.PreciseTimer)
timer.timeout.connect(tick)
timer.start(1000)
tick()
label.show()
sys.exit(app.exec())
"""

ROLL_S = 120  # the built-in roll, one foot


def settings_for(roll_s: int) -> str:
    return f"[durations]\nroll = {roll_s}\n\n[session]\nget_ready = {GET_READY_S}\n"


class Running:
    """One program on its own display."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.screen = Screen()
        env = dict(env, DISPLAY=self.screen.name)
        self.errors = Path(env["XDG_CACHE_HOME"]) / f"{name}-stderr.txt"
        empty = Path(env["XDG_CACHE_HOME"]).parent / "cwd"
        empty.mkdir(exist_ok=True)
        with self.errors.open("w") as stderr:
            self.process = subprocess.Popen(command, env=env, cwd=empty, stdout=subprocess.DEVNULL, stderr=stderr)
        if self.screen.wait_for_window(timeout=30) is None:
            self.close()
            why = f"no window from {name}: {self.errors.read_text()[-600:]}"
            # if not even the bare countdown opens, Qt cannot use X here
            raise NoXWindowError(why) if name == "bare" else RuntimeError(why)
        self.rss: list[tuple[float, float]] = []

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        end_process(self.process)
        self.screen.close()


def _slope_per_10_min(samples: list[tuple[float, float]]) -> float:
    if len(samples) < 3:
        return 0.0
    xs = [t for t, _ in samples]
    ys = [r for _, r in samples]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return 600 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def _growth(samples: list[tuple[float, float]], warm_up: float) -> float:
    kept = [rss for t, rss in samples if t >= warm_up]
    if len(kept) < 2:
        return 0.0
    edge = max(1, len(kept) // 10)
    return statistics.median(kept[-edge:]) - statistics.median(kept[:edge])


def counting_home(prefix: str, roll_s: int) -> tuple[Path, SessionBus, dict[str, str]]:
    """A scratch home whose settings make the roll ``roll_s`` long, with a
    session bus as on a desktop (nobody on it keeps the screen awake)."""
    scratch, env = scratch_home(prefix)
    bus = SessionBus(scratch)
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
    settings = Path(env["XDG_CONFIG_HOME"]) / "footdesk" / "settings.toml"
    settings.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings.write_text(settings_for(roll_s))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])  # for tests.perf._counting_app only
    return scratch, bus, env


def measure_whole_roll(quick: bool) -> dict:
    """CPU over one whole built-in roll (two minutes, one foot) with its cues:
    the go and its prompt, two guide lines, halfway and the last seconds, for
    each of which the sound device wakes; against the bare countdown over the
    same span."""
    roll_s = 2 if quick else ROLL_S
    scratch, bus, env = counting_home("footdesk-roll-", roll_s)
    running: dict[str, Running] = {}
    try:
        running["bare"] = Running("bare", [sys.executable, "-c", BARE_COUNTDOWN, str(roll_s)], env)
        running["footdesk"] = Running("footdesk", [sys.executable, "-m", "tests.perf._counting_app"], env)
        # the roll starts as the first frame is up (the tip passed, no get-ready)
        time.sleep(0.3 if quick else 0.5)
        started = time.monotonic()
        followed = {name: ThreadCpu(run.pid) for name, run in running.items()}
        time.sleep(roll_s - (0.6 if quick else 1.0))
        spent = time.monotonic() - started
        figures = {
            f"{name}_cpu_percent_whole_roll": round(100 * sum(follow.stop().values()) / spent, 3)
            for name, follow in followed.items()
        }
    finally:
        for run in running.values():
            run.close()
        bus.close()
        shutil.rmtree(scratch, ignore_errors=True)
    figures["whole_roll_s"] = roll_s
    return figures


def measure(quick: bool, minutes: float | None = None, curve: Path | None = None) -> dict:
    reason = why_no_x_server()
    if reason:
        raise NoXWindowError(reason)
    # quick: the smallest spans that still see a tick of both countdowns and three memory samples
    sample_s = 1.2 if quick else 20.0
    memory_s = 1.8 if quick else 60.0 * (minutes if minutes is not None else 5.0)
    interval = 0.3 if quick else 5.0
    warm_up = 0.0 if quick else 60.0
    settle = 0.5 if quick else 5.0
    scratch, bus, env = counting_home("footdesk-counting-", STEP_S)
    programs = {
        "bare": [sys.executable, "-c", BARE_COUNTDOWN, str(STEP_S)],
        "footdesk": [sys.executable, "-m", "tests.perf._counting_app"],
    }
    running: dict[str, Running] = {}
    try:
        for name, command in programs.items():
            running[name] = Running(name, command, env)
        # the tip is passed once the first frame is up; then the get-ready runs
        time.sleep(GET_READY_S + settle)
        for run in running.values():
            if not run.alive():
                raise RuntimeError(f"{run.name} ended: {run.errors.read_text()[-600:]}")
        started = time.monotonic()
        followed = {name: (ThreadCpu(run.pid), ThreadCpu(run.screen.pid)) for name, run in running.items()}
        time.sleep(sample_s)
        spent_by = {name: (app.stop(), x.stop()) for name, (app, x) in followed.items()}
        spent = time.monotonic() - started
        figures: dict[str, float | int | bool | str] = {"quick": quick, "sample_s": sample_s}
        for name, (app_threads, x_threads) in spent_by.items():
            figures[f"{name}_cpu_percent"] = round(100 * sum(app_threads.values()) / spent, 3)
            figures[f"{name}_x_server_cpu_percent"] = round(100 * sum(x_threads.values()) / spent, 3)
        # where footdesk's share goes: the main thread (model, window, painting),
        # SDL's audio thread (the mixer, open around each cue), the rest
        by_kind = {"main": 0.0, "sound": 0.0, "other": 0.0}
        for thread, seconds in spent_by["footdesk"][0].items():
            kind = "main" if thread == "main" else "sound" if thread.startswith("SDLAudio") else "other"
            by_kind[kind] += seconds
        for kind, seconds in by_kind.items():
            figures[f"footdesk_{kind}_thread_cpu_percent"] = round(100 * seconds / spent, 3)
        while (now := time.monotonic() - started) < memory_s:
            for run in running.values():
                if not run.alive():
                    raise RuntimeError(f"{run.name} ended: {run.errors.read_text()[-600:]}")
                run.rss.append((now, rss_mb(run.pid)))
            time.sleep(interval)
    finally:
        for run in running.values():
            run.close()
        bus.close()
        shutil.rmtree(scratch, ignore_errors=True)
    figures["cpu_ratio"] = round(figures["footdesk_cpu_percent"] / max(figures["bare_cpu_percent"], 1e-3), 2)
    figures.update(measure_whole_roll(quick))
    figures["memory_minutes"] = round(memory_s / 60, 1)
    for name, run in running.items():
        figures[f"{name}_rss_start_mb"] = round(run.rss[0][1], 2)
        figures[f"{name}_rss_end_mb"] = round(run.rss[-1][1], 2)
        figures[f"{name}_rss_growth_mb"] = round(_growth(run.rss, warm_up), 3)
        figures[f"{name}_rss_mb_per_10_min"] = round(_slope_per_10_min([s for s in run.rss if s[0] >= warm_up]), 3)
    if curve is not None:
        lines = ["seconds\tbare_rss_mb\tfootdesk_rss_mb"]
        lines += [
            f"{t:.0f}\t{b:.2f}\t{f:.2f}"
            for (t, b), (_, f) in zip(running["bare"].rss, running["footdesk"].rss, strict=False)
        ]
        curve.write_text("\n".join(lines) + "\n")
    return figures


TARGETS = {
    "footdesk_cpu_percent": "<= 0.4",
    "footdesk_rss_growth_mb": "< 0.2 over 30 minutes",
}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--minutes", type=float, help="how long to follow memory (default 5)")
    parser.add_argument("--curve", metavar="FILE", type=Path, help="write the memory samples (TSV) to FILE")


def main() -> int:
    return run_bench(
        __doc__.splitlines()[0],
        lambda args: measure(args.quick, args.minutes, args.curve),
        TARGETS,
        _arguments,
    )


if __name__ == "__main__":
    sys.exit(main())
