"""Partners: a directory organization holding another organization's key card, and whether
someone compared its safety number by phone. A different key is a new, unverified card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.directory import Organization, organization_display_name
from safehaven.models.exchange import ExchangePartner
from safehaven.models.permissions import Permission
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import NotFound
from safehaven.services.exchange.cards import parse_card
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.identity import find_identity
from safehaven.services.exchange.keys import safety_number


@dataclass(frozen=True)
class PartnerRow:
    id: int
    organization_id: int
    organization_name: str
    card_name: str
    fingerprint: str
    safety_number: str
    verified_at: dt.datetime | None
    verified_by: str | None  # display name of who compared the number

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


@dataclass(frozen=True)
class CardImport:
    partner: PartnerRow
    outcome: str  # added | unchanged | key_changed


def import_partner_card(
    session: Session, *, actor: Actor, organization_id: int, data: bytes
) -> CardImport:
    """Pin a card to a directory organization. The same card again changes nothing; another
    key replaces the old one and clears its verification."""
    require(actor, Permission.MANAGE_DIRECTORY)
    card = parse_card(data)
    with session.begin():
        org = _organization(session, organization_id)
        own = find_identity(session)
        if own is not None and own.fingerprint == card.fingerprint:
            raise ExchangeError("own_card")
        holder = session.execute(
            select(ExchangePartner).where(ExchangePartner.fingerprint == card.fingerprint)
        ).scalar()
        if holder is not None and holder.organization_id != org.id:
            raise ExchangeError("card_in_use")
        partner = _partner_of(session, org.id)
        now = utcnow()
        if partner is None:
            partner = ExchangePartner(organization_id=org.id, imported_at=now)
            session.add(partner)
            outcome = "added"
        elif partner.fingerprint == card.fingerprint:
            return CardImport(_row(session, partner, org), "unchanged")
        else:
            outcome = "key_changed"
        partner.card_name = card.name
        partner.signing_public = card.signing_public
        partner.age_recipient = card.age_recipient
        partner.fingerprint = card.fingerprint
        partner.imported_at, partner.imported_by_id = now, actor.user_id
        partner.verified_at, partner.verified_by_id = None, None
        session.flush()
        _audit(session, actor, partner, f"exchange_partner_{outcome}")
        return CardImport(_row(session, partner, org), outcome)


def verify_partner(
    session: Session, *, actor: Actor, organization_id: int, fingerprint: str
) -> PartnerRow:
    """Record that `actor` compared the safety number by phone now. `fingerprint` is the card
    the person was looking at, so a key changed meanwhile is not verified by mistake."""
    require(actor, Permission.MANAGE_DIRECTORY)
    with session.begin():
        org = _organization(session, organization_id)
        partner = _partner_of(session, org.id)
        if partner is None:
            raise ExchangeError("no_partner")
        if partner.fingerprint != fingerprint:
            raise ExchangeError("card_changed")
        partner.verified_at, partner.verified_by_id = utcnow(), actor.user_id
        _audit(session, actor, partner, "exchange_partner_verified")
        return _row(session, partner, org)


def get_partner(session: Session, *, actor: Actor, organization_id: int) -> PartnerRow | None:
    require(actor, Permission.VIEW_DIRECTORY)
    with session.begin():
        org = _organization(session, organization_id)
        partner = _partner_of(session, org.id)
        return None if partner is None else _row(session, partner, org)


def list_partners(session: Session, *, actor: Actor) -> list[PartnerRow]:
    require(actor, Permission.VIEW_DIRECTORY)
    with session.begin():
        stmt = select(ExchangePartner, Organization).join(
            Organization, Organization.id == ExchangePartner.organization_id
        )
        rows = session.execute(stmt.order_by(Organization.name)).all()
        return [_row(session, p, o) for p, o in rows]


def partner_row(session: Session, partner: ExchangePartner) -> PartnerRow:
    return _row(session, partner, session.get(Organization, partner.organization_id))


def _row(session: Session, partner: ExchangePartner, org: Organization | None) -> PartnerRow:
    who = session.get(User, partner.verified_by_id) if partner.verified_by_id else None
    return PartnerRow(
        id=partner.id,
        organization_id=partner.organization_id,
        organization_name=organization_display_name(org.name, org.city) if org else "",
        card_name=partner.card_name,
        fingerprint=partner.fingerprint,
        safety_number=safety_number(partner.fingerprint),
        verified_at=partner.verified_at,
        verified_by=who.display_name if who else None,
    )


def _organization(session: Session, organization_id: int) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound("organization", organization_id)
    return org


def _partner_of(session: Session, organization_id: int) -> ExchangePartner | None:
    stmt = select(ExchangePartner).where(ExchangePartner.organization_id == organization_id)
    return session.execute(stmt).scalar()


def _audit(session: Session, actor: Actor, partner: ExchangePartner, action: str) -> None:
    record_event(
        session,
        actor_id=actor.user_id,
        action=action,
        object_type="organization",
        object_id=partner.organization_id,
        details={"fingerprint": partner.fingerprint},
    )
