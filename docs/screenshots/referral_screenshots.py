"""Screenshots of the directory page and the letter dialog (demo data only).

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" \
        python docs/screenshots/referral_screenshots.py /tmp/shot-vault

Writes directory.png and letter-dialog.png next to this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from safehaven.demo.vault import DEMO_PASSWORD
from safehaven.services.accounts.accounts import sign_in
from safehaven.ui.context import UiContext
from safehaven.ui.directory.directory_page import DirectoryPage
from safehaven.ui.referrals.letter_dialog import LetterDialog
from safehaven.ui.style import apply_style
from safehaven.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    signed = sign_in(folder, "caseworker", DEMO_PASSWORD)
    ctx = UiContext(vault=signed.vault, actor=signed.actor, runner=TaskRunner())
    try:
        page = DirectoryPage(ctx)
        page.resize(1200, 640)
        page.show()
        page.refresh()
        app.processEvents()
        page.grab().save(str(OUT / "directory.png"))
        dialog = LetterDialog(ctx, 2)
        dialog.resize(1100, 760)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / "letter-dialog.png"))
        dialog.clear()
    finally:
        signed.vault.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
