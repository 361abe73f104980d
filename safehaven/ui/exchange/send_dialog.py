"""Send securely: tick the fields to share (only consented ones can be ticked, as for the
letter), see the partner's verification state, choose a folder, and write the package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.errors import ConsentMissing
from safehaven.services.exchange.packages import SentPackage, send_options
from safehaven.services.exchange.packages import send_package as send_service
from safehaven.services.referrals.labels import FIELD_LABELS
from safehaven.ui.context import UiContext
from safehaven.ui.exchange.labels import partner_state
from safehaven.ui.referrals.messages import consent_problem_text
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot

FolderChooser = Callable[[QWidget], str]
Confirm = Callable[[QWidget, str], bool]


def _choose_folder(parent: QWidget) -> str:
    return file_dialogs.existing_folder(parent, _("Save the package in this folder"))


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.warning(
        parent,
        _("Partner not verified"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class SendDialog(QDialog):
    def __init__(self, ctx: UiContext, referral_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral_id = referral_id
        self.choose_folder: FolderChooser = _choose_folder
        self.confirm: Confirm = _confirm
        self.last_sent: SentPackage | None = None
        self.error = Banner("error", self)  # made first: loading the options may fail into it
        self.options = self.ctx.call(
            lambda s: send_options(s, actor=self.ctx.actor, referral_id=self.referral_id),
            where=self.error,
        )
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        opts = self.options
        self.setWindowTitle(
            _("Send securely {reference}").format(reference=opts.reference if opts else "")
        )
        layout = QVBoxLayout(self)
        self.recipient = QLabel(
            _("To: {name}").format(name=opts.organization_name if opts else ""), self
        )
        self.partner_label = QLabel(partner_state(opts.partner if opts else None), self)
        self.partner_label.setWordWrap(True)
        self.partner_label.setAccessibleName(_("Partner verification"))
        layout.addWidget(self.recipient)
        layout.addWidget(self.partner_label)
        layout.addWidget(self._field_box())
        self.status = Banner("info", self)
        layout.addWidget(message_slot(self, self.error, self.status))
        buttons = QHBoxLayout()
        self.send_button = QPushButton(_("&Save package…"), self)
        self.close_button = QPushButton(_("Close"), self)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.send_button.setEnabled(bool(opts and opts.partner))
        if opts and opts.consent_problem:
            self.error.show_message(consent_problem_text(opts.consent_problem))

    def _field_box(self) -> QGroupBox:
        box = QGroupBox(_("Details to share"), self)
        box_layout = QVBoxLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        shareable = self.options.shareable if self.options else ()
        restricted = self.options.restricted if self.options else ()
        for name in LETTER_FIELDS:
            check = QCheckBox(_(FIELD_LABELS[name]), box)
            allowed = name in shareable and name not in restricted
            check.setEnabled(allowed)
            check.setChecked(allowed)
            if not allowed:
                check.setToolTip(
                    _("The survivor did not agree to share this with this organization.")
                    if name not in shareable
                    else _("Your role may not include this field.")
                )
            self.checks[name] = check
            box_layout.addWidget(check)
        return box

    def _connect_signals(self) -> None:
        self.send_button.clicked.connect(self.send)
        self.close_button.clicked.connect(self.accept)

    def chosen_fields(self) -> list[str]:
        return [n for n, c in self.checks.items() if c.isEnabled() and c.isChecked()]

    def send(self) -> None:
        opts = self.options
        if opts is None or opts.partner is None:
            return
        unverified = not opts.partner.verified
        if unverified and not self.confirm(
            self,
            _(
                "The safety number of {name} was not compared by phone. Anyone could have "
                "given you this key card. Send the package anyway?"
            ).format(name=opts.organization_name),
        ):
            return
        folder = self.choose_folder(self)
        if not folder:
            return
        self.error.clear_message()
        self.send_button.setEnabled(False)  # one package per click, even while it is being built
        actor, referral_id, target = self.ctx.actor, self.referral_id, Path(folder)
        fields = self.chosen_fields()
        self.ctx.call(
            lambda s: send_service(
                s,
                actor=actor,
                referral_id=referral_id,
                folder=target,
                fields=fields,
                confirm_unverified=unverified,
            ),
            where=self.error,
            writes=True,
            on_done=lambda sent: self._sent(sent, opts.organization_name),
            on_failed=self._send_failed,
        )

    def _sent(self, sent: SentPackage, organization_name: str) -> None:
        self.last_sent = sent
        self.status.show_message(
            _(
                "Package saved as {file}. Send it to {name} by any channel; only they can open it."
            ).format(file=sent.path.name, name=organization_name)
        )

    def _send_failed(self, exc: BaseException) -> None:
        """The failure is already shown; a missing consent gets the words of the letter."""
        if isinstance(exc, ConsentMissing):
            self.error.show_message(consent_problem_text(exc.reason))
        self.send_button.setEnabled(True)
