"""Erasure on an office server: administrators see no case rows (row security gives them none),
so three owner-rights functions do for them exactly what the vault's erasure does, and no more.

- `sh_closed_cases()`: id, case number and closure date of the closed cases (nothing else), for
  the retention list;
- `sh_case_id(number)`: the id of one case number, for an erasure request;
- `sh_erase_client(id)`: deletes every row of that client in the order of
  `storage.client_rows.client_tables()` (the function body is built from that list when the
  rules are applied, so a new table is covered at the next `office upgrade`), then the client
  row, and returns the number of rows deleted with the non-identifying facts kept for past
  totals (intake and closure dates, age at intake, gender, citizenship category, trafficking
  type). The caller turns those into a `StatisticalFact` and audits the erasure in the same
  transaction, under the administrator's own login.

EXECUTE goes to the administrators' group only. PostgreSQL keeps deleted rows on disk until
autovacuum reuses their space, and the backups made before hold them until they are deleted:
docs/office-mode.md says so; the server's disk encryption covers that window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from safehaven.storage.client_rows import client_tables
from safehaven.storage.postgres.roles import function_for

_ADMINS = "sh_admin"
_MARK = 2_147_480_011  # stands for the function's argument while the deletes are compiled


@dataclass(frozen=True)
class ErasedFacts:
    rows: int
    intake_date: dt.date
    closure_date: dt.date | None
    age_at_intake: int | None
    gender: str | None
    citizenship_category: str | None
    trafficking_type: str | None


def erasure_ddl() -> Iterator[str]:
    yield _CLOSED_CASES
    yield _CASE_ID
    yield _erase_function()
    for signature in ("sh_closed_cases()", "sh_case_id(text)", "sh_erase_client(integer)"):
        yield from function_for(signature, f'"{_ADMINS}"')


def closed_cases(session: Session) -> list[tuple[int, str, dt.date]]:
    rows = session.execute(text("SELECT id, case_number, closure_date FROM sh_closed_cases()"))
    return [(int(i), str(n), d) for i, n, d in rows]


def case_id(session: Session, case_number: str) -> int | None:
    found = session.execute(text("SELECT sh_case_id(:n)"), {"n": case_number}).scalar()
    return None if found is None else int(found)


def erase_rows(session: Session, client_id: int) -> ErasedFacts | None:
    """Delete the client's rows (inside the caller's transaction); None when there is no such
    client."""
    row = session.execute(text("SELECT * FROM sh_erase_client(:id)"), {"id": client_id}).first()
    if row is None:
        return None
    return ErasedFacts(int(row[0]), *row[1:])


def _erase_function() -> str:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    steps = []
    for table, condition in client_tables():
        statement = delete(table).where(condition(_MARK))
        compiled = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        steps.append(compiled.replace(str(_MARK), "p_client"))
    body = "\n".join(
        f"    {step};\n    GET DIAGNOSTICS n = ROW_COUNT;\n    total := total + n;"
        for step in steps
    )
    return f"""
CREATE OR REPLACE FUNCTION sh_erase_client(p_client integer)
RETURNS TABLE (out_rows integer, out_intake date, out_closure date, out_age integer,
               out_gender text, out_citizenship text, out_trafficking text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n integer;
    total integer := 0;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM client c WHERE c.id = p_client) THEN
        RETURN;
    END IF;
{body}
    RETURN QUERY
        WITH gone AS (
            DELETE FROM client c WHERE c.id = p_client
            RETURNING c.intake_date, c.closure_date, c.age_at_intake, c.gender,
                      c.citizenship_category, c.trafficking_type
        )
        SELECT total + 1, g.intake_date, g.closure_date, g.age_at_intake, g.gender::text,
               g.citizenship_category::text, g.trafficking_type::text
        FROM gone g;
END
$$"""


_CLOSED_CASES = """
CREATE OR REPLACE FUNCTION sh_closed_cases()
RETURNS TABLE (id integer, case_number text, closure_date date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.id, c.case_number::text, c.closure_date FROM client c
    WHERE c.status = 'closed' AND c.closure_date IS NOT NULL
    ORDER BY c.closure_date, c.id
$$"""

_CASE_ID = """
CREATE OR REPLACE FUNCTION sh_case_id(number text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.id FROM client c WHERE c.case_number = upper(trim(number))
$$"""
