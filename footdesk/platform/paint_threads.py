"""Qt's painting threads made once, at start, and kept.

Qt's raster engine fills large areas on a thread pool of its own (the
"Gui" pool), whose threads start when a paint first needs them and end
after 30 idle seconds. On Linux each new thread makes a GLib main context,
and GLib aborts the whole program (SIGTRAP, "Creating pipes for GWakeup")
when no file descriptor is left for its wake-up pipe. A person whose desktop
ran out of descriptors lost footdesk, mid-routine, at the next repaint of
the countdown, however carefully footdesk itself handled the shortage.

So the pool gets one thread, made now while descriptors are there, that
never expires: painting never needs a new thread again. One thread is
plenty for footdesk's flat fills (the calling thread paints a share too).
Qt offers this pool only through its private API; where that is missing
(another Qt build, another platform without GLib), nothing changes.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading
from typing import cast

log = logging.getLogger(__name__)

_POOL_SYMBOL = "_ZN22QGuiApplicationPrivate15qtGuiThreadPoolEv"
"""``QGuiApplicationPrivate::qtGuiThreadPool()``, a static function: no object, no arguments."""

_THREAD_MADE_WITHIN_MS = 2000
_STACK_BYTES = 512 * 1024
"""Plenty for span fills; the default 8 MB of address space counts against ``ulimit -v``."""


def keep_paint_threads() -> bool:
    """After the QApplication exists, before the first paint: True when the pool was set."""
    if sys.platform in ("win32", "darwin"):  # no GLib main contexts there
        return False
    try:
        from PySide6.QtCore import QThreadPool
        from shiboken6 import Shiboken

        library = ctypes.CDLL("libQt6Gui.so.6", mode=os.RTLD_NOLOAD | ctypes.RTLD_GLOBAL)
        pool_of_qt = getattr(library, _POOL_SYMBOL)
        pool_of_qt.restype = ctypes.c_void_p
        pool_of_qt.argtypes = []
        address = pool_of_qt()
        if not address:
            return False
        pool = cast(QThreadPool, Shiboken.wrapInstance(address, QThreadPool))
    except (OSError, AttributeError, TypeError, RuntimeError) as exc:
        log.debug("Qt's painting threads are left as Qt makes them (%s)", exc)
        return False
    expiry, most, stack = pool.expiryTimeout(), pool.maxThreadCount(), pool.stackSize()
    pool.setExpiryTimeout(-1)
    pool.setMaxThreadCount(1)
    pool.setStackSize(_STACK_BYTES)
    made = threading.Event()
    pool.start(made.set)  # the thread is made now; with no expiry it stays
    # waited for here, with the GIL let go: a paint must never queue behind a
    # task that waits for the GIL the painting thread holds (waitForDone
    # would end the thread it waited for)
    if made.wait(_THREAD_MADE_WITHIN_MS / 1000):
        return True
    # no thread could be made (short of memory): Qt's own way, as before
    pool.clear()
    pool.setExpiryTimeout(expiry)
    pool.setMaxThreadCount(most)
    pool.setStackSize(stack)
    log.warning("Qt's painting thread could not be started now; it is made when a paint needs it")
    return False
