"""CI checks that the benchmarks run, in their quick form (the smallest sizes
that still go through the whole measurement); the figures themselves are for
people, and the full runs are ``python -m tests.perf.run_all``. Marked
``bench``: ``pytest -m 'not bench'`` leaves them out, ``-m bench`` runs only them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.perf._cli import SKIPPED

pytestmark = pytest.mark.bench

REPO = Path(__file__).resolve().parents[2]


def run_quick(module: str, out: Path, timeout: int = 180) -> dict:
    """Run one benchmark in quick mode, offscreen (those on a real X server
    start their own Xvfb), and return its JSON figures; skip when a real X
    window cannot be opened here."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", module, "--quick", "--json", str(out)],
        env=env,
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode == SKIPPED:
        pytest.skip(result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text())


def test_countdown_benchmark_runs_in_quick_mode(tmp_path, user_dirs):
    figures = run_quick("tests.perf.bench_countdown", tmp_path / "bench.json")
    assert figures["phases_measured"] == 3
    assert figures["second_changes_measured"] > 0


def test_cue_benchmark_runs_in_quick_mode(tmp_path, user_dirs):
    figures = run_quick("tests.perf.bench_cues", tmp_path / "cues.json")
    assert figures["boundaries_with_cues"] > 0 and figures["clipped_samples"] == 0


def test_history_benchmark_runs_in_quick_mode(tmp_path):
    figures = run_quick("tests.perf.bench_history", tmp_path / "history.json")
    assert figures["sessions"] > 300 and figures["review_open_ms"] > 0


def test_startup_benchmark_runs_in_quick_mode(tmp_path):
    from tests.perf.bench_startup import cannot_run

    reason = cannot_run()
    if reason:
        pytest.skip(f"the startup benchmark opens real X windows; it {reason}")
    figures = run_quick("tests.perf.bench_startup", tmp_path / "startup.json")
    assert figures["bare_startup_s"] > 0 and figures["footdesk_startup_s"] > 0
    assert figures["footdesk_rss_mb"] > 0
    if "workrave" not in figures:  # measured alongside wherever it is installed
        assert figures["workrave_startup_s"] > 0 and figures["startup_vs_workrave"] > 0
    if "in_tray" not in figures:  # wherever there is a tray (trayer) to live in
        assert figures["footdesk_in_tray_startup_s"] > 0 and figures["in_tray_ratio"] > 0


def test_counting_benchmark_runs_in_quick_mode(tmp_path):
    from tests.perf.bench_startup import cannot_run

    reason = cannot_run()
    if reason:
        pytest.skip(f"the counting benchmark opens real X windows; it {reason}")
    figures = run_quick("tests.perf.bench_counting", tmp_path / "counting.json")
    assert figures["footdesk_cpu_percent"] > 0 and figures["bare_cpu_percent"] > 0
    assert figures["footdesk_main_thread_cpu_percent"] > 0
    assert figures["footdesk_rss_start_mb"] > 0


def test_start_benchmark_presses_space_and_hears_the_first_cue(tmp_path):
    from tests.perf.bench_start import cannot_run

    reason = cannot_run()
    if reason:
        pytest.skip(f"the start benchmark opens real X windows and presses keys; it {reason}")
    figures = run_quick("tests.perf.bench_start", tmp_path / "start.json")
    assert figures["footdesk_first_window_s"] > 0
    # the cue is heard after Space, not before it, and within the time the benchmark listens
    assert 0 < figures["footdesk_space_to_cue_ms"] < 1500


def test_import_benchmark_runs_in_quick_mode(tmp_path, user_dirs):
    figures = run_quick("tests.perf.bench_import", tmp_path / "import.json")
    assert figures["lines_rendered"] == figures["steps"] == 5
    assert figures["worst_tick_ms_import"] > 0 and figures["worst_tick_ms_alone"] > 0
