"""Roles, privileges and row-level security of an office database (run by `office init`).

The policies give exactly the case scope of services/access.py:
- supervisors: every case;
- caseworkers: cases assigned to them and unassigned cases;
- intake staff: the cases they registered;
- directors and administrators: no case rows at all (count-only functions instead).
The organization's secret exchange keys are column privileges of one group, `sh_exchange`, whose
members are the groups of the roles holding USE_EXCHANGE_KEYS (docs/office-mode.md).
Identity is `current_user` (the person's own login), never a client-set setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Table

from safehaven.models import Base
from safehaven.models.permissions import ROLE_PERMISSIONS, Permission, Role
from safehaven.storage.postgres.erasure import erasure_ddl
from safehaven.storage.postgres.hidden_match import hidden_match_ddl
from safehaven.storage.postgres.report_counts import report_counts_ddl
from safehaven.storage.postgres.roles import (
    ALL_GROUPS,
    CASE_GROUPS,
    EXCHANGE,
    OWNER,
    ROLEMAKER,
    STAFF,
    function_for,
    group_for,
)

RESTRICTED_CLIENT_COLUMNS = ("legal_name", "date_of_birth", "phone", "email", "address")
# Case tables intake staff never reach: case notes, and what partners sent (a received
# referral's shared fields may hold a legal name and contact details) with its messages.
NOT_FOR_INTAKE = ("note", "incoming_referral", "exchange_message")
# Tables without the blanket staff grant: each gets its own grants below. The organization's
# secret exchange keys are readable only by the exchange group; partners' key cards are
# written only by administrators (whoever could swap a card could read what is sent to it).
SHARED_EXCLUDED = ("user", "audit_event", "client", "exchange_identity", "exchange_partner")
SECRET_KEY_COLUMNS = ("signing_seed", "age_identity")

Execute = Callable[[str], object]


def role_ddl() -> Iterator[str]:
    """Create the owner, the role maker and one group per SafeHaven role, if missing."""
    specs = [
        (OWNER, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"),
        (ROLEMAKER, "NOLOGIN NOSUPERUSER NOCREATEDB CREATEROLE NOBYPASSRLS"),
        (STAFF, "NOLOGIN NOSUPERUSER NOBYPASSRLS"),
        *((g, "NOLOGIN NOSUPERUSER NOBYPASSRLS") for g in ALL_GROUPS),
    ]
    for name, options in specs:
        yield (
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
            f'THEN CREATE ROLE "{name}" {options}; END IF; END $$'
        )
    for group in ALL_GROUPS:
        yield f'GRANT "{STAFF}" TO "{group}"'
    yield f'GRANT pg_signal_backend TO "{ROLEMAKER}"'
    yield from exchange_group_ddl()


def exchange_group_ddl() -> Iterator[str]:
    """The exchange group: the groups whose role may use the organization's secret exchange
    keys (USE_EXCHANGE_KEYS) are members; the others are taken out (an upgrade follows the
    permission matrix)."""
    yield (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{EXCHANGE}') "
        f'THEN CREATE ROLE "{EXCHANGE}" NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$'
    )
    for role in Role:
        verb = (
            "GRANT {0} TO {1}"
            if Permission.USE_EXCHANGE_KEYS in ROLE_PERMISSIONS[role]
            else ("REVOKE {0} FROM {1}")
        )
        yield verb.format(f'"{EXCHANGE}"', f'"{group_for(role)}"')


def case_tables() -> dict[str, str]:
    """Every table holding case data -> the SQL condition that a row belongs to a visible case.

    A row tied to a case by a required link is judged by that link alone (a link to the client
    first); a row whose links may all be empty (an exchange message names a referral or a
    received referral) must reach every case it names."""
    found: set[str] = {"client"}
    tables = [t for t in Base.metadata.sorted_tables if t.name not in ("client", "audit_event")]
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name not in found and _case_links(table, found):
                found.add(table.name)
                changed = True
    conditions = {"client": ""}
    for table in tables:
        if table.name in found:
            links = _case_links(table, found)
            required = [test for test, nullable in links if not nullable]
            chosen = required[:1] or [test for test, _nullable in links]
            conditions[table.name] = " AND ".join(chosen)
    return conditions


def _case_links(table: Table, known: set[str]) -> list[tuple[str, bool]]:
    """(condition, nullable) for each link to a case table, links to the client first."""
    links = []
    for fk in sorted(
        table.foreign_keys, key=lambda k: (k.column.table.name != "client", k.parent.name)
    ):
        parent = fk.column.table.name
        if parent not in known:
            continue
        column = fk.parent
        alias = "c" if parent == "client" else "p"
        test = (
            f'EXISTS (SELECT 1 FROM "{parent}" {alias} '
            f'WHERE {alias}.{fk.column.name} = "{table.name}".{column.name})'
        )
        nullable = bool(column.nullable)
        links.append((f"({column.name} IS NULL OR {test})" if nullable else test, nullable))
    return links


def _client_scope(me: str) -> dict[str, tuple[str, str]]:
    """Each case group -> (rows it reaches, rows it may write), for the staff member `me`.

    Intake staff reach a case they registered only while intake is theirs, until a caseworker
    is assigned, as `access.case_scope` says; assigning one (the hand-over) is a write they may
    make."""
    caseworker = f"assigned_caseworker_id IS NULL OR assigned_caseworker_id = {me}"
    return {
        "sh_supervisor": ("true", "true"),
        "sh_caseworker": (caseworker, caseworker),
        "sh_intake": (
            f"created_by_id = {me} AND assigned_caseworker_id IS NULL",
            f"created_by_id = {me}",
        ),
    }


def _client_policies() -> Iterator[str]:
    me = "(SELECT sh_uid())"  # evaluated once per query, not per row (keeps the indexes usable)
    for group, (reach, write) in _client_scope(me).items():
        name = f"client_{group.removeprefix('sh_')}"
        yield f"DROP POLICY IF EXISTS {name} ON client"
        yield (
            f'CREATE POLICY {name} ON client FOR ALL TO "{group}" '
            f"USING ({reach}) WITH CHECK ({write})"
        )


def policy_ddl() -> Iterator[str]:
    yield (
        "CREATE OR REPLACE FUNCTION sh_uid() RETURNS integer LANGUAGE sql STABLE "
        'AS $$ SELECT id FROM "user" WHERE username = current_user::text AND active $$'
    )
    tables = case_tables()
    for name, condition in tables.items():
        yield f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY'
        yield f'ALTER TABLE "{name}" FORCE ROW LEVEL SECURITY'
        yield f'DROP POLICY IF EXISTS owner_all ON "{name}"'
        yield f'CREATE POLICY owner_all ON "{name}" TO "{OWNER}" USING (true) WITH CHECK (true)'
        if name == "client":
            yield from _client_policies()
            continue
        groups = ", ".join(f'"{g}"' for g in CASE_GROUPS)
        yield f'DROP POLICY IF EXISTS case_scope ON "{name}"'
        yield (
            f'CREATE POLICY case_scope ON "{name}" FOR ALL TO {groups} '
            f"USING ({condition}) WITH CHECK ({condition})"
        )
    yield from _audit_policies()


def _audit_policies() -> Iterator[str]:
    yield "ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY"
    yield "ALTER TABLE audit_event FORCE ROW LEVEL SECURITY"
    statements = {
        "owner_all": f'TO "{OWNER}" USING (true) WITH CHECK (true)',
        "audit_read_all": 'FOR SELECT TO "sh_supervisor", "sh_admin" USING (true)',
        "audit_read_case": (
            f'FOR SELECT TO "{STAFF}" USING (client_id IS NOT NULL AND EXISTS '
            "(SELECT 1 FROM client c WHERE c.id = audit_event.client_id))"
        ),
        "audit_append": (
            f'FOR INSERT TO "{STAFF}" WITH CHECK (actor_id IS NULL OR actor_id = (SELECT sh_uid()))'
        ),
    }
    for name, body in statements.items():
        yield f"DROP POLICY IF EXISTS {name} ON audit_event"
        yield f"CREATE POLICY {name} ON audit_event {body}"


def grant_ddl(database: str) -> Iterator[str]:
    yield f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC'
    yield f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{STAFF}"'
    yield "REVOKE ALL ON SCHEMA public FROM PUBLIC"
    yield f'GRANT USAGE ON SCHEMA public TO "{STAFF}", "{ROLEMAKER}"'
    yield f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{STAFF}"'
    yield f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{STAFF}"'
    cases = case_tables()
    writers = '"sh_caseworker", "sh_supervisor"'
    for name in cases:
        if name == "client":
            continue
        yield f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{name}" TO {writers}'
        if name not in NOT_FOR_INTAKE:
            yield f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{name}" TO "sh_intake"'
        else:  # an older `office init` granted some of these
            yield f'REVOKE ALL ON "{name}" FROM "sh_intake"'
    yield f"GRANT SELECT, INSERT, UPDATE ON client TO {writers}"
    names = [c.name for c in Base.metadata.tables["client"].columns] + ["search_vector"]
    open_columns = ", ".join(n for n in names if n not in RESTRICTED_CLIENT_COLUMNS)
    yield 'GRANT INSERT ON client TO "sh_intake"'
    yield 'GRANT SELECT ON client_search TO "sh_intake", ' + writers
    yield f'GRANT SELECT ({open_columns}), UPDATE ({open_columns}) ON client TO "sh_intake"'
    for table in Base.metadata.sorted_tables:
        if table.name not in cases and table.name not in SHARED_EXCLUDED:
            yield f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table.name}" TO "{STAFF}"'
    yield from _exchange_grants()
    yield f'GRANT SELECT ON "user", alembic_version TO "{STAFF}"'
    yield 'GRANT INSERT, UPDATE ON "user" TO "sh_admin"'
    yield f'GRANT SELECT, INSERT ON audit_event TO "{STAFF}"'
    yield "REVOKE ALL ON FUNCTION sh_audit_head() FROM PUBLIC"
    yield f'GRANT EXECUTE ON FUNCTION sh_audit_head() TO "{STAFF}"'
    append = "sh_audit_append(timestamp, integer, text, text, integer, integer, text, text, text)"
    yield f"REVOKE ALL ON FUNCTION {append} FROM PUBLIC"
    yield f'GRANT EXECUTE ON FUNCTION {append} TO "{STAFF}"'


def _exchange_grants() -> Iterator[str]:
    """Everyone reads the public half of our key card and the partners' cards; only the exchange
    group reads the secret keys; administrators make the keys and manage partners' cards."""
    names = [c.name for c in Base.metadata.tables["exchange_identity"].columns]
    public = ", ".join(n for n in names if n not in SECRET_KEY_COLUMNS)
    secret = ", ".join(SECRET_KEY_COLUMNS)
    yield f'REVOKE ALL ON exchange_identity, exchange_partner FROM "{EXCHANGE}", "sh_admin"'
    yield f'GRANT SELECT ({public}) ON exchange_identity TO "{STAFF}"'
    yield f'GRANT SELECT ({secret}) ON exchange_identity TO "{EXCHANGE}"'
    yield f'GRANT INSERT, UPDATE ({secret}) ON exchange_identity TO "sh_admin"'
    yield f'GRANT SELECT ON exchange_partner TO "{STAFF}"'
    yield 'GRANT INSERT, UPDATE, DELETE ON exchange_partner TO "sh_admin"'


def function_ddl() -> Iterator[str]:
    """Staff-login functions (run as the role maker, for administrators only), the director's
    count-only view of the cases, the administrators' erasure functions and the intake duplicate
    check's yes-or-no answer."""
    yield from (_LOGIN_FUNCTIONS[name] for name in _LOGIN_FUNCTIONS)
    for name, args in _FUNCTION_ARGS.items():
        yield from function_for(f"{name}({args})", '"sh_admin"', owner=ROLEMAKER)
    yield _CHANGE_NOTED
    yield from function_for("sh_password_changed()", f'"{STAFF}"')
    yield from _search_functions()
    yield from function_for("sh_client_matches(text)", f'"{STAFF}"')
    yield from function_for("sh_client_first(text, integer)", f'"{STAFF}"')
    yield _CASE_COUNTS
    yield from function_for("sh_case_counts()", '"sh_director", "sh_supervisor", "sh_admin"')
    yield from report_counts_ddl()
    yield from erasure_ddl()
    yield from hidden_match_ddl()


def _search_functions() -> Iterator[str]:
    """The ids of the cases matching a search that the signed-in person may open, as an array:
    all of them (`sh_client_matches`), or the case list's first page (`sh_client_first`).

    Row-level security keeps the text-search index out of a staff login's own queries: `@@` is
    not leakproof, so PostgreSQL must test every row against the policy before the search (a
    caseworker's "ma" read 47,000 rows). This function runs as the owner, where the index
    applies, and limits the matches to the caller's scope itself, built from the same rule as
    the policies (`_client_scope`, for the login that signed in). The query that uses them still
    reads `client` under the policies, so they can never widen what a login sees."""
    me = '(SELECT u.id FROM public."user" u WHERE u.username = session_user::text AND u.active)'
    reach = " OR ".join(
        f"((SELECT pg_has_role(session_user, '{group}', 'USAGE')) AND ({rows}))"
        for group, (rows, _write) in _client_scope(me).items()
    )
    yield f"""
CREATE OR REPLACE FUNCTION sh_client_matches(query text) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(id), '{{}}') FROM client
    WHERE search_vector @@ to_tsquery('simple_unaccent'::regconfig, query) AND ({reach})
$$"""
    # The case list's first page in its usual order (newest intake first): the planner picks
    # between the text index and walking the intake dates, and hands over a page, not 30,000
    # ids of "ma".
    yield f"""
CREATE OR REPLACE FUNCTION sh_client_first(query text, lim integer) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(id), '{{}}') FROM (
        SELECT id FROM client
        WHERE search_vector @@ to_tsquery('simple_unaccent'::regconfig, query)
          AND erased_at IS NULL AND ({reach})
        ORDER BY intake_date DESC, id DESC LIMIT lim) AS page
$$"""


_CHECKS = """
    IF NOT pg_has_role(session_user, 'sh_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'only administrators manage staff logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF login !~ '^[a-z][a-z0-9_.-]{0,62}$' OR login ~ '^(sh_|pg_)' OR login = 'postgres' THEN
        RAISE EXCEPTION 'not a staff login name' USING ERRCODE = 'invalid_parameter_value';
    END IF;"""

_EXISTING = """
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login AND NOT r.rolsuper
                   AND pg_has_role(r.oid, 'sh_staff', 'MEMBER')) THEN
        RAISE EXCEPTION 'no such staff login' USING ERRCODE = 'undefined_object';
    END IF;"""

_VERIFIER = """
    IF verifier !~ '^SCRAM-SHA-256[$]' THEN
        RAISE EXCEPTION 'password must arrive as a SCRAM verifier'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;"""

_HEAD = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"

_FUNCTION_ARGS = {
    "sh_create_login": "text, text, text[]",
    "sh_set_login_groups": "text, text[]",
    "sh_disable_login": "text",
    "sh_enable_login": "text",
    "sh_reset_password": "text, text",
}

_LOGIN_FUNCTIONS = {
    "sh_set_login_groups": f"""
CREATE OR REPLACE FUNCTION sh_set_login_groups(login text, groups text[]) RETURNS void {_HEAD}
DECLARE g text;
BEGIN {_CHECKS} {_EXISTING}
    FOREACH g IN ARRAY ARRAY['intake', 'caseworker', 'supervisor', 'director', 'admin'] LOOP
        EXECUTE format('REVOKE %I FROM %I', 'sh_' || g, login);
    END LOOP;
    FOREACH g IN ARRAY groups LOOP
        IF g NOT IN ('intake', 'caseworker', 'supervisor', 'director', 'admin') THEN
            RAISE EXCEPTION 'unknown role' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('GRANT %I TO %I', 'sh_' || g, login);
    END LOOP;
END $$""",
    "sh_create_login": f"""
CREATE OR REPLACE FUNCTION sh_create_login(login text, verifier text, groups text[])
RETURNS void {_HEAD}
BEGIN {_CHECKS} {_VERIFIER}
    IF cardinality(groups) = 0 THEN
        RAISE EXCEPTION 'a staff login needs a role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS '
                   'NOREPLICATION INHERIT PASSWORD %L', login, verifier);
    EXECUTE format('GRANT %I TO %I', 'sh_staff', login);
    PERFORM public.sh_set_login_groups(login, groups);
END $$""",
    "sh_disable_login": f"""
CREATE OR REPLACE FUNCTION sh_disable_login(login text) RETURNS void {_HEAD}
BEGIN {_CHECKS} {_EXISTING}
    EXECUTE format('ALTER ROLE %I NOLOGIN', login);
    PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a WHERE a.usename = login;
END $$""",
    "sh_enable_login": f"""
CREATE OR REPLACE FUNCTION sh_enable_login(login text) RETURNS void {_HEAD}
BEGIN {_CHECKS} {_EXISTING}
    EXECUTE format('ALTER ROLE %I LOGIN', login);
END $$""",
    "sh_reset_password": f"""
CREATE OR REPLACE FUNCTION sh_reset_password(login text, verifier text) RETURNS void {_HEAD}
BEGIN {_CHECKS} {_EXISTING} {_VERIFIER}
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
END $$""",
}

# A person who set their own password is no longer asked to change it. Staff cannot UPDATE
# "user"; this touches only the row of the login that calls it (session_user).
_CHANGE_NOTED = """
CREATE OR REPLACE FUNCTION sh_password_changed() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE public."user" SET must_change_password = false WHERE username = session_user::text
$$"""

_CASE_COUNTS = """
CREATE OR REPLACE FUNCTION sh_case_counts()
RETURNS TABLE (status text, cases bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.status::text, count(*) FROM client c WHERE c.erased_at IS NULL GROUP BY c.status
$$"""
