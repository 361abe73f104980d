"""The Exchange page: this organization's key card, partners' key cards and their verification,
received referrals, and the directory in Open Referral HSDS 3.0."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.services.directory import directory
from safehaven.services.exchange import hsds
from safehaven.services.exchange.cards import card_file, card_pdf
from safehaven.services.exchange.identity import (
    OrganizationCard,
    create_organization_identity,
    has_identity,
    our_card,
)
from safehaven.services.exchange.partners import (
    PartnerRow,
    import_partner_card,
    list_partners,
    verify_partner,
)
from safehaven.ui.context import UiContext
from safehaven.ui.exchange import choosers
from safehaven.ui.exchange.files import read_chosen, write_chosen
from safehaven.ui.exchange.incoming_panel import IncomingPanel
from safehaven.ui.exchange.labels import partner_state
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.pages import PageWidget
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.scroll import scroll_body
from safehaven.ui.widgets.tables import row_table

PARTNER_COLUMNS: tuple[TableColumn[PartnerRow], ...] = (
    TableColumn(N_("Organization"), lambda r: r.organization_name),
    TableColumn(N_("Name on the card"), lambda r: r.card_name),
    TableColumn(N_("Verification"), partner_state),
    TableColumn(N_("Safety number"), lambda r: r.safety_number),
)


class ExchangePage(PageWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.card: OrganizationCard | None = None
        self._cleared = False  # locked: a directory export still on its way is not saved
        self.choose_open: Callable[[QWidget, str, str], str] = choosers.open_file
        self.choose_save: Callable[[QWidget, str, str], str] = choosers.save_file
        self.confirm: Callable[[QWidget, str], bool] = choosers.confirm
        self.choose_organization: Callable[[QWidget, list[str]], int] = _pick_organization
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self._card_box())
        layout.addWidget(self._partner_box())
        self.incoming = IncomingPanel(self.ctx, self)
        self.incoming.setVisible(self.ctx.actor.can(Permission.MANAGE_REFERRALS))
        layout.addWidget(self.incoming)
        layout.addWidget(self._directory_box())
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.message, self.error))
        layout.addStretch(1)
        scroll_body(self, body)

    def _card_box(self) -> QGroupBox:
        box = QGroupBox(_("Our key card"), self)
        layout = QVBoxLayout(box)
        self.card_label = QLabel("", box)
        self.card_label.setWordWrap(True)
        layout.addWidget(self.card_label)
        row = QHBoxLayout()
        self.create_button = QPushButton(_("Create e&xchange keys"), box)
        self.save_card_button = QPushButton(_("Save key &card…"), box)
        self.save_pdf_button = QPushButton(_("Save key card as &PDF…"), box)
        for button in (self.create_button, self.save_card_button, self.save_pdf_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _partner_box(self) -> QGroupBox:
        box = QGroupBox(_("Partners"), self)
        layout = QVBoxLayout(box)
        self.partner_model = RecordTableModel(PARTNER_COLUMNS, box)
        self.partner_table = row_table(self.partner_model, _("Partners"), box)
        layout.addWidget(self.partner_table)
        row = QHBoxLayout()
        self.import_card_button = QPushButton(_("&Import a partner's key card…"), box)
        self.verify_button = QPushButton(_("Mark &verified by phone…"), box)
        row.addWidget(self.import_card_button)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        layout.addLayout(row)
        manage = self.ctx.actor.can(Permission.MANAGE_DIRECTORY)
        self.import_card_button.setVisible(manage)
        self.verify_button.setVisible(manage)
        return box

    def _directory_box(self) -> QGroupBox:
        box = QGroupBox(_("Directory in Open Referral format (HSDS 3.0)"), self)
        row = QHBoxLayout(box)
        self.export_hsds_button = QPushButton(_("Export director&y…"), box)
        self.import_hsds_button = QPushButton(_("Import direc&tory…"), box)
        row.addWidget(self.export_hsds_button)
        row.addWidget(self.import_hsds_button)
        row.addStretch(1)
        box.setVisible(self.ctx.actor.can(Permission.MANAGE_DIRECTORY))
        return box

    def _connect_signals(self) -> None:
        self.create_button.clicked.connect(self.create_keys)
        self.save_card_button.clicked.connect(lambda: self._save_card(pdf=False))
        self.save_pdf_button.clicked.connect(lambda: self._save_card(pdf=True))
        self.import_card_button.clicked.connect(self.import_card)
        self.verify_button.clicked.connect(self.verify_selected)
        self.export_hsds_button.clicked.connect(self.export_directory)
        self.import_hsds_button.clicked.connect(self.import_directory)

    def refresh(self) -> None:
        self._cleared = False
        actor = self.ctx.actor
        loaded = self.ctx.call(
            lambda s: (
                our_card(s, actor=actor) if has_identity(s) else None,
                list_partners(s, actor=actor),
            ),
            where=self.error,
        )
        if loaded is None:
            return
        self.card, partners = loaded
        self._show_card()
        self.partner_model.set_rows(partners)
        if self.incoming.isVisibleTo(self):
            self.incoming.refresh()

    def clear(self) -> None:
        self._cleared = True
        self.card = None
        self.card_label.clear()
        self.partner_model.clear()
        self.incoming.clear()
        self.message.clear_message()
        self.error.clear_message()

    def _show_card(self) -> None:
        card = self.card
        admin = self.ctx.actor.can(Permission.MANAGE_SETTINGS)
        self.create_button.setVisible(card is None and admin)
        self.save_card_button.setEnabled(card is not None)
        self.save_pdf_button.setEnabled(card is not None)
        if card is None:
            self.card_label.setText(_("Your organization has no exchange keys yet."))
            return
        self.card_label.setText(
            _("{name} — safety number: {number}").format(name=card.name, number=card.safety_number)
        )

    def _done(self, text: str) -> None:
        """After a change went through: say so and show the new state."""
        self.message.show_message(text)
        self.refresh()

    def create_keys(self) -> None:
        self.error.clear_message()
        if self.ctx.attempt(
            lambda s: create_organization_identity(s, actor=self.ctx.actor), where=self.error
        ):
            self._done(_("Exchange keys created. Send your key card to your partners."))

    def _save_card(self, *, pdf: bool) -> None:
        card = self.card
        if card is None:
            return
        suggested = "safehaven-key-card.pdf" if pdf else "safehaven-key-card.shcard"
        name = self.choose_save(self, _("Save key card"), suggested)
        if not name:
            return
        self.error.clear_message()
        self._save(Path(name), card_pdf(card) if pdf else card_file(card))

    def _save(self, path: Path, data: bytes) -> None:
        if write_chosen(path, data, self.error):
            self.message.show_message(_("Saved as {file}.").format(file=path.name))

    def import_card(self) -> None:
        self.error.clear_message()
        orgs = self.ctx.call(
            lambda s: directory.search_organizations(s, actor=self.ctx.actor), where=self.error
        )
        if orgs is None:
            return
        index = self.choose_organization(self, [o.display_name for o in orgs])
        if not 0 <= index < len(orgs):
            return
        name = self.choose_open(self, _("Import key card"), _("Key cards (*.shcard)"))
        if not name:
            return
        data = read_chosen(Path(name), self.error)
        if data is None:
            return
        org = orgs[index]
        result = self.ctx.call(
            lambda s: import_partner_card(
                s, actor=self.ctx.actor, organization_id=org.id, data=data
            ),
            where=self.error,
        )
        if result is None:
            return
        self._done(
            _(
                "Key card imported. Call {name} on a number you already know and compare: {number}"
            ).format(name=org.display_name, number=result.partner.safety_number)
        )

    def verify_selected(self) -> None:
        index = self.partner_table.currentIndex()
        row = self.partner_model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        question = _("Did {name} read you exactly this safety number by phone?\n\n{number}").format(
            name=row.organization_name, number=row.safety_number
        )
        if not self.confirm(self, question):
            return
        self.error.clear_message()
        if self.ctx.attempt(
            lambda s: verify_partner(
                s,
                actor=self.ctx.actor,
                organization_id=row.organization_id,
                fingerprint=row.fingerprint,
            ),
            where=self.error,
        ):
            self._done(_("{name} is now a verified partner.").format(name=row.organization_name))

    def export_directory(self) -> None:
        name = self.choose_save(self, _("Export directory"), "directory-hsds.json")
        if not name:
            return
        self.error.clear_message()
        self.export_hsds_button.setEnabled(False)
        actor, path = self.ctx.actor, Path(name)
        self.ctx.call(
            lambda s: hsds.export_hsds(s, actor=actor),
            where=self.error,
            on_done=lambda data: self._exported(path, data),
            on_failed=lambda _exc: self.export_hsds_button.setEnabled(True),
        )

    def _exported(self, path: Path, data: bytes) -> None:
        self.export_hsds_button.setEnabled(True)
        if not self._cleared:
            self._save(path, data)

    def import_directory(self) -> None:
        name = self.choose_open(self, _("Import directory"), _("HSDS JSON files (*.json)"))
        if not name:
            return
        self.error.clear_message()
        data = read_chosen(Path(name), self.error)
        if data is None:
            return
        self.import_hsds_button.setEnabled(False)
        actor = self.ctx.actor
        self.ctx.call(
            lambda s: hsds.import_hsds(s, actor=actor, data=data),
            where=self.error,
            writes=True,
            on_done=self._imported,
            on_failed=lambda _exc: self.import_hsds_button.setEnabled(True),
        )

    def _imported(self, count: int) -> None:
        self.import_hsds_button.setEnabled(True)
        if not self._cleared:
            self._done(_("{count} organizations imported.").format(count=count))


def _pick_organization(parent: QWidget, names: list[str]) -> int:
    if not names:
        return -1
    name, ok = QInputDialog.getItem(
        parent, _("Import key card"), _("Directory entry of this partner"), names, 0, False
    )
    return names.index(name) if ok and name in names else -1
