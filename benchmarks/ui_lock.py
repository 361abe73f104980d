"""Application shell timings on a demo vault: sign-in to main window, lock, quick-hide, unlock.

Prints one `name value unit` line per figure. Runs offscreen; the vault uses the real (slow)
key derivation, so sign-in times include Argon2id. `--clients N` (default 2000).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SAFEHAVEN_LOG_DIR", tempfile.mkdtemp(prefix="sh-bench-logs-"))

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from safehaven.app import SafeHavenApp
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault


def wait_until(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("state not reached")
        QApplication.processEvents()
        time.sleep(0.001)


def sign_in(app: SafeHavenApp) -> float:
    start = time.perf_counter()
    form = app.panel.form
    form.username.setText("supervisor")
    form.password.edit.setText(DEMO_PASSWORD)
    form.sign_in_button.click()
    wait_until(lambda: app.ctx is not None and app.window is not None)
    app.window.show_page("cases")
    QApplication.processEvents()
    return time.perf_counter() - start


def event_filter_cost(app: SafeHavenApp, count: int = 20_000) -> float:
    """Microseconds the app-wide idle filter adds per input event."""
    target = app.window.stack

    def burst() -> float:
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            target.rect().center().toPointF(),
            target.mapToGlobal(target.rect().center()).toPointF(),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        start = time.perf_counter()
        for _ in range(count):
            QApplication.sendEvent(target, event)
        return time.perf_counter() - start

    with_filter = burst()
    QApplication.instance().removeEventFilter(app.watcher)
    without = burst()
    QApplication.instance().installEventFilter(app.watcher)
    return (with_filter - without) / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    qapp = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        create_demo_vault(folder, clients=args.clients, seed=3)
        app = SafeHavenApp(folder)
        app.start()
        print(f"shell_sign_in_to_main_window {sign_in(app) * 1000:.0f} ms")
        locks, hides, unlocks = [], [], []
        for _ in range(3):
            start = time.perf_counter()
            app.window.blank_now()
            hides.append(time.perf_counter() - start)
            start = time.perf_counter()
            app.lock()
            locks.append(time.perf_counter() - start)
            unlocks.append(sign_in(app))
        print(f"shell_quick_hide_blank {statistics.median(hides) * 1000:.1f} ms")
        print(f"shell_lock_median {statistics.median(locks) * 1000:.0f} ms")
        print(f"shell_unlock_after_lock_median {statistics.median(unlocks) * 1000:.0f} ms")
        print(f"shell_idle_filter_cost_per_event {event_filter_cost(app):.2f} us")
        app.shutdown()
    del qapp
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
