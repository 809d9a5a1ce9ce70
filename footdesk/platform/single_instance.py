"""One footdesk per person: a second launch hands its wish to the first and exits.

A launch first tries to hand over before Qt is even loaded (handover.py);
this is the path that decides when that could not.

A QLockFile in the state folder decides which copy is the primary; a lock left
by a copy that crashed (its process is gone) is taken over at once. Only the
lock holder removes a stale server name and listens (removeServer by anyone
else would make two primaries); later copies connect, send "activate" or
"start", and leave.

The primary takes the lock before its window is shown but listens only after
(QtNetwork is not needed for the first frame), so a copy started in that
moment keeps trying to connect for a while instead of giving up at once.

The server is a socket at a full path in a folder only this person can create
things in (paths.instance_socket_file: $XDG_RUNTIME_DIR, else the private state
folder), never a guessable name in the shared temporary folder that another
user could take first. On Linux both ends also check that the other end is the
same user (SO_PEERCRED); elsewhere the private folder is the guard. Windows
keeps a named pipe (server_name).
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QThread

from footdesk import paths
from footdesk.files import create_private_dirs
from footdesk.platform import handover
from footdesk.platform.handover import ACTIVATE, READY, START, Delivery

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

__all__ = ["ACTIVATE", "START", "SingleInstance"]

_TIMEOUT_MS = 2000
LISTEN_RETRY_MS = 10_000


def server_name(lock_path: Path) -> str:
    """A name unique to this person's footdesk (two people on one machine, or
    tests with their own folders, never meet); used as is only where there are
    no socket paths (Windows' named pipes)."""
    return paths.instance_name(lock_path)


def lock_file_for_qt(lock_path: Path) -> str:
    """The lock file's name as Qt can open it. Qt writes file names to the
    file system as UTF-8, so a path whose bytes are not UTF-8 (a HOME with a
    Latin-1 byte, say) would name another file; that lock goes to Qt's
    per-user runtime folder instead, named after the real path."""
    raw = os.fsencode(lock_path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from PySide6.QtCore import QStandardPaths

        runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
        shown = raw.decode("utf-8", "backslashreplace")  # the log file is UTF-8 too
        log.info("%s: not a UTF-8 path, which Qt cannot open; the lock is kept in %s", shown, runtime)
        return str(Path(runtime) / f"{server_name(lock_path)}.lock")


def listen_address(lock_path: Path) -> str | None:
    """What QLocalServer listens on and QLocalSocket connects to: a full socket
    path where the system has them, else the pipe name; None when no private
    place for the socket was found (then there is no hand-over)."""
    if os.name != "posix":
        return server_name(lock_path)
    socket_file = paths.instance_socket_file(lock_path)
    return None if socket_file is None else str(socket_file)


def peer_uid(descriptor: int) -> int | None:
    """The user id of the process at the other end of a connected local
    socket (Linux's SO_PEERCRED); None where the system does not say."""
    import socket as pysocket  # 3 ms to load: not before the first window

    if not hasattr(pysocket, "SO_PEERCRED") or descriptor is None or descriptor < 0:
        return None
    duplicate = os.dup(descriptor)
    try:
        peer = pysocket.socket(fileno=duplicate)
    except OSError:
        os.close(duplicate)
        return None
    with peer:
        try:
            return handover.peer_uid(peer)
        except OSError:
            return None


def clear_the_way(socket_file: Path, say: bool = True) -> None:
    """As the lock holder, before listening: what is at the socket's name and
    is neither a socket nor a file (a symlink, a folder) would make listening
    fail, and every later launch wait and then report a copy that does not
    answer. A symlink or an empty folder is removed (the symlink alone, never
    what it points to); anything else is named in the log."""
    try:
        mode = os.lstat(socket_file).st_mode
    except OSError:
        return
    try:
        if stat.S_ISLNK(mode):
            socket_file.unlink()
            log.warning("single instance: %s was a symbolic link; removed it to listen there", socket_file)
        elif stat.S_ISDIR(mode):
            socket_file.rmdir()
            log.warning("single instance: %s was an empty folder; removed it to listen there", socket_file)
    except OSError as exc:
        if not say:
            return
        why = exc.strerror or exc
        log.warning("single instance: %s is in the way of the socket and cannot be removed (%s); "
                    "remove it so that a second launch can bring this window forward", socket_file, why)  # fmt: skip


def same_user(connection: QLocalSocket) -> bool:
    """True when the other end is this user, or when the system cannot tell
    (then the private folder of the socket is the guard)."""
    import socket as pysocket

    if not hasattr(pysocket, "SO_PEERCRED"):
        return True
    return peer_uid(int(connection.socketDescriptor())) == os.geteuid()


class SingleInstance(QObject):
    def __init__(self, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        try:
            create_private_dirs(lock_path.parent)
        except OSError as exc:  # become_primary then finds the lock unusable and runs without it
            log.warning("%s: cannot create the folder for the lock (%s)", lock_path.parent, exc.strerror or exc)
        self._lock = QLockFile(lock_file_for_qt(lock_path))
        self._lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self._name = listen_address(lock_path)
        self._server: QLocalServer | None = None
        self._locked = False
        self._on_message: Callable[[bytes], None] | None = None

    def become_primary(self) -> bool:
        """True when this copy is the one that runs; False when another copy
        already runs (then send it a message and exit)."""
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # a lock we cannot even create: run anyway rather than refuse to start
            log.warning(
                "%s: cannot use the lock file (%s); running without the one-copy check",
                self._lock.fileName(),
                self._lock.error().name,
            )
            return True
        self._locked = True
        return True

    def holder_pid(self) -> int | None:
        """The process id of the copy holding the lock (to end one that hangs);
        None when the lock file does not say."""
        info = self._lock.getLockInfo()
        pid = info[0] if isinstance(info, tuple) and info else None
        return pid if isinstance(pid, int) and pid > 0 else None

    def listen(self, handler: Callable[[bytes], None]) -> None:
        """As the primary: take messages from later copies (once the window is up)."""
        self._on_message = handler
        if not self._locked or self._server is not None:
            return
        if self._name is None:
            log.warning("single instance: no private folder for the socket; a second launch cannot hand over")
            return
        self._try_listening(first=True)

    def _try_listening(self, first: bool) -> None:
        """Listen, or try again a little later (what was in the way may be
        removed, as the log asks): said in the log the first time only."""
        from PySide6.QtCore import QTimer
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None or self._name is None:
            return
        if os.name == "posix":
            clear_the_way(Path(self._name), say=first)
        QLocalServer.removeServer(self._name)  # only the lock holder may clear a dead copy's name
        server = QLocalServer(self)
        if not server.listen(self._name):
            if first:
                log.warning("single instance: cannot listen at %s (%s); trying again every %d s",
                            self._name, server.errorString(), LISTEN_RETRY_MS // 1000)  # fmt: skip
            server.deleteLater()
            QTimer.singleShot(LISTEN_RETRY_MS, lambda: self._try_listening(first=False))
            return
        if not first:
            log.info("single instance: listening at %s now", self._name)
        self._server = server
        server.newConnection.connect(self._accept)

    def hand_over(self, message: bytes) -> Delivery:
        """From a second copy: hand the wish to the running one. It may have
        just started and not listen yet, so a missing server is retried until
        the timeout. Not taken also when the one answering is another user's,
        or takes the connection but never greets (it hangs)."""
        if self._name is None:
            return Delivery.NOBODY
        deadline = time.monotonic() + _TIMEOUT_MS / 1000
        if os.name == "posix":  # the same exchange as the quick hand-over before Qt (handover.deliver)
            while (outcome := handover.deliver(Path(self._name), message)) is Delivery.NOBODY:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
        else:
            outcome = self._send_through_pipe(message, deadline)
        if outcome is not Delivery.TAKEN:
            log.error("single instance: %s: %s; not handing over", self._name, outcome.value)
        return outcome

    @property
    def address(self) -> str | None:
        """Where the running copy listens (a socket's path, or the pipe's name)."""
        return self._name

    def _send_through_pipe(self, message: bytes, deadline: float) -> Delivery:
        """Windows: the named pipe, through QLocalSocket."""
        from PySide6.QtNetwork import QLocalSocket

        assert self._name is not None
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self._name)
            if socket.waitForConnected(_TIMEOUT_MS):
                break
            if time.monotonic() >= deadline:
                return Delivery.NOBODY
            QThread.msleep(50)
        greeting = b""
        while len(greeting) < len(READY):
            if not socket.bytesAvailable() and not socket.waitForReadyRead(_TIMEOUT_MS):
                break
            greeting += bytes(socket.read(len(READY) - len(greeting)).data())
        if greeting != READY:
            socket.abort()
            return Delivery.NOT_ANSWERING
        socket.write(message)
        socket.flush()
        socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.disconnectFromServer()
        return Delivery.TAKEN

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        connection = self._server.nextPendingConnection()
        if connection is None:
            return
        if not same_user(connection):
            log.warning("single instance: refused a connection from another user")
            connection.abort()
            connection.deleteLater()
            return
        connection.write(READY)  # alive: the launch sends its wish after this
        connection.flush()

        def read() -> None:
            message = bytes(connection.readAll().data()).strip()
            if message and self._on_message is not None:
                self._on_message(message)

        connection.readyRead.connect(read)
        connection.disconnected.connect(connection.deleteLater)
        if connection.bytesAvailable():
            read()
