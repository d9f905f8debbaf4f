"""The one Kiwi instance of the process, and Korean token helpers built on it.

Kiwi takes about a second and ~100 MB to load, so it is created lazily on first
use and shared by sentence splitting and the drift checks.
"""

from __future__ import annotations

import threading

_kiwi = None
_lock = threading.Lock()


def get_kiwi():
    """Return the process-wide Kiwi analyser, loading it on first call."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi
