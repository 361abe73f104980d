"""Registering a client and reading or editing the profile, with the legal-name restriction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import (
    CITIZENSHIP,
    GENDERS,
    STATUSES,
    TRAFFICKING_TYPES,
    Client,
    format_case_number,
)
from safehaven.models.permissions import Permission
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import (
    CLIENT_RESTRICTED,
    read_client_fields,
    reads_restricted,
    refresh_age_as,
    refresh_age_at_intake,
    write_client_field,
)
from safehaven.services.errors import ChangedElsewhere, ValidationFailed
from safehaven.services.languages.codes import is_known_code, parse_codes
from safehaven.storage.fields import Restricted

RESTRICTED_FIELDS = CLIENT_RESTRICTED


@dataclass(frozen=True)
class ClientDraft:
    """Editable profile fields. `None` = not collected."""

    chosen_name: str = ""
    other_names: str | None = None
    pronouns: str | None = None
    legal_name: str | None = None
    date_of_birth: dt.date | None = None
    estimated_age: int | None = None
    age_is_estimated: bool = False
    gender: str | None = None
    languages: str | None = None
    interpreter_needed: bool | None = None
    preferred_language: str | None = None  # ISO 639 code, e.g. "ar"
    country_of_origin: str | None = None
    citizenship_category: str | None = None
    trafficking_type: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    safe_contact: str | None = None
    status: str = "active"
    assigned_caseworker_id: int | None = None
    intake_date: dt.date | None = None
    closure_date: dt.date | None = None


@dataclass(frozen=True)
class ClientRow(ClientDraft):
    id: int = 0
    case_number: str = ""
    legal_visible: bool = False  # False: restricted fields were withheld (all None)
    version: int = 0  # the saved version this row shows; pass it back to `update_client`


def validate_draft(draft: ClientDraft, *, today: dt.date | None = None) -> dict[str, str]:
    """Field → error code. Used by the service and by the form as you type."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if not draft.chosen_name.strip():
        errors["chosen_name"] = "required"
    elif len(draft.chosen_name) > 120:
        errors["chosen_name"] = "too_long"
    if draft.date_of_birth is not None and not (
        dt.date(1900, 1, 1) <= draft.date_of_birth <= today
    ):
        errors["date_of_birth"] = "out_of_range"
    if draft.estimated_age is not None and not 0 <= draft.estimated_age <= 120:
        errors["estimated_age"] = "out_of_range"
    for name, allowed in (
        ("gender", GENDERS),
        ("citizenship_category", CITIZENSHIP),
        ("trafficking_type", TRAFFICKING_TYPES),
        ("status", STATUSES),
    ):
        value = getattr(draft, name)
        if value is not None and value not in allowed:
            errors[name] = "unknown_choice"
    errors.update(_language_errors(draft))
    country = draft.country_of_origin
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isupper()):
        errors["country_of_origin"] = "not_iso_code"
    if draft.email and ("@" not in draft.email or " " in draft.email.strip()):
        errors["email"] = "invalid"
    if draft.closure_date and draft.intake_date and draft.closure_date < draft.intake_date:
        errors["closure_date"] = "before_intake"
    return errors


def _language_errors(draft: ClientDraft) -> dict[str, str]:
    """Languages are ISO 639 codes ("ar,fr"); the preferred language is one of them."""
    errors = {}
    try:
        parse_codes(draft.languages or "")
    except ValueError:
        errors["languages"] = "not_language_code"
    if draft.preferred_language is not None and not is_known_code(draft.preferred_language):
        errors["preferred_language"] = "not_language_code"
    return errors


def register_client(session: Session, *, actor: Actor, draft: ClientDraft) -> ClientRow:
    """Quick registration: only a chosen name (or alias) is needed."""
    require(actor, Permission.REGISTER_CLIENT)
    draft = _clean(draft)
    errors = validate_draft(draft)
    if draft.legal_name and not actor.can(Permission.VIEW_LEGAL_NAME):
        errors["legal_name"] = "not_permitted"
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        values = _column_values(draft)
        restricted = {k: values.pop(k) for k in RESTRICTED_FIELDS}
        client = Client(**values)
        client.intake_date = draft.intake_date or dt.date.today()
        client.case_number = next_case_number(session, client.intake_date.year)
        client.created_by_id = actor.user_id
        session.add(client)
        session.flush()
        for name, value in restricted.items():
            if value is not None:
                write_client_field(session, client, name, value)
        refresh_age_at_intake(client, draft.date_of_birth)
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="client_registered",
            object_type="client",
            object_id=client.id,
            client_id=client.id,
        )
        return to_row(client, actor)


def get_client(session: Session, *, actor: Actor, client_id: int) -> ClientRow:
    """Open a case: checks access, records the view in the audit trail."""
    with session.begin():
        client = load_client(session, actor, client_id)
        row = to_row(client, actor)  # read before the audit event: the chain's lock is short
        record_event(
            session,
            actor_id=actor.user_id,
            action="client_viewed",
            object_type="client",
            object_id=client.id,
            client_id=client.id,
        )
        return row


def update_client(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    draft: ClientDraft,
    expected_version: int | None = None,
) -> ClientRow:
    """Save profile changes. Restricted fields are kept as they were for roles without access.

    With `expected_version` (the `version` of the row the edit started from), a profile saved
    by anyone since then is not overwritten: `ChangedElsewhere` is raised and nothing changes.
    """
    draft = _clean(draft)
    errors = validate_draft(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        client = load_client(session, actor, client_id, Permission.EDIT_CLIENT)
        if expected_version is not None and client.version != expected_version:
            raise ChangedElsewhere("client", client_id)
        values = _column_values(draft)
        if not _reads_restricted(session, actor):
            for name in RESTRICTED_FIELDS:
                values.pop(name)
        changed = sorted(k for k, v in values.items() if write_client_field(session, client, k, v))
        if not changed:
            return to_row(client, actor)
        refresh_age_as(session, client, reads_restricted=_reads_restricted(session, actor))
        client.updated_at = utcnow()
        session.flush()  # the row handed back carries the new version
        row = to_row(client, actor)  # read before the audit event: the chain's lock is short
        record_event(
            session,
            actor_id=actor.user_id,
            action="client_updated",
            object_type="client",
            object_id=client.id,
            client_id=client.id,
            details={"fields": changed},
        )
        return row


def next_case_number(session: Session, year: int) -> str:
    """The next free `SH-YYYY-NNNN` (a serial kept in settings, never derived from identity)."""
    serial = int(settings_service.get_setting(session, "next_case_serial"))
    while True:
        number = format_case_number(year, serial)
        serial += 1
        taken = session.execute(select(Client.id).where(Client.case_number == number)).first()
        if taken is None:
            settings_service.put_setting(session, "next_case_serial", serial)
            return number


def to_row(client: Client, actor: Actor, session: Session | None = None) -> ClientRow:
    """The profile; restricted fields only for a permitted actor whose session holds the key."""
    session = session or Session.object_session(client)
    visible = session is not None and _reads_restricted(session, actor)
    # Restricted columns are not even loaded unless shown: in office mode a role without the
    # column privilege may not select them (they are deferred in the model).
    values: dict[str, Any] = {
        f.name: None if f.name in RESTRICTED_FIELDS else getattr(client, f.name)
        for f in fields(ClientDraft)
    }
    if visible and session is not None:
        restricted = read_client_fields(session, client)
        visible = not any(isinstance(v, Restricted) for v in restricted.values())
        if visible:
            values.update(restricted)
    return ClientRow(
        **values,
        id=client.id,
        case_number=client.case_number,
        legal_visible=visible,
        version=client.version or 0,
    )


def _reads_restricted(session: Session, actor: Actor) -> bool:
    return reads_restricted(session, actor)


def _column_values(draft: ClientDraft) -> dict[str, object]:
    values = {f.name: getattr(draft, f.name) for f in fields(ClientDraft)}
    if values["intake_date"] is None:
        values.pop("intake_date")
    return values


def _clean(draft: ClientDraft) -> ClientDraft:
    """Trim text; empty text becomes None (not collected)."""
    changes: dict[str, object] = {}
    for f in fields(ClientDraft):
        value = getattr(draft, f.name)
        if isinstance(value, str):
            stripped = value.strip()
            changes[f.name] = stripped if (stripped or f.name == "chosen_name") else None
    for name in ("languages", "preferred_language"):
        try:
            codes = parse_codes(str(changes.get(name) or ""))
        except ValueError:
            continue  # reported by validate_draft
        changes[name] = ",".join(codes) or None
    if isinstance(changes.get("country_of_origin"), str):
        changes["country_of_origin"] = str(changes["country_of_origin"]).upper()
    return replace(draft, **changes)  # type: ignore[arg-type]
