"""A launch hands its wish to the running footdesk before Qt is loaded, and
goes on to the lock whenever it cannot be sure."""

from __future__ import annotations

import os
import socket as pysocket
import threading
import time
from pathlib import Path

import pytest

from footdesk.platform import handover
from footdesk.platform.handover import ACTIVATE, START, hand_over_quickly, wish
from footdesk.platform.single_instance import listen_address
from tests.helpers.one_copy import listening

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows hands over through the named pipe (Qt)")


@pytest.fixture
def lock(tmp_path) -> Path:
    return tmp_path / "state" / "footdesk.lock"


@pytest.fixture
def running(qtbot, lock):
    """A running footdesk's side: the lock held, listening, what it was told."""
    with listening(lock) as (_first, received):
        yield lock, received


def listener_at(lock: Path) -> pysocket.socket:
    """A socket listening where the running copy would, that never greets."""
    address = listen_address(lock)
    assert address is not None
    listener = pysocket.socket(pysocket.AF_UNIX)
    listener.bind(address)
    listener.listen(1)
    return listener


def told(listener: pysocket.socket) -> bytes:
    """What the launch sent before it hung up."""
    listener.settimeout(1)
    peer, _ = listener.accept()
    with peer:
        peer.settimeout(1)
        return peer.recv(64)


def test_each_launch_says_what_it_wants():
    assert wish(start_now=False, routine=None) == ACTIVATE
    assert wish(start_now=True, routine=None) == START
    assert wish(start_now=True, routine="evening-feet") == b"start:evening-feet"
    assert wish(start_now=True, routine="pied-é") == b"start:pied-?"  # the running copy reads ASCII


def in_a_thread(call) -> list:
    """The launch runs in a process of its own; here a thread, so that the
    running copy's event loop (this thread's) can answer it."""
    result: list = []
    threading.Thread(target=lambda: result.append(call()), daemon=True).start()
    return result


def test_the_running_copy_takes_the_wish(qtbot, running):
    lock, received = running
    handed = in_a_thread(lambda: hand_over_quickly(wish(True, "evening-feet"), lock))
    qtbot.waitUntil(lambda: handed == [True] and received == [b"start:evening-feet"])
    handed = in_a_thread(lambda: hand_over_quickly(ACTIVATE, lock))
    qtbot.waitUntil(lambda: handed == [True] and received == [b"start:evening-feet", ACTIVATE])


def test_a_copy_that_hangs_is_told_nothing_it_would_do_later(lock, monkeypatch):
    """Its socket still takes connections (the kernel queues them) but it never
    greets: the launch gives up after the time-out without sending its wish."""
    monkeypatch.setattr(handover, "TIMEOUT_S", 0.3)
    with listener_at(lock) as hung:
        began = time.monotonic()
        assert not hand_over_quickly(START, lock)
        assert time.monotonic() - began < 2
        assert told(hung) == b"", "nothing was sent for it to carry out when it wakes"


def test_with_nothing_running_the_launch_goes_on(lock):
    assert not hand_over_quickly(ACTIVATE, lock)


def test_a_socket_left_by_a_copy_that_ended_is_no_hand_over(lock):
    with listener_at(lock):
        pass
    assert os.path.exists(listen_address(lock)), "a killed copy leaves its socket file behind"
    began = time.monotonic()
    assert not hand_over_quickly(START, lock)
    assert time.monotonic() - began < 1, "refused at once, not after a time-out"


def test_something_else_at_the_sockets_place_is_no_hand_over(lock):
    address = listen_address(lock)
    assert address is not None
    with open(address, "w") as placed:
        placed.write("not a socket")
    assert not hand_over_quickly(START, lock)


@pytest.mark.skipif(not hasattr(pysocket, "SO_PEERCRED"), reason="no SO_PEERCRED on this system")
def test_a_server_of_another_user_is_told_nothing(lock, monkeypatch):
    with listener_at(lock) as squatter:
        monkeypatch.setattr(handover, "peer_uid", lambda connection: os.geteuid() + 1)
        assert not hand_over_quickly(START, lock)
        monkeypatch.undo()
        assert told(squatter) == b"", "hung up without a word"
