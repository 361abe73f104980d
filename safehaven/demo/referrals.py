"""Demo step: a resource directory (the seed plus synthetic local partners) and a sample of
referrals in every status, with the consents behind them. Bulk inserts keep a 100,000-client demo
fast: at most `MAX_CLIENTS` clients get referrals (1–5 each)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.demo.context import DemoContext, add_rows
from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.consent import Consent
from safehaven.models.directory import Organization, join_codes
from safehaven.models.referral import OPEN_STATUSES, Referral, format_reference
from safehaven.models.task import Task
from safehaven.paths import resource
from safehaven.services import settings as settings_service
from safehaven.services.audit import record_event
from safehaven.services.directory.csv_io import SEED_FILE, parse_directory_csv

MAX_CLIENTS = 2000
SHARE = 0.3
LOCAL_PARTNERS = (
    ("Bridgeway Legal Aid", "legal_service", ("legal", "immigration"), ("en", "es")),
    ("Clínica del Pueblo", "health_service", ("health", "psychosocial"), ("es", "en")),
    ("Harbor Counselling Collective", "ngo", ("psychosocial",), ("en", "vi")),
    ("New Roots Job Center", "employment", ("employment", "education", "livelihoods"), ("en",)),
    ("St. Brigid's Community Pantry", "faith_based", ("food", "nfi"), ("en", "es", "tl")),
    ("Metro Interpreters Network", "ngo", ("interpretation",), ("es", "vi", "zh", "tl", "uk")),
    (
        "County Identity Documents Desk",
        "government",
        ("identity_documents", "registration"),
        ("en",),
    ),
    ("Safe Passage Transport", "ngo", ("transportation",), ("en",)),
    ("Riverside Transitional Housing", "ngo", ("safehouse",), ("en", "es")),
)
SHAREABLE = (
    "chosen_name,pronouns,languages,interpreter_needed",
    "chosen_name,pronouns,languages,phone,safe_contact",
    "chosen_name,age,languages",
)
# The first referrals cover every status (and a flagged and an overridden one).
OVERRIDE_REASON = "Urgent safety need; written consent to follow"
SCRIPTED = (
    "draft",
    "sent",
    "accepted",
    "declined",
    "completed",
    "withdrawn",
    "flagged",
    "overridden",
)


def add_directory_and_referrals(session: Session, rng: random.Random, ctx: DemoContext) -> None:
    _letterhead(session)
    orgs = _organizations(session, rng, ctx)
    clients = _sample_clients(session, rng, ctx)
    now = utcnow()
    referrals: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    for client_id, caseworker in clients:
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
            script = SCRIPTED[len(referrals)] if len(referrals) < len(SCRIPTED) else None
            org_id, services = rng.choice(orgs)
            values = _referral(rng, ctx, now, client_id, org_id, services, script)
            values["created_by_id"] = caseworker or ctx.users["caseworker"]
            referrals.append(values)
            consent = _consent(rng, now, values, script)
            if consent is not None:
                consents.append(consent)
    if consents:
        add_rows(session, Consent, consents)
    if referrals:
        add_rows(session, Referral, referrals)
    _finish(session, ctx, now)


def _organizations(
    session: Session, rng: random.Random, ctx: DemoContext
) -> list[tuple[int, tuple[str, ...]]]:
    admin = ctx.users["admin"]
    rows: list[dict[str, Any]] = []
    for _row, draft in parse_directory_csv(resource(SEED_FILE).read_bytes()) or []:
        values = dict(vars(draft).items())
        values["services"] = join_codes(draft.services)
        values["languages"] = join_codes(draft.languages)
        rows.append({**values, "created_by_id": admin, "active": True})
    for name, org_type, services, langs in LOCAL_PARTNERS:
        verified = ctx.today - dt.timedelta(days=rng.choice((20, 90, 200, 420, 800)))
        rows.append(_local(rng, name, org_type, services, langs, verified, admin))
    add_rows(session, Organization, rows)
    stmt = select(Organization.id, Organization.services, Organization.scope)
    return [
        (int(i), tuple(s.split(","))) for i, s, scope in session.execute(stmt) if scope == "local"
    ]


def _local(
    rng: random.Random,
    name: str,
    org_type: str,
    services: tuple[str, ...],
    langs: tuple[str, ...],
    verified: dt.date,
    admin: int,
) -> dict[str, Any]:
    contact = rng.choice(("Jordan Reyes", "Avery Chen", "Maria Lopez", "Sam Okafor", "Lena Novak"))
    return {
        "name": name,
        "org_type": org_type,
        "scope": "local",
        "services": join_codes(services),
        "languages": join_codes(langs),
        "address": f"{rng.randint(10, 980)} {rng.choice(('Main', 'Oak', 'Pine', 'Lake'))} Street",
        "city": "Springfield",
        "state": "IL",
        "country": "US",
        "phone": f"555-01{rng.randint(10, 99)}",
        "email": f"referrals@{name.split()[0].lower().replace('í', 'i')}.example.org",
        "hours": "Mon–Fri 9:00–17:00",
        "eligibility": "Adults 18+; survivors of trafficking; no ID required",
        "trafficking_competent": rng.random() < 0.7,
        "agreement_on_file": rng.random() < 0.5,
        "contact_name": contact,
        "last_verified": verified,
        "verified_by_id": admin,
        "verify_before_use": False,
        "active": True,
        "created_by_id": admin,
    }


def _sample_clients(
    session: Session, rng: random.Random, ctx: DemoContext
) -> list[tuple[int, int | None]]:
    ids = ctx.client_ids
    count = min(len(ids), MAX_CLIENTS, max(1, int(len(ids) * SHARE))) if ids else 0
    chosen = sorted(rng.sample(ids, count))
    stmt = select(Client.id, Client.assigned_caseworker_id).where(Client.id.in_(chosen))
    rows = [(int(i), c) for i, c in session.execute(stmt)]
    # the scripted referrals go to a case the demo caseworker can open
    rows.sort(key=lambda r: r[1] != ctx.users["caseworker"])
    return rows


def _referral(
    rng: random.Random,
    ctx: DemoContext,
    now: dt.datetime,
    client_id: int,
    org_id: int,
    services: tuple[str, ...],
    script: str | None,
) -> dict[str, Any]:
    status = script if script in (*OPEN_STATUSES, "declined", "completed", "withdrawn") else None
    if script in ("flagged", "overridden"):
        status = "sent"
    elif status is None:
        status = rng.choice(
            ("draft", "sent", "sent", "accepted", "completed", "completed", "declined", "withdrawn")
        )
    created = now - dt.timedelta(days=rng.randint(3, 200))
    sent = created + dt.timedelta(days=1) if status != "draft" else None
    due = (sent or created).date() + dt.timedelta(days=rng.choice((2, 7, 14)))
    if status in OPEN_STATUSES:  # most open follow-ups are still ahead; some are overdue
        due = ctx.today + dt.timedelta(days=rng.randint(-10, 21))
    return {
        "client_id": client_id,
        "organization_id": org_id,
        "service_type": rng.choice(services),
        "reason": "additional_services",
        "urgency": rng.choice(("high", "medium", "medium", "low")),
        "timeframe": rng.choice((None, "1d", "3d")),
        "appointment_at": _appointment(rng, now) if status in ("sent", "accepted") else None,
        "appointment_location": "Front desk, ask for the referral coordinator",
        "notes_to_org": "Please contact the person only through our office.",
        "status": status,
        "decline_reason": "no_capacity" if status == "declined" else None,
        "outcome": "provided_in_house" if status == "withdrawn" else None,
        "follow_up_due": due,
        "sent_at": sent,
        "responded_at": sent + dt.timedelta(days=2) if sent and status != "sent" else None,
        "closed_at": now if status in ("declined", "completed", "withdrawn") else None,
        "consent_flagged_at": now if script == "flagged" else None,
        "override_by_id": ctx.users["supervisor"] if script == "overridden" else None,
        "override_reason": OVERRIDE_REASON if script == "overridden" else None,
        "override_at": now if script == "overridden" else None,
        "reference": f"TMP-{client_id}-{rng.getrandbits(40):x}",
        "created_at": created,
        "updated_at": created,
    }


def _appointment(rng: random.Random, now: dt.datetime) -> dt.datetime:
    day = now + dt.timedelta(days=rng.randint(1, 20))
    return day.replace(
        hour=rng.choice((15, 16, 19, 20)), minute=rng.choice((0, 30)), second=0, microsecond=0
    )


def _consent(
    rng: random.Random, now: dt.datetime, referral: dict[str, Any], script: str | None
) -> dict[str, Any] | None:
    if script in ("overridden", "draft"):
        return None  # the gate will ask; a supervisor overrode on the other one
    recorded = referral["created_at"] - dt.timedelta(hours=2)
    withdrawn = now - dt.timedelta(days=1) if script == "flagged" else None
    return {
        "client_id": referral["client_id"],
        "purpose": "referral_organization",
        "organization_id": referral["organization_id"],
        "granted": True,
        "method": rng.choice(("written", "written", "verbal")),
        "recorded_by_id": referral["created_by_id"],
        "recorded_at": recorded,
        "expires_at": recorded + dt.timedelta(days=365),
        "withdrawn_at": withdrawn,
        "withdrawn_by_id": referral["created_by_id"] if withdrawn else None,
        "shareable_fields": rng.choice(SHAREABLE),
    }


def _finish(session: Session, ctx: DemoContext, now: dt.datetime) -> None:
    """Real references, and a follow-up task for every open referral."""
    rows = session.execute(
        select(Referral).where(Referral.reference.like("TMP-%")).order_by(Referral.id)
    ).scalars()
    tasks = []
    count = 0
    for referral in rows:
        count += 1
        referral.reference = format_reference(referral.created_at.year, referral.id)
        if referral.status in OPEN_STATUSES and referral.follow_up_due is not None:
            tasks.append(
                {
                    "client_id": referral.client_id,
                    "kind": "referral_follow_up",
                    "source_type": "referral",
                    "source_id": referral.id,
                    "due_date": referral.follow_up_due,
                    "assignee_id": referral.created_by_id,
                }
            )
    session.flush()
    if tasks:
        add_rows(session, Task, tasks)
    record_event(
        session,
        actor_id=ctx.users["admin"],
        action="demo_referrals_created",
        object_type="referral",
        details={"referrals": count, "tasks": len(tasks)},
    )


def _letterhead(session: Session) -> None:
    if not settings_service.get_setting(session, "organization_phone"):
        settings_service.put_setting(session, "organization_phone", "555-0142")
    if not settings_service.get_setting(session, "organization_address"):
        settings_service.put_setting(
            session, "organization_address", "PO Box 1187, Springfield, IL 62705"
        )
    if not settings_service.get_setting(session, "organization_email"):
        settings_service.put_setting(session, "organization_email", "office@casa.example")
    if not settings_service.get_setting(session, "letterhead_logo_png_b64"):
        settings_service.put_setting(session, "letterhead_logo_png_b64", demo_logo())


def demo_logo() -> str:
    """A small synthetic logo (a house with a heart), as base64 PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (160, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(80, 6), (150, 56), (10, 56)], fill=(31, 58, 95, 255))
    draw.rectangle([26, 56, 134, 114], fill=(31, 58, 95, 255))
    draw.ellipse([56, 66, 80, 90], fill=(230, 120, 90, 255))
    draw.ellipse([80, 66, 104, 90], fill=(230, 120, 90, 255))
    draw.polygon([(58, 82), (102, 82), (80, 106)], fill=(230, 120, 90, 255))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")
