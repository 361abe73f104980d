"""First run: the language and where the records are kept; for this computer's vault (the
default) the organization, the administrator account, then the recovery key shown once. The vault
is created off the GUI thread while the wizard says so and stays alive. For the office server,
one page of connection details; the profile is saved and the office sign-in follows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safehaven import i18n
from safehaven.i18n import _
from safehaven.services.accounts import accounts
from safehaven.services.accounts.accounts import NewVault, SignedIn
from safehaven.services.exchange.identity import set_up_identity
from safehaven.services.vault_ops.recovery_kit import build_recovery_kit
from safehaven.storage.files import write_atomic
from safehaven.storage.keyslots import KdfParams
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import failure_text, present
from safehaven.ui.shell.language_step import LanguageStep
from safehaven.ui.shell.office_step import OfficeStep
from safehaven.ui.tasks import TaskRunner
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.password_field import PasswordField
from safehaven.ui.widgets.window_size import fit_to_screen


def _choose_kit_path(parent: QWidget) -> str:
    return file_dialogs.save_file(
        parent, _("Save recovery kit"), "safehaven-recovery-kit.pdf", _("PDF files (*.pdf)")
    )


OFFICE_PAGE = 4  # after the vault's pages: their numbers stay 0 … 3


class FirstRunWizard(QWidget):
    """Emits `completed(SignedIn)` after the recovery key was confirmed as stored, or
    `office_profile_saved(ProfileChoice)` once the office server's profile is saved."""

    completed = Signal(object)
    office_profile_saved = Signal(object)

    def __init__(
        self,
        folder: Path,
        runner: TaskRunner,
        *,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder, self.runner, self.kdf = Path(folder), runner, kdf
        self.created: NewVault | None = None
        self.busy = False  # the vault is being created
        self.choose_kit_path: Callable[[QWidget], str] = _choose_kit_path
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    # -- building -------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.setWindowTitle("SafeHaven")
        outer = QVBoxLayout(self)
        card = QWidget(self)
        card.setObjectName("card")
        card.setMinimumWidth(560)
        card.setMaximumWidth(640)
        layout = QVBoxLayout(card)
        self.heading, self.intro, self.step = QLabel(card), QLabel(card), QLabel(card)
        self.heading.setObjectName("heading")
        self.intro.setWordWrap(True)
        self.step.setObjectName("subheading")
        self.stack = QStackedWidget(card)
        self.language_step = LanguageStep(card)
        self.stack.addWidget(self.language_step)
        self.stack.addWidget(self._build_organization())
        self.stack.addWidget(self._build_admin())
        self.stack.addWidget(self._build_recovery())
        self.office_step = OfficeStep(self.runner, card)
        self.stack.addWidget(self.office_step)
        self.error = Banner("error", card)
        self.why_disabled = QLabel(card)
        self.why_disabled.setObjectName("subheading")
        self.busy_text, self.busy_bar = QLabel(card), QProgressBar(card)
        self.busy_bar.setRange(0, 0)  # no percentage to show: a moving bar
        self.busy_bar.setTextVisible(False)
        self.busy_text.setVisible(False)
        self.busy_bar.setVisible(False)
        self.back_button, self.next_button = QPushButton(card), QPushButton(card)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        for widget in (self.step, self.heading, self.intro, self.stack, self.error):
            layout.addWidget(widget)
        layout.addWidget(self.why_disabled)
        layout.addWidget(self.busy_text)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        fit_to_screen(self, "first_run", QSize(760, 640))

    def _build_organization(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.organization = QLineEdit(page)
        self.organization.setMaxLength(200)
        self.organization_label = QLabel(page)
        self.organization_label.setBuddy(self.organization)
        form.addRow(self.organization_label, self.organization)
        self.letterhead: dict[str, QLineEdit] = {}
        self.letterhead_labels: dict[str, QLabel] = {}
        for key in ("organization_address", "organization_phone", "organization_email"):
            edit, label = QLineEdit(page), QLabel(page)
            edit.setMaxLength(300)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.letterhead[key], self.letterhead_labels[key] = edit, label
        self.letterhead_hint = QLabel(page)
        self.letterhead_hint.setWordWrap(True)
        form.addRow(self.letterhead_hint)
        return page

    def _build_admin(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.username, self.display_name = QLineEdit(page), QLineEdit(page)
        self.password = PasswordField(with_meter=True, parent=page)
        self.confirm = QLineEdit(page)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_labels = [QLabel(page) for _i in range(4)]
        fields = (self.username, self.display_name, self.password, self.confirm)
        for label, field in zip(self.admin_labels, fields, strict=True):
            label.setBuddy(field.edit if isinstance(field, PasswordField) else field)
            form.addRow(label, field)
        return page

    def _build_recovery(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.recovery_key = QLabel(page)
        self.recovery_key.setObjectName("recoveryKey")
        self.recovery_key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recovery_key.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.recovery_key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.recovery_warning = QLabel(page)
        self.recovery_warning.setWordWrap(True)
        self.save_kit_button = QPushButton(page)
        self.kit_status = Banner("ok", page)
        self.stored = QCheckBox(page)
        for widget in (self.recovery_key, self.recovery_warning, self.save_kit_button):
            layout.addWidget(widget)
        layout.addWidget(self.kit_status)
        layout.addWidget(self.stored)
        return page

    def _connect_signals(self) -> None:
        self.language_step.chosen.connect(self._on_language_chosen)
        self.language_step.place_changed.connect(self._retranslate)
        self.office_step.changed.connect(self._update)
        self.office_step.saved.connect(self.office_profile_saved)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        for edit in (self.organization, self.username, self.confirm):
            edit.textChanged.connect(self._update)
        self.password.changed.connect(self._update)
        self.username.textChanged.connect(self._on_username_changed)
        self.stored.toggled.connect(self._update)
        self.save_kit_button.clicked.connect(self._on_save_kit_clicked)

    # -- texts ----------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        index = self.stack.currentIndex()
        office = self.language_step.office_chosen()
        n, total = (2 if index == OFFICE_PAGE else 1, 2) if office else (index + 1, 4)
        self.step.setText(_("Step {n} of {total}").format(n=n, total=total))
        headings = (
            (
                _("Welcome to SafeHaven"),
                _(
                    "SafeHaven keeps your shelter's case records encrypted, on this computer or "
                    "on your office server."
                ),
            ),
            (
                _("Your organization"),
                _("Name your organization; letters and reports carry its name."),
            ),
            (
                _("Administrator account"),
                _(
                    "This account manages staff accounts and settings. "
                    "Choose a long password: a phrase of several unusual words works well."
                ),
            ),
            (
                _("Your recovery key"),
                _("This key is shown only once. It opens the vault if every password is lost."),
            ),
            (
                _("Your office server"),
                _(
                    "Your administrator gives you these details and the office certificate file. "
                    "No password is kept on this computer: each person signs in with their own."
                ),
            ),
        )
        self.heading.setText(headings[index][0])
        self.intro.setText(headings[index][1])
        self.organization_label.setText(_("&Organization name"))
        self.organization.setAccessibleName(_("Organization name"))
        letterhead = {
            "organization_address": _("Add&ress"),
            "organization_phone": _("&Phone"),
            "organization_email": _("&E-mail"),
        }
        for key, text in letterhead.items():
            label_field(
                self.letterhead_labels[key], self.letterhead[key], text, context=_("Organization")
            )
        self.letterhead_hint.setText(
            _(
                "Address and phone are printed on referral letters; letters cannot be printed "
                "without them. You can fill them in later under Administration → Settings."
            )
        )
        names = (_("&Username"), _("&Display name"), _("&Password"), _("&Repeat password"))
        accessible = (_("Username"), _("Display name"), _("Password"), _("Repeat password"))
        for label, name in zip(self.admin_labels, names, strict=True):
            label.setText(name)
        self.username.setAccessibleName(accessible[0])
        self.display_name.setAccessibleName(accessible[1])
        self.password.set_accessible_name(accessible[2])
        self.confirm.setAccessibleName(accessible[3])
        self.recovery_key.setAccessibleName(_("Recovery key"))
        self.recovery_warning.setText(
            _(
                "Print it or save the recovery kit, and keep it locked away from this computer. "
                "Anyone holding it can read every record."
            )
        )
        self.save_kit_button.setText(_("Save recovery &kit PDF…"))
        self.save_kit_button.setAccessibleName(_("Save recovery kit PDF"))
        self.stored.setText(_("I have &stored the recovery key safely"))
        self.stored.setAccessibleName(_("I have stored the recovery key safely"))
        self.back_button.setText(_("&Back"))
        self.back_button.setAccessibleName(_("Back"))
        labels = (_("&Next"), _("&Next"), _("&Create vault"), _("&Finish"), _("&Save and continue"))
        self.next_button.setText(labels[index])
        self.next_button.setAccessibleName(labels[index].replace("&", ""))
        self.busy_text.setText(_("Creating the vault…"))
        self.busy_bar.setAccessibleName(_("Creating the vault…"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- validation as you type -----------------------------------------------------------------
    def blocking_reason(self) -> str:
        index = self.stack.currentIndex()
        if index == 1 and not self.organization.text().strip():
            return _("Enter the organization's name.")
        if index == 2:
            return self._admin_problem()
        if index == 3 and not self.stored.isChecked():
            return _("Confirm that you have stored the recovery key.")
        if index == OFFICE_PAGE:
            return self.office_step.blocking_reason()
        return ""

    def _admin_problem(self) -> str:
        name = self.username.text().strip()
        if not name:
            return _("Choose a username.")
        if any(ch.isspace() or ch in ",:/\\" for ch in name) or len(name) > 64:
            return _("A username cannot contain spaces or the characters , : / \\.")
        if not self.password.strength().acceptable:
            return _("The password is not strong enough yet.")
        if self.confirm.text() != self.password.text():
            return _("The two passwords are not the same.")
        return ""

    def _update(self) -> None:
        reason = "" if self.busy else self.blocking_reason()
        self.next_button.setEnabled(not reason and not self.busy)
        self.next_button.setToolTip(reason)
        self.why_disabled.setText(reason)
        self.why_disabled.setVisible(bool(reason))
        self.back_button.setVisible(self.stack.currentIndex() in (1, 2, OFFICE_PAGE))
        self.back_button.setEnabled(not self.busy and not self.office_step.busy)

    def _on_username_changed(self, text: str) -> None:
        self.password.username = text.strip()

    # -- steps ----------------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.error.clear_message()
        self._retranslate()
        first = (self.language_step.first_focus(), self.organization, self.username)
        pages = (*first, self.recovery_key, self.office_step.host)
        pages[index].setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_back_clicked(self) -> None:
        index = self.stack.currentIndex()
        if index in (1, 2) and not self.busy:
            self._go(index - 1)
        elif index == OFFICE_PAGE and not self.busy and not self.office_step.busy:
            self._go(0)

    def _on_language_chosen(self, code: str) -> None:
        """The rest of the wizard, and the vault's setting, speak the chosen language."""
        i18n.set_language(code)
        self._retranslate()  # also when no application broadcasts the change

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter goes forward (the wizard is no dialog, so it has no default button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()  # Enter on "Back" or "Save recovery kit…" presses that button
            elif self.next_button.isEnabled():
                self.next_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_next_clicked(self) -> None:
        if self.blocking_reason() or self.busy:
            return
        index = self.stack.currentIndex()
        if index == 0 and self.language_step.office_chosen():
            self._go(OFFICE_PAGE)
        elif index == OFFICE_PAGE:
            self.office_step.save(self.folder)
        elif index in (0, 1):
            self._go(index + 1)
        elif index == 2:
            self._create_vault()
        elif self.created is not None:
            signed: SignedIn = self.created.signed_in
            self.recovery_key.clear()
            self.created = None
            self.completed.emit(signed)

    def _create_vault(self) -> None:
        args = {
            "admin_username": self.username.text().strip(),
            "admin_password": self.password.text(),
            "admin_display_name": self.display_name.text().strip(),
            "organization_name": self.organization.text().strip(),
            "letterhead": {key: edit.text() for key, edit in self.letterhead.items()},
            "kdf": self.kdf,
            "setup": set_up_identity,
            "language": i18n.current_language(),
        }
        self._set_busy(True)
        self.runner.run(
            lambda _p, _c: accounts.initialize_vault(self.folder, **args),  # type: ignore[arg-type]
            writes=True,
            title=_("Creating the encrypted vault…"),
            parent=self,
            on_done=self._on_vault_created,
            on_error=self._on_vault_failed,
            show_progress=False,  # the wizard shows its own busy line; there is nothing to cancel
        )

    def _set_busy(self, busy: bool) -> None:
        """While the vault is created: a moving bar and a busy cursor, the form read-only."""
        self.busy = busy
        self.busy_text.setVisible(busy)
        self.busy_bar.setVisible(busy)
        self.stack.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._update()

    def _on_vault_created(self, created: NewVault) -> None:
        self._set_busy(False)
        self.created = created
        self.password.clear()
        self.confirm.clear()
        self.recovery_key.setText(created.recovery_key)
        self._go(3)

    def _on_vault_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        present(self.error, failure_text(exc))
        self._update()

    def _on_save_kit_clicked(self) -> None:
        if self.created is None:
            return
        path = self.choose_kit_path(self)
        if not path:
            return
        pdf = build_recovery_kit(
            self.created.recovery_key,
            organization_name=self.organization.text().strip(),
            language=i18n.current_language(),
            created=dt.date.today(),
        )
        try:
            write_atomic(Path(path), pdf)
        except OSError as exc:
            self.kit_status.clear_message()
            self.error.show_message(
                _("The recovery kit could not be saved ({reason}).").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        self.error.clear_message()
        self.kit_status.show_message(_("The recovery kit was saved."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:  # closing now would leave a half-made vault
            event.ignore()
            return
        if self.created is not None and not self.stored.isChecked():
            self.error.show_message(_("Confirm that you have stored the recovery key first."))
            event.ignore()
            return
        super().closeEvent(event)
