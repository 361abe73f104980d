"""Administration → users: the table model and the dialogs (add, roles, temporary password)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Role
from safehaven.services.accounts.accounts import UserRow
from safehaven.ui.messages import role_list, role_name
from safehaven.ui.models.list_table import ListTableModel
from safehaven.ui.widgets.banner import Banner, gate_ok
from safehaven.ui.widgets.dates import date_time_text
from safehaven.ui.widgets.message_line import message_slot

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    USERNAME = 0
    DISPLAY_NAME = 1
    ROLES = 2
    STATUS = 3
    LAST_SIGN_IN = 4


HEADERS = (N_("Username"), N_("Display name"), N_("Roles"), N_("Status"), N_("Last sign-in"))
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class UsersModel(ListTableModel[UserRow]):
    """Staff accounts (a few dozen rows: `set_rows` replaces them all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)

    @property
    def rows(self) -> list[UserRow]:
        return self._items

    def set_rows(self, rows: list[UserRow]) -> None:
        self.beginResetModel()
        self._items = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> UserRow | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        user = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(user, Column(index.column()))
        if role == ROW_ROLE:
            return user.id
        return None

    def _text(self, user: UserRow, column: Column) -> str:
        if column == Column.USERNAME:
            return user.username
        if column == Column.DISPLAY_NAME:
            return user.display_name
        if column == Column.ROLES:
            return role_list(user.roles)
        if column == Column.STATUS:
            if not user.active:
                return _("Deactivated")
            return _("Must change password") if user.must_change_password else _("Active")
        stamp = user.last_login_at
        return date_time_text(stamp) if stamp else _("Never")


class RoleChecks(QWidget):
    """One check box per role."""

    def __init__(self, roles: tuple[Role, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(role_name(role), self)
            box.setAccessibleName(role_name(role))
            box.setChecked(role in roles)
            self.boxes[role] = box
            layout.addWidget(box)

    def roles(self) -> tuple[Role, ...]:
        return tuple(role for role, box in self.boxes.items() if box.isChecked())


class UserDialog(QDialog):
    """Add an account (`roles_only=False`) or change an account's roles."""

    def __init__(self, *, user: UserRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setWindowTitle(_("Change roles") if user else _("Add user"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username, self.display_name = QLineEdit(self), QLineEdit(self)
        self.username.setAccessibleName(_("Username"))
        self.display_name.setAccessibleName(_("Display name"))
        self.role_checks = RoleChecks(user.roles if user else (), self)
        if user is None:
            form.addRow(_("&Username"), self.username)
            form.addRow(_("&Display name"), self.display_name)
        else:
            form.addRow(_("Account"), QLabel(user.username, self))
            self.username.setText(user.username)
        form.addRow(_("Roles"), self.role_checks)
        self.problem = Banner("info", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout.addLayout(form)
        layout.addWidget(message_slot(self, self.problem))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.username.textChanged.connect(self._update)
        for box in self.role_checks.boxes.values():
            box.toggled.connect(self._update)
        self._update()

    def blocking_reason(self) -> str:
        name = self.username.text().strip()
        if not name:
            return _("Choose a username.")
        if any(ch.isspace() or ch in ",:/\\" for ch in name) or len(name) > 64:
            return _("A username cannot contain spaces or the characters , : / \\.")
        if not self.role_checks.roles():
            return _("Choose at least one role.")
        return ""

    def _update(self) -> None:
        gate_ok(self.buttons, self.problem, self.blocking_reason())


class TemporaryPasswordDialog(QDialog):
    """Shows a temporary password once; the account must change it at the next sign-in."""

    def __init__(self, username: str, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Temporary password"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Give this temporary password to {username} in person. It is shown only once; "
                "they will choose their own password when they sign in."
            ).format(username=username),
            self,
        )
        intro.setWordWrap(True)
        self.password = QLabel(password, self)
        self.password.setObjectName("recoveryKey")
        self.password.setAccessibleName(_("Temporary password"))
        self.password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton(_("&Copy"), self)
        copy.setAccessibleName(_("Copy the temporary password"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(password))
        close = QPushButton(_("Close"), self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        for widget in (intro, self.password, copy, close):
            layout.addWidget(widget)
        self.finished.connect(lambda _r: self.password.clear())
