"""Shared set-up for the referral and letter tests: a client with restricted details, a partner."""

from __future__ import annotations

import datetime as dt

from safehaven.services import settings as settings_service
from safehaven.services.actor import Actor
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.consent import consent as consent_service
from safehaven.services.directory import directory
from safehaven.services.referrals.referrals import ReferralDraft, create_referral

LEGAL_NAME = "Marisol Quintanilla Obregon"
ADDRESS = "742 Evergreen Terrace, Springfield"
DOB = dt.date(1999, 4, 17)


def make_client(session, caseworker: Actor) -> int:
    row = register_client(
        session,
        actor=caseworker,
        draft=ClientDraft(
            chosen_name="Luz",
            legal_name=LEGAL_NAME,
            date_of_birth=DOB,
            address=ADDRESS,
            phone="+1-555-201-3344",
            pronouns="she/her",
            languages="es,en",
            assigned_caseworker_id=caseworker.user_id,
        ),
    )
    return row.id


def make_org(session, admin: Actor, name: str = "Harbor Legal Aid") -> int:
    row = directory.create_organization(
        session,
        actor=admin,
        draft=directory.OrganizationDraft(
            name=name,
            org_type="legal_service",
            scope="local",
            services=("legal", "immigration"),
            languages=("en", "es"),
            city="Springfield",
            phone="555-0100",
            contact_name="Jordan Reyes",
            last_verified=dt.date.today(),
        ),
    )
    return row.id


def grant(session, actor: Actor, client_id: int, org_id: int, fields=("chosen_name",), **kw):
    return consent_service.record_consent(
        session,
        actor=actor,
        client_id=client_id,
        purpose="referral_organization",
        organization_id=org_id,
        granted=True,
        method="written",
        shareable_fields=tuple(fields),
        **kw,
    )


def make_referral(session, actor: Actor, client_id: int, org_id: int, **kw) -> int:
    draft = ReferralDraft(organization_id=org_id, service_type="legal", **kw)
    return create_referral(session, actor=actor, client_id=client_id, draft=draft).id


SENDER = {
    "organization_name": "Casa Esperanza",
    "organization_address": "PO Box 12, Riverton",
    "organization_phone": "555-0100",
}


def set_sender(session, admin: Actor, **changes: str) -> None:
    """The shelter's details that letters are signed with (`changes` overrides them)."""
    settings_service.update_settings(session, actor=admin, changes={**SENDER, **changes})
    session.commit()
