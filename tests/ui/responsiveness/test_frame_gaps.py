"""The frame-gap monitor watches a walk through every page of a small demo vault.

Stall figures belong to benchmarks/ui_walk.py (at 100,000 clients); here the monitor must see the
event loop turn during each page and pin a stall on the phase that caused it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safehaven.demo import vault as demo
from safehaven.services.accounts import accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui.context import UiContext
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.tasks import TaskRunner
from tests.ui.frame_gaps import FrameGapMonitor

STALL_MS = 120


@pytest.fixture
def window(tmp_path: Path, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "vault"
    demo.create_demo_vault(folder, clients=30, kdf=FAST_TEST_KDF)
    signed = accounts.sign_in(folder, "supervisor", demo.DEMO_PASSWORD)
    ctx = UiContext(signed.vault, signed.actor, TaskRunner())
    main = MainWindow(ctx, demo=True)
    qtbot.addWidget(main)
    main.resume(ctx)
    main.show()
    yield main
    ctx.runner.wait_all(5000)
    main.drop_pages()
    signed.vault.close()


def _block_the_gui_thread(ms: int) -> None:
    """What a query on the GUI thread does to the window: nothing else runs meanwhile."""
    until = time.perf_counter() + ms / 1000
    while time.perf_counter() < until:
        pass


def test_the_monitor_sees_every_page_of_a_walk_and_pins_a_stall(qtbot, window) -> None:
    monitor = FrameGapMonitor(interval_ms=4)
    runner = window.ctx.runner
    with monitor.running():
        for key in window.page_keys():
            with monitor.phase(key):
                window.show_page(key)
                qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=10_000)
                qtbot.wait(30)  # the loop turns: ticks are counted for this page
        with monitor.phase("stall"):
            qtbot.wait(10)
            _block_the_gui_thread(STALL_MS)
            qtbot.wait(10)
    keys = window.page_keys()
    assert len(keys) >= 3
    assert set(monitor.worst_ms) == {*keys, "stall"}
    assert all(monitor.ticks[key] > 0 for key in keys)
    assert monitor.worst_ms["stall"] >= STALL_MS  # the blocked stretch is seen, and pinned here
    assert monitor.worst_overall_ms() == max(monitor.worst_ms.values())
