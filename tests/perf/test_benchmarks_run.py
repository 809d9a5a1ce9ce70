"""CI checks that the benchmarks run; the figures themselves are for people."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_quick(module: str, out: Path, timeout: int = 180) -> dict:
    """Run one benchmark in quick mode, offscreen, and return its JSON figures."""
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
