"""Screenshots of the real application (demo data only), for docs/screenshots/.

Run under a virtual display, on a demo vault made with `safehaven demo`:

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/take_screenshots.py /tmp/shot-vault

Writes first-run.png, sign-in.png and main-window.png next to this script. The first-run wizard is
shown on an empty temporary folder and cancelled before a vault is created.
"""

from __future__ import annotations

import sys
import tempfile
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


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def first_run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = SafeHavenApp(Path(folder) / "vault")
        wizard = app.start()
        wizard.resize(*SIZE)
        wizard.organization.setText("Casa Esperanza")
        wizard.next_button.click()
        wizard.username.setText("admin")
        wizard.display_name.setText("Alex Admin")
        wizard.password.edit.setText("lantern orchard velvet quarry")
        shoot(wizard, "first-run.png")
        app.shutdown()


def sign_in_and_main(vault: Path) -> None:
    app = SafeHavenApp(vault)
    window = app.start()
    window.resize(*SIZE)
    app.panel.form.username.setText("supervisor")
    app.panel.form.password.edit.setText(DEMO_PASSWORD)
    shoot(window, "sign-in.png")
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and app.ctx is not None)
    app.window.resize(*SIZE)
    shoot(app.window, "main-window.png")
    app.shutdown()


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    qapp = QApplication(sys.argv[:1])
    qapp.setApplicationName("SafeHaven")
    qapp.setWindowIcon(app_icon())
    apply_style(qapp)
    first_run()
    sign_in_and_main(vault)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
