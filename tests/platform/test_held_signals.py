"""The signals that end footdesk: held while Qt loads, and given back."""

from __future__ import annotations

import signal

import pytest

from footdesk.platform import held_signals

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")


@pytest.fixture
def signals_as_they_were():
    names = [name for name in held_signals.ENDING_SIGNALS if hasattr(signal, name)]
    before = {name: signal.getsignal(getattr(signal, name)) for name in names}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    yield
    for name, handler in before.items():
        signal.signal(getattr(signal, name), handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def test_a_launch_that_only_hands_over_is_ended_by_them_at_once(signals_as_they_were):
    held_signals.hold()
    assert signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    held_signals.let_them_end_it()
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
def test_a_hangup_ignored_by_nohup_stays_ignored(signals_as_they_were):
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    held_signals.let_them_end_it()
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
