"""The rules of the code's shape, checked by the tools that know them: the
import contracts in pyproject.toml (core and model import neither Qt nor
pygame; layers point down), mypy (strict on the core and the model) and ruff."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install the test extras (pip install -e '.[test]')")
    return found


def test_import_contracts_are_kept():
    result = subprocess.run(
        [tool("lint-imports"), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_mypy_finds_no_errors():
    result = subprocess.run(
        [tool("mypy"), "--cache-dir", str(REPO / ".mypy_cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_finds_nothing_to_fix():
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [tool("ruff"), *command], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
