"""Screenshots for the user, administrator and director guides (demo data only).

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/guide_screenshots.py /tmp/shot-vault

Signs in to the real application as the demo accounts and saves one PNG per page and case tab next
to this script (`guide-*.png`). Pages or tabs that a build does not have are left out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shot_support
from PySide6.QtWidgets import QTabWidget, QWidget
from shot_support import SIZE, fill_sign_in, settle, start_qapp

from safehaven import i18n
from safehaven.app import SafeHavenApp


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    shot_support.wait_until(condition, timeout)


def shoot(widget: QWidget, name: str) -> None:
    shot_support.shoot(widget, f"guide-{name}.png")


def sign_in(vault: Path, username: str) -> SafeHavenApp:
    app = SafeHavenApp(vault)
    window = app.start()
    window.resize(*SIZE)
    fill_sign_in(app, username)
    assert app.panel is not None
    app.panel.form.sign_in_button.click()
    wait_until(lambda: app.window is not None and app.ctx is not None)
    assert app.window is not None
    app.window.resize(*SIZE)
    settle(1.5)
    return app


def pages(app: SafeHavenApp, keys: list[str], prefix: str = "") -> None:
    window = app.window
    assert window is not None
    for key in keys:
        if key in window.page_keys():
            window.show_page(key)
            shoot(window, f"{prefix}{key}")


def case_tabs(app: SafeHavenApp, client_id: int, prefix: str = "case-") -> None:
    window = app.window
    assert window is not None
    page = window.open_case(client_id)
    if page is None:
        return
    settle(1.0)
    for key in page.tab_keys():  # type: ignore[attr-defined]
        page.show_tab(key)  # type: ignore[attr-defined]
        shoot(window, f"{prefix}{key}")


def admin_tabs(app: SafeHavenApp) -> None:
    window = app.window
    assert window is not None
    page = window.show_page("admin")
    if page is None:
        return
    tab_widget: QTabWidget = page.tabs  # type: ignore[attr-defined]
    for index in range(tab_widget.count()):
        tab_widget.setCurrentIndex(index)
        shoot(window, f"admin-{index + 1}")


def reports(app: SafeHavenApp) -> None:
    """The Reports page after Show, for last year's first half (demo data spans three years)."""
    window = app.window
    assert window is not None
    page: Any = window.show_page("reports")
    if page is None:
        return
    page.year.setValue(page.year.value() - 1)
    page.part.setCurrentIndex(1)  # first half
    page.show_button.click()
    wait_until(lambda: page.table_choice.count() > 0, timeout=120)
    page.table_choice.setCurrentIndex(min(3, page.table_choice.count() - 1))
    shoot(window, "reports")


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    client_id = int(sys.argv[2]) if len(sys.argv) > 2 else 247
    _qapp = start_qapp()  # kept alive for the whole run

    app = sign_in(vault, "supervisor")
    pages(app, ["cases", "tasks", "directory", "employers"])
    case_tabs(app, client_id)
    app.shutdown()

    app = sign_in(vault, "admin")
    admin_tabs(app)
    app.shutdown()

    app = sign_in(vault, "director")
    reports(app)
    app.shutdown()

    app = sign_in(vault, "supervisor")
    i18n.set_language("es")  # as Administration → Settings → Language does
    settle(1.0)
    pages(app, ["cases"], prefix="es-")
    case_tabs(app, client_id, prefix="es-case-")
    app.shutdown()
    i18n.set_language("en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
