"""A caseworker with `psql`-level access (raw psycopg, bypassing SafeHaven) reaches no more than
the services would show them: the database itself enforces the case scope."""

from __future__ import annotations

import psycopg
import pytest

from safehaven.services.cases import clients
from safehaven.services.cases.clients import ClientDraft
from tests.office.conftest import Team


@pytest.fixture(scope="module")
def cases(team: Team) -> dict[str, int]:
    """Three cases registered by the supervisor: cw1's, cw2's, and one unassigned."""
    store = team.store(team.supervisor)
    made: dict[str, int] = {}
    try:
        for key, worker in (
            ("mine", team.caseworker.user_id),
            ("theirs", team.caseworker2.user_id),
            ("open", None),
        ):
            with store.session() as session:
                row = clients.register_client(
                    session,
                    actor=team.supervisor,
                    draft=ClientDraft(
                        chosen_name=f"Ana {key}",
                        legal_name=f"Legal {key}",
                        assigned_caseworker_id=worker,
                    ),
                )
            made[key] = row.id
    finally:
        store.close()
    return made


def test_caseworker_sees_only_assigned_and_unassigned_rows(team: Team, cases) -> None:
    with team.office.raw(team.caseworker.username) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM client")}
        assert cases["mine"] in ids
        assert cases["open"] in ids
        assert cases["theirs"] not in ids
        theirs = conn.execute(
            "SELECT count(*) FROM referral WHERE client_id = %s", (cases["theirs"],)
        ).fetchone()
        assert theirs == (0,)
        hidden = conn.execute(
            "UPDATE client SET chosen_name = 'x' WHERE id = %s", (cases["theirs"],)
        )
        assert hidden.rowcount == 0


def test_caseworker_cannot_take_over_someone_elses_case(team: Team, cases) -> None:
    with (
        team.office.raw(team.caseworker.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
    ):
        conn.execute(
            "UPDATE client SET assigned_caseworker_id = %s WHERE id = %s",
            (team.caseworker2.user_id, cases["open"]),
        )


def test_setting_a_session_variable_grants_nothing(team: Team, cases) -> None:
    with team.office.raw(team.caseworker.username) as conn:
        conn.execute("SET app.user_id = %s" % team.caseworker2.user_id)  # noqa: UP031
        ids = {r[0] for r in conn.execute("SELECT id FROM client")}
    assert cases["theirs"] not in ids


def test_intake_staff_cannot_read_legal_names(team: Team, cases) -> None:
    with team.office.raw(team.intake.username) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT legal_name FROM client")
        assert conn.execute("SELECT count(*) FROM client").fetchone() == (0,)  # none registered


def test_director_and_admin_read_no_case_rows_but_get_counts(team: Team, cases) -> None:
    from tests.office.conftest import ADMIN_PASSWORD

    with (
        team.office.raw(team.admin.username, ADMIN_PASSWORD) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT id FROM client")
    with team.office.raw(team.director.username) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT id FROM client")
        counts = dict(conn.execute("SELECT status, cases FROM sh_case_counts()").fetchall())
    assert counts.get("active", 0) >= 3


def test_audit_is_insert_only_for_staff(team: Team, cases) -> None:
    with team.office.raw(team.supervisor.username) as conn:
        for statement in (
            "UPDATE audit_event SET action = 'x'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] >= 3


def test_an_out_of_order_audit_row_is_refused(team: Team, cases) -> None:
    with (
        team.office.raw(team.supervisor.username) as conn,
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        conn.execute(
            "INSERT INTO audit_event (id, at, actor_id, action, details, prev_hash, hash) "
            "VALUES (100000, now(), %s, 'forged', '{}', %s, %s)",
            (team.supervisor.user_id, "1" * 64, "2" * 64),
        )


def test_no_staff_login_is_superuser_or_bypasses_rls(team: Team) -> None:
    with psycopg.connect(team.office.admin_dsn) as conn:
        rows = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s AND (rolsuper OR rolbypassrls)",
            (f"%{team.office.dbname}",),
        ).fetchall()
    assert rows == []


def test_intake_staff_reach_their_cases_only_until_a_caseworker_is_assigned(team: Team) -> None:
    """`access.case_scope`: intake staff open the cases they registered while intake is theirs;
    the database enforces the same hand-over for a login used outside SafeHaven."""
    store = team.store(team.intake)
    try:
        made = {}
        for key in ("waiting", "handed_over"):
            with store.session() as session:
                row = clients.register_client(
                    session, actor=team.intake, draft=ClientDraft(chosen_name=f"Noor {key}")
                )
            made[key] = row.id
    finally:
        store.close()
    with team.office.raw(team.intake.username) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM client")}
    assert {made["waiting"], made["handed_over"]} <= ids

    supervisor = team.store(team.supervisor)
    try:
        with supervisor.session() as session:
            row = clients.get_client(session, actor=team.supervisor, client_id=made["handed_over"])
            clients.update_client(
                session,
                actor=team.supervisor,
                client_id=row.id,
                draft=ClientDraft(
                    chosen_name=row.chosen_name, assigned_caseworker_id=team.caseworker.user_id
                ),
            )
    finally:
        supervisor.close()
    with team.office.raw(team.intake.username) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM client")}
        audit = conn.execute(
            "SELECT count(*) FROM audit_event WHERE client_id = %s", (made["handed_over"],)
        ).fetchone()
        renamed = conn.execute(
            "UPDATE client SET chosen_name = 'x' WHERE id = %s", (made["handed_over"],)
        )
        assert renamed.rowcount == 0
    assert made["waiting"] in ids
    assert made["handed_over"] not in ids
    assert audit == (0,)


def test_the_duplicate_check_answers_yes_or_no_and_reveals_nothing(team: Team, cases) -> None:
    """`sh_hidden_match` runs with the owner's rights: it must give a caseworker a bare
    true/false for a case they cannot read, never its name, id or legal name."""
    with team.office.raw(team.caseworker.username) as conn:
        theirs = conn.execute("SELECT sh_hidden_match(%s)", ("'theirs':*",))
        assert [d.name for d in theirs.description or ()] == ["sh_hidden_match"]
        assert theirs.fetchall() == [(True,)]  # one row, one boolean: the case exists
        # the caseworker's own and unassigned cases are no hidden match
        assert conn.execute("SELECT sh_hidden_match(%s)", ("'mine':*",)).fetchone() == (False,)
        assert conn.execute("SELECT sh_hidden_match(%s)", ("'open':*",)).fetchone() == (False,)
        # the legal name is not searched at all, even with the owner's rights
        legal = conn.execute("SELECT sh_hidden_match(%s)", ("'legal' <-> 'theirs'",))
        assert legal.fetchone() == (False,)
        # the function hands out no row of the case it found
        assert cases["theirs"] not in {r[0] for r in conn.execute("SELECT id FROM client")}
        definition = conn.execute(
            "SELECT prosecdef, prorettype::regtype::text, proretset, proconfig "
            "FROM pg_proc WHERE proname = 'sh_hidden_match'"
        ).fetchall()
    assert definition == [(True, "boolean", False, ["search_path=public, pg_temp"])]
    for actor in (team.director, team.supervisor):
        with (
            team.office.raw(actor.username) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("SELECT sh_hidden_match(%s)", ("'theirs':*",))


def _matches(conn: psycopg.Connection, text: str) -> set[int]:
    """What both search functions (every match; the first page) name, which must agree."""
    row = conn.execute("SELECT sh_client_matches(%s)", (text,)).fetchone()
    found = set(row[0]) if row else set()
    page = conn.execute("SELECT sh_client_first(%s, 1000)", (text,)).fetchone()
    assert set(page[0] if page else ()) == found
    return found


def test_the_search_function_finds_only_cases_in_the_callers_scope(team: Team, cases) -> None:
    """`sh_client_matches` and `sh_client_first` run as the schema owner (so the search index
    applies under row security); called by hand they still name no case the login could not
    read."""
    with team.office.raw(team.caseworker.username) as conn:
        assert _matches(conn, "ana:*") >= {cases["mine"], cases["open"]}
        assert cases["theirs"] not in _matches(conn, "ana:*")
        conn.execute("SET app.user_id = %s" % team.caseworker2.user_id)  # noqa: UP031
        assert cases["theirs"] not in _matches(conn, "theirs:*")
    with team.office.raw(team.supervisor.username) as conn:
        assert _matches(conn, "ana:* & theirs:*") == {cases["theirs"]}
    for other in (team.intake, team.director):
        with team.office.raw(other.username) as conn:
            assert _matches(conn, "ana:*") == set()
