"""What a screening looks like to the UI: frozen rows built inside the service's transaction.

A row carries answer codes, the domains the staff member noted and the outcome they chose. It never
carries a score: `recorded` and `total` say how far the conversation went (how many questions have a
recorded answer, skip or non-answer), whatever the answers were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.protocol import ProtocolRun
from safehaven.models.screening import (
    ScreeningAnswer,
    ScreeningSession,
    split_list,
    suggested_domains,
    suggested_exploitation,
)
from safehaven.services.intake.rows import AnswerRow
from safehaven.services.screening.bank import ScreeningBank
from safehaven.services.screening.protocols import ProtocolRunRow, run_rows


@dataclass(frozen=True)
class DomainStateRow:
    key: str
    state: str  # not_started | in_progress | done | skipped


@dataclass(frozen=True)
class ScreeningRow:
    id: int
    client_id: int
    form: str
    bank_version: int
    age_group: str  # adult | minor
    status: str  # setting | draft | paused | complete
    current_domain: str
    question_language: str
    setting_checks: tuple[str, ...]
    skipped_domains: tuple[str, ...]
    outcome: str | None
    domains_noted: tuple[str, ...]
    labour_noted: bool
    sexual_noted: bool
    suggested_domains: tuple[str, ...]
    suggested_exploitation: tuple[str, ...]
    disclosure: bool
    training_notice: str | None  # expired | missing | None
    started_at: dt.datetime
    started_by_id: int
    paused_at: dt.datetime | None
    completed_at: dt.datetime | None
    answers: Mapping[str, AnswerRow]
    domains: tuple[DomainStateRow, ...]
    recorded: int
    total: int
    protocols: tuple[ProtocolRunRow, ...]


@dataclass(frozen=True)
class ScreeningSummary:
    id: int
    form: str
    status: str
    outcome: str | None
    domains_noted: tuple[str, ...]
    started_at: dt.datetime
    completed_at: dt.datetime | None


def load_answers(session: Session, screening_id: int) -> dict[str, ScreeningAnswer]:
    rows = session.execute(
        select(ScreeningAnswer).where(ScreeningAnswer.session_id == screening_id)
    ).scalars()
    return {a.question_key: a for a in rows}


def disclosed(bank: ScreeningBank, answers: Mapping[str, ScreeningAnswer]) -> bool:
    return any(
        bank.questions[k].disclosure and a.code == "yes"
        for k, a in answers.items()
        if k in bank.questions
    )


def build_row(
    session: Session, screening: ScreeningSession, bank: ScreeningBank, age_group: str
) -> ScreeningRow:
    stored = load_answers(session, screening.id)
    answers = {
        k: AnswerRow(k, a.state, a.code, a.answered_at, a.answered_by_id) for k, a in stored.items()
    }
    codes = {k: a.code for k, a in stored.items()}
    skipped = split_list(screening.skipped_domains)
    domains = tuple(
        DomainStateRow(s.key, _domain_state(s.question_keys, answers, s.key in skipped))
        for s in bank.sections
    )
    run_ids = session.execute(
        select(ProtocolRun.id).where(ProtocolRun.screening_id == screening.id)
    ).scalars()
    return ScreeningRow(
        id=screening.id,
        client_id=screening.client_id,
        form=screening.form,
        bank_version=screening.bank_version,
        age_group=age_group,
        status=screening.status,
        current_domain=screening.current_domain,
        question_language=screening.question_language,
        setting_checks=split_list(screening.setting_checks),
        skipped_domains=skipped,
        outcome=screening.outcome,
        domains_noted=split_list(screening.domains_noted),
        labour_noted=screening.labour_noted,
        sexual_noted=screening.sexual_noted,
        suggested_domains=suggested_domains(
            codes, {k: q.domains for k, q in bank.questions.items()}
        ),
        suggested_exploitation=suggested_exploitation(
            codes, {k: q.exploitation for k, q in bank.questions.items()}
        ),
        disclosure=disclosed(bank, stored),
        training_notice=screening.training_notice,
        started_at=screening.started_at,
        started_by_id=screening.started_by_id,
        paused_at=screening.paused_at,
        completed_at=screening.completed_at,
        answers=answers,
        domains=domains,
        recorded=len(answers),
        total=len(bank.questions),
        protocols=tuple(run_rows(session, list(run_ids))),
    )


def summary(screening: ScreeningSession) -> ScreeningSummary:
    return ScreeningSummary(
        screening.id,
        screening.form,
        screening.status,
        screening.outcome,
        split_list(screening.domains_noted),
        screening.started_at,
        screening.completed_at,
    )


def _domain_state(keys: tuple[str, ...], answers: Mapping[str, AnswerRow], skipped: bool) -> str:
    if skipped:
        return "skipped"
    have = [k for k in keys if k in answers]
    if have and len(have) == len(keys):
        return "done"
    return "in_progress" if have else "not_started"
