"""Qt's Python modules loaded without PySide's check of every later import.

Once ``PySide6.QtCore`` is imported, PySide looks at every module imported
after it, for the sake of its opt-in ``from __feature__ import snake_case``:
it reads the module's whole source (``inspect.getsource``) and keeps it in
``linecache`` to see whether the word "PySide6" is in it. footdesk imports
about seventy modules after Qt before its first window (its views, the
standard library's modules they use): that reading took 15 to 25 ms of the
first window's time, and the sources kept in memory (1.6 million characters)
about 4 MB of the resident size for as long as footdesk runs.

footdesk never selects a ``__feature__``, so every module's answer leads to
the same thing (no feature; PySide's own default for a module it has not
looked at). The answer is given without reading anything. Where PySide has
no such check (another version), nothing is changed.

Nothing here imports Qt before ``load_qt`` is called: it runs before Qt loads.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def load_qt() -> bool:
    """Import QtCore and turn PySide's source check of later imports off;
    True when it was there to turn off. Called before anything else imports
    Qt, so that the modules imported after it are not read."""
    import PySide6.QtCore  # noqa: F401 - the import that installs PySide's import hook

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _CHECK, None)):
        return False
    setattr(feature, _CHECK, _no_feature_selected)
    return True


def _no_feature_selected(_module: ModuleType) -> bool:
    """PySide's question, "does this module use PySide6?", answered yes
    (switch its features; there are none to switch) without reading it."""
    return True
