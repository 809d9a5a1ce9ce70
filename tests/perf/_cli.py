"""The command line every benchmark shares: --quick, --json FILE, a table out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from tests.perf._x11 import NoXWindowError

SKIPPED = 77
"""The exit code of a benchmark that cannot run here (no real X window): not a failure."""


def run_bench(
    description: str,
    measure: Callable[[argparse.Namespace], dict],
    targets: dict[str, str],
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a short run that checks the benchmark works")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    if add_arguments is not None:
        add_arguments(parser)
    args = parser.parse_args()
    try:
        figures = measure(args)
    except NoXWindowError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return SKIPPED
    for key, value in figures.items():
        target = f"  (target {targets[key]})" if key in targets else ""
        print(f"{key:32s} {value}{target}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0
