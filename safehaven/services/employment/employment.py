"""A client's employment: baseline, placements (with the same-sector warning), retention checks.

Saving a placement returns its row with `warnings` (a `SameSectorWarning` when the job is in the
sector of the survivor's exploitation, taken from the baseline's `exploitation_sector`); the
placement is saved all the same — the warning is for the caseworker and the survivor to weigh.
Retention checks: one per day offset of the setting ``retention_check_days`` (default 30, 90,
180, 365) after the start date, each with a task (kind ``retention_check``, source
``retention_check`` + check id); a new start date moves the checks not yet recorded and their
tasks (see `safehaven.services.employment.retention_checks`, which also records them). Audit actions
(client_id set): employment_baseline_saved, placement_added,
placement_updated, placement_separated, retention_check_recorded (ids and field names only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.employment import Employer, EmploymentBaseline, Placement
from safehaven.models.employment_rules import same_sector, sector_warning
from safehaven.models.permissions import Permission
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.employment.checks import (
    from_cents,
    to_cents,
    validate_baseline,
    validate_placement,
)
from safehaven.services.employment.records import (
    BaselineDraft,
    BaselineRow,
    PlacementDraft,
    PlacementRow,
)
from safehaven.services.employment.retention_checks import check_row, checks_of, schedule_checks
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.reunification.family_contacts import clean_text

MANAGE = Permission.MANAGE_EMPLOYMENT
TASK_KIND = "retention_check"
SOURCE = "retention_check"


# ---- baseline --------------------------------------------------------------------------------


def get_baseline(session: Session, *, actor: Actor, client_id: int) -> BaselineRow | None:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        baseline = _baseline(session, client_id)
        return None if baseline is None else _baseline_row(baseline)


def save_baseline(
    session: Session, *, actor: Actor, client_id: int, draft: BaselineDraft
) -> BaselineRow:
    """Create or update; a changed exploitation sector re-checks the client's placements."""
    errors = validate_baseline(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        baseline = _baseline(session, client_id) or EmploymentBaseline(client_id=client_id)
        changed = []
        for f in fields(BaselineDraft):
            value = clean_text(getattr(draft, f.name))
            if getattr(baseline, f.name) != value:
                setattr(baseline, f.name, value)
                changed.append(f.name)
        session.add(baseline)
        session.flush()
        if "exploitation_sector" in changed:
            for placement in _placements(session, client_id):
                placement.same_sector_as_exploitation = same_sector(
                    placement.sector, baseline.exploitation_sector
                )
        record_case_event(
            session,
            actor,
            "employment_baseline_saved",
            "employment_baseline",
            baseline.id,
            client_id,
            {"fields": sorted(changed)},
        )
        return _baseline_row(baseline)


# ---- placements ------------------------------------------------------------------------------


def list_placements(session: Session, *, actor: Actor, client_id: int) -> list[PlacementRow]:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        sector = _exploitation_sector(session, client_id)
        return [_placement_row(session, p, sector) for p in _placements(session, client_id)]


def add_placement(
    session: Session, *, actor: Actor, client_id: int, draft: PlacementDraft
) -> PlacementRow:
    return _save_placement(session, actor, draft, client_id=client_id)


def update_placement(
    session: Session, *, actor: Actor, placement_id: int, draft: PlacementDraft
) -> PlacementRow:
    return _save_placement(session, actor, draft, placement_id=placement_id)


def separate_placement(
    session: Session,
    *,
    actor: Actor,
    placement_id: int,
    separation_date: dt.date,
    reason: str,
    referred_back: bool | None = None,
) -> PlacementRow:
    """End a placement (date, reason). Retention checks stay: they measure retention."""
    with session.begin():
        placement = _load_placement(session, actor, placement_id)
        draft = replace(
            _draft_of(placement),
            separation_date=separation_date,
            separation_reason=reason,
            referred_back=referred_back,
        )
        errors = validate_placement(draft)
        if errors:
            raise ValidationFailed(errors)
        placement.separation_date = separation_date
        placement.separation_reason = reason
        placement.referred_back = referred_back
        record_case_event(
            session,
            actor,
            "placement_separated",
            "placement",
            placement.id,
            placement.client_id,
            {"reason": reason},
        )
        sector = _exploitation_sector(session, placement.client_id)
        return _placement_row(session, placement, sector)


def _save_placement(
    session: Session,
    actor: Actor,
    draft: PlacementDraft,
    *,
    client_id: int | None = None,
    placement_id: int | None = None,
) -> PlacementRow:
    errors = validate_placement(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        if placement_id is not None:
            placement = _load_placement(session, actor, placement_id)
            client = load_client(session, actor, placement.client_id, MANAGE)
        else:
            assert client_id is not None  # noqa: S101 - narrows a type; never guards a permission
            client = load_client(session, actor, client_id, MANAGE)
            placement = Placement(client_id=client.id, placed_by_id=actor.user_id)
        if draft.employer_id is not None and session.get(Employer, draft.employer_id) is None:
            raise ValidationFailed({"employer_id": "unknown_choice"})
        changed = _apply_placement(placement, draft)
        sector = _exploitation_sector(session, client.id)
        placement.same_sector_as_exploitation = same_sector(placement.sector, sector)
        session.add(placement)
        session.flush()
        schedule_checks(session, placement, client, actor)
        action = "placement_added" if placement_id is None else "placement_updated"
        record_case_event(
            session,
            actor,
            action,
            "placement",
            placement.id,
            client.id,
            {"fields": changed, "same_sector": placement.same_sector_as_exploitation},
        )
        return _placement_row(session, placement, sector)


def _apply_placement(placement: Placement, draft: PlacementDraft) -> list[str]:
    values = {f.name: clean_text(getattr(draft, f.name)) for f in fields(PlacementDraft)}
    values["wage_cents"] = to_cents(values.pop("wage"))
    values["supports"] = ",".join(draft.supports) or None
    values["job_title"] = values["job_title"] or ""
    changed = []
    for name, value in values.items():
        if getattr(placement, name) != value:
            setattr(placement, name, value)
            changed.append(name)
    return sorted(changed)


# ---- helpers ---------------------------------------------------------------------------------


def _baseline(session: Session, client_id: int) -> EmploymentBaseline | None:
    stmt = select(EmploymentBaseline).where(EmploymentBaseline.client_id == client_id)
    return session.scalars(stmt).first()


def _exploitation_sector(session: Session, client_id: int) -> str | None:
    baseline = _baseline(session, client_id)
    return None if baseline is None else baseline.exploitation_sector


def _placements(session: Session, client_id: int) -> list[Placement]:
    stmt = select(Placement).where(Placement.client_id == client_id)
    return list(session.scalars(stmt.order_by(Placement.start_date, Placement.id)))


def _load_placement(session: Session, actor: Actor, placement_id: int) -> Placement:
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound("placement", placement_id)
    load_client(session, actor, placement.client_id, MANAGE)
    return placement


def _baseline_row(b: EmploymentBaseline) -> BaselineRow:
    values = {f.name: getattr(b, f.name) for f in fields(BaselineDraft)}
    return BaselineRow(**values, id=b.id, client_id=b.client_id)


def _draft_of(p: Placement) -> PlacementDraft:
    values = {
        f.name: getattr(p, f.name)
        for f in fields(PlacementDraft)
        if f.name not in ("wage", "supports")
    }
    supports = tuple(s for s in (p.supports or "").split(",") if s)
    return PlacementDraft(**values, wage=from_cents(p.wage_cents), supports=supports)


def _placement_row(session: Session, p: Placement, sector: str | None) -> PlacementRow:
    employer = session.get(Employer, p.employer_id) if p.employer_id else None
    draft = _draft_of(p)
    warning = sector_warning(p.sector, sector)
    return PlacementRow(
        **{f.name: getattr(draft, f.name) for f in fields(PlacementDraft)},
        id=p.id,
        client_id=p.client_id,
        employer_name=employer.name if employer else None,
        same_sector_as_exploitation=p.same_sector_as_exploitation,
        warnings=(warning,) if warning else (),
        retention_checks=tuple(check_row(c) for c in checks_of(session, p.id)),
    )
