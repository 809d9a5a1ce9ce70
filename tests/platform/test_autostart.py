from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from footdesk import APP_ID, paths
from footdesk.platform import autostart
from footdesk.platform.autostart import (
    AutostartError,
    disable,
    enable,
    entry_text,
    exec_line,
    is_enabled,
    launch_command,
)


def test_the_entry_lives_in_the_autostart_folder_beside_footdesks_config(user_dirs):
    entry = paths.autostart_file("linux")
    assert entry == paths.config_dir().parent / "autostart" / "footdesk.desktop"
    assert paths.autostart_file("win32") is None
    assert paths.autostart_file("darwin") is None


def test_the_command_starts_this_footdesk_in_the_background():
    assert launch_command(frozen=True, executable="/opt/footdesk/footdesk") == [
        "/opt/footdesk/footdesk",
        "--background",
    ]
    assert launch_command(frozen=False, executable="/usr/bin/python3", on_path="/home/a/.local/bin/footdesk") == [
        "/home/a/.local/bin/footdesk",
        "--background",
    ]
    assert launch_command(frozen=False, executable="/v/bin/python", on_path="") == [
        "/v/bin/python",
        "-m",
        "footdesk",
        "--background",
    ]


def test_exec_quotes_what_the_desktop_entry_spec_asks():
    assert exec_line(["/usr/bin/footdesk", "--background"]) == "/usr/bin/footdesk --background"
    # spaces quoted; $ and " escaped inside the quotes; backslashes doubled once more by the file format
    assert exec_line(["/home/a b/foot$desk", "--background"]) == '"/home/a b/foot\\\\$desk" --background'
    assert exec_line(["/x/100%/footdesk"]) == "/x/100%%/footdesk"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_the_entry_is_a_valid_desktop_file(tmp_path):
    entry = tmp_path / "footdesk.desktop"
    entry.write_text(entry_text(['/home/a person/bin/foot"desk', "--background"]))
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_entry_shows_the_icon_of_the_packaged_desktop_entry():
    def icon(text: str) -> str:
        entry = configparser.ConfigParser(interpolation=None)
        entry.optionxform = str
        entry.read_string(text)
        return entry["Desktop Entry"]["Icon"]

    packaged = Path(__file__).resolve().parents[2] / "packaging" / f"{APP_ID}.desktop"
    assert icon(entry_text(["footdesk", "--background"])) == icon(packaged.read_text(encoding="utf-8")) == APP_ID


def test_enable_and_disable_write_and_remove_the_entry(tmp_path):
    entry = tmp_path / "autostart" / "footdesk.desktop"
    assert not is_enabled(entry)
    enable(entry, ["/usr/bin/footdesk", "--background"])
    assert is_enabled(entry)
    assert "Exec=/usr/bin/footdesk --background\n" in entry.read_text()
    disable(entry)
    assert not entry.exists() and not is_enabled(entry)
    disable(entry)  # already gone: nothing to do
    assert not is_enabled(None)


def test_an_entry_switched_off_by_the_desktop_counts_as_off(tmp_path):
    entry = tmp_path / "footdesk.desktop"
    entry.write_text(
        entry_text(["footdesk"]).replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false")
    )
    assert not is_enabled(entry)
    entry.write_text(entry_text(["footdesk"]) + "Hidden=true\n")
    assert not is_enabled(entry)
    entry.write_bytes(b"\xff\xfe garbage")
    assert not is_enabled(entry)


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "autostart"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(AutostartError, match=r"autostart.*cannot write the login entry"):
        enable(blocker / "footdesk.desktop", ["footdesk"])
    with pytest.raises(AutostartError, match="cannot remove"):
        autostart.disable(tmp_path)  # a folder cannot be unlinked
