"""The countdown while a received routine is imported and its spoken lines rendered.

    python -m tests.perf.bench_import            # a 100-step routine, a line per step (about a minute)
    python -m tests.perf.bench_import --quick    # 5 steps, for CI

The real window and model count a step down on the real clock (offscreen Qt
unless DISPLAY is set) while the routine is imported the way the window
imports it, and its lines are rendered by the real espeak-ng. Measured three
times in one run: the countdown alone (the baseline), with the import as the
window does it now (rendering in the background), and with the same lines
rendered on the window's thread (as before issue 23), so the figures are
ratios to a baseline of the same run:

- worst tick: the longest the event loop went without running a 5 ms timer,
  i.e. the longest the window could not repaint, take a key or move the
  countdown on (the session's own timer waits in the same loop).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.perf._cli import SKIPPED, run_bench

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from footdesk.platform.qt_timer import QtWaker
from footdesk.platform.speech import SpeechRenderer
from footdesk.routine import load_default_routine
from footdesk.session import SessionOptions
from footdesk.sound import SilentCuePlayer
from tests.perf._app import make_model, make_window

STEP = """
[[steps]]
id = "step-{n}"
title = "Exercise {n}"
timing = "timed"
seconds = 30
instructions = ["Do exercise {n} slowly."]
say = "Exercise {n}: stand tall, breathe out, and move slowly for thirty seconds."
"""


def routine_text(steps: int) -> str:
    head = 'schema = 2\nid = "received"\ntitle = "A received programme"\n'
    return head + "".join(STEP.format(n=n) for n in range(1, steps + 1))


class TickWatch:
    """A 5 ms timer on the event loop: the largest gap between its runs is the
    longest the window was held."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.last, self.worst = time.monotonic(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def _spin(app: QApplication, until: float) -> None:
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.001)


def _one_run(app: QApplication, scratch: Path, mode: str, steps: int, seconds: float, settle: float) -> dict:
    """mode: "alone" (no import), "background" (as the window does it), "window-thread"."""
    from footdesk.app import _SpeechWhenNeeded

    scratch.mkdir()
    voice = scratch / "voice"
    counting = load_default_routine().with_durations({"roll": 600})
    background = _SpeechWhenNeeded(voice)
    renderer = background if mode == "background" else SpeechRenderer(voice)
    model = make_model(
        scratch, counting, SessionOptions(get_ready_s=0), SilentCuePlayer(), QtWaker(),
        routines_dir=scratch / "routines", voice_renderer=renderer,
    )  # fmt: skip
    model.open_history()
    window = make_window(model)
    window.resize(1366, 768)
    window.show()
    source = scratch / "received.toml"
    source.write_text(routine_text(steps), encoding="utf-8")
    model.start()
    model.skip()  # past the barefoot tip: the roll counts down
    _spin(app, time.monotonic() + settle)
    watch = TickWatch()
    watch.start()
    began = time.monotonic()
    if mode != "alone":
        model.shelf.import_file(source)
    if mode == "background":
        while background.worker is not None and background.worker.busy.is_set() and time.monotonic() - began < 120:
            _spin(app, time.monotonic() + 0.05)
    _spin(app, max(time.monotonic() + settle, began + seconds))
    took = time.monotonic() - began
    worst = watch.stop()
    model.stop()
    background.stop()
    window.close()
    rendered = len(list(voice.glob("*.wav"))) if voice.exists() else 0
    return {"worst_tick_ms": worst * 1000, "took_s": took, "lines_rendered": rendered}


def measure(quick: bool) -> dict:
    if shutil.which("espeak-ng") is None:
        raise _NoEngineError("needs espeak-ng (apt-get install espeak-ng)")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    steps, settle = (5, 0.3) if quick else (100, 1.2)
    with tempfile.TemporaryDirectory(prefix="footdesk-import-") as scratch:
        root = Path(scratch)
        background = _one_run(app, root / "background", "background", steps, 2 * settle, settle)
        alone = _one_run(app, root / "alone", "alone", steps, background["took_s"], settle)
        held = _one_run(app, root / "window-thread", "window-thread", steps, 2 * settle, settle)
    return {
        "quick": quick,
        "steps": steps,
        "lines_rendered": background["lines_rendered"],
        "render_s": round(background["took_s"], 2),
        "worst_tick_ms_alone": round(alone["worst_tick_ms"], 1),
        "worst_tick_ms_import": round(background["worst_tick_ms"], 1),
        "worst_tick_ms_import_on_window_thread": round(held["worst_tick_ms"], 1),
        "worst_tick_ratio_import_to_alone": round(background["worst_tick_ms"] / alone["worst_tick_ms"], 2),
    }


class _NoEngineError(Exception):
    pass


def main() -> int:
    targets = {"worst_tick_ms_import": "< 100"}
    try:
        return run_bench(__doc__.splitlines()[0], lambda args: measure(args.quick), targets)
    except _NoEngineError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return SKIPPED


if __name__ == "__main__":
    sys.exit(main())
