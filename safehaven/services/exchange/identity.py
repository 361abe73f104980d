"""The organization's own identity: an Ed25519 signing key and an age X25519 identity, created
once (at vault creation, or by an administrator for an older vault), kept in the database.

The two secret keys are restricted columns (models/restricted.py): in a vault they sit under
the restricted key R, so only a session holding R (caseworker, supervisor, administrator,
recovery) signs, sends or opens packages; the public halves stay readable for the key card."""

from __future__ import annotations

from dataclasses import dataclass

import pyrage
from nacl.signing import SigningKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.exchange import ExchangeIdentity
from safehaven.models.permissions import Permission
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import read_field, write_field
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.keys import b64, fingerprint, safety_number


@dataclass(frozen=True)
class OrganizationCard:
    """The public half: what another organization imports and compares by phone."""

    name: str
    signing_public: str
    age_recipient: str
    fingerprint: str
    safety_number: str


def set_up_identity(session: Session, admin_id: int) -> None:
    """The organization's keys made with a new vault (`initialize_vault(..., setup=...)`)."""
    add_identity(session, created_by_id=admin_id)


def add_identity(session: Session, *, created_by_id: int | None) -> ExchangeIdentity:
    """Make the keys inside the caller's transaction (vault creation uses this)."""
    seed = SigningKey.generate()
    age_identity = pyrage.x25519.Identity.generate()
    public = b64(bytes(seed.verify_key))
    recipient = str(age_identity.to_public())
    row = ExchangeIdentity(
        signing_seed="",  # the secrets are written once the row has its id (associated data)
        age_identity="",
        signing_public=public,
        age_recipient=recipient,
        fingerprint=fingerprint(public, recipient),
        created_by_id=created_by_id,
    )
    session.add(row)
    session.flush()
    write_field(session, row, "signing_seed", b64(bytes(seed)))
    write_field(session, row, "age_identity", str(age_identity))
    session.flush()
    return row


def signing_secret(session: Session, row: ExchangeIdentity) -> str:
    """The signing seed (base64); ExchangeError("keys_restricted") for a session without R."""
    return _secret(session, row, "signing_seed")


def age_secret(session: Session, row: ExchangeIdentity) -> str:
    """The age identity (`AGE-SECRET-KEY-1…`); ExchangeError("keys_restricted") without R."""
    return _secret(session, row, "age_identity")


def _secret(session: Session, row: ExchangeIdentity, column: str) -> str:
    value = read_field(session, row, column)
    if not isinstance(value, str) or not value:
        raise ExchangeError("keys_restricted")
    return value


def find_identity(session: Session) -> ExchangeIdentity | None:
    return session.execute(select(ExchangeIdentity).order_by(ExchangeIdentity.id)).scalar()


def load_identity(session: Session) -> ExchangeIdentity:
    row = find_identity(session)
    if row is None:
        raise ExchangeError("no_identity")
    return row


def create_organization_identity(session: Session, *, actor: Actor) -> OrganizationCard:
    """For a vault made before exchange existed: once, by an administrator."""
    require(actor, Permission.MANAGE_SETTINGS)
    require(actor, Permission.USE_EXCHANGE_KEYS)
    with session.begin():
        if find_identity(session) is not None:
            raise ExchangeError("identity_exists")
        row = add_identity(session, created_by_id=actor.user_id)
        record_event(
            session,
            actor_id=actor.user_id,
            action="exchange_identity_created",
            object_type="exchange_identity",
            object_id=row.id,
            details={"fingerprint": row.fingerprint},
        )
        return card_of(session, row)


def has_identity(session: Session) -> bool:
    with session.begin():
        return find_identity(session) is not None


def our_card(session: Session, *, actor: Actor) -> OrganizationCard:
    require(actor, Permission.VIEW_DIRECTORY)
    with session.begin():
        return card_of(session, load_identity(session))


def export_age_identity(session: Session, *, actor: Actor) -> str:
    """The age secret key, so the `age` tool can open our packages without SafeHaven. Audited."""
    require(actor, Permission.MANAGE_SETTINGS)
    require(actor, Permission.USE_EXCHANGE_KEYS)
    with session.begin():
        row = load_identity(session)
        record_event(
            session,
            actor_id=actor.user_id,
            action="exchange_identity_exported",
            object_type="exchange_identity",
            object_id=row.id,
        )
        return age_secret(session, row)


def card_of(session: Session, row: ExchangeIdentity) -> OrganizationCard:
    name = str(settings_service.get_setting(session, "organization_name") or "SafeHaven")
    return OrganizationCard(
        name=name,
        signing_public=row.signing_public,
        age_recipient=row.age_recipient,
        fingerprint=row.fingerprint,
        safety_number=safety_number(row.fingerprint),
    )
