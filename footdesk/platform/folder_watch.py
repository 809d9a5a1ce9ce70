"""Routines put in their folder by hand while footdesk runs (a file a
physiotherapist mailed, saved straight there): the window hears of them,
instead of only at the next start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

SETTLE_MS = 300
"""A file being saved changes the folder several times: one look once it is quiet."""


class FolderWatch(QObject):
    """Calls ``changed`` once a folder's list of files settles after a change.
    A folder that does not exist yet is waited for in the nearest folder above it that does."""

    def __init__(self, folder: Path, changed: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._changed = changed
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self._watch()

    def _watch(self) -> None:
        """The folder; while it is not made yet, the nearest folder above it that is."""
        for place in (self._folder, *self._folder.parents):
            if place.is_dir():
                if str(place) not in self._watcher.directories():
                    self._watcher.addPath(str(place))
                return

    def _settled(self) -> None:
        self._watch()  # the folder may have been made meanwhile
        self._changed()
