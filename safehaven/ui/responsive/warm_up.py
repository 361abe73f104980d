"""Import the pages, case tabs and their libraries on the read pool soon after sign-in.

Pages and tabs are imported when first shown (ui/registry.py); done on the GUI thread, the first
Reports page or case froze the window for 0.7–5 s at first use (reportlab, scipy and a dozen
modules). Imported here in the background, they are ready by the time anyone clicks. Modules
import without side effects (STYLE.md), so where they are imported does not matter.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QTimer

from safehaven.ui import registry
from safehaven.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
DELAY_MS = 2000
# scipy is left out: only the export's audit needs it, and it loads there, on a worker thread
# (importing it here would add about 100 MB to every session).
LIBRARIES = ("reportlab.pdfgen.canvas",)


def modules_to_warm() -> list[str]:
    """Every page and tab module, then the libraries the services load only when used."""
    specs = [*registry.PAGES, *registry.CASE_TABS]
    names = [spec.widget.partition(":")[0] for spec in specs]
    return list(dict.fromkeys([*names, *LIBRARIES]))


def warm_up(runner: TaskRunner, *, delay_ms: int = DELAY_MS) -> None:
    """After `delay_ms` (the case list's first rows come first), import on the read pool. Not
    a tracked job: nothing waits for it, and nothing it does shows on screen."""

    def job() -> None:
        for name in modules_to_warm():
            try:
                importlib.import_module(name)
            except Exception as exc:  # reported where the page is built, with its message
                log.info("warm-up import failed: %s", type(exc).__name__)

    QTimer.singleShot(delay_ms, runner, lambda: runner.read_pool.start(job))
