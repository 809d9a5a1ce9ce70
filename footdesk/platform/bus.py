"""D-Bus connections that never hold the window.

Every program of the session shares the session bus, and a desktop can hang:
a stopped dbus-daemon takes a connection into its backlog and never answers,
a bus can authenticate and then never answer ``Hello``, a notification server
can be busy elsewhere. libdbus (under QtDBus and SDL) waits for the bus
without a limit while a connection authenticates, and jeepney's blocking
connection says ``Hello`` without one. So each connection here lives on a
thread of its own, every step (connecting, authenticating, ``Hello``, each
call) has a deadline, and what comes of it reaches the window's thread
through whatever ``post`` the line is given (``footdesk.to_window.ToWindow``
in footdesk). jeepney gives the message format and the authentication; the
socket is ours, so that the window can end a connection at any moment (an
inhibit ends with its connection) without waiting for the thread.

Whatever else arrives on a connection is handed, on the connection's own
thread, to ``on_message``: any program on the bus can send a signal to
anyone, so that is where it is checked, and only what is trusted goes on to
the window.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from footdesk.untrusted import for_log

if TYPE_CHECKING:
    from jeepney import Message

log = logging.getLogger(__name__)

T = TypeVar("T")

_READ_SIZE = 65536
ENDED = "ended"
"""The kind of failure of a job whose line was closed (by its owner, on purpose)."""
SYSTEM_BUS_DEFAULT = "unix:path=/var/run/dbus/system_bus_socket"


def session_bus_address() -> str | None:
    """As libdbus finds it: the environment, else the systemd user bus."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={runtime}/bus"
    return None


def system_bus_address() -> str:
    return os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS_DEFAULT


class BusError(Exception):
    """A D-Bus step that did not work, in words for the log (escaped already).

    ``kind`` groups failures that are said once (a timeout, an error name);
    ``lost`` means the connection cannot be used any more."""

    def __init__(self, words: str, kind: str, lost: bool = False) -> None:
        super().__init__(words)
        self.words = words
        self.kind = kind
        self.lost = lost


class _EndedError(Exception):
    """The window closed the connection while its thread was waiting."""


def describe(exc: BaseException, doing: str) -> BusError:
    """Words for any failure: an exception's own text can be empty (a timeout
    is ``TimeoutError()``), so its type and what was being done always come first."""
    if isinstance(exc, BusError):
        return exc
    text = str(exc)
    words = f"{type(exc).__name__} while {doing}" + (f": {for_log(text)}" if text else "")
    return BusError(words, type(exc).__name__, lost=True)


@dataclass
class _Job:
    run: Callable[[BusLine], Any]
    done: Callable[[Any], None]
    failed: Callable[[BusError], None]


class BusLine:
    """One connection to a bus, opened and used on a thread of its own.

    ``submit`` queues a job (a function of the line, run on its thread, that
    makes calls with ``call`` and ``send``); its ``done`` or ``failed`` then
    runs on the window's thread through ``post``. ``close`` ends the
    connection at once, from the window's thread. Nothing here ever waits
    longer than ``timeout_s`` for the bus: opening (connecting,
    authenticating, Hello) has that long, and so has each call.
    """

    def __init__(
        self,
        address: str,
        timeout_s: float,
        post: Callable[[Callable[[], None]], None],
        *,
        who: str = "the session bus",
        enable_fds: bool = False,
        on_message: Callable[[Message], None] | None = None,
        name: str = "footdesk-bus",
    ) -> None:
        """``who`` names the bus in the log ("the session bus", "the system bus")."""
        self.address = address
        self.timeout_s = timeout_s
        self.who = who
        self.unique_name: str | None = None
        self._post = post
        self._enable_fds = enable_fds
        self._on_message = on_message
        self._lock = threading.Lock()
        self._jobs: deque[_Job] = deque()
        self._closed = False
        self._lost: BusError | None = None
        self._sock: socket.socket | None = None
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._serial = 0
        self._parser: Any = None
        self._told_unreadable = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        """Jobs can still be run (neither closed nor lost)."""
        return not self._closed and self._lost is None

    def submit(
        self, run: Callable[[BusLine], T], done: Callable[[T], None], failed: Callable[[BusError], None]
    ) -> None:
        with self._lock:
            if self.alive:
                self._jobs.append(_Job(run, done, failed))
                self._wake()
                return
            lost = self._lost or self._ended()
        self._post(lambda: failed(lost))

    def close(self) -> None:
        """End the connection now: the bus sees it go at once, whatever the
        thread is waiting for (it ends by itself)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._wake()
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)

    # On the line's thread ---------------------------------------------------------

    def call(self, message: Message, who: str | None = None) -> tuple[Any, ...]:
        """Send a method call and wait for its reply (at most ``timeout_s``):
        the reply's arguments, or a BusError that says who did not answer or
        what they answered."""
        from jeepney import HeaderFields, MessageType

        fields = message.header.fields
        method = str(fields.get(HeaderFields.member, "?"))
        who = who or self.who
        deadline = time.monotonic() + self.timeout_s
        serial = self._send(message, deadline)
        while True:
            reply = self._receive(deadline, f"{who} did not answer {method} within {self.timeout_s:g} s", method)
            if reply.header.fields.get(HeaderFields.reply_serial) != serial:
                self._dispatch(reply)
                continue
            if reply.header.message_type is MessageType.error:
                error = str(reply.header.fields.get(HeaderFields.error_name, "?"))
                detail = f": {for_log(str(reply.body[0]))}" if reply.body and isinstance(reply.body[0], str) else ""
                raise BusError(f"{who} answered {method} with {for_log(error)}{detail}", error)
            return tuple(reply.body)

    def send(self, message: Message) -> None:
        """Send without waiting for an answer (one that comes is dropped)."""
        self._send(message, time.monotonic() + self.timeout_s)

    def _send(self, message: Message, deadline: float) -> int:
        sock = self._sock
        assert sock is not None
        self._serial += 1
        data = message.serialise(serial=self._serial)
        sock.settimeout(max(0.0, deadline - time.monotonic()))
        try:
            sock.sendall(data)
        except TimeoutError:
            raise BusError(f"{self.who} took nothing in {self.timeout_s:g} s", "timeout", lost=True) from None
        except OSError as exc:
            raise self._gone(exc) from None
        return self._serial

    def _receive(self, deadline: float, late: str, kind: str) -> Message:
        """The next whole message, reading as needed until ``deadline``."""
        while True:
            message = self._next_parsed()
            if message is not None:
                return message
            self._read(deadline, late, kind)

    def _next_parsed(self) -> Message | None:
        try:
            message: Message | None = self._parser.get_next_message()
        except Exception as exc:  # noqa: BLE001 - whatever the bytes were, they were not D-Bus
            raise BusError(f"{self.who} sent something that is not D-Bus ({describe(exc, 'reading').words})",
                           "garbled", lost=True) from None  # fmt: skip
        return message

    def _read(self, deadline: float | None, late: str, kind: str) -> bool:
        """Wait for data (or the window closing the line) until ``deadline``, and
        take it in. Without a deadline (idle), False when woken for a job."""
        sock = self._sock
        assert sock is not None
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                if self._closed:
                    raise _EndedError
                wait = None if deadline is None else max(0.0, deadline - time.monotonic())
                ready = {key.fd for key, _ in selector.select(wait)}
                if sock.fileno() in ready:
                    break
                if self._wake_r in ready:
                    with contextlib.suppress(BlockingIOError):
                        os.read(self._wake_r, 4096)
                    if self._closed:
                        raise _EndedError
                    if deadline is None:
                        return False
                    continue
                if deadline is not None and time.monotonic() >= deadline:
                    raise BusError(late, f"timeout:{kind}")
        try:
            if self._enable_fds:
                from jeepney.fds import FileDescriptor, fds_buf_size

                data, ancdata, _flags, _ = sock.recvmsg(self._parser.bytes_desired(), fds_buf_size())
                fds = FileDescriptor.from_ancdata(ancdata)
            else:
                data, fds = sock.recv(_READ_SIZE), []
        except OSError as exc:
            raise self._gone(exc) from None
        if not data:
            raise self._gone(None)
        self._parser.add_data(data, fds)
        return True

    def _ended(self) -> BusError:
        return BusError(f"the connection to {self.who} was ended", ENDED, lost=True)

    def _gone(self, exc: OSError | None) -> BusError:
        reason = f" ({for_log(exc.strerror or str(exc))})" if exc is not None else ""
        return BusError(f"{self.who} closed the connection{reason}", "closed", lost=True)

    def _dispatch(self, message: Message) -> None:
        if self._on_message is None:
            return
        try:
            self._on_message(message)
        except Exception as exc:  # noqa: BLE001 - a message nobody expected must not end the line
            if not self._told_unreadable:  # anyone can send us messages: said once, not once each
                self._told_unreadable = True
                log.info("a D-Bus message could not be read: %s", describe(exc, "reading a message").words)

    def _run(self) -> None:
        try:
            try:
                self._open()
            except BusError as exc:
                exc.lost = True  # without Hello there is no connection to use
                raise
            while True:
                # what came with a reply is already read: handled before waiting for more
                while (message := self._next_parsed()) is not None:
                    self._dispatch(message)
                job = self._next_job()
                if job is None:
                    self._read(None, "", "idle")  # until data comes, or a job, or the end
                    continue
                self._do(job)
        except _EndedError:
            self._fail_all(self._ended())
        except BusError as exc:
            self._fail_all(self._ended() if self._closed else exc)  # closing it is what broke it
        except BaseException as exc:  # noqa: BLE001 - a thread's failure is told, never a traceback
            self._fail_all(describe(exc, f"talking to {self.who}"))
        finally:
            self._finish()

    def _do(self, job: _Job) -> None:
        try:
            result = job.run(self)
        except BusError as exc:
            if exc.lost:
                with self._lock:
                    self._jobs.appendleft(job)  # told with the others
                raise
            failure = exc  # the name in ``except`` is gone once it ends
            self._post(lambda: job.failed(failure))
            return
        except _EndedError:
            with self._lock:
                self._jobs.appendleft(job)
            raise
        except Exception as exc:  # noqa: BLE001 - told, never a traceback
            error = describe(exc, f"talking to {self.who}")
            self._post(lambda: job.failed(error))
            return
        self._post(lambda: job.done(result))

    def _next_job(self) -> _Job | None:
        with self._lock:
            return self._jobs.popleft() if self._jobs else None

    def _open(self) -> None:
        from jeepney import Parser, message_bus
        from jeepney.bus import get_connectable_addresses

        deadline = time.monotonic() + self.timeout_s
        late = f"{self.who} did not answer within {self.timeout_s:g} s (connecting)"
        try:
            target = next(iter(get_connectable_addresses(self.address)))
        except Exception as exc:  # noqa: BLE001 - an address jeepney cannot use
            raise BusError(f"cannot use the address of {self.who} ({describe(exc, 'reading it').words})",
                           "address", lost=True) from None  # fmt: skip
        sock = socket.socket(socket.AF_UNIX)
        with self._lock:
            if self._closed:
                sock.close()
                raise _EndedError
            self._sock = sock
        sock.settimeout(self.timeout_s)
        try:
            sock.connect(target)
        except TimeoutError:
            raise BusError(late, "timeout:opening", lost=True) from None
        except OSError as exc:
            raise BusError(f"cannot reach {self.who} ({for_log(exc.strerror or str(exc))})", "unreachable",
                           lost=True) from None  # fmt: skip
        self._authenticate(sock, deadline, late)
        self._parser = Parser()
        (self.unique_name,) = self.call(message_bus.Hello())

    def _authenticate(self, sock: socket.socket, deadline: float, late: str) -> None:
        from jeepney.auth import BEGIN, AuthenticationError, Authenticator

        if hasattr(socket, "SCM_CREDS"):  # BSD: the credentials go with the first byte
            authenticator = Authenticator(enable_fds=self._enable_fds, inc_null_byte=False)
            sock.sendmsg([b"\0"], [(socket.SOL_SOCKET, socket.SCM_CREDS, bytes(512))])
        else:
            authenticator = Authenticator(enable_fds=self._enable_fds)
        try:
            for request in authenticator:
                sock.settimeout(max(0.0, deadline - time.monotonic()))
                sock.sendall(request)
                received = self._read_auth(sock, deadline, late)
                authenticator.feed(received)
            sock.sendall(BEGIN)
        except AuthenticationError as exc:
            raise BusError(f"{self.who} refused the connection ({for_log(str(exc))})", "refused", lost=True) from None
        except TimeoutError:
            raise BusError(late, "timeout:opening", lost=True) from None
        except OSError as exc:
            raise self._gone(exc) from None

    def _read_auth(self, sock: socket.socket, deadline: float, late: str) -> bytes:
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                if self._closed:
                    raise _EndedError
                ready = {key.fd for key, _ in selector.select(max(0.0, deadline - time.monotonic()))}
                if sock.fileno() in ready:
                    data = sock.recv(1024)
                    if not data:
                        raise self._gone(None)
                    return data
                if self._wake_r in ready:
                    with contextlib.suppress(BlockingIOError):
                        os.read(self._wake_r, 4096)
                    continue
                if time.monotonic() >= deadline:
                    raise BusError(late, "timeout:opening", lost=True)

    def _fail_all(self, error: BusError) -> None:
        with self._lock:
            if self._lost is None:
                self._lost = error
            jobs, self._jobs = list(self._jobs), deque()
        for job in jobs:
            self._post(lambda job=job: job.failed(error))  # type: ignore[misc]

    def _finish(self) -> None:
        with self._lock:
            self._closed = True
            sock, self._sock = self._sock, None
            wake_r, wake_w = self._wake_r, self._wake_w
            self._wake_r = self._wake_w = -1
        if sock is not None:
            sock.close()
        for fd in (wake_r, wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _wake(self) -> None:
        """Under the lock: the thread looks at its jobs and at ``_closed``."""
        if self._wake_w >= 0:
            with contextlib.suppress(BlockingIOError, OSError):
                os.write(self._wake_w, b"!")
