"""First window of the installed package beside the venv's and a bare PySide6 window, in turns.

    .venv/bin/python packaging/bench_deb.py ROOT [ROUNDS [SETTLE [IDLE]]]

ROOT is a root the package is installed in (packaging/try_deb.sh leaves one in
/var/tmp/footdesk-try/root). Six programs in turns on a private Xvfb display with
one session bus (tests/perf/bench_startup.py's run_once): a bare PySide6 window
and footdesk from this venv, footdesk from the package (Debian's /usr/bin/python3 -IS
on ROOT's /usr/lib/footdesk/site-packages, as /usr/bin/footdesk runs it), a bare
window on the package's trimmed PySide6, and the replica of footdesk's first
window (tests/perf/_window_replica.py: its widgets built by PySide6 alone, the
floor of that window) on each. Medians and ratios to the venv's bare window.
"""

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.perf._x11 import Screen, SessionBus, scratch_home
from tests.perf.bench_startup import BARE_WINDOW, BIG, run_once

SITE = f"{sys.argv[1]}/usr/lib/footdesk/site-packages"
PKG = f"import sys; sys.path.insert(0, {SITE!r}); from footdesk.cli import main; sys.exit(main())"
PKG_BARE = f"import sys; sys.path.insert(0, {SITE!r})\n" + BARE_WINDOW
programs = {
    "bare_venv": [sys.executable, "-c", BARE_WINDOW],
    "footdesk_venv": [sys.executable, "-m", "footdesk"],
    "footdesk_package": ["/usr/bin/python3", "-IS", "-c", PKG],
    "bare_package": ["/usr/bin/python3", "-IS", "-c", PKG_BARE],
}
rounds, settle, idle = (
    int(sys.argv[2]) if len(sys.argv) > 2 else 7,
    float(sys.argv[3]) if len(sys.argv) > 3 else 10.0,
    float(sys.argv[4]) if len(sys.argv) > 4 else 2.0,
)
scratch, env = scratch_home("footdesk-pkgbench-")
bus = SessionBus(scratch)
env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
screen = Screen()
REPO = Path(__file__).resolve().parent.parent
SPEC = scratch / "first-window.json"
dump = [sys.executable, "-m", "tests.perf._window_replica", str(SPEC)]
subprocess.run(dump, env=dict(env, DISPLAY=screen.name), cwd=REPO, check=True, capture_output=True, timeout=60)
screen.forget_windows()
REPLICA = str(REPO / "tests" / "perf" / "_replica_program.py")
programs["replica_venv"] = [sys.executable, REPLICA, str(SPEC)]
programs["replica_package"] = [
    "/usr/bin/python3", "-IS", "-c",
    f"import runpy, sys; sys.path.insert(0, {SITE!r}); sys.argv = ['replica', {str(SPEC)!r}]; "
    f"runpy.run_path({REPLICA!r}, run_name='__main__')",
]  # fmt: skip
names = list(programs)
results = {n: [] for n in names}
try:
    for n in names:
        run_once(programs[n], screen, env, 0.2, 0.1, BIG)
    for r in range(rounds):
        turn = r % len(names)
        for n in names[turn:] + names[:turn]:
            results[n].append(run_once(programs[n], screen, env, settle, idle, BIG))
            print(r, n, results[n][-1], flush=True)
finally:
    screen.close()
    bus.close()
    shutil.rmtree(scratch, ignore_errors=True)
med = {
    n: {k: statistics.median(x[k] for x in results[n]) for k in ("startup_s", "rss_mb", "idle_cpu_percent")}
    for n in names
}
bare = med["bare_venv"]
for n in names:
    start, rss, cpu = med[n]["startup_s"], med[n]["rss_mb"], med[n]["idle_cpu_percent"]
    print(
        f"{n:18} start {start:.3f} s ({start / bare['startup_s']:.2f}x bare)  "
        f"rss {rss:.1f} MB (+{rss - bare['rss_mb']:.1f})  idle cpu {cpu:.2f} %"
    )
print(json.dumps({"rounds": rounds, "settle": settle, "idle": idle, "medians": med, "runs": results}))
