"""Can a window open here? Asked before Qt is loaded, answered in one line a person can act on.

Qt ends the whole process (SIGABRT, a core dump) when no platform plugin can
start: with no display at all, and, since Qt 6.5, when its X11 plugin misses a
system library such as libxcb-cursor.so.0, which minimal installs, older
desktops and WSL often lack. So footdesk looks first. When the X11 plugin
cannot load and a Wayland display is there, Qt is told to use Wayland
(QT_QPA_PLATFORM=wayland; the plugin ships with PySide6); otherwise footdesk
names the packages to install and exits. A QT_QPA_PLATFORM the person set is
never changed.

Qt-free and cheap: it reads the environment and asks the dynamic loader for a
few small libraries, which Qt's X11 plugin would load moments later anyway
(ctypes is imported only for that). Other systems than Linux are not checked.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence

from footdesk.i18n import _, n_

# The system libraries Qt's X11 plugin (libqxcb.so with libQt6XcbQpa.so.6)
# needs beyond those QtCore and QtGui already load, most often missing first,
# with the packages that carry them: (Debian and Ubuntu, Fedora).
# tests/test_display.py checks this list against the installed plugin.
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
}
# what Qt's Wayland plugin needs beyond QtGui's libraries
WAYLAND_LIBRARIES = ("libwayland-client.so.0", "libwayland-cursor.so.0")


def missing_display_reason(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the window cannot open, known before Qt is loaded. Without a display
    Qt aborts the whole process with a core dump and a misleading hint about
    xcb-cursor; one clear line is kinder."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return _(
        "no graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set); start footdesk from a desktop session"
    )


def prepare_qt_platform(
    environ: MutableMapping[str, str],
    platform: str = sys.platform,
    loads: Callable[[str], bool] | None = None,
) -> str | None:
    """Before Qt is loaded: one line saying why no window can open here, or
    None. May set QT_QPA_PLATFORM=wayland in environ (then Qt uses Wayland).

    loads(soname) tells whether the dynamic loader can load a library;
    library_loads by default."""
    reason = missing_display_reason(environ, platform)
    if reason or not platform.startswith("linux"):
        return reason
    loads = loads or library_loads
    chosen = environ.get("QT_QPA_PLATFORM")
    if chosen:
        # the person's choice stands; Qt falls back along a list (wayland;xcb),
        # so only xcb on its own is sure to abort without its libraries
        return missing_xcb_reason(missing_xcb_libraries(loads)) if platform_names(chosen) == ["xcb"] else None
    missing = missing_xcb_libraries(loads) if environ.get("DISPLAY") else []
    if environ.get("DISPLAY") and not missing:
        return None
    # X11 cannot work: without DISPLAY, or without the libraries
    if wayland_socket(environ) and all(loads(soname) for soname in WAYLAND_LIBRARIES):
        environ["QT_QPA_PLATFORM"] = "wayland"
        return None
    # Wayland alone and not reachable: Qt tries it and says why
    return missing_xcb_reason(missing)


def platform_names(value: str) -> list[str]:
    """The platform plugins a QT_QPA_PLATFORM value names, in the order Qt
    tries them ("wayland;xcb:option" gives wayland, xcb)."""
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def missing_xcb_libraries(loads: Callable[[str], bool] | None = None) -> list[str]:
    """The libraries Qt's X11 plugin needs that cannot be loaded here."""
    loads = loads or library_loads
    return [soname for soname in XCB_LIBRARIES if not loads(soname)]


def missing_xcb_reason(missing: Sequence[str]) -> str | None:
    """One line naming the packages to install; None when nothing is missing."""
    if not missing:
        return None
    debian = " ".join(dict.fromkeys(XCB_LIBRARIES[soname][0] for soname in missing))
    fedora = " ".join(dict.fromkeys(XCB_LIBRARIES[soname][1] for soname in missing))
    # TRANSLATORS: {debian} and {fedora} are package names, {libraries} file names ("libxcb-cursor.so.0")
    return n_(
        "Qt needs the system library {libraries} to open a window on X11; install it "
        "(Debian/Ubuntu: apt install {debian}, Fedora: dnf install {fedora})",
        "Qt needs the system libraries {libraries} to open a window on X11; install them "
        "(Debian/Ubuntu: apt install {debian}, Fedora: dnf install {fedora})",
        len(missing),
    ).format(libraries=", ".join(missing), debian=debian, fedora=fedora)


def wayland_socket(environ: Mapping[str, str]) -> str | None:
    """The Wayland display's socket when there is one to connect to, found as
    libwayland finds it (WAYLAND_DISPLAY, relative to XDG_RUNTIME_DIR)."""
    name = environ.get("WAYLAND_DISPLAY")
    if not name:
        return None
    path = os.path.join(environ.get("XDG_RUNTIME_DIR") or "", name)
    if not os.path.isabs(path):  # libwayland refuses a relative one
        return None
    try:
        return path if stat.S_ISSOCK(os.stat(path).st_mode) else None
    except (OSError, ValueError):
        return None


def library_loads(soname: str) -> bool:
    """Whether the dynamic loader finds and loads this library the way it will
    for Qt's plugin: LD_LIBRARY_PATH (a PyInstaller bundle's own folder is on
    it), the ld.so cache, the system folders. A loaded library stays loaded;
    Qt would load it next anyway."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def english_dates() -> None:
    """Qt takes the system's locale for the whole process (setlocale). footdesk
    writes a date for people through footdesk.i18n (in the language it speaks,
    which may not be the system's); what strftime still writes (a file's time
    stamp) stays the same on every system."""
    import locale

    try:
        locale.setlocale(locale.LC_TIME, "C")
    except locale.Error:  # pragma: no cover - the C locale always exists
        pass  # the C locale always exists
