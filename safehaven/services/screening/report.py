"""What the reports and the de-identified export count for screening (issue 14).

Three populations, each unit a (start, end, codes) triple that `disclosure.tabulate` wraps:
- screenings finished in the period: the outcome chosen, each domain noted or not, labour and
  sexual exploitation indicators noted or not (categories only: nothing is summed per person);
- response protocols started in the period: which protocol, in progress or completed;
- staff training records completed in the period: which course, still valid or expired.
Names, answers, reasons and free text are never read. Erased clients' rows are gone with them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.protocol import COMPLETED, ProtocolRun
from safehaven.models.screening import COMPLETE, DOMAINS, ScreeningSession, split_list
from safehaven.models.staff_training import StaffTraining

RawUnit = tuple[dt.date, dt.date, tuple[tuple[str, str], ...]]
KNOWN_PROTOCOLS = ("immediate_danger", "adult_indicators", "minor_disclosure", "labour_indicators")


def screening_units(session: Session, first: dt.date, last: dt.date) -> dict[str, list[RawUnit]]:
    return {
        "screenings": _screenings(session, first, last),
        "protocols": _protocols(session, first, last),
        "staff_training": _training(session, first, last),
    }


def _noted(flag: bool) -> str:
    return "noted" if flag else "not_noted"


def _screenings(session: Session, first: dt.date, last: dt.date) -> list[RawUnit]:
    s = ScreeningSession
    stmt = select(s.completed_at, s.outcome, s.domains_noted, s.labour_noted, s.sexual_noted).join(
        Client, and_(Client.id == s.client_id, Client.erased_at.is_(None))
    )
    units: list[RawUnit] = []
    for done, outcome, domains, labour, sexual in session.execute(stmt.where(s.status == COMPLETE)):
        day = done.date() if done else None
        if day is None or not first <= day <= last or outcome is None:
            continue
        noted = set(split_list(domains))
        codes = (
            ("screening_outcome", outcome),
            *((f"domain_{d}", _noted(d in noted)) for d in DOMAINS),
            ("indicators_labour", _noted(bool(labour))),
            ("indicators_sexual", _noted(bool(sexual))),
        )
        units.append((day, day, codes))
    return units


def _protocols(session: Session, first: dt.date, last: dt.date) -> list[RawUnit]:
    r = ProtocolRun
    stmt = select(r.started_at, r.protocol_key, r.status).join(
        Client, and_(Client.id == r.client_id, Client.erased_at.is_(None))
    )
    units: list[RawUnit] = []
    for started, key, status in session.execute(stmt):
        day = started.date()
        if first <= day <= last:
            protocol = key if key in KNOWN_PROTOCOLS else "other"
            state = "completed" if status == COMPLETED else "in_progress"
            units.append((day, day, (("protocol", protocol), ("protocol_state", state))))
    return units


def _training(session: Session, first: dt.date, last: dt.date) -> list[RawUnit]:
    t = StaffTraining
    stmt = select(t.completed_on, t.course, t.expires_on).where(
        t.completed_on >= first, t.completed_on <= last
    )
    today = dt.date.today()
    units: list[RawUnit] = []
    for day, course, expires in session.execute(stmt):
        validity = "expired" if expires is not None and expires < today else "valid"
        units.append((day, day, (("training_course", course), ("training_validity", validity))))
    return units
