"""Demo data for reunification and employment, for a sample of clients only (a 100,000-client
demo stays fast): family contacts, assessments in every state (some with red flags, some
approved), reunification records with follow-up visits, employers, training programs, baselines,
placements and retention checks, with their tasks and audit events."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.demo.context import DemoContext
from safehaven.demo.names import CITIES, FAMILY, GIVEN
from safehaven.models.base import utcnow
from safehaven.models.client import Client, age_on
from safehaven.models.employment import (
    Employer,
    EmploymentBaseline,
    Placement,
    RetentionCheck,
    TrainingEnrollment,
    TrainingProgram,
)
from safehaven.models.employment_rules import (
    EMPLOYMENT_TYPES,
    ISIC_SECTIONS,
    due_dates,
    same_sector,
)
from safehaven.models.reunification import (
    FamilyContact,
    ReunificationAssessment,
    ReunificationFollowUp,
    ReunificationRecord,
    ReunificationRedFlag,
)
from safehaven.models.reunification_rules import RED_FLAGS
from safehaven.models.task import Task
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import read_client_field

REUNIFICATION_SAMPLE = (0.03, 300)  # share of clients, cap
EMPLOYMENT_SAMPLE = (0.05, 500)
FOLLOW_UP_DAYS = (14, 30, 91, 182, 365)
RETENTION_DAYS = (30, 90, 180, 365)
STATES = ("draft", "draft_blocked", "submitted", "approved", "approved", "returned", "refused")
EMPLOYERS = (
    ("Green Valley Farms", "isic_a"),
    ("Harbor Hotel", "isic_i"),
    ("City Bakery", "isic_c"),
    ("Northside Clinic", "isic_q"),
    ("Bright Cleaning Co.", "isic_n"),
    ("Metro Transit", "isic_h"),
    ("Fresh Market", "isic_g"),
    ("Builders United", "isic_f"),
    ("Sunrise Daycare", "isic_p"),
    ("Lakeside Restaurant", "isic_i"),
    ("Tech Repair Hub", "isic_s"),
    ("Community Bank", "isic_k"),
)
PROGRAMS = (
    ("Food safety certificate", "isic_i", "Food handler card"),
    ("Forklift operator", "isic_h", "Forklift licence"),
    ("Office skills", "isic_n", None),
    ("English for work", None, None),
    ("Home health aide", "isic_q", "HHA certificate"),
)
EXPLOITATION = (
    "labour_agriculture",
    "labour_domestic_work",
    "labour_hospitality",
    "labour_construction",
    "labour_manufacturing",
    "sex_industry",
    None,
)


@dataclass(frozen=True)
class _Sampled:
    id: int
    dob: dt.date | None
    estimated_age: int | None
    intake: dt.date
    caseworker: int | None


def add_reunification_and_employment(
    session: Session, rng: random.Random, ctx: DemoContext
) -> None:
    clients = _sample(session, rng, ctx, REUNIFICATION_SAMPLE)
    for client in clients:
        _reunification_case(session, rng, ctx, client)
    employer_ids = _employers(session, rng, ctx)
    program_ids = _programs(session)
    for client in _sample(session, rng, ctx, EMPLOYMENT_SAMPLE):
        _employment_case(session, rng, ctx, client, employer_ids, program_ids)


def _sample(
    session: Session, rng: random.Random, ctx: DemoContext, share: tuple[float, int]
) -> list[_Sampled]:
    ids = ctx.client_ids
    count = min(len(ids), share[1], max(1, int(len(ids) * share[0])))
    chosen = sorted(rng.sample(ids, count)) if ids else []
    stmt = select(Client).where(Client.id.in_(chosen))
    return [
        _Sampled(
            c.id,
            read_client_field(session, c, "date_of_birth"),
            c.estimated_age,
            c.intake_date,
            c.assigned_caseworker_id,
        )
        for c in session.execute(stmt).scalars()
    ]


def _reunification_case(
    session: Session, rng: random.Random, ctx: DemoContext, client: _Sampled
) -> None:
    contact = FamilyContact(
        client_id=client.id,
        relationship=rng.choice(("mother", "father", "sibling", "aunt_uncle", "grandparent")),
        survivor_choice_rank=1,
        name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        location=rng.choice(CITIES),
        phone=f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        created_by_id=ctx.users["caseworker"],
    )
    session.add(contact)
    session.flush()
    state = rng.choice(STATES)
    minor = (age_on(client.dob, client.estimated_age, ctx.today) or 30) < 18
    a = _assessment(rng, ctx, client, contact.id, state, minor)
    session.add(a)
    session.flush()
    _red_flags(session, rng, a.id, blocked=state == "draft_blocked")
    _event(session, ctx, "reunification_assessment_started", a.id, client.id)
    if a.status == "approved" and rng.random() < 0.7:
        _record(session, rng, ctx, client, a)


def _assessment(
    rng: random.Random,
    ctx: DemoContext,
    client: _Sampled,
    contact_id: int,
    state: str,
    minor: bool,
) -> ReunificationAssessment:
    base = client.intake + dt.timedelta(days=rng.randint(20, 90))
    a = ReunificationAssessment(
        client_id=client.id,
        family_contact_id=contact_id,
        assessor_id=ctx.users["caseworker"],
        wants_contact="yes",
        wishes_reunify="no" if state == "refused" else "yes",
        wishes_asked_on=base,
        status="draft",
    )
    if state == "refused":
        a.status = "closed_refused"
        return a
    for name in (
        "survivor_knows_adult",
        "accounts_match",
        "identity_verified",
        "household_willing",
        "household_able",
        "home_visit_done",
    ):
        setattr(a, name, "yes")
    a.home_visit_date = base + dt.timedelta(days=10)
    a.risk_rating = rng.choice(("low", "low", "medium"))
    a.risk_rationale = "Household supportive; no known contact with recruiters."
    if minor:
        a.best_interests_done, a.best_interests_outcome = True, "reunification"
        a.best_interests_date = base + dt.timedelta(days=12)
    if state in ("submitted", "approved", "returned"):
        a.status = state
        a.recommendation = rng.choice(("reunify", "reunify_enhanced_support"))
        a.submitted_by_id = ctx.users["caseworker"]
    if state in ("approved", "returned"):
        a.approved_by_id = ctx.users["supervisor"]
    return a


def _red_flags(session: Session, rng: random.Random, assessment_id: int, *, blocked: bool) -> None:
    for code in RED_FLAGS:
        raised = "yes" if rng.random() < 0.12 else "no"
        mitigation = "Safety plan agreed; weekly check-in calls." if raised == "yes" else None
        if blocked and code == "debts":
            raised, mitigation = "yes", None
        session.add(
            ReunificationRedFlag(
                assessment_id=assessment_id, code=code, raised=raised, mitigation=mitigation
            )
        )


def _record(
    session: Session,
    rng: random.Random,
    ctx: DemoContext,
    client: _Sampled,
    a: ReunificationAssessment,
) -> None:
    day0 = (a.home_visit_date or client.intake) + dt.timedelta(days=rng.randint(10, 40))
    record = ReunificationRecord(
        client_id=client.id,
        assessment_id=a.id,
        reunified_on=day0,
        reunification_type="case_by_case",
        recorded_by_id=ctx.users["caseworker"],
    )
    session.add(record)
    session.flush()
    for day in FOLLOW_UP_DAYS:
        due = day0 + dt.timedelta(days=day)
        visit = ReunificationFollowUp(
            record_id=record.id, client_id=client.id, due_day=day, due_date=due
        )
        done = due < ctx.today
        if done:
            visit.visited_on = due
            visit.wellbeing = rng.choice(("good", "good", "fair", "poor"))
            visit.retrafficking_concern = rng.random() < 0.04
        session.add(visit)
        session.flush()
        session.add(_task("reunification_follow_up", visit.id, due, client, ctx, done))
    _event(session, ctx, "reunification_recorded", record.id, client.id, "reunification_record")


def _employers(session: Session, rng: random.Random, ctx: DemoContext) -> list[int]:
    rows = []
    for name, sector in EMPLOYERS:
        vetted = rng.random() < 0.75
        rows.append(
            Employer(
                name=name,
                sector=sector,
                city=rng.choice(CITIES),
                vetted=vetted,
                vetted_on=ctx.today - dt.timedelta(days=rng.randint(10, 400)) if vetted else None,
                vetted_by_id=ctx.users["supervisor"] if vetted else None,
            )
        )
    session.add_all(rows)
    session.flush()
    return [e.id for e in rows]


def _programs(session: Session) -> list[int]:
    rows = [TrainingProgram(name=n, sector=s, credential=c) for n, s, c in PROGRAMS]
    session.add_all(rows)
    session.flush()
    return [p.id for p in rows]


def _employment_case(
    session: Session,
    rng: random.Random,
    ctx: DemoContext,
    client: _Sampled,
    employer_ids: list[int],
    program_ids: list[int],
) -> None:
    exploited = rng.choice(EXPLOITATION)
    session.add(
        EmploymentBaseline(
            client_id=client.id,
            employed=rng.choice(("no", "no", "yes")),
            work_authorization=rng.choice(("authorized", "pending")),
            exploitation_sector=exploited,
            recorded_on=client.intake,
        )
    )
    if rng.random() < 0.3:
        session.add(
            TrainingEnrollment(
                client_id=client.id,
                program_id=rng.choice(program_ids),
                start_date=client.intake + dt.timedelta(days=30),
                status=rng.choice(("enrolled", "completed")),
            )
        )
    if rng.random() >= 0.4:
        _placement(session, rng, ctx, client, rng.choice(employer_ids), exploited)


def _placement(
    session: Session,
    rng: random.Random,
    ctx: DemoContext,
    client: _Sampled,
    employer_id: int,
    exploited: str | None,
) -> None:
    employer = session.get(Employer, employer_id)
    sector = employer.sector if employer else rng.choice(ISIC_SECTIONS)
    start = client.intake + dt.timedelta(days=rng.randint(45, 200))
    placement = Placement(
        client_id=client.id,
        employer_id=employer_id,
        job_title="Assistant",
        sector=sector,
        employment_type=rng.choice(EMPLOYMENT_TYPES),
        hours_per_week=rng.choice((20, 30, 40)),
        wage_cents=rng.randint(1200, 2400),
        pay_frequency="hourly",
        start_date=start,
        contract_understood=rng.random() < 0.9,
        paid_directly=rng.random() < 0.95,
        placed_by_id=ctx.users["caseworker"],
        same_sector_as_exploitation=same_sector(sector, exploited),
    )
    session.add(placement)
    session.flush()
    _retention(session, rng, ctx, client, placement)
    _event(session, ctx, "placement_added", placement.id, client.id, "placement")


def _retention(
    session: Session, rng: random.Random, ctx: DemoContext, client: _Sampled, p: Placement
) -> None:
    for day, due in due_dates(p.start_date, list(RETENTION_DAYS)):
        check = RetentionCheck(placement_id=p.id, client_id=client.id, due_day=day, due_date=due)
        done = due < ctx.today and rng.random() < 0.8
        if done:
            check.attempted_on, check.reached = due, rng.random() < 0.85
            check.status = (
                rng.choice(("same_employer", "same_employer", "other_employer", "not_employed"))
                if check.reached
                else "unknown"
            )
        session.add(check)
        session.flush()
        session.add(_task("retention_check", check.id, due, client, ctx, done))


def _task(
    kind: str, source_id: int, due: dt.date, client: _Sampled, ctx: DemoContext, done: bool
) -> Task:
    return Task(
        kind=kind,
        source_type=kind,
        source_id=source_id,
        due_date=due,
        client_id=client.id,
        assignee_id=client.caseworker or ctx.users["caseworker"],
        completed_at=utcnow() if done else None,
        completed_by_id=ctx.users["caseworker"] if done else None,
    )


def _event(
    session: Session,
    ctx: DemoContext,
    action: str,
    object_id: int,
    client_id: int,
    object_type: str = "reunification_assessment",
) -> None:
    record_event(
        session,
        actor_id=ctx.users["caseworker"],
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
    )
