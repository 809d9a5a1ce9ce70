"""Facts the app keeps about itself between runs (not settings, not history).

The file is ours, not the person's: if it is unreadable we say so in the log,
start from defaults, and a later save replaces it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from footdesk.files import atomic_write_text
from footdesk.i18n import N_, _
from footdesk.reminder import MAX_REMINDERS_A_DAY
from footdesk.untrusted import ReceivedFileError, for_log, read_regular_file

log = logging.getLogger(__name__)

MAX_STATE_BYTES = 64 * 1024
"""The file holds a few small facts; anything larger was not written by footdesk."""


@dataclass
class AppState:
    welcome_seen: bool = False
    window_geometry: str | None = None
    """Qt's saveGeometry(), base64: size, position, screen, full-screen state."""
    reminder_shown_on: str | None = None
    """The local date (ISO) of the last daily reminder: one a day, even across restarts."""
    routine: str | None = None
    """The id of the routine last chosen: the home screen starts with it."""
    reminder_snoozed_until: str | None = None
    """When a snoozed reminder comes back (ISO, with its UTC offset): a restart keeps a snooze."""
    reminder_shown_number: int = 1
    """Which of that day's reminders was shown last (1 to 3, by the clock): a
    routine done twice a day has two reminders a day, each once even across restarts."""
    questionnaires_put_off_on: str | None = None
    """The local date (ISO) the person said "Not now" to the questionnaires: no offer again that day, restarts too."""


STARTED_FROM_DEFAULTS = N_(
    "footdesk started from its defaults (the welcome again, the built-in routine chosen: "
    "choose yours on the home screen); the file is replaced at the next change"
)


def read_app_state(path: Path) -> tuple[AppState, list[str]]:
    """The state, and what the window should say about the file (nothing when it was fine or not there)."""
    problems: list[str] = []
    return load_app_state(path, problems), problems


def load_app_state(path: Path, problems: list[str] | None = None) -> AppState:
    """``problems``: the sentence for the window when the file was there but
    could not be used (the log has it too; a start from the menu has no terminal)."""

    def defaults(why: str) -> AppState:
        log.warning("%s; starting from defaults", for_log(why, 300))
        if problems is not None:
            # TRANSLATORS: {problem} is what is wrong with footdesk's state file; {then} the text about its defaults
            problems.append(_("{problem}; {then}.").format(problem=for_log(why, 300), then=_(STARTED_FROM_DEFAULTS)))
        return AppState()

    try:
        data = json.loads(read_regular_file(path, MAX_STATE_BYTES).decode("utf-8"))
    except ReceivedFileError as exc:
        return AppState() if exc.missing else defaults(str(exc))
    except UnicodeDecodeError:
        return defaults(_("{path}: not a text file (it is not valid UTF-8)").format(path=path))
    except (ValueError, RecursionError) as exc:  # not JSON, a number of thousands of digits, deep nesting
        return defaults(_("{path}: cannot read it ({problem})").format(path=path, problem=for_log(str(exc), 200)))
    if not isinstance(data, dict):
        return defaults(_("{path}: not a JSON object").format(path=path))
    welcome = data.get("welcome_seen", False)
    geometry = data.get("window_geometry")
    shown = data.get("reminder_shown_on")
    routine = data.get("routine")
    snoozed = data.get("reminder_snoozed_until")
    number = data.get("reminder_shown_number", 1)
    put_off = data.get("questionnaires_put_off_on")
    return AppState(
        welcome_seen=welcome if isinstance(welcome, bool) else False,
        window_geometry=geometry if isinstance(geometry, str) and len(geometry) < 4096 else None,
        reminder_shown_on=shown if isinstance(shown, str) and _is_iso_date(shown) else None,
        routine=routine if isinstance(routine, str) and 0 < len(routine) <= 64 else None,
        reminder_snoozed_until=snoozed if isinstance(snoozed, str) and _is_aware_instant(snoozed) else None,
        # a number out of range was not written by footdesk: the day's last reminder counts as shown
        reminder_shown_number=number if type(number) is int and 1 <= number <= MAX_REMINDERS_A_DAY else 3,
        questionnaires_put_off_on=put_off if isinstance(put_off, str) and _is_iso_date(put_off) else None,
    )


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _is_aware_instant(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def save_app_state(path: Path, state: AppState) -> bool:
    """Returns False (and logs why) when the file cannot be written: losing this
    file only means the welcome is shown once more, never worth an error box."""
    try:
        atomic_write_text(path, json.dumps(asdict(state), indent=2) + "\n")
    except OSError as exc:
        log.warning("%s: cannot save it (%s)", path, exc.strerror or exc)
        return False
    return True
