"""The running footdesk's side of the one-copy socket, for the tests that talk to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from footdesk.platform.single_instance import SingleInstance


@contextmanager
def listening(lock: Path) -> Iterator[tuple[SingleInstance, list[bytes]]]:
    """The lock held and the socket listening; what it was told, as it comes."""
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    try:
        yield first, received
    finally:
        first.release()
