"""What the README tells a newcomer works as written (issue 29, defect 9): the
commands after its install, the desktop entry and icon of a pip install, and
what ``dunstctl context`` needs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run_it() -> str:
    return README.split("## From source", 1)[1].split("\n## ", 1)[0]


def test_after_the_install_it_says_how_later_commands_are_typed():
    section = " ".join(run_it().split())
    assert "pip install ." in section
    assert "`.venv/bin/footdesk …`" in section and "source .venv/bin/activate" in section
    assert section.index("source .venv/bin/activate") < README.index("footdesk history  ")


def test_the_desktop_entry_command_makes_a_menu_entry_for_this_venv(tmp_path):
    """The README's line, run as written with a home of their own."""
    (command,) = [line for line in run_it().splitlines() if line.endswith("footdesk install-desktop-entry")]
    if not (ROOT / ".venv" / "bin" / "footdesk").exists():
        pytest.skip("the README's .venv is not in this folder")
    home = tmp_path / "home"
    subprocess.run(["sh", "-e", "-c", command], cwd=ROOT, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                   check=True, capture_output=True)  # fmt: skip
    entry = home / ".local/share/applications/io.github.footdesk.footdesk.desktop"
    execs = [line for line in entry.read_text().splitlines() if line.startswith("Exec=")]
    assert execs == [f"Exec={ROOT}/.venv/bin/footdesk", f"Exec={ROOT}/.venv/bin/footdesk --start"]
    assert (home / ".local/share/icons/hicolor/48x48/apps/io.github.footdesk.footdesk.png").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(entry)], check=True)


def test_dunstctl_context_is_said_to_need_dmenu():
    at = README.index("dunstctl")
    near = " ".join(README[at : at + 300].split())
    assert "dmenu" in near and "suckless-tools" in near
