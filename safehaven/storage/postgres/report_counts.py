"""Count-only report source for the office store: directors read no case row, only these
aggregates (SECURITY DEFINER, owned by the schema owner).

`sh_report_counts(first, last)` returns, per population, how many units share the same quarter
of start and end and the same raw codes. Reporting periods are whole quarters, so a unit's
quarter places it in every period exactly as its dates would; the application maps the raw
codes to reporting categories as it does for the vault, and the report and the de-identified
export (suppression, reconstruction audit) run unchanged on these counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.roles import function_for

_Q = "date_trunc('quarter', {0})::date"

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sh_report_counts(first date, last date)
RETURNS TABLE (population text, start_q date, end_q date, codes text[], units bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT 'clients', {_Q.format("c.intake_date")}, {_Q.format("c.closure_date")},
           ARRAY[c.age_at_intake::text,
                 c.gender, c.citizenship_category, c.trafficking_type],
           count(*)
      FROM client c
     WHERE c.erased_at IS NULL AND c.intake_date <= last
       AND (c.closure_date IS NULL OR c.closure_date >= first)
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'referrals', {_Q.format("r.created_at")}, {_Q.format("r.created_at")},
           ARRAY[r.service_type, r.status, r.outcome], count(*)
      FROM referral r JOIN client c ON c.id = r.client_id AND c.erased_at IS NULL
     WHERE r.created_at::date BETWEEN first AND last
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'assessments', {_Q.format("a.created_at")}, {_Q.format("a.created_at")},
           ARRAY[a.status, a.recommendation], count(*)
      FROM reunification_assessment a JOIN client c ON c.id = a.client_id AND c.erased_at IS NULL
     WHERE a.created_at::date BETWEEN first AND last
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'placements', {_Q.format("p.start_date")}, {_Q.format("p.start_date")},
           ARRAY(SELECT (SELECT max(rc.status) FROM retention_check rc
                          WHERE rc.placement_id = p.id AND rc.due_day = d
                            AND rc.status IN ('same_employer', 'other_employer',
                                              'not_employed', 'unknown'))
                   FROM unnest(ARRAY[30, 90, 180]) WITH ORDINALITY AS days(d, i) ORDER BY i),
           count(*)
      FROM placement p JOIN client c ON c.id = p.client_id AND c.erased_at IS NULL
     WHERE p.start_date BETWEEN first AND last
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'screenings', {_Q.format("s.completed_at")}, {_Q.format("s.completed_at")},
           ARRAY[s.outcome, s.domains_noted, s.labour_noted::text, s.sexual_noted::text],
           count(*)
      FROM screening_session s JOIN client c ON c.id = s.client_id AND c.erased_at IS NULL
     WHERE s.status = 'complete' AND s.outcome IS NOT NULL
       AND s.completed_at::date BETWEEN first AND last
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'protocols', {_Q.format("pr.started_at")}, {_Q.format("pr.started_at")},
           ARRAY[pr.protocol_key, pr.status], count(*)
      FROM protocol_run pr JOIN client c ON c.id = pr.client_id AND c.erased_at IS NULL
     WHERE pr.started_at::date BETWEEN first AND last
     GROUP BY 1, 2, 3, 4
$$"""

READERS = '"sh_director", "sh_supervisor"'


def report_counts_ddl() -> Iterator[str]:
    """Create the function, owned by the schema owner, for directors and supervisors only."""
    yield _FUNCTION
    yield from function_for("sh_report_counts(date, date)", READERS)


@dataclass(frozen=True)
class CountedUnits:
    population: str
    start: dt.date  # first day of the quarter
    end: dt.date | None
    codes: tuple[str | None, ...]  # raw values, mapped by the report code
    units: int


def counts_only(session: Session) -> bool:
    """True when this store keeps case rows from report readers (the office server)."""
    return session.get_bind().dialect.name == "postgresql"


def report_counts(session: Session, first: dt.date, last: dt.date) -> list[CountedUnits]:
    """The aggregates; a login without EXECUTE (administrators) gets OfficeSetupFailed."""
    try:
        rows = session.execute(
            text("SELECT * FROM sh_report_counts(:first, :last)"), {"first": first, "last": last}
        ).all()
    except ProgrammingError as exc:
        if isinstance(exc.orig, psycopg.errors.InsufficientPrivilege):
            raise OfficeSetupFailed("reports_for_directors") from None
        raise
    return [
        CountedUnits(str(pop), start, end, tuple(codes or ()), int(n))
        for pop, start, end, codes, n in rows
    ]
