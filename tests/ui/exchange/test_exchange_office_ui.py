"""The exchange windows over an office server: a caseworker's "Send securely…" shows exactly the
consented fields and the partner's verification state, and the Exchange page opens a package a
vault sent to the office and offers to answer it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.referrals.referrals import get_referral
from safehaven.ui.exchange.exchange_page import ExchangePage
from safehaven.ui.exchange.send_dialog import SendDialog
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from tests.services.conftest import office_template  # noqa: F401 (the session's template)
from tests.services.exchange.helpers import Org, make_vault
from tests.services.exchange.office_helpers import (
    FIELDS,
    OfficeSide,
    office_referral,
    office_side,
    pair_office_with_vault,
)
from tests.services.referral_helpers import grant, make_client, make_referral
from tests.services.stores import OfficeTemplate
from tests.ui.case_support import make_ctx


@pytest.fixture
def side(office_template: OfficeTemplate) -> Iterator[OfficeSide]:  # noqa: F811
    with office_side(office_template) as made:
        yield made


@pytest.fixture
def clinic(tmp_path: Path) -> Org:
    return make_vault(tmp_path / "clinic", "Clinic B")


def _office_ctx(qtbot: QtBot, side: OfficeSide, actor):  # type: ignore[no-untyped-def]
    side.session(actor).close()  # opens the person's own office store
    return make_ctx(qtbot, side.stores[actor.user_id], actor)


def test_a_caseworker_sends_securely_from_the_office(
    qtbot: QtBot, side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic)
    referral_id = office_referral(side, pairing.vault_in_office)
    caseworker = side.team.caseworker
    ctx = _office_ctx(qtbot, side, caseworker)
    assert ctx.store_kind == "office"
    with side.session(caseworker) as s:
        client_id = get_referral(s, actor=caseworker, referral_id=referral_id).client_id
    tab = ReferralsTab(ctx, client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    tab.table.selectRow(0)
    assert not tab.secure_button.isHidden()
    assert tab.secure_button.isEnabled()

    dialog = SendDialog(ctx, referral_id)
    qtbot.addWidget(dialog)
    enabled = tuple(n for n in LETTER_FIELDS if dialog.checks[n].isEnabled())
    assert enabled == FIELDS
    assert dialog.partner_label.text().startswith("Verified by phone on ")
    dialog.checks["phone"].setChecked(False)
    out = tmp_path / "box"
    out.mkdir()
    dialog.choose_folder = lambda parent: str(out)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_sent is not None or bool(dialog.error.text()))
    assert dialog.last_sent is not None, dialog.error.text()
    assert dialog.last_sent.fields == ("chosen_name", "pronouns", "languages")
    with clinic.session() as s:
        opened = open_received_file(
            s, actor=clinic.caseworker, data=dialog.last_sent.path.read_bytes()
        )
    assert opened.incoming is not None
    assert dict(opened.incoming.shared)["chosen_name"] == "Luz"
    assert "phone" not in dict(opened.incoming.shared)


def test_the_office_exchange_page_opens_what_a_vault_sent(
    qtbot: QtBot, side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic)
    with clinic.session() as s:
        client_id = make_client(s, clinic.caseworker)
        grant(s, clinic.caseworker, client_id, pairing.office_in_vault, fields=("chosen_name",))
        referral_id = make_referral(s, clinic.caseworker, client_id, pairing.office_in_vault)
    out = tmp_path / "box"
    out.mkdir()
    with clinic.session() as s:
        package = send_package(s, actor=clinic.caseworker, referral_id=referral_id, folder=out)

    page = ExchangePage(_office_ctx(qtbot, side, side.team.caseworker))
    qtbot.addWidget(page)
    page.resize(1000, 1400)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    assert page.partner_model.rows()[0].verified
    assert "safety number" in page.card_label.text()
    page.incoming.choose_open = lambda parent: str(package.path)
    qtbot.mouseClick(page.incoming.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.incoming.message.text() or page.incoming.error.text()))
    assert "received from Clinic B" in page.incoming.message.text(), page.incoming.error.text()
    page.incoming.table.selectRow(0)
    assert "Luz" in page.incoming.details.text()
    assert page.incoming.accept_button.isEnabled()
