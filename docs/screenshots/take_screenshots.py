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
from pathlib import Path

from shot_support import SIZE, fill_sign_in, shoot, start_qapp, wait_until

from safehaven.app import SafeHavenApp


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
        shoot(wizard, "first-run.png", pause=0.6)
        app.shutdown()


def sign_in_and_main(vault: Path) -> None:
    app = SafeHavenApp(vault)
    window = app.start()
    window.resize(*SIZE)
    fill_sign_in(app, "supervisor")
    shoot(window, "sign-in.png", pause=0.6)
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and app.ctx is not None)
    app.window.resize(*SIZE)
    shoot(app.window, "main-window.png", pause=0.6)
    app.shutdown()


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    _qapp = start_qapp()  # kept alive for the whole run
    first_run()
    sign_in_and_main(vault)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
