"""Signals that end footdesk, held while it starts.

A SIGINT (Ctrl+C), SIGTERM (logout) or SIGHUP that lands while Python loads
Qt breaks Qt's import (a crash, not even a traceback), and one that lands in
Qt's event loop before footdesk handles signals is lost: the window stays up.
So the entry point holds them (``hold``) before Qt loads, and the window's
signal handling lets them through (``release``) once it can close cleanly:
a held signal is not lost, it arrives then. No Qt here: the entry point uses
this before Qt is imported.
"""

from __future__ import annotations

import signal

ENDING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _numbers() -> set[int]:
    return {getattr(signal, name) for name in ENDING_SIGNALS if hasattr(signal, name)}


def hold() -> None:
    if hasattr(signal, "pthread_sigmask"):  # POSIX; Windows has no signal mask (nor these crashes)
        signal.pthread_sigmask(signal.SIG_BLOCK, _numbers())


def release() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _numbers())


def let_them_end_it() -> None:
    """For a launch that only hands over to the running footdesk and has no
    window to close: the held signals, and any that come, end it at once (a
    time-out, Ctrl+C or logout while it waits for an answer or shows why)."""
    for name in ENDING_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # nohup's stays ignored
            signal.signal(number, signal.SIG_DFL)
    release()
