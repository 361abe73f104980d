"""The resource directory: partner organizations a shelter refers survivors to.

Services offered and languages are stored as comma-separated codes (portable, small). An entry is
*stale* when nobody has verified it for `STALE_AFTER_DAYS`; entries shipped in the seed directory
carry `verify_before_use` until a person has checked them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt

ORG_TYPES = (
    "ngo",
    "hotline",
    "legal_service",
    "health_service",
    "law_enforcement",
    "government",
    "immigration_service",
    "faith_based",
    "education",
    "employment",
    "corporate",
    "other",
)
SCOPES = ("international", "national", "state", "local")
STALE_AFTER_DAYS = 365


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(200), index=True)
    org_type: Mapped[str] = mapped_column(String(40), default="ngo")
    scope: Mapped[str] = mapped_column(String(20), default="local")
    services: Mapped[str] = mapped_column(String(600), default="")  # service-type codes
    languages: Mapped[str] = mapped_column(String(200), default="")  # ISO 639-1 codes
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    city: Mapped[str | None] = mapped_column(String(120), nullable=True)
    state: Mapped[str | None] = mapped_column(String(80), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)  # ISO 3166
    phone: Mapped[str | None] = mapped_column(String(80), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    website: Mapped[str | None] = mapped_column(String(300), nullable=True)
    hours: Mapped[str | None] = mapped_column(String(200), nullable=True)
    eligibility: Mapped[str | None] = mapped_column(Text, nullable=True)
    trafficking_competent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    agreement_on_file: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    contact_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(80), nullable=True)
    last_verified: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    verify_before_use: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


def split_codes(text: str | None) -> tuple[str, ...]:
    """`"legal, health"` → `("legal", "health")`: trimmed, lower-case, no blanks or repeats."""
    if not text:
        return ()
    parts = (p.strip().lower() for p in text.replace(";", ",").split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(c.strip().lower() for c in codes if c.strip()))


def organization_display_name(name: str, city: str | None) -> str:
    """How an organization is named on every screen: its name, then its city when known (two
    entries may share a name; name and city tell them apart, as in `normalized_key`)."""
    place = (city or "").strip()
    return f"{name} ({place})" if place else name


def normalized_key(name: str, city: str | None) -> tuple[str, str]:
    """What makes two entries the same organization: name and city without case, accents,
    punctuation or repeated spaces."""
    return (_fold(name), _fold(city or ""))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", plain).strip()


def is_stale(last_verified: dt.date | None, today: dt.date) -> bool:
    """Never verified, or verified more than `STALE_AFTER_DAYS` ago."""
    return last_verified is None or (today - last_verified).days > STALE_AFTER_DAYS
