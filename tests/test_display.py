"""Before Qt loads: can a window open, which window system, and the one line
that says what to install when it cannot (footdesk.platform.display)."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from footdesk.cli import main
from footdesk.platform import display
from footdesk.platform.display import XCB_LIBRARIES, missing_display_reason, prepare_qt_platform
from tests.helpers.elf import needed_libraries

CURSOR_LINE = (
    "Qt needs the system library libxcb-cursor.so.0 to open a window on X11; install it "
    "(Debian/Ubuntu: apt install libxcb-cursor0, Fedora: dnf install xcb-util-cursor)"
)


def all_but(*missing: str):
    """A library search that finds everything except these."""
    asked: list[str] = []

    def loads(soname: str) -> bool:
        asked.append(soname)
        return soname not in missing

    loads.asked = asked  # type: ignore[attr-defined]
    return loads


@pytest.fixture
def wayland_display():
    """A listening Unix socket where a Wayland compositor's would be."""
    with tempfile.TemporaryDirectory() as runtime:  # short: a socket path has a length limit
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(Path(runtime) / "wayland-7"))
        server.listen()
        yield {"XDG_RUNTIME_DIR": runtime, "WAYLAND_DISPLAY": "wayland-7"}
        server.close()


def test_a_display_or_a_chosen_platform_lets_qt_decide():
    assert missing_display_reason({"DISPLAY": ":0"}, "linux") is None
    assert missing_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display_reason({}, "win32") is None
    assert missing_display_reason({}, "linux") is not None


def test_the_line_names_the_library_and_the_packages():
    assert display.missing_xcb_reason(["libxcb-cursor.so.0"]) == CURSOR_LINE
    several = display.missing_xcb_reason(["libxcb-cursor.so.0", "libxcb-shm.so.0", "libxcb-sync.so.1"])
    assert several == (
        "Qt needs the system libraries libxcb-cursor.so.0, libxcb-shm.so.0, libxcb-sync.so.1 to open a window "
        "on X11; install them (Debian/Ubuntu: apt install libxcb-cursor0 libxcb-shm0 libxcb-sync1, "
        "Fedora: dnf install xcb-util-cursor libxcb)"
    )
    assert display.missing_xcb_reason([]) is None


def test_x11_without_its_library_is_one_line():
    environ = {"DISPLAY": ":0"}
    assert prepare_qt_platform(environ, "linux", all_but("libxcb-cursor.so.0")) == CURSOR_LINE
    assert environ == {"DISPLAY": ":0"}


def test_x11_with_every_library_is_left_to_qt():
    environ = {"DISPLAY": ":0"}
    assert prepare_qt_platform(environ, "linux", all_but()) is None
    assert environ == {"DISPLAY": ":0"}


def test_wayland_is_used_when_the_x11_plugin_cannot_load(wayland_display):
    environ = {"DISPLAY": ":0", **wayland_display}
    assert prepare_qt_platform(environ, "linux", all_but("libxcb-cursor.so.0")) is None
    assert environ["QT_QPA_PLATFORM"] == "wayland"


def test_wayland_alone_is_asked_for_by_name(wayland_display):
    """Without DISPLAY the X11 plugin cannot work: Qt is not left to try it."""
    environ = dict(wayland_display)
    assert prepare_qt_platform(environ, "linux", all_but()) is None
    assert environ["QT_QPA_PLATFORM"] == "wayland"


def test_a_wayland_display_that_is_not_there_is_no_way_out(tmp_path):
    environ = {"DISPLAY": ":0", "XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-7"}
    assert prepare_qt_platform(environ, "linux", all_but("libxcb-cursor.so.0")) == CURSOR_LINE
    assert "QT_QPA_PLATFORM" not in environ
    relative = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-7"}  # no XDG_RUNTIME_DIR: libwayland refuses
    assert prepare_qt_platform(relative, "linux", all_but("libxcb-cursor.so.0")) == CURSOR_LINE


def test_wayland_without_its_own_library_is_no_way_out(wayland_display):
    environ = {"DISPLAY": ":0", **wayland_display}
    loads = all_but("libxcb-cursor.so.0", "libwayland-client.so.0")
    assert prepare_qt_platform(environ, "linux", loads) == CURSOR_LINE
    assert "QT_QPA_PLATFORM" not in environ


def test_a_platform_the_person_chose_is_kept():
    for chosen in ("offscreen", "wayland", "wayland;xcb", "xcb;wayland"):
        environ = {"DISPLAY": ":0", "QT_QPA_PLATFORM": chosen}
        assert prepare_qt_platform(environ, "linux", all_but("libxcb-cursor.so.0")) is None
        assert environ["QT_QPA_PLATFORM"] == chosen
    # xcb alone aborts without its library: that is worth the line
    only_xcb = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"}
    assert prepare_qt_platform(only_xcb, "linux", all_but("libxcb-cursor.so.0")) == CURSOR_LINE


def test_other_systems_are_not_checked():
    loads = all_but("libxcb-cursor.so.0")
    for platform in ("win32", "darwin"):
        assert prepare_qt_platform({}, platform, loads) is None
    assert loads.asked == []  # type: ignore[attr-defined]


def test_the_window_command_prints_the_line_and_exits_1(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(display, "library_loads", all_but("libxcb-cursor.so.0"))
    assert main([]) == 1
    assert capsys.readouterr().err == f"footdesk: {CURSOR_LINE}\n"


def test_a_real_library_search():
    assert display.library_loads("libc.so.6") is (sys.platform.startswith("linux"))
    assert display.library_loads("libfootdesk-no-such-library.so.0") is False


def test_asking_costs_no_heavy_import():
    code = (
        "import sys; from footdesk.platform import display; "
        "display.prepare_qt_platform({'DISPLAY': ':0'}, 'win32'); "
        "heavy = [m for m in ('ctypes', 'PySide6', 'pygame', 'subprocess') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is a Linux thing")
def test_the_library_list_is_what_the_x11_plugin_needs():
    """XCB_LIBRARIES is every library Qt's X11 plugin needs that QtCore, QtGui
    and QtWidgets do not already load: a PySide6 that needs another one fails
    here, not on someone's desktop."""
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    qt = Path(spec.submodule_search_locations[0]) / "Qt"
    plugin = set(needed_libraries(qt / "plugins" / "platforms" / "libqxcb.so"))
    plugin |= set(needed_libraries(qt / "lib" / "libQt6XcbQpa.so.6"))
    loaded_anyway = {"libxcb.so.1"}  # libX11's own dependency, and QtGui needs libX11
    for module in ("Core", "Gui", "Widgets", "DBus"):
        loaded_anyway |= set(needed_libraries(qt / "lib" / f"libQt6{module}.so.6"))
    extra = {name for name in plugin - loaded_anyway if not name.startswith("libQt6")}
    assert extra == set(XCB_LIBRARIES)
