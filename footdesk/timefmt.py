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


def duration_in_words(seconds: float) -> str:
    """A duration as a screen reader should say it: "2 minutes 5 seconds",
    where "2 min 5 s" would be read out letter by letter."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    parts = [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else []
    parts += [f"{rest} second{'s' if rest != 1 else ''}"] if rest or not minutes else []
    return " ".join(parts)


def parse_duration(text: str) -> int | None:
    """What a person types for a duration, in seconds: "1:30" or "1:5" (minutes
    and seconds), or "90" (seconds, as in settings.toml). None when it is not
    (yet) a duration."""
    text = text.strip()
    minutes_text, colon, seconds_text = text.partition(":")
    if not colon:
        return int(text) if text.isdigit() else None
    if not minutes_text.isdigit() or not seconds_text.isdigit() or int(seconds_text) >= 60:
        return None
    return int(minutes_text) * 60 + int(seconds_text)


def could_become_duration(text: str) -> bool:
    """Text on its way to a duration while it is typed: "1:" or ":3" or ""."""
    text = text.strip()
    return text.count(":") <= 1 and all(ch.isdigit() or ch == ":" for ch in text)
