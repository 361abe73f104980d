"""Shared set-up for the application-shell tests: a driven SafeHavenApp and stand-in pages.

Stand-in pages show real client names from the vault (through the real services) in labels, line
edits and item models, so lock tests prove the shell removes whatever pages put on screen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from safehaven.app import SafeHavenApp
from safehaven.services.cases import clients
from safehaven.services.errors import DomainError
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui import registry
from safehaven.ui.context import UiContext
from safehaven.ui.pages import PageWidget
from safehaven.ui.shell import main_window

CLIENT_NAMES = ("Zenaida Quiroga", "Amaranta Ybarra")


class ClientNamesPage(PageWidget):
    """Shows every client's chosen name in a label, a line edit and two item models; it does not
    clear itself on lock (the base's clear() does nothing), so the shell must remove it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.spare_model = QStandardItemModel(self)  # a model no view shows
        names = []
        with ctx.vault.session() as session:
            for client_id in (1, 2):
                try:
                    row = clients.get_client(session, actor=ctx.actor, client_id=client_id)
                except DomainError:  # no such client, or this role may not read it
                    continue
                names.append(row.chosen_name)
                item = QStandardItem(row.chosen_name)
                item.setData(row.chosen_name, Qt.ItemDataRole.ToolTipRole)
                self.model.appendRow([item, QStandardItem(row.case_number)])
                self.spare_model.appendRow(QStandardItem(row.chosen_name))
        self.label = QLabel(", ".join(names), self)
        self.edit = QLineEdit(names[0] if names else "", self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        for widget in (self.label, self.edit, self.view):
            layout.addWidget(widget)


class FakeCasePage(PageWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        with ctx.vault.session() as session:
            row = clients.get_client(session, actor=ctx.actor, client_id=client_id)
        self.case_number = row.case_number
        self.name = QLabel(row.chosen_name, self)


def install_fake_pages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every page of registry.PAGES except Administration becomes a ClientNamesPage (same key,
    title and permission), and open_case shows FakeCasePage."""
    pages = [
        spec if spec.key == "admin" else replace(spec, widget=ClientNamesPage)
        for spec in registry.PAGES
    ]
    monkeypatch.setattr(registry, "PAGES", pages)
    monkeypatch.setattr(main_window, "CASE_PAGE", FakeCasePage)


def register_clients(vault, actor) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for name in CLIENT_NAMES:
        with vault.session() as session:
            row = clients.register_client(
                session, actor=actor, draft=clients.ClientDraft(chosen_name=name)
            )
            ids.append(row.id)
    return ids


def start_app(qtbot, folder: Path) -> SafeHavenApp:  # type: ignore[no-untyped-def]
    app = SafeHavenApp(folder, kdf=FAST_TEST_KDF)
    app.start()  # the app owns (and deletes) its windows; tests call app.shutdown()
    return app


def sign_in(qtbot, app: SafeHavenApp, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    panel = app.panel
    assert panel is not None
    panel.form.username.setText(username)
    panel.form.password.edit.setText(password)
    qtbot.mouseClick(panel.form.sign_in_button, Qt.MouseButton.LeftButton)


def wait_unlocked(qtbot, app: SafeHavenApp) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: app.window is not None and app.ctx is not None, timeout=10_000)
    # background work started by the sign-in (e.g. an automatic backup) finishes first
    qtbot.waitUntil(lambda: app.runner.active_count() == 0, timeout=10_000)
