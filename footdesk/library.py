"""The person's routines: the built-in one and their own TOML files.

Own routines live in ``user_config_dir/routines/<id>.toml`` in the same schema
as the built-in ``assets/routines/foot-strength.toml``. The built-in routine is
always there and cannot be changed or deleted (it can be duplicated). A broken
file is listed with its error and left byte for byte as it is; the others still
load. Saving goes through tomlkit, so a file's comments and its ``x-`` keys are
kept; writes are atomic; nothing is ever overwritten silently (an import gets
an id of its own; a delete moves the file to ``routines/.deleted`` for undo).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from footdesk.files import atomic_write_text
from footdesk.routine import (
    DEFAULT_ROUTINE,
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    Routine,
    RoutineError,
    Step,
    Timing,
    load_routine,
    parse_routine,
)

SUFFIX = ".toml"
DELETED = ".deleted"
MAX_ROUTINES = 200
_ID_CHARS = re.compile(r"[^a-z0-9]+")


class LibraryError(Exception):
    """A library action that cannot be done; the message says which routine or file and why."""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    routine: Routine | None
    error: RoutineError | None = None
    path: Path | None = None
    """The file; None for the built-in routine."""

    @property
    def builtin(self) -> bool:
        return self.path is None

    @property
    def usable(self) -> bool:
        return self.routine is not None


class RoutineLibrary:
    def __init__(self, folder: Path | None, builtin: Routine) -> None:
        """``folder`` None: the built-in routine only (nothing is read or written)."""
        self.folder = folder
        self.builtin = builtin

    # Reading -------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """The built-in routine first, then the person's, by title; broken files
        are listed with their error (by file name) after the good ones."""
        good: list[Entry] = []
        broken: list[Entry] = []
        taken = {self.builtin.id: "the built-in routine"}
        for path in self._files():
            try:
                routine = load_routine(path)
            except RoutineError as exc:
                broken.append(Entry(path.stem, path.name, None, exc, path))
                continue
            if routine.id in taken:
                error = RoutineError(
                    str(path), f"its id {routine.id!r} is already used by {taken[routine.id]}", key="id"
                )
                broken.append(Entry(path.stem, path.name, None, error, path))
                continue
            taken[routine.id] = str(path)
            good.append(Entry(routine.id, routine.title, routine, None, path))
        good.sort(key=lambda entry: (entry.title.casefold(), entry.id))
        broken.sort(key=lambda entry: entry.title)
        return [Entry(self.builtin.id, self.builtin.title, self.builtin), *good, *broken]

    def entry(self, routine_id: str) -> Entry:
        for entry in self.entries():
            if entry.id == routine_id:
                return entry
        raise LibraryError(f"there is no routine {routine_id!r} (footdesk routine list shows them)")

    def get(self, routine_id: str) -> Routine:
        entry = self.entry(routine_id)
        if entry.routine is None:
            raise LibraryError(str(entry.error))
        return entry.routine

    def text_of(self, routine_id: str) -> str:
        """The routine's file as it is (the shipped one for the built-in routine)."""
        entry = self.entry(routine_id)
        if entry.path is None:
            return _builtin_text()
        try:
            return entry.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LibraryError(f"{entry.path}: cannot read it ({exc})") from None

    # Changing ------------------------------------------------------------------

    def save(self, routine: Routine) -> Path:
        """Write one of the person's routines (new or changed), keeping what its
        file has that footdesk does not edit: comments, x- keys, key order."""
        if routine.id == self.builtin.id:
            raise LibraryError("the built-in routine cannot be changed; duplicate it to make your own")
        path = self._path_for(routine.id)
        previous = None
        if path.exists():
            try:
                previous = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                previous = None
        text = routine_toml(routine, previous)
        parse_routine(text, str(path))  # never write a file footdesk itself could not read back
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise LibraryError(f"{path}: cannot save it ({exc.strerror or exc}); nothing was changed") from None
        return path

    def new_id(self, title: str) -> str:
        """A safe, unused id made from a title ("Knee — week 2!" → "knee-week-2")."""
        plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
        base = _ID_CHARS.sub("-", plain).strip("-")[:40].strip("-") or "routine"
        taken = {entry.id for entry in self.entries()} | {path.stem for path in self._files()}
        candidate, number = base, 2
        while candidate in taken:
            candidate = f"{base}-{number}"
            number += 1
        return candidate

    def duplicate(self, routine_id: str, title: str | None = None) -> Routine:
        """A copy under a new id (the built-in routine included), saved."""
        original = self.get(routine_id)
        title = title or f"{original.title} (copy)"
        copy = replace(original, id=self.new_id(title), title=title)
        copy = replace(copy, steps=tuple(replace(step, shipped_voice=False) for step in copy.steps))
        self.save(copy)
        return copy

    def rename(self, routine_id: str, title: str) -> Routine:
        routine = replace(self.get(routine_id), title=title.strip())
        if not routine.title:
            raise LibraryError("a routine needs a title")
        self.save(routine)
        return routine

    def delete(self, routine_id: str, now: datetime | None = None) -> Path:
        """Move the file aside (``routines/.deleted``), so the delete can be undone."""
        entry = self.entry(routine_id)
        if entry.path is None:
            raise LibraryError("the built-in routine cannot be deleted")
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        target = entry.path.parent / DELETED / f"{entry.path.stem}-{stamp}{SUFFIX}"
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            entry.path.rename(target)
        except OSError as exc:
            raise LibraryError(f"{entry.path}: cannot delete it ({exc.strerror or exc})") from None
        return target

    def undelete(self, deleted: Path) -> Entry:
        """Bring a deleted routine back (under a new id if its own was taken since)."""
        return self.import_file(deleted, remove_source=True)

    def import_file(self, source: Path, remove_source: bool = False) -> Entry:
        """Copy a routine file into the library: checked first, its text kept as
        written (comments and all), under its own id or, when that is taken, a
        new one. Never overwrites anything."""
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise LibraryError(f"{source}: cannot read it ({exc.strerror or exc})") from None
        if size > MAX_FILE_BYTES:
            raise LibraryError(f"{source}: the file is too large ({size} bytes; a routine is a few kilobytes)")
        try:
            routine = load_routine(source)
            text = source.read_text(encoding="utf-8")
        except RoutineError as exc:
            raise LibraryError(f"{exc}; nothing was imported") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LibraryError(f"{source}: cannot read it ({exc}); nothing was imported") from None
        if len(self._files()) >= MAX_ROUTINES:
            raise LibraryError(f"the library already holds {MAX_ROUTINES} routines; delete some first")
        taken = {entry.id for entry in self.entries()} | {path.stem for path in self._files()}
        new_id = routine.id if routine.id not in taken else self.new_id(routine.id)
        if new_id != routine.id:
            text = _with_id(text, new_id)
        path = self._path_for(new_id)
        if path.exists():  # a file appeared meanwhile: never overwrite
            raise LibraryError(f"{path} already exists; nothing was imported")
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise LibraryError(f"{path}: cannot write it ({exc.strerror or exc}); nothing was imported") from None
        if remove_source:
            source.unlink(missing_ok=True)
        return self.entry(new_id)

    # Internals -----------------------------------------------------------------

    def _files(self) -> list[Path]:
        if self.folder is None:
            return []
        try:
            found = [p for p in self.folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")]
        except OSError:
            return []
        return sorted(p for p in found if p.is_file())[: MAX_ROUTINES * 2]

    def _path_for(self, routine_id: str) -> Path:
        if self.folder is None:
            raise LibraryError("this footdesk keeps no routines of its own")
        path = self.folder / f"{routine_id}{SUFFIX}"
        if path.parent != self.folder:  # ids are checked, but a file name must never leave the folder
            raise LibraryError(f"{routine_id!r} is not a routine id")
        return path


def _builtin_text() -> str:
    return resources.files("footdesk.assets").joinpath("routines", f"{DEFAULT_ROUTINE}.toml").read_text("utf-8")


def _with_id(text: str, new_id: str) -> str:
    import tomlkit

    document = tomlkit.parse(text)
    document["id"] = new_id
    return tomlkit.dumps(document)


# Writing a routine as TOML ---------------------------------------------------------

_EDITED_STEP_KEYS = (
    "id", "title", "timing", "seconds", "sides", "reps", "tempo", "sets", "rest", "instructions", "setup",
    "guide", "beat", "say", "say_start", "say_guide",
)  # fmt: skip


def routine_toml(routine: Routine, previous: str | None = None) -> str:
    """The routine as a schema-2 TOML file. With the file's previous text, its
    comments, its x- keys and its steps' other keys are kept."""
    import tomlkit

    document: Any = None
    if previous is not None:
        try:
            document = tomlkit.parse(previous)
        except Exception:  # noqa: BLE001 - tomlkit raises several types; a bad old file is replaced
            document = None
    if document is None:
        document = tomlkit.document()
        document.add(tomlkit.comment("A footdesk routine. Edit it in footdesk, or here: see footdesk's README."))
    document["schema"] = SCHEMA_VERSION
    document["id"] = routine.id
    document["title"] = routine.title
    old_steps = {table.get("id"): table for table in (document.get("steps") or []) if isinstance(table, dict)}
    steps = tomlkit.aot()
    for step in routine.steps:
        table = old_steps.get(step.id)
        if table is None:
            table = tomlkit.table()
        for key in _EDITED_STEP_KEYS:
            if key in table:
                del table[key]
        for key, value in _step_values(step).items():
            table[key] = value
        steps.append(table)
    if "steps" in document:
        del document["steps"]
    document["steps"] = steps
    return str(tomlkit.dumps(document))


def _step_values(step: Step) -> dict[str, Any]:
    import tomlkit

    values: dict[str, Any] = {"id": step.id, "title": step.title, "timing": step.timing.value}
    if step.timed:
        if step.reps is not None and step.tempo:
            values["reps"] = step.reps
            values["tempo"] = list(step.tempo)
        elif step.side_seconds:
            inline = tomlkit.inline_table()
            for side, seconds in step.side_seconds:
                inline[side.value] = seconds
            values["seconds"] = inline
        else:
            values["seconds"] = step.seconds
        if step.timing is Timing.PER_SIDE and [s.value for s in step.sides] != ["left", "right"]:
            values["sides"] = [side.value for side in step.sides]
        if step.sets > 1:
            values["sets"] = step.sets
            if step.rest:
                values["rest"] = step.rest
    if step.say:
        values["say"] = step.say
    if step.say_start:
        values["say_start"] = step.say_start
    if step.say_guide:
        values["say_guide"] = list(step.say_guide)
    if step.setup:
        values["setup"] = step.setup
    if step.guide:
        values["guide"] = [n + 1 for n in step.guide]
    if step.beat:
        values["beat"] = [n + 1 for n in step.beat]
    values["instructions"] = list(step.instructions)
    return values
