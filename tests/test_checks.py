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


MAX_CLASS_LINES = 500
MAX_FUNCTION_LINES = 60


def _sizes() -> list[tuple[str, str, int, int]]:
    import ast

    found = []
    for path in sorted((REPO / "footdesk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
                kind = "class" if isinstance(node, ast.ClassDef) else "def"
                found.append((f"{path.relative_to(REPO)}:{node.lineno}", kind, node.end_lineno - node.lineno + 1,
                              MAX_CLASS_LINES if kind == "class" else MAX_FUNCTION_LINES))  # fmt: skip
    return found


def test_no_class_or_function_outgrows_its_size():
    """A class that outgrows 500 lines has become a hall every feature crosses
    (AppModel did, at 998); a function past 60 lines no longer reads on one
    screen. ruff's C901 and PLR rules gate complexity (pyproject.toml); this
    gates size, which they do not."""
    sizes = _sizes()
    assert any(kind == "class" for _, kind, _, _ in sizes)  # the walk found the code
    too_big = [f"{where} {kind} {lines} lines (limit {limit})" for where, kind, lines, limit in sizes if lines > limit]
    assert not too_big, "\n".join(too_big)


def test_no_import_circle():
    """Two modules that import each other (even for type hints only) have no
    order to read or change them in: history ↔ report, main window ↔ routine
    editor and records ↔ session were such pairs."""
    import grimp

    graph = grimp.build_graph("footdesk")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while (member := stack.pop()) != module:
                component.append(member)
            if component:
                circles.append(sorted([module, *component]))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert len(index) > 50  # the graph holds the code
    assert not circles, circles


def test_the_module_map_in_contributing_names_every_module_and_only_those():
    """CONTRIBUTING.md's table is how a newcomer finds their way: every module
    and package of footdesk has its row, and every row names one that exists."""
    import re

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text[text.index("| module | what it is for |") :].split("\n\n", 1)[0]
    named = {name for row in table.splitlines()[2:] for name in re.findall(r"`([\w/.]+(?:\.py|/))`", row.split("|")[1])}
    assert named, table
    there = {path.name for path in (REPO / "footdesk").glob("*.py") if path.name != "__init__.py"}
    there |= {f"{path.name}/" for path in (REPO / "footdesk").iterdir() if (path / "__init__.py").exists()}
    there |= {f"model/{path.name}" for path in (REPO / "footdesk" / "model").glob("*.py") if path.name != "__init__.py"}
    assert not named - there, f"rows for what is not there: {sorted(named - there)}"
    missing = {name for name in there - named if not (name == "model/" and any(n.startswith("model/") for n in named))}
    assert not missing, f"modules without a row: {sorted(missing)}"
