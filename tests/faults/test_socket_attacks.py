"""The one-copy socket against what any program of this person's can send it:
idle connections by the thousand, a stream of bytes, messages that are no
wish. footdesk keeps running, keeps listening, and says so in the log in a
few short lines.

Before: 1,055 idle connections ran footdesk out of file descriptors; Qt then
closed the server and unlinked the socket, and no later launch could reach it
("nothing listens"). A 1 GB stream was taken chunk by chunk as wishes and
logged whole: 220 MB of log in 30 s."""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import stat
import threading
import time
from pathlib import Path

import pytest

from footdesk.platform import handover, single_instance
from footdesk.platform.handover import ACTIVATE, READY, START, Delivery, hand_over_quickly
from footdesk.platform.single_instance import MAX_CONNECTIONS, SingleInstance, listen_address
from tests.helpers.one_copy import listening
from tests.helpers.real_app import app_environment, launch, limited, open_descriptors
from tests.test_app import log_text, wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the Unix socket (Windows has a named pipe)")


@pytest.fixture
def lock(user_dirs) -> Path:
    return Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "footdesk.lock"


@pytest.fixture
def running(qtbot, lock):
    """A running footdesk's side: the lock held, listening, what it was told."""
    with listening(lock) as (first, received):
        yield first, received


def greeted(qtbot, address: str) -> socket.socket:
    """A connection the running copy (this thread's event loop) has greeted."""
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(address)
    connection.setblocking(False)
    greeting = bytearray()

    def read() -> bool:
        try:
            greeting.extend(connection.recv(len(READY) - len(greeting)))
        except BlockingIOError:
            pass
        return len(greeting) == len(READY)

    qtbot.waitUntil(read, timeout=2000)
    assert greeting == READY
    return connection


def hung_up(connection: socket.socket) -> bool:
    try:
        return connection.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def in_a_thread(call) -> list:
    """A launch runs in a process of its own; here a thread, so that the
    running copy's event loop (this thread's) can answer it."""
    result: list = []
    threading.Thread(target=lambda: result.append(call()), daemon=True).start()
    return result


def idle_connections(address: str, count: int, within_s: float = 5.0) -> list[socket.socket]:
    """Connect ``count`` times and say nothing, as fast as the other end takes them."""
    held: list[socket.socket] = []
    deadline = time.monotonic() + within_s
    while len(held) < count and time.monotonic() < deadline:
        connection = socket.socket(socket.AF_UNIX)
        connection.setblocking(False)
        try:
            connection.connect(address)
        except BlockingIOError:  # its queue is full: again, as an attacker would
            connection.close()
            time.sleep(0.001)
            continue
        except OSError:  # no socket any more
            connection.close()
            break
        held.append(connection)
    return held


# Idle connections ---------------------------------------------------------------


def test_a_thousand_idle_connections_neither_exhaust_footdesk_nor_silence_it(user_dirs, lock):
    limit = 96  # as a lower `ulimit -n`: footdesk uses about 15 descriptors
    process = launch(app_environment(user_dirs), limits=limited(files=limit))
    address = listen_address(lock)
    held: list[socket.socket] = []
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        held = idle_connections(address, 1055)
        assert len(held) == 1055, "footdesk stopped taking connections"
        assert stat.S_ISSOCK(os.lstat(address).st_mode), "the socket is still there"
        assert open_descriptors(process.pid) < limit // 2
        wait_for(lambda: hand_over_quickly(ACTIVATE, lock), timeout=5)
        wait_for(lambda: "a second launch asked footdesk to come forward" in log_text(user_dirs))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        for connection in held:
            connection.close()
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    log = log_text(user_dirs)
    assert log.count("closed the oldest") == 1, "said once, not once per connection"
    assert not os.path.exists(address), "the socket goes with footdesk"


def test_a_connection_that_says_nothing_is_closed_after_a_moment(qtbot, running, lock, monkeypatch):
    monkeypatch.setattr(single_instance, "QUIET_CONNECTION_MS", 50)
    first, received = running
    silent = greeted(qtbot, listen_address(lock))
    with silent:
        qtbot.waitUntil(lambda: hung_up(silent), timeout=2000)
    handed = in_a_thread(lambda: first.hand_over(START) is Delivery.TAKEN)
    qtbot.waitUntil(lambda: received == [START] and handed == [True])


def test_only_a_few_connections_are_open_at_once_and_a_launch_still_gets_through(qtbot, running, lock):
    _first, received = running
    address = listen_address(lock)
    crowd = [greeted(qtbot, address) for _ in range(3 * MAX_CONNECTIONS)]
    try:
        qtbot.waitUntil(lambda: sum(hung_up(c) for c in crowd) >= len(crowd) - MAX_CONNECTIONS, timeout=2000)
        handed = in_a_thread(lambda: SingleInstance(lock).hand_over(ACTIVATE) is Delivery.TAKEN)
        qtbot.waitUntil(lambda: received == [ACTIVATE] and handed == [True])
    finally:
        for connection in crowd:
            connection.close()


class FailingListener:
    """The listening socket, with accept() failing as a process out of
    descriptors (or a broken socket) sees it."""

    def __init__(self, real: socket.socket, error: int, times: int) -> None:
        self.real, self.error, self.times = real, error, times

    def accept(self):
        if self.times > 0:
            self.times -= 1
            raise OSError(self.error, os.strerror(self.error))
        return self.real.accept()

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_out_of_descriptors_the_socket_stays_and_accepting_resumes(qtbot, running, lock, monkeypatch, caplog):
    monkeypatch.setattr(single_instance, "ACCEPT_REST_MS", 20)
    first, received = running
    server = first._server
    server._listener = FailingListener(server._listener, errno.EMFILE, times=3)
    handed = in_a_thread(lambda: hand_over_quickly(START, lock))
    qtbot.waitUntil(lambda: received == [START] and handed == [True], timeout=3000)
    assert stat.S_ISSOCK(os.lstat(listen_address(lock)).st_mode)
    assert caplog.text.count("Too many open files") == 1


def test_a_server_that_fails_listens_again(qtbot, running, lock, caplog):
    first, received = running
    server = first._server
    server._listener = FailingListener(server._listener, errno.EBADF, times=1)
    poke = idle_connections(listen_address(lock), 1)  # wakes it: accept fails
    qtbot.waitUntil(lambda: first._server is not None and first._server is not server)
    poke[0].close()
    handed = in_a_thread(lambda: hand_over_quickly(ACTIVATE, lock))
    qtbot.waitUntil(lambda: received == [ACTIVATE] and handed == [True], timeout=3000)
    assert "failed (Bad file descriptor); listening again" in caplog.text


# What is sent ---------------------------------------------------------------------


def test_a_stream_into_the_socket_is_cut_off_and_logged_as_a_short_escaped_prefix(qtbot, running, lock, caplog):
    _first, received = running
    stream = greeted(qtbot, listen_address(lock))
    stream.setblocking(True)
    stream.settimeout(5)
    flood = b"start:\x1b[2J" + b"A" * 10_000_000

    def send() -> str:
        try:
            stream.sendall(flood)
        except OSError as exc:
            return exc.strerror or "closed"
        return "all sent"

    outcome = in_a_thread(send)
    qtbot.waitUntil(lambda: outcome != [], timeout=5000)
    stream.close()
    assert outcome != ["all sent"], "the running copy stopped reading and hung up"
    assert received == []
    assert "a connection sent more than 512 bytes, which no launch does" in caplog.text
    assert "start:\\x1b[2JAAA" in caplog.text and "\x1b" not in caplog.text
    assert len(caplog.text) < 1000


def test_a_message_that_is_no_wish_is_not_acted_on(qtbot, running, lock, caplog):
    _first, received = running
    for message in (b"hello", b"start:\x1b]0;title\x07", b"activate please", b"start:" + b"x" * 600):
        sender = greeted(qtbot, listen_address(lock))
        sender.sendall(message)
        sender.close()
    handed = in_a_thread(lambda: hand_over_quickly(b"start:evening-feet", lock))
    qtbot.waitUntil(lambda: handed == [True] and received == [b"start:evening-feet"])
    assert "ignored a message that is no wish: hello" in caplog.text
    assert "\x1b" not in caplog.text and "\x07" not in caplog.text


def test_many_refusals_are_a_few_lines_in_the_log(qtbot, running, lock, caplog):
    _first, received = running
    for _ in range(50):
        sender = greeted(qtbot, listen_address(lock))
        sender.sendall(b"nonsense")
        sender.close()
    handed = in_a_thread(lambda: hand_over_quickly(ACTIVATE, lock))
    qtbot.waitUntil(lambda: handed == [True] and received == [ACTIVATE])
    assert caplog.text.count("no wish") == 1


def test_a_gigabyte_stream_leaves_the_log_small_and_footdesk_answering(user_dirs, lock):
    process = launch(app_environment(user_dirs))
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        before = len(log_text(user_dirs))
        stream = socket.socket(socket.AF_UNIX)
        stream.settimeout(5)
        stream.connect(listen_address(lock))
        assert stream.recv(len(READY)) == READY
        sent = 0
        with stream:
            try:
                while sent < 50_000_000:  # a gigabyte would say no more: it is cut off at the start
                    sent += stream.send(b"start:" + b"feet" * 16_384)
            except OSError:
                pass
        assert sent < 50_000_000, "cut off, not read to the end"
        wait_for(lambda: hand_over_quickly(ACTIVATE, lock), timeout=5)
        wait_for(lambda: "asked footdesk to come forward" in log_text(user_dirs))
        assert len(log_text(user_dirs)) - before < 2000
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in err, err


def test_a_routine_named_by_a_launch_is_logged_escaped(app, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    asked: list[tuple[bool, str | None]] = []

    def bring_forward(start: bool = False, routine: str | None = None) -> None:
        asked.append((start, routine))

    monkeypatch.setattr(app.window, "bring_forward", bring_forward)
    app.shell.on_message(b"start:" + b"r" * 300)
    assert asked == [(True, "r" * 300)]
    assert "r" * 121 not in caplog.text and "more characters" in caplog.text


def test_the_quick_hand_over_still_works(qtbot, running, lock):
    _first, received = running
    handed = in_a_thread(lambda: hand_over_quickly(handover.wish(True, "evening-feet"), lock))
    qtbot.waitUntil(lambda: handed == [True] and received == [b"start:evening-feet"])
