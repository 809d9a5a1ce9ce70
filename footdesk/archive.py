"""A routine and its pictures in one file to share: a zip archive, written and read.

The archive holds the routine's TOML at the top (``<id>.toml``) and each
picture under the name the routine gives it (``knee.pictures/calf.png``),
bytes as they are. What a person receives is hostile until checked, and an
archive more than most: it can claim to be small and unpack to gigabytes, name
a file outside the folder it is unpacked in, hide a link, or lie in its
headers. So nothing here ever unpacks to a path: the names in the archive are
only compared with the names the routine's TOML gives, each entry is read
through a capped, streaming read (never ``extractall``, never more than its
cap + 1 bytes, whatever its header says), and every picture goes through
``pictures.check_picture_bytes`` before the library writes it under a name of
its own choosing. Every refusal is one line naming the archive, the entry and
the reason (``ReceivedFileError``).

Pure: no Qt, no I/O beyond reading the one archive asked for, and writing the
one asked for.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Self

from footdesk.i18n import _
from footdesk.pictures import KIND_OF_SUFFIX, MAX_PICTURE_BYTES, check_picture_bytes
from footdesk.routine import MAX_FILE_BYTES, Routine, RoutineError, parse_routine
from footdesk.untrusted import ReceivedFileError, read_regular_file

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
"""A routine of twenty phone photos is about 40 MB; more is not a routine."""
MAX_ENTRIES = 200
"""The TOML and its pictures (and the folders some zip tools list)."""
MAX_UNPACKED_BYTES = 2 * MAX_ARCHIVE_BYTES
"""Every entry unpacked together: photos do not compress, so a real routine
unpacks to about its archive's size; this bounds what one import can write."""
BOMB_RATIO = 100
"""Pictures are compressed already (an SVG or the TOML shrinks 3–10 times):
an entry that unpacks to more than a hundred times its packed size is a bomb…"""
BOMB_MIN_BYTES = 1024 * 1024
"""…once it unpacks to more than this (a small file of repeated bytes is harmless)."""
_CENTRAL_ENTRY = b"PK\x01\x02"
_DRIVE = re.compile(r"[A-Za-z]:")
_READ_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ReceivedRoutine:
    """The routine file of an archive: its text as written, and the routine it holds."""

    text: str
    routine: Routine


@dataclass(frozen=True)
class ZipLimits:
    """What one kind of archive may be: its size, its entries, all of them unpacked."""

    max_bytes: int
    max_entries: int
    max_unpacked: int


ROUTINE_LIMITS = ZipLimits(MAX_ARCHIVE_BYTES, MAX_ENTRIES, MAX_UNPACKED_BYTES)


class CheckedZip:
    """A zip opened and checked as a whole from its central directory (size,
    entry count, names, links and other non-files, encryption, duplicates,
    each entry's cap and compression ratio) before one entry is unpacked; then
    capped streaming reads. ``cap_of`` says what an entry of that name may
    unpack to, or None for a name this kind of archive never holds (refused).
    A routine's archive and a backup (``backup.py``) are both read through it."""

    def __init__(self, path: Path, limits: ZipLimits, cap_of: Callable[[str], int | None]) -> None:
        self.path = path
        self._cap_of = cap_of
        data = read_regular_file(path, limits.max_bytes)  # what is checked is what is read: one snapshot
        if data.count(_CENTRAL_ENTRY) > 4 * limits.max_entries:  # before zipfile makes an object of each
            raise ReceivedFileError(
                path, _("the archive holds more than {max_entries} entries").format(max_entries=limits.max_entries)
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, EOFError, OSError) as exc:
            raise ReceivedFileError(
                path, _("not a zip archive, or a damaged one ({problem})").format(problem=exc)
            ) from None
        if len(infos) > limits.max_entries:
            raise ReceivedFileError(
                path,
                _("the archive holds {count} entries; at most {max_entries}").format(
                    count=len(infos), max_entries=limits.max_entries
                ),
            )
        self._entries: dict[str, zipfile.ZipInfo] = {}
        self._folders: set[str] = set()
        unpacked = 0
        for info in infos:
            self._check_entry(info)
            unpacked += info.file_size
        if unpacked > limits.max_unpacked:
            raise ReceivedFileError(
                path,
                _("the archive would unpack to {unpacked} bytes; at most {max_unpacked}").format(
                    unpacked=unpacked, max_unpacked=limits.max_unpacked
                ),
            )

    @property
    def names(self) -> tuple[str, ...]:
        """The files it holds (not its folders), in its order."""
        return tuple(self._entries)

    @property
    def folders(self) -> frozenset[str]:
        """The folders it lists, each ending with a slash."""
        return frozenset(self._folders)

    def read(self, name: str) -> bytes:
        """One file it holds, unpacked through a capped read (its cap is ``cap_of``'s)."""
        cap = self._cap_of(name)
        if cap is None or name not in self._entries:
            raise self._refuse(name, _("not in the archive"))
        return self._read(name, cap)

    def _refuse(self, name: str, reason: str) -> ReceivedFileError:
        # TRANSLATORS: {entry} is a file's name inside a zip archive; {problem} why it is refused
        return ReceivedFileError(self.path, _("{entry}: {problem}").format(entry=_shown(name), problem=reason))

    def _check_entry(self, info: zipfile.ZipInfo) -> None:
        """Everything the central directory says about one entry, before it is read."""
        name = info.filename
        self._check_name(name)
        kind = stat.S_IFMT(info.external_attr >> 16)  # the Unix mode, where the zip tool kept one
        if kind == stat.S_IFLNK:
            raise self._refuse(name, _("a symbolic link"))
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise self._refuse(name, _("not a regular file (a device, a pipe or a socket)"))
        if info.flag_bits & 0x1:
            raise self._refuse(name, _("encrypted"))
        if name.endswith("/") or kind == stat.S_IFDIR or info.external_attr & 0x10:  # 0x10: MS-DOS's folder
            if info.file_size:
                raise self._refuse(name, _("a folder with content"))
            self._folders.add(name.rstrip("/") + "/")
            return
        if info.compress_type not in _READ_METHODS:
            raise self._refuse(
                name,
                _("compressed in a way footdesk does not read (method {compress_type})").format(
                    compress_type=info.compress_type
                ),
            )
        cap = self._cap_of(name)
        if cap is None:
            raise self._refuse(name, _("not a name this kind of archive holds"))
        if info.file_size > cap:
            raise self._refuse(
                name,
                _("it unpacks to {file_size} bytes; at most {cap} (it was not unpacked)").format(
                    file_size=info.file_size, cap=cap
                ),
            )
        if info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            raise self._refuse(
                name,
                _(
                    "it unpacks to {file_size} bytes from {compress_size}, more than {bomb_ratio} to 1: a "
                    "zip bomb (it was not unpacked)"
                ).format(file_size=info.file_size, compress_size=info.compress_size, bomb_ratio=BOMB_RATIO),
            )
        self._entries[name] = info

    def _check_name(self, name: str) -> None:
        """A name is only ever compared with the routine's, never used as a
        path; still, one that would be a dangerous path says the archive was
        made to harm, and is refused by itself."""
        if name in self._entries or name.rstrip("/") + "/" in self._folders:
            raise self._refuse(name, _("the archive holds two entries of this name"))
        if name.startswith("/") or _DRIVE.match(name):
            raise self._refuse(name, _("an absolute path"))
        if "\\" in name:
            raise self._refuse(name, _("a path with a backslash"))
        if any(part in ("", ".", "..") for part in name.rstrip("/").split("/")):
            raise self._refuse(name, _("a path that climbs out of the archive (or has an empty part)"))

    def _read(self, name: str, cap: int) -> bytes:
        """A capped, streaming read: at most ``cap`` + 1 bytes come out of the
        decompressor, whatever the headers say (zipfile stops at the declared
        size and checks the CRC there, so a header that lies is damage)."""
        info = self._entries[name]
        try:
            with self._zip.open(info) as entry:
                chunks: list[bytes] = []
                left = cap + 1
                while left > 0:  # in small reads: zipfile unpacks as much as one read asks, whatever the header says
                    chunk = entry.read(min(left, _CHUNK))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    left -= len(chunk)
                if left <= 0:
                    raise self._refuse(name, _("it unpacks to more than {cap} bytes").format(cap=cap))
            data = b"".join(chunks)
        except ReceivedFileError:
            raise
        except (zipfile.BadZipFile, ValueError, struct.error, EOFError, OSError, zlib.error) as exc:
            raise self._refuse(name, _("damaged ({problem})").format(problem=exc)) from None
        except (NotImplementedError, RuntimeError) as exc:  # an encryption or method zipfile refuses
            raise self._refuse(name, _("cannot be read ({problem})").format(problem=exc)) from None
        if len(data) != info.file_size:
            raise self._refuse(
                name,
                _("damaged (it holds {count} bytes, its header says {file_size})").format(
                    count=len(data), file_size=info.file_size
                ),
            )
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class RoutineArchive(CheckedZip):
    """An archive opened and checked as a whole (size, entries, names, kinds,
    sizes, encryption) before one entry is unpacked. ``routine()`` reads the
    TOML; ``picture(name)`` each picture, checked."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, ROUTINE_LIMITS, _cap_of)
        tomls = [name for name in self._entries if "/" not in name and name.lower().endswith(".toml")]
        if len(tomls) != 1:
            if not tomls:
                said = _("a routine archive holds one routine file (.toml) at its top; found none")
            else:
                said = _("a routine archive holds one routine file (.toml) at its top; found {found}")
            raise ReceivedFileError(path, said.format(found=", ".join(_shown(name) for name in tomls)))
        self.toml_name = tomls[0]

    def routine(self) -> ReceivedRoutine:
        """The routine file, read and checked (RoutineError); every other entry
        must be one of its pictures (or a folder of one), and every picture it
        names must be there (ReceivedFileError)."""
        raw = self._read(self.toml_name, MAX_FILE_BYTES)
        source = f"{self.path}: {self.toml_name}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RoutineError(source, _("not a text file (it is not valid UTF-8)")) from None
        routine = parse_routine(text, source)  # RoutineError names the archive, its file, the line and key
        names = set(routine.picture_names)
        folders = {"/".join(name.split("/")[:depth]) + "/" for name in names for depth in range(1, name.count("/") + 1)}
        for name in self._entries:
            if name != self.toml_name and name not in names:
                raise self._refuse(
                    name, _("not one of the pictures {toml_name} names").format(toml_name=self.toml_name)
                )
        for name in self._folders:
            if name not in folders:
                raise self._refuse(
                    name, _("a folder none of the pictures {toml_name} names is in").format(toml_name=self.toml_name)
                )
        for name in routine.picture_names:
            if name not in self._entries:
                raise self._refuse(
                    name,
                    _("{toml_name} names this picture, but the archive does not hold it").format(
                        toml_name=self.toml_name
                    ),
                )
        return ReceivedRoutine(text, routine)

    def picture(self, name: str) -> bytes:
        """One picture the routine names, unpacked (capped) and checked."""
        data = self._read(name, MAX_PICTURE_BYTES)
        kind = KIND_OF_SUFFIX[Path(name).suffix.lower()]  # the routine's names are pictures by their suffix
        try:
            check_picture_bytes(data, kind, name)
        except ReceivedFileError as exc:
            raise self._refuse(name, exc.reason) from None
        return data


def archive_bytes(toml_name: str, text: str, pictures: Iterable[tuple[str, bytes]], now: datetime) -> bytes:
    """The archive of a routine: its TOML at the top, each picture under the
    name the routine gives it, bytes as they are. Refused (ValueError, with
    why) when footdesk itself would refuse to read it back: over the size, the
    entries, or an entry that compresses like a bomb is stored instead."""
    stamp = now.timetuple()[:6]
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in ((toml_name, text.encode("utf-8")), *pictures):
            count += 1
            if count > MAX_ENTRIES:
                raise ValueError(
                    _("it would hold more than {max_entries} files, which footdesk cannot import").format(
                        max_entries=MAX_ENTRIES
                    )
                )
            info = zipfile.ZipInfo(name, stamp)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            packed = len(zlib.compress(data, 6))
            shrinks = packed < len(data) * 0.9
            bomb_like = len(data) > BOMB_MIN_BYTES and len(data) > BOMB_RATIO * packed
            info.compress_type = zipfile.ZIP_DEFLATED if shrinks and not bomb_like else zipfile.ZIP_STORED
            archive.writestr(info, data)
            if buffer.tell() > MAX_ARCHIVE_BYTES:
                raise ValueError(
                    _("it would be over {megabytes} MB, which footdesk cannot import").format(
                        megabytes=MAX_ARCHIVE_BYTES // (1024 * 1024)
                    )
                )
    return buffer.getvalue()


def _cap_of(name: str) -> int:
    """What an entry may unpack to: the routine file's size, or a picture's."""
    return MAX_FILE_BYTES if "/" not in name and name.lower().endswith(".toml") else MAX_PICTURE_BYTES


def _shown(name: str) -> str:
    """An entry's name as a line shows it: quoted, and not a screenful."""
    return repr(name if len(name) <= 100 else name[:100] + "…")
