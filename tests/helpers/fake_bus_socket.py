"""A D-Bus bus socket that is not dbus-daemon: it takes connections and their
authentication, then answers each message the way a test says (or never),
to show what footdesk does with a bus that hangs or talks nonsense."""

from __future__ import annotations

import selectors
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from jeepney import Message, Parser

Answer = Callable[[Message], bytes]
"""What the bus sends back for a message it received (b"": nothing)."""


class FakeBusSocket:
    """Listens at ``address``; ``answer`` is None for a bus that never answers
    anything after the authentication (not even ``Hello``). It hangs up on
    everyone after ``hang_up_after`` seconds, or at ``close``."""

    def __init__(self, folder: Path, answer: Answer | None = None, hang_up_after: float = 10.0) -> None:
        self.path = folder / "fake-bus"
        self.address = f"unix:path={self.path}"
        self.received: list[Message] = []
        self._answer = answer
        self._hang_up_after = hang_up_after
        self._server = socket.socket(socket.AF_UNIX)
        self._server.bind(str(self.path))
        self._server.listen()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._server, selectors.EVENT_READ)
        # what came of an authentication line; a Parser once authenticated
        peers: dict[socket.socket, bytes | Parser] = {}
        end = time.monotonic() + self._hang_up_after
        while not self._stop.is_set() and time.monotonic() < end:
            for key, _ in selector.select(timeout=0.02):
                if key.fileobj is self._server:
                    peer, _ = self._server.accept()
                    peers[peer] = b""
                    selector.register(peer, selectors.EVENT_READ)
                    continue
                peer = key.fileobj
                assert isinstance(peer, socket.socket)
                try:
                    self._take(peer, peers)
                except OSError:  # the client went away
                    selector.unregister(peer)
                    del peers[peer]
                    peer.close()
        for peer in peers:
            peer.close()
        self._server.close()

    def _take(self, peer: socket.socket, peers: dict[socket.socket, bytes | Parser]) -> None:
        """What came from ``peer``; OSError when it has gone."""
        data = peer.recv(65536)
        if not data:
            raise ConnectionResetError
        state = peers[peer]
        if isinstance(state, Parser):
            self._messages(peer, state, data)
            return
        *lines, rest = (state + data.lstrip(b"\0")).split(b"\r\n")
        peers[peer] = rest
        for number, line in enumerate(lines):
            if line.startswith(b"AUTH"):
                peer.sendall(b"OK " + uuid.uuid4().hex.encode() + b"\r\n")
            elif line.startswith(b"NEGOTIATE_UNIX_FD"):
                peer.sendall(b"AGREE_UNIX_FD\r\n")
            elif line.startswith(b"BEGIN"):
                parser = peers[peer] = Parser()
                after = b"\r\n".join([*lines[number + 1 :], rest])
                if after:
                    self._messages(peer, parser, after)
                return

    def _messages(self, peer: socket.socket, parser: Parser, data: bytes) -> None:
        parser.add_data(data)
        while (message := parser.get_next_message()) is not None:
            self.received.append(message)
            if self._answer is not None and (reply := self._answer(message)):
                peer.sendall(reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
