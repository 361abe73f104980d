"""The resource directory: find, add, edit and verify partner organizations.

Who may change it: administrators (MANAGE_DIRECTORY) add, edit, verify and import. Caseworkers
(MANAGE_REFERRALS) may add a partner they found while working a case, so a referral is never
blocked on the administrator; such entries are marked "verify before use" until an administrator
verifies them. Everyone with VIEW_DIRECTORY searches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.directory import (
    ORG_TYPES,
    SCOPES,
    Organization,
    is_stale,
    join_codes,
    normalized_key,
    organization_display_name,
    split_codes,
)
from safehaven.models.permissions import Permission
from safehaven.models.referral import SERVICE_TYPES
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

_LIMITS = {
    "name": 200,
    "city": 120,
    "state": 80,
    "phone": 80,
    "email": 200,
    "website": 300,
    "hours": 200,
    "contact_name": 200,
    "contact_email": 200,
    "contact_phone": 80,
    "address": 1000,
    "eligibility": 2000,
    "notes": 4000,
}


class DuplicateOrganization(DomainError):
    """An active entry with the same name and city exists."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(existing_id)
        self.existing_id = existing_id


@dataclass(frozen=True)
class OrganizationDraft:
    name: str = ""
    org_type: str = "ngo"
    scope: str = "local"
    services: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    address: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: str | None = None
    eligibility: str | None = None
    trafficking_competent: bool | None = None
    agreement_on_file: bool = False
    agreement_date: dt.date | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    last_verified: dt.date | None = None
    notes: str | None = None
    verify_before_use: bool = False


@dataclass(frozen=True)
class OrganizationRow(OrganizationDraft):
    id: int = 0
    active: bool = True
    stale: bool = False

    @property
    def display_name(self) -> str:
        """The one way an organization is named on screen (`organization_display_name`)."""
        return organization_display_name(self.name, self.city)


DRAFT_FIELDS = tuple(f.name for f in fields(OrganizationDraft))


def clean_draft(draft: OrganizationDraft) -> OrganizationDraft:
    """Trim text, turn blanks into None, normalize codes."""
    changes: dict[str, Any] = {}
    for name in DRAFT_FIELDS:
        value = getattr(draft, name)
        if isinstance(value, str):
            value = value.strip()
            changes[name] = value if value or name in ("name", "org_type", "scope") else None
    if draft.country:
        changes["country"] = draft.country.strip().upper() or None
    changes["services"] = split_codes(",".join(draft.services))
    changes["languages"] = split_codes(",".join(draft.languages))
    return replace(draft, **changes)


def validate_organization(
    draft: OrganizationDraft, *, today: dt.date | None = None
) -> dict[str, str]:
    """Field → error code; used by the service, the CSV import and the form as you type."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if not draft.name.strip():
        errors["name"] = "required"
    for name, limit in _LIMITS.items():
        value = getattr(draft, name)
        if value is not None and len(value) > limit:
            errors[name] = "too_long"
    if draft.org_type not in ORG_TYPES:
        errors["org_type"] = "unknown_choice"
    if draft.scope not in SCOPES:
        errors["scope"] = "unknown_choice"
    if any(code not in SERVICE_TYPES for code in draft.services):
        errors["services"] = "unknown_choice"
    if any(not (len(c) in (2, 3) and c.isalpha() and c.isascii()) for c in draft.languages):
        errors["languages"] = "not_language_code"
    country = draft.country
    if country and not (len(country) == 2 and country.isalpha() and country.isascii()):
        errors["country"] = "not_iso_code"
    for name in ("email", "contact_email"):
        value = getattr(draft, name)
        if value and ("@" not in value or " " in value.strip()):
            errors[name] = "invalid"
    for name in ("last_verified", "agreement_date"):
        value = getattr(draft, name)
        if value is not None and not dt.date(1990, 1, 1) <= value <= today:
            errors[name] = "out_of_range"
    return errors


def search_organizations(
    session: Session,
    *,
    actor: Actor,
    text: str = "",
    service: str | None = None,
    language: str | None = None,
    scope: str | None = None,
    include_inactive: bool = False,
    today: dt.date | None = None,
) -> list[OrganizationRow]:
    """Entries whose name (or city) contains `text` and that offer `service`, speak `language`
    and have `scope`; sorted by name."""
    require(actor, Permission.VIEW_DIRECTORY)
    today = today or dt.date.today()
    needle = text.strip().casefold()
    stmt = select(Organization).order_by(Organization.name, Organization.id)
    if not include_inactive:
        stmt = stmt.where(Organization.active.is_(True))
    if scope:
        stmt = stmt.where(Organization.scope == scope)
    with session.begin():
        orgs = list(session.execute(stmt).scalars())
        rows = []
        for org in orgs:
            haystack = f"{org.name} {org.city or ''}".casefold()
            if needle and needle not in haystack:
                continue
            if service and service not in split_codes(org.services):
                continue
            if language and language.lower() not in split_codes(org.languages):
                continue
            rows.append(to_row(org, today))
        return rows


def get_organization(session: Session, *, actor: Actor, organization_id: int) -> OrganizationRow:
    require(actor, Permission.VIEW_DIRECTORY)
    with session.begin():
        org = _load_org(session, organization_id)
        return to_row(org, dt.date.today())


def create_organization(
    session: Session, *, actor: Actor, draft: OrganizationDraft
) -> OrganizationRow:
    """Add an entry. Caseworkers' entries are marked "verify before use"."""
    admin = actor.can(Permission.MANAGE_DIRECTORY)
    if not admin and not actor.can(Permission.MANAGE_REFERRALS):
        raise PermissionDenied(Permission.MANAGE_DIRECTORY.value, actor.user_id)
    draft = clean_draft(draft)
    if not admin:
        draft = replace(draft, verify_before_use=True, last_verified=None)
    errors = validate_organization(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        existing = find_duplicate(session, draft.name, draft.city)
        if existing is not None:
            raise DuplicateOrganization(existing)
        org = Organization(created_by_id=actor.user_id)
        _apply(org, draft, actor)
        session.add(org)
        session.flush()
        _audit(session, actor, "organization_created", org.id)
        return to_row(org, dt.date.today())


def update_organization(
    session: Session, *, actor: Actor, organization_id: int, draft: OrganizationDraft
) -> OrganizationRow:
    require(actor, Permission.MANAGE_DIRECTORY)
    draft = clean_draft(draft)
    errors = validate_organization(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        org = _load_org(session, organization_id)
        existing = find_duplicate(session, draft.name, draft.city, exclude_id=org.id)
        if existing is not None:
            raise DuplicateOrganization(existing)
        changed = sorted(n for n in DRAFT_FIELDS if _stored(org, n) != getattr(draft, n))
        _apply(org, draft, actor)
        _audit(session, actor, "organization_updated", org.id, {"fields": changed})
        return to_row(org, dt.date.today())


def mark_verified(
    session: Session, *, actor: Actor, organization_id: int, on: dt.date | None = None
) -> OrganizationRow:
    """Someone checked the entry's details today (clears "verify before use")."""
    require(actor, Permission.MANAGE_DIRECTORY)
    with session.begin():
        org = _load_org(session, organization_id)
        org.last_verified = on or dt.date.today()
        org.verified_by_id = actor.user_id
        org.verify_before_use = False
        _audit(session, actor, "organization_verified", org.id)
        return to_row(org, dt.date.today())


def set_organization_active(
    session: Session, *, actor: Actor, organization_id: int, active: bool
) -> OrganizationRow:
    """Archive (hide from searches) or restore an entry; referrals keep pointing to it."""
    require(actor, Permission.MANAGE_DIRECTORY)
    with session.begin():
        org = _load_org(session, organization_id)
        org.active = active
        action = "organization_restored" if active else "organization_archived"
        _audit(session, actor, action, org.id)
        return to_row(org, dt.date.today())


def find_duplicate(
    session: Session, name: str, city: str | None, *, exclude_id: int | None = None
) -> int | None:
    """Id of an active entry with the same normalized name and city."""
    key = normalized_key(name, city)
    stmt = select(Organization.id, Organization.name, Organization.city).where(
        Organization.active.is_(True)
    )
    for org_id, other_name, other_city in session.execute(stmt):
        if org_id != exclude_id and normalized_key(other_name, other_city) == key:
            return int(org_id)
    return None


def to_row(org: Organization, today: dt.date) -> OrganizationRow:
    values = {name: _stored(org, name) for name in DRAFT_FIELDS}
    return OrganizationRow(
        **values, id=org.id, active=org.active, stale=is_stale(org.last_verified, today)
    )


def new_organization(draft: OrganizationDraft, actor: Actor) -> Organization:
    """An unsaved row from a validated draft (used by the CSV import)."""
    org = Organization(created_by_id=actor.user_id, active=True)
    _apply(org, draft, actor)
    return org


def _stored(org: Organization, name: str) -> Any:
    value = getattr(org, name)
    if name in ("services", "languages"):
        return split_codes(value)
    if name in ("agreement_on_file", "verify_before_use"):
        return bool(value)
    return value


def _apply(org: Organization, draft: OrganizationDraft, actor: Actor) -> None:
    for name in DRAFT_FIELDS:
        value = getattr(draft, name)
        if name in ("services", "languages"):
            value = join_codes(value)
        setattr(org, name, value)
    if draft.last_verified is not None and org.verified_by_id is None:
        org.verified_by_id = actor.user_id


def _load_org(session: Session, organization_id: int) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound("organization", organization_id)
    return org


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    org_id: int,
    details: dict[str, Any] | None = None,
) -> None:
    record_case_event(session, actor, action, "organization", org_id, details=details)
