from __future__ import annotations

import threading

from footdesk.platform import single_instance
from footdesk.platform.single_instance import ACTIVATE, START, SingleInstance


def test_a_second_copy_hands_its_wish_to_the_first(qtbot, tmp_path):
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.listen(received.append)
    second = SingleInstance(lock)
    assert not second.become_primary()
    assert second.send(START)
    qtbot.waitUntil(lambda: received == [START])
    assert SingleInstance(lock).send(ACTIVATE)
    qtbot.waitUntil(lambda: received == [START, ACTIVATE])
    first.release()
    third = SingleInstance(lock)
    assert third.become_primary()  # the first one is gone: the next launch runs
    third.release()


def test_copies_for_different_people_do_not_meet(qtbot, tmp_path):
    mine = SingleInstance(tmp_path / "a" / "footdesk.lock")
    theirs = SingleInstance(tmp_path / "b" / "footdesk.lock")
    assert mine.become_primary() and theirs.become_primary()
    mine.release()
    theirs.release()


def test_a_copy_started_before_the_first_listens_waits_for_it(qtbot, tmp_path, monkeypatch):
    """The first copy listens only once its window is shown; a second copy
    launched in that moment retries instead of reporting "does not answer"."""
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    retrying = threading.Event()

    class NoteRetries:
        @staticmethod
        def msleep(ms: int) -> None:
            retrying.set()
            threading.Event().wait(ms / 1000)

    monkeypatch.setattr(single_instance, "QThread", NoteRetries)
    sent: list[bool] = []
    sender = threading.Thread(target=lambda: sent.append(SingleInstance(lock).send(START)))
    sender.start()
    assert retrying.wait(5), "the second copy should have found no server and retried"
    received: list[bytes] = []
    first.listen(received.append)
    qtbot.waitUntil(lambda: received == [START])
    sender.join(5)
    assert sent == [True]
    first.release()
