"""What a launch tells the footdesk that already runs, and the quick way to
tell it before Qt is loaded.

A person with a daily reminder has footdesk in the tray all day, so opening it
from the menu usually finds a copy running. Loading Qt only to hand the wish
over and exit took about a quarter of a second before the running window came
forward. The running copy listens on a Unix socket (single_instance.py), which
plain Python can reach: ``hand_over_quickly`` tries it first and the window
comes forward in tens of milliseconds. Whenever it cannot be sure (no socket
yet, a socket nobody answers, another user's, Windows), it says so and the
launch goes on to the Qt path, which takes the lock and decides as before.

Nothing here imports Qt: it runs before Qt is loaded.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk import paths

if TYPE_CHECKING:
    import socket

ACTIVATE = b"activate"
START = b"start"
_TIMEOUT_S = 2.0


def wish(start_now: bool, routine: str | None) -> bytes:
    """The message a launch sends: come forward, or start (a routine)."""
    if not start_now:
        return ACTIVATE
    return START + (b":" + routine.encode("ascii", "replace") if routine else b"")


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
    import socket  # only when a socket is there: 3 ms that a cold start does not pay

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(_TIMEOUT_S)
            connection.connect(os.fspath(socket_file))
            if not _answered_by_this_user(connection):
                return False  # the Qt path refuses it too, and says so in the log
            connection.sendall(message)  # in the running copy's socket now: it reads it even after we close
    except OSError:  # left by a copy that ended, or not answering: the Qt path decides
        return False
    return True


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
