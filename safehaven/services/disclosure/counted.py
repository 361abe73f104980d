"""The tabulation frame from the office server's count-only function.

Each aggregate row becomes as many units as it counts, with the quarter's first day as the
date: reporting periods are whole quarters, so every unit lands in the same periods as on the
vault. Raw codes are mapped by the same rules as `tabulate` uses for rows it reads itself.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from safehaven.models.client import age_band
from safehaven.models.protocol import COMPLETED
from safehaven.models.screening import DOMAINS, split_list
from safehaven.services.disclosure.dimensions import DIMENSIONS, NC
from safehaven.services.disclosure.tabulate import (
    _RETENTION,
    Frame,
    Unit,
    _assessment_outcome,
    _coded,
    _referral_result,
)
from safehaven.services.screening.report import KNOWN_PROTOCOLS
from safehaven.services.screening.report import _training as staff_training_units
from safehaven.storage.postgres.report_counts import report_counts

Codes = tuple[tuple[str, str], ...]
Raw = tuple[str | None, ...]


def _client(raw: Raw) -> Codes:
    age, gender, citizenship, ttype = raw
    return (
        ("age", age_band(None if age is None else int(age)) or NC),
        ("gender", _coded("gender", gender)),
        ("citizenship", _coded("citizenship", citizenship)),
        ("trafficking_type", _coded("trafficking_type", ttype)),
    )


def _referral(raw: Raw) -> Codes:
    service, status, outcome = raw
    svc = service if service in DIMENSIONS["service"].base else "other"
    return (("service", svc), ("referral_result", _referral_result(str(status), outcome)))


def _assessment(raw: Raw) -> Codes:
    status, recommendation = raw
    return (("assessment_outcome", _assessment_outcome(str(status), recommendation)),)


def _placement(raw: Raw) -> Codes:
    return tuple(
        (f"retention_{d}", _RETENTION.get(str(s), "not_recorded"))
        for d, s in zip((30, 90, 180), raw, strict=True)
    )


def _noted(flag: bool) -> str:
    return "noted" if flag else "not_noted"


def _screening(raw: Raw) -> Codes:
    outcome, domains, labour, sexual = raw
    noted = set(split_list(domains or ""))
    return (
        ("screening_outcome", str(outcome)),
        *((f"domain_{d}", _noted(d in noted)) for d in DOMAINS),
        ("indicators_labour", _noted(labour == "true")),
        ("indicators_sexual", _noted(sexual == "true")),
    )


def _protocol(raw: Raw) -> Codes:
    key, status = raw
    protocol = key if key in KNOWN_PROTOCOLS else "other"
    state = "completed" if status == COMPLETED else "in_progress"
    return (("protocol", str(protocol)), ("protocol_state", state))


_MAPPERS = {
    "clients": _client,
    "referrals": _referral,
    "assessments": _assessment,
    "placements": _placement,
    "screenings": _screening,
    "protocols": _protocol,
}


def counted_frame(session: Session, first: dt.date, last: dt.date, *, erased: list[Unit]) -> Frame:
    """The frame for `first`..`last` (whole quarters) from aggregates; `erased`: the clients
    counted from statistical facts, read as on the vault."""
    frame: Frame = {population: [] for population in _MAPPERS}
    for row in report_counts(session, first, last):
        unit = Unit(row.start, row.end, _MAPPERS[row.population](row.codes))
        frame[row.population].extend([unit] * row.units)
    frame["clients"].extend(erased)
    frame["staff_training"] = [Unit(*u) for u in staff_training_units(session, first, last)]
    return frame
