"""Screenshots of everyday screens at a laptop's size (demo data only): the case list as a
caseworker (only the cases the role may open), a search that finds a case outside that scope,
the question when a changed page is left, and the shelter's letterhead settings.

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1366x768x24" python docs/screenshots/daily_screenshots.py /tmp/shot-vault
    QT_SCALE_FACTOR=1.5 xvfb-run -s "-screen 0 1366x768x24" \\
        python docs/screenshots/daily_screenshots.py /tmp/shot-vault

The window opens at the size the screen allows (no resize here). Files are named after the scale
(`-100` or `-150`); a second argument names another output folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from shot_support import OUT, fill_sign_in, settle, start_qapp, wait_until

from safehaven.app import SafeHavenApp


def _sign_in(vault: Path, username: str) -> SafeHavenApp:
    app = SafeHavenApp(vault)
    app.start()
    fill_sign_in(app, username)
    assert app.panel is not None
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and bool(app.window.pages))
    return app


def _save(widget, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    settle(0.8)
    widget.grab().save(str(folder / name))
    print(f"wrote {folder / name}")


def caseworker(vault: Path, folder: Path, scale: str) -> None:
    app = _sign_in(vault, "caseworker")
    window = app.window
    assert window is not None
    window.show()
    page = window.pages["cases"]
    wait_until(lambda: page.model.rowCount() > 0)
    _save(window, folder, f"laptop-case-list-caseworker-{scale}.png")
    hidden = getattr(page, "hidden_note", None)
    if hidden is not None:  # a name held only by another caseworker's case
        page.search.setText(os.environ.get("SHOT_HIDDEN_NAME", "Amara"))
        settle(1.2)
        _save(window, folder, f"laptop-case-search-outside-scope-{scale}.png")
    page.search.clear()
    settle(0.6)
    page.view.selectRow(0)
    window.open_case(page.model.case_id(0))
    case = window.case_page
    profile = case.tab("profile")  # type: ignore[union-attr]
    profile.editors["pronouns"].input.setText("ze/hir (draft)")

    def shoot_question() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            _save(window, folder, f"laptop-unsaved-question-{scale}.png")
            box.grab().save(str(folder / f"laptop-unsaved-box-{scale}.png"))
            role = QMessageBox.ButtonRole.DestructiveRole  # Discard, in any language
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        else:
            QTimer.singleShot(100, shoot_question)

    QTimer.singleShot(300, shoot_question)
    window.show_page("tasks")
    app.shutdown()


def administrator(vault: Path, folder: Path, scale: str) -> None:
    app = _sign_in(vault, "admin")
    window = app.window
    assert window is not None
    window.show()
    _save(window, folder, f"laptop-main-window-admin-{scale}.png")
    page = window.show_page("admin")
    page.tabs.setCurrentIndex(1)  # type: ignore[union-attr]
    _save(window, folder, f"laptop-admin-settings-{scale}.png")
    app.shutdown()


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    folder.mkdir(parents=True, exist_ok=True)
    scale = "150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else "100"
    _qapp = start_qapp()  # kept alive for the whole run
    caseworker(vault, folder, scale)
    administrator(vault, folder, scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
