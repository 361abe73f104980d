"""Administration page: staff accounts (add, roles, reset password, deactivate) and settings.

The accounts are the vault's key slots or, on an office server, database logins
(`admin/user_actions.py`); the data-protection tabs follow the store (`admin/data_protection.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.permissions import Permission, Role
from safehaven.services.accounts import accounts
from safehaven.services.accounts.accounts import UserRow
from safehaven.services.vault_ops.revocation import Deactivation
from safehaven.ui.admin.backup_dialogs import RotationDialog
from safehaven.ui.admin.data_protection import data_protection_tabs
from safehaven.ui.admin.settings import SettingsForm
from safehaven.ui.admin.user_actions import user_actions
from safehaven.ui.admin.users import TemporaryPasswordDialog, UserDialog, UsersModel
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.keys.deactivate_dialog import DeactivateDialog
from safehaven.ui.pages import PageWidget
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.tables import fitted_table


def _confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "SafeHaven", question)
    return answer == QMessageBox.StandardButton.Yes


class AdminPage(PageWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.users = user_actions(ctx)
        self.confirm: Callable[[QWidget, str], bool] = _confirm
        self.last_dialog: QDialog | None = None
        self._build_ui()
        self._connect_signals()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        users = QWidget(self.tabs)
        users_layout = QVBoxLayout(users)
        self.model = UsersModel(self)
        self.table = fitted_table(self.model, users)
        buttons = QHBoxLayout()
        self.add_button, self.roles_button = QPushButton(users), QPushButton(users)
        self.reset_button, self.deactivate_button = QPushButton(users), QPushButton(users)
        self.reactivate_button = QPushButton(users)
        self.reactivate_button.setVisible(self.users.reactivates)
        for button in (
            self.add_button,
            self.roles_button,
            self.reset_button,
            self.deactivate_button,
            self.reactivate_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.error = Banner("error", users)
        users_layout.addLayout(buttons)
        users_layout.addWidget(self.table, 1)
        users_layout.addWidget(self.error)
        self.tabs.addTab(users, "")
        self.settings = SettingsForm(self.ctx, self.tabs)
        if self.ctx.actor.can(Permission.MANAGE_SETTINGS):
            self.tabs.addTab(self.settings, "")
        self.extra_tabs = data_protection_tabs(self.ctx, self.tabs)
        for widget, _title in self.extra_tabs:
            self.tabs.addTab(widget, "")
        layout.addWidget(self.tabs)
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_clicked)
        self.roles_button.clicked.connect(self._on_roles_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.deactivate_button.clicked.connect(self._on_deactivate_clicked)
        self.reactivate_button.clicked.connect(self._on_reactivate_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.settings.saved.connect(self.settings_saved)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Users"))
        if self.tabs.count() > 1:
            self.tabs.setTabText(1, _("Settings"))
        for widget, title in self.extra_tabs:
            self.tabs.setTabText(self.tabs.indexOf(widget), _(title))
        self.tabs.setAccessibleName(_("Administration"))
        self.table.setAccessibleName(_("Staff accounts"))
        for button, text in (
            (self.add_button, _("&Add user…")),
            (self.roles_button, _("Change &roles…")),
            (self.reset_button, _("Reset &password…")),
            (self.deactivate_button, _("&Deactivate…")),
            (self.reactivate_button, _("Reac&tivate…")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.model.retranslate()

    # -- page protocol --------------------------------------------------------------------------
    def refresh(self) -> None:
        users = self.ctx.call(
            lambda s: accounts.list_users(s, actor=self.ctx.actor), where=self.error
        )
        if users is not None:
            self.model.set_rows(users)
        self.settings.refresh()
        for widget, _title in self.extra_tabs:
            widget.refresh()  # type: ignore[attr-defined]
        self._update_buttons()

    def clear(self) -> None:
        self.model.set_rows([])
        self.settings.clear()
        for widget, _title in self.extra_tabs:
            widget.clear()  # type: ignore[attr-defined]
        if self.last_dialog is not None:
            self.last_dialog.reject()

    # -- actions --------------------------------------------------------------------------------
    def selected_user(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: Any) -> None:
        user = self.selected_user()
        active = user is not None and user.active
        for button in (self.roles_button, self.reset_button, self.deactivate_button):
            button.setEnabled(active)
            button.setToolTip("" if active else _("Select an active account first."))
        self.deactivate_button.setToolTip(
            self._deactivate_tip() if active else _("Select an active account first.")
        )
        inactive = user is not None and not user.active
        self.reactivate_button.setEnabled(inactive)
        self.reactivate_button.setToolTip(
            _("Let this account sign in again with a new temporary password.")
            if inactive
            else _("Select a deactivated account first.")
        )

    def _deactivate_tip(self) -> str:
        if self.users.rotates_on_deactivation:
            return _(
                "The account can no longer sign in and its password stops opening the vault. "
                "Its history stays. Reactivate undoes it."
            )
        return _(
            "The login stops working at once, even in a window already open. Its history stays. "
            "Reactivate undoes it."
        )

    def _on_add_clicked(self) -> None:
        dialog = UserDialog(parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_user(
                dialog.username.text().strip(),
                dialog.display_name.text().strip(),
                dialog.role_checks.roles(),
            )

    def _on_roles_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = UserDialog(user=user, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_roles(user.id, dialog.role_checks.roles())

    def _on_reset_clicked(self) -> None:
        user = self.selected_user()
        question = _("Give {username} a temporary password? Their current password stops working.")
        if user is not None and self.confirm(self, question.format(username=user.username)):
            self.reset_password(user)

    def _on_deactivate_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if not self.users.rotates_on_deactivation:
            question = _(
                "Deactivate {username}? Their login stops working at once, even in a window "
                "already open."
            )
            if self.confirm(self, question.format(username=user.username)):
                self.deactivate(user)
            return
        dialog = DeactivateDialog(user.username, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            rotate, password = dialog.choice()
            self.deactivate(user, rotate=rotate, password=password)

    def _on_reactivate_clicked(self) -> None:
        user = self.selected_user()
        question = _(
            "Reactivate {username}? The account gets a new temporary password, to be changed at "
            "the first sign-in; the old password stays revoked."
        )
        if user is not None and self.confirm(self, question.format(username=user.username)):
            self.reactivate(user)

    def reactivate(self, user: UserRow) -> None:
        self._run(
            self.users.reactivate(user.id),
            lambda done: self._show_temporary(done[0].username, done[1]),
        )

    def deactivate(self, user: UserRow, *, rotate: bool = False, password: str = "") -> None:
        self._run(
            self.users.deactivate(user.id, rotate=rotate, password=password),
            self._show_deactivation,
        )

    def _show_deactivation(self, outcome: Deactivation | None) -> None:
        if outcome is not None and outcome.rotation is not None:
            self.last_dialog = RotationDialog(outcome.rotation, self)
            self.last_dialog.open()

    def add_user(self, username: str, display_name: str, roles: tuple[Role, ...]) -> None:
        temporary = accounts.generate_temporary_password()
        self._run(
            self.users.add(username, display_name, roles, temporary),
            lambda row: self._show_temporary(row.username, temporary),
        )

    def set_roles(self, user_id: int, roles: tuple[Role, ...]) -> None:
        if self.ctx.attempt(self.users.set_roles(user_id, roles), where=self.error):
            self.refresh()

    def reset_password(self, user: UserRow) -> None:
        self._run(
            self.users.reset(user.id, accounts.generate_temporary_password()),
            lambda temporary: self._show_temporary(user.username, temporary),
        )

    def _run(self, job: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.error.clear_message()
        self.setEnabled(False)

        def done(result: Any) -> None:
            self.setEnabled(True)
            self.refresh()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            present(self.error, failure_text(exc))

        self.ctx.runner.run(
            lambda _p, _c: job(),
            writes=True,
            title=_("Saving…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )

    def _show_temporary(self, username: str, temporary: str) -> None:
        dialog = TemporaryPasswordDialog(username, temporary, self)
        self.last_dialog = dialog
        dialog.open()
