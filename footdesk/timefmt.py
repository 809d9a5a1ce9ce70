"""How durations read, on screen and in the terminal."""

from __future__ import annotations

import math


def clock_text(seconds: float) -> str:
    """m:ss for a countdown ("2:00", "0:07"); whole seconds rounded up."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def spoken_duration(seconds: float) -> str:
    """A duration in words for summaries: "2 min", "1 min 30 s", "45 s"."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    if minutes:
        return f"{minutes} min"
    return f"{rest} s"
