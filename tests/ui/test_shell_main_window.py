"""Main window: navigation follows roles, the status bar names the user, demo banner, languages."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible

from safehaven import i18n
from safehaven.messages import describe
from safehaven.services import settings as settings_service
from safehaven.services.errors import PermissionDenied
from safehaven.ui.admin.admin_page import AdminPage
from safehaven.ui.context import UiContext
from tests.conftest import STAFF_PASSWORD
from tests.ui.shell_support import (
    install_fake_pages,
    register_clients,
    sign_in,
    start_app,
    wait_unlocked,
)


@pytest.fixture
def open_as(qtbot, vault, staff, monkeypatch):
    install_fake_pages(monkeypatch)
    vault.close()
    apps = []

    def _open(username: str, password: str = STAFF_PASSWORD):
        app = start_app(qtbot, vault.folder)
        apps.append(app)
        sign_in(qtbot, app, username, password)
        wait_unlocked(qtbot, app)
        return app

    yield _open
    for app in apps:
        app.shutdown()


def _nav_titles(app) -> list[str]:
    return app.window.navigation.titles()


def test_director_sees_reports_but_not_cases(open_as) -> None:
    app = open_as("director")
    titles = _nav_titles(app)
    assert "Reports" in titles
    assert "Cases" not in titles
    assert app.window.show_page("cases") is None
    assert "Program director" in app.window.user_label.text()


def test_intake_worker_cannot_open_administration(open_as, staff) -> None:
    app = open_as("intake")
    assert "Administration" not in _nav_titles(app)
    assert "admin" not in app.window.page_keys()
    assert app.window.show_page("admin") is None
    page = AdminPage(UiContext(app.ctx.vault, staff.intake, app.runner))
    page.refresh()  # the services refuse even a page built by hand; the page says so
    assert page.error.text() == describe(PermissionDenied("manage_users"))
    assert page.model.rowCount() == 0


def test_navigation_shortcuts_and_accessible_names(qtbot, open_as) -> None:
    app = open_as("supervisor")
    navigation = app.window.navigation
    assert navigation.titles()
    iface = QAccessible.queryAccessibleInterface(navigation)
    assert iface.role() == QAccessible.Role.List
    assert iface.text(QAccessible.Text.Name)
    items = [iface.child(n) for n in range(iface.childCount())]
    items = [i for i in items if i.role() == QAccessible.Role.ListItem]
    assert [i.text(QAccessible.Text.Name) for i in items] == navigation.titles()
    shortcuts = {a.shortcut().toString(): a for a in app.window.navigation.actions()}
    shortcuts["Ctrl+2"].trigger()  # the shortcut's action (no dependence on window focus)
    assert app.window.current_key == "tasks"


def test_demo_vault_shows_the_banner(open_as, vault, staff) -> None:
    app = open_as("admin", "correct horse battery staple")
    assert not app.window.demo_banner.isVisibleTo(app.window)
    with app.ctx.vault.session() as session, session.begin():
        settings_service.put_setting(session, "demo", True)
    app.lock()
    sign_in_again = app.panel
    assert sign_in_again is not None
    app.shutdown()
    app2 = open_as("admin", "correct horse battery staple")
    assert app2.window.demo_banner.isVisibleTo(app2.window)
    assert "DEMO DATA" in app2.window.demo_banner.text()


def test_switching_language_retranslates_the_open_window(open_as) -> None:
    app = open_as("supervisor")
    app.window.show_page("cases")
    i18n.set_language("es")
    assert "Casos" in _nav_titles(app)
    assert app.window.lock_action.text() == "Bloquear"
    assert app.window.current_key == "cases"
    i18n.set_language("en")
    assert "Cases" in _nav_titles(app)


def test_the_vault_language_applies_unless_one_was_picked_at_sign_in(qtbot, open_as, vault):
    from safehaven.storage.vault import open_with_password

    opened, _slot = open_with_password(vault.folder, "admin", "correct horse battery staple")
    with opened.session() as session, session.begin():
        settings_service.put_setting(session, "language", "es")
    opened.close()
    app = open_as("supervisor")
    assert i18n.current_language() == "es"
    assert "Casos" in _nav_titles(app)
    app.shutdown()
    i18n.set_language("en")
    second = start_app(qtbot, vault.folder)
    try:
        form = second.panel.form
        form.language.setCurrentIndex(form.language.findData("en"))
        form.language.setCurrentIndex(form.language.findData("es"))
        form.language.setCurrentIndex(form.language.findData("en"))
        sign_in(qtbot, second, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, second)
        assert i18n.current_language() == "en"
    finally:
        second.shutdown()


def test_an_open_case_is_shown_under_cases_wherever_it_was_opened(open_as, vault, staff):
    app = open_as("supervisor")
    client_id = register_clients(app.ctx.vault, staff.supervisor)[0]
    app.window.show_page("tasks")
    app.window.open_case(client_id)
    assert app.window.navigation.current_key() == "cases"
    iface = QAccessible.queryAccessibleInterface(app.window.navigation)
    selected = [
        iface.child(n).text(QAccessible.Text.Name)
        for n in range(iface.childCount())
        if iface.child(n).state().selected
    ]
    assert selected == ["Cases"]
