"""Pure consent rules: the status of one record and the precedence between records.

Status of a record at a moment `at` (records made after `at` do not count):
  refused   — the survivor said no;
  withdrawn — granted, then withdrawn at or before `at`;
  expired   — granted, and its expiry date is at or before `at`;
  granted   — granted and still in force.

Within one *scope* (purpose + service type + organization) the newest record decides (by
recorded_at, then id): a new grant replaces an old refusal and a new refusal replaces an old grant.

A referral to an organization may be covered by two scopes, the organization itself
(`referral_organization`) and its service type (`referral_service`). Precedence, safest first:
  1. an organization refusal or withdrawal denies, whatever the service-type scope says
     (a specific "not them" is never overridden by a general "yes");
  2. an organization grant allows, unless the service-type scope was refused or withdrawn at the
     same moment or later (a later "no more health referrals" covers every health organization);
  3. otherwise a service-type grant allows;
  4. otherwise the reason reported is the service-type scope's (refused / withdrawn / expired),
     else the organization scope's (expired), else `none`.
"""

from __future__ import annotations

import datetime as dt

from safehaven.models.consent import Consent

GRANTED, REFUSED, EXPIRED, WITHDRAWN, NONE = "granted", "refused", "expired", "withdrawn", "none"
NEGATIVE = (REFUSED, WITHDRAWN)


def status_at(consent: Consent | None, at: dt.datetime) -> str:
    if consent is None or consent.recorded_at > at:
        return NONE
    if not consent.granted:
        return REFUSED
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return WITHDRAWN
    if consent.expires_at is not None and consent.expires_at <= at:
        return EXPIRED
    return GRANTED


def statement_time(consent: Consent, at: dt.datetime) -> dt.datetime:
    """When the survivor last said something with this record: its withdrawal, else its making."""
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return consent.withdrawn_at
    return consent.recorded_at


def newest(records: list[Consent], at: dt.datetime) -> Consent | None:
    """The deciding record of one scope at `at`."""
    made = [c for c in records if c.recorded_at <= at]
    return max(made, key=lambda c: (c.recorded_at, c.id or 0), default=None)


def decide(
    organization: Consent | None, service: Consent | None, at: dt.datetime
) -> tuple[str, Consent | None]:
    """(reason, deciding record). `reason` is `granted` when sharing is allowed. A purpose with a
    single scope passes it as `service` and None as `organization`."""
    org_status, svc_status = status_at(organization, at), status_at(service, at)
    if org_status in NEGATIVE:
        return org_status, organization
    if org_status == GRANTED and organization is not None:
        if (
            service is not None
            and svc_status in NEGATIVE
            and statement_time(service, at) >= organization.recorded_at
        ):
            return svc_status, service
        return GRANTED, organization
    if svc_status != NONE:
        return svc_status, service
    return org_status, organization if org_status != NONE else None
