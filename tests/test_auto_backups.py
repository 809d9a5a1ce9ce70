"""The weekly backup the running app makes by itself, on the FakeClock: made at
start, again once a week has gone by (looked at once a day), never during a
session, the last N kept, a failure said once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from footdesk import paths
from footdesk.backup import auto_backups
from footdesk.model.backups import LOOK_EVERY_S, AutoBackups
from footdesk.model.plumbing import Notices, NoWaker, Slot, Wakeups
from footdesk.settings import Settings
from tests.helpers import FakeClock

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Running:
    """AutoBackups wired as the model wires them, with a clock the test moves."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.clock = FakeClock()
        self.settings = settings or Settings()
        self.busy = False
        self.notices = Notices()
        self.said: list[str] = []
        self.notices.notice.connect(self.said.append)
        self.wakeups = Wakeups(NoWaker(), self.clock, lambda: None)
        self.backups = AutoBackups(lambda: self.settings, paths.kept_files, paths.default_backups_dir, self.wall,
                                   self.clock, self.wakeups, lambda: self.busy, self.notices)  # fmt: skip

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.clock.now - 1000.0)

    def days(self, count: int) -> None:
        """Let ``count`` days pass, waking when the timer would."""
        for _ in range(count):
            self.clock.advance(LOOK_EVERY_S)
            self.backups.wake_if_due()


def made() -> list[datetime]:
    return [when for when, _path in auto_backups(paths.default_backups_dir())]


def test_one_at_start_then_one_a_week_and_only_the_last_n_are_kept():
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("[goal]\ndays = 5\n")
    running = Running(replace(Settings(), backup_keep=3))
    running.backups.start()
    assert made() == [START.replace(tzinfo=None)]
    assert running.wakeups.at(Slot.BACKUP) == running.clock.now + LOOK_EVERY_S
    running.days(6)
    assert len(made()) == 1  # not a week yet
    running.days(1)
    assert made()[-1] == (START + timedelta(days=7)).replace(tzinfo=None)
    running.days(7 * 5)
    assert made() == [(START + timedelta(days=days)).replace(tzinfo=None) for days in (28, 35, 42)]
    assert running.said == []


def test_never_during_a_session_and_off_when_the_person_says_so():
    running = Running()
    running.busy = True
    running.backups.start()
    assert made() == []
    running.clock.advance(3600)
    running.busy = False
    running.backups.wake_if_due()
    assert len(made()) == 1
    running = Running(replace(Settings(), backup_weekly=False))
    running.days(30)
    assert len(made()) == 1


def test_a_folder_that_is_gone_is_said_once_and_the_next_success_says_nothing(tmp_path):
    chosen = tmp_path / "Sync" / "footdesk"
    running = Running(replace(Settings(), backup_folder=str(chosen)))
    running.backups.start()
    running.days(2)
    assert len(running.said) == 1 and str(chosen) in running.said[0]
    assert not chosen.exists()  # a folder the person chose is never made by footdesk
    chosen.mkdir(parents=True)
    running.days(1)
    assert len(auto_backups(chosen)) == 1 and len(running.said) == 1


def test_the_app_makes_it_once_the_history_is_open(app):
    app.model.backups.start()
    assert len(made()) == 1
