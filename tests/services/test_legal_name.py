"""Chosen name first: the legal name is asked only after consent, kept only in the profile, and a
role without legal-name access never receives it from any service."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from safehaven.models.intake import IntakeAnswer
from safehaven.services.cases import clients, notes
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.consent import consent
from safehaven.services.errors import ConsentMissing, PermissionDenied, ValidationFailed
from safehaven.services.intake import intake
from tests.services.helpers_intake import new_client

LEGAL = "Maria Guadalupe Zetina"
DOB = dt.date(1999, 5, 17)


def call(db, fn, **kw):
    with db.session(kw["actor"]) as s:
        return fn(s, **kw)


def test_legal_name_needs_consent_then_is_kept_only_in_the_profile(db, staff) -> None:
    client_id = new_client(db, staff.intake, "Lupe")
    row = call(db, intake.start_or_resume_intake, actor=staff.caseworker, client_id=client_id)
    assert "b_legal_name" in row.locked_questions
    with pytest.raises(ConsentMissing) as info:
        call(
            db,
            intake.answer_question,
            actor=staff.caseworker,
            intake_id=row.id,
            question_key="b_legal_name",
            value=LEGAL,
        )
    assert info.value.purpose == "legal_name"
    assert info.value.reason == "none"
    # skipping or declining needs no consent
    call(
        db,
        intake.answer_question,
        actor=staff.caseworker,
        intake_id=row.id,
        question_key="b_legal_name",
        state="prefers_not",
    )
    call(
        db,
        consent.record_consent,
        actor=staff.caseworker,
        client_id=client_id,
        purpose="legal_name",
        granted=True,
        method="verbal",
    )
    row = call(
        db,
        intake.answer_question,
        actor=staff.caseworker,
        intake_id=row.id,
        question_key="b_legal_name",
        value=LEGAL,
    )
    assert row.answers["b_legal_name"].value == LEGAL
    assert "b_legal_name" not in row.locked_questions
    with db.session(staff.supervisor) as s:
        stored = s.execute(select(IntakeAnswer.value_json)).scalars().all()
    assert all(LEGAL not in (v or "") for v in stored)  # not duplicated in the answers table
    profile = call(db, clients.get_client, actor=staff.caseworker, client_id=client_id)
    assert profile.legal_name == LEGAL
    assert profile.chosen_name == "Lupe"


def test_intake_staff_cannot_ask_the_legal_name(db, staff) -> None:
    client_id = new_client(db, staff.intake)
    call(
        db,
        consent.record_consent,
        actor=staff.intake,
        client_id=client_id,
        purpose="legal_name",
        granted=True,
        method="written",
    )
    row = call(db, intake.start_or_resume_intake, actor=staff.intake, client_id=client_id)
    assert {"b_legal_name", "b_date_of_birth"} <= set(row.hidden_questions)
    for key, value in (("b_legal_name", LEGAL), ("b_date_of_birth", DOB)):
        with pytest.raises(PermissionDenied):
            call(
                db,
                intake.answer_question,
                actor=staff.intake,
                intake_id=row.id,
                question_key=key,
                value=value,
            )
    with pytest.raises(ValidationFailed):
        call(
            db,
            clients.register_client,
            actor=staff.intake,
            draft=ClientDraft(chosen_name="X", legal_name=LEGAL),
        )


def test_no_service_returns_the_legal_name_to_a_role_without_access(db, staff) -> None:
    client_id = new_client(db, staff.intake, "Lupe")
    call(
        db,
        consent.record_consent,
        actor=staff.caseworker,
        client_id=client_id,
        purpose="legal_name",
        granted=True,
        method="written",
    )
    row = call(db, intake.start_or_resume_intake, actor=staff.caseworker, client_id=client_id)
    for key, value in (
        ("b_legal_name", LEGAL),
        ("b_date_of_birth", DOB),
        ("b_other_names", "Lupita"),
    ):
        call(
            db,
            intake.answer_question,
            actor=staff.caseworker,
            intake_id=row.id,
            question_key=key,
            value=value,
        )
    call(
        db,
        notes.add_note,
        actor=staff.caseworker,
        client_id=client_id,
        dated=dt.date(2026, 1, 2),
        text="met today",
    )

    a = staff.intake
    results = [
        call(db, clients.get_client, actor=a, client_id=client_id),
        call(
            db,
            clients.update_client,
            actor=a,
            client_id=client_id,
            draft=ClientDraft(chosen_name="Lupe", legal_name="Someone Else"),
        ),
        call(db, intake.start_or_resume_intake, actor=a, client_id=client_id),
        call(db, intake.get_intake, actor=a, intake_id=row.id),
        call(db, intake.skip_question, actor=a, intake_id=row.id, question_key="b_pronouns"),
        call(db, intake.answer_question, actor=a, intake_id=row.id, question_key="b_age", value=26),
        call(db, intake.go_to_section, actor=a, intake_id=row.id, section="B"),
        call(db, intake.skip_section, actor=a, intake_id=row.id, section="B"),
        call(db, intake.pause_intake, actor=a, intake_id=row.id),
        call(db, intake.resume_intake, actor=a, intake_id=row.id),
        call(db, consent.consent_state, actor=a, client_id=client_id),
        call(db, consent.consent_history, actor=a, client_id=client_id),
        call(db, intake.complete_intake, actor=a, intake_id=row.id),
    ]
    text = repr(results)
    assert LEGAL not in text
    assert "Someone Else" not in text
    assert DOB.isoformat() not in text
    assert repr(DOB) not in text
    assert all(not r.legal_visible for r in results[:2])
    with pytest.raises(PermissionDenied):
        call(db, notes.list_notes, actor=a, client_id=client_id)
    # the update by intake staff did not touch the restricted field
    profile = call(db, clients.get_client, actor=staff.caseworker, client_id=client_id)
    assert profile.legal_name == LEGAL
    assert profile.date_of_birth == DOB
    # a caseworker sees it in the intake too
    seen = call(db, intake.get_intake, actor=staff.supervisor, intake_id=row.id)
    assert seen.answers["b_legal_name"].value == LEGAL
    assert seen.answers["b_date_of_birth"].value == DOB.isoformat()
