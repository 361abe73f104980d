"""The Consent and Notes tabs driven like a user."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QRadioButton

from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.cases.notes import list_notes
from safehaven.services.consent.consent import consent_allows, consent_decision, record_consent
from safehaven.ui.cases.notes_tab import NotesTab
from safehaven.ui.consent.consent_tab import ConsentTab
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner


@pytest.fixture
def client_id(vault, staff) -> int:
    with vault.session() as s:
        return register_client(s, actor=staff.intake, draft=ClientDraft(chosen_name="Ana")).id


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    return widget


def settled(qtbot, tab) -> None:
    """The tab's read and its form's (on the read pool) are shown."""
    form = getattr(tab, "form", None)
    qtbot.waitUntil(lambda: not tab.load.loading and not (form and form.load.loading))


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    if isinstance(button, QRadioButton | QCheckBox):  # on the indicator, as a user would
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def state_of(tab: ConsentTab, purpose_label: str) -> str:
    model = tab.state_model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == purpose_label:
            return model.index(row, 2).data()
    return ""


def test_record_refuse_and_withdraw(qtbot, qtmodeltester, vault, staff, client_id):
    tab = show(qtbot, ConsentTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id))
    settled(qtbot, tab)
    assert state_of(tab, "Anonymous statistics") == "Not asked yet"
    # grant statistics, valid for a year
    tab.form.purpose_combo.setCurrentIndex(tab.form.purpose_combo.findData("statistics"))
    assert tab.form.granted_radio.isChecked()
    assert tab.form.written_radio.isChecked()
    click(qtbot, tab.form.record_button)
    settled(qtbot, tab)
    assert state_of(tab, "Anonymous statistics") == "Granted"
    # refuse family contact, verbally
    tab.form.purpose_combo.setCurrentIndex(tab.form.purpose_combo.findData("family_contact"))
    click(qtbot, tab.form.refused_radio)
    click(qtbot, tab.form.verbal_radio)
    assert not tab.form.expires_edit.isEnabled()
    click(qtbot, tab.form.record_button)
    settled(qtbot, tab)
    assert state_of(tab, "Family contact") == "Refused"
    assert state_of(tab, "Anonymous statistics") == "Granted"  # untouched
    with vault.session() as s:
        assert consent_allows(s, client_id, "statistics", at=now())
        assert consent_decision(s, client_id, "family_contact", at=now()).reason == "refused"
    # a referral consent for a service type
    tab.form.purpose_combo.setCurrentIndex(tab.form.purpose_combo.findData("referral_service"))
    assert tab.form.service_combo.isVisible()
    tab.form.service_combo.setCurrentIndex(tab.form.service_combo.findData("legal"))
    click(qtbot, tab.form.granted_radio)
    tab.form.expires_edit.setDate(QDate.currentDate().addDays(10))
    click(qtbot, tab.form.record_button)
    settled(qtbot, tab)
    with vault.session() as s:
        assert consent_allows(s, client_id, "referral_service", service_type="legal", at=now())
        later = now() + dt.timedelta(days=12)
        assert not consent_allows(s, client_id, "referral_service", service_type="legal", at=later)
    qtmodeltester.check(tab.state_model)
    qtmodeltester.check(tab.history_model)
    assert tab.history_model.rowCount() == 3

    # withdraw the statistics consent: one click on the selected history row
    statistics_row = next(
        r for r in range(3) if tab.history_model.index(r, 1).data() == "Anonymous statistics"
    )
    tab.history_view.selectRow(statistics_row)
    assert tab.withdraw_button.isEnabled()
    click(qtbot, tab.withdraw_button)
    settled(qtbot, tab)
    assert state_of(tab, "Anonymous statistics") == "Withdrawn"
    withdrawn = tab.history_model.index(statistics_row, 7).data()
    assert "Caseworker" in withdrawn
    assert str(dt.date.today().year) in withdrawn
    with vault.session() as s:
        assert not consent_allows(s, client_id, "statistics", at=now())
    # a refusal cannot be withdrawn
    refused = next(r for r in range(3) if tab.history_model.index(r, 3).data() == "Refused")
    tab.history_view.selectRow(refused)
    assert not tab.withdraw_button.isEnabled()


def test_consent_tab_is_refused_to_roles_without_access(qtbot, vault, staff, client_id):
    tab = show(qtbot, ConsentTab(UiContext(vault, staff.director, TaskRunner()), client_id))
    qtbot.waitUntil(lambda: bool(tab.message.text()))
    assert tab.state_model.rowCount() == 0


def test_notes_tab_adds_and_shows_notes(qtbot, qtmodeltester, vault, staff, client_id):
    tab = show(qtbot, NotesTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id))
    # typed while the notes are read on the read pool: kept, and Add waits for the list
    tab.editor.setFocus()
    qtbot.keyClicks(tab.editor, "Met at the clinic.")
    assert tab.load.loading
    assert tab.load.notice.isVisible()
    assert not tab.add_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.load.loading)
    assert tab.add_button.isEnabled()
    assert not tab.load.notice.isVisible()
    tab.editor.clear()
    assert not tab.add_button.isEnabled()
    assert tab.reason.text()
    tab.date_edit.setDate(QDate(2026, 3, 2))
    qtbot.keyClicks(tab.editor, "Met at the clinic. Next: legal aid.")
    assert tab.add_button.isEnabled()
    click(qtbot, tab.add_button)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.editor.toPlainText() == ""
    assert tab.model.index(0, 0).data() == "2026-03-02"
    tab.view.selectRow(0)
    assert "legal aid" in tab.reader.toPlainText()
    qtmodeltester.check(tab.model)
    with vault.session() as s:
        assert len(list_notes(s, actor=staff.supervisor, client_id=client_id)) == 1


def test_notes_tab_shows_nothing_to_intake_staff(qtbot, vault, staff, client_id):
    tab = show(qtbot, NotesTab(UiContext(vault, staff.intake, TaskRunner()), client_id))
    qtbot.waitUntil(lambda: bool(tab.message.text()))
    assert tab.model.rowCount() == 0
    assert not tab.add_button.isEnabled()


def test_referral_consent_records_the_fields_that_may_be_shared(qtbot, vault, staff, client_id):
    tab = show(qtbot, ConsentTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id))
    settled(qtbot, tab)
    assert not tab.form.fields_box.isVisible()
    tab.form.purpose_combo.setCurrentIndex(tab.form.purpose_combo.findData("referral_service"))
    assert tab.form.fields_box.isVisible()
    tab.form.service_combo.setCurrentIndex(tab.form.service_combo.findData("health"))
    click(qtbot, tab.form.field_checks["pronouns"])  # the survivor does not want pronouns shared
    click(qtbot, tab.form.field_checks["phone"])
    click(qtbot, tab.form.record_button)
    settled(qtbot, tab)
    row = tab.history_model.payload(0)
    assert set(row.shareable_fields) == {
        "chosen_name",
        "languages",
        "interpreter_needed",
        "case_number",
        "phone",
    }
    assert "Phone" in tab.history_model.index(0, 9).data()


def test_consent_tab_reads_in_the_background_and_holds_its_actions(qtbot, vault, staff, client_id):
    with vault.session() as s:
        record_consent(
            s,
            actor=staff.caseworker,
            client_id=client_id,
            purpose="statistics",
            granted=True,
            method="verbal",
        )
    tab = show(qtbot, ConsentTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id))
    assert tab.load.notice.isVisible()
    assert not tab.form.record_button.isEnabled()
    tab.history_view.selectRow(0)  # nothing to select yet; Withdraw stays held
    assert not tab.withdraw_button.isEnabled()
    settled(qtbot, tab)
    assert not tab.load.notice.isVisible()
    assert tab.form.record_button.isEnabled()
    assert state_of(tab, "Anonymous statistics") == "Granted"
    tab.history_view.selectRow(0)
    assert tab.withdraw_button.isEnabled()


def spanish_speaker(vault, staff) -> int:
    with vault.session() as s:
        draft = ClientDraft(chosen_name="Lucía", preferred_language="es")
        return register_client(s, actor=staff.intake, draft=draft).id


def test_the_explanation_turns_to_the_survivors_language_once_read(qtbot, vault, staff):
    tab = ConsentTab(
        UiContext(vault, staff.caseworker, TaskRunner()), spanish_speaker(vault, staff)
    )
    qtbot.addWidget(tab)
    tab.show()
    form = tab.form
    assert form.load.loading  # read on the read pool: recording waits for it
    assert not form.record_button.isEnabled()
    assert form.explanation.survivor_language() == "en"  # the staff's language meanwhile
    settled(qtbot, tab)
    assert form.record_button.isEnabled()
    assert form.explanation.survivor_language() == "es"
    assert form.explanation.survivor_text.isVisible()


def test_a_language_picked_before_the_suggestion_arrives_is_kept(qtbot, vault, staff):
    tab = ConsentTab(
        UiContext(vault, staff.caseworker, TaskRunner()), spanish_speaker(vault, staff)
    )
    qtbot.addWidget(tab)
    tab.show()
    combo = tab.form.explanation.language_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last language, chosen from the keyboard
    picked = combo.currentData()
    assert picked not in ("en", "es")
    settled(qtbot, tab)
    assert tab.form.explanation.survivor_language() == picked


def test_a_record_consent_dialog_closed_before_its_read_returns_is_quiet(qtbot, vault, staff):
    from safehaven.ui.consent.record_form import RecordConsentDialog

    ctx = UiContext(vault, staff.caseworker, TaskRunner())
    dialog = RecordConsentDialog(ctx, spanish_speaker(vault, staff), organization_id=None)
    dialog.show()
    assert dialog.form.load.loading
    dialog.close()
    dialog.deleteLater()
    assert ctx.runner.wait_all(10_000)
    qtbot.wait(20)  # the answer is delivered to no one; an error here fails the test
