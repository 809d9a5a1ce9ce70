"""The D-Bus connection on a thread of its own (footdesk.platform.bus), against
a bus socket scripted by the test: what comes with a reply is not lost, a bus
that hangs or talks nonsense is a clear failure within the time limit and
never a traceback, and the window can end a connection at any moment."""

from __future__ import annotations

import threading
import time

import pytest

from footdesk.platform.bus import ENDED, BusError, BusLine, describe
from footdesk.to_window import ToWindow
from tests.helpers.fake_bus_socket import FakeBusSocket

jeepney = pytest.importorskip("jeepney")

LIMIT_S = 0.3
"""The time limit of each step in these tests."""


def answering(extra: bytes = b"", garbage_for: str = ""):
    """A bus that answers Hello and every call, sending ``extra`` in the same
    write as each answer to a call (and nonsense instead of the answer to
    ``garbage_for``)."""
    from jeepney import HeaderFields, MessageType, new_method_return

    def answer(message) -> bytes:
        if message.header.message_type is not MessageType.method_call:
            return b""
        member = message.header.fields.get(HeaderFields.member)
        if member == garbage_for:
            return b"this is not D-Bus" * 8
        reply = new_method_return(message, "s", (":1.42",) if member == "Hello" else ("fine",))
        reply.header.fields[HeaderFields.sender] = "org.freedesktop.DBus"
        return reply.serialise(serial=1000 + message.header.serial) + (extra if member != "Hello" else b"")

    return answer


def a_signal() -> bytes:
    from jeepney import DBusAddress, HeaderFields, new_signal

    message = new_signal(DBusAddress("/a/b", interface="a.b"), "Said", "s", ("hello",))
    message.header.fields[HeaderFields.sender] = ":1.7"
    return message.serialise(serial=5)


def call(line: BusLine, method: str = "Ping"):
    from jeepney import DBusAddress, new_method_call

    return line.call(new_method_call(DBusAddress("/a/b", "a.b", "a.b"), method))


class Outcome:
    """What a job came to, on the window's thread."""

    def __init__(self) -> None:
        self.done: list[object] = []
        self.failed: list[BusError] = []

    def __len__(self) -> int:
        return len(self.done) + len(self.failed)


def run(line: BusLine, job, qtbot) -> Outcome:
    outcome = Outcome()
    line.submit(job, outcome.done.append, outcome.failed.append)
    qtbot.waitUntil(lambda: len(outcome) == 1, timeout=5000)
    return outcome


@pytest.fixture
def window(qapp) -> ToWindow:
    return ToWindow()


@pytest.fixture
def no_tracebacks(monkeypatch) -> list[object]:
    """Any exception that escapes a thread (Python would print its traceback)."""
    escaped: list[object] = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    return escaped


def test_a_message_that_came_with_a_reply_is_not_left_unread(tmp_path, qtbot, window, no_tracebacks):
    bus = FakeBusSocket(tmp_path, answering(extra=a_signal()))
    heard: list[object] = []
    line = BusLine(bus.address, LIMIT_S, window.post, on_message=heard.append)
    try:
        outcome = run(line, call, qtbot)
        assert outcome.done == [("fine",)]
        qtbot.waitUntil(lambda: len(heard) == 1, timeout=5000)  # in the same read as the reply
        assert heard[0].body == ("hello",)
        assert line.unique_name == ":1.42"
    finally:
        line.close()
        bus.close()
    assert no_tracebacks == []


def test_a_bus_that_never_answers_hello_fails_within_the_limit(tmp_path, qtbot, window, no_tracebacks):
    bus = FakeBusSocket(tmp_path, answer=None)
    start = time.monotonic()
    line = BusLine(bus.address, LIMIT_S, window.post)
    try:
        outcome = run(line, call, qtbot)
    finally:
        line.close()
        bus.close()
    assert time.monotonic() - start < LIMIT_S + 2
    (error,) = outcome.failed
    assert error.words == f"the session bus did not answer Hello within {LIMIT_S:g} s" and error.lost
    assert not line.alive and no_tracebacks == []


def test_a_call_nobody_answers_names_what_was_asked(tmp_path, qtbot, window):
    from jeepney import HeaderFields

    def answer_hello_only(message):
        if message.header.fields.get(HeaderFields.member) == "Hello":
            return answering()(message)
        return b""

    bus = FakeBusSocket(tmp_path, answer_hello_only)
    line = BusLine(bus.address, LIMIT_S, window.post)
    try:
        outcome = run(line, lambda bus_line: call(bus_line, "Notify"), qtbot)
        assert [e.words for e in outcome.failed] == [f"the session bus did not answer Notify within {LIMIT_S:g} s"]
        assert line.alive  # a late answer is dropped; the connection goes on
    finally:
        line.close()
        bus.close()


def test_nonsense_from_the_bus_is_a_failure_not_a_traceback(tmp_path, qtbot, window, no_tracebacks):
    bus = FakeBusSocket(tmp_path, answering(garbage_for="Ping"))
    line = BusLine(bus.address, LIMIT_S, window.post)
    try:
        outcome = run(line, call, qtbot)
    finally:
        line.close()
        bus.close()
    (error,) = outcome.failed
    assert "is not D-Bus" in error.words and error.lost, error.words
    assert no_tracebacks == []


def test_closing_ends_a_wait_at_once(tmp_path, qtbot, window, no_tracebacks):
    bus = FakeBusSocket(tmp_path, answer=None)
    line = BusLine(bus.address, 30.0, window.post)  # a limit the test never waits out
    outcome = Outcome()
    line.submit(call, outcome.done.append, outcome.failed.append)
    start = time.monotonic()
    line.close()
    qtbot.waitUntil(lambda: len(outcome) == 1, timeout=5000)
    bus.close()
    assert time.monotonic() - start < 5
    assert [e.kind for e in outcome.failed] == [ENDED] and not line.alive
    later = Outcome()
    line.submit(call, later.done.append, later.failed.append)  # a closed line fails what comes, at once
    qtbot.waitUntil(lambda: len(later) == 1, timeout=5000)
    assert [e.kind for e in later.failed] == [ENDED]
    assert no_tracebacks == []


def test_an_unreachable_bus_says_why(tmp_path, qtbot, window):
    line = BusLine(f"unix:path={tmp_path}/nothing-here", LIMIT_S, window.post, who="the system bus")
    outcome = run(line, call, qtbot)
    (error,) = outcome.failed
    assert error.words.startswith("cannot reach the system bus (") and error.lost


def test_an_exception_without_words_is_named_by_its_type_and_what_was_done():
    assert describe(TimeoutError(), "asking the screen saver").words == "TimeoutError while asking the screen saver"
    words = describe(ValueError("bad\x1b[31m"), "reading").words
    assert words == "ValueError while reading: bad\\x1b[31m" or "\x1b" not in words
