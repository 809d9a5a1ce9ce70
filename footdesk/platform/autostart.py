"""Starting footdesk at login, so a daily reminder survives a restart.

On freedesktop desktops (GNOME, KDE, Xfce, …) a .desktop file in the user's
autostart folder is started at login; the file itself is the setting (the
desktop's own "Startup applications" panel shows and edits the same file), so
footdesk keeps no copy of it in settings.toml that could disagree. footdesk
starts from it with ``--background``: into the tray, without its window.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from footdesk import APP_ID
from footdesk.files import atomic_write_text
from footdesk.i18n import _

BACKGROUND_ARGUMENT = "--background"


class AutostartError(OSError):
    """The autostart entry could not be written or removed (message names the file)."""


def launch_command(
    frozen: bool = getattr(sys, "frozen", False),
    executable: str = sys.executable,
    on_path: str | None = None,
) -> list[str]:
    """How this very footdesk is started again: the bundle's own program, the
    installed ``footdesk`` script, or this Python with ``-m footdesk``."""
    if frozen:
        return [executable, BACKGROUND_ARGUMENT]
    script = on_path if on_path is not None else shutil.which("footdesk")
    if script:
        return [os.path.abspath(script), BACKGROUND_ARGUMENT]
    return [executable, "-m", "footdesk", BACKGROUND_ARGUMENT]


def exec_line(command: Sequence[str]) -> str:
    """A command quoted for a desktop entry's Exec key (the Desktop Entry
    Specification: arguments with spaces or reserved characters in double
    quotes, with ", `, $ and \\ escaped by a backslash; a literal % doubled)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for argument in command:
        text = argument.replace("%", "%%")
        if any(character in reserved for character in text):
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in text)
            text = f'"{escaped}"'
        parts.append(text)
    # the file format then escapes backslashes once more
    return " ".join(parts).replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    """The login entry. Its file keeps the name footdesk.desktop (a rename would
    orphan the entries people already have); its icon is the installed one,
    named after the app id like the packaged desktop entry's."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=footdesk\n"
        # TRANSLATORS: the login entry's comment, shown in the desktop's list of programs started at login
        f"Comment={_('Daily foot routine reminder (footdesk in the tray)')}\n"
        f"Exec={exec_line(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled(path: Path | None) -> bool:
    """Whether the desktop will start footdesk at login from this entry (a
    desktop's panel may have switched it off without removing the file)."""
    if path is None:
        return False
    from footdesk.untrusted import ReceivedFileError, read_regular_file

    try:  # a FIFO there froze the window as Settings opened; a device would be read without end
        text = read_regular_file(path, 64 * 1024).decode("utf-8", "replace")
    except ReceivedFileError:
        return False
    if "[Desktop Entry]" not in text:
        return False  # not a desktop entry: the desktop ignores it
    keys = {line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip() for line in text.splitlines() if "=" in line}
    return (
        bool(keys.get("Exec"))
        and keys.get("Hidden", "false") != "true"
        and keys.get("X-GNOME-Autostart-enabled", "true") != "false"
    )


class LoginStart:
    """The "start footdesk when I log in" switch, as the settings dialog sees it."""

    def __init__(self, path: Path, command: Sequence[str]) -> None:
        self.path = path
        self.command = list(command)

    def enabled(self) -> bool:
        return is_enabled(self.path)

    def set(self, on: bool) -> None:
        """Raises AutostartError (naming the file) when it cannot be changed."""
        if on:
            enable(self.path, self.command)
        else:
            disable(self.path)


def enable(path: Path, command: Sequence[str]) -> None:
    try:
        atomic_write_text(path, entry_text(command))
    except OSError as exc:
        raise AutostartError(
            _("{path}: cannot write the login entry ({problem})").format(path=path, problem=exc.strerror or exc)
        ) from exc


def disable(path: Path) -> None:
    """Remove the entry; footdesk then no longer starts at login."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            _("{path}: cannot remove the login entry ({problem})").format(path=path, problem=exc.strerror or exc)
        ) from exc
