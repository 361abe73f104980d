"""A format-2 vault keeps its exchange keys and the shared fields of received referrals in clear
under the data key. The next unlock by anyone (here an intake worker, who has no restricted
key) seals them to the vault's sealing key, leaves no old plaintext on any page of the file,
and a caseworker then still answers the referral with the sealed keys."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from safehaven.models.exchange import ExchangeIdentity, IncomingReferral
from safehaven.models.permissions import Role
from safehaven.services.accounts import accounts
from safehaven.services.cases.restricted import read_members
from safehaven.services.exchange.identity import age_secret, signing_secret
from safehaven.services.exchange.incoming import list_incoming
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from tests.conftest import STAFF_PASSWORD
from tests.services.exchange.helpers import OPENED, close_all, make_world
from tests.services.referral_helpers import LEGAL_NAME
from tests.storage.test_restricted_upgrade import _pages

PHONE = "+1-555-201-3344"


def _as_format_two(vault) -> tuple[bytes, tuple[str, ...]]:
    """Write the keys and the shared fields back in clear, as format 2 kept them."""
    with vault.session() as s, s.begin():
        ident = s.query(ExchangeIdentity).one()
        seed, age = signing_secret(s, ident), age_secret(s, ident)
        incoming = s.query(IncomingReferral).one()
        shared = read_members(s, incoming, "shared_fields")
        s.execute(
            text("UPDATE exchange_identity SET signing_seed = :seed, age_identity = :age"),
            {"seed": seed, "age": age},
        )
        s.execute(
            text("UPDATE incoming_referral SET shared_fields = :shared"),
            {"shared": json.dumps(shared)},
        )
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA user_version = 2")
    key = vault.data_key
    vault.close()
    return key, (LEGAL_NAME, PHONE, seed, age)


def test_next_unlock_seals_old_exchange_values_and_work_goes_on(tmp_path: Path) -> None:
    try:
        _run(tmp_path)
    finally:
        close_all()


def _run(tmp_path: Path) -> None:
    w = make_world(tmp_path, fields=("chosen_name", "legal_name", "phone"))
    out = tmp_path / "out"
    out.mkdir()
    with w.a.session() as s:
        package = send_package(s, actor=w.a.caseworker, referral_id=w.referral_id, folder=out)
    with w.b.session() as s:
        incoming = open_received_file(s, actor=w.b.caseworker, data=package.path.read_bytes())
    assert incoming.incoming is not None
    accounts.create_user(
        w.b.vault,
        actor=w.b.admin,
        username="intake",
        display_name="Intake",
        roles=(Role.INTAKE,),
        password=STAFF_PASSWORD,
        must_change_password=False,
    )
    folder = w.b.vault.folder
    key, secrets_ = _as_format_two(w.b.vault)
    db = folder / "safehaven.db"
    assert all(s.encode() in _pages(db, key) for s in secrets_)  # the probe finds them

    signed = accounts.sign_in(folder, "intake", STAFF_PASSWORD)
    with signed.vault.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == 3
        seed, age = conn.execute(
            text("SELECT signing_seed, age_identity FROM exchange_identity")
        ).one()
        shared = json.loads(
            conn.execute(text("SELECT shared_fields FROM incoming_referral")).scalar()
        )
        (details,) = conn.execute(
            text("SELECT details FROM audit_event WHERE action = 'vault_format_upgraded'")
        ).scalars()
    signed.vault.close()
    assert seed.startswith("s1:")  # an intake session seals to the public key
    assert age.startswith("s1:")
    assert shared["legal_name"].startswith("s1:")
    assert shared["phone"].startswith("s1:")
    assert shared["chosen_name"] == "Luz"
    assert json.loads(details) == {"format": 3, "values_encrypted": 4}
    pages = _pages(db, key)
    for secret in secrets_:
        assert secret.encode() not in pages
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    caseworker = accounts.sign_in(folder, "caseworker", STAFF_PASSWORD)
    OPENED.append(caseworker.vault)
    with caseworker.vault.session() as s:
        (row,) = list_incoming(s, actor=caseworker.actor)
    assert dict(row.shared)["legal_name"] == LEGAL_NAME
    with caseworker.vault.session() as s:
        answered = respond_to_referral(
            s, actor=caseworker.actor, incoming_id=row.id, action="accept", folder=out
        )
    with w.a.session() as s:  # signed with the unsealed key: the sender accepts the status
        status = open_received_file(s, actor=w.a.caseworker, data=answered.path.read_bytes())
    assert status.status is not None
    assert status.status.applied
