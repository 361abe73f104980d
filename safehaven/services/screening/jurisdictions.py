"""Hotline and report contacts per jurisdiction: settings, never hard-coded.

`screening_jurisdictions` maps a short key ("us-tx") to {"name", "hotline", "report_contact",
"emergency_contact"}; `screening_jurisdiction` names the one this vault works in. Administrators
edit both; every change is audited by the settings service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from safehaven.services import settings as settings_service
from safehaven.services.actor import Actor
from safehaven.services.errors import ValidationFailed
from safehaven.services.screening.protocol_files import CONTACTS

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FIELDS = ("name", *CONTACTS)
MAX_LEN = 300


@dataclass(frozen=True)
class Jurisdiction:
    key: str
    name: str
    hotline: str
    report_contact: str
    emergency_contact: str

    def contacts(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in CONTACTS}


EMPTY = Jurisdiction("", "", "", "", "")


def current_jurisdiction(session: Session) -> Jurisdiction:
    """The vault's jurisdiction with its contacts (blank ones when none is set)."""
    key = str(settings_service.get_setting(session, "screening_jurisdiction") or "")
    table = settings_service.get_setting(session, "screening_jurisdictions") or {}
    entry = table.get(key) if isinstance(table, dict) else None
    if not isinstance(entry, dict):
        return EMPTY
    return Jurisdiction(key, *(str(entry.get(f) or "") for f in FIELDS))


def list_jurisdictions(session: Session) -> tuple[list[Jurisdiction], str]:
    with session.begin():
        table = settings_service.get_setting(session, "screening_jurisdictions") or {}
        current = str(settings_service.get_setting(session, "screening_jurisdiction") or "")
    rows = [
        Jurisdiction(key, *(str(entry.get(f) or "") for f in FIELDS))
        for key, entry in sorted(table.items())
        if isinstance(entry, dict)
    ]
    return rows, current


def save_jurisdiction(
    session: Session, *, actor: Actor, jurisdiction: Jurisdiction, make_current: bool = True
) -> Jurisdiction:
    """Add or change one jurisdiction (administrators); validated, audited as a settings change."""
    errors = _validate(jurisdiction)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        table: dict[str, Any] = dict(
            settings_service.get_setting(session, "screening_jurisdictions")
        )
    table[jurisdiction.key] = {f: getattr(jurisdiction, f).strip() for f in FIELDS}
    changes: dict[str, Any] = {"screening_jurisdictions": table}
    if make_current:
        changes["screening_jurisdiction"] = jurisdiction.key
    settings_service.update_settings(session, actor=actor, changes=changes)
    return jurisdiction


def _validate(j: Jurisdiction) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not KEY_RE.match(j.key):
        errors["key"] = "invalid"
    if not j.name.strip():
        errors["name"] = "required"
    for name in FIELDS:
        if len(getattr(j, name)) > MAX_LEN:
            errors[name] = "too_long"
    return errors
