"""A frame-gap monitor: how long the GUI thread's event loop went without turning.

A precise timer asks to run every `interval_ms`; when the loop is busy (a query or a layout on
the GUI thread), the next tick comes late, and the gap between two ticks is the stall a person
would have seen as a frozen window. `phase(name)` attributes gaps to what was being done, so a
walk through pages can report the worst stall per page. Figures are for benchmarks; tests only
check that stalls are seen and attributed.

    monitor = FrameGapMonitor()
    with monitor.running():
        with monitor.phase("directory"):
            window.show_page("directory")
            wait_until_loaded()
    monitor.worst_ms["directory"]
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from PySide6.QtCore import QObject, Qt, QTimer


class FrameGapMonitor(QObject):
    def __init__(self, interval_ms: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.worst_ms: dict[str, float] = {}  # phase -> longest gap seen during it
        self.ticks: dict[str, int] = {}  # phase -> ticks seen (the loop turned this often)
        self._current = ""
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)

    @contextlib.contextmanager
    def running(self) -> Iterator[FrameGapMonitor]:
        self._last = time.perf_counter()
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.stop()

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Gaps that end while `name` runs count towards it (also the one ending its first
        tick, which covers whatever blocked the loop when the phase began)."""
        previous, self._current = self._current, name
        self.worst_ms.setdefault(name, 0.0)
        self.ticks.setdefault(name, 0)
        self._last = time.perf_counter()
        try:
            yield
        finally:
            self._on_tick()  # a stall at the very end of the phase is its own
            self._current = previous

    def worst_overall_ms(self) -> float:
        return max(self.worst_ms.values(), default=0.0)

    def _on_tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        if self._current:
            self.worst_ms[self._current] = max(self.worst_ms[self._current], gap)
            self.ticks[self._current] += 1
