"""An office database on one side of an exchange, each person working through their own login,
and a laptop vault on the other (tests/services/exchange/helpers.py)."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.orm import Session

from safehaven.models import Base
from safehaven.services.actor import Actor
from safehaven.services.exchange.cards import card_file
from safehaven.services.exchange.identity import create_organization_identity, our_card
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.partners import import_partner_card, verify_partner
from safehaven.storage.stores.office_store import OfficeStore
from tests.office.conftest import Team
from tests.services.exchange.helpers import Org, card_bytes
from tests.services.referral_helpers import grant, make_client, make_org, make_referral
from tests.services.stores import OfficeTemplate, office_copy

FIELDS = ("chosen_name", "pronouns", "languages", "phone")


@dataclass
class OfficeSide:
    team: Team
    stores: dict[int, OfficeStore] = field(default_factory=dict)

    def session(self, actor: Actor) -> Session:
        """A new session as `actor`, through their own office login."""
        if actor.user_id not in self.stores:
            self.stores[actor.user_id] = self.team.store(actor)
        return self.stores[actor.user_id].session()

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


@contextlib.contextmanager
def office_side(template: OfficeTemplate) -> Iterator[OfficeSide]:
    """A copy of the office template whose administrator made the organization's keys."""
    with office_copy(template) as team:
        side = OfficeSide(team)
        try:
            with side.session(team.admin) as s:
                create_organization_identity(s, actor=team.admin)
            yield side
        finally:
            side.close()


def office_card(side: OfficeSide, reader: Actor) -> bytes:
    with side.session(reader) as s:
        return card_file(our_card(s, actor=reader))


def pin(side: OfficeSide, org_id: int, data: bytes, *, verify: bool = True) -> None:
    """The office administrator imports a card onto directory entry `org_id`."""
    admin = side.team.admin
    with side.session(admin) as s:
        result = import_partner_card(s, actor=admin, organization_id=org_id, data=data)
        if verify:
            fp = result.partner.fingerprint
            verify_partner(s, actor=admin, organization_id=org_id, fingerprint=fp)


def pin_in_vault(org: Org, org_id: int, data: bytes, *, verify: bool = True) -> None:
    with org.session() as s:
        result = import_partner_card(s, actor=org.admin, organization_id=org_id, data=data)
        if verify:
            fp = result.partner.fingerprint
            verify_partner(s, actor=org.admin, organization_id=org_id, fingerprint=fp)


@dataclass
class Pairing:
    vault_in_office: int  # the vault's organization in the office directory
    office_in_vault: int  # the office's organization in the vault's directory


def pair_office_with_vault(side: OfficeSide, org: Org, *, verify: bool = True) -> Pairing:
    """Directory entries on both sides and each side's card pinned (and verified) there. The
    office's card is read by intake staff: the public half needs no exchange permission."""
    with side.session(side.team.admin) as s:
        in_office = make_org(s, side.team.admin, "Clinic B")
    with org.session() as s:
        in_vault = make_org(s, org.admin, "Office Shelter")
    pin(side, in_office, card_bytes(org), verify=verify)
    pin_in_vault(org, in_vault, office_card(side, side.team.intake), verify=verify)
    return Pairing(in_office, in_vault)


def office_referral(side: OfficeSide, org_id: int, caseworker: Actor | None = None) -> int:
    """A case of the caseworker's on the office, consented for `org_id`, with a referral."""
    caseworker = caseworker or side.team.caseworker
    with side.session(caseworker) as s:
        client_id = make_client(s, caseworker)
    with side.session(caseworker) as s:
        grant(s, caseworker, client_id, org_id, fields=FIELDS)
    with side.session(caseworker) as s:
        return make_referral(s, caseworker, client_id, org_id, notes_to_org="Needs an interpreter.")


def send_from_office(side: OfficeSide, referral_id: int, folder: Path, **kw: object) -> Path:
    folder.mkdir(exist_ok=True)
    caseworker = side.team.caseworker
    with side.session(caseworker) as s:
        sent = send_package(s, actor=caseworker, referral_id=referral_id, folder=folder, **kw)  # type: ignore[arg-type]
    return sent.path


def office_database_hash(team: Team) -> str:
    """Every row of every table, read by the server's superuser (row-level security does not
    hide anything from it): equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with psycopg.connect(team.office.admin_dsn) as conn:
        for table in Base.metadata.sorted_tables:
            query = sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table.name))
            digest.update(repr(conn.execute(query).fetchall()).encode())
    return digest.hexdigest()
