"""Reading the vault into the in-memory tabulation frame.

One `Unit` per counted thing (a client, a referral, an assessment, a placement) with its base
codes and the dates that place it in periods. Dates stay in memory only and are used for nothing
but the period placement; names, notes and other free text are never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from safehaven.models.client import AGE_BANDS, Client, age_band, age_on
from safehaven.models.employment import Placement, RetentionCheck
from safehaven.models.period import Period
from safehaven.models.referral import Referral
from safehaven.models.reunification import ReunificationAssessment
from safehaven.models.statistical_fact import StatisticalFact, quarter_of, quarter_start
from safehaven.services.disclosure.dimensions import DIMENSIONS, NC
from safehaven.services.screening.report import screening_units

ABSENT = "-"


@dataclass(frozen=True)
class Unit:
    start: dt.date
    end: dt.date | None  # None: still open (clients); events have end == start
    codes: tuple[tuple[str, str], ...]  # (dimension, base code)

    def code(self, dim: str) -> str:
        return dict(self.codes)[dim]


Frame = dict[str, list[Unit]]  # population -> units


def client_status(unit: Unit, period: Period) -> str:
    """new | continuing | ABSENT for a client in `period`."""
    if period.contains(unit.start):
        return "new"
    if unit.start < period.start and (unit.end is None or unit.end >= period.start):
        return "continuing"
    return ABSENT


def event_status(unit: Unit, period: Period, present: str) -> str:
    return present if period.contains(unit.start) else ABSENT


def status_in(population: str, unit: Unit, period: Period) -> str:
    if population == "clients":
        return client_status(unit, period)
    present = {"referrals": "made", "assessments": "started", "placements": "started",
               "screenings": "completed", "protocols": "started",
               "staff_training": "recorded"}  # fmt: skip
    return event_status(unit, period, present[population])


def load_frame(session: Session, periods: Iterable[Period]) -> Frame:
    """Every unit present in at least one of `periods`."""
    plist = list(periods)
    first, last = min(p.start for p in plist), max(p.end for p in plist)
    return {
        "clients": _clients(session, first, last),
        "referrals": _referrals(session, first, last),
        "assessments": _assessments(session, first, last),
        "placements": _placements(session, first, last),
        **{
            population: [Unit(*unit) for unit in units]
            for population, units in screening_units(session, first, last).items()
        },
    }


def _coded(dim: str, value: str | None) -> str:
    if value is None:
        return NC
    return value if value in DIMENSIONS[dim].base else NC


def _clients(session: Session, first: dt.date, last: dt.date) -> list[Unit]:
    stmt = select(
        Client.intake_date,
        Client.closure_date,
        Client.date_of_birth,
        Client.estimated_age,
        Client.gender,
        Client.citizenship_category,
        Client.trafficking_type,
    ).where(
        Client.erased_at.is_(None),
        Client.intake_date <= last,
        or_(Client.closure_date.is_(None), Client.closure_date >= first),
    )
    units = []
    for intake, closure, dob, est, gender, citizenship, ttype in session.execute(stmt):
        codes = (
            ("age", age_band(age_on(dob, est, intake)) or NC),
            ("gender", _coded("gender", gender)),
            ("citizenship", _coded("citizenship", citizenship)),
            ("trafficking_type", _coded("trafficking_type", ttype)),
        )
        units.append(Unit(intake, closure, codes))
    return units + _erased_clients(session, first, last)


def _erased_clients(session: Session, first: dt.date, last: dt.date) -> list[Unit]:
    """Clients erased at their request still count in past periods, from their statistical
    facts (quarters and codes only; see models/statistical_fact.py)."""
    units = []
    for fact in session.execute(select(StatisticalFact)).scalars():
        start = quarter_start(fact.intake_quarter)
        end = quarter_start(fact.closure_quarter) if fact.closure_quarter else None
        if start > last or (end is not None and end < quarter_start(quarter_of(first))):
            continue
        age = fact.age_group if fact.age_group in AGE_BANDS else NC
        codes = (
            ("age", age),
            ("gender", _coded("gender", fact.gender)),
            ("citizenship", _coded("citizenship", fact.citizenship_category)),
            ("trafficking_type", _coded("trafficking_type", fact.trafficking_type)),
        )
        units.append(Unit(start, end, codes))
    return units


def _referral_result(status: str, outcome: str | None) -> str:
    if status in ("draft", "sent"):
        return "pending"
    if status == "withdrawn" and outcome:
        return "not_referred"
    return status if status in DIMENSIONS["referral_result"].base else "pending"


def _referrals(session: Session, first: dt.date, last: dt.date) -> list[Unit]:
    stmt = select(
        Referral.created_at, Referral.service_type, Referral.status, Referral.outcome
    ).join(Client, and_(Client.id == Referral.client_id, Client.erased_at.is_(None)))
    units = []
    for created, service, status, outcome in session.execute(stmt):
        day = created.date()
        if first <= day <= last:
            svc = service if service in DIMENSIONS["service"].base else "other"
            codes = (("service", svc), ("referral_result", _referral_result(status, outcome)))
            units.append(Unit(day, day, codes))
    return units


def _assessment_outcome(status: str, recommendation: str | None) -> str:
    if status == "closed_refused":
        return "survivor_refused"
    if status == "approved" and recommendation in DIMENSIONS["assessment_outcome"].base:
        return str(recommendation)
    return "in_progress"


def _assessments(session: Session, first: dt.date, last: dt.date) -> list[Unit]:
    ra = ReunificationAssessment
    stmt = select(ra.created_at, ra.status, ra.recommendation).join(
        Client, and_(Client.id == ra.client_id, Client.erased_at.is_(None))
    )
    units = []
    for created, status, recommendation in session.execute(stmt):
        day = created.date()
        if first <= day <= last:
            outcome = _assessment_outcome(status, recommendation)
            units.append(Unit(day, day, (("assessment_outcome", outcome),)))
    return units


_RETENTION = {
    "same_employer": "employed_same",
    "other_employer": "employed_other",
    "not_employed": "not_employed",
    "unknown": "unknown",
}


def _placements(session: Session, first: dt.date, last: dt.date) -> list[Unit]:
    stmt = (
        select(Placement.id, Placement.start_date)
        .join(Client, and_(Client.id == Placement.client_id, Client.erased_at.is_(None)))
        .where(Placement.start_date >= first, Placement.start_date <= last)
    )
    placements: dict[int, dt.date] = dict(session.execute(stmt).all())
    checks: dict[tuple[int, int], str] = {}
    if placements:
        rows = session.execute(
            select(
                RetentionCheck.placement_id, RetentionCheck.due_day, RetentionCheck.status
            ).where(RetentionCheck.due_day.in_((30, 90, 180)))
        )
        for pid, day, status in rows:
            if pid in placements and status in _RETENTION:
                checks[(pid, day)] = _RETENTION[status]
    units = []
    for pid, start in placements.items():
        codes = tuple(
            (f"retention_{d}", checks.get((pid, d), "not_recorded")) for d in (30, 90, 180)
        )
        units.append(Unit(start, start, codes))
    return units
