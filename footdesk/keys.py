"""The main window's keys, in one table: which key sends which command, and
the words the Keyboard help shows for it.

The person stands on a ball a few metres away: every key here works from
across the room, with nothing focused. Space and Enter press a button that
has the keyboard focus (reached with Tab), as everywhere else; the window
takes them only when none has it. What a command does on each screen is
the model's rule (``AppModel.press``); the window only turns key presses into
commands and does what the model hands back as the view's (move the rating
it shows, leave full screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from footdesk.i18n import N_


class Command(Enum):
    PRIMARY = "primary"  # start / pause / resume / go on / back to the start
    SKIP = "skip"
    BACK = "back"
    RIGHT = "right"  # next in a session, the rating up on the finished screen
    LEFT = "left"  # back in a session, the rating down on the finished screen
    ESCAPE = "escape"  # stop; leave the finished screen; leave full screen
    CONFIRM = "confirm"  # start at home; leave the finished screen
    MUTE = "mute"
    RATE = "rate"  # a digit: a check-in's pain; the lower-back rating on the finished screen
    EFFORT = "effort"  # E, A, H: how the exercise just done felt (its check-in)
    CARRY_ON = "carry-on"  # C: go on despite the pain (the safety card)


@dataclass(frozen=True)
class Binding:
    keys: tuple[str, ...]
    """Key names as Qt spells them in a QKeySequence ("Space", "Right", "N", "0")."""
    command: Command
    value: int | None = None
    """The digit of a RATE key; the place in ``EFFORT_KEYS`` of an EFFORT key."""


# TRANSLATORS: how an exercise felt, shown after its key ("E easy"); the keys stay E, A and H
EFFORT_KEYS: tuple[tuple[str, str], ...] = (("E", N_("easy")), ("A", N_("about right")), ("H", N_("hard")))
"""The check-in's effort keys, in the order of ``records.Effort``, with the words each key shows
(marked for the catalog: the view looks them up with ``_``)."""

KEY_MAP: tuple[Binding, ...] = (
    Binding(("Space",), Command.PRIMARY),
    Binding(("Right",), Command.RIGHT),
    Binding(("Left",), Command.LEFT),
    Binding(("N",), Command.SKIP),
    Binding(("B",), Command.BACK),
    Binding(("Esc",), Command.ESCAPE),
    Binding(("Return", "Enter"), Command.CONFIRM),
    Binding(("M",), Command.MUTE),
    *(Binding((str(digit),), Command.RATE, digit) for digit in range(10)),
    *(Binding((key,), Command.EFFORT, place) for place, (key, _words) in enumerate(EFFORT_KEYS)),
    Binding(("C",), Command.CARRY_ON),
)

SECOND_DIGIT_S = 1.5
"""How soon after a "1" a "0" makes the rating 10. Typed later, a "0" is 0."""


def typed_rating(digit: int, now: float, before: tuple[int, float] | None) -> int:
    """The rating a digit key gives, 0 to 10. "1" then "0" within
    ``SECOND_DIGIT_S`` is 10: typing "10" must never record 0 (the worst pain
    read as none). ``before`` is the last rating typed and when."""
    if digit == 0 and before is not None and before[0] == 1 and 0 <= now - before[1] <= SECOND_DIGIT_S:
        return 10
    return digit


KEY_HELP: tuple[tuple[str, str], ...] = (
    # TRANSLATORS: the Keyboard help: a key's name as the keyboard shows it; letters stay, they are the keys pressed
    (N_("Space"), N_("Start, pause or resume; on a tip, go on; when finished, back to the start")),
    (N_("→  or  N"), N_("Next: go on to the next part")),
    (N_("←  or  B"), N_("Back: restart this part (before it starts: the previous part)")),
    (N_("Esc"), N_("Stop the routine")),
    ("M", N_("Mute or unmute the sound")),
    ("F11", N_("Full screen on or off")),
    # TRANSLATORS: a shortcut as the keyboard shows it (Strg+, in German); the letter or sign stays
    (N_("Ctrl+,"), N_("Settings: durations, get-ready, sound")),
    (N_("Ctrl+H"), N_("Your week: days, streak, minutes, back pain")),
    (N_("Ctrl+R"), N_("Your routines: make, change, import, export")),
    ("E  ·  A  ·  H", N_("After an exercise: it was easy · about right · hard (its check-in)")),
    ("0 – 9, 1 0", N_("After an exercise: the pain during it (0 none, 10 worst: type 1 then 0)")),
    (
        "0 – 9, 1 0, ← →",
        N_(
            "After the routine: how is your lower back (0 none, 10 worst: type 1 then 0); "
            "after E, A or H the digits answer the last exercise's pain first"
        ),
    ),
    (N_("Esc  ·  C"), N_("When the pain is above your limit: stop for today · carry on anyway")),
    ("Q  ·  Y  N  ←", N_("The back questionnaires (Q on the start screen); in them yes · no · back one")),
    (N_("Enter"), N_("When finished: back to the start")),
    (N_("PgUp  PgDn  Home"), N_("In your week: the week before, after, this week")),
    ("R  ·  T", N_("In your week: mark a rest day · the last 12 weeks")),
    (N_("Ctrl+Q"), N_("Quit")),
)
"""What the Keyboard help lists: the keys above, the menus' shortcuts and the review's own keys (both
columns marked for the catalog where they hold words: the view looks them up with ``_``)."""
