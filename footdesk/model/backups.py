"""The weekly backup the running app makes by itself: when the newest in the
chosen folder is a week old, at start and then once a day, never during a
session, keeping the last N. A failure (the folder gone, read-only, a full
disk) is said once as a notice, and footdesk goes on as before; the next
success says nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from footdesk.files import create_private_dirs
from footdesk.i18n import _
from footdesk.model.plumbing import Notices, Slot, Wakeups
from footdesk.paths import Kept
from footdesk.settings import Settings

WEEK = timedelta(days=7)
LOOK_EVERY_S = 24 * 3600.0
"""How often the running app looks whether a backup is due."""
BUSY_RETRY_S = 3600.0
"""A backup due during a session is looked at again this much later."""


class AutoBackups:
    def __init__(
        self,
        settings: Callable[[], Settings],
        kept: Callable[[], Sequence[Kept]],
        default_folder: Callable[[], Path],
        wall_now: Callable[[], datetime],
        clock: Callable[[], float],
        wakeups: Wakeups,
        busy: Callable[[], bool],
        notices: Notices,
    ) -> None:
        self._settings = settings
        self._kept = kept
        self._default_folder = default_folder
        self._wall_now = wall_now
        self._clock = clock
        self._wakeups = wakeups
        self._busy = busy
        self._notices = notices
        self._failing = False

    def folder(self) -> Path:
        """Where the weekly backups go: the person's choice, or footdesk's own ``Backups`` folder."""
        chosen = self._settings().backup_folder
        return Path(chosen) if chosen else self._default_folder()

    def start(self) -> None:
        """At start (once the history is open): a backup if one is due, then a look once a day."""
        self._look()

    def wake_if_due(self) -> None:
        if self._wakeups.due(Slot.BACKUP):
            self._look()

    def _look(self) -> None:
        if self._busy():
            self._wakeups.set(Slot.BACKUP, self._clock() + BUSY_RETRY_S)
            return
        self.make_if_due()
        self._wakeups.set(Slot.BACKUP, self._clock() + LOOK_EVERY_S)

    def make_if_due(self) -> Path | None:
        """The backup written (None: none was due, they are off, or it failed and the person was told)."""
        settings = self._settings()
        if not settings.backup_weekly:
            return None
        # loaded when a backup is looked at, after the first frame (zipfile, SQLite, the checks)
        from footdesk.backup import BackupError, auto_backup_name, auto_backups, prune_auto_backups, write_backup

        folder, now = self.folder(), self._wall_now()
        made = auto_backups(folder)
        if made and now.replace(tzinfo=None) - made[-1][0] < WEEK:
            return None
        target = folder / auto_backup_name(now)
        try:
            if not settings.backup_folder:
                create_private_dirs(folder)  # footdesk's own; a folder the person chose is never made
            write_backup(target, self._kept(), now)
        except (BackupError, OSError) as exc:
            if not self._failing:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                failed = _(
                    "The weekly backup could not be written to {folder} ({reason}); footdesk tries again "
                    "tomorrow. Settings → Backups chooses another folder."
                )
                self._notices.say(failed.format(folder=folder, reason=reason))
            self._failing = True
            return None
        self._failing = False
        prune_auto_backups(folder, settings.backup_keep)
        return target
