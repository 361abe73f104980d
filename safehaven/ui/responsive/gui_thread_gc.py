"""Python's cycle collector runs on the GUI thread only.

The automatic collector runs on whichever thread happens to allocate when a threshold is
crossed. When that is a worker thread (a page load, a search, a backup) and the garbage holds a
Qt wrapper, the wrapped C++ object is destroyed off the GUI thread, which Qt does not allow: the
process can die with a segmentation fault far from the cause. So the automatic collector is
turned off while the application runs, and a timer on the GUI thread collects whatever
generation is due, by the same thresholds Python itself uses. Reference counting still frees
everything that is not in a cycle at once, on any thread.

Once a session has settled (the warm-up after sign-in has loaded the libraries and question
banks), everything alive is set aside with `gc.freeze()`: a full collection then walks only what
was made since, instead of the 177,000 objects of the application's modules (96 ms of the GUI
thread, about 1 ms afterwards). Objects set aside are never collected, so at lock they are
handed back and collected at once: nothing of a closed session waits in a cycle for a later
collection.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Owns the collector while it exists; `stop()` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        gc.disable()
        self._timer.start()

    def collect_if_due(self) -> int:
        return collect_if_due()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


# A full collection walks every object the application holds: about 96 ms of the GUI thread
# with the app's modules loaded (177,000 tracked objects). Python's own collector runs one only
# once the long-lived objects have grown by a quarter; this timer cannot see that count, so it
# runs one at most once a minute instead of every time the oldest threshold is crossed.
FULL_EVERY_S = 60.0
_last_full = [time.monotonic()]


def collect_if_due(now: float | None = None) -> int:
    """Collect the oldest generation whose threshold is crossed (the oldest one at most once
    every FULL_EVERY_S); the number of objects found unreachable (0 when nothing was due).
    Call it on the GUI thread only."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    now = time.monotonic() if now is None else now
    for generation in (2, 1, 0):
        if not thresholds[generation] or counts[generation] <= thresholds[generation]:
            continue
        if generation == 2:
            if now - _last_full[0] < FULL_EVERY_S:
                continue  # the younger generations are still collected
            _last_full[0] = now
        return gc.collect(generation)
    return 0


def freeze_long_lived() -> int:
    """Set every object alive now aside from the collector; how many are set aside in all.
    Call it once a session has settled (it frees and destroys nothing, so any thread may)."""
    gc.freeze()
    return gc.get_freeze_count()


def thaw_and_collect() -> int:
    """Hand the objects set aside back to the collector and collect everything now (at lock,
    once the pages are dropped); the number of objects found unreachable. GUI thread only."""
    gc.unfreeze()
    _last_full[0] = time.monotonic()
    return gc.collect()


def install(app: QObject) -> GuiThreadCollector:
    """Hand cycle collection to the GUI thread of `app` (parented to it, so it lives as long)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
