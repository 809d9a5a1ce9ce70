"""footdesk's tests: a package, so they import their helpers as tests.helpers.

Run from the checkout (python -m pytest, python -m tests.perf.run_all), they
import footdesk from the source tree, which is on sys.path, even when footdesk
is installed normally instead of editable, as tox and nox install it. But
assets/ lives beside footdesk/ in the source tree, and only an install maps it
to footdesk.assets (package-dir in pyproject.toml). Every process that imports
the tests runs this first: when footdesk comes from this checkout and nothing
else provides footdesk.assets, the checkout's assets/ is loaded as
footdesk.assets, just as the editable install does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _use_the_checkouts_assets() -> None:
    checkout = Path(__file__).resolve().parent.parent
    footdesk = importlib.util.find_spec("footdesk")
    if (
        footdesk is None
        or footdesk.origin is None
        or Path(footdesk.origin).resolve() != checkout / "footdesk" / "__init__.py"
    ):
        return  # footdesk is installed on its own: it has its assets
    if importlib.util.find_spec("footdesk.assets") is not None:
        return  # the editable install's finder maps them
    assets = checkout / "assets"
    spec = importlib.util.spec_from_file_location(
        "footdesk.assets", assets / "__init__.py", submodule_search_locations=[str(assets)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["footdesk.assets"] = module
    spec.loader.exec_module(module)
    sys.modules["footdesk"].assets = module  # type: ignore[attr-defined]


_use_the_checkouts_assets()
