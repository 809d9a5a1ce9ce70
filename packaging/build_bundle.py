"""Build the one-folder footdesk app with PyInstaller, then start it and check it.

    python3 packaging/build_bundle.py            # build into dist/footdesk, check, report the size
    python3 packaging/build_bundle.py --no-check # build only

A fresh virtual environment under build/ gets footdesk (a normal, not
editable, install, so its routine, sounds and icons are package data) and
PyInstaller. The check runs the bundled app the way a person would, but
offscreen and with its own empty folders: it imports a one-step routine
(``footdesk routine import``), starts it with --start --routine, lets its clock
run for a moment, is ended like at logout (SIGTERM), and the bundle's own
``footdesk history --json`` must then show that session. Any warning on
stderr (a missing sound, an unreadable asset) fails the check. Exit code 0 means the bundle works.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pyinstaller" / "footdesk.spec"


CHECK_ROUTINE = """schema = 2
id = "bundle-check"
title = "Bundle check"

[[steps]]
id = "stand"
title = "Stand"
timing = "timed"
seconds = 30
instructions = ["Stand."]
"""


def build(work: Path, dist: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    environment = work / "bundle-venv"
    if not (environment / "bin" / "python").exists() and not (environment / "Scripts" / "python.exe").exists():
        venv.create(environment, with_pip=True)
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", str(ROOT), "pyinstaller>=6.10"], check=True)
    subprocess.run(
        [python, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", dist, "--workpath", work / "pyinstaller",
         SPEC],
        check=True,
        cwd=work,  # not the source tree: its footdesk/ has no assets and would shadow the installed one
    )  # fmt: skip
    return dist / "footdesk"


def folder_size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 1e6


def check(bundle: Path) -> list[str]:
    """What is wrong with the bundled app; empty when it works."""
    program = bundle / ("footdesk.exe" if os.name == "nt" else "footdesk")
    scratch = Path(tempfile.mkdtemp(prefix="footdesk-bundle-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SDL_AUDIODRIVER="dummy")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(scratch / name.lower())
    state = scratch / "xdg_state_home" / "footdesk"
    state.mkdir(parents=True)
    (state / "app-state.json").write_text('{"welcome_seen": true}')
    config = scratch / "xdg_config_home" / "footdesk"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("[session]\nget_ready = 0\n")  # the clock runs at once
    problems: list[str] = []

    version = subprocess.run([program, "--version"], check=False, capture_output=True, text=True, env=env, timeout=60)
    if version.returncode != 0 or not version.stdout.startswith("footdesk "):
        problems.append(f"--version: exit {version.returncode}, {version.stdout!r} {version.stderr!r}")

    if sys.platform.startswith("linux") and not any(bundle.rglob("libxcb-cursor.so.0")):
        problems.append("the bundle does not carry libxcb-cursor.so.0; Qt aborts on machines without it")

    # a routine of one's own whose first step is timed: a session is recorded
    # from its first second of exercise (a start that did nothing leaves no record)
    own = scratch / "bundle-check.toml"
    own.write_text(CHECK_ROUTINE)
    imported = subprocess.run(
        [program, "routine", "import", str(own)], check=False, capture_output=True, text=True, env=env, timeout=60
    )
    if imported.returncode != 0:
        problems.append(f"routine import: exit {imported.returncode}, {imported.stderr!r}")

    log = scratch / "xdg_cache_home" / "footdesk" / "log" / "footdesk.log"
    started = time.monotonic()
    with (scratch / "stderr.txt").open("w") as stderr:
        process = subprocess.Popen(
            [program, "--start", "--routine", "bundle-check"], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    while time.monotonic() - started < 60 and "window shown" not in (log.read_text() if log.exists() else ""):
        time.sleep(0.1)
    shown_after = time.monotonic() - started
    time.sleep(2.5)  # the routine runs: its clock counts (no get-ready in CHECK_ROUTINE's settings)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=30)
    # the offscreen platform's own chatter, not footdesk's
    errors = "\n".join(
        line
        for line in (scratch / "stderr.txt").read_text().splitlines()
        if line.strip() and "does not support propagateSizeHints" not in line
    )
    if code != 0:
        problems.append(f"the app exited with {code} after SIGTERM")
    if errors:
        problems.append(f"the app wrote to stderr: {errors}")
    print(f"bundled app: window shown after {shown_after:.2f} s (first start, cold caches)")

    history = subprocess.run(
        [program, "history", "--json"], check=False, capture_output=True, text=True, env=env, timeout=60
    )
    try:
        sessions = json.loads(history.stdout)
    except json.JSONDecodeError:
        sessions = []
        problems.append(f"history --json did not give JSON: {history.stdout!r} {history.stderr!r}")
    if not sessions or sessions[-1]["routine"] != "bundle-check" or not sessions[-1]["steps"]:
        problems.append(f"no session of the bundle-check routine was recorded: {sessions!r}")
    else:
        print(f"bundled app: recorded a {sessions[-1]['status']} session of routine {sessions[-1]['routine']!r}")
    shutil.rmtree(scratch, ignore_errors=True)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-check", action="store_true", help="build only")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app folder goes (default dist/)")
    args = parser.parse_args()
    began = time.monotonic()
    bundle = build(ROOT / "build", args.dist)
    print(f"built {bundle} in {time.monotonic() - began:.0f} s: {folder_size_mb(bundle):.0f} MB")
    if args.no_check:
        return 0
    problems = check(bundle)
    for problem in problems:
        print(f"bundle check failed: {problem}", file=sys.stderr)
    if not problems:
        print("bundle check passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
