"""Referrals, letters, tasks and directory windows over a real vault (offscreen)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.services.referrals import referrals as referral_service
from safehaven.ui.cases.tasks_page import TasksPage
from safehaven.ui.directory.directory_page import DirectoryPage, ImportErrorsDialog
from safehaven.ui.directory.organization_dialog import OrganizationDialog
from safehaven.ui.referrals import referrals_tab as tab_module
from safehaven.ui.referrals.letter_dialog import LetterDialog
from safehaven.ui.referrals.referral_dialog import OverrideDialog, ReferralDialog
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from tests.services.referral_helpers import (
    LEGAL_NAME,
    grant,
    make_client,
    make_org,
    make_referral,
    set_sender,
)
from tests.ui.case_support import make_ctx


@pytest.fixture
def case(vault, staff):
    with vault.session() as session:
        client_id = make_client(session, staff.caseworker)
        org_id = make_org(session, staff.admin)
        set_sender(session, staff.admin)
        grant(session, staff.caseworker, client_id, org_id, fields=("chosen_name", "pronouns"))
    return client_id, org_id


def _audit(vault, action):
    with vault.session() as session, session.begin():
        rows = session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars()
        return [json.loads(e.details) for e in rows]


def test_create_referral_preview_and_save_letter(
    qtbot, qtmodeltester, vault, staff, case, tmp_path, monkeypatch
):
    client_id, org_id = case
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool

    def fill_in(dialog: ReferralDialog) -> int:
        assert not dialog.save_button.isEnabled()  # no service chosen yet: says why
        assert dialog.error.text()
        dialog.organization.setCurrentIndex(dialog.organization.findData(org_id))
        dialog.service.set_value("legal")
        qtbot.keyClicks(dialog.location, "Room 4")
        assert dialog.save_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReferralDialog, "exec", fill_in)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtmodeltester.check(tab.model)
    assert [(r.status, r.service_type) for r in tab.model.rows()] == [("draft", "legal")]
    referral_id = tab.model.rows()[0].id
    assert tab.selected() is not None
    assert tab.letter_button.isEnabled()

    dialog = LetterDialog(tab.ctx, referral_id)
    qtbot.addWidget(dialog)
    assert dialog.pages
    assert dialog.page_layout.count() >= 2
    assert dialog.checks["chosen_name"].isEnabled()
    assert dialog.checks["chosen_name"].isChecked()
    for not_consented in ("legal_name", "date_of_birth", "address", "phone"):
        assert not dialog.checks[not_consented].isEnabled()
    dialog.checks["pronouns"].setChecked(False)
    assert "pronouns" not in dialog.last_result.fields
    out = tmp_path / "chosen" / "letter.pdf"
    out.parent.mkdir()
    dialog.choose_save = lambda parent, suggested: str(out)
    qtbot.keyClicks(dialog.password, "letter-pw-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    document = pdfium.PdfDocument(out.read_bytes(), password="letter-pw-1")
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Luz" in text
    assert "she/her" not in text
    assert LEGAL_NAME not in text
    assert _audit(vault, "referral_letter_saved")[-1]["fields"] == ["chosen_name"]

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer)
    assert _audit(vault, "referral_letter_printed")[-1]["fields"] == ["chosen_name"]
    with qtbot.waitSignal(tab.loaded):
        tab.refresh()
    assert tab.model.rows()[0].letters_printed == 2


def test_sending_without_consent_explains_and_supervisor_overrides(
    qtbot, vault, staff, monkeypatch
):
    with vault.session() as session:
        client_id = make_client(session, staff.caseworker)
        org_id = make_org(session, staff.admin)
        make_referral(session, staff.caseworker, client_id, org_id)
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert "No consent" in tab.error.text()
    assert tab.model.rows()[0].status == "draft"

    def give_reason(dialog: OverrideDialog) -> int:
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Survivor agreed by phone; paper form to follow")
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OverrideDialog, "exec", give_reason)
    sup = ReferralsTab(make_ctx(qtbot, vault, staff.supervisor), client_id)
    qtbot.addWidget(sup)
    qtbot.waitUntil(lambda: not sup.load.loading)  # read on the read pool
    sup.table.selectRow(0)
    qtbot.mouseClick(sup.send_button, Qt.MouseButton.LeftButton)
    row = sup.model.rows()[0]
    assert row.status == "sent"
    assert row.overridden
    assert "overridden" in tab_module.flags_text(row)
    assert _audit(vault, "consent_overridden")[0]["for"] == "send"


def test_tasks_page_shows_overdue_follow_up_and_completes_it(
    qtbot, qtmodeltester, vault, staff, case
):
    client_id, org_id = case
    with vault.session() as session:
        make_referral(
            session,
            staff.caseworker,
            client_id,
            org_id,
            follow_up_due=dt.date.today() - dt.timedelta(days=3),
        )
    page = TasksPage(make_ctx(qtbot, vault, staff.caseworker))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):  # read on the read pool, not the window's thread
        page.refresh()
    qtmodeltester.check(page.task_model)
    qtmodeltester.check(page.referral_model)
    assert [(t.kind, t.overdue) for t in page.task_model.rows()] == [("referral_follow_up", True)]
    with qtbot.waitSignal(page.loaded):
        page.referrals_overdue.setChecked(True)
    assert len(page.referral_model.rows()) == 1
    page.task_table.selectRow(0)
    with qtbot.waitSignal(page.open_case_requested) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [client_id]
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert page.task_model.rows() == []
    with qtbot.waitSignal(page.loaded):
        page.include_done.setChecked(True)
    assert page.task_model.rows()[0].completed_at is not None


def test_directory_import_refuses_bad_file_then_imports_and_exports(
    qtbot, qtmodeltester, vault, staff, tmp_path
):
    page = DirectoryPage(make_ctx(qtbot, vault, staff.admin))
    qtbot.addWidget(page)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,scope,services\nGood Clinic,local,health\nBad,galactic,health\n")
    page.choose_open = lambda parent, title, filters: str(bad)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, ImportErrorsDialog), timeout=10000)
    assert "Row 3, column scope" in page.last_dialog.text.toPlainText()
    assert page.model.rows() == []
    good = tmp_path / "good.csv"
    good.write_text(
        "name,scope,services,city\nGood Clinic,local,health,Austin\nLaw Hub,state,legal,\n"
    )
    page.choose_open = lambda parent, title, filters: str(good)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.model.rows()) == 2, timeout=10000)
    qtmodeltester.check(page.model)
    assert all(r.stale for r in page.model.rows())  # never verified
    page.service.setCurrentIndex(page.service.findData("legal"))
    assert [r.name for r in page.model.rows()] == ["Law Hub"]
    out = tmp_path / "export.csv"
    page.choose_save = lambda parent, title, filters: str(out)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "Good Clinic" in out.read_text(encoding="utf-8-sig")


def test_organization_dialog_validates_as_you_type(qtbot):
    dialog = OrganizationDialog()
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()  # nothing refused before the user edits or saves
    assert dialog.error.text() == ""
    qtbot.keyClicks(dialog.inputs["name"], "C")
    dialog.inputs["name"].clear()
    assert not dialog.save_button.isEnabled()
    assert dialog.save_button.toolTip()
    qtbot.keyClicks(dialog.inputs["name"], "Casa Refugio")
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.inputs["country"], "Mexico")
    assert not dialog.save_button.isEnabled()
    assert "Country" in dialog.error.text()
    assert dialog.save_button.accessibleDescription() == dialog.save_button.toolTip()
    assert dialog.inputs["country"].property("invalid") is True


def test_referral_service_rows_for_reference(vault, staff, case):
    client_id, org_id = case
    with vault.session() as session:
        ref = make_referral(session, staff.caseworker, client_id, org_id)
        row = referral_service.get_referral(session, actor=staff.caseworker, referral_id=ref)
    assert row.reference.startswith("REF-")


def test_clear_on_lock_leaves_no_client_data(qtbot, vault, staff, case):
    from tests.ui.helpers import assert_text_absent

    client_id, org_id = case
    with vault.session() as session:
        make_referral(session, staff.caseworker, client_id, org_id, notes_to_org="Ask for Luz")
    ctx = make_ctx(qtbot, vault, staff.caseworker)
    tab = ReferralsTab(ctx, client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    tab.table.selectRow(0)
    dialog = LetterDialog(ctx, tab.model.rows()[0].id, tab)
    tab.last_dialog = dialog
    assert dialog.pages
    page = TasksPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    assert page.task_model.rows() == []
    assert page.referral_model.rows()
    tab.clear()
    page.clear()
    assert dialog.pages == []
    assert dialog.last_result is None
    assert_text_absent([tab, page], ["Luz", "Harbor Legal Aid", "Room 4"])
    tab.refresh()  # after a lock the tab stays empty instead of reading a closed vault
    assert tab.model.rows() == []


def test_disabled_referral_buttons_say_why(qtbot, vault, staff, case):
    client_id, org_id = case
    with vault.session() as session:
        referral_id = make_referral(session, staff.caseworker, client_id, org_id)
        referral_service.withdraw_referral(session, actor=staff.caseworker, referral_id=referral_id)
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    tab.table.clearSelection()
    for button in (tab.edit_button, tab.letter_button, tab.accept_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Choose a referral in the list first."
        assert button.accessibleDescription() == button.toolTip()
    tab.select_reference(referral_id)
    assert tab.edit_button.isEnabled()
    assert tab.edit_button.toolTip() == ""
    assert not tab.letter_button.isEnabled()
    assert tab.letter_button.toolTip() == (
        "A letter is for a draft, sent or accepted referral; this one is withdrawn."
    )
    assert not tab.accept_button.isEnabled()
    assert tab.accept_button.toolTip() == "A referral that is withdrawn cannot become accepted."


def test_the_tab_reads_in_the_background_and_holds_its_actions(qtbot, vault, staff, case):
    client_id, org_id = case
    with vault.session() as session:
        make_referral(session, staff.caseworker, client_id, org_id)
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.load.notice.isVisible()
    assert not tab.new_button.isEnabled()
    tab.table.selectRow(0)  # nothing listed yet: every action waits
    assert not tab.edit_button.isEnabled()
    assert not tab.send_button.isEnabled()
    with qtbot.waitSignal(tab.loaded):
        pass
    assert not tab.load.notice.isVisible()
    assert tab.new_button.isEnabled()
    assert tab.model.rowCount() == 1
    tab.table.selectRow(0)
    assert tab.edit_button.isEnabled()
    assert tab.send_button.isEnabled()


def test_an_answer_refused_after_a_colleagues_shows_the_saved_answer(qtbot, vault, staff, case):
    """The tab was read while the referral was sent; a supervisor then declined it. The
    caseworker's "Accepted" is refused with its reason, and the list shows the saved answer."""
    client_id, org_id = case
    with vault.session() as session:
        referral_id = make_referral(session, staff.caseworker, client_id, org_id)
        referral_service.send_referral(session, actor=staff.caseworker, referral_id=referral_id)
    tab = ReferralsTab(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    tab.select_reference(referral_id)
    assert tab.model.rows()[0].status == "sent"
    with vault.session() as session:
        referral_service.decline_referral(
            session, actor=staff.supervisor, referral_id=referral_id, reason="no_capacity"
        )
    qtbot.mouseClick(tab.accept_button, Qt.MouseButton.LeftButton)
    assert tab.error.text()  # why it was refused stays on screen
    assert [row.status for row in tab.model.rows()] == ["declined"]
    with vault.session() as session:
        saved = referral_service.get_referral(
            session, actor=staff.caseworker, referral_id=referral_id
        )
    assert saved.status == "declined"
