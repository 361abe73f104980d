"""Screening sessions: setting checks first, answers kept through pause and resume, a skipped
domain, an outcome the staff member chooses, and the protocols it starts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.screening import ScreeningAnswer
from safehaven.models.task import Task
from safehaven.services.cases.case_view import case_history
from safehaven.services.errors import InvalidTransition, PermissionDenied, ValidationFailed
from safehaven.services.screening import sessions as svc
from safehaven.services.screening.bank import load_screening_bank
from tests.services.screening.helpers import call, new_client, started


@pytest.fixture
def client_id(vault, staff) -> int:
    return new_client(vault, staff.intake)


def test_questions_open_only_after_every_setting_check(vault, staff, client_id) -> None:
    row = call(vault, svc.start_screening, actor=staff.intake, client_id=client_id, form="short")
    assert row.status == "setting"
    with pytest.raises(InvalidTransition):
        call(vault, svc.answer_question, actor=staff.intake, screening_id=row.id,
             question_key="s_unpaid", code="yes")  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        call(vault, svc.confirm_setting, actor=staff.intake, screening_id=row.id,
             checks=["private_room", "agreed_to_talk"])  # fmt: skip
    assert caught.value.errors == {"setting": "required"}
    again = call(vault, svc.get_screening, actor=staff.intake, screening_id=row.id)
    assert again.status == "setting"
    assert again.setting_checks == ()


def test_pause_resume_and_a_skipped_domain_lose_nothing(vault, staff, client_id) -> None:
    row = started(vault, staff.intake, client_id)
    for key, code in (("s_false_promise", "yes"), ("s_lied_conditions", "prefers_not_to_answer")):
        row = call(vault, svc.answer_question, actor=staff.intake, screening_id=row.id,
                   question_key=key, code=code)  # fmt: skip
    row = call(vault, svc.skip_domain, actor=staff.intake, screening_id=row.id, domain="movement")
    assert row.current_domain == "violence"
    row = call(vault, svc.pause_screening, actor=staff.intake, screening_id=row.id)
    assert row.status == "paused"
    found = call(vault, svc.find_screening, actor=staff.intake, client_id=client_id)
    assert found is not None
    assert found.status == "paused"
    row = call(vault, svc.resume_screening, actor=staff.intake, screening_id=row.id)
    assert (row.status, row.current_domain) == ("draft", "violence")
    assert row.answers["s_false_promise"].value == "yes"
    assert row.answers["s_lied_conditions"].state == "prefers_not"
    assert {row.answers[k].state for k in ("s_documents_held", "s_isolated")} == {"not_asked"}
    states = {d.key: d.state for d in row.domains}
    assert states["movement"] == "skipped"
    assert states["recruitment"] == "in_progress"
    row = call(vault, svc.go_to_domain, actor=staff.intake, screening_id=row.id, domain="movement")
    assert "movement" not in row.skipped_domains
    with vault.session() as s, s.begin():
        keys = s.execute(select(ScreeningAnswer.question_key)).scalars().all()
    assert len(keys) == len(set(keys)) == 5


def test_outcome_is_chosen_and_indicators_start_the_protocols(vault, staff, client_id) -> None:
    row = started(vault, staff.caseworker, new_client(vault, staff.caseworker))
    row = call(vault, svc.answer_question, actor=staff.caseworker, screening_id=row.id,
               question_key="s_unpaid", code="yes")  # fmt: skip
    assert row.suggested_domains == ("work",)
    assert row.suggested_exploitation == ("labour",)
    assert row.outcome is None  # nothing decided from the answers
    before = dt.datetime.now(dt.UTC)
    row = call(vault, svc.finish_screening, actor=staff.caseworker, screening_id=row.id,
               outcome="offer_assessment", domains=["work"], labour=True)  # fmt: skip
    assert row.status == "complete"
    assert row.domains_noted == ("work",)
    assert row.labour_noted
    assert {p.protocol_key for p in row.protocols} == {"adult_indicators", "labour_indicators"}
    adult = next(p for p in row.protocols if p.protocol_key == "adult_indicators")
    offer = next(s for s in adult.steps if s.key == "offer_assessment")
    assert offer.due_at is not None
    assert dt.timedelta(hours=72) <= offer.due_at - before < dt.timedelta(hours=72, minutes=5)
    with vault.session() as s, s.begin():
        task = s.get(Task, offer.task_id)
        assert task.kind == "protocol_step"
        assert task.due_date == offer.due_at.date()
    legal = next(s for s in adult.steps if s.key == "legal_referral")
    assert legal.action == "referral"
    assert legal.category == "legal"
    assert legal.task_id is None


def test_an_outcome_without_indicators_cannot_carry_noted_domains(vault, staff, client_id) -> None:
    row = started(vault, staff.intake, client_id)
    with pytest.raises(ValidationFailed):
        call(vault, svc.finish_screening, actor=staff.intake, screening_id=row.id,
             outcome="no_indicators", domains=["work"])  # fmt: skip
    with pytest.raises(ValidationFailed):
        call(vault, svc.finish_screening, actor=staff.intake, screening_id=row.id,
             outcome="victim")  # fmt: skip
    row = call(vault, svc.finish_screening, actor=staff.intake, screening_id=row.id,
               outcome="no_indicators")  # fmt: skip
    assert row.protocols == ()
    assert row.status == "complete"


def test_stop_at_any_moment_even_in_the_setting_checks(vault, staff, client_id) -> None:
    row = call(vault, svc.start_screening, actor=staff.intake, client_id=client_id, form="short")
    row = call(vault, svc.stop_screening, actor=staff.intake, screening_id=row.id)
    assert (row.status, row.outcome, row.protocols) == ("complete", "stopped", ())
    assert {a.state for a in row.answers.values()} == {"not_asked"}
    assert call(vault, svc.find_screening, actor=staff.intake, client_id=client_id) is None


def test_audit_shows_on_history_without_answer_values(vault, staff, client_id) -> None:
    row = started(vault, staff.intake, client_id)
    row = call(vault, svc.answer_question, actor=staff.intake, screening_id=row.id,
               question_key="s_hurt_threatened", code="yes")  # fmt: skip
    call(vault, svc.finish_screening, actor=staff.intake, screening_id=row.id,
         outcome="immediate_safety", domains=["violence"])  # fmt: skip
    history = call(vault, case_history, actor=staff.supervisor, client_id=client_id)
    actions = [h.action for h in history]
    for action in ("screening_started", "screening_setting_confirmed", "screening_answer_saved",
                   "screening_completed", "protocol_started"):  # fmt: skip
        assert action in actions
    with vault.session() as s, s.begin():
        saved = s.execute(
            select(AuditEvent.details).where(AuditEvent.action == "screening_answer_saved")
        ).scalar_one()
    assert json.loads(saved) == {"question": "s_hurt_threatened", "state": "answered"}


def test_roles_without_screening_cannot_start_one(vault, staff, client_id) -> None:
    with pytest.raises(PermissionDenied):
        call(vault, svc.start_screening, actor=staff.director, client_id=client_id, form="short")
    other = new_client(vault, staff.caseworker2)  # intake staff open only the cases they registered
    with pytest.raises(PermissionDenied):
        call(vault, svc.start_screening, actor=staff.intake, client_id=other, form="short")


def test_a_minor_is_offered_only_the_under_18_set(vault, staff) -> None:
    minor = new_client(vault, staff.intake, estimated_age=15)
    assert call(vault, svc.forms_for, actor=staff.intake, client_id=minor) == ("minor",)
    with pytest.raises(ValidationFailed):
        call(vault, svc.start_screening, actor=staff.intake, client_id=minor, form="short")
    assert load_screening_bank("minor").age_group == "minor"
