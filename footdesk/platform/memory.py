"""Handing memory that footdesk freed back to the system.

The sound device closes between cues (audio.REST_AFTER_S) and opens again
for the next one, loading the cues afresh each time: a few megabytes freed and
taken again, dozens of times an hour, while the window repaints in between.
glibc keeps freed memory mapped for reuse, and the blocks left between the
window's allocations made a process that stays open all day creep up by about
half a megabyte over its first quarter of an hour (tests/perf/bench_counting).
Asking glibc to give back every free page after the device closes keeps the
resident size at what is really in use, and lower. Elsewhere (macOS, musl,
Windows) the allocator already returns large blocks itself, and this does
nothing.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable

log = logging.getLogger(__name__)


def give_back_freed_memory() -> bool:
    """Return the freed pages of every malloc arena to the system; True when
    the allocator was asked (glibc), False where there is no such call."""
    trim = malloc_trim()
    if trim is None:
        return False
    trim(0)  # 0: keep no slack at the top of the heap; it is taken again in milliseconds if needed
    return True


@functools.cache
def malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, looked up once; None elsewhere."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return None
    except (AttributeError, ValueError, OSError):  # not a glibc system, or no confstr at all (Windows)
        return None
    import ctypes  # half a megabyte: loaded on the first rest of the device, never at start

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError) as exc:
        log.debug("memory: no malloc_trim (%s)", exc)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim
