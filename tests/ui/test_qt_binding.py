"""Guards against faults in the Qt binding itself that would crash a long session."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QProgressBar


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_qt_calls_do_not_leak_references_to_none(qtbot):
    # PySide6 6.12.0 decremented None on every void call: a countdown makes
    # thousands of such calls, and the interpreter aborted once None reached 0.
    label, bar = QLabel(), QProgressBar()
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("1:59")
        bar.setValue(5)
    assert sys.getrefcount(None) - before > -100
