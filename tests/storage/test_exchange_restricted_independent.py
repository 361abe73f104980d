"""Exchange secrets and received referrals, checked from docs/vault-format.md alone: after a
partner's package is opened and accepted, an intake worker's password finds neither the shared
legal name, date of birth or phone nor any byte of the organization's secret exchange keys,
in any table or on any page of the file; a supervisor's password decrypts them all.

Reading the files uses only argon2-cffi, cryptography and sqlcipher3 (the helpers of
test_restricted_independent.py); SafeHaven's services only set the scene.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD
from tests.services.exchange.helpers import close_all
from tests.storage.test_restricted_independent import _open, _rows, b64
from tests.storage.test_restricted_upgrade import _pages

LEGAL, PHONE, DOB = "Ximena Partnershared Ortiz", "+1-555-0177", "2004-11-23"
CONSENTED = ("chosen_name", "legal_name", "date_of_birth", "phone", "languages")


@dataclass
class Received:
    folder: Path
    signing_seed: str  # base64, as SafeHaven keeps it
    age_identity: str  # AGE-SECRET-KEY-1…
    signing_public: str
    incoming_id: int
    client_id: int


def _send_from_partner(tmp_path: Path):
    """A shelter (A) sends our vault (B) a package carrying legal name, birth date and phone."""
    from safehaven.services.cases.clients import ClientDraft, register_client
    from safehaven.services.exchange.packages import send_package
    from tests.services.exchange.helpers import make_world
    from tests.services.referral_helpers import grant, make_referral

    w = make_world(tmp_path)
    with w.a.session() as s:
        client = register_client(
            s,
            actor=w.a.caseworker,
            draft=ClientDraft(
                chosen_name="Xime",
                legal_name=LEGAL,
                phone=PHONE,
                date_of_birth=dt.date.fromisoformat(DOB),
                languages="es",
                assigned_caseworker_id=w.a.caseworker.user_id,
            ),
        )
    with w.a.session() as s:
        grant(s, w.a.caseworker, client.id, w.a_partner_org, fields=CONSENTED)
    with w.a.session() as s:
        referral_id = make_referral(s, w.a.caseworker, client.id, w.a_partner_org)
    out = tmp_path / "outbox"
    out.mkdir()
    with w.a.session() as s:
        sent = send_package(s, actor=w.a.caseworker, referral_id=referral_id, folder=out)
    assert set(sent.fields) == set(CONSENTED)
    return w, sent.path, out


@pytest.fixture
def received(tmp_path: Path) -> Iterator[Received]:
    try:
        yield _receive(tmp_path)
    finally:
        close_all()


def _receive(tmp_path: Path) -> Received:
    from safehaven.models.exchange import ExchangeIdentity
    from safehaven.models.permissions import Role
    from safehaven.services.accounts import accounts
    from safehaven.services.cases.clients import get_client
    from safehaven.services.exchange.identity import export_age_identity, signing_secret
    from safehaven.services.exchange.incoming import list_incoming
    from safehaven.services.exchange.receive import open_received_file
    from safehaven.services.exchange.status import respond_to_referral

    w, package, out = _send_from_partner(tmp_path)
    for name, role in (("intake", Role.INTAKE), ("supervisor", Role.SUPERVISOR)):
        accounts.create_user(
            w.b.vault,
            actor=w.b.admin,
            username=name,
            display_name=name.title(),
            roles=(role,),
            password=STAFF_PASSWORD,
            must_change_password=False,
        )
    with w.b.session() as s:  # the caseworker opens the package and sees what was shared
        opened = open_received_file(s, actor=w.b.caseworker, data=package.read_bytes())
    assert opened.incoming is not None
    with w.b.session() as s:
        shown = dict(list_incoming(s, actor=w.b.caseworker)[0].shared)
    assert (shown["legal_name"], shown["date_of_birth"], shown["phone"]) == (LEGAL, DOB, PHONE)
    with w.b.session() as s:
        accepted = respond_to_referral(
            s, actor=w.b.caseworker, incoming_id=opened.incoming.id, action="accept", folder=out
        )
    assert accepted.client_id is not None
    with w.b.session() as s:
        client = get_client(s, actor=w.b.caseworker, client_id=accepted.client_id)
    assert (client.legal_name, client.phone, str(client.date_of_birth)) == (LEGAL, PHONE, DOB)
    assert client.chosen_name == "Xime"
    with w.b.session() as s:
        age = export_age_identity(s, actor=w.b.admin)
    with w.b.session() as s, s.begin():
        row = s.query(ExchangeIdentity).one()
        seed, public = signing_secret(s, row), row.signing_public
    w.b.vault.close()  # the files are read from here on without SafeHaven
    return Received(
        w.b.vault.folder, seed, age, public, opened.incoming.id, accepted.client_id or 0
    )


def _secrets(r: Received) -> tuple[str, ...]:
    seed = base64.b64decode(r.signing_seed)
    age_body = r.age_identity.removeprefix("AGE-SECRET-KEY-1")
    return (
        LEGAL,
        "Partnershared",
        PHONE,
        DOB,
        r.signing_seed,
        seed.hex(),
        r.age_identity,
        age_body,
        age_body.lower(),
    )


def test_intake_password_finds_no_shared_field_and_no_exchange_key(received: Received) -> None:
    _doc, _slot, data_key, restricted = _open(received.folder, "intake", STAFF_PASSWORD)
    assert restricted is None
    seed = base64.b64decode(received.signing_seed)
    secrets_ = _secrets(received)
    dump = _rows(received.folder, data_key)
    assert dump["incoming_referral"]  # the rows are there
    assert dump["exchange_identity"]
    for table, rows in dump.items():
        for row in rows:
            for cell in row:
                raw = cell if isinstance(cell, bytes) else str(cell).encode("utf-8")
                assert not any(s.encode() in raw for s in secrets_), table
                assert seed not in raw, table
    pages = _pages(received.folder / "safehaven.db", data_key)
    for secret in secrets_:
        assert secret.encode() not in pages
    assert seed not in pages


def _cell(folder: Path, data_key: bytes, sql: str) -> tuple:
    con = sqlcipher3.connect(str(folder / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    row = con.execute(sql).fetchone()
    con.close()
    return row


def _r1(restricted: bytes, table: str, column: str, row_id: int, stored: str) -> str:
    assert stored.startswith("r1:")
    body = b64(stored[3:])
    aad = f"{table}\x1f{column}\x1f{row_id}".encode()
    return AESGCM(restricted).decrypt(body[:12], body[12:], aad).decode()


def test_supervisor_password_reads_the_shared_fields_and_the_keys(received: Received) -> None:
    _doc, _slot, data_key, restricted = _open(received.folder, "supervisor", STAFF_PASSWORD)
    assert restricted is not None
    row_id, shared = _cell(
        received.folder, data_key, "SELECT id, shared_fields FROM incoming_referral"
    )
    fields = json.loads(shared)
    assert fields["chosen_name"] == "Xime"  # not restricted: in clear under the data key
    for member, value in (("legal_name", LEGAL), ("date_of_birth", DOB), ("phone", PHONE)):
        column = f"shared_fields.{member}"
        assert _r1(restricted, "incoming_referral", column, row_id, fields[member]) == value
    with pytest.raises(Exception):  # noqa: B017, PT011 - bound to its member: moved, it fails
        _r1(restricted, "incoming_referral", "shared_fields.phone", row_id, fields["legal_name"])
    ident_id, seed_stored, age_stored = _cell(
        received.folder, data_key, "SELECT id, signing_seed, age_identity FROM exchange_identity"
    )
    seed = _r1(restricted, "exchange_identity", "signing_seed", ident_id, seed_stored)
    age = _r1(restricted, "exchange_identity", "age_identity", ident_id, age_stored)
    assert (seed, age) == (received.signing_seed, received.age_identity)
    public = Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed)).public_key()
    raw_public = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert base64.b64encode(raw_public).decode() == received.signing_public
    client_id, legal = _cell(received.folder, data_key, "SELECT id, legal_name FROM client")
    assert client_id == received.client_id
    assert _r1(restricted, "client", "legal_name", client_id, legal) == LEGAL


def test_administrator_password_also_holds_the_key(received: Received) -> None:
    assert _open(received.folder, "admin", ADMIN_PASSWORD)[3] is not None
