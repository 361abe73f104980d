"""The send dialog shows exactly the consented fields and the partner's verification state; the
Exchange page imports and verifies cards and opens a received package, over two real vaults."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.ui.exchange.exchange_page import ExchangePage
from safehaven.ui.exchange.send_dialog import SendDialog
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from tests.services.exchange.helpers import card_bytes, make_world
from tests.ui.case_support import make_ctx

CONSENTED = ("chosen_name", "pronouns", "languages", "phone")


def test_send_dialog_shows_exactly_the_consented_fields_and_the_verified_state(
    qtbot: QtBot, tmp_path
) -> None:
    w = make_world(tmp_path, fields=CONSENTED)
    ctx = make_ctx(qtbot, w.a.vault, w.a.caseworker)
    tab = ReferralsTab(ctx, w.client_id)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    assert tab.secure_button.isEnabled()
    dialog = SendDialog(ctx, w.referral_id)
    qtbot.addWidget(dialog)
    enabled = tuple(n for n in LETTER_FIELDS if dialog.checks[n].isEnabled())
    assert enabled == CONSENTED
    assert all(dialog.checks[n].isChecked() for n in CONSENTED)
    assert dialog.partner_label.text().startswith("Verified by phone on ")
    assert dialog.partner_label.text().endswith(" by admin.")  # the administrator verified it
    dialog.checks["phone"].setChecked(False)
    out = tmp_path / "box"
    out.mkdir()
    dialog.choose_folder = lambda parent: str(out)
    dialog.confirm = lambda parent, text: (_ for _ in ()).throw(AssertionError("no question"))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.last_sent is not None
    assert dialog.last_sent.fields == ("chosen_name", "pronouns", "languages")
    assert dialog.last_sent.path.name in dialog.status.text()


def test_unverified_partner_is_shown_and_needs_a_confirmation(qtbot: QtBot, tmp_path) -> None:
    w = make_world(tmp_path, verify=False)
    ctx = make_ctx(qtbot, w.a.vault, w.a.caseworker)
    dialog = SendDialog(ctx, w.referral_id)
    qtbot.addWidget(dialog)
    assert dialog.partner_label.text().startswith("Not verified")
    out = tmp_path / "box"
    out.mkdir()
    asked: list[str] = []
    dialog.choose_folder = lambda parent: str(out)
    dialog.confirm = lambda parent, text: asked.append(text) or False
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert asked
    assert "not compared by phone" in asked[0]
    assert dialog.last_sent is None
    assert not any(out.iterdir())
    dialog.confirm = lambda parent, text: True
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.last_sent is not None
    assert not dialog.last_sent.partner_verified


def test_exchange_page_opens_a_received_package_and_answers_it(qtbot: QtBot, tmp_path) -> None:
    w = make_world(tmp_path)
    out = tmp_path / "box"
    out.mkdir()
    send_ctx = make_ctx(qtbot, w.a.vault, w.a.caseworker)
    dialog = SendDialog(send_ctx, w.referral_id)
    qtbot.addWidget(dialog)
    dialog.choose_folder = lambda parent: str(out)
    dialog.send()
    package = dialog.last_sent.path
    page = ExchangePage(make_ctx(qtbot, w.b.vault, w.b.caseworker))
    qtbot.addWidget(page)
    page.resize(1000, 1400)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    assert page.partner_model.rows()[0].verified
    assert not page.import_card_button.isVisibleTo(page)  # caseworkers do not manage cards
    page.incoming.choose_open = lambda parent: str(package)
    qtbot.mouseClick(page.incoming.open_button, Qt.MouseButton.LeftButton)
    assert "received from Shelter A" in page.incoming.message.text(), page.incoming.error.text()
    page.incoming.table.selectRow(0)
    assert "Luz" in page.incoming.details.text()
    assert "Marisol" not in page.incoming.details.text()
    assert page.incoming.accept_button.isEnabled()
    with w.b.session() as s:
        existing = register_client(s, actor=w.b.caseworker, draft=ClientDraft(chosen_name="L."))
    page.incoming.choose_folder = lambda parent: str(out)

    def link_existing_case() -> None:
        page.incoming.last_dialog.case_number.setText(existing.case_number.lower())
        page.incoming.last_dialog.accept()

    QTimer.singleShot(0, link_existing_case)
    qtbot.mouseClick(page.incoming.accept_button, Qt.MouseButton.LeftButton)
    assert page.incoming.last_status is not None
    assert page.incoming.last_status.client_id == existing.id
    assert "Accepted" in page.incoming.model.rows()[0].status.title()


def test_admin_imports_and_verifies_a_partner_card(qtbot: QtBot, qtmodeltester, tmp_path) -> None:
    w = make_world(tmp_path, verify=False)
    page = ExchangePage(make_ctx(qtbot, w.a.vault, w.a.admin))
    qtbot.addWidget(page)
    page.refresh()
    assert "safety number" in page.card_label.text()
    row = page.partner_model.rows()[0]
    assert not row.verified
    qtmodeltester.check(page.partner_model)
    page.partner_table.selectRow(0)
    questions: list[str] = []
    page.confirm = lambda parent, text: questions.append(text) or True
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert row.safety_number in questions[0]
    assert page.partner_model.rows()[0].verified
    card = tmp_path / "b.shcard"
    card.write_bytes(card_bytes(w.b))
    page.choose_organization = lambda parent, names: names.index("Clinic B")
    page.choose_open = lambda parent, title, pattern: str(card)
    qtbot.mouseClick(page.import_card_button, Qt.MouseButton.LeftButton)
    assert page.partner_model.rows()[0].verified  # the same card again changes nothing
