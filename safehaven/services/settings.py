"""Settings kept in the vault, each declared once with its type and default."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from safehaven.i18n import available_languages
from safehaven.models.permissions import Permission
from safehaven.models.setting import Setting
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import ValidationFailed


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec("organization_name", "", str),
        SettingSpec("organization_address", "", str),
        SettingSpec("organization_phone", "", str),
        SettingSpec("organization_email", "", str),
        SettingSpec("letterhead_logo_png_b64", "", str),
        SettingSpec("auto_lock_minutes", 5, int),
        SettingSpec("lock_hides_username", False, bool),  # shared laptops: no name on the lock
        SettingSpec("language", "en", str),
        SettingSpec("demo", False, bool),
        SettingSpec("next_case_serial", 1, int),
        SettingSpec("retention_years_closed", 7, int),
        SettingSpec("reunification_followup_days", [14, 30, 91, 182, 365], list),
        SettingSpec("retention_check_days", [30, 90, 180, 365], list),
        SettingSpec("export_threshold", 11, int),
        SettingSpec("last_auto_backup", "", str),
        SettingSpec("screening_jurisdiction", "", str),  # key into screening_jurisdictions
        SettingSpec("screening_jurisdictions", {}, dict),  # key -> name and contacts
        SettingSpec("screening_protocols", {}, dict),  # administrator-edited protocol files
        SettingSpec("exchange_max_age_days", 30, int),
    )
}


def get_setting(session: Session, key: str) -> Any:
    spec = SPECS[key]
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    return json.loads(row.value)


def all_settings(session: Session) -> dict[str, Any]:
    return {key: get_setting(session, key) for key in SPECS}


def put_setting(session: Session, key: str, value: Any) -> None:
    """Store without permission checks (internal use inside a service's transaction)."""
    spec = SPECS[key]
    if not isinstance(value, spec.kind) or (spec.kind is int and isinstance(value, bool)):
        raise ValidationFailed({key: "wrong_type"})
    row = session.get(Setting, key)
    text = json.dumps(value)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def update_settings(session: Session, *, actor: Actor, changes: dict[str, Any]) -> dict[str, Any]:
    """Administrator change of one or more settings, validated and audited."""
    require(actor, Permission.MANAGE_SETTINGS)
    errors = _validate(changes)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        for key, value in changes.items():
            put_setting(session, key, value)
        record_event(
            session,
            actor_id=actor.user_id,
            action="settings_changed",
            object_type="setting",
            details={"keys": sorted(changes)},
        )
    return all_settings(session)


LETTERHEAD_KEYS = ("organization_address", "organization_phone", "organization_email")


def write_initial(
    session: Session,
    *,
    organization_name: str,
    demo: bool,
    letterhead: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """First settings of a new vault; `letterhead` may carry the address, phone and e-mail,
    `language` the interface language chosen in the first-run wizard."""
    put_setting(session, "organization_name", organization_name)
    if language is not None and language in available_languages():
        put_setting(session, "language", language)
    put_setting(session, "demo", demo)
    for key, value in (letterhead or {}).items():
        if key in LETTERHEAD_KEYS:
            put_setting(session, key, value.strip())


def _validate(changes: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, value in changes.items():
        spec = SPECS.get(key)
        if spec is None or key in ("demo", "next_case_serial"):
            errors[key] = "unknown"
        elif not isinstance(value, spec.kind):
            errors[key] = "wrong_type"
    minutes = changes.get("auto_lock_minutes")
    if isinstance(minutes, int) and not 1 <= minutes <= 120:
        errors["auto_lock_minutes"] = "out_of_range"
    window = changes.get("exchange_max_age_days")
    if isinstance(window, int) and not 1 <= window <= 365:
        errors["exchange_max_age_days"] = "out_of_range"
    language = changes.get("language")
    if isinstance(language, str) and language not in available_languages():
        errors["language"] = "unknown_choice"
    email = changes.get("organization_email")
    if isinstance(email, str) and email.strip() and ("@" not in email or " " in email.strip()):
        errors["organization_email"] = "invalid"
    threshold = changes.get("export_threshold")
    if isinstance(threshold, int) and threshold < 11:
        errors["export_threshold"] = "below_floor"
    return errors
