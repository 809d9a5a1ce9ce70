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


METAINFO = Path(__file__).resolve().parent.parent / "packaging" / "footdesk.metainfo.xml"
# Both need the project's public home, which does not exist yet: an id in
# reverse-DNS form under its domain, and the screenshot's web address.
WAITING_FOR_A_HOME = {"cid-desktopapp-is-not-rdns", "web-url-expected"}


def appstream_issues(path: Path) -> set[str]:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--format=yaml", str(path)],
        check=False,
        capture_output=True,
        text=True,
    )
    return {line.split(":", 1)[1].strip() for line in result.stdout.splitlines() if line.strip().startswith("tag:")}


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_the_metainfo_validates_but_for_the_project_home(tmp_path):
    assert appstream_issues(METAINFO) <= WAITING_FOR_A_HOME
    # given a home, nothing else is wrong
    text = METAINFO.read_text(encoding="utf-8")
    text = text.replace("<id>footdesk</id>", "<id>org.example.footdesk</id>")
    text = text.replace("<image>packaging/screenshots/", "<image>https://example.org/")
    homed = tmp_path / "footdesk.metainfo.xml"
    homed.write_text(text, encoding="utf-8")
    assert appstream_issues(homed) == set()


def test_the_metainfo_matches_the_app():
    from footdesk import __version__

    text = METAINFO.read_text(encoding="utf-8")
    assert f'<release version="{__version__}"' in text
    assert '<launchable type="desktop-id">footdesk.desktop</launchable>' in text
    assert (METAINFO.parent / "screenshots" / "session.png").exists()
