"""The person's settings: loaded from settings.toml, checked, saved safely.

The file is the person's: a typo must never cost them the rest of it. Loading
keeps every valid value, uses the default for each bad one and says which (file,
key, line, what was used); it never writes. Saving reads the file again and
writes into it only what the person changed in the window, in one atomic step,
so comments, order, keys we do not know and whatever they edited by hand
meanwhile all stay; a file that had problems is kept as a copy first, and one
that stopped being TOML since it was read is left alone: nothing they wrote is
ever lost.

A key footdesk does not know is a notice, not a problem: it is ignored and kept
in the file, so saving neither asks to replace the file nor keeps a copy.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeGuard, TypeVar, cast

from footdesk.files import atomic_write_text, backup_path, write_copy
from footdesk.i18n import LANGUAGE_BY_CODE, N_, _, match_language, n_
from footdesk.reminder import parse_time_of_day
from footdesk.routine import STEP_SECONDS
from footdesk.untrusted import ReceivedFileError, open_regular_file, read_regular_file, toml_problem

if TYPE_CHECKING:  # the session machinery is not needed to show the home screen; tomlkit only to save
    from tomlkit import TOMLDocument

    from footdesk.session import SessionOptions

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024

# TRANSLATORS: the comment at the top of a new settings file: every line must start with "# "
HEADER = N_("""\
# footdesk settings. Edit here or in the app (Ctrl+,). Times are in seconds.
# A value footdesk cannot use is reported and its default is used instead;
# this file is never changed until you save from the app.
""")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    """The heading of its group in the settings dialog; "{routine}" in it
    becomes the built-in routine's title."""

    def heading(self, routine_title: str) -> str:
        """The title in the person's language, the routine's title put in."""
        return _(self.title).replace("{routine}", routine_title)


SECTIONS: tuple[Section, ...] = (
    # TRANSLATORS: the settings dialog's headings; {routine} is the built-in routine's title
    Section("durations", N_("Durations of {routine}")),
    Section("session", N_("Pacing")),
    Section("pictures", N_("Pictures")),
    Section("goal", N_("Weekly goal")),
    Section("sound", N_("Sound")),
    Section("reminder", N_("Daily reminder")),
    Section("backups", N_("Backups")),
    Section("safety", N_("Safety")),
    Section("questionnaires", N_("Back questionnaires")),
    # last: a combo box that takes the focus first would change language by an arrow key
    Section("general", N_("Language")),
)


class ProblemKind(Enum):
    INVALID = "invalid"
    """A value (or the whole file) footdesk could not use: saving replaces it,
    so the person is asked first and a copy of the file is kept."""
    UNKNOWN_KEY = "unknown key"
    """A key footdesk does not know: ignored, and kept in the file by a save
    (a notice, nothing to confirm and nothing to copy)."""


@dataclass(frozen=True)
class Finding:
    """Something a kind found reading its part of the file, before the line it
    is on is known (``SettingsProblem`` adds the file and the line)."""

    key: str
    """"section.key", or the section alone."""
    message: str
    kind: ProblemKind = ProblemKind.INVALID


# The kinds of setting ------------------------------------------------------------

T = TypeVar("T")


# The kinds are constants, never compared or printed: no __eq__, __hash__ or
# __repr__ is generated for them (each generated method costs an exec at import,
# before the first frame: 18 of them were about a millisecond).
@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Kind(ABC, Generic[T]):
    """What one setting is, declared once: where it lives in the file, what it
    takes (and the words for what it does not), its default, how it is written
    back, and which editor the settings dialog offers (``editor``, with the
    kind's range and unit). Each is one ``setting(...)`` attribute of
    ``Settings``; ``FIELDS`` lists them in that order."""

    editor: ClassVar[str]
    """The dialog's control: "check", "spin", "slider", "time", "durations",
    or "" for a setting that lives in the file only."""

    section: str
    key: str
    label: str
    default: T
    help: str = ""
    """The dialog's tooltip."""
    in_dialog: bool = True
    """False for expert settings that live in the file only."""
    enabled_by: str = ""
    """The Flag (by Settings attribute) that switches this setting on and off: the dialog follows it."""
    extra: str = ""
    """What the dialog adds beside the editor: "test-sound" (a button that plays a
    cue at the chosen volume), "login-start" (the tray note and start at login)."""
    attribute: str = ""
    """The Settings attribute: filled in by ``kinds_of``."""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    @abstractmethod
    def read(self, table: Mapping[str, Any], default: T) -> tuple[T, list[Finding]]:
        """The value from its section of the file (``default`` when absent or bad), and what was wrong."""

    @abstractmethod
    def describe(self) -> str:
        """What a good value is, for the message about a bad one."""

    def knows(self, key: str) -> bool:
        """The key in its section is this setting's."""
        return key == self.key

    def file_values(self, value: T) -> dict[str, Any]:
        """The value as its section of the file holds it, by key."""
        return {self.key: value}


class Scalar(Kind[T]):
    """A setting that is one key of its section."""

    def read(self, table: Mapping[str, Any], default: T) -> tuple[T, list[Finding]]:
        if self.key not in table:
            return default, []
        value = table[self.key]
        try:
            return self.parse(value), []
        except _Refused:
            # TRANSLATORS: {value} is the value as written in the settings file, {expected} what a good one is
            # ("a whole number from 0 to 30"), {default} the value used instead
            message = _("{value} is not {expected}; using {default}")
            found = message.format(value=_shown(value), expected=self.describe(), default=_shown(default))
            return default, [Finding(self.name, found)]

    @abstractmethod
    def parse(self, value: object) -> T:
        """The value as written in the file; _Refused when it is not one this kind takes."""


class _Refused(ValueError):  # noqa: N818 - not an error: a value is refused, and the caller says why
    """A value a kind does not take."""


class Flag(Scalar[bool]):
    """On or off: a check box."""

    editor: ClassVar[str] = "check"

    def parse(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise _Refused
        return value

    def describe(self) -> str:
        # TRANSLATORS: what a setting that is on or off takes; true and false are written so in the file
        return _("true or false")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Count(Scalar[int]):
    """A whole number from ``low`` to ``high`` (0 too, meaning off, with
    ``off_allowed``): a spin box showing ``unit`` after it, "Off" at 0."""

    editor: ClassVar[str] = "spin"
    low: int
    high: int
    unit: str = ""
    """Shown after the number in the dialog (" s", " days")."""
    off_allowed: bool = False
    """0 is allowed below ``low`` and means off."""

    def parse(self, value: object) -> int:
        if not _is_int(value) or not ((self.off_allowed and value == 0) or self.low <= value <= self.high):
            raise _Refused
        return value

    def describe(self) -> str:
        if self.off_allowed:
            return _("0 (off) or a whole number from {low} to {high}").format(low=self.low, high=self.high)
        return _("a whole number from {low} to {high}").format(low=self.low, high=self.high)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Percent(Count):
    """0 to 100 %: a slider with the value beside it."""

    editor: ClassVar[str] = "slider"
    low: int = 0
    high: int = 100
    unit: str = N_(" %")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Choice(Scalar[int]):
    """One of a few numbers. None is offered in the dialog yet (the audio
    buffer lives in the file only), so it names no editor."""

    editor: ClassVar[str] = ""
    choices: tuple[int, ...]

    def parse(self, value: object) -> int:
        if not _is_int(value) or value not in self.choices:
            raise _Refused
        return value

    def describe(self) -> str:
        # TRANSLATORS: {choices} is a list of numbers, "256, 512, 1024"
        return _("one of {choices}").format(choices=", ".join(str(choice) for choice in self.choices))


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class TimeOfDay(Scalar[str]):
    """A 24-hour time of day such as "18:30", or "" for off: a switch (the
    dialog's attribute ``switch``) beside a time editor."""

    editor: ClassVar[str] = "time"
    switch: str
    """The dialog attribute of the on/off check box (its object name is this in
    camelCase); "" for a time that is never off (then "" is refused)."""
    time_label: str
    """The time editor's accessible name."""
    shown_when_off: time = time(18, 0)
    """What the time editor shows while the setting is off."""
    from_dose: int = 1
    """The dialog shows it only when the chosen routine is done at least this many times a day."""

    def parse(self, value: object) -> str:
        if not isinstance(value, str) or (not self.switch and not value):
            raise _Refused
        try:
            self.time_of(value)
        except ValueError:
            raise _Refused from None
        return value

    def describe(self) -> str:
        if self.switch:
            return _('"" (off) or a time of day like "18:30"')
        return _('a time of day like "18:30"')

    @staticmethod
    def time_of(value: str) -> time | None:
        """The time of day, None for off; ValueError for what is neither."""
        return parse_time_of_day(value) if value else None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class LanguageChoice(Scalar[str]):
    """The language footdesk speaks: "" follows the system's (``i18n.choose_language``),
    or the code of one footdesk ships (``i18n.LANGUAGES``)."""

    editor: ClassVar[str] = "language"

    def parse(self, value: object) -> str:
        """A code as the system writes one works too ("pt-BR", "DE"): the shipped one it means."""
        if not isinstance(value, str) or len(value) > 40:
            raise _Refused
        code = match_language(value) if value else ""
        if code is None or (value and code not in LANGUAGE_BY_CODE):
            raise _Refused
        return code

    def describe(self) -> str:
        codes = ", ".join(f'"{code}"' for code in LANGUAGE_BY_CODE)
        # TRANSLATORS: what the settings file's [general] language may be; {codes} is '"en", "de", …'
        return _('"" (the system\'s language) or one of {codes}').format(codes=codes)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Folder(Scalar[str]):
    """A folder's full path, or "" for footdesk's own choice: a line and a Choose… button."""

    editor: ClassVar[str] = "folder"

    def parse(self, value: object) -> str:
        if not isinstance(value, str) or len(value) > 4096 or (value and not os.path.isabs(value)):
            raise _Refused
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
            raise _Refused
        return value

    def describe(self) -> str:
        return _("\"\" (footdesk's own folder) or a folder's full path")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class StepSeconds(Kind[Mapping[str, int]]):
    """Seconds per timed step of the built-in routine, by step id (per side for
    steps done on each side): the keys of its section are the routine's step
    ids, and the routine's own seconds are the defaults. The dialog shows one
    minutes:seconds editor per timed step."""

    editor: ClassVar[str] = "durations"
    low: int = STEP_SECONDS[0]
    high: int = STEP_SECONDS[1]

    def read(self, table: Mapping[str, Any], default: Mapping[str, int]) -> tuple[Mapping[str, int], list[Finding]]:
        durations = dict(default)
        findings: list[Finding] = []
        for step_id, value in table.items():
            key = f"{self.section}.{step_id}"
            if step_id not in durations:
                unknown = _("no step of this routine is called {step_id}; ignored (kept in the file)").format(
                    step_id=repr(step_id)
                )
                findings.append(Finding(key, unknown, ProblemKind.UNKNOWN_KEY))
                continue
            try:
                durations[step_id] = self.parse_seconds(value)
            except _Refused:
                message = _("{value} is not {expected}; using {default}")
                found = message.format(value=_shown(value), expected=self.describe(), default=durations[step_id])
                findings.append(Finding(key, found))
        return durations, findings

    def knows(self, key: str) -> bool:
        return True  # every key is a step id: read() reports the ones the routine does not have

    def file_values(self, value: Mapping[str, int]) -> dict[str, Any]:
        return dict(value)

    def parse_seconds(self, value: object) -> int:
        if not _is_int(value) or not self.low <= value <= self.high:
            raise _Refused
        return value

    def describe(self) -> str:
        return _("a whole number of seconds from {low} to {high}").format(low=self.low, high=self.high)


def setting(kind: Kind[T]) -> T:
    """A ``Settings`` attribute of this kind: its default is the kind's, and
    ``FIELDS`` finds the kind in the attribute's metadata."""
    if isinstance(kind.default, Mapping):  # a fresh dict each time: no default shared between Settings
        return cast(
            T, field(default_factory=lambda: dict(cast(Mapping[str, Any], kind.default)), metadata={"kind": kind})
        )
    return field(default=kind.default, metadata={"kind": kind})


# The settings, one line each -----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Every setting, declared once: its attribute here and its ``Kind``."""

    # fmt: off
    durations: Mapping[str, int] = setting(StepSeconds(section="durations", key="", label=N_("Durations"), default={}))
    """Seconds per adjustable step id (per side for per-side steps); the
    routine's own values fill in whatever is not here."""
    get_ready: int = setting(Count(section="session", key="get_ready", label=N_("Get-ready countdown"), default=5,
        low=0, high=30, unit=N_(" s"), help=N_("Seconds to get into position before each timed part; 0 turns it off")))
    auto_advance: bool = setting(Flag(section="session", key="auto_advance",
        label=N_("Start each timed part by itself (auto-advance)"), default=True))
    show_pictures: bool = setting(Flag(section="pictures", key="show", label=N_("Show pictures of the movement"),
        default=True, help=N_("A step's picture beside the countdown, and small ones in the home screen's list")))
    reduced_motion: bool = setting(Flag(section="pictures", key="reduced_motion",
        label=N_("Reduced motion: do not animate pictures"), default=False,
        help=N_("An animated picture shows its first frame, still")))
    goal_days: int = setting(Count(section="goal", key="days", label=N_("Days a week"), default=7, low=1, high=7,
        # TRANSLATORS: the units are shown after the number in a spin box: keep the leading space
        unit=N_(" days"),
        help=N_("How many days a week you mean to do the routine; the review shows how the week is going")))
    sound_enabled: bool = setting(Flag(section="sound", key="enabled", label=N_("Sound cues"), default=True))
    volume: int = setting(Percent(section="sound", key="volume", label=N_("Volume"), default=80,
        enabled_by="sound_enabled", extra="test-sound"))
    voice: bool = setting(Flag(section="sound", key="voice", label=N_("Spoken prompts"), default=True,
        enabled_by="sound_enabled"))
    tempo: int = setting(Count(section="sound", key="tempo", label=N_("Heel-raise tempo tick"), default=0, low=2,
        high=10, off_allowed=True, unit=N_(" s per raise"), enabled_by="sound_enabled"))
    """Seconds per heel raise (up and down) for the tempo tick; 0 is off."""
    buffer: int = setting(Choice(section="sound", key="buffer", label=N_("Audio buffer (frames)"), default=512,
        choices=(256, 512, 1024, 2048, 4096), in_dialog=False))
    """Audio buffer in frames (what the mixer takes): smaller is quicker, larger
    survives a busy system; raise it if cues crackle."""
    reminder_time: str = setting(TimeOfDay(section="reminder", key="time", label=N_("Remind me every day at"),
        default="", switch="reminder_on", time_label=N_("Reminder time"), extra="login-start",
        help=N_("footdesk reminds you once a day at this time, unless you have done the routine already")))
    """The daily reminder's time of day ("18:30"); "" means no reminder."""
    reminder_second_time: str = setting(TimeOfDay(section="reminder", key="second_time", label=N_("and again at"),
        default="08:00", switch="", time_label=N_("Second reminder time"), enabled_by="reminder_time", from_dose=2,
        help=N_("A routine done twice a day has a second reminder, unless you have done it twice already")))
    """The second reminder of a routine done twice (or three times) a day."""
    reminder_third_time: str = setting(TimeOfDay(section="reminder", key="third_time", label=N_("and again at"),
        default="13:00", switch="", time_label=N_("Third reminder time"), enabled_by="reminder_time", from_dose=3,
        help=N_("A routine done three times a day has a third reminder, unless you have done it three times already")))
    """The third reminder of a routine done three times a day."""
    backup_weekly: bool = setting(Flag(section="backups", key="weekly", label=N_("Back up every week"), default=True,
        help=N_("Your history, settings and routines in one file, once a week, into the folder below")))
    backup_folder: str = setting(Folder(section="backups", key="folder", label=N_("Backup folder"), default="",
        enabled_by="backup_weekly", help=N_("A folder your sync tool (Syncthing, Nextcloud…) copies elsewhere keeps "
        "them off this computer; empty: the Backups folder in footdesk's data folder")))
    backup_keep: int = setting(Count(section="backups", key="keep", label=N_("Backups kept"), default=8, low=1,
        high=100, unit=N_(" backups"), enabled_by="backup_weekly",
        help=N_("The oldest weekly backup beyond these is removed")))
    pain_limit: int = setting(Count(section="safety", key="pain_limit", label=N_("Pain limit"), default=5, low=0,
        high=10, unit=N_(" of 10"),
        help=N_("Pain above this, during an exercise or in your lower back after it, ends the suggestion to go on: "
             "footdesk pauses and suggests you stop for today, and proposes nothing harder that week. 5 is the "
             "ceiling of \"acceptable\" pain in the pain-monitoring model physiotherapists use. Not medical advice.")))
    """The highest pain (0 to 10) that lets a session go on without the stop card."""
    questionnaire_weeks: int = setting(Count(section="questionnaires", key="every_weeks", label=N_("Offer every"),
        default=2, low=1, high=12, unit=N_(" weeks"), off_allowed=True,
        help=N_("How often the home screen offers the Roland-Morris and PSFS back questionnaires (after a session, "
             "never during one). Off: never offered; you can still answer them from the Routine menu.")))
    """Weeks between the back questionnaires' offers (0: off): ``questionnaires.is_due``."""
    language: str = setting(LanguageChoice(section="general", key="language", label=N_("Language"), default="",
        help=N_("The language of footdesk's words and voice; the system's unless you choose one. footdesk "
                "speaks it from its next start.")))
    """A code of ``i18n.LANGUAGES``; "" follows the system's language."""
    # fmt: on

    @property
    def reminder_at(self) -> time | None:
        return TimeOfDay.time_of(self.reminder_time)

    def later_reminder_times(self, times_a_day: int) -> tuple[time, ...]:
        """The reminders after the first that a dose of ``times_a_day`` asks for;
        none while no reminder is set."""
        if self.reminder_at is None:
            return ()
        later = (self.reminder_second_time, self.reminder_third_time)[: max(0, times_a_day - 1)]
        return tuple(at for text in later if (at := TimeOfDay.time_of(text)) is not None)

    def session_options(self) -> SessionOptions:
        from footdesk.session import SessionOptions

        return SessionOptions(get_ready_s=self.get_ready, auto_advance=self.auto_advance, tempo_s=self.tempo)

    def sound_prefs(self) -> SoundPrefs:
        return SoundPrefs(enabled=self.sound_enabled, volume=self.volume, voice=self.voice, buffer=self.buffer)

    def with_duration(self, step_id: str, seconds: int) -> Settings:
        return replace(self, durations={**self.durations, step_id: seconds})


def kinds_of(settings_class: type[Settings]) -> tuple[Kind[Any], ...]:
    """The kind of each attribute, in their order, each knowing its attribute."""
    return tuple(
        replace(cast(Kind[Any], spec.metadata["kind"]), attribute=spec.name) for spec in fields(settings_class)
    )


FIELDS = kinds_of(Settings)
"""Every setting's kind, in the order of ``Settings`` (grouped by section, in the order of SECTIONS)."""
FIELD_BY_ATTRIBUTE = {spec.attribute: spec for spec in FIELDS}
_SECTIONS = tuple(section.key for section in SECTIONS)
# what the TOML parsers raise for text that is not TOML (deep nesting included);
# tomlkit's errors are ValueErrors
_PARSE_ERRORS = (tomllib.TOMLDecodeError, ValueError, RecursionError)


@dataclass(frozen=True)
class SoundPrefs:
    """What the cue player needs to know from the settings (their defaults are the settings')."""

    enabled: bool = Settings.sound_enabled
    volume: int = Settings.volume
    voice: bool = Settings.voice
    buffer: int = Settings.buffer


@dataclass(frozen=True)
class SettingsProblem:
    """Something in the file that could not be used, and what was used instead."""

    path: Path
    message: str
    key: str | None = None
    line: int | None = None
    kind: ProblemKind = ProblemKind.INVALID
    reason: str = ""
    """What is wrong without what was done (a backup's check says its own)."""

    @property
    def is_notice(self) -> bool:
        return self.kind is ProblemKind.UNKNOWN_KEY

    def __str__(self) -> str:
        path, line, key, message = str(self.path), self.line, self.key, self.message
        if line is not None and key:
            # TRANSLATORS: {key} is a setting's name in the file ("sound.volume"), kept as it is
            return _("{path}, line {line}, {key}: {message}").format(path=path, line=line, key=key, message=message)
        if line is not None:
            return _("{path}, line {line}: {message}").format(path=path, line=line, message=message)
        if key:
            return _("{path}, {key}: {message}").format(path=path, key=key, message=message)
        return _("{path}: {message}").format(path=path, message=message)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    problems: tuple[SettingsProblem, ...] = ()
    """What a save would overwrite (ProblemKind.INVALID)."""
    notices: tuple[SettingsProblem, ...] = ()
    """Keys footdesk does not know (ProblemKind.UNKNOWN_KEY): a save keeps them."""
    source: bytes | None = field(default=None, repr=False)
    """The file as it was read (only its first bytes when it is too large);
    None when there was none or it could not be read. A save tells by it
    whether a file that is not TOML is still the one the person agreed to
    replace, or one they broke by hand since."""


class SettingsFile:
    """The settings in force, and the file as footdesk last read or wrote it.
    A save writes only what differs from what the file said (the person's
    changes in the window), so hand edits made meanwhile stay; a file that
    had problems is kept as a copy when the person saves over it; notices
    (unknown keys, kept by a save) need neither."""

    def __init__(self, path: Path, durations: Mapping[str, int]) -> None:
        self.path = path
        self.defaults = Settings(durations=dict(durations))
        self._read = load_settings(path, durations)
        """What the file said when it was last read or written."""
        self._settings = self._read.settings

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def problems(self) -> tuple[SettingsProblem, ...]:
        """Values a save would replace: ask before saving; a copy is kept."""
        return self._read.problems

    @property
    def notices(self) -> tuple[SettingsProblem, ...]:
        """Keys footdesk does not know: worth telling, nothing to confirm."""
        return self._read.notices

    def save(self, settings: Settings) -> Path | None:
        """Write what differs from the file as it was read, then take the file
        as it is now (hand edits included) as the settings in force. Returns
        the copy kept of the previous file, if one was kept. SettingsSaveError
        (and nothing written) when it cannot be saved."""
        kept = save_settings(self.path, settings, keep_copy=bool(self.problems), since=self._read)
        self._read = load_settings(self.path, self.defaults.durations)
        self._settings = self._read.settings
        return kept

    @property
    def unsaved(self) -> bool:
        """Settings in force that the file does not hold (a save failed): the next save writes them."""
        return self._settings != self._read.settings

    def use_for_now(self, settings: Settings) -> None:
        """Settings that could not be saved still apply until the app closes (and
        are written by the next save: they still differ from the file)."""
        self._settings = settings


class SettingsSaveError(Exception):
    """Saving failed; the file on disk is as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def language_in(path: Path) -> str:
    """The language the settings file chooses ("" for the system's), read before
    footdesk says a word: the file's problems are said by the model's own load,
    in that language."""
    return load_settings(path, {}).settings.language


def load_settings(path: Path, durations: Mapping[str, int]) -> LoadedSettings:
    """Read the settings; never raises for anything in or about the file.

    ``durations`` are the routine's adjustable steps with their defaults: a
    [durations] key that names no such step is reported, not silently ignored.
    """
    defaults = Settings(durations=dict(durations))
    try:  # a FIFO or a device in its place is refused, never waited on or read without end
        with os.fdopen(open_regular_file(path), "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
    except FileNotFoundError:
        return LoadedSettings(defaults)
    except ReceivedFileError as exc:
        return _unusable(defaults, path, exc.problem)
    except OSError as exc:
        return _unusable(defaults, path, _("cannot read it ({reason})").format(reason=exc.strerror or exc))
    if len(raw) > MAX_FILE_BYTES:
        too_large = n_("the file is too large ({size} byte)", "the file is too large ({size} bytes)", size)
        return _unusable(defaults, path, too_large.format(size=size), source=raw)
    return settings_from_bytes(raw, path, durations)


def settings_from_bytes(raw: bytes, path: Path, durations: Mapping[str, int]) -> LoadedSettings:
    """The settings a file of these bytes holds, read as ``load_settings``
    reads the file (a backup's settings are checked by it before a restore).
    A problem without a key (``SettingsProblem.key`` None) is the whole file unusable."""
    defaults = Settings(durations=dict(durations))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _unusable(defaults, path, _("not a text file (it is not valid UTF-8)"), source=raw)
    try:
        # reading uses the standard library's parser (quick to import at start);
        # tomlkit, which keeps comments, is only needed to save
        data = tomllib.loads(text)
    except _PARSE_ERRORS as exc:
        return _unusable(defaults, path, toml_problem(exc), line=_error_line(exc), source=raw)
    return replace(_from_document(data, text, path, defaults), source=raw)


def save_settings(
    path: Path, settings: Settings, keep_copy: bool = False, since: LoadedSettings | None = None
) -> Path | None:
    """Write the settings into the file as it is now, keeping its comments, order
    and other keys; returns the copy kept of the previous file, if one was kept.

    ``since`` is the file as footdesk read it: only the values that differ from
    it (what the person changed in the window) are written, so what they or
    another copy of footdesk put there since stays; without it (or with no file
    there) every value is written. ``keep_copy``: the file had problems the
    person agreed to replace; it is copied first, and its values footdesk cannot
    use are replaced too. A file that is not TOML (or not text) is replaced,
    with a copy kept, only when it is the one read (``since``): one that became
    so meanwhile is someone's edit under way, left as it is (SettingsSaveError).
    """
    raw = _file_now(path)
    values = _file_values(settings)
    document, text = _document_now(path, raw, since)
    kept = _keep_copy(path, raw) if raw is not None and (document is None or keep_copy) else None
    if document is None or not text.strip():
        document, write = _new_document(), set(values)  # every setting, under the header
    else:
        write = _places_to_write(path, text, settings, values, since, keep_copy)
    if _put(document, values, write) and kept is None:  # something else under a section's name was replaced
        kept = _keep_copy(path, raw or b"")
    try:
        atomic_write_text(path, document.as_string())
    except OSError as exc:
        raise SettingsSaveError(path, _("cannot save ({reason})").format(reason=exc.strerror or exc)) from exc
    return kept


# Internals --------------------------------------------------------------------


def _unusable(
    defaults: Settings, path: Path, reason: str, line: int | None = None, source: bytes | None = None
) -> LoadedSettings:
    """The whole file unusable: ``reason`` says why, the message what was done."""
    # TRANSLATORS: {reason} says why the whole settings file could not be used ("not a text file")
    message = _("{reason}; all defaults are used").format(reason=reason)
    return LoadedSettings(defaults, (SettingsProblem(path, message, line=line, reason=reason),), source=source)


_Place = tuple[str, str]
"""Where a value is in the file: (section, key)."""


def _file_now(path: Path) -> bytes | None:
    """The file as it is now (None: there is none). As when loading, a FIFO, a
    device or a huge file there is never read (it froze the window)."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except ReceivedFileError as exc:
        if exc.missing:
            return None
        reason = _("{reason}; it was left as it is and nothing was written").format(reason=exc.problem)
        raise SettingsSaveError(path, reason) from None


def _document_now(path: Path, raw: bytes | None, since: LoadedSettings | None) -> tuple[TOMLDocument | None, str]:
    """The file as tomlkit's document (keeping comments) and its text; no
    document when there is no file or it is not TOML and may be replaced.
    SettingsSaveError when it stopped being TOML since it was read."""
    import tomlkit

    if raw is None:
        return None, ""
    try:
        text = raw.decode("utf-8")
        return tomlkit.parse(text), text
    except (UnicodeDecodeError, *_PARSE_ERRORS) as exc:
        if since is not None and not _same_file(raw, since.source):
            # TRANSLATORS: {what} is "not text" or what is wrong in the TOML file
            what = _("not text") if isinstance(exc, UnicodeDecodeError) else toml_problem(exc)
            message = _(
                "it was changed since footdesk read it and is {what} now, so it was left as it is "
                "(nothing was written); fix it in a text editor, then save again"
            )
            raise SettingsSaveError(path, message.format(what=what)) from None
        return None, ""


def _new_document() -> TOMLDocument:
    import tomlkit

    header = _(HEADER)
    if not all(line.startswith("#") for line in header.splitlines()):  # a translation that is not a comment
        header = HEADER
    return tomlkit.parse(header)


def _places_to_write(
    path: Path,
    text: str,
    settings: Settings,
    values: Mapping[_Place, Any],
    since: LoadedSettings | None,
    keep_copy: bool,
) -> set[_Place]:
    """What a save writes into a file that is there: only what the person
    changed since it was read, and the values footdesk could not use when
    they agreed to replace them (``keep_copy``)."""
    if since is None:
        return set(values)
    write = _changed(values, _file_values(since.settings))
    if keep_copy:
        write |= _unusable_places(text, path, settings, values)
    return write


def _put(document: TOMLDocument, values: Mapping[_Place, Any], write: set[_Place]) -> bool:
    """Write these places into the document (in the order of SECTIONS); True
    when something else stood under a section's name and was replaced."""
    import tomlkit

    replaced = False
    table: Any
    for section, key in (place for place in values if place in write):
        table = document.get(section)
        if not isinstance(table, Mapping):
            if section in document:
                replaced = True
                del document[section]
            table = document[section] = tomlkit.table()
        table[key] = values[(section, key)]
    return replaced


def _file_values(settings: Settings) -> dict[_Place, Any]:
    """Every value as the file holds it, by its place there."""
    return {
        (spec.section, key): value
        for spec in FIELDS
        for key, value in spec.file_values(getattr(settings, spec.attribute)).items()
    }


def _changed(values: Mapping[_Place, Any], before: Mapping[_Place, Any]) -> set[_Place]:
    return {place for place, value in values.items() if place not in before or before[place] != value}


def _unusable_places(text: str, path: Path, settings: Settings, values: Mapping[_Place, Any]) -> set[_Place]:
    """Where the values footdesk cannot use are in the file as it is now (a
    section that is not a table: every value of it)."""
    try:
        data = tomllib.loads(text)
    except _PARSE_ERRORS:  # what tomlkit read and the standard parser does not: take none of it as usable
        return set(values)
    found = _from_document(data, text, path, Settings(durations=dict(settings.durations)))
    places: set[_Place] = set()
    for problem in found.problems:
        section, _dot, key = (problem.key or "").partition(".")
        places |= {place for place in values if place[0] == section and (not key or place[1] == key)}
    return places


def _same_file(raw: bytes, source: bytes | None) -> bool:
    """The file is still the one read (of a too-large file, only its start was)."""
    if source is None:
        return False
    return raw == source or (len(source) > MAX_FILE_BYTES and raw.startswith(source))


def _error_line(exc: Exception) -> int | None:
    line = getattr(exc, "lineno", None) or getattr(exc, "line", None)
    if isinstance(line, int):
        return line
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else None


def _from_document(data: dict[str, Any], text: str, path: Path, defaults: Settings) -> LoadedSettings:
    """Each setting read by its kind from the parsed file; what could not be
    used and what footdesk does not know, with the line each is on."""
    findings = list(_sections_not_tables(data))
    values: dict[str, Any] = {}
    for spec in FIELDS:
        table = data.get(spec.section)
        if isinstance(table, dict):
            values[spec.attribute], found = spec.read(table, getattr(defaults, spec.attribute))
            findings += found
    findings += _unknown_keys(data)
    lines = _KeyLines(text)
    problems = sorted((_problem(path, finding, lines) for finding in findings), key=lambda problem: problem.line or 0)
    return LoadedSettings(
        replace(defaults, **values),
        tuple(problem for problem in problems if not problem.is_notice),
        tuple(problem for problem in problems if problem.is_notice),
    )


def _sections_not_tables(data: Mapping[str, Any]) -> Iterator[Finding]:
    for section in _SECTIONS:
        if section in data and not isinstance(data[section], dict):
            yield Finding(section, _("should be a table ([{section}]); its defaults are used").format(section=section))


def _unknown_keys(data: Mapping[str, Any]) -> Iterator[Finding]:
    """Keys and sections footdesk does not know: noted, and kept in the file."""
    for section in _SECTIONS:
        table = data.get(section)
        if isinstance(table, dict):
            for key in table:
                if not any(spec.section == section and spec.knows(key) for spec in FIELDS):
                    unknown = _("not a setting footdesk knows; ignored (kept in the file)")
                    yield Finding(f"{section}.{key}", unknown, ProblemKind.UNKNOWN_KEY)
    for section in data:
        if section not in _SECTIONS:
            unknown = _("not a section footdesk knows; ignored (kept in the file)")
            yield Finding(section, unknown, ProblemKind.UNKNOWN_KEY)


def _problem(path: Path, finding: Finding, lines: _KeyLines) -> SettingsProblem:
    section, _dot, name = finding.key.partition(".")
    return SettingsProblem(path, finding.message, finding.key, lines.find(section, name), finding.kind)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """A value as the person wrote it, short enough for one line."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value[:40]}"'
    elif isinstance(value, int) and value.bit_length() > 64:  # str() refuses 4,300 digits and more
        digits = value.bit_length() * 3 // 10
        text = n_("a number of about {digits} digit", "a number of about {digits} digits", digits).format(digits=digits)
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _keep_copy(path: Path, content: bytes) -> Path:
    """Keep the person's file beside the new one before replacing it (a new
    private file, never written through a link planted under its name)."""
    try:
        target = write_copy(content, backup_path(path))
    except OSError as exc:
        reason = _("cannot keep a copy of the current file ({reason})").format(reason=exc.strerror or exc)
        raise SettingsSaveError(path, reason) from exc
    log.warning("%s: kept the previous file as %s", path, target)
    return target


class _KeyLines:
    """Finds the line a key is on, for messages a person can act on."""

    _HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    _KEY = re.compile(r"""^\s*("?)([A-Za-z0-9_-]+)\1\s*=""")

    def __init__(self, text: str) -> None:
        self._where: dict[tuple[str, str], int] = {}
        section = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header:
                section = self._quoted_section(line) or header.group(1).strip().strip('"')
                self._where.setdefault((section, ""), number)
                continue
            key = self._KEY.match(line)
            name = key.group(2) if key else self._quoted_key(line)
            if name is not None:
                self._where.setdefault((section, name), number)

    @staticmethod
    def _quoted_section(line: str) -> str | None:
        """A section whose name TOML quotes (``["a\\tb"]``), read by TOML itself."""
        if '"' not in line and "'" not in line:
            return None
        try:
            table = tomllib.loads(line)
        except tomllib.TOMLDecodeError:
            return None
        return next(iter(table)) if len(table) == 1 else None

    @staticmethod
    def _quoted_key(line: str) -> str | None:
        """A key TOML quotes (``"a b" = 1``, with escapes): read by TOML itself,
        the value put aside (it may go on over more lines)."""
        if '"' not in line and "'" not in line:
            return None
        for at in (index for index, char in enumerate(line) if char == "="):
            try:
                table = tomllib.loads(line[:at] + "= 0")
            except tomllib.TOMLDecodeError:
                continue
            if len(table) == 1:
                ((name, value),) = table.items()
                return name if not isinstance(value, dict) else None
            return None
        return None

    def find(self, section: str, key: str) -> int | None:
        return self._where.get((section, key)) or self._where.get((section, ""))
