"""The resource directory in Open Referral HSDS 3.0 (JSON): organizations with their nested
services, locations (addresses), phones, contacts, languages, eligibility and schedules.

Ids are UUIDs derived from the entry's name and city, so the same directory exports the same
file. SafeHaven's own codes (organization type, scope, service type) travel as HSDS
`attributes`. Import checks every record first and adds all of them or none; each error names
the record and the field. Internal fields (notes, referral agreement) and partners' key cards are
never exported.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.directory import Organization, normalized_key
from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.directory.csv_io import add_organizations
from safehaven.services.directory.directory import (
    OrganizationDraft,
    OrganizationRow,
    clean_draft,
    to_row,
    validate_organization,
)
from safehaven.services.exchange.errors import HsdsRejected
from safehaven.services.referrals.labels import SERVICE_LABELS

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1c2a9e-3d5b-4c1e-9a8f-52e0b7d4c311")
MAX_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 20_000
_ORG_ATTRS = ("organization_type", "scope", "trafficking_competent")
Problem = tuple[str, str, str]


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def _attr(link_id: str, entity: str, link_type: str, value: str) -> dict[str, Any]:
    return {
        "id": _id(link_id, link_type, value),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": link_type,
        "taxonomy_term_id": _id("safehaven", link_type, value),
        "value": value,
    }


def export_hsds(session: Session, *, actor: Actor) -> bytes:
    """Every active directory entry as one HSDS 3.0 JSON file."""
    require(actor, Permission.MANAGE_DIRECTORY)
    with session.begin():
        stmt = select(Organization).where(Organization.active.is_(True))
        orgs = session.execute(stmt.order_by(Organization.name, Organization.id)).scalars()
        today = dt.date.today()
        records = [organization_record(to_row(o, today)) for o in orgs]
        record_event(
            session,
            actor_id=actor.user_id,
            action="directory_exported",
            object_type="organization",
            details={"rows": len(records), "format": "hsds"},
        )
    document = {"hsds_version": HSDS_VERSION, "organizations": records}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def organization_record(row: OrganizationRow) -> dict[str, Any]:
    oid = _id("organization", *normalized_key(row.name, row.city))
    attrs = [
        _attr(oid, "organization", "organization_type", row.org_type),
        _attr(oid, "organization", "scope", row.scope),
    ]
    if row.trafficking_competent is not None:
        value = "yes" if row.trafficking_competent else "no"
        attrs.append(_attr(oid, "organization", "trafficking_competent", value))
    record: dict[str, Any] = {
        "id": oid,
        "name": row.name,
        "description": "",
        "email": row.email,
        "website": row.website,
        "phones": _phones(oid, "organization_id", row.phone),
        "contacts": _contacts(oid, row),
        "attributes": attrs,
        "locations": _locations(oid, row),
        "services": [_service(oid, row, code) for code in row.services or (None,)],
    }
    return record


def _phones(owner: str, key: str, number: str | None) -> list[dict[str, Any]]:
    return [{"id": _id(owner, "phone"), key: owner, "number": number}] if number else []


def _contacts(oid: str, row: OrganizationRow) -> list[dict[str, Any]]:
    if not (row.contact_name or row.contact_email or row.contact_phone):
        return []
    cid = _id(oid, "contact")
    return [
        {
            "id": cid,
            "organization_id": oid,
            "name": row.contact_name,
            "email": row.contact_email,
            "phones": _phones(cid, "contact_id", row.contact_phone),
        }
    ]


def _locations(oid: str, row: OrganizationRow) -> list[dict[str, Any]]:
    if not (row.address or row.city or row.state or row.country):
        return []
    lid = _id(oid, "location")
    address = {
        "id": _id(lid, "address"),
        "location_id": lid,
        "address_1": row.address or "",
        "city": row.city or "",
        "state_province": row.state or "",
        "postal_code": "",
        "country": row.country or "",
        "address_type": "physical",
    }
    return [
        {
            "id": lid,
            "organization_id": oid,
            "location_type": "physical",
            "name": row.name,
            "addresses": [address],
        }
    ]


def _service(oid: str, row: OrganizationRow, code: str | None) -> dict[str, Any]:
    sid = _id(oid, "service", code or "")
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": oid,
        "name": SERVICE_LABELS.get(code, row.name) if code else row.name,
        "status": "active",
        "eligibility_description": row.eligibility,
        "assured_date": row.last_verified.isoformat() if row.last_verified else None,
        "languages": [
            {"id": _id(sid, "language", c), "service_id": sid, "code": c} for c in row.languages
        ],
        "schedules": [{"id": _id(sid, "schedule"), "service_id": sid, "description": row.hours}]
        if row.hours
        else [],
        "attributes": [_attr(sid, "service", "service_type", code)] if code else [],
    }
    return service


def import_hsds(session: Session, *, actor: Actor, data: bytes) -> int:
    """Add every organization of the file, or none (HsdsRejected names record and field)."""
    require(actor, Permission.MANAGE_DIRECTORY)
    drafts = parse_hsds(data)
    add_organizations(
        session,
        actor,
        drafts,
        details={"rows": len(drafts), "format": "hsds"},
        reject=lambda labels: HsdsRejected(
            tuple((label, "name", "duplicate_existing") for label in labels)
        ),
    )
    return len(drafts)


def parse_hsds(data: bytes) -> list[tuple[str, OrganizationDraft]]:
    """Every record checked; raise HsdsRejected with all problems, or return the drafts."""
    if len(data) > MAX_BYTES:
        raise HsdsRejected((("file", "", "too_large"),))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HsdsRejected((("file", "", "not_json"),)) from None
    records = document.get("organizations") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise HsdsRejected((("file", "organizations", "required"),))
    if len(records) > MAX_RECORDS:
        raise HsdsRejected((("file", "organizations", "too_many"),))
    problems: list[Problem] = []
    drafts: list[tuple[str, OrganizationDraft]] = []
    seen: set[tuple[str, str]] = set()
    for index, record in enumerate(records):
        label = _label(index, record)
        draft, errors = _draft(record)
        problems += [(label, f, c) for f, c in sorted(errors.items())]
        if draft is not None and not errors:
            key = normalized_key(draft.name, draft.city)
            if key in seen:
                problems.append((label, "name", "duplicate_in_file"))
            seen.add(key)
            drafts.append((label, draft))
    if problems:
        raise HsdsRejected(tuple(problems))
    return drafts


def _label(index: int, record: Any) -> str:
    rid = record.get("id") if isinstance(record, dict) else None
    suffix = f" ({rid[:36]})" if isinstance(rid, str) and rid else ""
    return f"organizations[{index}]{suffix}"


def _draft(record: Any) -> tuple[OrganizationDraft | None, dict[str, str]]:
    if not isinstance(record, dict):
        return None, {"": "not_an_object"}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"name": _text(record, "name", errors) or ""}
    values["email"] = _text(record, "email", errors)
    values["website"] = _text(record, "website", errors)
    values["phone"] = _first_phone(record, "phones", errors)
    values.update(_contact(record, errors))
    values.update(_address(record, errors))
    values.update(_org_attributes(record, errors))
    values.update(_service_values(record, errors))
    if errors:
        return None, errors
    draft = clean_draft(OrganizationDraft(**values))
    return draft, validate_organization(draft)


def _text(obj: dict[str, Any], key: str, errors: dict[str, str], field: str = "") -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        errors[field or key] = "wrong_type"
        return None
    return value


def _list(obj: dict[str, Any], key: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors[key] = "wrong_type"
        return []
    return value


def _first_phone(obj: dict[str, Any], key: str, errors: dict[str, str]) -> str | None:
    phones = _list(obj, key, errors)
    return _text(phones[0], "number", errors, f"{key}.number") if phones else None


def _contact(record: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    contacts = _list(record, "contacts", errors)
    if not contacts:
        return {}
    c = contacts[0]
    return {
        "contact_name": _text(c, "name", errors, "contacts.name"),
        "contact_email": _text(c, "email", errors, "contacts.email"),
        "contact_phone": _first_phone(c, "phones", errors),
    }


def _address(record: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    locations = _list(record, "locations", errors)
    addresses = _list(locations[0], "addresses", errors) if locations else []
    if not addresses:
        return {}
    a = addresses[0]
    return {
        "address": _text(a, "address_1", errors, "addresses.address_1"),
        "city": _text(a, "city", errors, "addresses.city"),
        "state": _text(a, "state_province", errors, "addresses.state_province"),
        "country": _text(a, "country", errors, "addresses.country"),
    }


def _attributes(obj: dict[str, Any], errors: dict[str, str]) -> Iterator[tuple[str, str]]:
    for attr in _list(obj, "attributes", errors):
        link_type, value = attr.get("link_type"), attr.get("value")
        if isinstance(link_type, str) and isinstance(value, str):
            yield link_type, value


def _org_attributes(record: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"org_type": "other"}
    for link_type, value in _attributes(record, errors):
        if link_type == "organization_type":
            out["org_type"] = value
        elif link_type == "scope":
            out["scope"] = value
        elif link_type == "trafficking_competent":
            out["trafficking_competent"] = {"yes": True, "no": False}.get(value)
    return out


def _service_values(record: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    codes: list[str] = []
    languages: list[str] = []
    out: dict[str, Any] = {}
    for service in _list(record, "services", errors):
        codes += [v for t, v in _attributes(service, errors) if t == "service_type"]
        languages += [str(lang.get("code") or "") for lang in _list(service, "languages", errors)]
        for key, field in (
            ("eligibility_description", "eligibility"),
            ("assured_date", "last_verified"),
        ):
            text = _text(service, key, errors, f"services.{key}")
            if text and field not in out:
                out[field] = text
        schedules = _list(service, "schedules", errors)
        if schedules and "hours" not in out:
            out["hours"] = _text(schedules[0], "description", errors, "services.schedules")
    if "last_verified" in out:
        try:
            out["last_verified"] = dt.date.fromisoformat(out["last_verified"])
        except ValueError:
            errors["services.assured_date"] = "invalid"
    out["services"] = tuple(codes)
    out["languages"] = tuple(c for c in languages if c)
    return out
