"""The desktop integration files are valid, named after footdesk's app id and
point at what we ship."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from footdesk import APP_ID, __version__

REPO = Path(__file__).resolve().parents[1]
DESKTOP = REPO / "packaging" / f"{APP_ID}.desktop"
METAINFO = REPO / "packaging" / f"{APP_ID}.metainfo.xml"
SCREENSHOTS = REPO / "packaging" / "screenshots"
HOME = "https://github.com/footdesk/footdesk"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_the_desktop_file_validates():
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_desktop_file_starts_footdesk_and_offers_start():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP)
    assert entry["Desktop Entry"]["Exec"] == "footdesk"
    assert entry["Desktop Entry"]["Icon"] == APP_ID
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


def appstream_issues(path: Path) -> set[str]:
    result = subprocess.run(
        ["appstreamcli", "validate", "--pedantic", "--no-net", "--format=yaml", str(path)],
        check=False,
        capture_output=True,
        text=True,
    )
    return {line.split(":", 1)[1].strip() for line in result.stdout.splitlines() if line.strip().startswith("tag:")}


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_the_metainfo_validates_without_a_remark():
    # --no-net: the addresses are checked for their form here, not fetched
    assert appstream_issues(METAINFO) == set()


def test_the_metainfo_names_the_app_its_home_and_its_desktop_file():
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert component.find(f"releases/release[@version='{__version__}']") is not None
    urls = {url.get("type"): url.text for url in component.iter("url")}
    assert urls["homepage"] == HOME
    assert urls["bugtracker"] == f"{HOME}/issues"


def test_every_screenshot_is_published_from_this_release_and_is_in_the_repository():
    # software centres fetch the images from the release tag, so each must be
    # committed under packaging/screenshots/ before that tag is made
    published = f"https://raw.githubusercontent.com/footdesk/footdesk/v{__version__}/packaging/screenshots/"
    screenshots = ET.parse(METAINFO).getroot().findall("screenshots/screenshot")
    assert [shot.get("type") for shot in screenshots].count("default") == 1
    names = set()
    for shot in screenshots:
        assert shot.findtext("caption")
        address = shot.findtext("image")
        assert address.startswith(published), address
        names.add(address.removeprefix(published))
    assert names >= {"session.png", "finished.png", "review.png"}
    for name in names:
        png = (SCREENSHOTS / name).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        # what AppStream asks: landscape, at least 620 px wide; and small enough to fetch
        assert width >= 620 and 1.3 <= width / height <= 1.9, (name, width, height)
        assert len(png) < 150_000, (name, len(png))
