"""Heavy libraries are imported in the background after sign-in (pages come with the registry)."""

from __future__ import annotations

import sys

from safehaven.ui.responsive.warm_up import modules_to_warm, warm_up
from safehaven.ui.tasks import TaskRunner


def test_the_letter_library_is_warmed() -> None:
    assert "reportlab.pdfgen.canvas" in modules_to_warm()


def test_warm_up_imports_on_the_read_pool(qtbot) -> None:
    runner = TaskRunner()
    warm_up(runner, delay_ms=0)
    qtbot.waitUntil(
        lambda: runner.read_pool.activeThreadCount() > 0 or _all_imported(), timeout=5000
    )
    assert runner.wait_all(60_000)
    assert _all_imported()
    assert runner.active_count() == 0  # not a tracked job: nothing waits for it


def _all_imported() -> bool:
    return all(name in sys.modules for name in modules_to_warm())
