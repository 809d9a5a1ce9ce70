"""CI checks that the benchmarks run, in their quick form (the smallest sizes
that still go through the whole measurement); the figures themselves are for
people, and the full runs are ``python -m tests.perf.run_all``. Marked
``bench``: ``pytest -m 'not bench'`` leaves them out, ``-m bench`` runs only them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.perf._cli import SKIPPED

pytestmark = [pytest.mark.bench, pytest.mark.usefixtures("alongside")]

REPO = Path(__file__).resolve().parents[2]
XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")

ALONGSIDE = {
    "countdown": "tests.perf.bench_countdown",
    "cues": "tests.perf.bench_cues",
    "history": "tests.perf.bench_history",
    "import": "tests.perf.bench_import",
}
"""The benchmarks that need no X display: started together as the module
begins and left running while those on their own Xvfb run, each test then
reading its own figures. Most of a quick run is waiting for real seconds to
pass, so side by side they take far less time than in turn; their figures
then come from a busier machine, which a check that they run does not mind
(the full runs measure one at a time)."""


def start_quick(module: str, out: Path, home: Path | None = None) -> subprocess.Popen[bytes]:
    """One benchmark in quick mode, offscreen (those on a real X server start
    their own Xvfb), writing its JSON figures to ``out``; footdesk's folders
    under ``home`` when given."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    if home is not None:
        env.update({name: str(home / name.lower()) for name in XDG})
    with out.with_suffix(".err").open("w") as errors:  # a file, not a pipe: nobody reads it while it runs
        return subprocess.Popen(
            [sys.executable, "-m", module, "--quick", "--json", str(out)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


def figures_of(process: subprocess.Popen[bytes], out: Path, timeout: int = 180) -> dict:
    """Its figures once it ends; a skip when a real X window cannot be opened here."""
    process.wait(timeout=timeout)
    err = out.with_suffix(".err").read_text(errors="replace")
    if process.returncode == SKIPPED:
        pytest.skip(err.strip().splitlines()[-1])
    assert process.returncode == 0, err
    return json.loads(out.read_text())


def run_quick(module: str, out: Path, timeout: int = 180) -> dict:
    return figures_of(start_quick(module, out), out, timeout)


@pytest.fixture(scope="module")
def alongside(tmp_path_factory) -> Iterator[dict[str, tuple[subprocess.Popen[bytes], Path]]]:
    folder = tmp_path_factory.mktemp("quick-benchmarks")
    started = {}
    for name, module in ALONGSIDE.items():
        out = folder / f"{name}.json"
        started[name] = (start_quick(module, out, home=folder / name), out)
    yield started
    for process, _ in started.values():
        if process.poll() is None:  # a test that never read it (deselected, or one failed before)
            process.kill()
            process.wait()


def test_startup_benchmark_runs_in_quick_mode(tmp_path):
    from tests.perf.bench_startup import cannot_run

    reason = cannot_run()
    if reason:
        pytest.skip(f"the startup benchmark opens real X windows; it {reason}")
    figures = run_quick("tests.perf.bench_startup", tmp_path / "startup.json")
    assert figures["bare_startup_s"] > 0 and figures["footdesk_startup_s"] > 0
    assert figures["replica_startup_s"] > 0 and figures["replica_ratio"] > 0 and figures["footdesk_vs_replica"] > 0
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


def test_start_benchmark_presses_space_and_hears_the_first_cue(tmp_path, alongside):
    from tests.perf.bench_start import cannot_run

    reason = cannot_run()
    if reason:
        pytest.skip(f"the start benchmark opens real X windows and presses keys; it {reason}")
    for process, _ in alongside.values():  # it listens for the cue for a set time: alone on the machine
        process.wait(timeout=180)
    figures = run_quick("tests.perf.bench_start", tmp_path / "start.json")
    assert figures["footdesk_first_window_s"] > 0
    # the cue is heard after Space, not before it, and within the time the benchmark listens
    assert 0 < figures["footdesk_space_to_cue_ms"] < 1500


# Those started alongside (ALONGSIDE): they ran while the ones above did


def test_countdown_benchmark_runs_in_quick_mode(alongside):
    figures = figures_of(*alongside["countdown"])
    assert figures["phases_measured"] == 3
    assert figures["second_changes_measured"] > 0


def test_cue_benchmark_runs_in_quick_mode(alongside):
    figures = figures_of(*alongside["cues"])
    assert figures["boundaries_with_cues"] > 0 and figures["clipped_samples"] == 0


def test_history_benchmark_runs_in_quick_mode(alongside):
    figures = figures_of(*alongside["history"])
    assert figures["sessions"] > 300 and figures["review_open_ms"] > 0


def test_import_benchmark_runs_in_quick_mode(alongside):
    figures = figures_of(*alongside["import"])
    assert figures["lines_rendered"] == figures["steps"] == 5
    assert figures["worst_tick_ms_import"] > 0 and figures["worst_tick_ms_alone"] > 0
