"""Writing files so that a crash or a power cut never leaves half a file, and
so that what footdesk keeps stays the person's own.

The person's records (back-pain ratings are health data) live in folders
footdesk makes 0700 and files it makes 0600. Links are followed only where the
person put them on purpose (a dotfile-managed settings.toml): never for a
backup copy, the log or an export.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from footdesk.i18n import N_, _

log = logging.getLogger(__name__)

TEMP_PREFIX = ".footdesk-tmp-"
STALE_TEMP_AGE_S = 3600
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class TargetError(OSError):
    """footdesk will not write to ``path``; ``reason`` says why in words a
    person can act on. An OSError, so every caller that reports a failed write
    (``exc.strerror``) reports this one too."""

    def __init__(self, path: Path | str, reason: str, code: int = errno.EEXIST) -> None:
        super().__init__(code, reason, str(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return _("{path}: {problem}").format(path=self.path, problem=self.reason)


class ExportTargetError(TargetError):
    """An export (``footdesk export FILE``, the window's CSV) cannot go to this path."""


def atomic_write_text(path: Path, text: str, *, follow_symlinks: bool = True) -> None:
    """``atomic_write_bytes`` of the text as UTF-8 (newlines as given)."""
    atomic_write_bytes(path, text.encode("utf-8"), follow_symlinks=follow_symlinks)


def atomic_write_bytes(path: Path, data: bytes, *, follow_symlinks: bool = True) -> None:
    """Replace ``path`` with ``text`` in one step: a temp file in the same folder,
    flushed and synced, renamed over the old file (keeping its permissions), then
    the folder synced so the rename itself survives a power cut.

    A symbolic link (a settings.toml kept in a dotfiles repository) is written
    through: the file it points to is replaced, atomically, in its own folder,
    and the link stays a link. With ``follow_symlinks=False`` (exports) a link
    is refused instead. Anything but a regular file (a FIFO, a device, a
    folder, a socket) is never replaced: TargetError. A new file is 0600;
    missing folders are made 0700.
    """
    target = _write_target(Path(path), follow_symlinks)
    folder = target.parent
    if target == Path(path):
        create_private_dirs(folder)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)  # 0600
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(folder)


def write_new_file(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Create ``path`` with ``data``; never follow a link and never overwrite
    anything already there (FileExistsError, or OSError ELOOP for a link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """Where a copy of the person's file is kept before footdesk replaces it:
    beside it, so they find it, and named so footdesk never reads it as one of
    its own files (``settings.toml.20260101-120000.bak``)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.{stamp}.bak")


MAX_COPIES_PER_SECOND = 100


def write_copy(content: bytes, first: Path) -> Path:
    """Keep ``content`` (a file of the person's about to be replaced) as a new
    private file named ``first``, or ``first`` with "-2", "-3"… when that name
    is taken: never written through a link planted under the name, never over
    another file. OSError when it cannot be kept (FileExistsError when every
    name is taken)."""
    for number in range(1, MAX_COPIES_PER_SECOND + 1):
        target = first if number == 1 else first.with_name(f"{first.stem}-{number}{first.suffix}")
        try:
            write_new_file(target, content)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link under that name (O_NOFOLLOW): leave it, take another
                continue
            raise
        return target
    raise FileExistsError(errno.EEXIST, _("too many copies this second"), str(first))


def open_log(path: Path | str) -> io.TextIOWrapper:
    """The log file, opened to append: created 0600, never through a link
    (OSError ELOOP) and never anything but a regular file (TargetError), so a
    planted ``footdesk.log`` link or FIFO neither receives the log nor hangs the
    start. Returns a text stream for a logging handler (see PrivateLogHandler)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _NONBLOCK | _BINARY
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TargetError(path, _("is not a regular file; footdesk does not log into it"))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return open(fd, "a", encoding="utf-8", errors="backslashreplace", closefd=True)
    except BaseException:
        os.close(fd)
        raise


class PrivateLogHandler(logging.FileHandler):
    """logging.FileHandler that opens its file with open_log (0600, no links,
    regular files only). Raises OSError from the constructor, as FileHandler does.

    Given ``max_bytes`` and ``backups`` it rotates while footdesk runs, by
    logging.handlers.RotatingFileHandler's rule (before a record would take
    the file to ``max_bytes``: footdesk.log becomes footdesk.log.1, .1 becomes
    .2, up to ``backups``, the oldest dropped), so that nothing, not even a
    program flooding footdesk with things to log, fills the disk with it. It
    does not import logging.handlers (and its socket and pickle) for that:
    the log is set up before the first window.

    A record that cannot be written (a full disk, a log folder gone
    read-only) is dropped without Python's "--- Logging error ---" and its
    traceback on standard error: ``say`` is told once, in one line, and the
    log carries on, with a line saying what is missing, once it can be
    written again."""

    terminator = "\n"

    def __init__(
        self,
        path: Path | str,
        max_bytes: int = 0,
        backups: int = 0,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.backups = backups
        self._say = say or _say_on_stderr
        self._said = False
        self._missing: str | None = None  # why records were dropped, until one is written again
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        return open_log(self.baseFilename)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record) + self.terminator
            if self.stream is None:
                self.stream = self._open()
            if self._missing is not None:
                text = f"(the log could not be written for a while ({self._missing}); lines are missing)\n{text}"
            if self.max_bytes > 0 and self.backups > 0 and self.stream.tell() + len(text) >= self.max_bytes:
                self.rotate()
            self.stream.write(text)
            self.stream.flush()
            self._missing = None
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - whatever failed, the record is dropped quietly (handleError)
            self.handleError(record)

    def rotate(self) -> None:
        """footdesk.log to footdesk.log.1, and so on; a new footdesk.log (by open_log)."""
        if self.stream is not None:
            stream, self.stream = self.stream, None
            stream.close()
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.lexists(older):  # a link planted there is moved as a link, never written through
                os.replace(older, f"{base}.{number + 1}")
        if os.path.lexists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """Drop the record and the stream (it is opened again for the next
        one); say so once, in one line."""
        error = sys.exc_info()[1]
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error) or type(error).__name__
        self._missing = reason
        if self.stream is not None:
            stream, self.stream = self.stream, None
            with contextlib.suppress(Exception):
                stream.close()  # what it still holds could not be written either
        if not self._said:
            self._said = True
            self._say(
                _(
                    "footdesk: {path}: cannot write the log ({problem}); footdesk goes on, and the log resumes "
                    "when it can be written"
                ).format(path=self.baseFilename, problem=reason)
            )


def _say_on_stderr(line: str) -> None:
    with contextlib.suppress(Exception):  # no terminal, or a closed one: nobody to tell
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()


def check_export_target(path: Path | str, force: bool = False) -> None:
    """Refuse, before anything is written, an export path footdesk must not
    write: ExportTargetError with the path and the reason.

    - it names a folder: it ends with a slash (or ``/.``), as typed. Give the
      text as typed: a Path drops the slash, and "week.pdf/" would become the
      file week.pdf (refused even with ``force``);
    - it exists and ``force`` is False ("exists; use --force to replace it");
    - it is anything but a regular file: a symbolic link, a folder, a FIFO, a
      device, a socket (refused even with ``force``: never replaced);
    - its folder does not exist, or is not a folder (folders are not made
      for an export).

    Standard output (``-``) is the caller's to handle before this. Write the
    export afterwards with ``atomic_write_text(path, text, follow_symlinks=False)``.
    """
    typed = os.fspath(path)
    separators = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if typed.endswith(separators) or os.path.basename(typed) in (".", ".."):
        if typed.endswith(separators):
            said = _("'{typed}' names a folder (it ends with a slash), not a file")
        else:
            # TRANSLATORS: {ending} is how the name ends: '/.' or '/..'
            said = _("'{typed}' names a folder (it ends with {ending}), not a file")
        ending = f"'{os.sep}{os.path.basename(typed)}'"
        raise ExportTargetError(typed, said.format(typed=typed, ending=ending), errno.EISDIR)
    path = Path(path)
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked below
        info = None
    except OSError as exc:
        raise ExportTargetError(
            path, _("cannot check it ({problem})").format(problem=exc.strerror or exc), exc.errno or errno.EIO
        ) from exc
    if info is not None:
        kind = _kind_of(info.st_mode)
        if kind is not None:
            raise ExportTargetError(
                path, _("is {kind}, not a regular file; footdesk never replaces it").format(kind=kind)
            )
        if not force:
            raise ExportTargetError(path, _("exists; use --force to replace it"))
        return
    folder = path.parent
    try:
        folder_info = os.stat(folder)
    except FileNotFoundError:
        raise ExportTargetError(
            path,
            _("the folder {folder} does not exist; footdesk does not create it").format(folder=folder),
            errno.ENOENT,
        ) from None
    except OSError as exc:
        reason = _("cannot check its folder ({problem})").format(problem=exc.strerror or exc)
        raise ExportTargetError(path, reason, exc.errno or errno.EIO) from exc
    if not stat.S_ISDIR(folder_info.st_mode):
        raise ExportTargetError(path, _("{folder} is not a folder").format(folder=folder), errno.ENOTDIR)


def create_private_dirs(folder: Path) -> None:
    """Make ``folder`` and any missing parents, each new one 0700 (as the XDG
    spec asks of these folders). Folders that exist are left as they are."""
    folder = Path(folder)
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            pass
    if missing:
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, _("not a folder"), str(folder))


def is_private_dir(folder: Path) -> bool:
    """A real folder (not a link), owned by this user, that nobody else may
    enter or write: a safe place for a socket or a private file."""
    if os.name != "posix":
        return os.path.isdir(folder)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o077


def tighten_private_dir(folder: Path) -> list[Path]:
    """One of footdesk's own folders (never a parent such as ~/.config): make
    it 0700 and the regular files directly in it owner-only (0600 for files
    made with 0644). Links in it are skipped, never followed; things not owned
    by this user are left alone. Returns what was changed; a folder that does
    not exist is fine (nothing yet to protect). Nothing happens where files
    have no Unix modes."""
    if os.name != "posix":
        return []
    changed: list[Path] = []
    me = os.geteuid()
    try:
        info = os.stat(folder)  # a folder that is the person's own link is theirs: follow it
    except FileNotFoundError:
        return changed
    except OSError as exc:
        log.warning("%s: cannot check its permissions (%s)", folder, exc.strerror or exc)
        return changed
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != me:
        return changed
    try:
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, stat.S_IMODE(info.st_mode) & ~0o077)
            changed.append(folder)
        entries = list(os.scandir(folder))
    except OSError as exc:
        log.warning("%s: cannot make it private (%s)", folder, exc.strerror or exc)
        return changed
    # the folder is ours and closed to others now, so nobody can swap an entry
    # for a link between this lstat and the chmod
    for entry in entries:
        with contextlib.suppress(OSError):
            entry_info = entry.stat(follow_symlinks=False)
            mode = stat.S_IMODE(entry_info.st_mode)
            if stat.S_ISREG(entry_info.st_mode) and entry_info.st_uid == me and mode & 0o077:
                os.chmod(entry.path, mode & ~0o077)
                changed.append(Path(entry.path))
    return changed


def sweep_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temp files left by a copy of footdesk that died mid-write. Young
    ones are left alone: another running copy may be writing them right now."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(TEMP_PREFIX + "*"))
    except OSError:
        return removed
    for candidate in candidates:
        with contextlib.suppress(OSError):
            if now - candidate.stat().st_mtime > STALE_TEMP_AGE_S:
                candidate.unlink()
                removed.append(candidate)
    return removed


def _write_target(path: Path, follow_symlinks: bool) -> Path:
    """The file atomic_write_text really replaces: ``path``, or for a link the
    file at its end; refuses a link (without ``follow_symlinks``) and anything
    but a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(info.st_mode):
        if not follow_symlinks:
            raise TargetError(path, _("is a symbolic link; footdesk does not write through it"))
        try:
            target = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:
            target = Path(os.path.realpath(path))  # a link to a file not made yet: make it
        except OSError as exc:  # a loop of links
            reason = _("cannot follow the link ({problem})").format(problem=exc.strerror or exc)
            raise TargetError(path, reason, exc.errno or errno.ELOOP) from exc
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            return target
    else:
        target = path
    kind = _kind_of(info.st_mode)
    if kind is not None:
        raise TargetError(path, _("is {kind}, not a regular file; footdesk never replaces it").format(kind=kind))
    return target


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISLNK, N_("a symbolic link")),
        (stat.S_ISDIR, N_("a folder")),
        (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
        (stat.S_ISCHR, N_("a character device")),
        (stat.S_ISBLK, N_("a block device")),
        (stat.S_ISSOCK, N_("a socket")),
    )
    return _(next((words for test, words in kinds if test(mode)), N_("not a regular file")))


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
