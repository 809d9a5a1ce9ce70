"""Freed memory goes back to the system (glibc), measured on this process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from footdesk.platform import memory


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):
        return False


FREE_THEN_GIVE_BACK = """
import os
from footdesk.platform import memory

def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

blocks = [bytearray(b"x" * 64 * 1024) for _ in range(640)]  # 40 MB from malloc's heap, every page touched
del blocks
freed = resident_mb()
asked = memory.give_back_freed_memory()
print(asked, round(freed - resident_mb(), 1))
"""


@pytest.mark.skipif(not _glibc() or not os.path.exists("/proc/self/statm"), reason="glibc's malloc_trim, seen in /proc")
def test_memory_freed_but_kept_by_the_allocator_goes_back_to_the_system():
    # a fresh process, whose allocator keeps all it frees (as it keeps the
    # holes between blocks still in use in a long-running one)
    env = dict(os.environ, MALLOC_TRIM_THRESHOLD_=str(2**30), MALLOC_MMAP_THRESHOLD_=str(2**20))
    done = subprocess.run(
        [sys.executable, "-c", FREE_THEN_GIVE_BACK], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    asked, given_back_mb = done.stdout.split()
    assert asked == "True"
    assert float(given_back_mb) > 30, f"{given_back_mb} MB of 40 went back"


def test_without_glibc_it_does_nothing(monkeypatch):
    def no_glibc(name: str) -> str:
        raise ValueError(name)

    monkeypatch.setattr(memory.os, "confstr", no_glibc)
    memory.malloc_trim.cache_clear()
    try:
        assert memory.give_back_freed_memory() is False
    finally:
        memory.malloc_trim.cache_clear()
