"""Demo data for intake, consent and case notes, for a sample of clients only (a 100,000-client
demo stays fast): consents granted, refused, expired and withdrawn; intake sessions in every state
(complete, paused, in progress with a skipped section); a few dated notes. Bulk inserts only."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.demo.context import DemoContext, add_rows
from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.consent import Consent
from safehaven.models.intake import (
    ANSWERED,
    COMPLETE,
    DRAFT,
    NOT_ASKED,
    PAUSED,
    IntakeAnswer,
    IntakeSession,
)
from safehaven.models.note import Note
from safehaven.services.audit import record_event
from safehaven.services.intake.question_bank import Question, QuestionBank, load_bank

SAMPLE = (0.4, 1200)  # share of clients, cap
NOTE_SHARE = 0.3
NOTES = (
    "Accompanied to the clinic; follow-up in two weeks.",
    "Discussed the safety plan; no new concerns.",
    "Legal aid appointment confirmed.",
    "Interpreter booked for the next meeting.",
    "Asked to revisit the trafficking questions another day.",
    "Received clothing and hygiene items.",
    "Job training programme discussed; interested.",
)
CONSENT_PURPOSES = ("data_keeping", "statistics", "family_contact", "legal_name")
# answers given in a partial intake: (question key, answers to choose from)
PARTIAL_KEYS = ("a_intake_date", "a_intake_type", "a_interpreter_used", "b_pronouns", "d_safe_now")


def add_intake_consent_and_notes(session: Session, rng: random.Random, ctx: DemoContext) -> None:
    bank = load_bank()
    clients = _sample(session, rng, ctx)
    now = utcnow()
    staff = [ctx.users["intake"], ctx.users["caseworker"], ctx.users["supervisor"]]
    consents: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for client_id, intake_date in clients:
        start = dt.datetime.combine(intake_date, dt.time(10), dt.UTC)
        consents.extend(_consents(rng, client_id, start, now, staff))
        status = rng.choices((COMPLETE, PAUSED, DRAFT, None), (50, 20, 20, 10))[0]
        if status is not None:
            sessions.append(_session(rng, bank, client_id, start, status, staff))
        if rng.random() < NOTE_SHARE:
            notes.extend(_notes(rng, client_id, intake_date, ctx.today, staff[1:]))
    if consents:
        add_rows(session, Consent, consents)
    if sessions:
        add_rows(session, IntakeSession, [s["row"] for s in sessions])
        _answers(session, rng, bank, sessions)
    if notes:
        add_rows(session, Note, notes)
    record_event(
        session,
        actor_id=ctx.users["admin"],
        action="demo_intake_created",
        object_type="vault",
        details={"consents": len(consents), "intakes": len(sessions), "notes": len(notes)},
    )


def _sample(session: Session, rng: random.Random, ctx: DemoContext) -> list[tuple[int, dt.date]]:
    ids = ctx.client_ids
    share, cap = SAMPLE
    count = min(len(ids), cap, max(1, int(len(ids) * share))) if ids else 0
    chosen = sorted(rng.sample(ids, count))
    stmt = select(Client.id, Client.intake_date).where(Client.id.in_(chosen))
    return [(int(i), d) for i, d in session.execute(stmt)]


def _consents(
    rng: random.Random, client_id: int, start: dt.datetime, now: dt.datetime, staff: list[int]
) -> list[dict[str, Any]]:
    rows = []
    for purpose in CONSENT_PURPOSES:
        roll = rng.random()
        if roll < 0.15:
            continue  # never asked
        granted = roll >= 0.3 or purpose == "data_keeping"
        recorded = start + dt.timedelta(minutes=rng.randint(5, 90))
        expires = None
        if granted and rng.random() < 0.6:
            expires = recorded + dt.timedelta(days=rng.choice((90, 180, 365)))  # some expired
        withdrawn_at, withdrawn_by = None, None
        if granted and rng.random() < 0.1:
            withdrawn_at = min(now, recorded + dt.timedelta(days=rng.randint(1, 120)))
            withdrawn_by = rng.choice(staff[1:])
        rows.append(
            {
                "client_id": client_id,
                "purpose": purpose,
                "granted": granted,
                "method": rng.choice(("written", "written", "verbal")),
                "recorded_by_id": staff[0] if purpose != "legal_name" else staff[1],
                "recorded_at": recorded,
                "expires_at": expires,
                "withdrawn_at": withdrawn_at,
                "withdrawn_by_id": withdrawn_by,
            }
        )
    return rows


def _session(
    rng: random.Random,
    bank: QuestionBank,
    client_id: int,
    start: dt.datetime,
    status: str,
    staff: list[int],
) -> dict[str, Any]:
    sections = bank.section_keys()
    skipped = ["E"] if status != COMPLETE or rng.random() < 0.2 else []
    current = rng.choice(sections[:4]) if status != COMPLETE else sections[-1]
    by = staff[0]
    row = {
        "client_id": client_id,
        "bank_version": bank.version,
        "status": status,
        "current_section": current,
        "current_question": bank.section(current).question_keys[0],
        "question_language": rng.choice(("en", "en", "es")),
        "skipped_sections": ",".join(skipped),
        "revisit_sections": ",".join(skipped) if status != COMPLETE else "",
        "started_by_id": by,
        "updated_by_id": by,
        "completed_by_id": by if status == COMPLETE else None,
        "started_at": start,
        "updated_at": start + dt.timedelta(minutes=40),
        "paused_at": start + dt.timedelta(minutes=40) if status == PAUSED else None,
        "completed_at": start + dt.timedelta(minutes=50) if status == COMPLETE else None,
    }
    return {"row": row, "client_id": client_id, "skipped": skipped, "by": by, "at": start}


def _answers(
    session: Session, rng: random.Random, bank: QuestionBank, sessions: list[dict[str, Any]]
) -> None:
    stmt = select(IntakeSession.id, IntakeSession.client_id, IntakeSession.status)
    ids = {client: (int(i), status) for i, client, status in session.execute(stmt)}
    rows: list[dict[str, Any]] = []
    for item in sessions:
        intake_id, status = ids[item["client_id"]]
        skipped_keys = {k for s in item["skipped"] for k in bank.section(s).question_keys}
        keys = list(bank.questions) if status == COMPLETE else list(PARTIAL_KEYS)
        keys += [k for k in skipped_keys if k not in keys]
        for key in keys:
            question = bank.questions[key]
            asked = key not in skipped_keys and not question.permission and rng.random() < 0.8
            state, value = _demo_answer(rng, question) if asked else (NOT_ASKED, None)
            rows.append(
                {
                    "session_id": intake_id,
                    "question_key": key,
                    "state": state,
                    "value_json": None if value is None else json.dumps(value),
                    "answered_at": item["at"],
                    "answered_by_id": item["by"],
                }
            )
    for i in range(0, len(rows), 5000):
        add_rows(session, IntakeAnswer, rows[i : i + 5000])


def _demo_answer(rng: random.Random, question: Question) -> tuple[str, Any]:
    if question.maps_to is not None or question.type in ("text", "date"):
        return NOT_ASKED, None  # profile columns come from the client rows; no free text
    roll = rng.random()
    if roll < 0.05:
        return "doesnt_know", None
    if roll < 0.1:
        return "prefers_not", None
    real = [c for c in question.codes if c not in ("doesnt_know", "prefers_not_to_answer")]
    if question.type == "number":
        return ANSWERED, rng.randint(0, 3)
    if question.type == "multiple":
        return ANSWERED, sorted(rng.sample(real, rng.randint(1, min(3, len(real)))))
    return ANSWERED, rng.choice(real)


def _notes(
    rng: random.Random, client_id: int, intake: dt.date, today: dt.date, authors: list[int]
) -> list[dict[str, Any]]:
    span = max(1, (today - intake).days)
    return [
        {
            "client_id": client_id,
            "dated": intake + dt.timedelta(days=rng.randrange(span)),
            "text": rng.choice(NOTES),
            "author_id": rng.choice(authors),
            "created_at": utcnow(),
        }
        for _ in range(rng.randint(1, 3))
    ]
