"""The person's routines: the built-in one and their own TOML files.

Own routines live in ``user_config_dir/routines/<id>.toml`` in the same schema
as the built-in ``assets/routines/foot-strength.toml``. The built-in routine is
always there and cannot be changed or deleted (it can be duplicated). A broken
file is listed with its error and left byte for byte as it is; the others still
load. Saving goes through tomlkit, so a file's comments and its ``x-`` keys are
kept, and goes to the file the routine was read from, whatever its name; writes
are atomic; nothing is ever overwritten silently (an import of a routine
that is already there, by id, steps or title, is refused unless the person
says to replace it, a copy of the old file kept, or to keep both, the new one
with a title of its own; a delete moves the file to ``routines/.deleted`` for
undo; a file changed by hand since the editor opened it is not saved over
unless the person says so, and then a copy of it is kept).

A routine's own pictures live in ``<id>.pictures/`` beside its file, and go
where the routine goes: an import copies the pictures it names (checked, each
under a name of the library's choosing) and points the stored file at them; a
duplicate, or a save under another id, copies them into the new id's folder;
a delete moves the folder aside with the file, and undo brings both back; an
export to FILE.zip carries them (archive.py).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Collection
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from footdesk.files import (
    atomic_write_bytes,
    atomic_write_text,
    backup_path,
    check_export_target,
    create_private_dirs,
    write_copy,
    write_new_file,
)
from footdesk.i18n import N_, _, n_
from footdesk.routine import (
    DEFAULT_ROUTINE,
    MAX_FILE_BYTES,
    Dose,
    Growth,
    PhaseNumbers,
    Plan,
    PlanPhase,
    Quantity,
    Routine,
    RoutineError,
    Step,
    Timing,
    built_in_as_own,
    load_routine,
    parse_routine,
    quantity_limits,
    read_routine_text,
    title_as_seen,
)
from footdesk.untrusted import ReceivedFileError, read_regular_file

SUFFIX = ".toml"
DELETED = ".deleted"
MAX_ROUTINES = 200
_ID_CHARS = re.compile(r"[^a-z0-9]+")
ARCHIVE_SUFFIX = ".zip"
"""A routine to import or export is an archive with its pictures by its name (see archive.py)."""
PICTURES_SUFFIX = ".pictures"
"""A routine's own pictures live in ``<id>.pictures/`` beside ``<id>.toml``."""
_PICTURE_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
"""What a copied picture's name keeps of the chosen file's (routine.py's rule for names, a little stricter)."""


class LibraryError(Exception):
    """A library action that cannot be done; the message says which routine or file and why."""


class RoutineChangedError(LibraryError):
    """The routine's file says something else now than when it was opened (a
    step added by hand, say, or the file broken or gone): saving what was
    edited would replace that, so nothing was written. The person decides."""

    def __init__(self, path: Path, what: str, gone: bool = False) -> None:
        self.path = path
        self.what = what
        """What is different now, in words ("the step “Toe curls” was added")."""
        self.gone = gone
        """There is no file there now (nothing to keep a copy of)."""
        # TRANSLATORS: {changes} says what is different in the file now ("the step “Toe curls” was added")
        super().__init__(
            _("{path} was changed since it was opened ({changes}); nothing was saved").format(path=path, changes=what)
        )


class Duplicate(Enum):
    """What an import does with a routine that is already in the library."""

    REFUSE = "refuse"
    """Nothing is imported (AlreadyThereError says which routine it is)."""
    REPLACE = "replace"
    """The routine there takes the new file's steps and title, under its own id;
    a copy of its file as it was is kept beside it."""
    AS_NEW = "as-new"
    """Both are kept: the new one under a title of its own ("Calf care (2)") and a new id."""


class AlreadyThereError(LibraryError):
    """The routine being imported is already in the library (the same id, the
    same steps, or the same title): nothing was imported; the person chooses."""

    def __init__(self, source: Path, existing: Entry, same: str) -> None:
        self.existing = existing
        self.same = same
        """What they share, in words: "the same id", "the same steps", "the same title"."""
        if existing.path is None:
            # TRANSLATORS: {same} is "the same id", "the same steps" or "the same title"
            said = _(
                "{source}: “{title}” is already in your routines ({same}, the built-in routine); nothing was imported"
            )
        else:
            # TRANSLATORS: {same} is "the same id", "the same steps" or "the same title"; {file} the routine's file
            said = _("{source}: “{title}” is already in your routines ({same}, {file}); nothing was imported")
        super().__init__(
            said.format(
                source=source, title=existing.title, same=same, file=existing.path.name if existing.path else ""
            )
        )


@dataclass(frozen=True)
class Saved:
    path: Path
    kept: Path | None = None
    """A copy of the file as it was, when the save replaced changes made to it since it was opened."""


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
    def __init__(self, folder: Path | None, builtin: Routine, builtin_folder: Path | None = None,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        """``folder`` None: the built-in routine only (nothing is read or written).
        ``builtin_folder``: where the built-in routine's pictures are (shipped
        beside its file unless a test says otherwise)."""
        self._today = today
        """The day a plan's start is checked against: the app's, whose clock tests set."""
        self.folder = folder
        self.builtin = builtin
        self._builtin_folder = builtin_folder

    # Reading -------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """The built-in routine first, then the person's, by title; broken files
        are listed with their error (by file name) after the good ones."""
        good: list[Entry] = []
        broken: list[Entry] = []
        taken = {self.builtin.id: _("the built-in routine")}
        for path in self._files():
            try:
                routine = load_routine(path, self._today())
            except RoutineError as exc:
                broken.append(Entry(path.stem, path.name, None, exc, path))
                continue
            if routine.id in taken:
                error = RoutineError(
                    str(path),
                    _("its id {id} is already used by {taken}").format(id=repr(routine.id), taken=taken[routine.id]),
                    key="id",
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
        raise _failed(_THERE_IS_NO_ROUTINE, routine_id=repr(routine_id))

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
            raise _failed(N_("{path}: cannot read it ({problem})"), path=entry.path, problem=exc) from None

    # Pictures ------------------------------------------------------------------

    def picture_path(self, routine_id: str, name: str) -> Path:
        """Where a picture a routine names is: relative to the routine's file
        (the shipped pictures beside the built-in routine's). The name was
        checked when the routine was read (routine.py): it never leaves the folder."""
        return self._folder_of(routine_id).joinpath(*name.split("/"))

    def add_picture(self, routine_id: str, source: Path) -> str:
        """Check a picture the person chose and copy it into the routine's own
        pictures folder (``<id>.pictures/`` beside its file); the name to put in
        the routine. The same picture twice is one file; another picture of
        the same name is kept beside it under a numbered name."""
        from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, check_picture_bytes  # not at every start

        data = read_regular_file(source, MAX_PICTURE_BYTES)
        kind = KIND_OF_SUFFIX.get(source.suffix.lower())
        if kind is None:
            raise ReceivedFileError(
                source, _("is not a picture footdesk shows ({kinds})").format(kinds=", ".join(KIND_OF_SUFFIX))
            )
        check_picture_bytes(data, kind, source)
        try:
            name, _target = self._place(routine_id, source.name, data)
        except OSError as exc:
            raise _failed(_CANNOT_COPY_IT_INTO, source=source, problem=_why(exc)) from None
        return name

    def _pictures_folder(self, routine_id: str) -> Path:
        """``<id>.pictures`` in the library folder: a real folder or nothing
        yet; never a link or a file planted under its name (LibraryError)."""
        folder = self._path_for(routine_id).with_name(f"{routine_id}{PICTURES_SUFFIX}")
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            return folder
        if not stat.S_ISDIR(mode):
            raise _failed(_IS_NOT_A_FOLDER, folder=folder)
        return folder

    def _place(self, routine_id: str, wanted: str, data: bytes) -> tuple[str, Path | None]:
        """Put a checked picture into the routine's pictures folder under a
        safe name made from ``wanted``; the name for the routine, and the file
        made (None when the same bytes were there already under that name).
        Never replaces a file: another picture of the name gets a number."""
        folder = self._pictures_folder(routine_id)
        stem = _PICTURE_UNSAFE.sub("-", Path(wanted).stem).strip("-. ")[:80] or "picture"
        suffix = Path(wanted).suffix.lower()
        number = 1
        while True:
            name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
            target = folder / name
            if not os.path.lexists(target):
                break
            if _holds(target, data):
                return f"{folder.name}/{name}", None
            number += 1
        if not folder.exists():
            create_private_dirs(folder)
        write_new_file(target, data)
        return f"{folder.name}/{name}", target

    def _bring_pictures(
        self, routine_id: str, names: Collection[str], read: Callable[[str], bytes]
    ) -> tuple[dict[str, str], list[Path]]:
        """Each picture read (and checked) by ``read`` and placed in the
        routine's pictures folder: the new name of each, and the files made.
        ReceivedFileError or OSError: what was made is taken out again."""
        renamed: dict[str, str] = {}
        made: list[Path] = []
        try:
            for name in names:
                renamed[name], new = self._place(routine_id, name, read(name))
                if new is not None:
                    made.append(new)
        except BaseException:
            _take_out(made)
            raise
        return renamed, made

    def _carry(self, routine: Routine, source: Path, wanted: Callable[[str], bool]) -> tuple[Routine, list[Path]]:
        """The routine with the pictures ``wanted`` of those it names relative
        to ``source`` copied into its own pictures folder (a duplicate, a save
        under another id). One that cannot be read or is refused keeps its
        name: the step runs without it, as with any missing picture."""
        renamed: dict[str, str] = {}
        made: list[Path] = []
        for name in routine.picture_names:
            if not wanted(name):
                continue
            try:
                data = _read_picture(source, name)
            except ReceivedFileError:
                continue
            try:
                renamed[name], new = self._place(routine.id, name, data)
            except (OSError, LibraryError):
                _take_out(made)
                raise
            if new is not None:
                made.append(new)
        return _with_picture_names(routine, renamed), made

    def _folder_of(self, routine_id: str) -> Path:
        if routine_id == self.builtin.id:
            return self._builtin_folder or Path(str(resources.files("footdesk.assets").joinpath("routines")))
        return self._file_of(routine_id).parent

    # Changing ------------------------------------------------------------------

    def save(self, routine: Routine, opened: Entry | None = None, replace_changes: bool = False) -> Saved:
        """Write one of the person's routines (new or changed) to the file it was
        read from, keeping what that file has that footdesk does not edit:
        comments, x- keys, key order.

        ``opened`` is the routine as the editor opened it, with its file: a file
        that says something else now (edited by hand meanwhile, broken, gone)
        raises RoutineChangedError and nothing is written, unless
        ``replace_changes`` (the person chose their edits), when a copy of the
        file as it is now is kept beside it first.

        Pictures the routine names in another routine's pictures folder (it
        was saved under another id than the one they were added for) are
        copied into its own, so a routine and its pictures stay together.
        """
        if routine.id == self.builtin.id:
            raise LibraryError(_("the built-in routine cannot be changed; duplicate it to make your own"))
        path = opened.path if opened is not None and opened.path is not None else self._file_of(routine.id)
        raw = _current_bytes(path)
        previous: str | None = None
        if raw is not None:
            try:
                previous = raw.decode("utf-8")
            except UnicodeDecodeError:
                previous = None
        text = routine_toml(routine, previous)
        parse_routine(text, str(path), self._today())  # never write a file footdesk itself could not read back
        kept = None
        if opened is not None and opened.routine is not None:
            what = _changed_since(opened.routine, raw, previous, path)
            if what is not None and not replace_changes:
                raise RoutineChangedError(path, what, gone=raw is None)
            if what is not None and raw is not None:
                try:
                    kept = write_copy(raw, backup_path(path))
                except OSError as exc:
                    raise _failed(_CANNOT_KEEP_A_COPY, path=path, problem=_why(exc)) from None
        own = f"{routine.id}{PICTURES_SUFFIX}"
        try:
            carried, made = self._carry(routine, path.parent, lambda name: _in_other_pictures_folder(name, own))
        except OSError as exc:
            raise _failed(_CANNOT_COPY_ITS_PICTURES, path=path, problem=_why(exc)) from None
        if carried != routine:
            text = routine_toml(carried, previous)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            _take_out(made)
            raise _failed(_CANNOT_SAVE_IT_NOTHING, path=path, problem=_why(exc)) from None
        return Saved(path, kept)

    def new_id(self, title: str) -> str:
        """A safe, unused id made from a title ("Knee — week 2!" → "knee-week-2")."""
        taken = {entry.id for entry in self.entries()} | self._names_in_use()
        return id_from_title(title, taken, "routine")

    def duplicate(self, routine_id: str, title: str | None = None) -> Routine:
        """A copy under a new id (the built-in routine included), saved."""
        original = self.get(routine_id)
        # TRANSLATORS: the title of a routine's duplicate
        title = title or _("{title} (copy)").format(title=original.title)
        copy = replace(original, id=self.new_id(title), title=title)
        if any(step.shipped_voice for step in copy.steps):  # the built-in routine: its copy in the words it shows
            copy = built_in_as_own(copy)
        copy = replace(copy, steps=tuple(replace(step, shipped_voice=False) for step in copy.steps))
        try:  # its pictures too, into its own folder (the built-in routine's from where they ship)
            copy, made = self._carry(copy, self._folder_of(routine_id), lambda _: True)
        except OSError as exc:
            raise _failed(_CANNOT_COPY_THE_PICTURES, title=original.title, problem=_why(exc)) from None
        try:
            self.save(copy)
        except BaseException:
            _take_out(made)
            raise
        return copy

    def rename(self, routine_id: str, title: str) -> Routine:
        entry = self.entry(routine_id)
        if entry.routine is None:
            raise LibraryError(str(entry.error))
        routine = replace(entry.routine, title=title.strip())
        if not routine.title:
            raise LibraryError(_("a routine needs a title"))
        self.save(routine, entry)
        return routine

    def delete(self, routine_id: str, now: datetime | None = None) -> Path:
        """Move the file aside, with the routine's pictures folder, into a
        folder of its own in ``routines/.deleted``, so the delete can be undone;
        the file as it is there (for ``undelete``)."""
        entry = self.entry(routine_id)
        if entry.path is None:
            raise LibraryError(_("the built-in routine cannot be deleted"))
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        pictures = entry.path.with_name(f"{entry.id}{PICTURES_SUFFIX}")
        has_pictures = _is_real_folder(pictures)
        try:
            bundle = _new_folder(entry.path.parent / DELETED, f"{entry.path.stem}-{stamp}")
            target = bundle / entry.path.name
            entry.path.rename(target)
        except OSError as exc:
            raise _failed(N_("{path}: cannot delete it ({problem})"), path=entry.path, problem=_why(exc)) from None
        if has_pictures:
            try:
                pictures.rename(bundle / pictures.name)
            except OSError as exc:  # the routine stays, with its pictures
                with suppress(OSError):
                    target.rename(entry.path)
                raise _failed(_CANNOT_MOVE_IT_ASIDE, pictures=pictures, problem=_why(exc)) from None
        return target

    def undelete(self, deleted: Path) -> Entry:
        """Bring a deleted routine back, with its pictures; AlreadyThereError
        when the same routine is in the library again (imported since, say):
        the undo no longer means what it said (``can_undelete``)."""
        bundle = deleted.parent
        folders = (
            [bundle] if self.folder is None else [bundle, self.folder]
        )  # a picture named outside its folder stayed
        entry = self._import_text(deleted, _reader(*folders), Duplicate.REFUSE)
        deleted.unlink(missing_ok=True)
        if bundle.parent.name == DELETED and self.folder is not None and bundle.parent == self.folder / DELETED:
            import shutil

            shutil.rmtree(bundle, ignore_errors=True)
        return entry

    def can_undelete(self, deleted: Path) -> bool:
        """The deleted file is still there, and nothing in the library is the same routine now."""
        try:
            routine = parse_routine(read_routine_text(deleted), str(deleted), self._today())
        except RoutineError:
            return False
        return self.already_there(routine) is None

    def already_there(self, routine: Routine) -> tuple[Entry, str] | None:
        """The routine in the library that ``routine`` would duplicate, and what
        they share: the same id first, then the same steps, then the same title."""
        usable = [(entry, entry.routine) for entry in self.entries() if entry.routine is not None]
        for same, found in (
            (_("the same id"), [entry for entry, _there in usable if entry.id == routine.id]),
            (_("the same steps"), [entry for entry, there in usable if there.steps == routine.steps]),
            (
                _("the same title"),
                [entry for entry, _there in usable if title_as_seen(entry.title) == title_as_seen(routine.title)],
            ),
        ):
            if found:
                return found[0], same
        return None

    def import_file(self, source: Path, remove_source: bool = False, duplicate: Duplicate = Duplicate.REFUSE) -> Entry:
        """Copy a routine into the library, with the pictures it names: a
        routine file (its pictures beside it, relative to its folder) or an
        archive (FILE.zip: the routine file and its pictures, see archive.py).
        Everything is checked first, its text kept as written (comments and
        all) but for its pictures' names, which point to the copies in its own
        pictures folder; under its own id or, when that is taken by a file
        that cannot be used, a new one. A routine that is already there
        raises AlreadyThereError, unless ``duplicate`` says to replace it or
        to keep both. A picture missing or refused, or anything wrong with an
        archive: LibraryError, and nothing written. Never overwrites anything
        unasked."""
        from footdesk.archive import RoutineArchive  # zipfile only when an archive is imported

        if source.suffix.lower() != ARCHIVE_SUFFIX:
            entry = self._import_text(source, _reader(source.parent), duplicate)
            if remove_source:
                source.unlink(missing_ok=True)
            return entry
        try:
            with RoutineArchive(source) as archive:
                received = archive.routine()
                pictures = _read_all(received.routine, archive.picture)
        except (RoutineError, ReceivedFileError) as exc:
            raise _failed(N_("{problem}; nothing was imported"), problem=exc) from None
        return self._import(source, received.text, received.routine, pictures.__getitem__, duplicate)

    def _import_text(self, source: Path, read: Callable[[str], bytes], duplicate: Duplicate) -> Entry:
        try:  # read once: what is checked is what is copied, even if the file changes meanwhile
            text = read_routine_text(source)
            routine = parse_routine(text, str(source), self._today())
            pictures = _read_all(routine, read)
        except (RoutineError, ReceivedFileError) as exc:
            raise _failed(N_("{problem}; nothing was imported"), problem=exc) from None
        return self._import(source, text, routine, pictures.__getitem__, duplicate)

    def _import(
        self, source: Path, text: str, routine: Routine, read: Callable[[str], bytes], duplicate: Duplicate
    ) -> Entry:
        """The routine read from ``source`` (``text``), its pictures by ``read``, into the library."""
        found = self.already_there(routine)
        if found is not None and duplicate is Duplicate.REFUSE:
            raise AlreadyThereError(source, *found)
        try:  # every picture checked before anything is written
            for name in routine.picture_names:
                read(name)
        except ReceivedFileError as exc:
            raise _failed(N_("{problem}; nothing was imported"), problem=exc) from None
        if found is not None and duplicate is Duplicate.REPLACE:
            return self._replace(found[0], routine, text, source, read)
        if len(self._files()) >= MAX_ROUTINES:
            raise _failed(_THE_LIBRARY_ALREADY_HOLDS, max_routines=MAX_ROUTINES)
        title = self.distinct_title(routine.title) if found is not None else None  # keep both: a title of its own
        taken = {entry.id for entry in self.entries()} | self._names_in_use()
        new_id = routine.id if routine.id not in taken else self.new_id(title or routine.id)
        path = self._path_for(new_id)
        if os.path.lexists(path):  # a file (or a link, even a dangling one) appeared meanwhile: never overwrite
            raise _failed(N_("{path} already exists; nothing was imported"), path=path)
        renamed, made = self._brought(new_id, routine, read)
        try:
            atomic_write_text(path, _with_keys(text, new_id, title, renamed), follow_symlinks=False)
        except OSError as exc:
            _take_out(made)
            raise _failed(_CANNOT_WRITE_IT_NOTHING, path=path, problem=_why(exc)) from None
        return self.entry(new_id)

    def _brought(
        self, routine_id: str, routine: Routine, read: Callable[[str], bytes]
    ) -> tuple[dict[str, str], list[Path]]:
        try:
            return self._bring_pictures(routine_id, routine.picture_names, read)
        except ReceivedFileError as exc:  # changed since it was checked
            raise _failed(N_("{problem}; nothing was imported"), problem=exc) from None
        except OSError as exc:
            raise _failed(N_("cannot copy its pictures ({problem}); nothing was imported"), problem=_why(exc)) from None

    def export(self, routine_id: str, target: Path, force: bool = False) -> Path:
        """Write a routine to share: FILE.zip with its pictures (archive.py),
        any other name its file as it is. ``force`` replaces a regular file."""
        text = self.text_of(routine_id)
        data = text.encode("utf-8")
        if target.suffix.lower() == ARCHIVE_SUFFIX:
            data = self._archive(routine_id, text, target)
        try:
            check_export_target(target, force)
            atomic_write_bytes(target, data, follow_symlinks=False)
        except OSError as exc:
            raise _failed(N_("{problem}; nothing was written"), problem=exc) from None
        return target

    def _archive(self, routine_id: str, text: str, target: Path) -> bytes:
        from footdesk.archive import archive_bytes

        routine = self.get(routine_id)
        pictures: list[tuple[str, bytes]] = []
        for name in routine.picture_names:
            try:
                pictures.append((name, _read_picture(self._folder_of(routine_id), name)))
            except ReceivedFileError as exc:
                raise _failed(_A_PICTURE_OF_NOTHING, target=target, problem=exc, title=routine.title) from None
        try:
            return archive_bytes(f"{routine.id}.toml", text, pictures, datetime.now())
        except ValueError as exc:
            raise _failed(N_("{target}: {problem}; nothing was written"), target=target, problem=exc) from None

    # Internals -----------------------------------------------------------------

    def _replace(
        self, existing: Entry, routine: Routine, text: str, source: Path, read: Callable[[str], bytes]
    ) -> Entry:
        """The routine there takes the imported file's text, under its own id;
        its file as it was is kept (and the pictures it names, in its folder)."""
        if existing.path is None:
            raise _failed(N_("{source}: the built-in routine cannot be replaced; nothing was imported"), source=source)
        raw = _current_bytes(existing.path)
        renamed, made = self._brought(existing.id, routine, read)
        new_id = existing.id if routine.id != existing.id else None
        try:
            if raw is not None:
                write_copy(raw, backup_path(existing.path))
            atomic_write_text(existing.path, _with_keys(text, new_id, None, renamed), follow_symlinks=False)
        except OSError as exc:
            _take_out(made)
            raise _failed(_CANNOT_REPLACE_IT_NOTHING, path=existing.path, problem=_why(exc)) from None
        return self.entry(existing.id)

    def distinct_title(self, title: str) -> str:
        """A title no routine has: "Calf care (2)", then "(3)"."""
        taken = {title_as_seen(entry.title) for entry in self.entries()}
        number = 2
        while title_as_seen(f"{title} ({number})") in taken:
            number += 1
        return f"{title} ({number})"

    def _files(self) -> list[Path]:
        if self.folder is None:
            return []
        try:
            found = [p for p in self.folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")]
        except OSError:
            return []
        # not only regular files: a FIFO or a device by a routine's name is listed with why it is not read
        return sorted(p for p in found if not p.is_dir())[: MAX_ROUTINES * 2]

    def _names_in_use(self) -> set[str]:
        """The stems of every routine-named thing in the folder, whatever it is (a
        link, even a dangling one, a FIFO, a folder): a new file never takes their place."""
        if self.folder is None:
            return set()
        try:
            with os.scandir(self.folder) as found:
                return {Path(item.name).stem for item in found if item.name.endswith(SUFFIX)}
        except OSError:
            return set()

    def _file_of(self, routine_id: str) -> Path:
        """The file a routine was read from, whatever it is called (a file named
        by hand, ``calf.toml`` holding ``calf-stretch``); a new routine's file
        is named after its id."""
        for entry in self.entries():
            if entry.id == routine_id and entry.routine is not None and entry.path is not None:
                return entry.path
        return self._path_for(routine_id)

    def _path_for(self, routine_id: str) -> Path:
        """The file for a new routine, named after its id."""
        if self.folder is None:
            raise LibraryError(_("this footdesk keeps no routines of its own"))
        path = self.folder / f"{routine_id}{SUFFIX}"
        if path.parent != self.folder:  # ids are checked, but a file name must never leave the folder
            raise _failed(N_("{routine_id} is not a routine id"), routine_id=repr(routine_id))
        return path


def id_from_title(title: str, taken: Collection[str], fallback: str) -> str:
    """A safe id made from a title and not in ``taken`` ("Knee — week 2!" →
    "knee-week-2", then "knee-week-2-2"); ``fallback`` when the title has no
    letters or digits to make one from."""
    import unicodedata  # only when an id is made (a new routine, an import), not at every start

    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    base = _ID_CHARS.sub("-", plain).strip("-")[:40].strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _builtin_text() -> str:
    return resources.files("footdesk.assets").joinpath("routines", f"{DEFAULT_ROUTINE}.toml").read_text("utf-8")


def _with_keys(text: str, routine_id: str | None, title: str | None, pictures: dict[str, str]) -> str:
    """The routine file's text with another id, title or pictures' names
    where given and different, everything else (comments, order, x- keys) as written."""
    import tomlkit

    if not pictures and routine_id is None and title is None:
        return text
    document = tomlkit.parse(text)
    changed = False
    for key, value in (("id", routine_id), ("title", title)):
        if value is not None and document.get(key) != value:
            document[key] = value
            changed = True
    for table in document.get("steps") or []:
        if not isinstance(table, dict):
            continue
        for key in ("picture", "picture_left", "picture_right"):
            if key in table and pictures.get(str(table[key]), str(table[key])) != str(table[key]):
                table[key] = pictures[str(table[key])]
                changed = True
        guide = [str(name) for name in table.get("picture_guide") or []]
        if [pictures.get(name, name) for name in guide] != guide:
            table["picture_guide"] = [pictures.get(name, name) for name in guide]
            changed = True
    return str(tomlkit.dumps(document)) if changed else text


def _with_picture_names(routine: Routine, renamed: dict[str, str]) -> Routine:
    """The routine naming its pictures by their new names."""
    if not renamed:
        return routine

    def new(name: str) -> str:
        return renamed.get(name, name)

    steps = tuple(
        replace(
            step,
            picture=new(step.picture) if step.picture is not None else None,
            side_pictures=tuple((side, new(name)) for side, name in step.side_pictures),
            guide_pictures=tuple(new(name) for name in step.guide_pictures),
        )
        for step in routine.steps
    )
    return replace(routine, steps=steps)


def _read_all(routine: Routine, read: Callable[[str], bytes]) -> dict[str, bytes]:
    """Every picture the routine names, read and checked before anything is
    asked or written (a damaged archive is said before "Replace or keep both?")."""
    return {name: read(name) for name in routine.picture_names}


def picture_problems(routine: Routine, folder: Path) -> list[ReceivedFileError]:
    """Each picture of a routine file (relative to ``folder``) that an import
    would refuse, with why (``routine check`` says them all)."""
    found = []
    for name in routine.picture_names:
        try:
            _read_picture(folder, name)
        except ReceivedFileError as exc:
            found.append(exc)
    return found


def _read_picture(folder: Path, name: str) -> bytes:
    """A picture a routine names, relative to its folder, read and checked
    (footdesk.pictures); ReceivedFileError naming the file and the reason. A
    link is refused, in the name's every part: a folder someone sends must not
    copy in (and an export send on) a file from elsewhere on this computer."""
    from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, check_picture_bytes

    path = folder.joinpath(*name.split("/"))
    for part in (*reversed(path.relative_to(folder).parents[:-1]), path.relative_to(folder)):
        if (folder / part).is_symlink():
            raise ReceivedFileError(
                folder / part, _("is a link; a routine's pictures are files in its folder, not links")
            )
    data = read_regular_file(path, MAX_PICTURE_BYTES)
    check_picture_bytes(data, KIND_OF_SUFFIX[path.suffix.lower()], path)
    return data


def _reader(*folders: Path) -> Callable[[str], bytes]:
    """How an import reads a routine's pictures: relative to the first of
    ``folders`` that has the file (the first one's error when none has)."""

    def read(name: str) -> bytes:
        for folder in folders:
            if os.path.lexists(folder.joinpath(*name.split("/"))):
                return _read_picture(folder, name)
        return _read_picture(folders[0], name)

    return read


def _holds(path: Path, data: bytes) -> bool:
    """``path`` is a regular file (not a link) holding exactly ``data``."""
    from footdesk.pictures import MAX_PICTURE_BYTES

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.getsize(path) != len(data):
            return False
        return read_regular_file(path, MAX_PICTURE_BYTES) == data
    except (OSError, ReceivedFileError):
        return False


def _take_out(made: list[Path]) -> None:
    """Pictures placed for a change that did not happen after all: removed
    again, and their folder too when that leaves it empty."""
    for path in made:
        with suppress(OSError):
            path.unlink()
    for folder in {path.parent for path in made}:
        with suppress(OSError):
            folder.rmdir()  # only when empty


def _in_other_pictures_folder(name: str, own: str) -> bool:
    """A picture in another routine's ``<id>.pictures`` folder than ``own``."""
    first, _slash, rest = name.partition("/")
    return bool(rest) and first.endswith(PICTURES_SUFFIX) and first != own


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _new_folder(parent: Path, name: str) -> Path:
    """A new, empty, private folder in ``parent`` (made too) named ``name``,
    or ``name-2``… when that is taken."""
    create_private_dirs(parent)
    for number in range(1, 1000):
        folder = parent / (name if number == 1 else f"{name}-{number}")
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(_("{path}: too many of that name").format(path=parent / name))


def _current_bytes(path: Path) -> bytes | None:
    """The file a save goes to, as it is now (None: there is none). Only a
    regular file of a routine's size is read, and so only such a file is ever
    saved over; anything else there is left as it is (LibraryError)."""
    if not os.path.lexists(path):
        return None
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except ReceivedFileError as exc:
        raise _failed(N_("{problem}; nothing was saved"), problem=exc) from None


def _changed_since(opened: Routine, raw: bytes | None, text: str | None, path: Path) -> str | None:
    """What the file says now that the routine opened from it did not, in words;
    None when a save would replace nothing but what was edited (comments and
    keys footdesk does not edit are kept by a save in any case)."""
    if raw is None:
        return _("the file is gone (deleted or moved)")
    try:
        if text is None:
            raise RoutineError(str(path), _("not a text file (it is not valid UTF-8)"))
        now = parse_routine(text, str(path))
    except RoutineError as exc:
        if exc.line is not None:
            return _("it cannot be used now (line {line}: {problem})").format(line=exc.line, problem=exc.reason)
        return _("it cannot be used now ({problem})").format(problem=exc.reason)
    now = replace(now, source=opened.source)
    if now == opened:
        return None
    said: list[str] = []
    if now.id != opened.id:
        said.append(_("its id is {id} now").format(id=repr(now.id)))
    if now.title != opened.title:
        said.append(_("its title is “{title}” now").format(title=now.title))
    before = {step.id: step for step in opened.steps}
    after = {step.id: step for step in now.steps}
    for done, titles in (
        ("added", [step.title for step in now.steps if step.id not in before]),
        ("taken out", [step.title for step in opened.steps if step.id not in after]),
        ("changed", [step.title for step in now.steps if step.id in before and before[step.id] != step]),
    ):
        if titles:
            names = ", ".join(_("“{title}”").format(title=title) for title in titles)
            said.append(_steps_changed(done, len(titles)).format(names=names))
    if not said:
        said.append(_("its steps are in another order"))
    return "; ".join(said)


def _steps_changed(done: str, count: int) -> str:
    """The sentence for steps added, taken out or changed; ``{names}`` their titles."""
    if done == "added":
        return n_("the step {names} was added", "the steps {names} were added", count)
    if done == "taken out":
        return n_("the step {names} was taken out", "the steps {names} were taken out", count)
    return n_("the step {names} was changed", "the steps {names} were changed", count)


# Writing a routine as TOML ---------------------------------------------------------

_EDITED_STEP_KEYS = (
    "id", "title", "timing", "seconds", "sides", "reps", "tempo", "sets", "rest", "instructions", "setup",
    "guide", "beat", "say", "say_start", "say_guide",
    "picture", "picture_alt", "mirror", "picture_left", "picture_right", "picture_guide",
)  # fmt: skip


def _put_if_given(table: Any, key: str, value: str) -> None:
    """A key a routine may leave out (its ``language``): written when it has a value, else taken out."""
    if value:
        _put(table, key, value)
    elif key in table:
        del table[key]


def routine_toml(routine: Routine, previous: str | None = None) -> str:
    """The routine as a TOML file of its schema (3 with a dose or a plan). With
    the file's previous text, its comments, its x- keys and its steps' other
    keys are kept, and so is every value that did not change, as it was
    written (with its comment, in its place): a plan's phases and their steps'
    numbers too, whether written as dotted keys or as sub-tables."""
    import tomlkit

    document: Any = None
    if previous is not None:
        try:
            document = tomlkit.parse(previous)
        except Exception:  # noqa: BLE001 - tomlkit raises several types; a bad old file is replaced
            document = None
    if document is None:
        document = tomlkit.document()
        # TRANSLATORS: the first line of a routine file footdesk writes (a comment in the file)
        document.add(tomlkit.comment(_("A footdesk routine. Edit it in footdesk, or here: see footdesk's README.")))
    _put(document, "schema", routine.schema)
    _put(document, "id", routine.id)
    _put(document, "title", routine.title)
    _put_if_given(document, "language", routine.language)
    _put_dose(document, routine.dose, routine.plan is not None)
    _put_plan(document, routine.plan)
    given = document.get("steps")
    before = [table for table in given if isinstance(table, dict)] if isinstance(given, list) else []
    old_steps = {table.get("id"): table for table in before}
    tables: list[Any] = []
    for step in routine.steps:
        table = old_steps.get(step.id)
        if table is None:
            table = tomlkit.table()
        values = _step_values(step)
        for key in _EDITED_STEP_KEYS:
            if key in table and key not in values:
                del table[key]
        for key, value in values.items():
            _put(table, key, value)
        tables.append(table)
    if len(tables) != len(before) or any(new is not was for new, was in zip(tables, before, strict=False)):
        if "steps" in document:  # steps added, taken out or moved: written again (tomlkit has no move)
            del document["steps"]
        steps = tomlkit.aot()
        for table in tables:
            steps.append(table)
        document["steps"] = steps
    return str(tomlkit.dumps(document))


def _put(table: Any, key: str, value: Any) -> None:
    """Set a value, leaving one that is already so exactly as the person wrote it."""
    if key in table and _plain(table[key]) == _plain(value):
        return
    table[key] = value  # tomlkit keeps the comment after a replaced value


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _step_values(step: Step) -> dict[str, Any]:
    values: dict[str, Any] = {"id": step.id, "title": step.title, "timing": step.timing.value}
    if step.timed:
        values.update(_timed_values(step))
    optional = {
        "say": step.say,
        "say_start": step.say_start,
        "say_guide": list(step.say_guide),
        "setup": step.setup,
        "guide": [n + 1 for n in step.guide],  # the file counts instruction lines from 1
        "beat": [n + 1 for n in step.beat],
        "picture": step.picture,
        "picture_alt": step.picture_alt,
        "mirror": step.mirror,
        **{f"picture_{side.value}": name for side, name in step.side_pictures},
        "picture_guide": list(step.guide_pictures),
    }
    values.update((key, value) for key, value in optional.items() if value)
    values["instructions"] = list(step.instructions)
    return values


def _timed_values(step: Step) -> dict[str, Any]:
    import tomlkit

    values: dict[str, Any] = {}
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
    return values


def _put_dose(document: Any, dose: Dose, has_plan: bool) -> None:
    """``[dose]``: left out when it says what no dose says (once a day, the
    person's own weekly goal), unless the file has one beside a plan."""
    import tomlkit

    if dose == Dose() and (not has_plan or "dose" not in document):
        if "dose" in document:
            del document["dose"]
        return
    table = document.get("dose")
    if not isinstance(table, dict):
        table = tomlkit.table()
        document["dose"] = table
    _put_or_leave_out(table, "times_a_day", dose.times_a_day, Dose().times_a_day)
    _put_or_leave_out(table, "days_a_week", dose.days_a_week, None)


def _put_plan(document: Any, plan: Plan | None) -> None:
    """``[plan]``: its start, then its phases, each the table it was in the
    file (found by title, or else in the same place) with its values changed."""
    import tomlkit

    if plan is None:
        if "plan" in document:
            del document["plan"]
        return
    table = document.get("plan")
    if not isinstance(table, dict):
        table = tomlkit.table()
        document["plan"] = table
    _put_or_leave_out(table, "start", plan.start, None)
    given = table.get("phases")
    old = [phase for phase in given if isinstance(phase, dict)] if isinstance(given, list) else []
    titles = {phase.title for phase in plan.phases}
    used: set[int] = set()
    tables: list[Any] = []
    first_week = 1
    for place, phase in enumerate(plan.phases):
        found = next((n for n, t in enumerate(old) if n not in used and t.get("title") == phase.title), None)
        if found is None and place < len(old) and place not in used and old[place].get("title") not in titles:
            found = place
        if found is not None:
            used.add(found)
        phase_table = old[found] if found is not None else tomlkit.table()
        _put_phase(phase_table, phase, first_week)
        tables.append(phase_table)
        first_week += phase.weeks
    if len(tables) == len(old) and all(new is was for new, was in zip(tables, old, strict=True)):
        return  # the same phases in the same order: the file's own layout stays
    if "phases" in table:
        del table["phases"]
    phases = tomlkit.aot()
    for phase_table in tables:
        phases.append(phase_table)
    table["phases"] = phases


def _put_phase(table: Any, phase: PlanPhase, first_week: int) -> None:
    _put(table, "title", phase.title)
    _put(table, "weeks", phase.weeks)
    if "from_week" in table:  # the person's own reminder of where it starts, kept true
        _put(table, "from_week", first_week)
    steps = table.get("steps")
    if steps is not None and not isinstance(steps, dict):
        del table["steps"]
        steps = None
    wanted = {numbers.step for numbers in phase.numbers}
    for step_id in [key for key in (steps or {}) if key not in wanted]:
        del steps[step_id]
    if not wanted and "steps" in table:
        del table["steps"]
    for numbers in phase.numbers:
        _put_numbers(table, numbers)


def _put_numbers(phase_table: Any, numbers: PhaseNumbers) -> None:
    """One step's numbers in a phase: in its table (a dotted key's, an inline
    table or a sub-table) changed in place, or as a new dotted key."""
    import tomlkit

    values = _number_values(numbers)
    steps = phase_table.get("steps")
    old = steps.get(numbers.step) if isinstance(steps, dict) else None
    if not isinstance(old, dict):
        inline = tomlkit.inline_table()
        inline.update(values)
        if isinstance(steps, dict):
            steps[numbers.step] = inline
        else:
            phase_table.add(tomlkit.key(["steps", numbers.step]), inline)
        return
    for key in ("seconds", "sets", "rest", "reps", "grow"):
        if key in old and key not in values:
            del old[key]
    for key, value in values.items():
        if key == "grow" and isinstance(old.get("grow"), dict):
            _put_growth(old["grow"], value)
        else:
            _put(old, key, value)


def _number_values(numbers: PhaseNumbers) -> dict[str, Any]:
    import tomlkit

    values: dict[str, Any] = {
        key: value for key in ("seconds", "sets", "rest", "reps") if (value := getattr(numbers, key)) is not None
    }
    if numbers.growth is not None:
        grow = tomlkit.inline_table()
        grow.update(_growth_values(numbers.growth))
        values["grow"] = grow
    return values


def _growth_values(growth: Growth) -> dict[str, int]:
    return {"every_weeks": growth.every_weeks, growth.quantity.value: growth.by, "up_to": growth.up_to}


def _put_growth(table: Any, grow: Any) -> None:
    """A rule changed in place: its every_weeks and up_to left out where the
    file left them out and they are what that means (1 week, the routine's limit)."""
    values = dict(_plain(grow))
    quantity = next(q for q in Quantity if q.value in values)
    for key in [key for key in table if key in {q.value for q in Quantity} and key != quantity.value]:
        del table[key]
    _put(table, quantity.value, values[quantity.value])
    _put_or_leave_out(table, "every_weeks", values["every_weeks"], 1)
    _put_or_leave_out(table, "up_to", values["up_to"], quantity_limits(quantity)[1])


def _put_or_leave_out(table: Any, key: str, value: Any, default: Any) -> None:
    """A value that may be left out: not written where the file leaves it out
    and it is what leaving it out means; taken out when it is None."""
    if value is None or (value == default and key not in table):
        if value is None and key in table:
            del table[key]
        return
    _put(table, key, value)


def _failed(said: str, **names: object) -> LibraryError:
    """A LibraryError saying ``said`` (marked N_ where it is declared) in the person's language, filled in."""
    return LibraryError(_(said).format(**names))


def _why(exc: OSError) -> object:
    """What an OSError says in a sentence: its own words, else the whole error."""
    return exc.strerror or exc


_THERE_IS_NO_ROUTINE = N_("there is no routine {routine_id} (footdesk routine list shows them)")
_IS_NOT_A_FOLDER = N_("{folder} is not a folder (a link or a file is there); footdesk writes no picture in it")
_THE_LIBRARY_ALREADY_HOLDS = N_("the library already holds {max_routines} routines; delete some first")
_CANNOT_COPY_IT_INTO = N_("{source}: cannot copy it into your routines ({problem})")
_CANNOT_COPY_ITS_PICTURES = N_("{path}: cannot copy its pictures ({problem}); nothing was saved")
_CANNOT_SAVE_IT_NOTHING = N_("{path}: cannot save it ({problem}); nothing was changed")
_CANNOT_COPY_THE_PICTURES = N_("cannot copy the pictures of “{title}” ({problem})")
_CANNOT_WRITE_IT_NOTHING = N_("{path}: cannot write it ({problem}); nothing was imported")
_CANNOT_REPLACE_IT_NOTHING = N_("{path}: cannot replace it ({problem}); nothing was imported")
_CANNOT_MOVE_IT_ASIDE = N_("{pictures}: cannot move it aside ({problem}); nothing was deleted")
_A_PICTURE_OF_NOTHING = N_("{target}: {problem} (a picture of “{title}”); nothing was written")
_CANNOT_KEEP_A_COPY = N_("{path}: cannot keep a copy of it ({problem}); nothing was saved")
"""What the library says when a file operation fails (looked up by ``_failed``)."""
