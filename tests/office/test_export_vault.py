"""An office database moves back onto a laptop: vault → office → vault keeps every row, every
value (restricted ones sealed again under the new vault's key) and one verifying chain."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.models import Base
from safehaven.models.audit import AuditEvent
from safehaven.services import audit
from safehaven.services.accounts import accounts
from safehaven.services.accounts.accounts import sign_in, sign_in_with_recovery
from safehaven.services.actor import Actor
from safehaven.services.cases import clients, notes
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.errors import ValidationFailed, WeakPassword
from safehaven.services.office.exporter import export_office
from safehaven.storage.errors import VaultExists, WrongCredentials
from safehaven.storage.fields import SEALED
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.vault import VaultPaths
from tests.office.conftest import (
    STAFF_PASSWORD,
    Office,
    Team,
    grant_login,
    laptop_vault,
    office_from_vault,
)

NEW_PASSWORD = "laptop vault passphrase 4417 again"
LEGAL = "Legal Name Ñandú"
BIRTH = dt.date(1990, 4, 2)


def _vault_in_office(team: Team, folder: Path, name: str) -> tuple[Office, Actor, int]:
    """A vault with a caseworker's case and note, moved into a new office database; the
    caseworker then adds a note on the server. Returns the office, the caseworker, the case."""
    admin_name, worker_name = f"vadmin.{name}", f"vworker.{name}"
    vault, _admin, worker = laptop_vault(folder, name)
    try:
        draft = ClientDraft(
            chosen_name="Round Trip",
            legal_name=LEGAL,
            date_of_birth=BIRTH,
            phone="+1 555 0100",
            assigned_caseworker_id=worker.user_id,
        )
        with vault.session() as session:
            case = clients.register_client(session, actor=worker, draft=draft)
        with vault.session() as session:
            notes.add_note(
                session, actor=worker, client_id=case.id, dated=BIRTH, text="written on the laptop"
            )
        office, _report = office_from_vault(team.office.server, name, vault)
    finally:
        vault.close()
    grant_login(office, admin_name, worker.user_id)
    store = office.store(worker_name)
    try:
        with store.session() as session:
            notes.add_note(
                session, actor=worker, client_id=case.id, dated=BIRTH, text="written at the office"
            )
    finally:
        store.close()
    return office, worker, case.id


def _office_counts(office: Office) -> dict[str, int]:
    with psycopg.connect(office.admin_dsn) as conn:
        return {
            t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"'.encode()).fetchone()[0]  # type: ignore[index]
            for t in Base.metadata.sorted_tables
        }


def _office_head(office: Office) -> str:
    with psycopg.connect(office.admin_dsn) as conn:
        row = conn.execute("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    assert row is not None
    return str(row[0])


def test_vault_to_office_and_back_keeps_rows_values_and_chain(team: Team, tmp_path) -> None:
    name = f"roundtrip_{team.office.dbname}"
    office, worker, case_id = _vault_in_office(team, tmp_path / "first", name)
    before = _office_counts(office)
    office_head = _office_head(office)

    report = export_office(
        office.admin_dsn,
        tmp_path / "back",
        admin_username=f"vadmin.{name}",
        admin_password=NEW_PASSWORD,
        kdf=FAST_TEST_KDF,
    )

    assert report.counts == before
    assert report.anchored_head == office_head
    assert report.audit_events == before["audit_event"]
    assert report.waiting_accounts == 1  # the caseworker: no password in the new vault yet
    signed = sign_in(tmp_path / "back", f"vadmin.{name}", NEW_PASSWORD)
    admin = signed.actor
    try:
        with signed.vault.session() as session:
            assert audit.verify_chain(session, actor=admin).ok
            events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        anchor = next(e for e in events if e.action == "office_imported")
        assert anchor.id == before["audit_event"] + 1
        assert json.loads(anchor.details)["head"] == office_head
        assert "vault_imported" in [e.action for e in events[: anchor.id]]  # the first move
        with pytest.raises(WrongCredentials):  # only the administrator has a slot so far
            sign_in(tmp_path / "back", worker.username, STAFF_PASSWORD)
        temporary = accounts.reset_password(signed.vault, actor=admin, user_id=worker.user_id)
    finally:
        signed.vault.close()
    again = sign_in(tmp_path / "back", worker.username, temporary)
    try:
        with again.vault.session() as session:
            case = clients.get_client(session, actor=again.actor, client_id=case_id)
            texts = [
                n.text for n in notes.list_notes(session, actor=again.actor, client_id=case_id)
            ]
    finally:
        again.vault.close()
    assert (case.legal_name, case.date_of_birth, case.phone) == (LEGAL, BIRTH, "+1 555 0100")
    assert sorted(texts) == ["written at the office", "written on the laptop"]
    # sealed in the file as the vault stores restricted values (read with the data key only)
    assert LEGAL.encode() not in _plain_database(tmp_path / "back", NEW_PASSWORD, admin.username)
    recovered = sign_in_with_recovery(
        tmp_path / "back", report.recovery_key, as_username=admin.username
    )
    recovered.vault.close()


def _plain_database(folder: Path, password: str, username: str) -> bytes:
    """Every stored value of the vault as SQLite holds it after SQLCipher decrypts the pages."""
    signed = sign_in(folder, username, password)
    try:
        with signed.vault.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT legal_name, phone FROM client").all()
            note_texts = conn.exec_driver_sql("SELECT text FROM note").all()
    finally:
        signed.vault.close()
    assert all(str(v).startswith(SEALED) for row in stored for v in row)
    assert all(str(t).startswith(SEALED) for (t,) in note_texts)
    return repr((stored, note_texts)).encode()


def test_export_refuses_a_bad_name_a_weak_password_and_an_existing_vault(
    team: Team, tmp_path
) -> None:
    target = tmp_path / "v"
    with pytest.raises(ValidationFailed):
        export_office(
            team.office.admin_dsn, target, admin_username="a b", admin_password=NEW_PASSWORD
        )
    with pytest.raises(WeakPassword):
        export_office(team.office.admin_dsn, target, admin_username="keeper", admin_password="pass")
    assert not target.exists()
    accounts.initialize_vault(
        target, admin_username="keeper", admin_password=NEW_PASSWORD, kdf=FAST_TEST_KDF
    ).signed_in.vault.close()
    with pytest.raises(VaultExists):
        export_office(
            team.office.admin_dsn,
            target,
            admin_username="keeper",
            admin_password=NEW_PASSWORD,
            kdf=FAST_TEST_KDF,
        )
    assert sign_in(target, "keeper", NEW_PASSWORD).vault.close() is None  # untouched


def test_a_broken_office_chain_makes_no_vault(team: Team, tmp_path) -> None:
    name = f"brokenchain_{team.office.dbname}"
    office, _worker, _case = _vault_in_office(team, tmp_path / "first", name)
    with psycopg.connect(office.admin_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
        conn.execute("UPDATE audit_event SET action = 'rewritten' WHERE id = 2")
    with pytest.raises(OfficeSetupFailed) as refused:
        export_office(
            office.admin_dsn,
            tmp_path / "back",
            admin_username="keeper",
            admin_password=NEW_PASSWORD,
            kdf=FAST_TEST_KDF,
        )
    assert refused.value.reason == "audit_chain_broken"
    assert not VaultPaths(tmp_path / "back").exists()


def test_export_vault_command_prints_the_recovery_key(team: Team, tmp_path, capsys) -> None:
    name = f"cliback_{team.office.dbname}"
    office, _worker, _case = _vault_in_office(team, tmp_path / "first", name)
    secret = tmp_path / "pw"
    secret.write_text(NEW_PASSWORD)
    code = main(
        [
            "office",
            "export-vault",
            "--dsn",
            office.admin_dsn,
            "--out",
            str(tmp_path / "back"),
            "--admin",
            "keeper",
            "--password-file",
            str(secret),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    key = out.split("Recovery key", 1)[1].splitlines()[1].strip()
    assert "2 accounts have no vault password yet" in out  # vadmin and the caseworker
    signed = sign_in_with_recovery(tmp_path / "back", key, as_username="keeper")
    signed.vault.close()
