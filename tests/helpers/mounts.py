"""Real file-system faults for tests/faults: a small disk that fills up, a
folder that turns read-only. They need root (mount); a test that cannot have
them is skipped with the reason, never faked."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


@contextmanager
def small_disk(folder: Path, size: str = "512k") -> Iterator[Path]:
    """``folder`` becomes a tmpfs of ``size``; skip the test when it cannot."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"needs a small tmpfs, and mount refused: {mounted.stderr.strip() or 'not root'}")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def fill(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last block, with dd as a person's
    download would; returns the filler file (delete it to free the space)."""
    filler = folder / "filler"
    _run("dd", "if=/dev/zero", f"of={filler}", "bs=4k")
    return filler


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` stays where it is but turns read-only (a read-only bind mount
    over itself: even root cannot write there, as chmod would not stop root)."""
    bound = _run("mount", "--bind", str(folder), str(folder))
    if bound.returncode != 0:
        pytest.skip(f"needs a read-only bind mount, and mount refused: {bound.stderr.strip() or 'not root'}")
    try:
        remounted = _run("mount", "-o", "remount,bind,ro", str(folder))
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
        yield folder
    finally:
        _run("umount", "-l", str(folder))
