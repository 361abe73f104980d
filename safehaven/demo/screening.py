"""Demo data for screening: fictional jurisdiction contacts, staff training records (some
expired) with supervisors, screenings of a sample of clients in every outcome and status, and the
protocols those outcomes started — some finished, some in progress with steps done or skipped."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.protocol import COMPLETED, DONE, OPEN, SKIPPED, ProtocolRun, ProtocolStepRun
from safehaven.models.screening import (
    COMPLETE,
    DRAFT,
    OUTCOMES,
    PAUSED,
    SETTING,
    SETTING_CHECKS,
    ScreeningAnswer,
    ScreeningSession,
    join_list,
)
from safehaven.models.staff_training import StaffSupervisor, StaffTraining
from safehaven.services import settings as settings_service
from safehaven.services.audit import record_event
from safehaven.services.screening.bank import ScreeningBank, load_screening_bank
from safehaven.services.screening.protocol_files import Protocol, ProtocolStep
from safehaven.services.screening.protocols import matching, protocols_in_force
from safehaven.services.screening.sessions import client_age_group
from safehaven.services.tasks import schedule_task

if TYPE_CHECKING:  # demo.py imports this module for its DEMO_STEPS
    from safehaven.demo.context import DemoContext

SAMPLE = (0.1, 150)  # share of clients, cap
DEMO_JURISDICTION = {
    "name": "Demo County (fictional)",
    "hotline": "Demo trafficking hotline 555-0100 (fictional)",
    "report_contact": "Demo County child protection line 555-0142 (fictional)",
    "emergency_contact": "Demo emergency line 555-0111 (fictional)",
}
SKIP_REASONS = ("Already done by the night staff", "The person asked to wait until Monday")
STATUS_WEIGHTS = ((COMPLETE, 80), (DRAFT, 8), (PAUSED, 8), (SETTING, 4))


def add_screening_demo(session: Session, rng: random.Random, ctx: DemoContext) -> None:
    now = dt.datetime.combine(ctx.today, dt.time(15), dt.UTC)
    settings_service.put_setting(session, "screening_jurisdictions", {"demo": DEMO_JURISDICTION})
    settings_service.put_setting(session, "screening_jurisdiction", "demo")
    _training(session, ctx)
    protocols = protocols_in_force(session)
    clients = _sample(session, rng, ctx)
    counts = {"screenings": 0, "protocols": 0}
    for n, client in enumerate(clients):
        status = COMPLETE if n < len(OUTCOMES) * 2 else _weighted(rng, STATUS_WEIGHTS)
        outcome = OUTCOMES[n % len(OUTCOMES)] if status == COMPLETE else None
        when = now - dt.timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 6))
        screening = _screening(session, rng, client, status, outcome, when, ctx)
        counts["screenings"] += 1
        if outcome in ("offer_assessment", "immediate_safety"):
            counts["protocols"] += _protocols(session, rng, screening, client, protocols, ctx)
    record_event(session, actor_id=ctx.users["admin"], action="demo_screening_created",
                 object_type="vault", details=counts)  # fmt: skip


def _training(session: Session, ctx: DemoContext) -> None:
    today, admin = ctx.today, ctx.users["admin"]
    plan = {  # user -> (course, completed days ago, valid for days)
        "intake": [("screening_basics", 60, 730), ("child_safeguarding", 500, 365)],  # expired
        "caseworker": [("screening_basics", 900, 730), ("screening_interview", 100, 730),
                       ("protocol_response", 100, 730)],  # basics expired
        "supervisor": [(c, 30, 730) for c in ("screening_basics", "screening_interview",
                                              "child_safeguarding", "protocol_response")],
    }  # fmt: skip
    for user, records in plan.items():
        for course, ago, valid in records:
            done = today - dt.timedelta(days=ago)
            session.add(StaffTraining(user_id=ctx.users[user], course=course, completed_on=done,
                                      expires_on=done + dt.timedelta(days=valid),
                                      recorded_by_id=admin))  # fmt: skip
    for user in ("intake", "caseworker"):
        session.add(StaffSupervisor(user_id=ctx.users[user], supervisor_id=ctx.users["supervisor"]))
    session.flush()


def _sample(session: Session, rng: random.Random, ctx: DemoContext) -> list[Client]:
    ids = ctx.client_ids
    share, cap = SAMPLE
    count = min(len(ids), cap, max(1, int(len(ids) * share))) if ids else 0
    chosen = sorted(rng.sample(ids, count))
    rows = session.execute(select(Client).where(Client.id.in_(chosen), Client.erased_at.is_(None)))
    return list(rows.scalars())


def _screening(
    session: Session,
    rng: random.Random,
    client: Client,
    status: str,
    outcome: str | None,
    when: dt.datetime,
    ctx: DemoContext,
) -> ScreeningSession:
    minor = client_age_group(client, ctx.today) == "minor"
    form = "minor" if minor else rng.choice(("short", "short", "full"))
    bank = load_screening_bank(form)
    staff = ctx.users[rng.choice(("intake", "caseworker", "supervisor"))]
    indicators = outcome in ("offer_assessment", "immediate_safety")
    noted = rng.sample(bank.section_keys(), rng.randint(1, 2)) if indicators else []
    labour = indicators and ("work" in noted or rng.random() < 0.3)
    row = ScreeningSession(
        client_id=client.id, form=form, bank_version=bank.version, status=status,
        resume_status=DRAFT, current_domain=bank.section_keys()[-1 if status == COMPLETE else 1],
        question_language=rng.choice(("en", "es")),
        setting_checks="" if status == SETTING else join_list(SETTING_CHECKS),
        outcome=outcome, domains_noted=join_list(noted), labour_noted=labour,
        sexual_noted=indicators and "commercial_sex" in noted, started_by_id=staff,
        updated_by_id=staff, started_at=when, updated_at=when + dt.timedelta(minutes=25),
        paused_at=when + dt.timedelta(minutes=20) if status == PAUSED else None,
        completed_at=when + dt.timedelta(minutes=25) if status == COMPLETE else None,
        completed_by_id=staff if status == COMPLETE else None,
    )  # fmt: skip
    session.add(row)
    session.flush()
    if status != SETTING and outcome not in ("declined",):
        _answers(session, rng, row, bank, noted, complete=status == COMPLETE)
    action = "screening_started" if status != COMPLETE else (
        "screening_stopped" if outcome == "stopped" else "screening_completed")  # fmt: skip
    record_event(session, actor_id=staff, action=action, object_type="screening_session",
                 object_id=row.id, client_id=client.id, at=row.updated_at,
                 details={"outcome": outcome} if outcome else {"form": form})  # fmt: skip
    return row


def _answers(
    session: Session,
    rng: random.Random,
    row: ScreeningSession,
    bank: ScreeningBank,
    noted: list[str],
    *,
    complete: bool,
) -> None:
    keys = bank.ordered_keys()
    asked = keys if complete else keys[: rng.randint(1, len(keys) // 2)]
    for key in asked:
        question = bank.questions[key]
        code: str | None
        if question.section in noted and rng.random() < 0.6:
            code, state = "yes", "answered"
        else:
            code, state = rng.choice((("no", "answered"), ("no", "answered"),
                                      ("doesnt_know", "doesnt_know"),
                                      ("prefers_not_to_answer", "prefers_not"),
                                      (None, "not_asked")))  # fmt: skip
        session.add(
            ScreeningAnswer(
                session_id=row.id,
                question_key=key,
                code=code,
                state=state,
                answered_at=row.started_at,
                answered_by_id=row.started_by_id,
            )
        )


def _protocols(
    session: Session,
    rng: random.Random,
    screening: ScreeningSession,
    client: Client,
    protocols: dict[str, Protocol],
    ctx: DemoContext,
) -> int:
    age = "minor" if screening.form == "minor" else "adult"
    indicators = ["labour"] if screening.labour_noted else []
    found = matching(protocols, age_group=age, outcome=screening.outcome, indicators=indicators)
    assert screening.completed_at is not None  # noqa: S101 - narrows a type; never guards a permission
    for protocol in found:
        started = screening.completed_at
        run = ProtocolRun(client_id=client.id, screening_id=screening.id,
                          protocol_key=protocol.key, protocol_version=protocol.version,
                          trigger="outcome", jurisdiction="demo",
                          started_by_id=screening.started_by_id, started_at=started)  # fmt: skip
        session.add(run)
        session.flush()
        finished = rng.random() < 0.6
        for position, step in enumerate(protocol.steps):
            _step(session, rng, run, position, step, finished, ctx)
        if finished:
            run.status, run.completed_at = COMPLETED, started + dt.timedelta(days=3)
        record_event(session, actor_id=run.started_by_id, action="protocol_started",
                     object_type="protocol_run", object_id=run.id, client_id=client.id,
                     at=started,
                     details={"protocol": protocol.key, "trigger": "outcome"})  # fmt: skip
    return len(found)


def _step(
    session: Session,
    rng: random.Random,
    run: ProtocolRun,
    position: int,
    step: ProtocolStep,
    finished: bool,
    ctx: DemoContext,
) -> None:
    state = (SKIPPED if rng.random() < 0.15 else DONE) if finished or position == 0 else OPEN
    due = None
    if step.due_hours is not None:
        due = run.started_at + dt.timedelta(hours=step.due_hours)
    row = ProtocolStepRun(run_id=run.id, step_key=step.key, position=position, state=state,
                          due_at=due, skip_reason=rng.choice(SKIP_REASONS) if state == SKIPPED
                          else None, decided_by_id=run.started_by_id if state != OPEN else None,
                          decided_at=run.started_at + dt.timedelta(hours=2) if state != OPEN
                          else None)  # fmt: skip
    session.add(row)
    session.flush()
    if state == OPEN and due is not None:
        task = schedule_task(session, kind="protocol_step", source_type="protocol_step",
                             source_id=row.id, due_date=max(due.date(), ctx.today),
                             client_id=run.client_id, assignee_id=run.started_by_id)  # fmt: skip
        row.task_id = task.id


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in options], [w for _, w in options])[0]
