"""Intake service: answers saved at once, skips recorded as not asked, pause and resume exactly
where it stopped, structured client columns filled, audit without answer values."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from safehaven.models.audit import AuditEvent
from safehaven.models.client import Client
from safehaven.models.intake import IntakeAnswer
from safehaven.services.errors import PermissionDenied, ValidationFailed
from safehaven.services.intake import intake as svc
from safehaven.services.intake.question_bank import load_bank
from tests.services.helpers_intake import new_client


@pytest.fixture
def client_id(db, staff) -> int:
    return new_client(db, staff.intake, "Luz")


def start(db, actor, client_id, **kw):
    with db.session(actor) as s:
        return svc.start_or_resume_intake(s, actor=actor, client_id=client_id, **kw)


def call(db, fn, **kw):
    with db.session(kw["actor"]) as s:
        return fn(s, **kw)


def test_start_creates_one_session_at_the_first_question(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id, question_language="es")
    assert (row.status, row.current_section, row.current_question) == (
        "draft",
        "A",
        "a_intake_date",
    )
    assert row.question_language == "es"
    again = start(db, staff.intake, client_id)
    assert again.id == row.id
    assert again.question_language == "es"


def test_answers_fill_structured_columns(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    answers = [
        ("b_gender", "female", "answered"),
        ("b_citizenship", "prefers_not_to_answer", "answered"),
        ("e_trafficking_type", "labor", "answered"),
        ("b_country", "MX", "answered"),
        ("b_languages", ["es", "en"], "answered"),
        ("b_interpreter_needed", "yes", "answered"),
        ("b_age", 24, "answered"),
        ("b_pronouns", "she/her", "answered"),
        ("b_chosen_name", "Luzma", "answered"),
    ]
    for key, value, state in answers:
        row = call(
            db,
            svc.answer_question,
            actor=staff.intake,
            intake_id=row.id,
            question_key=key,
            value=value,
            state=state,
        )
    assert row.answers["b_citizenship"].state == "prefers_not"
    assert row.answers["b_languages"].value == ["en", "es"]  # bank order
    with db.session(staff.supervisor) as s:
        c = s.get(Client, client_id)
        assert (c.gender, c.citizenship_category, c.trafficking_type) == (
            "female",
            "prefers_not_to_answer",
            "labor",
        )
        assert (c.country_of_origin, c.languages, c.interpreter_needed) == ("MX", "en,es", True)
        assert (c.estimated_age, c.age_is_estimated, c.pronouns) == (24, True, "she/her")
        assert c.chosen_name == "Luzma"


def test_answering_twice_updates_the_one_row(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    for value in ("walk_in", "hotline", "doesnt_know"):
        row = call(
            db,
            svc.answer_question,
            actor=staff.intake,
            intake_id=row.id,
            question_key="a_intake_type",
            value=value,
        )
    with db.session(staff.supervisor) as s:
        n = s.scalar(select(func.count()).select_from(IntakeAnswer))
    assert n == 1
    assert row.answers["a_intake_type"].state == "doesnt_know"
    assert row.answers["a_intake_type"].value is None


def test_bad_values_are_refused_and_nothing_is_saved(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    bad = [
        ("b_gender", "martian"),
        ("b_age", 300),
        ("b_age", "twenty"),
        ("a_intake_date", "31/02/2026"),
        ("b_languages", ["es", "doesnt_know"]),
    ]
    for key, value in bad:
        with pytest.raises(ValidationFailed) as info:
            call(
                db,
                svc.answer_question,
                actor=staff.intake,
                intake_id=row.id,
                question_key=key,
                value=value,
            )
        assert key in info.value.errors
    assert call(db, svc.get_intake, actor=staff.intake, intake_id=row.id).answers == {}


def test_skip_section_revisit_and_complete(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="e_trafficking_type",
        value="sex",
    )
    row = call(db, svc.skip_section, actor=staff.intake, intake_id=row.id, section="E")
    assert row.current_section == "F"
    assert "E" in row.skipped_sections
    assert "E" in row.revisit_sections
    states = {s.key: s.state for s in row.sections}
    assert states["E"] == "to_revisit"
    e_keys = load_bank().section("E").question_keys
    assert row.answers["e_trafficking_type"].state == "answered"  # kept
    assert all(row.answers[k].state == "not_asked" for k in e_keys if k != "e_trafficking_type")
    row = call(db, svc.go_to_section, actor=staff.intake, intake_id=row.id, section="E")
    assert row.current_section == "E"
    assert row.current_question == "e_labour_type"
    assert "E" not in row.skipped_sections + row.revisit_sections
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="e_labour_type",
        value=["construction"],
    )
    assert row.answers["e_labour_type"].state == "answered"
    row = call(db, svc.complete_intake, actor=staff.intake, intake_id=row.id)
    assert row.status == "complete"
    assert row.completed_at is not None
    assert set(row.answers) | set(row.hidden_questions) == set(load_bank().questions)


def test_pause_and_resume_exactly_where_it_stopped(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    row = call(db, svc.go_to_section, actor=staff.intake, intake_id=row.id, section="D")
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="d_safe_now",
        value="yes",
    )
    row = call(db, svc.pause_intake, actor=staff.intake, intake_id=row.id)
    assert row.status == "paused"
    assert row.paused_at is not None
    resumed = start(db, staff.intake, client_id)
    assert resumed.status == "draft"
    assert (resumed.current_section, resumed.current_question) == ("D", "d_safe_tonight")
    assert resumed.answers["d_safe_now"].value == "yes"


def test_audit_never_carries_answer_values(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    secret = "my code word is pineapple"
    call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="d_code_word",
        value=secret,
    )
    call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="b_gender",
        value="female",
    )
    with db.session(staff.supervisor) as s:
        events = list(s.execute(select(AuditEvent)).scalars())
    text = " ".join(f"{e.action} {e.details}" for e in events)
    assert "pineapple" not in text
    assert "female" not in text
    saved = [json.loads(e.details) for e in events if e.action == "intake_answer_saved"]
    assert {d["question"] for d in saved} == {"d_code_word", "b_gender"}
    assert saved[1]["fields"] == ["gender"]


def test_roles_without_intake_permission_are_refused(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    for actor in (staff.director, staff.admin):
        with pytest.raises(PermissionDenied):
            start(db, actor, client_id)
        with pytest.raises(PermissionDenied):
            call(db, svc.get_intake, actor=actor, intake_id=row.id)


def test_restricted_own_account_is_hidden_from_intake_staff(db, staff, client_id) -> None:
    row = start(db, staff.caseworker, client_id)
    call(
        db,
        svc.answer_question,
        actor=staff.caseworker,
        intake_id=row.id,
        question_key="e_own_account",
        value="what happened",
    )
    seen = call(db, svc.get_intake, actor=staff.intake, intake_id=row.id)
    assert "e_own_account" in seen.hidden_questions
    assert seen.answers["e_own_account"].value is None
    assert seen.answers["e_own_account"].withheld
    with pytest.raises(PermissionDenied):
        call(
            db,
            svc.answer_question,
            actor=staff.intake,
            intake_id=row.id,
            question_key="e_own_account",
            value="x",
        )


def test_dates_are_stored_as_iso_text(db, staff, client_id) -> None:
    row = start(db, staff.intake, client_id)
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="a_intake_date",
        value=dt.date(2026, 3, 4),
    )
    assert row.answers["a_intake_date"].value == "2026-03-04"


def test_what_the_profile_already_holds_is_shown_not_asked_again(db, staff) -> None:
    client_id = new_client(db, staff.intake, "Luz", gender="female", languages="es,en")
    row = start(db, staff.intake, client_id)
    assert row.known["b_chosen_name"] == "Luz"
    assert row.known["b_gender"] == "female"
    assert row.known["b_languages"] == ["es", "en"]
    assert "b_legal_name" not in row.known
    assert "b_age" not in row.known
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        intake_id=row.id,
        question_key="b_gender",
        value="non_binary",
    )
    assert "b_gender" not in row.known  # answered now
