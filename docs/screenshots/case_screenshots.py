"""Screenshots of the case list and a case page from the real application (demo data only).

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/case_screenshots.py /tmp/shot-vault

Writes case-list.png and case-page.png next to this script.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from safehaven.app import SafeHavenApp
from safehaven.services.demo import DEMO_PASSWORD
from safehaven.ui.icons import app_icon
from safehaven.ui.style import apply_style

OUT = Path(__file__).resolve().parent
SIZE = (1200, 760)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.8) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    qapp = QApplication(sys.argv[:1])
    qapp.setApplicationName("SafeHaven")
    qapp.setWindowIcon(app_icon())
    apply_style(qapp)
    app = SafeHavenApp(vault)
    app.start()
    assert app.panel is not None
    app.panel.form.username.setText("supervisor")
    app.panel.form.password.edit.setText(DEMO_PASSWORD)
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and "cases" in app.window.pages)
    window = app.window
    assert window is not None
    window.resize(*SIZE)
    page = window.pages["cases"]
    wait_until(lambda: page.model.rowCount() > 0)
    shoot(window, "case-list.png")
    page.view.selectRow(2)
    client_id = page.model.case_id(2)
    window.open_case(client_id)
    shoot(window, "case-page.png")
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
