"""How durations read, on screen and in the terminal."""

from __future__ import annotations

import math

from footdesk.i18n import _, n_, p_

_TICK = 1e-6
"""Less than the session's clock can tell apart (a microsecond): 9.9999999 s
of a 10 s part is its 10 s, not 9."""


def seconds_done(seconds: float) -> int:
    """Time done in whole seconds, rounded down: the one rounding rule for time
    exercised, wherever it is shown or said (the finished screen, the review,
    the PDF, the terminal, the home screen's offer, the voice). 6.347 s done is
    6 s, never 7: what was done is never over-reported, and the parts of a
    session add up to its total (``records.exercise_seconds`` adds these)."""
    return max(0, math.floor(seconds + _TICK))


def clock_text(seconds: float) -> str:
    """m:ss for a countdown ("2:00", "0:07"); whole seconds rounded up, so a
    clock with time left never shows 0:00. Planned times are whole seconds
    already; time done is ``done_clock_text``."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def done_clock_text(seconds: float) -> str:
    """m:ss for time done ("0:06" for 6.347 s): rounded down (``seconds_done``)."""
    whole = seconds_done(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def spoken_duration(seconds: float) -> str:
    """A duration in words for summaries: "2 min", "1 min 30 s", "45 s";
    whole seconds rounded down, as time done is (``seconds_done``)."""
    minutes, rest = divmod(seconds_done(seconds), 60)
    if minutes and rest:
        # TRANSLATORS: a duration, short: minutes and seconds ("1 min 30 s")
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
    if minutes:
        # TRANSLATORS: a duration, short: minutes ("2 min")
        return _("{minutes} min").format(minutes=minutes)
    # TRANSLATORS: a duration, short: seconds ("45 s")
    return _("{seconds} s").format(seconds=rest)


def duration_in_words(seconds: float) -> str:
    """A duration as a screen reader should say it: "2 minutes 5 seconds",
    where "2 min 5 s" would be read out letter by letter. Rounded down, as
    time done is (``seconds_done``)."""
    minutes, rest = divmod(seconds_done(seconds), 60)
    minutes_words = _minutes_words(minutes)
    seconds_words = _seconds_words(rest)
    if minutes and rest:
        # TRANSLATORS: a duration for a screen reader: {minutes} is "2 minutes", {seconds} "5 seconds"
        return p_("duration", "{minutes} {seconds}").format(minutes=minutes_words, seconds=seconds_words)
    return minutes_words if minutes else seconds_words


def _minutes_words(minutes: int) -> str:
    return n_("{count} minute", "{count} minutes", minutes).format(count=minutes)


def _seconds_words(seconds: int) -> str:
    return n_("{count} second", "{count} seconds", seconds).format(count=seconds)


def minutes_text(seconds: float) -> str:
    """Time done in a day, a week or a session's total, short: "12 min", and
    under a minute its seconds ("30 s", never "0 min" for time that was done;
    nothing at all is "0 min"); rounded down."""
    whole = seconds_done(seconds)
    if 0 < whole < 60:
        # TRANSLATORS: a duration, short: seconds ("45 s")
        return _("{seconds} s").format(seconds=whole)
    # TRANSLATORS: a duration, short: minutes ("2 min")
    return _("{minutes} min").format(minutes=whole // 60)


def minutes_number(seconds: float) -> str:
    """``minutes_text`` where the unit is said once beside it (above a bar, in a
    narrow column): "12" for minutes; under a minute still its seconds ("30 s")."""
    whole = seconds_done(seconds)
    return minutes_text(seconds) if 0 < whole < 60 else str(whole // 60)


def minutes_in_words(seconds: float) -> str:
    """``minutes_text`` as a screen reader should say it: "12 minutes", "30 seconds"."""
    whole = seconds_done(seconds)
    if 0 < whole < 60:
        return _seconds_words(whole)
    return _minutes_words(whole // 60)


def exercise_left_text(total_s: float, done_s: float) -> str:
    """The session's "exercise left" line. It moves once a minute, counted from
    the routine's total (a line that changed every second would draw the eye
    from the countdown), so before anything is done it says the total the home
    screen says ("3 min 15 s"), then 2 min 15 s a minute later; never less than
    is left. In the last minute: "Under a minute"."""
    left = total_s - done_s
    if left <= 0:
        return ""
    if left <= 60:
        return _("Under a minute of exercise left")
    shown = total_s - 60 * (seconds_done(done_s) // 60)
    # TRANSLATORS: under the session's clock; {duration} is "3 min 15 s"
    return _("{duration} of exercise left").format(duration=spoken_duration(shown))


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
