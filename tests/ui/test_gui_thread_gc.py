"""Cycles made on a worker thread are collected on the GUI thread, never on the worker."""

from __future__ import annotations

import gc
import threading

from safehaven.ui.responsive import gui_thread_gc


class _Cycle:
    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_a_cycle_dropped_on_a_worker_is_collected_on_the_gui_thread(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()
    seen: list[str] = []
    kept: list[list[list[int]]] = []

    def work() -> None:
        _Cycle(seen)
        # Far more new containers than the youngest generation's threshold (kept alive, as a
        # page load's rows are): with the automatic collector on, the cycle would be collected
        # here, on this thread.
        kept.append([[] for _ in range(gc.get_threshold()[0] * 5)])

    worker = threading.Thread(target=work, name="page-load")
    worker.start()
    worker.join()
    assert seen == []
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [threading.main_thread().name]
    kept.clear()


def test_collect_if_due_collects_only_when_a_threshold_is_crossed(qapp) -> None:  # type: ignore[no-untyped-def]
    gc.collect()
    assert gui_thread_gc.collect_if_due() == 0
    seen: list[str] = []
    for _ in range(gc.get_threshold()[0] + 1):
        _Cycle(seen)
    assert gui_thread_gc.collect_if_due() > 0
    assert len(seen) == gc.get_threshold()[0] + 1


def test_a_full_collection_runs_at_most_once_a_minute(qapp) -> None:  # type: ignore[no-untyped-def]
    """The oldest generation walks every object the application holds (about 0.1 s of the GUI
    thread): when its threshold is crossed again within a minute, only younger ones run."""
    start = 1_000_000.0
    gc.collect()
    full_before = gc.get_stats()[2]["collections"]
    for offset in (0.0, 1.0, 59.0, 61.0):
        while gc.get_count()[2] <= gc.get_threshold()[2]:
            gc.collect(1)  # each one adds to the oldest generation's count
        gui_thread_gc.collect_if_due(now=start + offset)
    assert gc.get_stats()[2]["collections"] - full_before == 2  # at 0 s and at 61 s


def test_a_cycle_set_aside_waits_until_it_is_handed_back(qapp) -> None:  # type: ignore[no-untyped-def]
    """After `freeze_long_lived` no collection walks the objects alive then (the app's modules);
    `thaw_and_collect` (at lock) collects them, garbage of the closed session included."""
    seen: list[str] = []
    _Cycle(seen)  # garbage already, not yet collected
    try:
        assert gui_thread_gc.freeze_long_lived() > 1000
        gc.collect()
        assert seen == []  # set aside: even a full collection leaves it
        assert gui_thread_gc.thaw_and_collect() >= 1
        assert seen == [threading.main_thread().name]
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
