"""The installed app must find its routine the same way from a wheel as from a
source checkout: assets/ ships inside the package as footdesk.assets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

"""One worker builds the wheel once for the module's tests."""

BUILD_LEFTOVERS = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the checkout: setuptools builds in the source's build/
    folder, and another build there at the same time (a second checkout's
    tests, a developer's) would trip over its files."""
    source = tmp_path_factory.mktemp("source") / "footdesk"
    shutil.copytree(REPO, source, ignore=BUILD_LEFTOVERS)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("footdesk-*.whl")
    return built


def test_the_wheel_carries_the_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "footdesk/assets/__init__.py" in names
    assert "footdesk/assets/routines/foot-strength.toml" in names
    for tracked in (REPO / "assets").rglob("*"):
        if tracked.is_file() and "__pycache__" not in tracked.parts:
            assert f"footdesk/assets/{tracked.relative_to(REPO / 'assets').as_posix()}" in names


def test_the_wheel_carries_every_language_compiled_and_no_catalog_source(wheel):
    """The build compiles each .po (setup.py); the wheel has the .mo and gettext reads it."""
    import gettext
    import io

    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for po in (REPO / "footdesk" / "locale").glob("*/LC_MESSAGES/footdesk.po"):
        code = po.parent.parent.name
        compiled = f"footdesk/locale/{code}/LC_MESSAGES/footdesk.mo"
        assert compiled in names, code
        catalog = gettext.GNUTranslations(io.BytesIO(archive.read(compiled)))
        assert catalog.pgettext("routine foot-strength", "Strong feet, happier back") != "Strong feet, happier back"
        assert f"footdesk/assets/sounds/{code}/say-roll.ogg" in names


def test_the_wheel_carries_every_package(wheel):
    """A new folder under footdesk/ must also be listed in pyproject.toml."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (REPO / "footdesk").rglob("__init__.py"):
        assert init.relative_to(REPO).as_posix() in names


def test_the_wheel_has_the_entry_point(wheel):
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
    assert "footdesk = footdesk.cli:main" in archive.read(entry_points).decode()


def test_the_routine_loads_from_the_installed_wheel(wheel, tmp_path):
    # unpacked on its own (no source tree on the path), the package finds its routine
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
        "import footdesk.routine as r, footdesk; "
        f"assert footdesk.__file__.startswith({str(tmp_path)!r}), footdesk.__file__; "
        "print(len(r.load_default_routine().steps))"
    )
    # -S: no site-packages, so neither an installed nor an editable footdesk can answer
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=tmp_path, check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"


def test_the_wheel_carries_the_desktop_entry(wheel):
    """pip puts it in the environment's share/applications, where footdesk install-desktop-entry
    finds it without the source tree (tests/test_desktop_entry.py)."""
    from footdesk import APP_ID, __version__

    archive = zipfile.ZipFile(wheel)
    name = f"footdesk-{__version__}.data/data/share/applications/{APP_ID}.desktop"
    assert archive.read(name) == (REPO / "packaging" / f"{APP_ID}.desktop").read_bytes()
