"""From source: put footdesk's desktop entry and icon into the person's own menu
folders ($XDG_DATA_HOME/applications and icons/hicolor), or take them out.

The entry is the one in packaging/ (a wheel carries it as a data file, so
`pip install .` puts it under the environment's share/applications), with its
Exec lines pointing at this environment's footdesk program, since the menu
knows nothing of a virtual environment. The Debian package installs both
system-wide and does not need this.
"""

from __future__ import annotations

import os
import re
import sysconfig
from importlib import resources
from pathlib import Path

from footdesk import APP_ID
from footdesk.i18n import _

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The Desktop Entry Specification's reserved characters in an Exec argument: it is then quoted,
# and inside the quotes these four take a backslash
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


class DesktopEntryError(Exception):
    """The entry cannot be written; the message says why, for the person."""


def system_entry() -> Path | None:
    """footdesk's entry in the system's menu folders ($XDG_DATA_DIRS, else
    /usr/local/share and /usr/share, as the spec says), if one is there."""
    folders = [Path(part) for part in os.environ.get("XDG_DATA_DIRS", "").split(os.pathsep) if os.path.isabs(part)]
    for folder in folders or [Path("/usr/local/share"), Path("/usr/share")]:
        if entry_path(folder).is_file():
            return entry_path(folder)
    return None


def data_home() -> Path:
    """$XDG_DATA_HOME when absolute (the spec says to ignore a relative one), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def entry_path(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def icon_paths(home: Path) -> dict[str, Path]:
    """Where each icon goes: its name in footdesk.assets.icons → its place in the hicolor theme."""
    hicolor = home / "icons" / "hicolor"
    paths = {f"footdesk-{size}.png": hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES}
    paths["footdesk.svg"] = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    return paths


def program() -> Path:
    """This environment's footdesk program (.venv/bin/footdesk)."""
    return Path(sysconfig.get_path("scripts")) / ("footdesk.exe" if os.name == "nt" else "footdesk")


def template() -> str:
    """The desktop entry as shipped: from the environment (a wheel's data file) or the source tree."""
    name = f"{APP_ID}.desktop"
    candidates = (
        Path(sysconfig.get_path("data")) / "share" / "applications" / name,
        Path(__file__).resolve().parents[2] / "packaging" / name,
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise DesktopEntryError(
        _("footdesk's desktop entry ({name}) is in neither {first} nor {second}").format(
            name=name, first=candidates[0], second=candidates[1]
        )
    )


def exec_argument(argument: str) -> str:
    """One argument of an Exec line, quoted and escaped as the Desktop Entry Specification says."""
    if any(char in _RESERVED for char in argument):
        argument = '"' + "".join(f"\\{c}" if c in _ESCAPED_IN_QUOTES else c for c in argument) + '"'
    # %-codes are field codes; a string value's backslashes are escaped once more
    return argument.replace("%", "%%").replace("\\", "\\\\")


def entry_text(shipped: str, footdesk: Path) -> str:
    """The shipped entry with each Exec=footdesk… line starting this footdesk instead."""
    text = str(footdesk)
    if "\n" in text or "\r" in text:
        raise DesktopEntryError(
            _("footdesk's path has a line break, which a desktop entry cannot hold: {path}").format(path=repr(text))
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DesktopEntryError(
            _("footdesk's path is not UTF-8, which a desktop entry needs: {path}").format(
                path=repr(text.encode("utf-8", "replace"))
            )
        ) from None
    return re.sub(r"^Exec=footdesk(?=\s|$)", lambda _: f"Exec={exec_argument(text)}", shipped, flags=re.MULTILINE)


def installed_for_everyone() -> Path | None:
    """The system's entry when this footdesk came with it (a distribution's
    package: no entry in its own environment or source tree to write): then
    there is nothing to install."""
    try:
        template()
    except DesktopEntryError:
        return system_entry()
    return None


def install(home: Path | None = None, footdesk: Path | None = None) -> list[Path]:
    """Write the entry and the icons; the files written."""
    home = data_home() if home is None else home
    text = entry_text(template(), program() if footdesk is None else footdesk)
    written = []
    entry = entry_path(home)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(text, encoding="utf-8")
    written.append(entry)
    icons = resources.files("footdesk.assets.icons")
    for name, target in icon_paths(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(icons.joinpath(name).read_bytes())
        written.append(target)
    return written


def remove(home: Path | None = None) -> list[Path]:
    """Take the entry and the icons out again; the files removed."""
    home = data_home() if home is None else home
    removed = []
    for path in (entry_path(home), *icon_paths(home).values()):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
