"""Referral letters: what may go on them, and producing them (preview, print, save).

Every letter passes the consent gate at the moment it is made. It carries only client fields that
the survivor consented to share with this recipient *and* that the caseworker ticked. Printing and
saving are audit events naming the referral and the field names included (never their values).
The PDF exists only in memory; callers write it where the user chose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date, format_time
from sqlalchemy.orm import Session

from safehaven.i18n import available_languages, gettext_for
from safehaven.models.base import utcnow
from safehaven.models.client import Client, age_on
from safehaven.models.directory import Organization, organization_display_name, split_codes
from safehaven.models.permissions import Permission
from safehaven.models.referral import OPEN_STATUSES, Referral
from safehaven.models.user import User
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import read_client_fields
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.services.organization.sender import letter_sender
from safehaven.services.referrals.consent_gate import (
    choose_fields,
    consent_problem,
    may_include,
    pass_gate,
    shareable_fields,
)
from safehaven.services.referrals.labels import (
    FIELD_LABELS,
    GENDER_LABELS,
    REASON_LABELS,
    SERVICE_LABELS,
    URGENCY_LABELS,
)
from safehaven.services.referrals.letter_pdf import LetterContent, render_letter
from safehaven.storage.fields import Restricted

LANGUAGES = tuple(available_languages())  # every language with a catalog in resources/i18n
_Translate = Callable[[str], str]
Purpose = Literal["preview", "print", "save"]
_ACTIONS = {"print": "referral_letter_printed", "save": "referral_letter_saved"}


@dataclass(frozen=True)
class LetterOptions:
    reference: str
    shareable: tuple[str, ...]  # fields the survivor consented to share with this recipient
    restricted: tuple[str, ...]  # among them, those this actor's role may not include
    consent_problem: str | None  # None: a consent in force covers the referral
    overridden: bool
    can_override: bool
    client_id: int = 0
    organization_id: int | None = None
    organization_name: str = ""  # as named on every screen
    service_type: str = ""


@dataclass(frozen=True)
class LetterResult:
    pdf: bytes
    reference: str
    fields: tuple[str, ...]
    language: str
    overridden: bool


def letter_options(session: Session, *, actor: Actor, referral_id: int) -> LetterOptions:
    """What the letter dialog may offer now (no audit: nothing leaves the vault)."""
    require(actor, Permission.PRINT_LETTER)
    with session.begin():
        referral, _client = _load(session, actor, referral_id)
        now = utcnow()
        shareable = shareable_fields(session, referral, now)
        return LetterOptions(
            reference=referral.reference,
            shareable=shareable,
            restricted=tuple(f for f in shareable if not may_include(actor, f)),
            consent_problem=consent_problem(session, referral, now),
            overridden=referral.override_at is not None,
            can_override=actor.can(Permission.OVERRIDE_CONSENT),
            client_id=referral.client_id,
            organization_id=referral.organization_id,
            organization_name=_organization_name(session, referral.organization_id),
            service_type=referral.service_type,
        )


def build_letter(
    session: Session,
    *,
    actor: Actor,
    referral_id: int,
    purpose: Purpose,
    fields: Sequence[str] | None = None,
    language: str = "en",
    override_reason: str | None = None,
    channel: str = "app",
    pdf_password: str | None = None,
    at: dt.datetime | None = None,
) -> LetterResult:
    """The letter PDF. `fields=None` includes every consented field the actor may include.
    Print and save are audited (with `channel`, e.g. app or cli) and counted on the referral."""
    require(actor, Permission.PRINT_LETTER)
    if language not in LANGUAGES:
        raise ValidationFailed({"language": "unknown_choice"})
    at = at or utcnow()
    with session.begin():
        referral, client = _load(session, actor, referral_id)
        if referral.status not in OPEN_STATUSES:
            raise InvalidTransition("referral", referral.status, "letter")
        gate = pass_gate(
            session,
            actor=actor,
            referral=referral,
            action=purpose,
            at=at,
            override_reason=override_reason,
        )
        chosen = choose_fields(actor, shareable_fields(session, referral, at), fields)
        content = _content(session, actor, referral, client, chosen, language, at)
        if purpose in _ACTIONS:
            referral.letters_printed = (referral.letters_printed or 0) + 1
            details = {
                "fields": list(chosen),
                "language": language,
                "override": gate.overridden,
                "channel": channel,
                "encrypted": bool(pdf_password),
            }
            record_event(
                session,
                actor_id=actor.user_id,
                action=_ACTIONS[purpose],
                object_type="referral",
                object_id=referral.id,
                client_id=referral.client_id,
                details=details,
                at=at,
            )
        pdf = render_letter(content, password=pdf_password)
    return LetterResult(pdf, referral.reference, chosen, language, gate.overridden)


def _organization_name(session: Session, organization_id: int | None) -> str:
    org = session.get(Organization, organization_id) if organization_id is not None else None
    return organization_display_name(org.name, org.city) if org is not None else ""


def _load(session: Session, actor: Actor, referral_id: int) -> tuple[Referral, Client]:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("referral", referral_id)
    client = load_client(session, actor, referral.client_id, Permission.MANAGE_REFERRALS)
    return referral, client


def _content(
    session: Session,
    actor: Actor,
    referral: Referral,
    client: Client,
    chosen: tuple[str, ...],
    lang: str,
    at: dt.datetime,
) -> LetterContent:
    def gettext(text: str) -> str:
        return gettext_for(lang, text)

    sender = letter_sender(session)
    plain = read_client_fields(session, client)
    org = session.get(Organization, referral.organization_id) if referral.organization_id else None
    user = session.get(User, actor.user_id)
    contact = " · ".join(part for part in (sender.phone, sender.email) if part)
    reason = gettext(REASON_LABELS.get(referral.reason, referral.reason))
    if referral.reason_detail:
        reason = f"{reason}: {referral.reason_detail}"
    return LetterContent(
        language=lang,
        reference=referral.reference,
        date_text=format_date(at.date(), format="long", locale=lang),
        sender_name=sender.name,
        sender_address=sender.address,
        sender_phone=contact,
        logo_png_b64=sender.logo_png_b64,
        recipient_lines=_recipient(org, gettext),
        service=gettext(SERVICE_LABELS.get(referral.service_type, referral.service_type)),
        urgency=gettext(URGENCY_LABELS.get(referral.urgency, referral.urgency)),
        reason=reason,
        appointment=_appointment(referral, lang),
        client_fields=tuple(
            (gettext(FIELD_LABELS[f]), _value(client, f, lang, at, plain)) for f in chosen
        ),
        notes_to_org=referral.notes_to_org or "",
        caseworker_name=user.display_name if user else actor.display_name,
        caseworker_contact=contact or gettext("through our office"),
    )


def _recipient(org: Organization | None, gettext: _Translate) -> tuple[str, ...]:
    if org is None:
        return (gettext("(organization not chosen)"),)
    lines = [org.name]
    if org.contact_name:
        lines.append(gettext("Attention: {name}").format(name=org.contact_name))
    if org.address:
        lines.append(org.address)
    place = ", ".join(p for p in (org.city, org.state, org.country) if p)
    if place:
        lines.append(place)
    phone = org.contact_phone or org.phone
    email = org.contact_email or org.email
    if phone:
        lines.append(gettext("Phone: {phone}").format(phone=phone))
    if email:
        lines.append(gettext("Email: {email}").format(email=email))
    return tuple(lines)


def _appointment(referral: Referral, lang: str) -> str:
    parts = []
    if referral.appointment_at is not None:
        local = referral.appointment_at.astimezone()
        day = format_date(local.date(), format="full", locale=lang)
        parts.append(f"{day}, {format_time(local.time(), format='short', locale=lang)}")
    if referral.appointment_location:
        parts.append(referral.appointment_location)
    return "\n".join(parts)


def _value(client: Client, field: str, lang: str, at: dt.datetime, plain: dict[str, Any]) -> str:
    """`plain`: the restricted fields as this session reads them (RESTRICTED prints nothing)."""

    def gettext(text: str) -> str:
        return gettext_for(lang, text)

    dob = plain["date_of_birth"] if isinstance(plain["date_of_birth"], dt.date) else None
    if field == "date_of_birth":
        return format_date(dob, format="long", locale=lang) if dob else ""
    if field in plain:
        value = plain[field]
        return value if isinstance(value, str) else ""
    if field == "age":
        age = age_on(dob, client.estimated_age, at.date())
        if isinstance(plain["date_of_birth"], Restricted) and client.age_at_intake is not None:
            age = client.age_at_intake + (age_on(client.intake_date, None, at.date()) or 0)
        return "" if age is None else str(age)
    if field == "gender":
        return gettext(GENDER_LABELS.get(client.gender or "", client.gender or ""))
    if field == "interpreter_needed":
        return (
            ""
            if client.interpreter_needed is None
            else (gettext("Yes") if client.interpreter_needed else gettext("No"))
        )
    if field == "languages":
        names = Locale(lang).languages
        return ", ".join(names.get(c, c) for c in split_codes(client.languages))
    if field == "country_of_origin":
        code = client.country_of_origin or ""
        return str(Locale(lang).territories.get(code, code))
    value = getattr(client, field, None)
    return "" if value is None else str(value)
