"""The person's settings: loaded from settings.toml, checked, saved safely.

The file is the person's: a typo must never cost them the rest of it. Loading
keeps every valid value, uses the default for each bad one and says which (file,
key, line, what was used); it never writes. Saving rewrites the file in one
atomic step, keeping comments, order and keys we do not know, and first keeps
a copy of a file that had problems, so nothing they wrote is ever lost.

A key footdesk does not know is a notice, not a problem: it is ignored and kept
in the file, so saving neither asks to replace the file nor keeps a copy.
"""

from __future__ import annotations

import errno
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from footdesk.files import atomic_write_text, write_new_file
from footdesk.reminder import parse_time_of_day
from footdesk.routine import STEP_SECONDS

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


class SettingsFile:
    """The settings as loaded from one file, and what saving them involves: a
    file that had problems is kept as a copy when the person saves over it;
    notices (unknown keys, kept by a save) need neither."""

    def __init__(self, path: Path, durations: Mapping[str, int]) -> None:
        self.path = path
        self.defaults = Settings(durations=dict(durations))
        self._loaded = load_settings(path, durations)

    @property
    def settings(self) -> Settings:
        return self._loaded.settings

    @property
    def problems(self) -> tuple[SettingsProblem, ...]:
        """Values a save would replace: ask before saving; a copy is kept."""
        return self._loaded.problems

    @property
    def notices(self) -> tuple[SettingsProblem, ...]:
        """Keys footdesk does not know: worth telling, nothing to confirm."""
        return self._loaded.notices

    def save(self, settings: Settings) -> Path | None:
        """Returns the copy kept of the previous file, if one was kept."""
        kept = save_settings(self.path, settings, keep_copy=bool(self.problems))
        self._loaded = LoadedSettings(settings, (), self.notices)  # unknown keys stay in the file
        return kept

    def use_for_now(self, settings: Settings) -> None:
        """Settings that could not be saved still apply until the app closes."""
        self._loaded = LoadedSettings(settings, self.problems, self.notices)


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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unusable(defaults, path, f"the file is too large ({size} bytes); all defaults are used")
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(defaults)
    except OSError as exc:
        return _unusable(defaults, path, f"cannot read it ({exc.strerror or exc}); all defaults are used")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _unusable(defaults, path, "not a text file (it is not valid UTF-8); all defaults are used")
    try:
        # reading uses the standard library's parser (quick to import at start);
        # tomlkit, which keeps comments, is only needed to save
        data = tomllib.loads(text)
    except _PARSE_ERRORS as exc:
        return _unusable(defaults, path, f"not valid TOML ({exc}); all defaults are used", line=_error_line(exc))
    return _from_document(data, text, path, defaults)


def save_settings(path: Path, settings: Settings, keep_copy: bool = False) -> Path | None:
    """Write the settings, keeping the file's comments, order and other keys.

    The file is read again just before writing, so what another copy of the app
    or an editor put there since is kept. The current file is kept beside the
    new one when ``keep_copy`` is set (it had problems the person agreed to
    replace) or when it is not TOML at all; the copy's name is returned.
    """
    import tomlkit

    kept: Path | None = _keep_copy(path) if keep_copy and path.exists() else None
    try:
        current = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError):
        current = None
        kept = kept or _keep_copy(path)
    document = None
    if current is not None:
        try:
            document = tomlkit.parse(current)
        except _PARSE_ERRORS:
            kept = kept or _keep_copy(path)
    if document is None:
        document = tomlkit.parse(HEADER)
    for section in _SECTIONS:
        if not isinstance(document.get(section), Mapping):
            if section in document:
                del document[section]
            document[section] = tomlkit.table()
    for step_id, seconds in settings.durations.items():
        document["durations"][step_id] = seconds
    for spec in FIELDS:
        document[spec.section][spec.key] = getattr(settings, spec.attribute)
    try:
        atomic_write_text(path, tomlkit.dumps(document))
    except OSError as exc:
        raise SettingsSaveError(path, f"cannot save ({exc.strerror or exc})") from exc
    return kept


def backup_path(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.{stamp}.bak")


# Internals --------------------------------------------------------------------


def _unusable(defaults: Settings, path: Path, message: str, line: int | None = None) -> LoadedSettings:
    return LoadedSettings(defaults, (SettingsProblem(path, message, line=line),))


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


_MAX_COPIES_PER_SECOND = 100


def _keep_copy(path: Path) -> Path | None:
    """Keep the person's file beside the new one before replacing it. The copy
    is a new file (0600): never written through a link planted under its name,
    never over another file (a second copy in the same second gets "-2")."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SettingsSaveError(path, f"cannot keep a copy of the current file ({exc.strerror or exc})") from exc
    first = backup_path(path)
    for number in range(1, _MAX_COPIES_PER_SECOND + 1):
        target = first if number == 1 else first.with_name(f"{first.name[: -len('.bak')]}-{number}.bak")
        try:
            write_new_file(target, content)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link under that name (O_NOFOLLOW): leave it, take another
                continue
            raise SettingsSaveError(path, f"cannot keep a copy of the current file ({exc.strerror or exc})") from exc
        log.warning("%s: kept the previous file as %s", path, target)
        return target
    raise SettingsSaveError(path, "cannot keep a copy of the current file (too many copies this second)")


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
