"""What a launch tells the footdesk that already runs, and how it tells it.

A person with a daily reminder has footdesk in the tray all day, so opening it
from the menu usually finds a copy running. Loading Qt only to hand the wish
over and exit took about a quarter of a second before the running window came
forward. The running copy listens on a Unix socket (single_instance.py), which
plain Python can reach: ``hand_over_quickly`` tries it before Qt is loaded and
the window comes forward in tens of milliseconds. Whenever it cannot be sure
(no socket yet, a copy that does not answer, another user's, Windows), the
launch goes on to the Qt path, which takes the lock and decides as before
(and reaches the running copy through ``deliver`` too, except on Windows).

The exchange: the launch connects and checks that the other end is the same
user (SO_PEERCRED); the running copy greets it (``READY``: its event loop
runs); only then does the launch send its wish and close.

Nothing here imports Qt: it runs before Qt is loaded.
"""

from __future__ import annotations

import enum
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk import paths

if TYPE_CHECKING:
    import socket

ACTIVATE = b"activate"
START = b"start"
READY = b"ready\n"
"""What the running copy says first on each connection: it is alive (its
event loop runs). A launch sends its wish only after it, so a copy that hangs
is told nothing it would carry out hours later, and the launch can say so."""
TIMEOUT_S = 2.0
MAX_WISH_BYTES = 512
"""The longest message the running copy reads from a connection. A wish is a
few bytes ("activate", "start:<routine id>", ids being at most 64
characters): anything longer is not a launch talking, and is cut off there."""


class Delivery(enum.Enum):
    TAKEN = "taken"
    NOBODY = "nobody listens there"
    NOT_ANSWERING = "took the connection but does not answer"
    ANOTHER_USER = "is answered by another user's program"


def wish(start_now: bool, routine: str | None) -> bytes:
    """The message a launch sends: come forward, or start (a routine)."""
    if not start_now:
        return ACTIVATE
    named = b":" + routine.encode("ascii", "replace") if routine else b""
    return (START + named)[:MAX_WISH_BYTES]


def is_wish(message: bytes) -> bool:
    """Whether ``message`` is something a launch sends: anything else on the
    socket (another program's bytes) is not acted on. A routine's name is
    printable ASCII (what ``wish`` makes of it); the running copy says
    whether it has that routine."""
    if message in (ACTIVATE, START):
        return True
    asked, colon, routine = message.partition(b":")
    return (
        asked == START and bool(colon) and 0 < len(message) <= MAX_WISH_BYTES
        and all(0x20 <= byte < 0x7F for byte in routine)
    )  # fmt: skip


def hand_over_quickly(message: bytes, lock_file: Path | None = None) -> bool:
    """True when a running footdesk of this person's took ``message``; False
    when this launch should go on and start (or find the running copy the slow
    way, through the lock)."""
    if os.name != "posix":
        return False  # a named pipe there: the Qt path
    socket_file = paths.instance_socket_file(lock_file)
    if socket_file is None:
        return False
    try:
        if not stat.S_ISSOCK(os.lstat(socket_file).st_mode):
            return False
    except OSError:  # no socket: nothing runs (the common cold start, one stat)
        return False
    return deliver(socket_file, message) is Delivery.TAKEN


def probe(socket_file: Path) -> Delivery:
    """Whether a footdesk of this person's answers at ``socket_file`` (TAKEN:
    it greeted), telling it nothing: how a launch that cannot use the lock
    file finds the running copy."""
    return deliver(socket_file, b"")


def deliver(socket_file: Path, message: bytes) -> Delivery:
    """One try at handing ``message`` to the copy listening at ``socket_file``
    (an empty message: only whether it answers)."""
    import socket  # only when a socket is there: 3 ms that a cold start does not pay

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(TIMEOUT_S)
            try:
                connection.connect(os.fspath(socket_file))
            except OSError:  # no socket, or left by a copy that ended
                return Delivery.NOBODY
            if not _answered_by_this_user(connection):
                return Delivery.ANOTHER_USER
            if _read_exactly(connection, len(READY)) != READY:
                return Delivery.NOT_ANSWERING  # hangs, or is not footdesk
            connection.sendall(message)  # in the running copy's socket now: it reads it after we close
    except OSError:  # silent past the time-out, or gone meanwhile
        return Delivery.NOT_ANSWERING
    return Delivery.TAKEN


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    received = b""
    while len(received) < size:
        chunk = connection.recv(size - len(received))
        if not chunk:
            break
        received += chunk
    return received


def _answered_by_this_user(connection: socket.socket) -> bool:
    uid = peer_uid(connection)
    return uid is None or uid == os.geteuid()  # None: the socket's private folder is the guard


def peer_uid(connection: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux's SO_PEERCRED);
    None where the system does not say."""
    import socket
    import struct

    if not hasattr(socket, "SO_PEERCRED"):
        return None
    raw = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", raw)
    return int(uid)
