from __future__ import annotations

import os
import socket as pysocket
import stat
import tempfile
import threading
from pathlib import Path

import pytest

from footdesk.platform import handover, single_instance
from footdesk.platform.handover import Delivery
from footdesk.platform.single_instance import ACTIVATE, START, SingleInstance


def sent(qtbot, sender: SingleInstance, message: bytes) -> bool:
    """``sender.hand_over(message)`` from another thread, as a second launch (its
    own process) would: the running copy, in this thread, must greet it."""
    outcome: list[bool] = []
    thread = threading.Thread(target=lambda: outcome.append(sender.hand_over(message) is Delivery.TAKEN), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    return outcome == [True]


def test_a_second_copy_hands_its_wish_to_the_first(qtbot, tmp_path):
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    second = SingleInstance(lock)
    assert not second.become_primary()
    assert sent(qtbot, second, START)
    qtbot.waitUntil(lambda: received == [START])
    assert sent(qtbot, SingleInstance(lock), ACTIVATE)
    qtbot.waitUntil(lambda: received == [START, ACTIVATE])
    first.release()
    third = SingleInstance(lock)
    assert third.become_primary()  # the first one is gone: the next launch runs
    third.release()


def test_copies_for_different_people_do_not_meet(qtbot, tmp_path):
    mine = SingleInstance(tmp_path / "a" / "footdesk.lock")
    theirs = SingleInstance(tmp_path / "b" / "footdesk.lock")
    assert mine.become_primary() and theirs.become_primary()
    mine.release()
    theirs.release()


def test_a_copy_started_before_the_first_listens_waits_for_it(qtbot, tmp_path, monkeypatch):
    """The first copy listens only once its window is shown; a second copy
    launched in that moment retries instead of reporting "does not answer"."""
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    retrying = threading.Event()
    real_deliver = handover.deliver

    def note_retries(socket_file, message):
        outcome = real_deliver(socket_file, message)
        if outcome is Delivery.NOBODY:
            retrying.set()
        return outcome

    monkeypatch.setattr(handover, "deliver", note_retries)
    outcome: list[bool] = []
    sender = threading.Thread(target=lambda: outcome.append(SingleInstance(lock).hand_over(START) is Delivery.TAKEN))
    sender.start()
    assert retrying.wait(5), "the second copy should have found no server and retried"
    received: list[bytes] = []
    first.listen(received.append)
    qtbot.waitUntil(lambda: received == [START])
    sender.join(5)
    assert outcome == [True]
    first.release()


# Nobody else can take the socket or talk to it ------------------------------------

needs_unix_sockets = pytest.mark.skipif(os.name != "posix", reason="Windows uses a named pipe")
needs_peercred = pytest.mark.skipif(not hasattr(pysocket, "SO_PEERCRED"), reason="no SO_PEERCRED on this system")


@needs_unix_sockets
def test_the_server_is_a_full_path_in_a_private_folder_not_a_shared_name(qtbot, tmp_path, user_dirs):
    lock = tmp_path / "state" / "footdesk.lock"
    address = single_instance.listen_address(lock)
    assert os.path.isabs(address) and Path(address).parent == user_dirs["XDG_RUNTIME_DIR"]
    assert Path(address).parent != Path(tempfile.gettempdir())
    first = SingleInstance(lock)
    assert first.become_primary()
    first.listen(lambda message: None)
    assert stat.S_ISSOCK(os.lstat(address).st_mode)
    first.release()
    assert not os.path.exists(address)


@needs_unix_sockets
def test_without_a_runtime_folder_the_copies_meet_beside_the_lock(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    lock = tmp_path / "state" / "footdesk.lock"
    first = SingleInstance(lock)  # makes the state folder, 0700
    assert stat.S_IMODE(os.stat(lock.parent).st_mode) == 0o700
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    assert (lock.parent / "footdesk.sock").exists()
    assert sent(qtbot, SingleInstance(lock), START)
    qtbot.waitUntil(lambda: received == [START])
    first.release()


@needs_peercred
def test_the_peer_of_a_local_socket_is_known(tmp_path):
    one, two = pysocket.socketpair(pysocket.AF_UNIX)
    with one, two:
        assert single_instance.peer_uid(one.fileno()) == os.geteuid()
    assert single_instance.peer_uid(-1) is None


def hung_up(connection: pysocket.socket) -> bool:
    try:
        return connection.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


@needs_peercred
def test_the_running_copy_ignores_another_users_message(qtbot, tmp_path, monkeypatch):
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    address = single_instance.listen_address(lock)
    real_peer_uid = single_instance.peer_uid
    monkeypatch.setattr(single_instance, "peer_uid", lambda descriptor: os.geteuid() + 1)
    with pysocket.socket(pysocket.AF_UNIX) as stranger:
        stranger.connect(address)
        stranger.sendall(START)
        stranger.setblocking(False)
        qtbot.waitUntil(lambda: hung_up(stranger))
    assert received == []
    monkeypatch.setattr(single_instance, "peer_uid", real_peer_uid)
    assert sent(qtbot, SingleInstance(lock), ACTIVATE)
    qtbot.waitUntil(lambda: received == [ACTIVATE])
    first.release()


@needs_peercred
def test_a_second_copy_does_not_hand_its_wish_to_another_users_server(qtbot, tmp_path, monkeypatch):
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    real_peer_uid = handover.peer_uid
    running_copy = threading.current_thread()

    def as_the_launch_sees_it(connection):
        """Another user's at the other end, for the launch only: the running
        copy (this thread) still takes the launch for this user's."""
        return real_peer_uid(connection) if threading.current_thread() is running_copy else os.geteuid() + 1

    monkeypatch.setattr(handover, "peer_uid", as_the_launch_sees_it)
    # from another thread, as from a process of its own: the running copy
    # greets it, so only the launch's own check keeps the wish back
    assert not sent(qtbot, SingleInstance(lock), START)
    # a wish from our own user after it, on a later connection: once that one
    # has arrived, anything the refused launch had sent would have come first
    monkeypatch.setattr(handover, "peer_uid", real_peer_uid)
    assert sent(qtbot, SingleInstance(lock), ACTIVATE)
    qtbot.waitUntil(lambda: ACTIVATE in received)
    assert received == [ACTIVATE]
    first.release()


def test_a_folder_name_that_is_not_utf8_still_gives_one_copy(qtbot, tmp_path, monkeypatch):
    """Qt writes file names as UTF-8: a lock under a home named with a Latin-1
    byte is kept in the runtime folder instead, and still decides."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    lock = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"j\xfcrgen"))) / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    assert not SingleInstance(lock).become_primary()
    assert [p.name for p in runtime.iterdir()] == [f"{single_instance.server_name(lock)}.lock"]
    first.release()
    third = SingleInstance(lock)
    assert third.become_primary()
    third.release()


@needs_unix_sockets
@pytest.mark.parametrize("in_the_way", ["dangling symlink", "symlink to a file", "empty folder"])
def test_what_is_in_the_sockets_way_is_cleared_by_the_lock_holder(qtbot, tmp_path, in_the_way):
    lock = tmp_path / "state" / "footdesk.lock"
    address = Path(single_instance.listen_address(lock))
    target = tmp_path / "someone's file"
    if in_the_way == "empty folder":
        address.mkdir()
    else:
        if in_the_way == "symlink to a file":
            target.write_text("kept")
        address.symlink_to(target)
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    assert stat.S_ISSOCK(os.lstat(address).st_mode)
    assert in_the_way != "symlink to a file" or target.read_text() == "kept", "only the link went"
    assert sent(qtbot, SingleInstance(lock), START)
    qtbot.waitUntil(lambda: received == [START])
    first.release()


def folder_with_things_at_the_sockets_place(lock: Path) -> Path:
    address = Path(single_instance.listen_address(lock))
    address.mkdir()
    (address / "notes.txt").write_text("mine")
    return address


@needs_unix_sockets
def test_a_folder_with_things_in_it_at_the_sockets_place_is_named_in_the_log(qtbot, tmp_path, caplog):
    lock = tmp_path / "state" / "footdesk.lock"
    address = folder_with_things_at_the_sockets_place(lock)
    first = SingleInstance(lock)
    assert first.become_primary()
    first.listen(lambda message: None)
    assert (address / "notes.txt").read_text() == "mine"
    assert f"{address} is in the way of the socket" in caplog.text
    first.release()


@needs_unix_sockets
def test_once_what_was_in_the_way_is_removed_the_running_copy_listens(qtbot, tmp_path, monkeypatch):
    """The log asks the person to remove what is in the way: the running copy
    keeps trying, so doing that is enough (no restart)."""
    monkeypatch.setattr(single_instance, "LISTEN_RETRY_MS", 100)
    lock = tmp_path / "state" / "footdesk.lock"
    address = folder_with_things_at_the_sockets_place(lock)
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    assert address.is_dir(), "could not listen there"
    (address / "notes.txt").unlink()
    address.rmdir()
    qtbot.waitUntil(lambda: address.is_socket(), timeout=2000)
    assert sent(qtbot, SingleInstance(lock), START)
    qtbot.waitUntil(lambda: received == [START])
    first.release()


# The named pipe's server (Windows), run here on QLocalServer's Unix socket ----------


@needs_unix_sockets
def test_the_pipe_server_keeps_the_same_bounds(qtbot, tmp_path, monkeypatch):
    from PySide6.QtNetwork import QLocalServer

    monkeypatch.setattr(single_instance, "QUIET_CONNECTION_MS", 50)
    address = str(tmp_path / "pipe.sock")
    server = QLocalServer()
    assert server.listen(address)
    received: list[bytes] = []
    pipe = single_instance._PipeServer(server, received.append, lambda: None, single_instance.Notes())
    handed: list[Delivery] = []
    threading.Thread(target=lambda: handed.append(handover.deliver(Path(address), START)), daemon=True).start()
    qtbot.waitUntil(lambda: received == [START] and handed == [Delivery.TAKEN])
    with pysocket.socket(pysocket.AF_UNIX) as quiet, pysocket.socket(pysocket.AF_UNIX) as flood:
        quiet.connect(address)
        flood.connect(address)
        flood.setblocking(False)
        quiet.setblocking(False)
        qtbot.waitUntil(lambda: pipe.open_connections == 2)
        flood.send(b"start:" + b"x" * 4000)
        qtbot.waitUntil(lambda: pipe.open_connections == 1)  # cut off at once
        qtbot.waitUntil(lambda: pipe.open_connections == 0)  # the quiet one, a moment later
    assert received == [START]
    pipe.close()
    # as the app has it, the server outlives its connections (there its parent is the SingleInstance)
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
