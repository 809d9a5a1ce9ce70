"""Countdown accuracy and CPU cost of the real window, measured in one run.

    python -m tests.perf.bench_countdown            # full run (about 90 s)
    python -m tests.perf.bench_countdown --quick    # a few seconds, for CI: the same
                                                    # path at the smallest sizes (1-second
                                                    # phases, no get-ready, half-second CPU spans)

What it measures, with the real MainWindow and SessionController on the real
clock (offscreen Qt unless DISPLAY is set):

- phase error: |(dispatch of phase end - dispatch of phase start) - planned|,
  i.e. how long a person actually saw each timed phase run, while two busy
  processes keep both cores loaded;
- second lateness: how late each change of the shown seconds reached the
  window, against the instant it was due (the deadline arithmetic);
- CPU: % of one core used by this process with the window idle, and while a
  step counts down, with no load.

A benchmark, not a test: it prints figures and writes JSON; pass/fail targets
are shown beside them but only the caller decides what to do with them.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.perf._cli import run_bench

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from footdesk.appmodel import session_clock
from footdesk.platform.qt_timer import QtWaker
from footdesk.routine import load_default_routine
from footdesk.session import (
    Event,
    PhaseEnded,
    PhaseStarted,
    SecondElapsed,
    SessionOptions,
    State,
)
from footdesk.sound import SilentCuePlayer
from tests.perf._app import make_model, make_window


@dataclass
class StampingRecorder:
    """Notes the real time each event reached the shell, on the session's clock."""

    stamps: list[tuple[float, Event]] = field(default_factory=list)

    def record(self, event: Event) -> None:
        self.stamps.append((session_clock(), event))


def _burn(stop_at: float) -> None:
    x = 0
    while time.monotonic() < stop_at:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF


def _run_event_loop_for(app: QApplication, seconds: float) -> None:
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()


def _cpu_percent(app: QApplication, seconds: float) -> float:
    start_cpu, start_wall = time.process_time(), time.monotonic()
    _run_event_loop_for(app, seconds)
    return 100.0 * (time.process_time() - start_cpu) / (time.monotonic() - start_wall)


def measure(quick: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="footdesk-countdown-") as scratch:
        return _measure(quick, Path(scratch))


def _measure(quick: bool, scratch_root: Path) -> dict:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    roll, heel, get_ready = (1, 1, 0) if quick else (20, 12, 3)
    routine = load_default_routine().with_durations({"roll": roll, "heel-raises": heel})
    options = SessionOptions(get_ready_s=get_ready)
    recorder = StampingRecorder()
    scratch = scratch_root / "timing"
    scratch.mkdir()
    controller = make_model(scratch, routine, options, SilentCuePlayer(), QtWaker())
    controller.session_events.connect(recorder.record)
    controller.open_history()
    window = make_window(controller)
    window.resize(1366, 768)
    window.show()

    idle_seconds = 0.5 if quick else 20
    cpu_idle = _cpu_percent(app, idle_seconds)

    # countdown CPU with no load: a long step, measured mid-way
    counting = load_default_routine().with_durations({"roll": 600})
    cpu_scratch = scratch_root / "counting"
    cpu_scratch.mkdir()
    cpu_controller = make_model(cpu_scratch, counting, SessionOptions(get_ready_s=0), SilentCuePlayer(), QtWaker())
    cpu_controller.open_history()
    cpu_window = make_window(cpu_controller)
    cpu_window.resize(1366, 768)
    cpu_window.show()
    cpu_controller.start()
    cpu_controller.skip()  # past the barefoot tip: the roll counts down
    cpu_counting = _cpu_percent(app, idle_seconds)
    cpu_controller.stop()
    cpu_window.close()

    # accuracy under load: both cores kept busy by other processes
    total = get_ready * 3 + roll * 2 + heel + 3
    burners = [
        multiprocessing.Process(target=_burn, args=(time.monotonic() + total + 5,)) for _ in range(os.cpu_count() or 2)
    ]
    for burner in burners:
        burner.start()
    try:
        controller.start()
        controller.skip()  # confirm the barefoot tip
        deadline = time.monotonic() + total + 5
        while (snap := controller.snapshot()).state is not State.TIP or snap.phase.step.id != "shoes":
            _run_event_loop_for(app, 0.1 if quick else 0.5)
            if time.monotonic() > deadline:
                raise RuntimeError("the routine did not reach its last tip in time")
        controller.skip()
    finally:
        for burner in burners:
            burner.terminate()
            burner.join()

    started: dict[int, float] = {}
    phase_errors_ms: list[float] = []
    second_lateness_ms: list[float] = []
    for stamp, event in recorder.stamps:
        if isinstance(event, PhaseStarted):
            started[event.phase.index] = stamp
            second_lateness_ms.append((stamp - event.at) * 1000)
        elif isinstance(event, SecondElapsed):
            second_lateness_ms.append((stamp - event.at) * 1000)
        elif isinstance(event, PhaseEnded) and event.run.planned_s and event.run.phase.index in started:
            shown = stamp - started[event.run.phase.index]
            phase_errors_ms.append(abs(shown - event.run.planned_s) * 1000)
    window.close()
    return {
        "quick": quick,
        "cpu_idle_percent": round(cpu_idle, 3),
        "cpu_counting_percent": round(cpu_counting, 3),
        "phases_measured": len(phase_errors_ms),
        "phase_error_ms_worst": round(max(phase_errors_ms), 2),
        "phase_error_ms_median": round(statistics.median(phase_errors_ms), 2),
        "second_changes_measured": len(second_lateness_ms),
        "second_lateness_ms_worst": round(max(second_lateness_ms), 2),
        "second_lateness_ms_median": round(statistics.median(second_lateness_ms), 2),
        "load_processes": len(burners),
    }


def main() -> int:
    targets = {
        "cpu_idle_percent": "< 0.1",
        "cpu_counting_percent": "< 0.5",
        "phase_error_ms_worst": "< 20",
        "second_lateness_ms_worst": "< 20",
    }
    return run_bench(__doc__.splitlines()[0], lambda args: measure(args.quick), targets)


if __name__ == "__main__":
    sys.exit(main())
