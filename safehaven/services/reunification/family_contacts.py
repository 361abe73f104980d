"""Family contacts of a client. Name, location, address, phone and contact notes are restricted
like the legal name: only roles with VIEW_LEGAL_NAME receive or record them.

Audit actions: family_contact_added, family_contact_updated (details: field names only).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.permissions import Permission
from safehaven.models.reunification import FAMILY_RESTRICTED, RELATIONSHIPS, FamilyContact
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import read_field, write_field
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.reunification.records import FamilyContactDraft, FamilyContactRow
from safehaven.storage.fields import Restricted, field_codec

MANAGE = Permission.MANAGE_REUNIFICATION


def list_family_contacts(
    session: Session, *, actor: Actor, client_id: int
) -> list[FamilyContactRow]:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        stmt = select(FamilyContact).where(FamilyContact.client_id == client_id)
        contacts = session.scalars(stmt.order_by(FamilyContact.id))
        return [contact_row(c, actor) for c in contacts]


def add_family_contact(
    session: Session, *, actor: Actor, client_id: int, draft: FamilyContactDraft
) -> FamilyContactRow:
    _check_contact(draft, actor)
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        contact = FamilyContact(client_id=client_id, created_by_id=actor.user_id)
        contact.relationship = draft.relationship
        session.add(contact)
        session.flush()
        _apply_contact(contact, draft, actor, new=True)
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="family_contact_added",
            object_type="family_contact",
            object_id=contact.id,
            client_id=client_id,
        )
        return contact_row(contact, actor)


def update_family_contact(
    session: Session, *, actor: Actor, contact_id: int, draft: FamilyContactDraft
) -> FamilyContactRow:
    """Restricted details are kept as they were for roles that may not see them."""
    _check_contact(draft, actor, editing=True)
    with session.begin():
        contact = load_contact(session, contact_id)
        load_client(session, actor, contact.client_id, MANAGE)
        changed = _apply_contact(contact, draft, actor)
        if changed:
            record_event(
                session,
                actor_id=actor.user_id,
                action="family_contact_updated",
                object_type="family_contact",
                object_id=contact.id,
                client_id=contact.client_id,
                details={"fields": changed},
            )
        return contact_row(contact, actor)


def contact_row(contact: FamilyContact, actor: Actor) -> FamilyContactRow:
    """The DTO; restricted details only for roles with VIEW_LEGAL_NAME whose session holds the
    restricted key."""
    session = Session.object_session(contact)
    visible = actor.can(Permission.VIEW_LEGAL_NAME) and session is not None
    values = {f.name: getattr(contact, f.name) for f in fields(FamilyContactDraft)}
    values.update(dict.fromkeys(FAMILY_RESTRICTED))
    if visible and session is not None:
        plain = {name: read_field(session, contact, name) for name in FAMILY_RESTRICTED}
        visible = not any(isinstance(v, Restricted) for v in plain.values())
        if visible:
            values.update(plain)
    return FamilyContactRow(
        **values, id=contact.id, client_id=contact.client_id, details_visible=visible
    )


def _check_contact(draft: FamilyContactDraft, actor: Actor, *, editing: bool = False) -> None:
    errors: dict[str, str] = {}
    if draft.relationship not in RELATIONSHIPS:
        errors["relationship"] = "unknown_choice"
    if draft.survivor_choice_rank is not None and not 1 <= draft.survivor_choice_rank <= 9:
        errors["survivor_choice_rank"] = "out_of_range"
    if not editing and not actor.can(Permission.VIEW_LEGAL_NAME):
        for name in FAMILY_RESTRICTED:
            if getattr(draft, name):
                errors[name] = "not_permitted"
    if errors:
        raise ValidationFailed(errors)


def _apply_contact(
    contact: FamilyContact, draft: FamilyContactDraft, actor: Actor, *, new: bool = False
) -> list[str]:
    """Restricted details are written only by a session that reads them, or sealed into a new
    contact by a permitted role whose slot lacks the key (never overwriting what it cannot see)."""
    session = Session.object_session(contact)
    assert session is not None  # noqa: S101 - added to the session before this runs
    permitted = actor.can(Permission.VIEW_LEGAL_NAME)
    writes_restricted = permitted and (new or field_codec(session).can_read)
    changed = []
    for f in fields(FamilyContactDraft):
        if f.name in FAMILY_RESTRICTED and not writes_restricted:
            continue
        value = clean_text(getattr(draft, f.name))
        if write_field(session, contact, f.name, value):
            changed.append(f.name)
    return sorted(changed)


def load_contact(session: Session, contact_id: int) -> FamilyContact:
    contact = session.get(FamilyContact, contact_id)
    if contact is None:
        raise NotFound("family_contact", contact_id)
    return contact


def clean_text(value: Any) -> Any:
    """Trimmed text; empty text becomes None (not collected). Other values unchanged."""
    if isinstance(value, str):
        return value.strip() or None
    return value
