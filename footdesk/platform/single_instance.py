"""One footdesk per person: a second launch hands its wish to the first and exits.

A launch first tries to hand over before Qt is even loaded (handover.py);
this is the path that decides when that could not.

A QLockFile in the state folder decides which copy is the primary; a lock left
by a copy that crashed (its process is gone) is taken over at once. Only the
lock holder removes a stale server name and listens (removing it as anyone
else would make two primaries); later copies connect, send "activate" or
"start", and leave. Where the lock file cannot be made (a full disk, a
read-only folder) the socket stands in for it: a launch that finds a copy
answering there hands over, and otherwise listens there at once, never in a
place where another copy answers; with neither, footdesk says it cannot be
sure it is the only copy (``SingleInstance.unsure``).

The primary takes the lock before its window is shown but listens only after
(the socket is not needed for the first frame), so a copy started in that
moment keeps trying to connect for a while instead of giving up at once.

The server is a socket at a full path in a folder only this person can create
things in (paths.instance_socket_file: $XDG_RUNTIME_DIR, else the private state
folder), never a guessable name in the shared temporary folder that another
user could take first. On Linux both ends also check that the other end is the
same user (SO_PEERCRED); elsewhere the private folder is the guard. Windows
keeps a named pipe (server_name).

Whatever connects may be hostile (any program of this person's can): the
running copy keeps at most MAX_CONNECTIONS open (the oldest goes first),
closes one that has not said its wish within QUIET_CONNECTION_MS, reads at
most handover.MAX_WISH_BYTES from it, acts only on a wish (handover.is_wish)
and notes what it refused in the log at most once a minute per kind, as an
escaped prefix. On Unix it accepts connections itself rather than through
QLocalServer, which closes its server and unlinks the socket for good the
first time accept() fails (out of file descriptors): here the socket stays,
accepting rests for a second, and a server that fails listens again.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, QThread

from footdesk import paths
from footdesk.files import create_private_dirs
from footdesk.i18n import _
from footdesk.platform import handover
from footdesk.platform.handover import ACTIVATE, MAX_WISH_BYTES, READY, START, Delivery

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QTimer
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

__all__ = ["ACTIVATE", "START", "SingleInstance"]

_TIMEOUT_MS = 2000
LISTEN_RETRY_MS = 10_000
MAX_CONNECTIONS = 8
"""Open at once. A launch says its wish within milliseconds of the greeting;
more than a few at once is a program holding connections open."""
QUIET_CONNECTION_MS = 1000
"""How long a connection may stay open without having said its wish."""
BACKLOG = 8
"""Connections the system queues before the running copy takes them."""
ACCEPTS_PER_TURN = 16
"""Taken in one go before the event loop has its turn (the window stays live)."""
ACCEPT_REST_MS = 1000
"""Out of file descriptors: accepting rests this long; the socket stays."""
NOTE_EVERY_S = 60.0
"""Each kind of refusal is said in the log at most this often."""
_OUT_OF_FILES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


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


def peer_uid(descriptor: int | socket.socket) -> int | None:
    """The user id of the process at the other end of a connected local
    socket (Linux's SO_PEERCRED); None where the system does not say."""
    import socket as pysocket  # 3 ms to load: not before the first window

    if not hasattr(pysocket, "SO_PEERCRED"):
        return None
    if isinstance(descriptor, pysocket.socket):  # asked as is: no descriptor more is opened for it
        try:
            return handover.peer_uid(descriptor)
        except OSError:
            return None
    if descriptor is None or descriptor < 0:
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


def shown(message: bytes) -> str:
    """A received message as the log shows it: a short, escaped prefix."""
    from footdesk.untrusted import for_log

    return for_log(message[:200].decode("ascii", "backslashreplace"), limit=60)


class Notes:
    """What the socket refuses, said in the log at most once a minute per kind
    (with how many more there were), so that a program flooding the socket
    with connections or bytes never floods the log."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._said_at: dict[str, float] = {}
        self._since: dict[str, int] = {}

    def say(self, kind: str, message: str, *args: object) -> None:
        now = self._clock()
        said_at = self._said_at.get(kind)
        if said_at is not None and now - said_at < NOTE_EVERY_S:
            self._since[kind] = self._since.get(kind, 0) + 1
            return
        more = self._since.pop(kind, 0)
        self._said_at[kind] = now
        log.warning("single instance: " + message + (f" ({more} more like it since)" if more else ""), *args)


class _Connection:
    """One connection: what it sent so far and until when it may talk."""

    __slots__ = ("deadline", "end", "received", "watch")

    def __init__(self, end: Any, deadline: float) -> None:
        self.end = end  # a socket.socket, or a QLocalSocket (Windows)
        self.deadline = deadline
        self.received = bytearray()
        self.watch: Any = None


_RETIRED: list[object] = []


def _retire(*objects: object) -> None:
    """Let Qt objects go on the event loop's next turn, not now: a connection
    is often closed from inside its own notifier's signal, and the server
    from inside its listener's, where deleting them at once (the last Python
    reference gone) would pull them from under Qt."""
    from PySide6.QtCore import QTimer

    if not _RETIRED:
        QTimer.singleShot(0, _RETIRED.clear)
    _RETIRED.extend(objects)


class _Server:
    """The bounds every connection gets, whichever way it came in."""

    def __init__(self, on_message: Callable[[bytes], None], on_failure: Callable[[], None], notes: Notes) -> None:
        from PySide6.QtCore import QTimer

        self._on_message = on_message
        self._on_failure = on_failure
        self._notes = notes
        self._open: dict[int, _Connection] = {}  # oldest first
        self._sweep = QTimer()
        self._sweep.setSingleShot(True)
        self._sweep.timeout.connect(self._close_quiet)

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def _admit(self, end: Any) -> _Connection:
        """Room for one more (the oldest open one is closed when there is none)."""
        while len(self._open) >= MAX_CONNECTIONS:
            self._close(next(iter(self._open.values())))
            self._notes.say("crowd", "more than %d connections at once; closed the oldest", MAX_CONNECTIONS)
        connection = _Connection(end, time.monotonic() + QUIET_CONNECTION_MS / 1000)
        self._open[id(connection)] = connection
        if not self._sweep.isActive():
            self._sweep.start(QUIET_CONNECTION_MS)
        return connection

    def _took(self, connection: _Connection, chunk: bytes) -> bool:
        """Add what came; False (and closed) when it is more than a wish."""
        connection.received += chunk
        if len(connection.received) <= MAX_WISH_BYTES:
            return True
        self._close(connection)
        self._notes.say("long", "a connection sent more than %d bytes, which no launch does; closed it (it began %s)",
                        MAX_WISH_BYTES, shown(bytes(connection.received)))  # fmt: skip
        return False

    def _finish(self, connection: _Connection) -> None:
        """The other end is done: act on its wish, if it is one."""
        self._close(connection)
        message = bytes(connection.received).strip()
        if not message:
            return  # a launch that only looked whether this copy answers, or gave up
        if not handover.is_wish(message):
            self._notes.say("garbage", "ignored a message that is no wish: %s", shown(message))
            return
        self._on_message(message)

    def _close_quiet(self) -> None:
        now = time.monotonic()
        quiet = [c for c in self._open.values() if c.deadline <= now]
        for connection in quiet:
            self._close(connection)
        if quiet:
            self._notes.say("quiet", "closed a connection that said nothing within %.1f s", QUIET_CONNECTION_MS / 1000)
        if self._open:
            oldest = next(iter(self._open.values()))
            self._sweep.start(max(1, round((oldest.deadline - now) * 1000)))

    def _close(self, connection: _Connection) -> None:
        if self._open.pop(id(connection), None) is None:
            return
        self._close_end(connection)
        if not self._open:
            self._sweep.stop()

    def _close_end(self, connection: _Connection) -> None:
        raise NotImplementedError

    def close(self) -> None:
        for connection in list(self._open.values()):
            self._close(connection)
        self._sweep.stop()
        _retire(self._sweep)


class _UnixServer(_Server):
    """The running copy's end of the socket on Unix, in plain Python sockets
    watched by Qt's event loop. When accept() fails for want of file
    descriptors, the listening socket stays and accepting rests a second
    (the connection waits in the system's queue meanwhile); any other
    failure closes the server and ``on_failure`` listens again."""

    def __init__(
        self,
        listener: socket.socket,
        socket_file: Path,
        on_message: Callable[[bytes], None],
        on_failure: Callable[[], None],
        notes: Notes,
    ) -> None:
        from PySide6.QtCore import QSocketNotifier, QTimer

        super().__init__(on_message, on_failure, notes)
        self._listener = listener
        self._socket_file = socket_file
        self._identity = _identity(socket_file)
        self._watch = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read)
        self._watch.activated.connect(self._accept)
        self._rest: QTimer = QTimer()
        self._rest.setSingleShot(True)
        self._rest.timeout.connect(lambda: self._watch.setEnabled(True))

    def _accept(self, *_ignored: object) -> None:
        for _turn in range(ACCEPTS_PER_TURN):
            try:
                end, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if exc.errno in _OUT_OF_FILES:
                    self._watch.setEnabled(False)
                    self._rest.start(ACCEPT_REST_MS)
                    self._notes.say("files", "cannot take a connection at %s (%s); it waits, and the socket stays",
                                    self._socket_file, exc.strerror or exc)  # fmt: skip
                    return
                log.warning("single instance: the socket at %s failed (%s); listening again",
                            self._socket_file, exc.strerror or exc)  # fmt: skip
                self._on_failure()
                return
            self._greet(end)

    def _greet(self, end: socket.socket) -> None:
        from PySide6.QtCore import QSocketNotifier

        try:
            end.setblocking(False)
            if not _same_user_at(end):
                self._notes.say("stranger", "refused a connection from another user")
                end.close()
                return
            end.send(READY)  # alive: the launch sends its wish after this
            connection = self._admit(end)
            connection.watch = QSocketNotifier(end.fileno(), QSocketNotifier.Type.Read)
        except (OSError, RuntimeError) as exc:  # gone already, or nothing left to watch it with
            end.close()
            if getattr(exc, "errno", None) not in (errno.EPIPE, errno.ECONNRESET):  # not merely gone
                self._notes.say("files", "could not take a connection (%s)", getattr(exc, "strerror", None) or exc)
            return
        connection.watch.activated.connect(lambda *_: self._read(connection))
        self._read(connection)

    def _read(self, connection: _Connection) -> None:
        end = connection.end
        try:
            while chunk := end.recv(MAX_WISH_BYTES + 1 - len(connection.received)):
                if not self._took(connection, chunk):
                    return
        except (BlockingIOError, InterruptedError):
            return  # the rest comes later
        except OSError:
            self._close(connection)
            return
        self._finish(connection)

    def _close_end(self, connection: _Connection) -> None:
        if connection.watch is not None:
            connection.watch.setEnabled(False)  # before its descriptor is closed and maybe reused
            _retire(connection.watch)
            connection.watch = None
        connection.end.close()

    def close(self) -> None:
        self._rest.stop()
        self._watch.setEnabled(False)
        _retire(self._rest, self._watch)
        super().close()
        self._listener.close()
        unlink_if_ours(self._socket_file, self._identity)


class _PipeServer(_Server):
    """Windows: the named pipe, through QLocalServer, with the same bounds."""

    def __init__(
        self, server: QLocalServer, on_message: Callable[[bytes], None], on_failure: Callable[[], None], notes: Notes
    ) -> None:
        super().__init__(on_message, on_failure, notes)
        self._server = server
        server.setMaxPendingConnections(BACKLOG)
        server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        for _turn in range(ACCEPTS_PER_TURN):
            end = self._server.nextPendingConnection()
            if end is None:
                break
            if not same_user(end):
                self._notes.say("stranger", "refused a connection from another user")
                end.abort()
                end.deleteLater()
                continue
            end.write(READY)
            end.flush()
            connection = self._admit(end)
            end.readyRead.connect(lambda c=connection: self._read(c))
            end.disconnected.connect(lambda c=connection: self._read(c, ended=True))
            self._read(connection)
        if not self._server.isListening():
            self._on_failure()

    def _read(self, connection: _Connection, ended: bool = False) -> None:
        if id(connection) not in self._open:
            return
        end = connection.end
        while end.bytesAvailable():
            chunk = bytes(end.read(MAX_WISH_BYTES + 1 - len(connection.received)).data())
            if not chunk or not self._took(connection, chunk):
                return
        if ended or end.state() == end.LocalSocketState.UnconnectedState:
            self._finish(connection)

    def _close_end(self, connection: _Connection) -> None:
        connection.end.abort()
        connection.end.deleteLater()

    def close(self) -> None:
        super().close()
        self._server.close()
        self._server.deleteLater()


def _same_user_at(end: socket.socket) -> bool:
    import socket as pysocket

    if not hasattr(pysocket, "SO_PEERCRED"):
        return True
    return peer_uid(end) == os.geteuid()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def unlink_if_ours(socket_file: Path, identity: tuple[int, int] | None) -> None:
    """Remove the socket at ``socket_file`` if it is still the one this copy
    made (never one another copy listens at since)."""
    if identity is not None and _identity(socket_file) == identity:
        try:
            os.unlink(socket_file)
        except OSError:
            pass


def bind_socket(socket_file: Path) -> socket.socket:
    """A listening, non-blocking Unix socket at ``socket_file`` (OSError
    EADDRINUSE when something is already there: binding is atomic)."""
    import socket as pysocket

    listener = pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM)
    try:
        listener.bind(os.fspath(socket_file))
        listener.listen(BACKLOG)
        listener.setblocking(False)
    except BaseException:
        listener.close()
        raise
    return listener


def claim_socket(socket_file: Path) -> socket.socket | None:
    """Without the lock: listen at ``socket_file`` unless a footdesk answers
    there (None: hand over to it). A socket left by a copy that ended (nothing
    answers) is replaced; of two launches claiming at once, binding lets one
    through and the other finds it answering."""
    for _attempt in range(2):
        if handover.probe(socket_file) is not Delivery.NOBODY:
            return None  # a copy answers there (or one that hangs, or another user's): not ours to take
        try:
            if stat.S_ISSOCK(os.lstat(socket_file).st_mode):
                os.unlink(socket_file)  # nothing answers on it
        except FileNotFoundError:
            pass
        try:
            return bind_socket(socket_file)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    return None


class SingleInstance(QObject):
    def __init__(self, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        try:
            create_private_dirs(lock_path.parent)
        except OSError as exc:  # become_primary then finds the lock unusable and looks at the socket
            log.warning("%s: cannot create the folder for the lock (%s)", lock_path.parent, exc.strerror or exc)
        self._lock = QLockFile(lock_file_for_qt(lock_path))
        self._lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self._name = listen_address(lock_path)
        self._server: _Server | None = None
        self._locked = False
        self._without_lock = False  # the socket stands in for a lock that cannot be made
        self._claimed: socket.socket | None = None  # bound at once then, listened at once the window is up
        self._claimed_identity: tuple[int, int] | None = None
        self._retry: QTimer | None = None
        self._on_message: Callable[[bytes], None] | None = None
        self.notes = Notes()
        self.unsure: str | None = None
        """Why footdesk cannot be sure it is the only copy running (then it runs anyway)."""

    def become_primary(self) -> bool:
        """True when this copy is the one that runs; False when another copy
        already runs (then send it a message and exit)."""
        if self._lock.tryLock(0):
            self._locked = True
            return True
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            if not self._left_by_a_copy_that_ended():
                return False
            why = _("left by a copy that ended, and it cannot be removed")
        else:
            writable = error != QLockFile.LockError.PermissionError
            why = _("it cannot be made or written") if writable else _("its folder cannot be written")
        return self._without_the_lock(why)

    def _left_by_a_copy_that_ended(self) -> bool:
        """A lock that Qt could not take over although its process is gone
        (a read-only folder keeps it there)."""
        from PySide6.QtCore import QSysInfo

        info = self._lock.getLockInfo()
        if not isinstance(info, tuple) or len(info) < 2 or not isinstance(info[0], int) or info[0] <= 0:
            return False
        if info[1] and info[1] != QSysInfo.machineHostName():
            return False  # another computer's: its process cannot be looked at from here
        try:
            os.kill(info[0], 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False

    def _without_the_lock(self, why: str) -> bool:
        """The lock file cannot decide: the socket does (see the module's doc)."""
        lock = self._lock.fileName()
        if self._name is None or os.name != "posix":
            self.unsure = _(
                "the lock file {lock} cannot be used ({problem}) and there is no socket to look for another copy at"
            ).format(lock=lock, problem=why)
            log.warning("%s: cannot use the lock file (%s); footdesk cannot be sure it is the only copy running",
                        lock, why)  # fmt: skip
            return True
        socket_file = Path(self._name)
        try:
            self._claimed = claim_socket(socket_file)
        except OSError as exc:
            self.unsure = _(
                "the lock file {lock} cannot be used ({problem}), nor the socket {socket} ({socket_problem})"
            ).format(lock=lock, problem=why, socket=socket_file, socket_problem=exc.strerror or exc)
            log.warning("%s: cannot use the lock file (%s) nor listen at %s (%s); footdesk cannot be sure it is "
                        "the only copy running", lock, why, socket_file, exc.strerror or exc)  # fmt: skip
            return True
        if self._claimed is None:
            log.warning("%s: cannot use the lock file (%s); a footdesk answers at %s, so this launch hands over",
                        lock, why, socket_file)  # fmt: skip
            return False
        self._without_lock = True
        self._claimed_identity = _identity(socket_file)
        log.warning("%s: cannot use the lock file (%s); the socket %s stands in for it", lock, why, socket_file)
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
        if not (self._locked or self._without_lock) or self._server is not None:
            return
        if self._name is None:
            log.warning("single instance: no private folder for the socket; a second launch cannot hand over")
            return
        self._try_listening(first=True)

    @property
    def listening(self) -> bool:
        return self._server is not None

    def _try_listening(self, first: bool) -> None:
        """Listen, or try again a little later (what was in the way may be
        removed, as the log asks; file descriptors may be free again): said in
        the log the first time only."""
        from PySide6.QtCore import QTimer

        if self._server is not None or self._name is None:
            return
        try:
            server = self._start_server()
        except OSError as exc:
            if first:
                log.warning("single instance: cannot listen at %s (%s); trying again every %d s",
                            self._name, exc.strerror or exc, LISTEN_RETRY_MS // 1000)  # fmt: skip
            if self._retry is None:
                self._retry = QTimer()
                self._retry.setSingleShot(True)
                self._retry.timeout.connect(lambda: self._try_listening(first=False))
            self._retry.start(LISTEN_RETRY_MS)
            return
        if not first:
            log.info("single instance: listening at %s now", self._name)
        self._server = server

    def _start_server(self) -> _Server:
        assert self._name is not None
        if os.name != "posix":
            from PySide6.QtNetwork import QLocalServer

            QLocalServer.removeServer(self._name)
            pipe = QLocalServer(self)
            if not pipe.listen(self._name):
                message = pipe.errorString()
                pipe.deleteLater()
                raise OSError(errno.EADDRINUSE, message)
            return _PipeServer(pipe, self._deliver, self._server_failed, self.notes)
        socket_file = Path(self._name)
        listener, self._claimed = self._claimed, None
        if listener is None and self._locked:
            listener = self._listen_as_lock_holder(socket_file)
        elif listener is None:  # without the lock: only where no copy answers
            listener = claim_socket(socket_file)
            if listener is None:
                raise OSError(errno.EADDRINUSE, "another footdesk answers there")
        return _UnixServer(listener, socket_file, self._deliver, self._server_failed, self.notes)

    def _listen_as_lock_holder(self, socket_file: Path) -> socket.socket:
        """Only the lock holder may clear a dead copy's socket (or a file in its place)."""
        clear_the_way(socket_file, say=self._retry is None)
        try:
            if not stat.S_ISDIR(os.lstat(socket_file).st_mode):
                os.unlink(socket_file)
        except FileNotFoundError:
            pass
        return bind_socket(socket_file)

    def _server_failed(self) -> None:
        from PySide6.QtCore import QTimer

        server, self._server = self._server, None
        if server is not None:
            server.close()
        QTimer.singleShot(0, lambda: self._try_listening(first=False))

    def _deliver(self, message: bytes) -> None:
        if self._on_message is not None:
            self._on_message(message)

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
        """At the end: stop listening (the socket goes) and let the lock go."""
        if self._retry is not None:
            self._retry.stop()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._claimed is not None and self._name is not None:
            self._claimed.close()
            self._claimed = None
            unlink_if_ours(Path(self._name), self._claimed_identity)
        if self._locked:
            self._lock.unlock()
            self._locked = False
