"""CI checks that the benchmarks run; the figures themselves are for people."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_countdown_benchmark_runs_in_quick_mode(tmp_path, user_dirs):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench_countdown", "--quick", "--json", str(out)],
        env=env,
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["phases_measured"] == 3
    assert figures["second_changes_measured"] > 0


def test_cue_benchmark_runs_in_quick_mode(tmp_path, user_dirs):
    out = tmp_path / "cues.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench_cues", "--quick", "--json", str(out)],
        env=dict(os.environ),
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["boundaries_with_cues"] > 0 and figures["clipped_samples"] == 0


def test_history_benchmark_runs_in_quick_mode(tmp_path):
    out = tmp_path / "history.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench_history", "--quick", "--json", str(out)],
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["sessions"] > 300 and figures["review_open_ms"] > 0
