"""The consent flow of a referral, driven like a user over a real vault: the referral dialog says
at once whether consent covers the chosen organization and offers "Record consent…" pre-filled;
the letter dialog without consent explains and links to the same form; the letter's password
hint does not outlive the problem."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from safehaven.services.directory.directory import search_organizations
from safehaven.services.referrals.consent_gate import consent_cover
from safehaven.ui.consent.record_form import RecordConsentDialog
from safehaven.ui.referrals.letter_dialog import LetterDialog
from safehaven.ui.referrals.referral_dialog import ReferralDialog
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from tests.services.referral_helpers import grant, make_client, make_org, make_referral, set_sender
from tests.ui.case_support import make_ctx

HARBOR = "Harbor Legal Aid (Springfield)"


@pytest.fixture
def case(vault, staff):
    """A client, an organization nobody consented to, and one the survivor agreed to."""
    with vault.session() as session:
        client_id = make_client(session, staff.caseworker)
        harbor = make_org(session, staff.admin)
        clinic = make_org(session, staff.admin, name="Bright Clinic")
        grant(session, staff.caseworker, client_id, clinic, fields=("chosen_name",))
        set_sender(session, staff.admin)
    return client_id, harbor, clinic


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def record_through(qtbot, monkeypatch, *, org_id: int, service: str, seen: list[str]) -> None:
    """ "Record consent…" opens the consent form: check it is pre-filled, record a grant."""

    def fill_in(dialog: RecordConsentDialog) -> int:
        form = dialog.form
        qtbot.waitUntil(lambda: not form.load.loading)  # the organizations, on the read pool
        assert form.purpose_combo.currentData() == "referral_organization"
        assert form.organization_combo.currentData() == org_id
        assert form.service_combo.currentData() == service
        seen.append(form.organization_combo.currentText())
        assert form.granted_radio.isChecked()
        qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(RecordConsentDialog, "exec", fill_in)


def test_referral_dialog_says_whether_consent_covers_and_records_it(
    qtbot, vault, staff, case, monkeypatch
):
    client_id, harbor, clinic = case
    ctx = make_ctx(qtbot, vault, staff.caseworker)
    with vault.session() as session:
        organizations = search_organizations(session, actor=staff.caseworker)
    dialog = shown(qtbot, ReferralDialog(organizations, None, ctx=ctx, client_id=client_id))
    notice = dialog.consent
    assert notice is not None
    assert "Choose an organization" in notice.text.text()
    assert not notice.record_button.isVisible()

    dialog.organization.setCurrentIndex(dialog.organization.findData(harbor))
    assert dialog.organization.currentText() == HARBOR
    assert notice.text.text() == f"No consent covers {HARBOR} yet."
    assert notice.record_button.isVisible()

    dialog.organization.setCurrentIndex(dialog.organization.findData(clinic))
    assert notice.text.text().startswith("Consent covers sharing with Bright Clinic (Springfield)")
    assert not notice.record_button.isVisible()

    dialog.organization.setCurrentIndex(dialog.organization.findData(harbor))
    dialog.service.set_value("legal")
    seen: list[str] = []
    record_through(qtbot, monkeypatch, org_id=harbor, service="legal", seen=seen)
    qtbot.mouseClick(notice.record_button, Qt.MouseButton.LeftButton)
    assert seen == [HARBOR]  # the same name in the consent form as in the referral form
    assert notice.text.text().startswith(f"Consent covers sharing with {HARBOR}.")
    assert not notice.record_button.isVisible()
    with vault.session() as session:
        cover = consent_cover(
            session,
            actor=staff.caseworker,
            client_id=client_id,
            organization_id=harbor,
            service_type="legal",
        )
    assert cover.covered


def test_cancelling_record_consent_leaves_the_notice(qtbot, vault, staff, case, monkeypatch):
    client_id, harbor, _clinic = case
    ctx = make_ctx(qtbot, vault, staff.caseworker)
    with vault.session() as session:
        organizations = search_organizations(session, actor=staff.caseworker)
    dialog = shown(qtbot, ReferralDialog(organizations, None, ctx=ctx, client_id=client_id))
    dialog.organization.setCurrentIndex(dialog.organization.findData(harbor))
    monkeypatch.setattr(RecordConsentDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    qtbot.mouseClick(dialog.consent.record_button, Qt.MouseButton.LeftButton)
    assert dialog.consent.text.text() == f"No consent covers {HARBOR} yet."
    assert dialog.consent.record_button.isVisible()


def test_letter_without_consent_explains_and_links_to_record_consent(
    qtbot, vault, staff, case, monkeypatch
):
    client_id, harbor, _clinic = case
    with vault.session() as session:
        referral_id = make_referral(session, staff.caseworker, client_id, harbor)
    dialog = shown(qtbot, LetterDialog(make_ctx(qtbot, vault, staff.caseworker), referral_id))
    notice = dialog.consent
    assert notice is not None
    assert notice.text.text().startswith(f"No consent covers {HARBOR} yet.")
    assert "cannot be shown, printed or saved" in notice.text.text()
    assert notice.record_button.isVisible()
    assert not any(check.isEnabled() for check in dialog.checks.values())
    assert not dialog.save_button.isEnabled()
    assert dialog.pages == []

    seen: list[str] = []
    record_through(qtbot, monkeypatch, org_id=harbor, service="legal", seen=seen)
    qtbot.mouseClick(notice.record_button, Qt.MouseButton.LeftButton)
    assert seen == [HARBOR]
    assert notice.text.text().startswith(f"Consent covers sharing with {HARBOR}.")
    assert not notice.record_button.isVisible()
    assert dialog.checks["chosen_name"].isEnabled()  # the form's default shared fields
    assert dialog.checks["chosen_name"].isChecked()
    assert not dialog.checks["legal_name"].isEnabled()
    assert dialog.pages  # the letter is shown now
    assert dialog.save_button.isEnabled()
    assert "chosen_name" in dialog.last_result.fields


def test_letter_password_hint_goes_once_the_password_is_long_enough(
    qtbot, vault, staff, case, tmp_path
):
    client_id, _harbor, clinic = case
    with vault.session() as session:
        referral_id = make_referral(session, staff.caseworker, client_id, clinic)
    dialog = shown(qtbot, LetterDialog(make_ctx(qtbot, vault, staff.caseworker), referral_id))
    out = tmp_path / "letter.pdf"
    dialog.choose_save = lambda parent, suggested: str(out)
    assert not dialog.password_hint.isVisible()  # nothing to say before Save
    qtbot.keyClicks(dialog.password, "abc")
    assert not dialog.password_hint.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not out.exists()
    assert dialog.password_hint.isVisible()
    assert "at least 6 characters" in dialog.password_hint.text()
    qtbot.keyClicks(dialog.password, "def")
    assert not dialog.password_hint.isVisible()  # valid now: the hint is not left behind
    assert "password" not in dialog.error.text().casefold()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert not dialog.password_hint.isVisible()


def test_new_referral_from_the_tab_shows_the_notice(qtbot, vault, staff, case, monkeypatch):
    client_id, harbor, _clinic = case
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    said: list[str] = []

    def choose(dialog: ReferralDialog) -> int:
        dialog.organization.setCurrentIndex(dialog.organization.findData(harbor))
        said.append(dialog.consent.text.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReferralDialog, "exec", choose)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert said == [f"No consent covers {HARBOR} yet."]
