from __future__ import annotations

from footdesk.ui.single_instance import ACTIVATE, START, SingleInstance


def test_a_second_copy_hands_its_wish_to_the_first(qtbot, tmp_path):
    lock = tmp_path / "footdesk.lock"
    first = SingleInstance(lock)
    assert first.become_primary()
    received: list[bytes] = []
    first.on_message(received.append)
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
