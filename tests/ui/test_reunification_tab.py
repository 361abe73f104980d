"""The Reunification tab: wishes first, "Recommend" refused with its reasons, supervisor approval,
follow-ups, restricted family details."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from safehaven.models.reunification_rules import RED_FLAGS
from safehaven.services.cases import clients
from safehaven.services.reunification import family_contacts as fc
from safehaven.services.reunification import reunification as ru
from safehaven.services.reunification.records import FamilyContactDraft
from safehaven.ui.context import UiContext
from safehaven.ui.reunification.labels import red_flag_label
from safehaven.ui.reunification.reunification_tab import ReunificationTab
from safehaven.ui.tasks import TaskRunner
from safehaven.ui.widgets.form_inputs import CodeCombo, DateInput, NumberInput
from tests.ui.helpers import assert_text_absent

ANSWERS = {
    "wants_contact": "yes",
    "wishes_reunify": "yes",
    "survivor_knows_adult": "yes",
    "accounts_match": "yes",
    "identity_verified": "yes",
    "household_willing": "yes",
    "household_able": "yes",
    "home_visit_done": "yes",
    "home_visit_date": "2026-05-02",
    "risk_rating": "low",
    "risk_rationale": "Supportive household.",
}


@pytest.fixture
def case(vault, staff):
    with vault.session() as s:
        client = clients.register_client(
            s,
            actor=staff.caseworker,
            draft=clients.ClientDraft(chosen_name="Rosa", date_of_birth=dt.date(1990, 1, 1)),
        )
        contact = fc.add_family_contact(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=FamilyContactDraft(
                relationship="mother", name="Maria Secreta", phone="+52 55 0000"
            ),
        )
        ru.start_assessment(s, actor=staff.caseworker, family_contact_id=contact.id)
    return client.id


def _tab(qtbot, vault, actor, client_id) -> ReunificationTab:
    tab = ReunificationTab(UiContext(vault, actor, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.resize(1000, 800)
    tab.show()
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    return tab


def _fill(tab: ReunificationTab, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        widget = tab.form.inputs[name]
        if isinstance(widget, CodeCombo):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, DateInput | NumberInput | QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))


def _flags(tab: ReunificationTab, raised: dict[str, str]) -> None:
    for code in RED_FLAGS:
        combo = tab.form.flag_answers[code]
        combo.setCurrentIndex(combo.findData("yes" if code in raised else "no"))
        tab.form.flag_mitigations[code].setText(raised.get(code, ""))


def test_recommend_with_an_open_red_flag_is_refused_with_the_reason(qtbot, vault, staff, case):
    tab = _tab(qtbot, vault, staff.caseworker, case)
    assert not tab.form.sections["B"].isEnabled()  # wishes first
    _fill(tab, {"wants_contact": "yes", "wishes_reunify": "yes"})
    assert tab.form.sections["C"].isEnabled()
    _fill(tab, ANSWERS)
    _flags(tab, {"debts": ""})
    tab.recommendation.setCurrentIndex(tab.recommendation.findData("reunify"))
    qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    text = tab.reasons.text()
    assert "cannot be recommended" in text
    assert red_flag_label("debts") in text
    assert tab.assessments.row_at(0).status == "draft"
    # documenting the mitigation lets the recommendation through
    _flags(tab, {"debts": "Debt repaid by the programme; recruiter prosecuted."})
    assert "every safety check is answered" in tab.reasons.text().casefold()
    qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    assert tab.assessments.row_at(0).status == "submitted"
    assert not tab.approve_button.isVisible()  # caseworkers do not approve


def test_supervisor_approves_but_not_their_own(qtbot, vault, staff, case):
    tab = _tab(qtbot, vault, staff.caseworker, case)
    _fill(tab, ANSWERS)
    _flags(tab, {})
    qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    sup = _tab(qtbot, vault, staff.supervisor, case)
    assert sup.approve_button.isEnabled()
    sup.comments.setText("Agreed with conditions.")
    qtbot.mouseClick(sup.approve_button, Qt.MouseButton.LeftButton)
    assert sup.assessments.row_at(0).status == "approved"
    assert sup.follow_ups.record_button.isEnabled()


def test_refusal_closes_and_locks_the_form(qtbot, vault, staff, case):
    tab = _tab(qtbot, vault, staff.caseworker, case)
    _fill(tab, {"wants_contact": "yes", "wishes_reunify": "no"})
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.assessments.row_at(0).status == "closed_refused"
    assert not tab.form.sections["A"].isEnabled()
    assert not tab.recommend_button.isEnabled()
    assert "does not wish" in tab.reasons.text()


def test_models_pass_the_model_tester(qtmodeltester, qtbot, vault, staff, case):
    tab = _tab(qtbot, vault, staff.caseworker, case)
    qtmodeltester.check(tab.contacts)
    qtmodeltester.check(tab.assessments)
    qtmodeltester.check(tab.follow_ups.model)


def test_family_details_never_reach_roles_without_the_legal_name(qtbot, vault, staff, case):
    shown = _tab(qtbot, vault, staff.caseworker, case)
    assert "Maria Secreta" in shown.contacts.data(shown.contacts.index(0, 2))
    for actor in (staff.intake, staff.director):
        tab = _tab(qtbot, vault, actor, case)
        assert tab.contacts.rowCount() == 0
        assert_text_absent([tab], ["Maria Secreta", "+52 55 0000"])


def test_follow_up_with_a_concern_reopens_the_case(qtbot, vault, staff, case):
    from safehaven.services.reunification.records import FollowUpDraft, ReunificationDraft

    tab = _tab(qtbot, vault, staff.caseworker, case)
    _fill(tab, ANSWERS)
    _flags(tab, {})
    qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        ru.approve_assessment(s, actor=staff.supervisor, assessment_id=tab.assessments.row_at(0).id)
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.load.loading)
    panel = tab.follow_ups
    assert panel.record_button.isEnabled()
    assert not panel.visit_button.isEnabled()
    panel.record_reunification(ReunificationDraft(dt.date(2026, 6, 1)))
    assert panel.model.rowCount() == 5
    assert panel.model.row_at(0).due_date == dt.date(2026, 6, 15)
    with vault.session() as s:
        row = clients.get_client(s, actor=staff.caseworker, client_id=case)
        names = clients.ClientDraft.__dataclass_fields__
        closed = clients.ClientDraft(**{k: getattr(row, k) for k in names})
        closed = replace(closed, status="closed", closure_date=dt.date.today())
        clients.update_client(s, actor=staff.caseworker, client_id=case, draft=closed)
    with qtbot.waitSignal(panel.case_reopened):
        panel.record_visit(
            FollowUpDraft(visited_on=dt.date(2026, 6, 15), retrafficking_concern=True),
            panel.model.row_at(0).id,
        )
    assert "reopened" in panel.summary.text()
    assert panel.model.rowCount() == 5  # the scheduled visit was filled in, not a new one


def test_the_tab_reads_in_the_background_and_holds_its_actions_until_shown(
    qtbot, vault, staff, case
):
    tab = ReunificationTab(UiContext(vault, staff.caseworker, TaskRunner()), case)
    qtbot.addWidget(tab)
    tab.show()
    # nothing delivered yet: nothing on screen can be acted on
    assert tab.load.notice.isVisible()
    held = (tab.add_contact_button, tab.start_button, tab.save_button, tab.refuse_button)
    assert [b.isEnabled() for b in held] == [False] * len(held)
    qtbot.waitUntil(lambda: not tab.load.loading)
    assert not tab.load.notice.isVisible()
    assert tab.contacts.rowCount() == 1
    assert tab.assessments.rowCount() == 1
    assert [b.isEnabled() for b in held] == [True] * len(held)


def test_a_started_assessment_is_selected_once_it_is_read(qtbot, vault, staff, case):
    tab = _tab(qtbot, vault, staff.caseworker, case)
    first = tab.assessments.row_at(0)
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.load.loading)
    assert tab.assessments.rowCount() == 2
    selected = tab.assessment_table.selectionModel().selectedRows()
    assert [tab.assessments.row_at(i.row()).id for i in selected] == [tab._current.id]
    assert tab._current.id != first.id
    assert tab.save_button.isEnabled()


def test_a_recorded_reunification_shows_with_its_follow_ups_when_the_tab_opens(
    qtbot, vault, staff, case
):
    from safehaven.services.reunification import followup
    from safehaven.services.reunification.records import ReunificationDraft

    tab = _tab(qtbot, vault, staff.caseworker, case)
    _fill(tab, ANSWERS)
    _flags(tab, {})
    qtbot.mouseClick(tab.recommend_button, Qt.MouseButton.LeftButton)
    aid = tab.assessments.row_at(0).id
    with vault.session() as s:
        ru.approve_assessment(s, actor=staff.supervisor, assessment_id=aid)
        followup.record_reunification(
            s,
            actor=staff.caseworker,
            assessment_id=aid,
            draft=ReunificationDraft(dt.date(2026, 6, 1)),
        )
    again = _tab(qtbot, vault, staff.caseworker, case)
    panel = again.follow_ups
    assert "Reunified on" in panel.summary.text()
    assert panel.model.rowCount() == 5
    assert panel.visit_button.isEnabled()
    assert not panel.record_button.isEnabled()
