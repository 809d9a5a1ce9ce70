"""What the README tells a newcomer works as written (issue 29, defect 9): the
commands after its install, the desktop entry and icon of a pip install, and
what ``dunstctl context`` needs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run_it() -> str:
    return README.split("## Run it", 1)[1].split("\n## ", 1)[0]


def test_after_the_install_it_says_how_later_commands_are_typed():
    section = " ".join(run_it().split())
    assert "pip install ." in section
    assert "`.venv/bin/footdesk …`" in section and "source .venv/bin/activate" in section
    assert section.index("source .venv/bin/activate") < README.index("footdesk history  ")


def test_the_desktop_entry_lines_make_a_menu_entry_for_this_venv(tmp_path):
    """The README's lines, run as written with a home of their own."""
    script = next(block for block in re.findall(r"```sh\n(.*?)```", run_it(), re.S) if "applications" in block)
    assert "No footdesk command does it" in " ".join(run_it().split())
    home = tmp_path / "home"
    (home / ".local/share/applications").mkdir(parents=True)
    subprocess.run(["sh", "-e", "-c", script], cwd=ROOT, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                   check=True)  # fmt: skip
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
