from __future__ import annotations

import subprocess
import sys

import pytest

from footdesk import __version__
from footdesk.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"footdesk {__version__}"


def test_bad_usage_exits_2_with_a_message(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-such-flag"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --no-such-flag" in capsys.readouterr().err


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter, so the imports it makes are its own."""
    return subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)


def test_python_dash_m_and_no_qt_for_terminal_commands():
    code = (
        "import sys, runpy; sys.argv=['footdesk','--version']\n"
        "try:\n    runpy.run_module('footdesk', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "assert 'PySide6' not in sys.modules, 'Qt loaded for a terminal command'"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"footdesk {__version__}"


def test_the_core_never_imports_qt_or_pygame():
    code = (
        "import sys; import footdesk.routine, footdesk.session, footdesk.history, footdesk.paths, "
        "footdesk.cues, footdesk.files, footdesk.appstate, footdesk.timefmt; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pygame')]; "
        "assert not bad, bad"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_no_display_is_one_clear_line_and_exit_1(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: no graphical display found") and err.count("\n") == 1


def test_a_display_or_a_chosen_platform_lets_qt_decide():
    from footdesk.cli import missing_display_reason

    assert missing_display_reason({"DISPLAY": ":0"}, "linux") is None
    assert missing_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display_reason({}, "win32") is None
    assert missing_display_reason({}, "linux") is not None
