"""A laptop vault moves into an empty office database: rows, ids and the audit chain intact."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.models.audit import AuditEvent
from safehaven.models.exchange import ExchangeIdentity
from safehaven.services import audit
from safehaven.services.accounts import accounts
from safehaven.services.cases import clients, notes
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.exchange.identity import export_age_identity, set_up_identity
from safehaven.services.office import accounts as office_accounts
from safehaven.services.office.importer import import_vault
from safehaven.storage.keyslots import FAST_TEST_KDF
from tests.office.conftest import (
    ADMIN_PASSWORD,
    Office,
    Team,
    grant_login,
    laptop_vault,
    office_from_vault,
)


def test_vault_moves_to_the_office_with_its_chain(team: Team, tmp_path) -> None:
    server = team.office.server
    name = f"import_{team.office.dbname}"
    admin_name, worker_name = f"vadmin.{name}", f"vworker.{name}"
    vault, _admin, worker = laptop_vault(tmp_path / "vault", name)
    try:
        with vault.session() as session:
            case = clients.register_client(
                session,
                actor=worker,
                draft=ClientDraft(chosen_name="Moved case", assigned_caseworker_id=worker.user_id),
            )
        with vault.session() as session:
            notes.add_note(
                session,
                actor=worker,
                client_id=case.id,
                dated=dt.date.today(),
                text="written on the laptop",
            )
        with vault.session() as session:
            vault_events = session.execute(select(AuditEvent)).scalars().all()
        office, report = office_from_vault(server, name, vault)
    finally:
        vault.close()
    assert report.counts["client"] == 1
    assert report.counts["note"] == 1
    assert report.audit_events == len(vault_events)
    assert report.anchored_head == vault_events[-1].hash
    office_admin = grant_login(office, admin_name, worker.user_id)
    store = office.store(admin_name, ADMIN_PASSWORD)
    try:
        with store.session() as session:
            assert audit.verify_chain(session, actor=office_admin).ok
    finally:
        store.close()
    worker_store = office.store(worker_name)
    try:
        with worker_store.session() as session:
            moved = clients.get_client(session, actor=worker, client_id=case.id)
            listed = notes.list_notes(session, actor=worker, client_id=case.id)
        with worker_store.session() as session:
            again = clients.register_client(
                session, actor=worker, draft=ClientDraft(chosen_name="After the move")
            )
    finally:
        worker_store.close()
    assert moved.chosen_name == "Moved case"
    assert [n.text for n in listed] == ["written on the laptop"]
    assert again.id > case.id


def _office_fingerprints(office: Office) -> list[str]:
    with psycopg.connect(office.admin_dsn) as conn:
        rows = conn.execute("SELECT fingerprint FROM exchange_identity").fetchall()
    return [str(r[0]) for r in rows]


@pytest.mark.parametrize("vault_has_keys", [True, False])
def test_office_init_then_import_keeps_one_set_of_exchange_keys(
    team: Team, tmp_path, vault_has_keys: bool
) -> None:
    """`office init` makes keys; importing a vault that has its own replaces them (its partners
    verified those), a vault without keys leaves the office's."""
    server = team.office.server
    name = f"keys{int(vault_has_keys)}_{team.office.dbname}"
    admin_name = f"kadmin.{name}"
    made = accounts.initialize_vault(
        tmp_path / "vault",
        setup=set_up_identity if vault_has_keys else None,
        admin_username=admin_name,
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_TEST_KDF,
    )
    vault = made.signed_in.vault
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    office = Office(server, name)
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    args = ["office", "init", "--dsn", office.admin_dsn, "--admin", admin_name]
    try:
        assert main([*args, "--password-file", str(pw)]) == 0
        (made_at_init,) = _office_fingerprints(office)
        with vault.session() as session:
            own = session.execute(select(ExchangeIdentity.fingerprint)).scalar()
        import_vault(vault.engine, office.admin_dsn, codec=vault.codec())
    finally:
        vault.close()
    assert _office_fingerprints(office) == [own if vault_has_keys else made_at_init]
    store = office.store(admin_name, ADMIN_PASSWORD)
    try:
        with store.session() as session:
            admin = office_accounts.signed_in_actor(session)
        with store.session() as session:
            secret = export_age_identity(session, actor=admin)  # the keys work on the office
    finally:
        store.close()
    assert secret.startswith("AGE-SECRET-KEY-1")
