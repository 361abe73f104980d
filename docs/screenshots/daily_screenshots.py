"""Screenshots of everyday screens at a laptop's size (demo data only), as each demo account:
the case list as a caseworker (only the cases the role may open), a search that finds a case
outside that scope, the question when a changed page is left, a case as intake staff (no
restricted identity fields), the page each role lands on, and the shelter's letterhead settings.

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1366x768x24" python docs/screenshots/daily_screenshots.py /tmp/shot-vault
    QT_SCALE_FACTOR=1.5 xvfb-run -s "-screen 0 1366x768x24" \\
        python docs/screenshots/daily_screenshots.py /tmp/shot-vault

The window fills the screen (as maximized, whatever size an earlier run left). Files are named
after the scale (`-100` or `-150`); with SHOT_LANGUAGE=es the screens are in Spanish and the
names start with `laptop-es-`. A second argument names another output folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shot_support import OUT, fill_sign_in, settle, start_qapp, wait_until

from safehaven import i18n
from safehaven.app import SafeHavenApp

LANGUAGE = os.environ.get("SHOT_LANGUAGE", "en")
PREFIX = "laptop-" if LANGUAGE == "en" else f"laptop-{LANGUAGE}-"


def _sign_in(vault: Path, username: str) -> SafeHavenApp:
    app = SafeHavenApp(vault)
    app.start()
    fill_sign_in(app, username)
    assert app.panel is not None
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and bool(app.window.pages))
    i18n.set_language(LANGUAGE)  # as Administration → Settings → Language does
    window = app.window
    assert window is not None
    window.setGeometry(window.screen().availableGeometry())  # not a size kept from a past run
    window.show()
    return app


def _save(widget: QWidget, folder: Path, name: str) -> None:
    settle(0.8)
    widget.grab().save(str(folder / f"{PREFIX}{name}"))
    print(f"wrote {folder / f'{PREFIX}{name}'}")


def caseworker(vault: Path, folder: Path, scale: str) -> None:
    app = _sign_in(vault, "caseworker")
    window = app.window
    assert window is not None
    page: Any = window.pages["cases"]
    wait_until(lambda: page.model.rowCount() > 0)
    _save(window, folder, f"case-list-caseworker-{scale}.png")
    hidden = getattr(page, "hidden_note", None)
    if hidden is not None:  # a name held only by another caseworker's case
        page.search.setText(os.environ.get("SHOT_HIDDEN_NAME", "Amara"))
        settle(1.2)
        _save(window, folder, f"case-search-outside-scope-{scale}.png")
    page.search.clear()
    settle(0.6)
    page.view.selectRow(0)
    window.open_case(page.model.case_id(0))
    case: Any = window.case_page
    profile = case.tab("profile")
    profile.editors["pronouns"].input.setText("ze/hir (draft)")

    def shoot_question() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            _save(window, folder, f"unsaved-question-{scale}.png")
            _save(box, folder, f"unsaved-box-{scale}.png")
            role = QMessageBox.ButtonRole.DestructiveRole  # Discard, in any language
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        else:
            QTimer.singleShot(100, shoot_question)

    QTimer.singleShot(300, shoot_question)
    window.show_page("tasks")
    app.shutdown()


def intake(vault: Path, folder: Path, scale: str) -> None:
    """Intake staff's case list and a case's Profile: the role may not see restricted fields."""
    app = _sign_in(vault, "intake")
    window = app.window
    assert window is not None
    page: Any = window.pages["cases"]
    wait_until(lambda: page.model.rowCount() > 0)
    _save(window, folder, f"main-window-intake-{scale}.png")
    for row in range(page.model.rowCount()):  # a case whose other names hold no surname
        case: Any = window.open_case(page.model.case_id(row))
        settle(0.5)
        if not case.tab("profile").editors["other_names"].input.text():
            break
    _save(window, folder, f"case-profile-intake-{scale}.png")
    app.shutdown()


def landing(vault: Path, folder: Path, scale: str, username: str) -> None:
    """The page a role lands on after signing in."""
    app = _sign_in(vault, username)
    window = app.window
    assert window is not None
    settle(2.5)  # the director's first report, the supervisor's case list
    _save(window, folder, f"main-window-{username}-{scale}.png")
    app.shutdown()


def administrator(vault: Path, folder: Path, scale: str) -> None:
    app = _sign_in(vault, "admin")
    window = app.window
    assert window is not None
    _save(window, folder, f"main-window-admin-{scale}.png")
    page: Any = window.show_page("admin")
    page.tabs.setCurrentIndex(1)
    _save(window, folder, f"admin-settings-{scale}.png")
    app.shutdown()


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    folder.mkdir(parents=True, exist_ok=True)
    scale = "150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else "100"
    _qapp = start_qapp()  # kept alive for the whole run
    caseworker(vault, folder, scale)
    intake(vault, folder, scale)
    landing(vault, folder, scale, "supervisor")
    landing(vault, folder, scale, "director")
    administrator(vault, folder, scale)
    i18n.set_language("en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
