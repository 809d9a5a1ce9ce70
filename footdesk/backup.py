"""Everything footdesk keeps for a person in one file, and that file put back.

A backup is a zip: ``manifest.json`` (what it is and what it holds) and each of
``paths.kept_files()`` under its name there: the history, copied through
SQLite's online backup API (consistent while the window writes), settings.toml,
the routines folder (each routine's TOML with its ``<id>.pictures/``) and the
app state. Whatever footdesk starts keeping later is one more line in that list.

A backup someone restores is received, so hostile until checked: the whole file
is read through ``archive.CheckedZip`` (the routine archive's defences: size,
entry count, names that climb out, links, bombs, encryption, duplicates) with
only the names a backup holds, and every part is checked by the module that
reads it at run time (the history as the store opens one, the settings by
settings.py's reader, each routine by routine.py, each picture by pictures.py)
before a single file is written.

A restore never merges and never deletes: the current data is moved aside,
whole, into a dated folder beside it, and the backup's put in its place by
renames. Everything is staged first in a folder on the same file system as
its target, then a journal says what moves where, then the renames; each step
of the swap can be done again, so a start that finds the journal
(``finish_interrupted_restore``) finishes it: a kill at any moment leaves the
old data or, after the next start, the new data, whole.

Qt-free; no clock of its own (``now`` is passed in).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from footdesk import __version__
from footdesk.archive import BOMB_MIN_BYTES, BOMB_RATIO, CheckedZip, ZipLimits
from footdesk.files import TEMP_PREFIX, check_export_target, create_private_dirs
from footdesk.i18n import _
from footdesk.paths import RESTORE_STAGING, Kept, KeptKind
from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, check_picture_bytes
from footdesk.routine import MAX_FILE_BYTES as MAX_ROUTINE_BYTES
from footdesk.routine import RoutineError, parse_routine, read_routine_text
from footdesk.settings import MAX_FILE_BYTES as MAX_SETTINGS_BYTES
from footdesk.settings import settings_from_bytes
from footdesk.untrusted import ReceivedFileError, read_regular_file, shape_problem

FORMAT = "footdesk-backup"
FORMAT_VERSION = 1
"""The version of the backup's layout; a backup of a later one is refused, saying so."""
SUFFIX = ".footdesk-backup.zip"
"""Says what it is to a person, and still opens in any archive tool (it is a zip)."""
MANIFEST = "manifest.json"
MAX_BACKUP_BYTES = 512 * 1024 * 1024
"""Years of history are a few megabytes; the rest is routines' pictures (50 MB a routine at most)."""
MAX_HISTORY_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
MAX_JSON_BYTES = 256 * 1024
"""The largest of the small JSON files footdesk keeps (the plans' progress may be 256 KiB, the app state 64)."""
"""A small JSON file of footdesk's own (the app state is a few hundred bytes)."""
MAX_BACKUP_ENTRIES = 5000
LIMITS = ZipLimits(MAX_BACKUP_BYTES, MAX_BACKUP_ENTRIES, MAX_BACKUP_BYTES * 2)
STAGING = RESTORE_STAGING
"""Where a restore writes the backup's files before the swap, beside their targets (one file system)."""
ASIDE = "before-restore-"
"""The dated folder beside the data that a restore moves the current data into."""
_HISTORY_COMPANIONS = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup could not be written (the target, the disk); nothing was left half-written."""


@dataclass(frozen=True)
class RoutineSummary:
    id: str
    title: str


@dataclass(frozen=True)
class Contents:
    """What a backup holds, as its manifest says and its parts confirm."""

    made_at: str
    footdesk_version: str
    parts: tuple[str, ...]
    """The names of the kept files it holds (``Kept.name``)."""
    sessions: int = 0
    first_day: date | None = None
    last_day: date | None = None
    routines: tuple[RoutineSummary, ...] = ()
    left_out: tuple[str, ...] = ()
    questionnaires: int = 0
    """Questionnaires answered (Roland-Morris, PSFS, Oswestry scores) in its history."""
    """What could not go in when it was made, with why (a broken routine file, a refused picture)."""

    def holds(self, name: str) -> bool:
        return name in self.parts

    def manifest(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "footdesk": self.footdesk_version,
            "made_at": self.made_at,
            "holds": list(self.parts),
            "history": {
                "sessions": self.sessions,
                "first_day": self.first_day.isoformat() if self.first_day else None,
                "last_day": self.last_day.isoformat() if self.last_day else None,
                "questionnaires": self.questionnaires,
            },
            "routines": [{"id": routine.id, "title": routine.title} for routine in self.routines],
            "left_out": list(self.left_out),
        }


@dataclass(frozen=True)
class HistorySummary:
    schema: int
    sessions: int
    first_day: date | None
    last_day: date | None
    questionnaires: int = 0


@dataclass
class CheckedBackup:
    """A backup read and checked whole: what it holds, and each file's bytes to put in place."""

    path: Path
    contents: Contents
    files: dict[str, bytes] = field(default_factory=dict)
    """Each file by its name in the backup (``routines/knee.toml``...)."""


@dataclass(frozen=True)
class Restored:
    aside: tuple[Path, ...]
    """The dated folders the data there before was moved into."""


# Writing ------------------------------------------------------------------------------


def write_backup(target: Path | str, kept: Sequence[Kept], now: datetime, force: bool = False) -> Contents:
    """Write a backup of ``kept`` to ``target``: built in a temp file in the
    target's folder and renamed into place, so a reader never sees half of it.
    An existing file is replaced only with ``force`` (never a link or a
    non-file). BackupError (nothing written) when it cannot be."""
    check_export_target(target, force)  # ExportTargetError, an OSError
    target = Path(target)
    parts: list[str] = []
    left_out: list[str] = []
    summary: HistorySummary | None = None
    routines: list[RoutineSummary] = []
    handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as temp, zipfile.ZipFile(temp, "w") as archive:
            for item in kept:
                for name, data in _entries_of(item, left_out, routines):
                    if item.kind is KeptKind.HISTORY:
                        summary = check_history_bytes(data, item.path)
                    _put(archive, name, data, now)
                    if item.name not in parts:
                        parts.append(item.name)
            contents = Contents(
                made_at=now.isoformat(timespec="seconds"),
                footdesk_version=__version__,
                parts=tuple(parts),
                sessions=summary.sessions if summary else 0,
                first_day=summary.first_day if summary else None,
                last_day=summary.last_day if summary else None,
                questionnaires=summary.questionnaires if summary else 0,
                routines=tuple(routines),
                left_out=tuple(left_out),
            )
            _put(archive, MANIFEST, json.dumps(contents.manifest(), indent=2).encode("utf-8"), now)
            temp.flush()
        with open(temp_name, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temp_name, target)
    except ReceivedFileError as exc:  # the person's own history could not be read as one
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise BackupError(_("{problem}; no backup was written").format(problem=exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return contents


def _put(archive: zipfile.ZipFile, name: str, data: bytes, now: datetime) -> None:
    info = zipfile.ZipInfo(name, now.timetuple()[:6])
    info.external_attr = (0o100600) << 16  # a regular file, the person's alone
    bomb_like = len(data) > BOMB_MIN_BYTES  # a long history of repeated rows compresses like a bomb
    info.compress_type = zipfile.ZIP_STORED if bomb_like and _ratio(data) > BOMB_RATIO / 2 else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _ratio(data: bytes) -> float:
    import zlib

    return len(data) / max(len(zlib.compress(data, 1)), 1)


def _entries_of(item: Kept, left_out: list[str], routines: list[RoutineSummary]) -> Iterator[tuple[str, bytes]]:
    """The backup's entries for one kept file (none when it does not exist yet)."""
    path = item.path
    if item.kind is KeptKind.HISTORY:
        data = copy_history(path)
        if data is not None:
            yield item.name, data
        return
    if item.kind is KeptKind.ROUTINES:
        yield from _routine_entries(item, left_out, routines)
        return
    cap = MAX_SETTINGS_BYTES if item.kind is KeptKind.SETTINGS else MAX_JSON_BYTES
    try:
        data = read_regular_file(path, cap)
    except ReceivedFileError as exc:
        if not exc.missing:
            left_out.append(str(exc))
        return
    try:
        _check_part(item, item.name, data, path)
    except ReceivedFileError as exc:
        left_out.append(str(exc))
        return
    yield item.name, data


def copy_history(path: Path) -> bytes | None:
    """The history as it is now, through SQLite's online backup API (what a
    running window has committed, never a half-written page), as bytes of a
    self-contained file (rollback journal, no WAL). None when there is none."""
    if not path.exists():
        return None
    with tempfile.TemporaryDirectory(prefix="footdesk-backup-") as folder:
        copy = Path(folder) / "history.sqlite3"
        try:
            source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=10)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                    target.execute("PRAGMA journal_mode = DELETE")
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise ReceivedFileError(path, _("cannot be read ({problem})").format(problem=exc)) from None
        return copy.read_bytes()


def _routine_entries(item: Kept, left_out: list[str], routines: list[RoutineSummary]) -> Iterator[tuple[str, bytes]]:
    """Each routine that parses, with each of its pictures that passes; what does not is said in ``left_out``."""
    folder = item.path
    try:
        files = sorted(entry for entry in folder.iterdir() if entry.suffix.lower() == ".toml")
    except OSError:
        return
    for file in files:
        if file.is_symlink() or not file.is_file():
            continue
        try:
            text = read_routine_text(file)
            routine = parse_routine(text, str(file))
        except RoutineError as exc:
            left_out.append(_("{problem} (the routine was left out)").format(problem=exc))
            continue
        routines.append(RoutineSummary(routine.id, routine.title))
        yield f"{item.name}/{file.name}", text.encode("utf-8")
        for name in routine.picture_names:
            picture = folder.joinpath(*name.split("/"))
            if any((folder / part).is_symlink() for part in _prefixes(name)):
                left_out.append(_("{picture}: a link (the picture was left out)").format(picture=picture))
                continue
            try:
                data = read_regular_file(picture, MAX_PICTURE_BYTES)
                check_picture_bytes(data, KIND_OF_SUFFIX[picture.suffix.lower()], picture)
            except ReceivedFileError as exc:
                if not exc.missing:
                    left_out.append(_("{problem} (the picture was left out)").format(problem=exc))
                continue
            yield f"{item.name}/{name}", data


def _prefixes(name: str) -> Iterator[str]:
    parts = name.split("/")
    for depth in range(1, len(parts) + 1):
        yield "/".join(parts[:depth])


# Reading and checking -----------------------------------------------------------------


def read_backup(path: Path, kept: Sequence[Kept], durations: Mapping[str, int]) -> CheckedBackup:
    """The backup at ``path`` read whole and checked part by part, before
    anything is written anywhere. ReceivedFileError (one line: the file and
    why) for anything that is not a footdesk backup this footdesk reads, or
    a damaged one. ``durations``: the built-in routine's, as settings.py reads them."""
    by_name = {item.name: item for item in kept}
    with CheckedZip(path, LIMITS, lambda name: _cap_of(name, by_name)) as archive:
        if MANIFEST not in archive.names:
            raise ReceivedFileError(path, _("not a footdesk backup (it holds no manifest.json)"))
        manifest = _manifest(path, archive.read(MANIFEST))
        files = {name: archive.read(name) for name in archive.names if name != MANIFEST}
    holds = manifest.get("holds")
    if not isinstance(holds, list) or not all(isinstance(name, str) for name in holds):
        raise ReceivedFileError(path, _("its manifest does not say what it holds"))
    for name in holds:
        if name not in by_name:
            raise ReceivedFileError(
                path, _("its manifest names {name}, which this footdesk does not keep").format(name=repr(name[:60]))
            )
    summary: HistorySummary | None = None
    routines: list[RoutineSummary] = []
    for item in kept:
        if item.kind is KeptKind.ROUTINES:
            routines = _check_routines(path, item, files)
        elif item.name in files:
            if item.name not in holds:
                raise ReceivedFileError(path, _("{name}: not in its manifest").format(name=item.name))
            found = _check_part(item, item.name, files[item.name], path, durations)
            summary = found or summary
        elif item.name in holds:
            raise ReceivedFileError(
                path, _("{name}: its manifest says it holds it, but it does not").format(name=item.name)
            )
    left_out = manifest.get("left_out", [])
    contents = Contents(
        made_at=str(manifest.get("made_at", "?"))[:40],
        footdesk_version=str(manifest.get("footdesk", "?"))[:40],
        parts=tuple(item.name for item in kept if item.name in files or _has_routines(item, files)),
        sessions=summary.sessions if summary else 0,
        first_day=summary.first_day if summary else None,
        last_day=summary.last_day if summary else None,
        questionnaires=summary.questionnaires if summary else 0,
        routines=tuple(routines),
        left_out=tuple(str(line)[:300] for line in left_out[:50]) if isinstance(left_out, list) else (),
    )
    return CheckedBackup(path, contents, files)


def _has_routines(item: Kept, files: Mapping[str, bytes]) -> bool:
    return item.kind is KeptKind.ROUTINES and any(name.startswith(item.name + "/") for name in files)


def _cap_of(name: str, kept: Mapping[str, Kept]) -> int | None:
    """What an entry of this name may unpack to; None for a name no backup holds."""
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    top, slash, rest = name.partition("/")
    item = kept.get(top)
    if item is None or bool(slash) != (item.kind is KeptKind.ROUTINES):
        return None
    if item.kind is KeptKind.ROUTINES:
        if "/" not in rest and rest.lower().endswith(".toml"):
            return MAX_ROUTINE_BYTES
        return MAX_PICTURE_BYTES if Path(rest).suffix.lower() in KIND_OF_SUFFIX and "/" in rest else None
    caps = {KeptKind.HISTORY: MAX_HISTORY_BYTES, KeptKind.SETTINGS: MAX_SETTINGS_BYTES, KeptKind.JSON: MAX_JSON_BYTES}
    return caps[item.kind]


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ReceivedFileError(path, _("its manifest.json is not JSON")) from None
    if not isinstance(data, dict) or shape_problem(data) is not None:
        raise ReceivedFileError(path, _("its manifest.json is not a footdesk backup's"))
    if data.get("format") != FORMAT:
        raise ReceivedFileError(path, _("not a footdesk backup (its manifest says another format)"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ReceivedFileError(path, _("its manifest has no version footdesk knows"))
    if version > FORMAT_VERSION:
        raise ReceivedFileError(
            path,
            _(
                "a backup of format {version}, made by a newer footdesk ({footdesk}); this one reads up to "
                "format {format_version}: update footdesk first"
            ).format(version=version, footdesk=str(data.get("footdesk", "?"))[:20], format_version=FORMAT_VERSION),
        )
    return data


def _check_part(
    item: Kept, name: str, data: bytes, source: Path, durations: Mapping[str, int] | None = None
) -> HistorySummary | None:
    """One kept file's bytes checked by the reader footdesk uses for it (ReceivedFileError)."""
    if item.kind is KeptKind.HISTORY:
        return check_history_bytes(data, source, name)
    if item.kind is KeptKind.SETTINGS:
        loaded = settings_from_bytes(data, Path(name), durations or {})
        broken = [problem for problem in loaded.problems if problem.key is None]
        if broken:
            problem = broken[0].reason or broken[0].message
            raise ReceivedFileError(source, _("{name}: {problem}").format(name=name, problem=problem))
        return None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ReceivedFileError(source, _("{name}: not JSON").format(name=name)) from None
    if not isinstance(parsed, dict) or shape_problem(parsed) is not None:
        raise ReceivedFileError(source, _("{name}: not the JSON object footdesk writes").format(name=name))
    return None


def check_history_bytes(data: bytes, source: Path, name: str = "history.sqlite3") -> HistorySummary:
    """A history file's bytes checked as footdesk checks a history it opens
    (its schema version, its tables by ``migrations``), plus SQLite's full
    ``integrity_check``, in memory: nothing is written to check it."""
    from footdesk.history.migrations import SCHEMA_VERSION, _check_tables
    from footdesk.history.store import HistoryStore
    from footdesk.history.troubles import _ForeignError

    def refuse(reason: str) -> ReceivedFileError:
        return ReceivedFileError(source, _("{name}: {problem}").format(name=name, problem=reason))

    if not data.startswith(b"SQLite format 3\x00"):
        raise refuse(_("not an SQLite database"))
    connection = sqlite3.connect(":memory:")
    try:
        connection.row_factory = sqlite3.Row
        connection.deserialize(data)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise refuse(
                _(
                    "a history of schema {version}, from a newer footdesk (this one reads up to "
                    "{schema_version}): update footdesk first"
                ).format(version=version, schema_version=SCHEMA_VERSION)
            )
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            if rows:
                raise refuse(_("damaged ({problem})").format(problem=str(rows[0])[:200]))
            raise refuse(_("damaged (its check found nothing)"))
        _check_tables(connection, version)
        store = HistoryStore(source, connection, writable=False)
        sessions = store.sessions()
        answered = len(store.questionnaires()) if version >= 6 else 0
    except _ForeignError as exc:
        raise refuse(_("not a footdesk history ({problem})").format(problem=exc)) from None
    except sqlite3.Error as exc:
        raise refuse(_("not an SQLite database, or a damaged one ({problem})").format(problem=exc)) from None
    finally:
        connection.close()
    days = [session.local_date for session in sessions]
    return HistorySummary(version, len(sessions), min(days, default=None), max(days, default=None), answered)


def _check_routines(source: Path, item: Kept, files: Mapping[str, bytes]) -> list[RoutineSummary]:
    """Every routine parses (routine.py); every other entry is a picture one of
    them names, and passes pictures.py."""
    prefix = item.name + "/"
    named: set[str] = set()
    found: list[RoutineSummary] = []
    ids: set[str] = set()
    for name, data in files.items():
        if not name.startswith(prefix) or "/" in name[len(prefix) :]:
            continue
        where = f"{source}: {name}"
        try:
            routine = parse_routine(data.decode("utf-8"), where)
        except UnicodeDecodeError:
            raise ReceivedFileError(
                source, _("{name}: not a text file (it is not valid UTF-8)").format(name=name)
            ) from None
        except RoutineError as exc:
            raise ReceivedFileError(source, str(exc).removeprefix(f"{source}: ")) from None
        if routine.id in ids:
            raise ReceivedFileError(
                source, _("{name}: a second routine with the id {id}").format(name=name, id=routine.id)
            )
        ids.add(routine.id)
        named.update(routine.picture_names)
        found.append(RoutineSummary(routine.id, routine.title))
    for name, data in files.items():
        if not name.startswith(prefix) or "/" not in name[len(prefix) :]:
            continue
        picture = name[len(prefix) :]
        if picture not in named:
            raise ReceivedFileError(source, _("{name}: not a picture one of its routines names").format(name=name))
        try:
            check_picture_bytes(data, KIND_OF_SUFFIX[Path(picture).suffix.lower()], name)
        except ReceivedFileError as exc:
            raise ReceivedFileError(source, _("{name}: {problem}").format(name=name, problem=exc.reason)) from None
    return sorted(found, key=lambda routine: routine.title.casefold())


# Restoring ----------------------------------------------------------------------------


def restore(checked: CheckedBackup, kept: Sequence[Kept], journal: Path, now: datetime) -> Restored:
    """Put the backup's data in place of the current data, which is moved
    aside whole into a dated folder beside it (nothing is deleted). Staged
    first, then swapped by renames under a journal (see the module's doc).
    OSError when staging fails: then nothing was moved."""
    finish_interrupted_restore(journal)
    remove_staging(kept)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    moves: list[dict[str, str | None]] = []
    try:
        for item in kept:
            staged = _stage(item, checked.files)
            aside = _aside_folder(item.path.parent, stamp)
            moves.append({"path": str(item.path), "staged": None if staged is None else str(staged),
                          "aside": str(aside), "kind": item.kind.value})  # fmt: skip
    except BaseException:
        remove_staging(kept)
        raise
    from footdesk.files import atomic_write_text

    atomic_write_text(journal, json.dumps({"stamp": stamp, "moves": moves}), follow_symlinks=False)
    return _swap(journal, moves, kept)


def _aside_folder(folder: Path, stamp: str) -> Path:
    aside = folder / f"{ASIDE}{stamp}"
    number = 2
    while aside.exists():
        aside = folder / f"{ASIDE}{stamp}-{number}"
        number += 1
    return aside


def _stage(item: Kept, files: Mapping[str, bytes]) -> Path | None:
    """The backup's version of one kept file written into the staging folder
    beside it (None: the backup does not hold it)."""
    from footdesk.files import write_new_file

    staging = item.path.parent / STAGING
    target = staging / item.path.name
    if item.kind is KeptKind.ROUTINES:
        prefix = item.name + "/"
        mine = {name[len(prefix) :]: data for name, data in files.items() if name.startswith(prefix)}
        if not mine:
            return None
        create_private_dirs(target)
        for relative, data in mine.items():
            path = target.joinpath(*relative.split("/"))  # names checked: no climbing out, no absolute ones
            create_private_dirs(path.parent)
            write_new_file(path, data)
        return target
    if item.name not in files:
        return None
    create_private_dirs(staging)
    write_new_file(target, files[item.name])
    return target


def _swap(journal: Path, moves: Sequence[Mapping[str, str | None]], kept: Sequence[Kept] | None = None) -> Restored:
    """Each move done (again): every step is safe to repeat after a kill."""
    asides: list[Path] = []
    for move in moves:
        path, staged, aside = Path(str(move["path"])), move["staged"], Path(str(move["aside"]))
        if staged is not None and not os.path.lexists(staged):
            if os.path.lexists(aside):
                asides.append(aside)
            continue  # already in place
        olds = (
            [path.with_name(path.name + suffix) for suffix in _HISTORY_COMPANIONS] if move["kind"] == "history" else []
        )
        for old in (*olds, path):  # a history's -wal before the file: a new file never meets an old -wal
            if os.path.lexists(old):
                create_private_dirs(aside)
                os.rename(old, aside / old.name)
        if os.path.lexists(aside) and aside not in asides:
            asides.append(aside)
        if staged is not None:
            os.rename(staged, path)
    journal.unlink(missing_ok=True)
    for move in moves:
        with contextlib.suppress(OSError):
            shutil.rmtree(Path(str(move["path"])).parent / STAGING)
    return Restored(tuple(dict.fromkeys(asides)))


def finish_interrupted_restore(journal: Path) -> Restored | None:
    """A restore a kill interrupted after its staging was complete is finished
    (None when there was none). Call it holding footdesk's one-copy lock,
    before anything opens the history."""
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    moves = data.get("moves") if isinstance(data, dict) else None
    if not isinstance(moves, list) or not all(
        isinstance(move, dict) and isinstance(move.get("path"), str) and isinstance(move.get("aside"), str)
        for move in moves
    ):
        return None
    return _swap(journal, moves)


def remove_staging(kept: Sequence[Kept]) -> None:
    """What a restore killed while staging left (never the person's data: only the staging folders)."""
    for folder in dict.fromkeys(item.path.parent / STAGING for item in kept):
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)


# Automatic backups --------------------------------------------------------------------


AUTO_PREFIX = "footdesk-"
_AUTO_STAMP = "%Y%m%d-%H%M%S"


def auto_backup_name(now: datetime) -> str:
    return f"{AUTO_PREFIX}{now.strftime(_AUTO_STAMP)}{SUFFIX}"


def auto_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``folder`` (by their names), oldest first."""
    found: list[tuple[datetime, Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        name = entry.name
        if not (name.startswith(AUTO_PREFIX) and name.endswith(SUFFIX)):
            continue
        try:
            made = datetime.strptime(name[len(AUTO_PREFIX) : -len(SUFFIX)], _AUTO_STAMP)
        except ValueError:
            continue
        found.append((made, entry))
    return sorted(found)


def prune_auto_backups(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest automatic backups beyond the last ``keep`` (only files of footdesk's own naming)."""
    removed: list[Path] = []
    for _made, path in auto_backups(folder)[: max(0, len(auto_backups(folder)) - keep)]:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
