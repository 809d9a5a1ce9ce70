"""A terminal in a legacy 8-bit locale: footdesk's text commands print their
em dashes and ticks as plain look-alikes instead of dying with
UnicodeEncodeError."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.test_cli import seed_history

LOCALE = "de_DE.ISO-8859-1"
WEEK_TITLE = "footdesk - Week 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)"


def footdesk(env: dict[str, str], cwd, *args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "footdesk", *args],
        env=dict(env, PYTHONSAFEPATH="1"),  # the installed footdesk, not a source tree in the current folder
        cwd=cwd,
        capture_output=True,
        timeout=60,
        check=False,
    )


def locale_is_there(name: str) -> bool:
    probe = "import locale, sys; locale.setlocale(locale.LC_ALL, ''); print(sys.stdout.encoding)"
    env = dict(os.environ, LC_ALL=name)
    env.pop("PYTHONIOENCODING", None)
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip().lower().replace("_", "-") in ("iso8859-1", "latin-1")


def test_history_in_a_latin1_terminal(tmp_path):
    seed_history()
    result = footdesk(dict(os.environ, PYTHONIOENCODING="latin-1"), tmp_path, "history", "--week", "2026-W47")
    assert result.returncode == 0, result.stderr.decode("latin-1")
    out = result.stdout.decode("latin-1")
    assert out.startswith(WEEK_TITLE + "\n")
    assert "Tue 17 Nov  + done" in out and "Lower back (0 none - 10 worst): 4" in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc locales")
def test_history_in_a_real_latin1_locale(tmp_path):
    if not locale_is_there(LOCALE):
        pytest.skip(f"needs the {LOCALE} locale (localedef -i de_DE -f ISO-8859-1 {LOCALE}; .ci/run makes it)")
    seed_history()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LANGUAGE")}
    env["LANGUAGE"] = "en"  # the words this test reads; the locale's encoding is what it is about
    result = footdesk(dict(env, LC_ALL=LOCALE), tmp_path, "history", "--week", "2026-W47")
    assert result.returncode == 0, result.stderr.decode("latin-1")
    assert result.stdout.decode("latin-1").startswith(WEEK_TITLE + "\n")
    # a file name as typed in that locale: Latin-1 bytes, written and reported as they are
    export = footdesk(dict(env, LC_ALL=LOCALE), tmp_path, "export", b"F\xfc\xdfe.csv")
    assert export.returncode == 0, export.stderr.decode("latin-1")
    assert export.stdout.endswith(b" written to F\xfc\xdfe.csv\n")
    assert os.path.exists(os.path.join(os.fsencode(tmp_path), b"F\xfc\xdfe.csv"))
