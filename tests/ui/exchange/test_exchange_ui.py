"""The send dialog shows exactly the consented fields and the partner's verification state; the
Exchange page imports and verifies cards and opens a received package, over two real vaults."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.consent.consent import consent_history, withdraw_consent
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.ui.exchange.exchange_page import ExchangePage
from safehaven.ui.exchange.send_dialog import SendDialog
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from tests.services.exchange.helpers import (
    card_bytes,
    database_hash,
    make_world,
    sign_in_without_restricted_key,
)
from tests.ui.case_support import make_ctx

CONSENTED = ("chosen_name", "pronouns", "languages", "phone")


def _wait_sent(qtbot: QtBot, dialog: SendDialog) -> None:
    """The package is built on the task runner: wait for its result (or its failure)."""
    qtbot.waitUntil(lambda: dialog.last_sent is not None or bool(dialog.error.text()))
    assert dialog.last_sent is not None, dialog.error.text()


def _shown_page(qtbot: QtBot, vault, actor) -> ExchangePage:  # type: ignore[no-untyped-def]
    """A page tall enough that every button can be clicked, shown and loaded."""
    page = ExchangePage(make_ctx(qtbot, vault, actor))
    qtbot.addWidget(page)
    page.resize(1000, 1400)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def test_send_dialog_shows_exactly_the_consented_fields_and_the_verified_state(
    qtbot: QtBot, tmp_path
) -> None:
    w = make_world(tmp_path, fields=CONSENTED)
    ctx = make_ctx(qtbot, w.a.vault, w.a.caseworker)
    tab = ReferralsTab(ctx, w.client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
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
    _wait_sent(qtbot, dialog)
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
    _wait_sent(qtbot, dialog)
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
    _wait_sent(qtbot, dialog)
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
    qtbot.waitUntil(lambda: bool(page.incoming.message.text() or page.incoming.error.text()))
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
    qtbot.waitUntil(
        lambda: page.incoming.last_status is not None or bool(page.incoming.error.text())
    )
    assert page.incoming.last_status is not None, page.incoming.error.text()
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
    page.choose_organization = lambda parent, names: names.index("Clinic B (Springfield)")
    page.choose_open = lambda parent, title, pattern: str(card)
    qtbot.mouseClick(page.import_card_button, Qt.MouseButton.LeftButton)
    assert page.partner_model.rows()[0].verified  # the same card again changes nothing


def test_consent_withdrawn_while_the_dialog_is_open_is_said_in_the_consent_words(
    qtbot: QtBot, tmp_path
) -> None:
    w = make_world(tmp_path)
    ctx = make_ctx(qtbot, w.a.vault, w.a.caseworker)
    dialog = SendDialog(ctx, w.referral_id)
    qtbot.addWidget(dialog)
    assert dialog.send_button.isEnabled()
    with w.a.session() as s:
        (grant,) = consent_history(s, actor=w.a.caseworker, client_id=w.client_id)
        withdraw_consent(s, actor=w.a.caseworker, consent_id=grant.id)
    out = tmp_path / "box"
    out.mkdir()
    dialog.choose_folder = lambda parent: str(out)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert dialog.error.text() == "The survivor withdrew consent for this referral."
    assert dialog.last_sent is None
    assert not any(out.iterdir())
    assert dialog.send_button.isEnabled()  # back for a second try once consent is recorded


def test_an_unreadable_chosen_file_is_named_and_nothing_changes(qtbot: QtBot, tmp_path) -> None:
    w = make_world(tmp_path)
    page = _shown_page(qtbot, w.b.vault, w.b.admin)
    before = database_hash(w.b.vault)
    missing = tmp_path / "gone.shx"
    page.incoming.choose_open = lambda parent: str(missing)
    qtbot.mouseClick(page.incoming.open_button, Qt.MouseButton.LeftButton)
    assert page.incoming.error.text() == "Cannot read the file (No such file or directory)."
    assert page.incoming.open_button.isEnabled()
    page.choose_open = lambda parent, title, pattern: str(tmp_path)  # a folder, not a file
    qtbot.mouseClick(page.import_hsds_button, Qt.MouseButton.LeftButton)
    assert page.error.text().startswith("Cannot read the file (")
    assert page.import_hsds_button.isEnabled()
    page.choose_organization = lambda parent, names: names.index("Shelter A (Springfield)")
    page.choose_open = lambda parent, title, pattern: str(missing)
    qtbot.mouseClick(page.import_card_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == "Cannot read the file (No such file or directory)."
    assert not page.message.text()
    assert database_hash(w.b.vault) == before


def test_the_directory_travels_in_hsds_through_the_page(qtbot: QtBot, tmp_path) -> None:
    w = make_world(tmp_path)
    a_page = _shown_page(qtbot, w.a.vault, w.a.admin)
    a_page.choose_save = lambda parent, title, suggested: str(tmp_path / "no-such" / suggested)
    qtbot.mouseClick(a_page.export_hsds_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(a_page.export_hsds_button.isEnabled)
    assert a_page.error.text() == "Cannot write the file (No such file or directory)."
    exported = tmp_path / "directory-hsds.json"
    a_page.choose_save = lambda parent, title, suggested: str(exported)
    qtbot.mouseClick(a_page.export_hsds_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(a_page.message.text()))
    assert a_page.message.text() == "Saved as directory-hsds.json."
    assert not a_page.error.isVisible()  # the earlier failure is taken back
    assert b"Clinic B" in exported.read_bytes()
    b_page = _shown_page(qtbot, w.b.vault, w.b.admin)
    b_page.choose_open = lambda parent, title, pattern: str(exported)
    qtbot.mouseClick(b_page.import_hsds_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(b_page.message.text() or b_page.error.text()))
    assert b_page.message.text().endswith(" organizations imported."), b_page.error.text()
    assert b_page.import_hsds_button.isEnabled()


def test_a_sign_in_without_the_restricted_key_sees_shared_restricted_fields_as_restricted(
    qtbot: QtBot, tmp_path
) -> None:
    w = make_world(tmp_path, fields=("chosen_name", "legal_name", "phone"))
    out = tmp_path / "box"
    out.mkdir()
    with w.a.session() as s:
        sent = send_package(s, actor=w.a.caseworker, referral_id=w.referral_id, folder=out)
    with w.b.session() as s:
        open_received_file(s, actor=w.b.caseworker, data=sent.path.read_bytes())
    signed = sign_in_without_restricted_key(w.b, "caseworker")
    page = _shown_page(qtbot, signed.vault, signed.actor)
    page.incoming.table.selectRow(0)
    details = page.incoming.details.text()
    assert "Luz" in details
    assert "Legal name: Restricted" in details
    assert "Phone: Restricted" in details
    assert "Marisol" not in details
    assert "r1:" not in details
