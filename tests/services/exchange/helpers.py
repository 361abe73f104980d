"""Two real vaults that exchange referrals: a shelter (A) and a legal clinic (B)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from safehaven.models import Base
from safehaven.models.permissions import Role
from safehaven.models.user import User
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.exchange.cards import card_file
from safehaven.services.exchange.identity import our_card, set_up_identity
from safehaven.services.exchange.partners import import_partner_card, verify_partner
from safehaven.storage.keyslots import FAST_TEST_KDF, load_keyslots, save_keyslots
from safehaven.storage.vault import OpenVault
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD
from tests.services.referral_helpers import grant, make_client, make_org, make_referral


@dataclass
class Org:
    vault: OpenVault
    admin: Actor
    caseworker: Actor

    def session(self):
        return self.vault.session()


OPENED: list[OpenVault] = []


def close_all() -> None:
    """Close the vaults the helpers opened (called after each test by the conftest)."""
    while OPENED:
        OPENED.pop().close()


def make_vault(folder: Path, name: str, *, track: bool = True) -> Org:
    created = accounts.initialize_vault(
        folder,
        setup=set_up_identity,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
        organization_name=name,
        kdf=FAST_TEST_KDF,
    )
    admin = created.signed_in.actor
    vault = created.signed_in.vault
    row = accounts.create_user(
        vault,
        actor=admin,
        username="caseworker",
        display_name="Casey Worker",
        roles=(Role.CASEWORKER,),
        password=STAFF_PASSWORD,
        must_change_password=False,
    )
    caseworker = Actor(row.id, "caseworker", row.display_name, (Role.CASEWORKER,))
    if track:
        OPENED.append(vault)
    return Org(vault, admin, caseworker)


def card_bytes(org: Org) -> bytes:
    with org.session() as s:
        return card_file(our_card(s, actor=org.admin))


def pair(a: Org, a_org_id: int, b: Org, b_org_id: int, *, verify: bool = True) -> None:
    """A pins B's card on its directory entry `a_org_id` (B's entry for A: `b_org_id`)."""
    for me, org_id, other in ((a, a_org_id, b), (b, b_org_id, a)):
        with me.session() as s:
            result = import_partner_card(
                s, actor=me.admin, organization_id=org_id, data=card_bytes(other)
            )
            if verify:
                verify_partner(
                    s,
                    actor=me.admin,
                    organization_id=org_id,
                    fingerprint=result.partner.fingerprint,
                )


@dataclass
class World:
    a: Org
    b: Org
    a_partner_org: int  # the clinic in A's directory
    b_partner_org: int  # the shelter in B's directory
    client_id: int
    referral_id: int


def make_world(tmp_path: Path, *, verify: bool = True, fields=None) -> World:
    a = make_vault(tmp_path / "shelter", "Shelter A")
    b = make_vault(tmp_path / "clinic", "Clinic B")
    with a.session() as s:
        clinic = make_org(s, a.admin, "Clinic B")
        client_id = make_client(s, a.caseworker)
        grant(
            s,
            a.caseworker,
            client_id,
            clinic,
            fields=fields or ("chosen_name", "pronouns", "languages", "phone"),
        )
        referral_id = make_referral(
            s, a.caseworker, client_id, clinic, notes_to_org="Needs an interpreter."
        )
    with b.session() as s:
        shelter = make_org(s, b.admin, "Shelter A")
    pair(a, clinic, b, shelter, verify=verify)
    return World(a, b, clinic, shelter, client_id, referral_id)


def database_hash(vault: OpenVault) -> str:
    """Every row of every table, hashed: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with vault.session() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def dump_text(vault: OpenVault) -> str:
    with vault.session() as s:
        return "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in s.execute(select(table))
        )


def sign_in_without_restricted_key(org: Org, username: str) -> accounts.SignedIn:
    """Close `org`'s vault, take the restricted key out of `username`'s slot (an account that
    has not yet received it, as after the format-2 upgrade) and sign in as them."""
    with org.session() as s:
        slot_id = s.execute(select(User.slot_id).where(User.username == username)).scalar_one()
    folder = org.vault.folder
    org.vault.close()
    path = folder / "keyslots.json"
    slots = load_keyslots(path)
    slot = slots.slot(slot_id)
    assert slot is not None
    slots.replace_slot(slot.id, replace(slot, restricted_nonce=None, wrapped_restricted_key=None))
    save_keyslots(path, slots)
    signed = accounts.sign_in(folder, username, STAFF_PASSWORD)
    OPENED.append(signed.vault)
    assert signed.vault.restricted_key is None
    return signed


def members(data: bytes) -> tuple[dict[str, object], bytes]:
    """A package file's envelope and its encrypted payload."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read("envelope.json")), zf.read("payload.age")


def repack(envelope: dict[str, object], payload: bytes) -> bytes:
    """A package file made of this envelope and payload (to tamper with either)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("envelope.json", json.dumps(envelope))
        zf.writestr("payload.age", payload)
    return buf.getvalue()


def age_tool_decrypt(package: bytes, secret: str, folder: Path) -> bytes:
    """The package's payload decrypted by the real `age` tool with the recipient's exported
    identity (the format is the standard, not ours)."""
    _envelope, payload = members(package)
    (folder / "payload.age").write_bytes(payload)
    key = folder / "identity.txt"
    key.write_text(secret + "\n")
    key.chmod(0o600)
    result = subprocess.run(
        ["age", "--decrypt", "-i", str(key), str(folder / "payload.age")],
        capture_output=True,
        check=True,
    )
    return result.stdout
