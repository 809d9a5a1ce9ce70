"""Waiting on the real world (a subprocess, a socket, an X server) for a
condition, never for a fixed time: on a busy machine a fixed wait is either
too short (a flaky test) or, everywhere else, time lost."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_S = 0.02


def wait_for(condition: Callable[[], object], what: str = "the condition", timeout: float = 20.0) -> None:
    """Return as soon as ``condition()`` is true; fail naming ``what`` after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(POLL_S)
