"""The intake duplicate check on an office server: does a case outside my scope match?

Row-level security keeps every case outside a person's scope out of their queries, so the
vault's query cannot see such a match there. `sh_hidden_match(words)` answers that one question
with the owner's rights and nothing else: it takes the search as a tsquery and returns only
true or false, never a name, id or count. It applies the vault's rule (`access.case_scope`):
a case is outside the scope when row-level security would hide it from the person who signed
in (`session_user`, their own login): caseworkers reach assigned-to-them and unassigned cases,
intake staff the unassigned cases they registered, and supervisors everything (for them the
service answers no without asking). Erased cases never count. Only intake staff and
caseworkers, who run the check, may call it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from safehaven.storage.postgres.roles import function_for

_FUNCTION = """
CREATE OR REPLACE FUNCTION sh_hidden_match(words text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1
          FROM client c,
               (SELECT u.id,
                       pg_has_role(session_user, 'sh_supervisor', 'MEMBER') AS everyone,
                       pg_has_role(session_user, 'sh_caseworker', 'MEMBER') AS casework,
                       pg_has_role(session_user, 'sh_intake', 'MEMBER') AS intake
                  FROM "user" u
                 WHERE u.username = session_user::text AND u.active) me
         WHERE c.search_vector @@ to_tsquery('simple_unaccent'::regconfig, words)
           AND c.erased_at IS NULL
           AND NOT me.everyone
           AND NOT (me.casework AND (c.assigned_caseworker_id IS NULL
                                     OR c.assigned_caseworker_id = me.id))
           AND NOT (me.intake AND c.assigned_caseworker_id IS NULL
                    AND coalesce(c.created_by_id = me.id, false))
    )
$$"""

CALLERS = '"sh_intake", "sh_caseworker"'


def hidden_match_ddl() -> Iterator[str]:
    """Create the function, owned by the schema owner, for intake staff and caseworkers only."""
    yield _FUNCTION
    yield from function_for("sh_hidden_match(text)", CALLERS)


def hidden_match(session: Session, tsquery: str) -> bool:
    found = session.execute(text("SELECT sh_hidden_match(:words)"), {"words": tsquery})
    return bool(found.scalar_one())
