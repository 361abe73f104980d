"""The cross-case view of referrals: every open referral of the cases an actor may open."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.directory import Organization, organization_display_name
from safehaven.models.permissions import Permission
from safehaven.models.referral import OPEN_STATUSES, Referral
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.referrals.records import ReferralRow, referral_row
from safehaven.services.tasks import visible_cases


def list_open_referrals(
    session: Session,
    *,
    actor: Actor,
    overdue_only: bool = False,
    now: dt.datetime | None = None,
    limit: int = 5000,
) -> list[ReferralRow]:
    """Open referrals (draft, sent, accepted) across cases, oldest follow-up first; with
    `overdue_only`, those past their follow-up date or unanswered beyond their timeframe."""
    require(actor, Permission.MANAGE_REFERRALS)
    now = now or utcnow()
    stmt = (
        select(Referral, Client.case_number, Organization.name, Organization.city)
        .join(Client, Referral.client_id == Client.id)
        .outerjoin(Organization, Referral.organization_id == Organization.id)
        .where(Referral.status.in_(OPEN_STATUSES), visible_cases(actor))
        .order_by(Referral.follow_up_due.is_(None), Referral.follow_up_due, Referral.id)
        .limit(limit)
    )
    with session.begin():
        rows = [
            referral_row(r, organization_display_name(org, city) if org else "", number, now)
            for r, number, org, city in session.execute(stmt)
        ]
    return [r for r in rows if r.overdue] if overdue_only else rows
