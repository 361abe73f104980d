"""What the screenshot scripts share: the Qt application, waiting for the window, saving a PNG
next to these scripts and signing in to a demo vault through the real sign-in panel."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from safehaven.app import SafeHavenApp
from safehaven.demo.vault import DEMO_PASSWORD
from safehaven.models.intake import IntakeSession
from safehaven.ui.icons import app_icon
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.style import apply_style

OUT = Path(__file__).resolve().parent
SIZE = (1200, 760)


def start_qapp() -> QApplication:
    qapp = QApplication(sys.argv[:1])
    qapp.setApplicationName("SafeHaven")
    qapp.setWindowIcon(app_icon())
    apply_style(qapp)
    return qapp


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


def shoot(widget: QWidget, name: str, *, pause: float = 0.8) -> None:
    settle(pause)
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def fill_sign_in(app: SafeHavenApp, username: str) -> None:
    """Type a demo account into the sign-in panel (the password of every demo account)."""
    assert app.panel is not None
    app.panel.form.username.setText(username)
    app.panel.form.password.edit.setText(DEMO_PASSWORD)


def open_main_window(vault: Path, username: str = "supervisor") -> tuple[SafeHavenApp, MainWindow]:
    """Sign in and wait for the main window with its case list, sized for the screenshots."""
    app = SafeHavenApp(vault)
    app.start()
    fill_sign_in(app, username)
    assert app.panel is not None
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and "cases" in app.window.pages)
    window = app.window
    assert window is not None
    window.resize(*SIZE)
    return app, window


def open_draft_intake(window: MainWindow, survivor_language: str) -> Any:
    """Open a case whose intake is in progress on its Intake tab, with `survivor_language`
    beside the staff's, section B shown and the first "why we ask" opened; returns the page."""
    with window.ctx.vault.session() as session:
        client_id = session.execute(
            select(IntakeSession.client_id).where(IntakeSession.status == "draft").limit(1)
        ).scalar_one()
    page: Any = window.open_case(client_id)
    assert page is not None
    page.show_tab("intake")
    intake = page.tab("intake")
    settle()
    intake.language_combo.setCurrentIndex(intake.language_combo.findData(survivor_language))
    intake.section_view.clicked.emit(intake.section_model.index(1))  # B: about you
    next(iter(intake.question_widgets.values())).why_button.click()
    return page
