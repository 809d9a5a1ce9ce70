"""Cue latency and loudness, from what the mixer actually put out.

    python -m tests.perf.bench_cues            # a real routine, about 30 s
    python -m tests.perf.bench_cues --quick    # a few seconds, for CI: the roll alone, 1 s a side
    python -m tests.perf.bench_cues --routine FILE  # a routine file of your own: sets, rests, reps
    python -m tests.perf.bench_cues --count    # the heel-raise get-ready: is each pip heard whole?

A real routine runs through the real controller and PygameCuePlayer on the
real clock, with SDL's disk audio driver writing the mixed output to a file.
For every cue the session asked for at a phase boundary, the latency is the
time from the boundary (the session's deadline) to the first audible sample
of that cue in the file.

The disk driver paces itself in whole milliseconds and writes through stdio,
so a file offset is not a wall-clock time. A thread polls the file's size;
each moment it grows is an anchor (wall time, first frame of the block just
written), and a boundary's position in the stream is interpolated between
anchors. So the latency includes the wait for the mixer's next buffer, as on
a real device (which adds its own output queue on top).

``--count`` plays the heel-raise get-ready as the app does (its announcement,
"Step three…", is longer than the time before the 3-2-1 pips) and checks each
pip in the output against the pip file at full volume: the part of the stream
it occupies minus the pip itself is what else was playing under it (a voice),
and its peak against the file's shows whether it was ducked.
"""

from __future__ import annotations

import argparse
import array
import bisect
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from footdesk.cues import is_voice
from tests.perf._cli import run_bench

RATE = 44100
FRAME_BYTES = 4  # 16-bit stereo
AUDIBLE = 0.02  # of full scale: well above silence, well below every cue's peak


COUNT_CUE = "get-ready-pip"


def child(
    raw_path: Path, result_path: Path, quick: bool, buffer: int, voice: bool, routine_file: str = "",
    count: bool = False,
) -> None:  # fmt: skip
    """Runs inside the process whose SDL writes to ``raw_path``. ``count``: the
    heel-raise step alone, with the default get-ready, until just after its go."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from importlib import resources

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from footdesk.appmodel import session_clock
    from footdesk.cues import cues_for
    from footdesk.platform.audio import PygameCuePlayer, import_mixer
    from footdesk.platform.qt_timer import QtWaker
    from footdesk.routine import load_default_routine, load_routine
    from footdesk.session import Event, SessionOptions, State
    from footdesk.settings import SoundPrefs
    from tests.perf._app import make_model

    app = QApplication.instance() or QApplication(sys.argv[:1])
    roll, heel = (1, 1) if quick else (6, 6)
    routine = load_default_routine().with_durations({"roll": roll, "heel-raises": heel})
    if routine_file:  # a person's own programme: sets, rests, reps (its voices are not rendered here)
        routine = load_routine(Path(routine_file))
    options = SessionOptions(get_ready_s=1 if quick else 2)
    if quick and not count:  # the smallest run with every kind of boundary cue: go, halfway, switch feet, the end
        routine = replace(routine, steps=(routine.step("roll"),))
    if count:
        routine = replace(routine, steps=(routine.step("heel-raises"),))
        options = SessionOptions()  # the get-ready a person gets unless they change it
    # with voices on, speech overlaps tones and blurs their onsets: latency is
    # timed with voices off, loudness and clipping with everything on
    prefs = SoundPrefs(enabled=True, volume=100, voice=voice, buffer=buffer)
    notices: list[str] = []

    def schedule(delay: float, action) -> None:
        QTimer.singleShot(max(0, round(delay * 1000)), action)

    player = PygameCuePlayer(resources.files("footdesk.assets").joinpath("sounds"), lambda: prefs, notices.append,
                             schedule, clock=session_clock)  # fmt: skip
    requests: list[dict] = []

    class Stamper:
        def record(self, event: Event) -> None:
            at = getattr(event, "at", None)
            for cue in cues_for(event):
                requests.append({"cue": cue, "boundary": at, "asked": session_clock()})

    (raw_path.parent / "model").mkdir(exist_ok=True)
    controller = make_model(raw_path.parent / "model", routine,
                            options, player, QtWaker(), clock=session_clock)  # fmt: skip
    controller.session_events.connect(Stamper().record)
    anchors: list[tuple[float, int, int]] = []  # (time, frames in the file, which file)
    stop = threading.Event()
    # The device rests between cues and opens again before the next one; SDL's
    # disk driver starts its file afresh at each opening, so each opening gets
    # a file of its own (SDL reads the name when the device opens), joined
    # into one stream afterwards (join_segments).
    segments: list[str] = []
    open_mixer = player._open_mixer

    def open_into_a_new_file() -> bool:
        if not player._open:
            segments.append(str(raw_path.with_name(f"{raw_path.stem}.{len(segments)}.raw")))
            os.environ["SDL_DISKAUDIOFILE"] = segments[-1]
        return open_mixer()

    player._open_mixer = open_into_a_new_file  # type: ignore[method-assign]

    def poll_size() -> None:
        last = (-1, -1)
        while not stop.is_set():
            segment = len(segments) - 1
            try:
                size = Path(segments[segment]).stat().st_size if segment >= 0 else 0
            except FileNotFoundError:
                size = 0
            if (segment, size) != last:
                anchors.append((session_clock(), size // FRAME_BYTES, segment))
                last = (segment, size)
            time.sleep(0.0005)

    poller = threading.Thread(target=poll_size, daemon=True)
    poller.start()
    controller.start()
    template: list[str] = []

    def keep_the_pip() -> None:
        """The pip as the mixer has it (its own format), to find it in the output."""
        pip_file = resources.files("footdesk.assets").joinpath("sounds", f"{COUNT_CUE}.wav")
        template.append(import_mixer().mixer.Sound(str(pip_file)).get_raw().hex())

    def quit_after_the_go() -> None:
        if controller.snapshot().state is State.RUNNING:
            keep_the_pip()
            QTimer.singleShot(600, app.quit)  # the go and a little after it
        else:
            QTimer.singleShot(50, quit_after_the_go)

    if count:
        QTimer.singleShot(50, quit_after_the_go)
        app.exec()
        stop.set()
        poller.join()
        result_path.write_text(json.dumps({"requests": requests, "anchors": anchors, "notices": notices,
                                           "voice": voice, "buffer": buffer, "pip": template[0],
                                           "segments": segments}))  # fmt: skip
        return
    tips_read: set[int] = set()

    def follow() -> None:
        """A person who reads each tip for a moment, then goes on (so cues do not overlap)."""
        snap = controller.snapshot()
        if snap is None or snap.state is State.FINISHED:
            # let the last cues play and the mixer close (the quick run needs only their onsets)
            QTimer.singleShot(1500 if quick else 2500, app.quit)
            return
        if snap.state is State.TIP and snap.phase is not None and snap.phase.index not in tips_read:
            tips_read.add(snap.phase.index)
            QTimer.singleShot(0 if snap.phase.index == 0 else 1000, controller.skip)
        QTimer.singleShot(100, follow)

    QTimer.singleShot(100, follow)
    app.exec()
    stop.set()
    poller.join()
    found = {"requests": requests, "anchors": anchors, "notices": notices, "voice": voice, "buffer": buffer}
    result_path.write_text(json.dumps(dict(found, segments=segments)))


def join_segments(raw_path: Path, data: dict) -> dict:
    """One stream as a device that never closed would have played it: each
    opening's file at the moment it opened (from its size anchors), silence
    between them; the anchors moved to match. Writes ``raw_path``."""
    anchors: list[tuple[float, int]] = []
    joined = bytearray()
    for number, segment in enumerate(data["segments"]):
        own = [(t, frames) for t, frames, which in data["anchors"] if which == number and frames > 0]
        content = Path(segment).read_bytes() if Path(segment).exists() else b""
        if not own or not content:
            continue
        first_time, first_frames = own[0]
        opened_at = first_time - first_frames / RATE  # the time its first frame was "now"
        if anchors:
            (last_time, last_frame) = anchors[-1]
            offset = max(len(joined) // FRAME_BYTES, round(last_frame + (opened_at - last_time) * RATE))
        else:
            offset = 0
            anchors.append((opened_at, 0))
        joined.extend(bytes((offset - len(joined) // FRAME_BYTES) * FRAME_BYTES))
        joined.extend(content[: len(content) // FRAME_BYTES * FRAME_BYTES])
        anchors.extend((t, offset + frames) for t, frames in own)
    raw_path.write_bytes(bytes(joined))
    return dict(data, anchors=anchors)


def onsets(samples: array.array, threshold: int, min_gap_frames: int) -> list[int]:
    """Frames where sound starts after at least ``min_gap_frames`` of quiet."""
    found: list[int] = []
    quiet = min_gap_frames
    for frame in range(len(samples) // 2):
        loud = max(abs(samples[2 * frame]), abs(samples[2 * frame + 1])) > threshold
        if loud and quiet >= min_gap_frames:
            found.append(frame)
        quiet = 0 if loud else quiet + 1
    return found


def read_stream(raw_path: Path) -> array.array:
    samples = array.array("h")
    samples.frombytes(raw_path.read_bytes())
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def stream_clock(data: dict) -> Callable[[float], float]:
    """The frame of the stream that was "now" at a given session-clock time."""
    # When the driver writes a block of ``buffer`` frames at time t, whatever
    # was started before t begins at the first frame of that block: that frame
    # is "now" in the stream, not the end of the file.
    block = data["buffer"]
    anchors = [(t, f - block) for t, f in data["anchors"] if f >= block]
    times = [t for t, _ in anchors]

    def frame_at(when: float) -> float:
        i = bisect.bisect_left(times, when)
        if i <= 0:
            return anchors[0][1]
        if i >= len(anchors):
            return anchors[-1][1]
        (t0, f0), (t1, f1) = anchors[i - 1], anchors[i]
        return f0 + (f1 - f0) * (when - t0) / (t1 - t0)

    return frame_at


def analyse(raw_path: Path, data: dict) -> dict:
    samples = read_stream(raw_path)
    found = onsets(samples, int(AUDIBLE * 32767), min_gap_frames=int(0.04 * RATE))
    frame_at = stream_clock(data)

    # cues asked for at the same boundary sound together: time each boundary once
    boundaries: dict[float, list[str]] = {}
    first_request = min(r["asked"] for r in data["requests"])
    for request in data["requests"]:
        if request["boundary"] is None or (is_voice(request["cue"]) and not data["voice"]):
            continue
        if request["asked"] - first_request < 0.5:
            continue  # the session's first cue waits out the Bluetooth pre-roll on purpose
        boundaries.setdefault(request["boundary"], []).append(request["cue"])
    latencies: dict[str, list[float]] = {}
    unheard: list[str] = []
    for boundary, cues in sorted(boundaries.items()):
        due = frame_at(boundary)
        after = [f for f in found if f >= due - 0.005 * RATE]
        if after and (after[0] - due) / RATE < 0.2:  # later than that, it is the next cue's onset
            latencies.setdefault("+".join(cues), []).append((after[0] - due) / RATE * 1000)
        else:
            unheard.append(f"{'+'.join(cues)} at {boundary - first_request:.2f} s")
    peak = max((abs(s) for s in samples), default=0) / 32767
    every = [v for values in latencies.values() for v in values]
    return {
        "boundaries_with_cues": len(boundaries),
        "boundaries_heard": len(every),
        "onsets_in_stream": len(found),
        "latency_ms_worst": round(max(every), 1) if every else None,
        "latency_ms_median": round(statistics.median(every), 1) if every else None,
        "latency_ms_by_cue": {cue: round(max(values), 1) for cue, values in sorted(latencies.items())},
        "unheard": unheard,
        "peak_of_full_scale": round(peak, 3),
        "clipped_samples": sum(1 for s in samples if abs(s) >= 32767),
        "notices": data["notices"],
    }


def analyse_count(raw_path: Path, data: dict) -> dict:
    """Each get-ready pip, found in the output where the mixer started it (at
    the start of a block, shortly after its second), compared with the pip
    file at full volume: ``level`` is the peak there against the pip's own
    peak (1.0 whole, 0.5 ducked), ``under`` the RMS of what else sounded in
    those frames against the pip's RMS (0 when the pip sounds alone)."""
    samples = read_stream(raw_path)
    pip = array.array("h", bytes.fromhex(data["pip"]))
    if sys.byteorder == "big":
        pip.byteswap()
    frame_at = stream_clock(data)
    block = data["buffer"]
    pip_peak = max(abs(s) for s in pip)
    pip_rms = math.sqrt(sum(s * s for s in pip) / len(pip))
    first_request = min(r["asked"] for r in data["requests"])
    pips: list[dict] = []
    for request in data["requests"]:
        if request["cue"] != COUNT_CUE:
            continue
        due = frame_at(request["boundary"])
        best: tuple[float, int] | None = None
        # the mixer starts a sound at the first frame of a block: try each
        # block from just before the second to well after it
        for start in range(max(0, int(due - 0.02 * RATE)) // block * block, int(due + 0.1 * RATE), block):
            window = samples[2 * start : 2 * start + len(pip)]
            if len(window) < len(pip):
                break
            rest = math.sqrt(sum((w - p) ** 2 for w, p in zip(window, pip, strict=True)) / len(pip))
            if best is None or rest < best[0]:
                best = (rest, start)
        if best is None:
            continue
        rest, start = best
        window = samples[2 * start : 2 * start + len(pip)]
        pips.append({
            "at_s": round(request["boundary"] - first_request, 2),
            "onset_ms": round((start - due) / RATE * 1000, 1),
            "start_s": round(start / RATE, 3),
            "peak": round(max(abs(s) for s in window) / 32767, 3),
            "level": round(max(abs(s) for s in window) / pip_peak, 2),
            "under": round(rest / pip_rms, 3),
        })  # fmt: skip
    return {
        "pips_found": len(pips),
        "pip_full_peak": round(pip_peak / 32767, 3),
        "pips": pips,
        "pips_alone_at_full_level": bool(pips) and all(p["under"] < 0.02 for p in pips),
        "voices_asked": [r["cue"] for r in data["requests"] if is_voice(r["cue"])],
        "notices": data["notices"],
    }


def measure(
    quick: bool, buffer: int, voice: bool = False, routine_file: str = "", count: bool = False,
    keep_raw: Path | None = None,
) -> dict:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="footdesk-cues-") as scratch:
        raw, result = Path(scratch) / "out.raw", Path(scratch) / "result.json"
        env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(raw), QT_QPA_PLATFORM="offscreen")
        env.update({name: scratch for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")})
        arguments = f"Path({str(raw)!r}), Path({str(result)!r}), {quick}, {buffer}, {voice}, {routine_file!r}, {count}"
        code = f"import sys; from tests.perf.bench_cues import child; from pathlib import Path; child({arguments})"
        repo = Path(__file__).resolve().parents[2]
        subprocess.run([sys.executable, "-c", code], env=env, cwd=repo, check=True, timeout=300)
        data = join_segments(raw, json.loads(result.read_text()))
        figures = analyse_count(raw, data) if count else analyse(raw, data)
        if keep_raw is not None:
            shutil.copyfile(raw, keep_raw)
        figures["buffer_frames"] = buffer
        figures["voice"] = voice
        return figures


def main() -> int:
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--buffer", type=int, default=512, help="mixer buffer in frames (default 512)")
        parser.add_argument("--voice", action="store_true", help="voices on too (loudness and clipping)")
        parser.add_argument("--routine", default="", metavar="FILE", help="run this routine file instead")
        parser.add_argument("--count", action="store_true", help="the heel-raise get-ready's pips")
        parser.add_argument("--raw", type=Path, help="keep the recorded stream (44.1 kHz, 16-bit, stereo) in this file")

    return run_bench(
        __doc__.splitlines()[0],
        lambda args: measure(
            args.quick,
            args.buffer,
            args.voice,
            str(Path(args.routine).resolve()) if args.routine else "",
            args.count,
            args.raw,
        ),
        {"latency_ms_worst": "< 30"},
        add_arguments,
    )


if __name__ == "__main__":
    sys.exit(main())
