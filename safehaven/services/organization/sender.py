"""The sender block of letters: the shelter's name, address, phone, e-mail and logo, kept as
settings (first-run wizard, Administration → Organization, `safehaven settings`). A letter is
refused, with the missing details named, rather than printed with blanks."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from safehaven.services import settings as settings_service
from safehaven.services.errors import DomainError

REQUIRED = ("organization_name", "organization_address", "organization_phone")
SENDER_KEYS = (*REQUIRED, "organization_email", "letterhead_logo_png_b64")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SenderDetailsMissing(DomainError):
    """Letters need the sender's details: `missing` names the settings not yet set."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(missing)
        self.missing = missing


@dataclass(frozen=True)
class Sender:
    name: str
    address: str
    phone: str
    email: str
    logo_png_b64: str


def missing_details(values: dict[str, Any]) -> tuple[str, ...]:
    """The required sender settings that are empty in `values`."""
    return tuple(key for key in REQUIRED if not str(values.get(key) or "").strip())


def letter_sender(session: Session) -> Sender:
    """The sender block, or SenderDetailsMissing naming what is not set."""
    values = settings_service.all_settings(session)
    missing = missing_details(values)
    if missing:
        raise SenderDetailsMissing(missing)
    return Sender(
        name=str(values["organization_name"]).strip(),
        address=str(values["organization_address"]).strip(),
        phone=str(values["organization_phone"]).strip(),
        email=str(values.get("organization_email") or "").strip(),
        logo_png_b64=str(values.get("letterhead_logo_png_b64") or ""),
    )


def logo_problem(encoded: str) -> str | None:
    """None when `encoded` is empty or a base64 PNG; else an error code."""
    if not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return "not_png"
    return None if data.startswith(PNG_MAGIC) else "not_png"
