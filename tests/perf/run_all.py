"""Every footdesk benchmark in one run: a table on stdout and JSON on request.

    python -m tests.perf.run_all                 # the full set (about a quarter of an hour)
    python -m tests.perf.run_all --quick         # each one briefly: checks they run
    python -m tests.perf.run_all --minutes 30    # memory while counting followed for 30 minutes
    python -m tests.perf.run_all --minutes 30 --curve rss.tsv   # and its samples, for a plot
    python -m tests.perf.run_all --json out.json
    python -m tests.perf.run_all --against a6d31f2   # and the built-in routine's start against that commit

Figures are ratios against a baseline measured in the same run where there is
one (a bare PySide6 window, Workrave where installed, a bare PySide6
countdown, a one-week history), so they hold on a noisy machine. The targets
are shown beside them; nothing here fails on a figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from tests.perf import (
    bench_countdown,
    bench_counting,
    bench_cues,
    bench_history,
    bench_import,
    bench_start,
    bench_startup,
)
from tests.perf._x11 import NoXWindowError

TARGETS = {
    "startup.startup_ratio": ("<=", 1.15),
    "startup.startup_vs_workrave": ("<=", 1.0),
    "startup.memory_ratio": ("<=", 1.3),
    "startup.memory_above_bare_mb": ("<=", 15),
    "startup.in_tray_vs_workrave": ("<=", 1.0),
    "startup.footdesk_idle_cpu_percent": ("<=", 0.1),
    "countdown.cpu_idle_percent": ("<=", 0.1),
    "countdown.cpu_counting_percent": ("<", 0.5),
    "countdown.phase_error_ms_worst": ("<", 20),
    "countdown.second_lateness_ms_worst": ("<", 20),
    "counting.footdesk_cpu_percent": ("<=", 0.4),
    "counting.footdesk_rss_growth_mb": ("<", 0.2),
    "cues.latency_ms_worst": ("<", 30),
    "import.worst_tick_ms_import": ("<", 100),
    "start.first_window_s_ratio": ("<=", 1.0),
    "start.space_to_cue_ms_ratio": ("<=", 1.0),
    "history.review_open_ms": ("<", 50),
    "history.week_step_ms": ("<", 50),
    "history.cli_history_ms": ("<", 50),
}


def verdict(key: str, value: object) -> str:
    if key not in TARGETS or not isinstance(value, int | float):
        return ""
    sign, limit = TARGETS[key]
    met = value <= limit if sign == "<=" else value < limit
    return f"target {sign} {limit}: {'met' if met else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--minutes", type=float, help="how long to follow memory while counting (default 5)")
    parser.add_argument("--curve", metavar="FILE", type=Path, help="write the memory samples while counting (TSV)")
    parser.add_argument("--against", metavar="REV", help="start the built-in routine against this commit too")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    try:
        results["startup"] = bench_startup.measure(args.quick)
    except NoXWindowError as exc:
        print(f"startup: skipped ({exc})", file=sys.stderr)
    try:
        results["start"] = bench_start.measure(args.quick, args.against)
    except NoXWindowError as exc:
        print(f"start: skipped ({exc})", file=sys.stderr)
    results["countdown"] = bench_countdown.measure(args.quick)
    try:
        results["counting"] = bench_counting.measure(args.quick, args.minutes, args.curve)
    except NoXWindowError as exc:
        print(f"counting: skipped ({exc})", file=sys.stderr)
    results["cues"] = bench_cues.measure(args.quick, buffer=512)
    results["history"] = bench_history.measure(args.quick)
    if shutil.which("espeak-ng"):
        results["import"] = bench_import.measure(args.quick)
    print(f"{'figure':42s} {'value':>12s}   target")
    for bench, figures in results.items():
        for name, value in figures.items():
            if isinstance(value, dict | list):
                continue
            key = f"{bench}.{name}"
            print(f"{key:42s} {value!s:>12s}   {verdict(key, value)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
