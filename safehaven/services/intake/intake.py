"""The trauma-informed intake: start or resume, answer, skip, pause, revisit, complete.

Every call is one transaction, so an answer is on disk the moment the call returns (a closed
laptop or a crash loses nothing already given). Key answers are also written to the structured
client columns (the question's `maps_to`) so reports can count them. Audit events carry the
session id and question keys only, never answer values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.intake import (
    ANSWERED,
    COMPLETE,
    DRAFT,
    NOT_ASKED,
    PAUSED,
    IntakeAnswer,
    IntakeSession,
    first_open_question,
    join_list,
    next_position,
)
from safehaven.models.permissions import Permission
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.cases.restricted import (
    reads_restricted,
    refresh_age_as,
    write_client_field,
)
from safehaven.services.consent.consent import require_consent
from safehaven.services.errors import InvalidTransition, NotFound, PermissionDenied
from safehaven.services.intake.question_bank import Question, QuestionBank, load_bank
from safehaven.services.intake.rows import IntakeRow, build_row, load_answers, may_see
from safehaven.services.intake.values import column_value, dumps, keeps_value, normalize

__all__ = [
    "IntakeRow",
    "answer_question",
    "complete_intake",
    "find_intake",
    "get_intake",
    "go_to_section",
    "mark_for_revisit",
    "pause_intake",
    "resume_intake",
    "set_question_language",
    "skip_question",
    "skip_section",
    "start_or_resume_intake",
]


def start_or_resume_intake(
    session: Session, *, actor: Actor, client_id: int, question_language: str | None = None
) -> IntakeRow:
    """The client's intake (created on first use); a paused one is resumed where it stopped."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_INTAKE)
        intake = _latest(session, client_id)
        now = utcnow()
        if intake is None:
            bank = load_bank()
            first = bank.sections[0]
            intake = IntakeSession(
                client_id=client_id,
                bank_version=bank.version,
                status=DRAFT,
                current_section=first.key,
                current_question=first.question_keys[0],
                question_language=_language(bank, question_language),
                started_by_id=actor.user_id,
                updated_by_id=actor.user_id,
                started_at=now,
                updated_at=now,
            )
            session.add(intake)
            session.flush()
            _audit(session, actor, intake, "intake_started")
        else:
            bank = load_bank(intake.bank_version)
            if question_language is not None:
                intake.question_language = _language(bank, question_language)
            if intake.status == PAUSED:
                intake.move_to(DRAFT, now, actor.user_id)
                _audit(session, actor, intake, "intake_resumed")
        return build_row(session, actor, intake, bank, client)


def find_intake(session: Session, *, actor: Actor, client_id: int) -> IntakeRow | None:
    """The client's latest intake as it is (nothing resumed), or None if none was started."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_INTAKE)
        intake = _latest(session, client_id)
        if intake is None:
            return None
        return build_row(session, actor, intake, load_bank(intake.bank_version), client)


def get_intake(session: Session, *, actor: Actor, intake_id: int) -> IntakeRow:
    with _intake(session, actor, intake_id) as (intake, bank, client):
        return build_row(session, actor, intake, bank, client)


def answer_question(
    session: Session,
    *,
    actor: Actor,
    intake_id: int,
    question_key: str,
    value: Any = None,
    state: str = ANSWERED,
) -> IntakeRow:
    """Save one answer now (or a non-answer state) and move to the next question."""
    with _intake(session, actor, intake_id, writing=True) as (intake, bank, client):
        question = _question(bank, question_key)
        if not may_see(actor, question):
            raise PermissionDenied(str(question.permission), actor.user_id)
        state, value = normalize(question, value, state)
        if state == ANSWERED and question.consent:
            require_consent(session, client.id, question.consent, at=utcnow())
        answers = load_answers(session, intake.id)
        previous = answers.get(question_key)
        _store(session, actor, intake, question, state, value, previous)
        changed = _write_column(
            client,
            question,
            state,
            value,
            had=previous is not None,
            reads=reads_restricted(session, actor),
        )
        intake.current_section, intake.current_question = _next(bank, question_key)
        details: dict[str, Any] = {"question": question_key, "state": state}
        if changed:
            details["fields"] = changed
        _audit(session, actor, intake, "intake_answer_saved", details)
        return build_row(session, actor, intake, bank, client)


def skip_question(
    session: Session, *, actor: Actor, intake_id: int, question_key: str
) -> IntakeRow:
    """Move on without an answer: recorded as not asked (an earlier answer is kept)."""
    with _intake(session, actor, intake_id, writing=True) as (intake, bank, client):
        question = _question(bank, question_key)
        previous = load_answers(session, intake.id).get(question_key)
        if previous is None:
            _store(session, actor, intake, question, NOT_ASKED, None, None)
        intake.current_section, intake.current_question = _next(bank, question_key)
        _audit(session, actor, intake, "intake_question_skipped", {"question": question_key})
        return build_row(session, actor, intake, bank, client)


def skip_section(
    session: Session, *, actor: Actor, intake_id: int, section: str, revisit: bool = True
) -> IntakeRow:
    """Skip a whole section (its open questions are recorded as not asked), optionally marking it
    to revisit, and move to the next section."""
    with _intake(session, actor, intake_id, writing=True) as (intake, bank, client):
        keys = _section_keys(bank, section)
        answers = load_answers(session, intake.id)
        for key in keys:
            if key not in answers:
                _store(session, actor, intake, bank.questions[key], NOT_ASKED, None, None)
        intake.skipped_sections = join_list([*intake.skipped, section])
        if revisit:
            intake.revisit_sections = join_list([*intake.to_revisit, section])
        order = bank.section_keys()
        target = order[min(order.index(section) + 1, len(order) - 1)]
        _place(session, intake, bank, target)
        _audit(session, actor, intake, "intake_section_skipped", {"section": section})
        return build_row(session, actor, intake, bank, client)


def go_to_section(session: Session, *, actor: Actor, intake_id: int, section: str) -> IntakeRow:
    """Open a section (revisiting it clears its skipped and to-revisit marks). A complete intake
    is reopened as a draft."""
    with _intake(session, actor, intake_id, writing=True) as (intake, bank, client):
        _section_keys(bank, section)
        revisited = section in intake.skipped or section in intake.to_revisit
        intake.skipped_sections = join_list([s for s in intake.skipped if s != section])
        intake.revisit_sections = join_list([s for s in intake.to_revisit if s != section])
        _place(session, intake, bank, section)
        if revisited:
            _audit(session, actor, intake, "intake_section_revisited", {"section": section})
        return build_row(session, actor, intake, bank, client)


def mark_for_revisit(
    session: Session, *, actor: Actor, intake_id: int, section: str, revisit: bool = True
) -> IntakeRow:
    with _intake(session, actor, intake_id, writing=True) as (intake, bank, client):
        _section_keys(bank, section)
        others = [s for s in intake.to_revisit if s != section]
        intake.revisit_sections = join_list([*others, section] if revisit else others)
        return build_row(session, actor, intake, bank, client)


def pause_intake(session: Session, *, actor: Actor, intake_id: int) -> IntakeRow:
    """Pause (a draft); pausing a paused or complete intake changes nothing."""
    return _move(session, actor, intake_id, DRAFT, PAUSED, "intake_paused")


def resume_intake(session: Session, *, actor: Actor, intake_id: int) -> IntakeRow:
    return _move(session, actor, intake_id, PAUSED, DRAFT, "intake_resumed")


def _move(
    session: Session, actor: Actor, intake_id: int, source: str, target: str, action: str
) -> IntakeRow:
    """Move an intake from `source` to `target` (audited); in any other status nothing changes."""
    with _intake(session, actor, intake_id) as (intake, bank, client):
        if intake.status == source:
            intake.move_to(target, utcnow(), actor.user_id)
            _audit(session, actor, intake, action)
        return build_row(session, actor, intake, bank, client)


def complete_intake(session: Session, *, actor: Actor, intake_id: int) -> IntakeRow:
    """Finish: every question without an answer is recorded as not asked."""
    with _intake(session, actor, intake_id) as (intake, bank, client):
        if intake.status == COMPLETE:
            raise InvalidTransition("intake", COMPLETE, COMPLETE)
        answers = load_answers(session, intake.id)
        for key, question in bank.questions.items():
            if key not in answers:
                _store(session, actor, intake, question, NOT_ASKED, None, None)
        intake.move_to(COMPLETE, utcnow(), actor.user_id)
        _audit(session, actor, intake, "intake_completed")
        return build_row(session, actor, intake, bank, client)


def set_question_language(
    session: Session, *, actor: Actor, intake_id: int, language: str
) -> IntakeRow:
    with _intake(session, actor, intake_id) as (intake, bank, client):
        intake.question_language = _language(bank, language)
        return build_row(session, actor, intake, bank, client)


@contextmanager
def _intake(
    session: Session, actor: Actor, intake_id: int, *, writing: bool = False
) -> Iterator[tuple[IntakeSession, QuestionBank, Client]]:
    """Transaction + access check. A write resumes a paused intake and reopens a complete one
    (for example the legal name, asked later once consent is recorded)."""
    require(actor, Permission.RUN_INTAKE)  # before the read: an office refuses the table
    with session.begin():
        intake = session.get(IntakeSession, intake_id)
        if intake is None:
            raise NotFound("intake", intake_id)
        client = load_client(session, actor, intake.client_id, Permission.RUN_INTAKE)
        if writing and intake.status != DRAFT:
            reopened = intake.status == COMPLETE
            intake.move_to(DRAFT, utcnow(), actor.user_id)
            _audit(session, actor, intake, "intake_reopened" if reopened else "intake_resumed")
        yield intake, load_bank(intake.bank_version), client
        intake.updated_at, intake.updated_by_id = utcnow(), actor.user_id


def _store(
    session: Session,
    actor: Actor,
    intake: IntakeSession,
    question: Question,
    state: str,
    value: Any,
    previous: IntakeAnswer | None,
) -> None:
    kept = dumps(value) if keeps_value(question) else None
    if previous is None:
        previous = IntakeAnswer(session_id=intake.id, question_key=question.key)
        session.add(previous)
    previous.state, previous.value_json = state, kept
    previous.answered_at, previous.answered_by_id = utcnow(), actor.user_id
    session.flush()


def _write_column(
    client: Client, question: Question, state: str, value: Any, *, had: bool, reads: bool
) -> list[str]:
    """Copy the answer into the structured client column; returns the changed column names."""
    write, new = column_value(question, state, value)
    column = question.maps_to
    if not write or column is None or (state == NOT_ASKED and not had):
        return []
    changed = []
    session = Session.object_session(client)
    assert session is not None  # noqa: S101 - the client was loaded in this session
    if write_client_field(session, client, column, new):
        changed.append(column)
    if column == "estimated_age" and state == ANSWERED and not client.age_is_estimated:
        client.age_is_estimated = True
        changed.append("age_is_estimated")
    if changed:
        client.updated_at = utcnow()
        if column in ("date_of_birth", "estimated_age"):
            refresh_age_as(session, client, reads_restricted=reads)
    return changed


def _latest(session: Session, client_id: int) -> IntakeSession | None:
    stmt = (
        select(IntakeSession)
        .where(IntakeSession.client_id == client_id)
        .order_by(IntakeSession.id.desc())
        .limit(1)
    )
    return session.execute(stmt).scalar()


def _place(session: Session, intake: IntakeSession, bank: QuestionBank, section: str) -> None:
    states = {k: a.state for k, a in load_answers(session, intake.id).items()}
    intake.current_section = section
    intake.current_question = first_open_question(bank.section(section).question_keys, states)


def _next(bank: QuestionBank, question_key: str) -> tuple[str, str]:
    return next_position([(s.key, s.question_keys) for s in bank.sections], question_key)


def _question(bank: QuestionBank, key: str) -> Question:
    question = bank.questions.get(key)
    if question is None:
        raise NotFound("question", key)
    return question


def _section_keys(bank: QuestionBank, section: str) -> tuple[str, ...]:
    if section not in bank.section_keys():
        raise NotFound("section", section)
    return bank.section(section).question_keys


def _language(bank: QuestionBank, language: str | None) -> str:
    return language if language in bank.languages else bank.languages[0]


def _audit(
    session: Session,
    actor: Actor,
    intake: IntakeSession,
    action: str,
    details: dict[str, Any] | None = None,
) -> None:
    record_case_event(session, actor, action, "intake", intake.id, intake.client_id, details)
