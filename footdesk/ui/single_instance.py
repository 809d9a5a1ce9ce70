"""One footdesk per person: a second launch hands its wish to the first and exits.

A QLockFile in the state folder decides which copy is the primary; a lock left
by a copy that crashed (its process is gone) is taken over at once. Only the
lock holder removes a stale server name and listens (removeServer by anyone
else would make two primaries); later copies connect, send "activate" or
"start", and leave.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate"
START = b"start"
_TIMEOUT_MS = 2000


def server_name(lock_path: Path) -> str:
    """A name unique to this person's footdesk (two people on one machine, or
    tests with their own folders, never meet)."""
    digest = hashlib.sha256(str(lock_path).encode()).hexdigest()[:16]
    return f"footdesk-{digest}"


class SingleInstance(QObject):
    def __init__(self, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # become_primary then finds the lock unusable and runs without it
            log.warning("%s: cannot create the folder for the lock (%s)", lock_path.parent, exc.strerror or exc)
        self._lock = QLockFile(str(lock_path))
        self._lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self._name = server_name(lock_path)
        self._server: QLocalServer | None = None
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
        QLocalServer.removeServer(self._name)  # only the lock holder may clear a dead copy's name
        self._server = QLocalServer(self)
        if not self._server.listen(self._name):
            log.warning("single instance: cannot listen (%s)", self._server.errorString())
            return True
        self._server.newConnection.connect(self._accept)
        return True

    def on_message(self, handler: Callable[[bytes], None]) -> None:
        self._on_message = handler

    def send(self, message: bytes) -> bool:
        """From a second copy: hand the wish to the running one."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(_TIMEOUT_MS):
            return False
        socket.write(message)
        socket.flush()
        socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        connection = self._server.nextPendingConnection()
        if connection is None:
            return

        def read() -> None:
            message = bytes(connection.readAll().data()).strip()
            if message and self._on_message is not None:
                self._on_message(message)

        connection.readyRead.connect(read)
        connection.disconnected.connect(connection.deleteLater)
        if connection.bytesAvailable():
            read()
