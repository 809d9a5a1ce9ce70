"""Writing files so that a crash or a power cut never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".footdesk-tmp-"
STALE_TEMP_AGE_S = 3600


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a temp file in the same folder,
    flushed and synced, renamed over the old file (keeping its permissions), then
    the folder synced so the rename itself survives a power cut."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(folder)


def sweep_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temp files left by a copy of footdesk that died mid-write. Young
    ones are left alone: another running copy may be writing them right now."""
    now = time.time() if now is None else now
    removed = []
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


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
