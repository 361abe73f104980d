"""The worst GUI-thread stall per page and case tab, walking the app at 100,000 clients.

A frame-gap monitor (tests/ui/frame_gaps.py) times how long the event loop went without turning
while each page or tab opens and loads, and while each main dialog of the accessibility walk
(tests/ui/a11y/dialogs.py) is built and shown; target (issue 17): no stall over 50 ms. Walks as a
supervisor, an administrator and a caseworker. Prints `ui_walk_stall_<user>_<page> value ms` per
page, tab and dialog (`dialog_<Class>`), then the worst of all; a dialog that cannot be built on
a plain demo vault (it needs an exchange partner) is named on a `#` line instead.

Run: .venv/bin/python benchmarks/ui_walk.py [--vault DIR] [--clients 100000]
The vault is the one benchmarks/ui_scale.py builds (pass the same --vault to reuse it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the frame-gap monitor lives in tests/ui/frame_gaps.py

from PySide6.QtWidgets import QApplication  # noqa: E402

USERS = ("supervisor", "admin", "caseworker")


def settle(qt: QApplication, runner, seconds: float = 0.15) -> None:  # type: ignore[no-untyped-def]
    """Turn the loop until background loads are delivered, then a little longer."""
    end = time.perf_counter() + 60
    while runner.active_count() and time.perf_counter() < end:
        qt.processEvents()
        time.sleep(0.001)
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        qt.processEvents()
        time.sleep(0.001)


def walk(qt: QApplication, folder: Path, user: str) -> list[tuple[str, float, str]]:
    from safehaven.demo import vault as demo
    from safehaven.services.accounts import accounts
    from safehaven.ui.context import UiContext
    from safehaven.ui.shell.main_window import MainWindow
    from safehaven.ui.tasks import TaskRunner
    from tests.ui.frame_gaps import FrameGapMonitor

    runner = TaskRunner()
    prepared = prepare_before_sign_in(runner)
    signed = accounts.sign_in(folder, user, demo.DEMO_PASSWORD)
    ctx = UiContext(signed.vault, signed.actor, runner)
    window = MainWindow(ctx, demo=True)
    window.resize(1280, 800)
    monitor = FrameGapMonitor(interval_ms=2)
    with monitor.running():
        with monitor.phase("window"):
            window.resume(ctx)
            window.show()
            settle(qt, ctx.runner)
        with monitor.phase("warm_up"):  # as the app does after sign-in (if this version does)
            wait_for_warm_up(qt, ctx.runner)
        for key in window.page_keys():
            with monitor.phase(key):
                window.show_page(key)
                settle(qt, ctx.runner)
        if "cases" in window.page_keys():
            walk_case(qt, window, monitor)
        walk_dialogs(qt, ctx, window, monitor)
    ctx.runner.wait_all()
    window.drop_pages()
    window.close()
    signed.vault.close()
    figures = [(f"ui_walk_stall_{user}_{k}", v, "ms") for k, v in monitor.worst_ms.items()]
    return [(f"ui_walk_prepared_before_sign_in_{user}", prepared, "ms"), *figures]


def prepare_before_sign_in(runner) -> float:  # type: ignore[no-untyped-def]
    """What the sign-in screen loads while a password is typed (if this version does), waited
    for as a person typing would: milliseconds it took."""
    try:
        from safehaven.ui.responsive.warm_up import prepare
    except ImportError:
        return 0.0
    began = time.perf_counter()
    prepare(runner)
    runner.read_pool.waitForDone(120_000)
    return (time.perf_counter() - began) * 1000


def wait_for_warm_up(qt: QApplication, runner) -> None:  # type: ignore[no-untyped-def]
    try:
        from safehaven.ui.responsive.warm_up import modules_to_warm, warm_up
    except ImportError:
        return
    warm_up(runner, delay_ms=0)
    end = time.perf_counter() + 120
    while not all(n in sys.modules for n in modules_to_warm()) and time.perf_counter() < end:
        qt.processEvents()
        time.sleep(0.001)


def walk_case(qt: QApplication, window, monitor) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("cases")
    settle(qt, window.ctx.runner)
    client_id = page.model.case_id(0)
    with monitor.phase("case_open"):
        case = window.open_case(client_id)
        settle(qt, window.ctx.runner)
    tabs = getattr(case, "tabs", None)
    for index in range(tabs.count() if tabs is not None else 0):
        name = "case_tab_" + "".join(ch for ch in tabs.tabText(index).lower() if ch.isalnum())
        with monitor.phase(name):
            tabs.setCurrentIndex(index)
            settle(qt, window.ctx.runner)


def walk_dialogs(qt: QApplication, ctx, window, monitor) -> None:  # type: ignore[no-untyped-def]
    """Build and show each main dialog of the accessibility walk, then close it. The case the
    walk's dialogs are about is looked up once, before the timed phases: that look-up is the
    walk's own (a caseworker's took 39 ms at 100,000 clients), where the app knows the case."""
    from tests.ui.a11y import dialogs

    looked_up = dialogs.walk_client_id
    try:
        client_id = looked_up(ctx)
    except AssertionError:  # no case this person may open (an administrator)
        client_id = None
    dialogs.walk_client_id = lambda _ctx: looked_up(_ctx) if client_id is None else client_id
    try:
        _walk_dialogs(qt, ctx, window, monitor, dialogs.DIALOGS)
    finally:
        dialogs.walk_client_id = looked_up


def _walk_dialogs(qt: QApplication, ctx, window, monitor, builders) -> None:  # type: ignore[no-untyped-def]
    import importlib

    for path, build in builders.items():
        module_name, class_name = path.split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        with monitor.phase(f"dialog_{class_name}"):
            try:
                dialog = build(cls, ctx, None)
            except Exception as exc:  # the dialog needs data a demo vault lacks
                print(f"# {ctx.actor.username}: {class_name} not built ({type(exc).__name__})")
                continue
            if dialog.parent() is None:
                dialog.setParent(window, dialog.windowFlags())
            dialog.show()
            settle(qt, ctx.runner)
            dialog.close()
            dialog.deleteLater()
            settle(qt, ctx.runner, 0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="reuse or keep the demo vault here")
    args = parser.parse_args()
    qt = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.vault or Path(tmp) / "vault"
        if not folder.exists():
            script = Path(__file__).with_name("ui_scale.py")
            command = [
                sys.executable,
                str(script),
                "--build-only",
                "--vault",
                str(folder),
                "--clients",
                str(args.clients),
            ]
            subprocess.run(command, check=True)
        print(f"load_average_1min {os.getloadavg()[0]:.2f} load", flush=True)
        figures = [f for user in USERS for f in walk(qt, folder, user)]
        for name, value, unit in figures:
            print(f"{name} {value:.1f} {unit}", flush=True)
        stalls = [v for name, v, _u in figures if name.startswith("ui_walk_stall_")]
        print(f"ui_walk_worst_stall {max(stalls):.1f} ms", flush=True)


if __name__ == "__main__":
    main()
