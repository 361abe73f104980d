"""Read DTOs of an intake session, built for one actor (restricted answers withheld)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.intake import IntakeAnswer, IntakeSession, section_state
from safehaven.models.permissions import Permission
from safehaven.services.actor import Actor
from safehaven.services.cases.restricted import read_client_field
from safehaven.services.consent.consent import consent_allows
from safehaven.services.intake.question_bank import Question, QuestionBank
from safehaven.services.intake.values import column_for_display, keeps_value, loads
from safehaven.storage.fields import RESTRICTED, Restricted


@dataclass(frozen=True)
class AnswerRow:
    question_key: str
    state: str  # answered | doesnt_know | prefers_not | not_asked
    value: Any  # None when not answered or withheld from this actor
    answered_at: dt.datetime
    answered_by_id: int
    withheld: bool = False


@dataclass(frozen=True)
class SectionStateRow:
    key: str
    state: str  # not_started | in_progress | done | skipped | to_revisit
    recorded: int  # questions of the section with an answer row (any state)
    total: int  # questions of the section this actor may see
    sensitive: bool


@dataclass(frozen=True)
class IntakeRow:
    id: int
    client_id: int
    bank_version: int
    status: str  # draft | paused | complete
    current_section: str
    current_question: str
    question_language: str
    skipped_sections: tuple[str, ...]
    revisit_sections: tuple[str, ...]
    started_at: dt.datetime
    started_by_id: int
    updated_at: dt.datetime
    paused_at: dt.datetime | None
    completed_at: dt.datetime | None
    answers: Mapping[str, AnswerRow]
    sections: tuple[SectionStateRow, ...]
    hidden_questions: tuple[str, ...]  # this actor's role may not see them
    locked_questions: tuple[str, ...]  # waiting for a consent (e.g. the legal name)
    known: Mapping[str, Any] = field(default_factory=dict)  # profile value, question unanswered

    @property
    def recorded(self) -> int:
        return sum(s.recorded for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


def may_see(actor: Actor, question: Question) -> bool:
    return question.permission is None or actor.can(Permission(question.permission))


def load_answers(session: Session, intake_id: int) -> dict[str, IntakeAnswer]:
    stmt = select(IntakeAnswer).where(IntakeAnswer.session_id == intake_id)
    return {a.question_key: a for a in session.execute(stmt).scalars()}


def build_row(
    session: Session, actor: Actor, intake: IntakeSession, bank: QuestionBank, client: Client
) -> IntakeRow:
    answers = load_answers(session, intake.id)
    hidden = tuple(k for k, q in bank.questions.items() if not may_see(actor, q))
    now = dt.datetime.now(dt.UTC)
    locked = tuple(
        k
        for k, q in bank.questions.items()
        if q.consent
        and k not in hidden
        and not consent_allows(session, client.id, q.consent, at=now)
    )
    rows = {
        key: _answer_row(actor, bank.questions[key], answer, client)
        for key, answer in answers.items()
        if key in bank.questions
    }
    states = {k: a.state for k, a in answers.items()}
    sections = _section_rows(intake, bank, states, hidden)
    return IntakeRow(
        id=intake.id,
        client_id=intake.client_id,
        bank_version=intake.bank_version,
        status=intake.status,
        current_section=intake.current_section,
        current_question=intake.current_question,
        question_language=intake.question_language,
        skipped_sections=intake.skipped,
        revisit_sections=intake.to_revisit,
        started_at=intake.started_at,
        started_by_id=intake.started_by_id,
        updated_at=intake.updated_at,
        paused_at=intake.paused_at,
        completed_at=intake.completed_at,
        answers=rows,
        sections=sections,
        hidden_questions=hidden,
        locked_questions=locked,
        known=_known(bank, client, states, hidden),
    )


def _known(
    bank: QuestionBank, client: Client, states: dict[str, str], hidden: tuple[str, ...]
) -> dict[str, Any]:
    """What the profile already holds for questions not answered yet, so nobody asks again."""
    known: dict[str, Any] = {}
    for key, question in bank.questions.items():
        if question.maps_to is None or key in hidden or states.get(key, "not_asked") != "not_asked":
            continue
        value = _profile_value(client, question.maps_to)
        if value is None or value == "" or isinstance(value, Restricted):
            continue
        if question.type == "multiple" and isinstance(value, str):
            value = [v for v in value.split(",") if v]
        elif question.type == "yes_no" and isinstance(value, bool):
            value = "yes" if value else "no"
        known[key] = column_for_display(question.maps_to, value)
    return known


def _section_rows(
    intake: IntakeSession, bank: QuestionBank, states: dict[str, str], hidden: tuple[str, ...]
) -> tuple[SectionStateRow, ...]:
    rows = []
    for section in bank.sections:
        visible = [k for k in section.question_keys if k not in hidden]
        state = section_state(
            section.question_keys,
            states,
            skipped=section.key in intake.skipped,
            revisit=section.key in intake.to_revisit,
        )
        recorded = sum(1 for k in visible if k in states)
        rows.append(SectionStateRow(section.key, state, recorded, len(visible), section.sensitive))
    return tuple(rows)


def _answer_row(
    actor: Actor, question: Question, answer: IntakeAnswer, client: Client
) -> AnswerRow:
    withheld = not may_see(actor, question)
    value: Any = None
    if not withheld:
        if keeps_value(question):
            value = loads(answer.value_json)
        elif answer.state == "answered" and question.maps_to is not None:
            value = _profile_value(client, question.maps_to)
            value = None if isinstance(value, Restricted) else value
            value = column_for_display(question.maps_to, value)
    return AnswerRow(
        question_key=answer.question_key,
        state=answer.state,
        value=value,
        answered_at=answer.answered_at,
        answered_by_id=answer.answered_by_id,
        withheld=withheld,
    )


def _profile_value(client: Client, column: str) -> Any:
    """A profile column as this session reads it (restricted ones through the field codec)."""
    session = Session.object_session(client)
    if session is None:
        return RESTRICTED
    return read_client_field(session, client, column)
