"""footdesk install-desktop-entry: from source, the entry and the icon go into the
person's own folders ($XDG_DATA_HOME), pointing at this environment's footdesk;
--remove takes them out again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from footdesk import APP_ID, cli
from footdesk.platform import desktop_entry

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "packaging" / f"{APP_ID}.desktop"
needs_validator = pytest.mark.skipif(
    not shutil.which("desktop-file-validate"), reason="desktop-file-validate (desktop-file-utils) checks the entry"
)


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return home


def validate(entry: Path) -> str:
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).strip() or f"exit {result.returncode}" * (result.returncode != 0)


@needs_validator
def test_the_command_puts_the_entry_and_icon_in_the_persons_folders(data_home, capsys):
    assert cli.main(["install-desktop-entry"]) == 0

    entry = data_home / "applications" / f"{APP_ID}.desktop"
    text = entry.read_text(encoding="utf-8")
    program = desktop_entry.program()
    assert f"\nExec={desktop_entry.exec_argument(str(program))}\n" in text
    assert f"\nExec={desktop_entry.exec_argument(str(program))} --start\n" in text  # the "Start the routine" action
    # everything else as shipped
    shipped = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert [line for line in text.splitlines() if not line.startswith("Exec=")] == [
        line for line in shipped if not line.startswith("Exec=")
    ]
    assert validate(entry) == ""
    icons = REPO / "assets" / "icons"
    hicolor = data_home / "icons" / "hicolor"
    for size in desktop_entry.ICON_SIZES:
        installed = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert installed.read_bytes() == (icons / f"footdesk-{size}.png").read_bytes()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == (icons / "footdesk.svg").read_bytes()
    said = capsys.readouterr().out
    assert str(entry) in said and "applications menu" in said


def test_remove_takes_them_out_and_leaves_the_rest(data_home, capsys):
    assert cli.main(["install-desktop-entry"]) == 0
    other = data_home / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")
    capsys.readouterr()

    assert cli.main(["install-desktop-entry", "--remove"]) == 0

    assert not (data_home / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((data_home / "icons").rglob("*.png")) and not list((data_home / "icons").rglob("*.svg"))
    assert other.exists()
    assert capsys.readouterr().out.count("removed ") == 1 + len(desktop_entry.ICON_SIZES) + 1


@needs_validator
@pytest.mark.parametrize(
    "folder",
    ["/home/ana/my apps/.venv/bin", '/home/o\'brien/$HOME/100%/back\\slash/`x`/"q"', "/home/zoë/ünï/.venv/bin"],
)
def test_a_path_with_spaces_quotes_or_percent_signs_still_makes_a_valid_entry(tmp_path, folder):
    program = Path(folder) / "footdesk"
    (entry,) = [p for p in desktop_entry.install(tmp_path, footdesk=program) if p.suffix == ".desktop"]
    assert validate(entry) == ""
    exec_line = next(line for line in entry.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))
    assert unquote_exec(exec_line.removeprefix("Exec=")) == [str(program)]


def unquote_exec(value: str) -> list[str]:
    """The Exec value read back the way a menu does: string escapes, then %%, then the quoting rule."""
    value = value.replace("\\\\", "\\").replace("%%", "%")
    arguments, current, quoted, escaped, started = [], "", False, False, False
    for char in value:
        if escaped:
            current, escaped = current + char, False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if current or started:
                arguments.append(current)
            current, started = "", False
        else:
            current += char
    if current or started:
        arguments.append(current)
    return arguments


def test_a_path_a_desktop_entry_cannot_hold_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    undecodable = Path("/home/" + b"caf\xe9".decode("utf-8", "surrogateescape") + "/.venv/bin/footdesk")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(desktop_entry, "program", lambda: undecodable)

    assert cli.main(["install-desktop-entry"]) == 1

    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not UTF-8" in error and "the menu was not changed" in error
    assert not (tmp_path / "applications").exists()


def test_a_relative_xdg_data_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"


def test_an_installed_footdesk_reads_the_entry_its_wheel_put_in_the_environment(tmp_path, monkeypatch):
    """pip install . (not editable) has no packaging/ folder: the entry comes from the
    environment's share/applications, where the wheel put it."""
    import sysconfig

    real = sysconfig.get_path
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *a, **k: str(tmp_path) if name == "data" else real(name))
    (tmp_path / "share" / "applications").mkdir(parents=True)
    (tmp_path / "share" / "applications" / f"{APP_ID}.desktop").write_text("[Desktop Entry]\nExec=footdesk\n# wheel\n")
    assert desktop_entry.template().endswith("# wheel\n")


def test_a_footdesk_installed_with_its_entry_for_everyone_says_so_and_writes_nothing(data_home, tmp_path, monkeypatch,
                                                                                     capsys):  # fmt: skip
    """The Debian package puts the entry in /usr/share/applications and has no
    packaging/ folder: the command used to fail, naming two folders the person
    never heard of."""
    system = tmp_path / "usr-share"
    (system / "applications").mkdir(parents=True)
    (system / "applications" / f"{APP_ID}.desktop").write_text("[Desktop Entry]\nExec=footdesk\n")
    monkeypatch.setenv("XDG_DATA_DIRS", f"{tmp_path / 'nothing-here'}:{system}")
    monkeypatch.setattr(
        desktop_entry, "template", lambda: (_ for _ in ()).throw(desktop_entry.DesktopEntryError("none"))
    )
    assert cli.main(["install-desktop-entry"]) == 0
    said = capsys.readouterr().out
    assert "in the applications menu already" in said and str(system / "applications") in said
    assert not data_home.exists() or not any(data_home.rglob("*")), "nothing written in the person's folders"


def test_without_an_entry_anywhere_the_command_still_says_why_and_fails(data_home, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "nothing-here"))
    monkeypatch.setattr(
        desktop_entry, "template", lambda: (_ for _ in ()).throw(desktop_entry.DesktopEntryError("no entry"))
    )
    assert cli.main(["install-desktop-entry"]) == 1
    assert "no entry; the menu was not changed" in capsys.readouterr().err


def test_remove_with_nothing_there_says_so(data_home, capsys):
    assert cli.main(["install-desktop-entry", "--remove"]) == 0
    assert f"Nothing to remove: footdesk's entry and icons are not in {data_home}." in capsys.readouterr().out
