"""Run by test_accessibility.py in a child process with QT_SCALE_FACTOR=2 (it must be set before
Qt starts): signs in as each given account, shows every page and one case, and prints
`<user> <screen> <device pixel ratio> <logical width>x<height>` per screen."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QApplication

from safehaven.demo import vault as demo
from safehaven.services.accounts import accounts
from safehaven.ui.context import UiContext
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.tasks import TaskRunner


def _settle(app: QApplication, runner: TaskRunner) -> None:
    runner.read_pool.waitForDone(5000)
    runner.write_pool.waitForDone(5000)
    for _ in range(3):
        app.processEvents()


def _screens(window: MainWindow, client_id: int) -> list[tuple[str, Callable[[], object]]]:
    screens: list[tuple[str, Callable[[], object]]] = [("window", lambda: None)]
    screens += [(key, partial(window.show_page, key)) for key in window.page_keys()]
    if "cases" in window.page_keys():
        screens.append(("case", partial(window.open_case, client_id)))
    return screens


def main(folder: Path, usernames: list[str], client_id: int) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for username in usernames:
        signed = accounts.sign_in(folder, username, demo.DEMO_PASSWORD)
        runner = TaskRunner()
        window = MainWindow(UiContext(signed.vault, signed.actor, runner), demo=True)
        window.resize(683, 384)  # a 1366×768 laptop screen at 200%
        window.show()
        for name, show in _screens(window, client_id):
            show()
            _settle(app, runner)
            pixmap = window.grab()
            size = pixmap.deviceIndependentSize()
            dpr = pixmap.devicePixelRatio()
            print(username, name, dpr, f"{size.width():.0f}x{size.height():.0f}", flush=True)
        window.close()
        _settle(app, runner)
        signed.vault.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])))
