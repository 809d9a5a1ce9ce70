"""One footdesk per person: a second launch hands its wish to the first and exits.

A QLockFile in the state folder decides which copy is the primary; a lock left
by a copy that crashed (its process is gone) is taken over at once. Only the
lock holder removes a stale server name and listens (removeServer by anyone
else would make two primaries); later copies connect, send "activate" or
"start", and leave.

The primary takes the lock before its window is shown but listens only after
(QtNetwork is not needed for the first frame), so a copy started in that
moment keeps trying to connect for a while instead of giving up at once.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QThread

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

log = logging.getLogger(__name__)

ACTIVATE = b"activate"
START = b"start"
_TIMEOUT_MS = 2000


def server_name(lock_path: Path) -> str:
    """A name unique to this person's footdesk (two people on one machine, or
    tests with their own folders, never meet)."""
    # a checksum, not a secure hash: hashlib would load OpenSSL (about 4 MB) for a name
    return f"footdesk-{zlib.crc32(str(lock_path).encode()):08x}"


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

    def listen(self, handler: Callable[[bytes], None]) -> None:
        """As the primary: take messages from later copies (once the window is up)."""
        self._on_message = handler
        if not self._locked or self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self._name)  # only the lock holder may clear a dead copy's name
        self._server = QLocalServer(self)
        if not self._server.listen(self._name):
            log.warning("single instance: cannot listen (%s)", self._server.errorString())
            return
        self._server.newConnection.connect(self._accept)

    def send(self, message: bytes) -> bool:
        """From a second copy: hand the wish to the running one. It may have
        just started and not listen yet, so a missing server is retried until
        the timeout."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + _TIMEOUT_MS / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self._name)
            if socket.waitForConnected(_TIMEOUT_MS):
                break
            if time.monotonic() >= deadline:
                return False
            QThread.msleep(50)
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
