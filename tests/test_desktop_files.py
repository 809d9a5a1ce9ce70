"""The desktop integration files are valid and point at what we ship."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_the_desktop_file_validates():
    result = subprocess.run(
        ["desktop-file-validate", str(REPO / "packaging" / "footdesk.desktop")],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_desktop_file_starts_footdesk_and_offers_start():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(REPO / "packaging" / "footdesk.desktop")
    assert entry["Desktop Entry"]["Exec"] == "footdesk"
    assert entry["Desktop Entry"]["Icon"] == "footdesk"
    assert entry["Desktop Action start"]["Exec"] == "footdesk --start"


def test_the_icon_ships_in_every_size():
    icons = {e.name for e in resources.files("footdesk.assets").joinpath("icons").iterdir()}
    assert "footdesk.svg" in icons
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert f"footdesk-{size}.png" in icons


def test_the_window_icon_loads(qapp):
    from footdesk.ui.theme import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 48, 256}
