"""Freed memory goes back to the system (glibc), measured on this process."""

from __future__ import annotations

import os

import pytest

from footdesk.platform import memory


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):
        return False


@pytest.mark.skipif(not _glibc() or not os.path.exists("/proc/self/statm"), reason="glibc's malloc_trim, seen in /proc")
def test_memory_freed_between_blocks_still_in_use_goes_back_to_the_system():
    # 40 MB in blocks small enough for malloc's heap (not mmap), each followed
    # by a small block that stays: freeing the big ones leaves holes that
    # glibc keeps resident, since the heap's top is still in use
    big, kept = [], []
    for _ in range(640):
        big.append(bytearray(64 * 1024))
        kept.append(bytearray(1000))  # over pymalloc's 512 bytes: from the same heap
    for block in big:
        block[::4096] = b"x" * len(block[::4096])  # touch every page
    del block
    big.clear()
    before = _resident_mb()
    assert memory.give_back_freed_memory() is True
    after = _resident_mb()
    assert before - after > 20, f"{before:.1f} MB resident before, {after:.1f} MB after"
    assert len(kept) == 640


def test_without_glibc_it_does_nothing(monkeypatch):
    def no_glibc(name: str) -> str:
        raise ValueError(name)

    monkeypatch.setattr(memory.os, "confstr", no_glibc)
    memory.malloc_trim.cache_clear()
    try:
        assert memory.give_back_freed_memory() is False
    finally:
        memory.malloc_trim.cache_clear()
