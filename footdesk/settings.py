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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from footdesk.files import atomic_write_text, backup_path, write_copy
from footdesk.reminder import parse_time_of_day
from footdesk.routine import STEP_SECONDS
from footdesk.untrusted import ReceivedFileError, open_regular_file, read_regular_file, toml_problem

if TYPE_CHECKING:  # the session machinery is not needed to show the home screen
    from footdesk.session import SessionOptions

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024
DURATION_RANGE = STEP_SECONDS  # one range for a step, wherever its seconds are written

HEADER = """\
# footdesk settings. Edit here or in the app (Ctrl+,). Times are in seconds.
# A value footdesk cannot use is reported and its default is used instead;
# this file is never changed until you save from the app.
"""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    """The heading of its group in the settings dialog."""


SECTIONS: tuple[Section, ...] = (
    Section("durations", "Durations (minutes:seconds)"),
    Section("session", "Pacing"),
    Section("goal", "Weekly goal"),
    Section("sound", "Sound"),
    Section("reminder", "Daily reminder"),
)


@dataclass(frozen=True)
class Field:
    """One setting: where it lives in the file, its type, default and range, and
    how the settings dialog offers it. The file's parsing and validation, the
    defaults of ``Settings`` and the dialog's rows all come from this table."""

    section: str
    key: str
    attribute: str
    kind: type
    default: Any
    label: str
    low: int | None = None
    high: int | None = None
    off_allowed: bool = False  # 0 is allowed below ``low`` and means "off"
    choices: tuple[int, ...] = ()  # when set, only these values
    unit: str = ""
    """Shown after a number in the dialog (" s", " %")."""
    in_dialog: bool = True
    """False for expert settings that live in the file only."""
    control: str = ""
    """How the dialog offers a number: "" a spin box, "slider" a slider."""
    help: str = ""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    def describe_range(self) -> str:
        if self.kind is bool:
            return "true or false"
        if self.kind is str:
            return '"" (off) or a time of day like "18:30"'
        if self.choices:
            return "one of " + ", ".join(str(choice) for choice in self.choices)
        span = f"a whole number from {self.low} to {self.high}"
        return f"0 (off) or {span}" if self.off_allowed else span


FIELDS: tuple[Field, ...] = (
    Field("session", "get_ready", "get_ready", int, 5, "Get-ready countdown", 0, 30, unit=" s",
          help="Seconds to get into position before each timed part; 0 turns it off"),
    Field("session", "auto_advance", "auto_advance", bool, True, "Start each timed part by itself (auto-advance)"),
    Field("goal", "days", "goal_days", int, 7, "Days a week", 1, 7, unit=" days",
          help="How many days a week you mean to do the routine; the review shows how the week is going"),
    Field("sound", "enabled", "sound_enabled", bool, True, "Sound cues"),
    Field("sound", "volume", "volume", int, 80, "Volume", 0, 100, unit=" %", control="slider"),
    Field("sound", "voice", "voice", bool, True, "Spoken prompts"),
    Field("sound", "tempo", "tempo", int, 0, "Heel-raise tempo tick", 2, 10, off_allowed=True, unit=" s per raise"),
    # frames per mixer buffer: smaller is quicker, larger survives a busy system
    Field("sound", "buffer", "buffer", int, 512, "Audio buffer (frames)", choices=(256, 512, 1024, 2048, 4096),
          in_dialog=False),
    # "" is off; otherwise a 24-hour time of day such as "18:30"
    Field("reminder", "time", "reminder_time", str, "", "Remind me every day at",
          help="footdesk reminds you once a day at this time, unless you have done the routine already"),
)  # fmt: skip
FIELD_BY_ATTRIBUTE = {spec.attribute: spec for spec in FIELDS}
_DEFAULTS = {spec.attribute: spec.default for spec in FIELDS}
_SECTIONS = tuple(section.key for section in SECTIONS)
# what the TOML parsers raise for text that is not TOML (deep nesting included);
# tomlkit's errors are ValueErrors
_PARSE_ERRORS = (tomllib.TOMLDecodeError, ValueError, RecursionError)


@dataclass(frozen=True)
class SoundPrefs:
    """What the cue player needs to know from the settings."""

    enabled: bool = True
    volume: int = 80
    voice: bool = True
    buffer: int = 512


@dataclass(frozen=True)
class Settings:
    durations: Mapping[str, int] = field(default_factory=dict)
    """Seconds per adjustable step id (per side for per-side steps); the
    routine's own values fill in whatever is not here."""
    # one attribute per FIELDS entry, its default taken from there (a test checks they match)
    get_ready: int = _DEFAULTS["get_ready"]
    auto_advance: bool = _DEFAULTS["auto_advance"]
    goal_days: int = _DEFAULTS["goal_days"]
    sound_enabled: bool = _DEFAULTS["sound_enabled"]
    volume: int = _DEFAULTS["volume"]
    voice: bool = _DEFAULTS["voice"]
    tempo: int = _DEFAULTS["tempo"]
    """Seconds per heel raise (up and down) for the tempo tick; 0 is off."""
    buffer: int = _DEFAULTS["buffer"]
    """Audio buffer in frames; raise it if cues crackle on a busy computer."""
    reminder_time: str = _DEFAULTS["reminder_time"]
    """The daily reminder's time of day ("18:30"); "" means no reminder."""

    @property
    def reminder_at(self) -> time | None:
        return parse_time_of_day(self.reminder_time) if self.reminder_time else None

    def session_options(self) -> SessionOptions:
        from footdesk.session import SessionOptions

        return SessionOptions(get_ready_s=self.get_ready, auto_advance=self.auto_advance, tempo_s=self.tempo)

    def sound_prefs(self) -> SoundPrefs:
        return SoundPrefs(enabled=self.sound_enabled, volume=self.volume, voice=self.voice, buffer=self.buffer)

    def with_duration(self, step_id: str, seconds: int) -> Settings:
        return replace(self, durations={**self.durations, step_id: seconds})


class ProblemKind(Enum):
    INVALID = "invalid"
    """A value (or the whole file) footdesk could not use: saving replaces it,
    so the person is asked first and a copy of the file is kept."""
    UNKNOWN_KEY = "unknown key"
    """A key footdesk does not know: ignored, and kept in the file by a save
    (a notice, nothing to confirm and nothing to copy)."""


@dataclass(frozen=True)
class SettingsProblem:
    """Something in the file that could not be used, and what was used instead."""

    path: Path
    message: str
    key: str | None = None
    line: int | None = None
    kind: ProblemKind = ProblemKind.INVALID

    @property
    def is_notice(self) -> bool:
        return self.kind is ProblemKind.UNKNOWN_KEY

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            where += f", {self.key}"
        return f"{where}: {self.message}"


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
        return _unusable(defaults, path, f"{exc.reason.removesuffix('; nothing was read')}; all defaults are used")
    except OSError as exc:
        return _unusable(defaults, path, f"cannot read it ({exc.strerror or exc}); all defaults are used")
    if len(raw) > MAX_FILE_BYTES:
        return _unusable(defaults, path, f"the file is too large ({size} bytes); all defaults are used", source=raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        message = "not a text file (it is not valid UTF-8); all defaults are used"
        return _unusable(defaults, path, message, source=raw)
    try:
        # reading uses the standard library's parser (quick to import at start);
        # tomlkit, which keeps comments, is only needed to save
        data = tomllib.loads(text)
    except _PARSE_ERRORS as exc:
        message = f"{toml_problem(exc)}; all defaults are used"
        return _unusable(defaults, path, message, line=_error_line(exc), source=raw)
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
    import tomlkit

    try:  # as when loading: a FIFO, a device or a huge file there is never read (it froze the window)
        raw: bytes | None = read_regular_file(path, MAX_FILE_BYTES)
    except ReceivedFileError as exc:
        if exc.reason == "file not found":
            raw = None
        else:
            reason = f"{exc.reason.removesuffix('; nothing was read')}; it was left as it is and nothing was written"
            raise SettingsSaveError(path, reason) from None
    values = _file_values(settings)
    write = set(values)
    kept: Path | None = None
    document: Any = None
    text = ""
    if raw is not None:
        try:
            text = raw.decode("utf-8")
            document = tomlkit.parse(text)
        except (UnicodeDecodeError, *_PARSE_ERRORS) as exc:
            if since is not None and not _same_file(raw, since.source):
                what = "not text" if isinstance(exc, UnicodeDecodeError) else toml_problem(exc)
                raise SettingsSaveError(
                    path,
                    f"it was changed since footdesk read it and is {what} now, so it was left as it is "
                    "(nothing was written); fix it in a text editor, then save again",
                ) from None
            kept = _keep_copy(path, raw)
        else:
            if keep_copy:
                kept = _keep_copy(path, raw)
            if since is not None and text.strip():
                write = _changed(values, _file_values(since.settings))
                if keep_copy:  # the values footdesk could not use: the person agreed to replace them
                    write |= _unusable_places(text, path, settings, values)
    if document is None or not text.strip():
        document = tomlkit.parse(HEADER)  # a new file: every setting, under the header
        write = set(values)
    for section, key in (place for place in values if place in write):  # in the order of SECTIONS
        table = document.get(section)
        if not isinstance(table, Mapping):
            if section in document:  # something else under a section's name: replaced, so kept as a copy
                kept = kept or _keep_copy(path, raw or b"")
                del document[section]
            table = document[section] = tomlkit.table()
        table[key] = values[(section, key)]
    try:
        atomic_write_text(path, tomlkit.dumps(document))
    except OSError as exc:
        raise SettingsSaveError(path, f"cannot save ({exc.strerror or exc})") from exc
    return kept


# Internals --------------------------------------------------------------------


def _unusable(
    defaults: Settings, path: Path, message: str, line: int | None = None, source: bytes | None = None
) -> LoadedSettings:
    return LoadedSettings(defaults, (SettingsProblem(path, message, line=line),), source=source)


_Place = tuple[str, str]
"""Where a value is in the file: (section, key)."""


def _file_values(settings: Settings) -> dict[_Place, Any]:
    """Every value as the file holds it, by its place there."""
    values: dict[_Place, Any] = {("durations", step_id): seconds for step_id, seconds in settings.durations.items()}
    values.update({(spec.section, spec.key): getattr(settings, spec.attribute) for spec in FIELDS})
    return values


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
        section, _, key = (problem.key or "").partition(".")
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
    problems: list[SettingsProblem] = []
    lines = _KeyLines(text)

    def report(key: str | None, message: str, kind: ProblemKind = ProblemKind.INVALID) -> None:
        section, _, name = (key or "").partition(".")
        problems.append(SettingsProblem(path, message, key, lines.find(section, name) if key else None, kind))

    values: dict[str, Any] = {}
    for section in _SECTIONS:
        if section in data and not isinstance(data[section], dict):
            report(section, f"should be a table ([{section}]); its defaults are used")

    durations = dict(defaults.durations)
    table = data.get("durations")
    if isinstance(table, dict):
        low, high = DURATION_RANGE
        for step_id, value in table.items():
            key = f"durations.{step_id}"
            if step_id not in durations:
                unknown = f"no step of this routine is called {step_id!r}; ignored (kept in the file)"
                report(key, unknown, ProblemKind.UNKNOWN_KEY)
            elif _is_int(value) and low <= value <= high:
                durations[step_id] = value
            else:
                report(
                    key,
                    f"{_shown(value)} is not a whole number of seconds from {low} to {high}; "
                    f"using {durations[step_id]}",
                )
    values["durations"] = durations

    for spec in FIELDS:
        table = data.get(spec.section)
        if not isinstance(table, dict) or spec.key not in table:
            continue
        value = table[spec.key]
        if _valid(spec, value):
            values[spec.attribute] = value
        else:
            report(spec.name, f"{_shown(value)} is not {spec.describe_range()}; using {_shown(spec.default)}")

    known = {(spec.section, spec.key) for spec in FIELDS}
    for section in (key for key in _SECTIONS if key != "durations"):
        table = data.get(section)
        if isinstance(table, dict):
            for key in table:
                if (section, key) not in known:
                    unknown = "not a setting footdesk knows; ignored (kept in the file)"
                    report(f"{section}.{key}", unknown, ProblemKind.UNKNOWN_KEY)
    for section in data:
        if section not in _SECTIONS:
            report(section, "not a section footdesk knows; ignored (kept in the file)", ProblemKind.UNKNOWN_KEY)
    problems.sort(key=lambda problem: problem.line or 0)
    return LoadedSettings(
        replace(defaults, **values),
        tuple(problem for problem in problems if not problem.is_notice),
        tuple(problem for problem in problems if problem.is_notice),
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid(spec: Field, value: Any) -> bool:
    if spec.kind is bool:
        return isinstance(value, bool)
    if spec.kind is str:
        if not isinstance(value, str):
            return False
        try:
            return value == "" or parse_time_of_day(value) is not None
        except ValueError:
            return False
    if not _is_int(value):
        return False
    if spec.off_allowed and value == 0:
        return True
    if spec.choices:
        return value in spec.choices
    assert spec.low is not None and spec.high is not None, f"{spec.name} declares its range"
    return bool(spec.low <= value <= spec.high)


def _shown(value: Any) -> str:
    """A value as the person wrote it, short enough for one line."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value[:40]}"'
    elif isinstance(value, int) and value.bit_length() > 64:  # str() refuses 4,300 digits and more
        text = f"a number of about {value.bit_length() * 3 // 10} digits"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _keep_copy(path: Path, content: bytes) -> Path:
    """Keep the person's file beside the new one before replacing it (a new
    private file, never written through a link planted under its name)."""
    try:
        target = write_copy(content, backup_path(path))
    except OSError as exc:
        raise SettingsSaveError(path, f"cannot keep a copy of the current file ({exc.strerror or exc})") from exc
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
                section = header.group(1).strip().strip('"')
                self._where.setdefault((section, ""), number)
                continue
            key = self._KEY.match(line)
            if key:
                self._where.setdefault((section, key.group(2)), number)

    def find(self, section: str, key: str) -> int | None:
        return self._where.get((section, key)) or self._where.get((section, ""))
