"""Signals that end footdesk, held while it starts.

A SIGINT (Ctrl+C), SIGTERM (logout) or SIGHUP that lands while Python loads
Qt breaks Qt's import (a crash, not even a traceback), and one that lands in
Qt's event loop before footdesk handles signals is lost: the window stays up.
So the entry point holds them (``hold``) before Qt loads, and the window's
signal handling lets them through (``release``) once it can close cleanly:
a held signal is not lost, it arrives then. No Qt here: the entry point uses
this before Qt is imported.

A held signal cannot end a start that never gets that far. Short of memory
(``ulimit -v``) Qt's painting can wait for ever on a thread it could not
start, holding Python's lock, so no Python code runs again, in any thread. So
the start is watched from outside Python (faulthandler's own thread): if it
is stuck for HUNG_START_S, the process ends with its stacks in the log
(``end_if_stuck``), and the lock goes with it; so does a close that hangs once
a signal asked for it.
"""

from __future__ import annotations

import signal
from typing import TextIO

ENDING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
HUNG_START_S = 60.0
"""A start normally shows its window in a fraction of a second."""
HUNG_CLOSE_S = 10.0
"""A close (the part under way recorded, the history closed) takes well under a second."""


def _numbers() -> set[int]:
    return {getattr(signal, name) for name in ENDING_SIGNALS if hasattr(signal, name)}


def hold() -> None:
    if hasattr(signal, "pthread_sigmask"):  # POSIX; Windows has no signal mask (nor these crashes)
        signal.pthread_sigmask(signal.SIG_BLOCK, _numbers())


def release() -> None:
    not_stuck()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _numbers())


def end_if_stuck(seconds: float, stacks_to: TextIO) -> bool:
    """End the process in ``seconds`` unless ``not_stuck`` (or ``release``)
    comes first, writing every thread's stack to ``stacks_to`` (a file of
    its own: a descriptor closed meanwhile could be another file by then).
    False when it cannot be watched (no thread can be started)."""
    import faulthandler

    try:
        faulthandler.dump_traceback_later(seconds, exit=True, file=stacks_to)
    except (RuntimeError, OSError, ValueError, MemoryError):
        return False
    return True


def not_stuck() -> None:
    import faulthandler

    faulthandler.cancel_dump_traceback_later()


def let_them_end_it() -> None:
    """For a launch that only hands over to the running footdesk and has no
    window to close: the held signals, and any that come, end it at once (a
    time-out, Ctrl+C or logout while it waits for an answer or shows why)."""
    for name in ENDING_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # nohup's stays ignored
            signal.signal(number, signal.SIG_DFL)
    release()
