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
def client_id(db, staff) -> int:
    return new_client(db, staff.intake)


def test_questions_open_only_after_every_setting_check(db, staff, client_id) -> None:
    row = call(db, svc.start_screening, actor=staff.intake, client_id=client_id, form="short")
    assert row.status == "setting"
    with pytest.raises(InvalidTransition):
        call(
            db,
            svc.answer_question,
            actor=staff.intake,
            screening_id=row.id,
            question_key="s_unpaid",
            code="yes",
        )
    with pytest.raises(ValidationFailed) as caught:
        call(
            db,
            svc.confirm_setting,
            actor=staff.intake,
            screening_id=row.id,
            checks=["private_room", "agreed_to_talk"],
        )
    assert caught.value.errors == {"setting": "required"}
    again = call(db, svc.get_screening, actor=staff.intake, screening_id=row.id)
    assert again.status == "setting"
    assert again.setting_checks == ()


def test_pause_resume_and_a_skipped_domain_lose_nothing(db, staff, client_id) -> None:
    row = started(db, staff.intake, client_id)
    for key, code in (("s_false_promise", "yes"), ("s_lied_conditions", "prefers_not_to_answer")):
        row = call(
            db,
            svc.answer_question,
            actor=staff.intake,
            screening_id=row.id,
            question_key=key,
            code=code,
        )
    row = call(db, svc.skip_domain, actor=staff.intake, screening_id=row.id, domain="movement")
    assert row.current_domain == "violence"
    row = call(db, svc.pause_screening, actor=staff.intake, screening_id=row.id)
    assert row.status == "paused"
    found = call(db, svc.find_screening, actor=staff.intake, client_id=client_id)
    assert found is not None
    assert found.status == "paused"
    row = call(db, svc.resume_screening, actor=staff.intake, screening_id=row.id)
    assert (row.status, row.current_domain) == ("draft", "violence")
    assert row.answers["s_false_promise"].value == "yes"
    assert row.answers["s_lied_conditions"].state == "prefers_not"
    assert {row.answers[k].state for k in ("s_documents_held", "s_isolated")} == {"not_asked"}
    states = {d.key: d.state for d in row.domains}
    assert states["movement"] == "skipped"
    assert states["recruitment"] == "in_progress"
    row = call(db, svc.go_to_domain, actor=staff.intake, screening_id=row.id, domain="movement")
    assert "movement" not in row.skipped_domains
    with db.session(staff.caseworker) as s, s.begin():
        keys = s.execute(select(ScreeningAnswer.question_key)).scalars().all()
    assert len(keys) == len(set(keys)) == 5


def test_outcome_is_chosen_and_indicators_start_the_protocols(db, staff, client_id) -> None:
    row = started(db, staff.caseworker, new_client(db, staff.caseworker))
    row = call(
        db,
        svc.answer_question,
        actor=staff.caseworker,
        screening_id=row.id,
        question_key="s_unpaid",
        code="yes",
    )
    assert row.suggested_domains == ("work",)
    assert row.suggested_exploitation == ("labour",)
    assert row.outcome is None  # nothing decided from the answers
    before = dt.datetime.now(dt.UTC)
    row = call(
        db,
        svc.finish_screening,
        actor=staff.caseworker,
        screening_id=row.id,
        outcome="offer_assessment",
        domains=["work"],
        labour=True,
    )
    assert row.status == "complete"
    assert row.domains_noted == ("work",)
    assert row.labour_noted
    assert {p.protocol_key for p in row.protocols} == {"adult_indicators", "labour_indicators"}
    adult = next(p for p in row.protocols if p.protocol_key == "adult_indicators")
    offer = next(s for s in adult.steps if s.key == "offer_assessment")
    assert offer.due_at is not None
    assert dt.timedelta(hours=72) <= offer.due_at - before < dt.timedelta(hours=72, minutes=5)
    with db.session(staff.supervisor) as s, s.begin():
        task = s.get(Task, offer.task_id)
        assert task.kind == "protocol_step"
        assert task.due_date == offer.due_at.date()
    legal = next(s for s in adult.steps if s.key == "legal_referral")
    assert legal.action == "referral"
    assert legal.category == "legal"
    assert legal.task_id is None


def test_an_outcome_without_indicators_cannot_carry_noted_domains(db, staff, client_id) -> None:
    row = started(db, staff.intake, client_id)
    with pytest.raises(ValidationFailed):
        call(
            db,
            svc.finish_screening,
            actor=staff.intake,
            screening_id=row.id,
            outcome="no_indicators",
            domains=["work"],
        )
    with pytest.raises(ValidationFailed):
        call(db, svc.finish_screening, actor=staff.intake, screening_id=row.id, outcome="victim")
    row = call(
        db,
        svc.finish_screening,
        actor=staff.intake,
        screening_id=row.id,
        outcome="no_indicators",
    )
    assert row.protocols == ()
    assert row.status == "complete"


def test_stop_at_any_moment_even_in_the_setting_checks(db, staff, client_id) -> None:
    row = call(db, svc.start_screening, actor=staff.intake, client_id=client_id, form="short")
    row = call(db, svc.stop_screening, actor=staff.intake, screening_id=row.id)
    assert (row.status, row.outcome, row.protocols) == ("complete", "stopped", ())
    assert {a.state for a in row.answers.values()} == {"not_asked"}
    assert call(db, svc.find_screening, actor=staff.intake, client_id=client_id) is None


def test_audit_shows_on_history_without_answer_values(db, staff, client_id) -> None:
    row = started(db, staff.intake, client_id)
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        screening_id=row.id,
        question_key="s_hurt_threatened",
        code="yes",
    )
    call(
        db,
        svc.finish_screening,
        actor=staff.intake,
        screening_id=row.id,
        outcome="immediate_safety",
        domains=["violence"],
    )
    history = call(db, case_history, actor=staff.supervisor, client_id=client_id)
    actions = [h.action for h in history]
    for action in (
        "screening_started",
        "screening_setting_confirmed",
        "screening_answer_saved",
        "screening_completed",
        "protocol_started",
    ):
        assert action in actions
    with db.session(staff.supervisor) as s, s.begin():
        saved = s.execute(
            select(AuditEvent.details).where(AuditEvent.action == "screening_answer_saved")
        ).scalar_one()
    assert json.loads(saved) == {"question": "s_hurt_threatened", "state": "answered"}


def test_roles_without_screening_cannot_start_one(db, staff, client_id) -> None:
    with pytest.raises(PermissionDenied):
        call(db, svc.start_screening, actor=staff.director, client_id=client_id, form="short")
    other = new_client(db, staff.caseworker2)  # intake staff open only the cases they registered
    with pytest.raises(db.out_of_scope):
        call(db, svc.start_screening, actor=staff.intake, client_id=other, form="short")


def test_a_minor_is_offered_only_the_under_18_set(db, staff) -> None:
    minor = new_client(db, staff.intake, estimated_age=15)
    assert call(db, svc.forms_for, actor=staff.intake, client_id=minor) == ("minor",)
    with pytest.raises(ValidationFailed):
        call(db, svc.start_screening, actor=staff.intake, client_id=minor, form="short")
    assert load_screening_bank("minor").age_group == "minor"
