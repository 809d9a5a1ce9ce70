"""Starting the built-in routine as a person does: the first window, then Space
to the first cue heard, for this footdesk and (optionally) another commit of
it, in one interleaved run.

    python -m tests.perf.bench_start                      # 5 rounds, this footdesk
    python -m tests.perf.bench_start --against a6d31f2    # and that commit, in turns
    python -m tests.perf.bench_start --language de        # and this footdesk in German, in turns
    python -m tests.perf.bench_start --quick              # 1 round, for CI

Each start is a fresh ``python -m footdesk`` on a private Xvfb display with
SDL's disk audio driver writing what the mixer plays to a file, in a home of its
own (a daily user's: no first-run dialog). The first window is timed from the
process start to its window being mapped (as in bench_startup). A moment later
(a person looking at the home screen) the benchmark gives the window the
keyboard focus and presses Space through XTest, as a keyboard would; Space to
first cue is the time from that press to the first audible sample in the
output, opening the sound device and loading the cues included.

The disk driver writes in blocks, so a file offset is not a wall-clock time:
the file's size is polled, each growth is an anchor (time, first frame of the
block just written), and the press is placed in the stream between anchors (as
in bench_cues). The latency includes the wait for the mixer's next buffer, as
on a real device.

``--against REV`` takes that commit's footdesk out of this repository (git
archive, into a temporary folder put first on PYTHONPATH) and runs it in turns
with this one, so "no slower than before" is measured on the same machine in
the same minute, where figures from another day would mislead.
"""

from __future__ import annotations

import argparse
import array
import ctypes
import ctypes.util
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.perf._cli import run_bench
from tests.perf._x11 import NoXWindowError, Screen, SessionBus, end_process, scratch_home, why_no_x_server
from tests.perf.bench_cues import AUDIBLE, FRAME_BYTES, RATE, read_stream, stream_clock

REPO = Path(__file__).resolve().parents[2]
SPACE_KEYSYM = 0x20
REVERT_TO_PARENT = 2


def cannot_run() -> str | None:
    reason = why_no_x_server()
    if reason:
        return reason
    if ctypes.util.find_library("Xtst") is None:
        return "needs libXtst to press keys (apt-get install libxtst6)"
    return None


class Keyboard:
    """Key presses into a display through XTest, as from a real keyboard."""

    def __init__(self, display_name: str) -> None:
        self._x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self._xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self._x.XKeysymToKeycode.restype = ctypes.c_ubyte
        self._x.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        self._x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self._display = self._x.XOpenDisplay(display_name.encode())
        if not self._display:
            raise NoXWindowError(f"cannot open display {display_name} to press keys")

    def focus(self, window: int) -> None:
        """What a window manager does when the window is clicked (there is none here)."""
        self._x.XSetInputFocus(self._display, window, REVERT_TO_PARENT, 0)
        self._x.XSync(self._display, 0)

    def press(self, keysym: int) -> float:
        """Press and release a key; the monotonic time the press reached the server."""
        code = self._x.XKeysymToKeycode(self._display, keysym)
        self._xtst.XTestFakeKeyEvent(self._display, code, 1, 0)
        self._x.XFlush(self._display)
        pressed = time.monotonic()
        self._xtst.XTestFakeKeyEvent(self._display, code, 0, 0)
        self._x.XSync(self._display, 0)
        return pressed

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None


def source_of(revision: str, into: Path) -> Path:
    """The footdesk package of ``revision`` of this repository, as files in
    ``into``, with that commit's own assets inside it (as a wheel has them):
    otherwise it would read today's (the editable install maps footdesk.assets
    to the checkout's), and an older footdesk refuses a newer routine file."""
    found = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, "footdesk", "assets"],
        check=False,
        capture_output=True,
    )
    if found.returncode != 0:
        why = found.stderr.decode(errors="replace").strip()
        raise SystemExit(f"--against {revision}: git cannot give that commit's footdesk ({why})")
    archive = found.stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "assets").rename(into / "footdesk" / "assets")
    return into


class SizePoller:
    """Anchors (monotonic time, frames in the file) each time the file grows."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw
        self.anchors: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        last = -1
        while not self._stop.is_set():
            try:
                size = self.raw.stat().st_size
            except FileNotFoundError:
                size = 0
            if size != last:
                self.anchors.append((time.monotonic(), size // FRAME_BYTES))
                last = size
            time.sleep(0.0005)

    def stop(self) -> list[tuple[float, int]]:
        self._stop.set()
        self._thread.join()
        return self.anchors


def block_frames(anchors: list[tuple[float, int]]) -> int:
    """The frames the driver writes at a time (the mixer's buffer), read from the file's growth."""
    steps = [b - a for (_, a), (_, b) in itertools.pairwise(anchors) if b > a]
    return statistics.mode(steps) if steps else 0


def stream_frame_at(anchors: list[tuple[float, int]], when: float) -> float:
    """The frame of the output that was "now" at ``when``. footdesk opens the
    mixer when a routine starts, so the press comes before the stream's first
    frame: such a moment is placed before it at the stream's rate (the stream
    is paced in real time from the moment the device opens)."""
    block = block_frames(anchors)
    written = [(t, frames - block) for t, frames in anchors if frames >= block]
    if not written:
        raise RuntimeError("the mixer wrote less than one buffer")
    first_time, first_frame = written[0]
    if when <= first_time:
        return first_frame - (first_time - when) * RATE
    return stream_clock({"anchors": anchors, "buffer": block})(when)


def start_once(env: dict[str, str], screen: Screen, raw: Path, settle: float, listen: float) -> dict:
    """One start: the first window, then Space to the first cue."""
    raw.unlink(missing_ok=True)
    env = dict(env, DISPLAY=screen.name, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(raw))
    errors = Path(env["XDG_CACHE_HOME"]) / "stderr.txt"
    empty = Path(env["XDG_CACHE_HOME"]).parent / "cwd"  # see bench_startup: nothing to shadow footdesk
    empty.mkdir(exist_ok=True)
    keyboard = Keyboard(screen.name)
    started = time.monotonic()
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "footdesk"], env=env, cwd=empty, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        mapped = screen.wait_for_window(timeout=30)
        if mapped is None or screen.last_window is None:
            raise RuntimeError(f"no window from footdesk: {errors.read_text()[-600:]}")
        time.sleep(settle)  # a person looks at the home screen before pressing Space
        poller = SizePoller(raw)
        time.sleep(0.1)
        keyboard.focus(screen.last_window)
        time.sleep(0.05)
        pressed = keyboard.press(SPACE_KEYSYM)
        time.sleep(listen)
        anchors = poller.stop()
    finally:
        keyboard.close()
        end_process(process)
    if not any(frames for _, frames in anchors):
        raise RuntimeError(f"footdesk's mixer wrote nothing to {raw} after Space: {errors.read_text()[-600:]}")
    pressed_frame = stream_frame_at(anchors, pressed)
    heard = first_sound(read_stream(raw), from_frame=max(0, int(pressed_frame)))
    if heard is None:
        raise RuntimeError(f"no cue within {listen} s of Space: {errors.read_text()[-600:]}")
    return {
        "first_window_s": mapped - started,
        "space_to_cue_ms": 1000 * (heard - pressed_frame) / RATE,
    }


def first_sound(samples: array.array, from_frame: int) -> int | None:
    """The first audible frame at or after ``from_frame`` (16-bit stereo)."""
    threshold = int(AUDIBLE * 32767)
    for frame in range(from_frame, len(samples) // 2):
        if max(abs(samples[2 * frame]), abs(samples[2 * frame + 1])) > threshold:
            return frame
    return None


def measure(quick: bool, against: str | None = None, rounds: int = 5, language: str | None = None) -> dict:
    reason = cannot_run()
    if reason:
        raise NoXWindowError(reason)
    rounds, settle, listen = (1, 0.4, 1.5) if quick else (rounds, 1.0, 2.0)
    scratch = Path(tempfile.mkdtemp(prefix="footdesk-start-"))
    bus = SessionBus(scratch)
    screen = Screen()
    programs: dict[str, dict[str, str]] = {}
    homes: list[Path] = []
    try:
        names = ["this"] + ([against] if against else []) + ([f"this:{language}"] if language else [])
        for name in names:
            home, env = scratch_home(f"footdesk-start-{len(homes)}-")
            homes.append(home)
            env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
            env["LANGUAGE"] = "en"
            if name.startswith("this:"):  # the same footdesk, in another language
                env["LANGUAGE"] = language or "en"
            elif name != "this":
                env["PYTHONPATH"] = str(source_of(name, Path(tempfile.mkdtemp(dir=scratch))))
            programs[name] = env
        # warm the file cache (and write each tree's bytecode) before timing;
        # the quick run only checks that it runs
        for name in names if not quick else ():
            start_once(programs[name], screen, scratch / "warm.raw", 0.3, 1.0)
        results: dict[str, list[dict]] = {name: [] for name in names}
        for round_number in range(rounds):
            turn = round_number % len(names)
            for name in names[turn:] + names[:turn]:
                raw = scratch / f"{round_number}.raw"
                results[name].append(start_once(programs[name], screen, raw, settle, listen))
    finally:
        screen.close()
        bus.close()
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    figures: dict[str, float | int | bool | str] = {"quick": quick, "rounds": rounds}
    for name, runs in results.items():
        prefix = "footdesk" if name == "this" else "language" if name.startswith("this:") else "against"
        for key in ("first_window_s", "space_to_cue_ms"):
            figures[f"{prefix}_{key}"] = round(statistics.median(run[key] for run in runs), 3)
    if against:
        figures["against"] = against
        for key in ("first_window_s", "space_to_cue_ms"):
            figures[f"{key}_ratio"] = round(figures[f"footdesk_{key}"] / figures[f"against_{key}"], 3)  # type: ignore[operator]
    if language:
        figures["language"] = language
        first = figures["language_first_window_s"] / figures["footdesk_first_window_s"]  # type: ignore[operator]
        figures["language_first_window_s_ratio"] = round(first, 3)
    return figures


TARGETS = {
    "first_window_s_ratio": "<= 1.0 (no slower than the commit it is measured against)",
    "space_to_cue_ms_ratio": "<= 1.0",
    "language_first_window_s_ratio": "<= 1.05 (another language within 5 % of English)",
}


def main() -> int:
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--against", metavar="REV", help="also run this commit's footdesk, in turns")
        parser.add_argument("--rounds", type=int, default=5, help="starts of each (default 5)")
        parser.add_argument("--language", metavar="CODE", help="also run this footdesk in that language, in turns")

    return run_bench(
        __doc__.splitlines()[0],
        lambda args: measure(args.quick, args.against, args.rounds, args.language),
        TARGETS,
        add_arguments,
    )


if __name__ == "__main__":
    sys.exit(main())
