"""Response protocols on a case: which apply, starting one, each step done or skipped.

Starting a protocol creates one row per step; a task step also schedules a task due `due_hours`
after the start, a referral step suggests a directory service type. Starting, each step done and
each step skipped (a reason is required; the reason stays in the vault, never in the audit) are
audit events on the case, so they show on its History tab.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.audit import AuditEvent
from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.protocol import (
    COMPLETED,
    DONE,
    OPEN,
    SKIPPED,
    ProtocolRun,
    ProtocolStepRun,
    run_status,
)
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event, record_event
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.services.screening.jurisdictions import current_jurisdiction
from safehaven.services.screening.protocol_files import (
    Protocol,
    ProtocolError,
    default_protocol_texts,
    fill_contacts,
    parse_protocol,
)
from safehaven.services.screening.training import note_training
from safehaven.services.tasks import cancel_tasks, close_task, schedule_task

STEP_TASK_KIND = "protocol_step"
MISSING_CONTACT = {
    "en": "[not set: ask an administrator to add it under Training → Jurisdiction]",
    "es": "[sin configurar: pida a un administrador que lo añada en Formación → Jurisdicción]",
}
MAX_REASON = 500


@dataclass(frozen=True)
class StepRow:
    id: int
    key: str
    position: int
    action: str  # task | referral
    title: Mapping[str, str]
    detail: Mapping[str, str]  # jurisdiction contacts filled in
    category: str | None
    due_at: dt.datetime | None
    task_id: int | None
    state: str  # open | done | skipped
    skip_reason: str | None
    decided_at: dt.datetime | None


@dataclass(frozen=True)
class ProtocolRunRow:
    id: int
    client_id: int
    screening_id: int | None
    protocol_key: str
    title: Mapping[str, str]
    trigger: str
    status: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    training_notice: str | None
    steps: tuple[StepRow, ...]


def protocols_in_force(session: Session) -> dict[str, Protocol]:
    """The shipped protocols, each replaced by the administrator's edited copy if there is one."""
    texts = default_protocol_texts()
    edited = settings_service.get_setting(session, "screening_protocols") or {}
    result = {key: parse_protocol(text, expected_key=key) for key, text in texts.items()}
    for key, text in edited.items():
        protocol = parse_protocol(str(text), expected_key=key)
        result[key] = Protocol(**{**protocol.__dict__, "edited": True})
    return result


def matching(
    protocols: Mapping[str, Protocol],
    *,
    age_group: str,
    outcome: str | None = None,
    events: Collection[str] = (),
    indicators: Collection[str] = (),
) -> list[Protocol]:
    """The protocols a screening's result triggers, in key order."""
    found = []
    for protocol in protocols.values():
        t = protocol.trigger
        if age_group not in t.age_groups:
            continue
        if (
            (outcome in t.outcomes)
            or set(events) & set(t.events)
            or set(indicators) & set(t.indicators)
        ):
            found.append(protocol)
    return sorted(found, key=lambda p: p.key)


def begin_run(
    session: Session,
    *,
    actor: Actor,
    client: Client,
    protocol: Protocol,
    trigger: str,
    screening_id: int | None,
    now: dt.datetime,
) -> ProtocolRun:
    """Inside the caller's transaction: the run, its steps and their tasks; audited."""
    run = ProtocolRun(client_id=client.id, screening_id=screening_id, protocol_key=protocol.key,
                      protocol_version=protocol.version, trigger=trigger,
                      jurisdiction=current_jurisdiction(session).key, started_by_id=actor.user_id,
                      started_at=now)  # fmt: skip
    session.add(run)
    session.flush()
    for position, step in enumerate(protocol.steps):
        row = ProtocolStepRun(run_id=run.id, step_key=step.key, position=position, state=OPEN)
        session.add(row)
        session.flush()
        if step.action == "task" and step.due_hours is not None:
            row.due_at = now + dt.timedelta(hours=step.due_hours)
            task = schedule_task(session, kind=STEP_TASK_KIND, source_type="protocol_step",
                                 source_id=row.id, due_date=row.due_at.date(),
                                 client_id=client.id, assignee_id=actor.user_id)  # fmt: skip
            row.task_id = task.id
    record_case_event(session, actor, "protocol_started", "protocol_run", run.id, client.id,
                      {"protocol": protocol.key, "version": protocol.version,
                       "trigger": trigger})  # fmt: skip
    note_training(session, actor=actor, course=protocol.training, client_id=client.id,
                  source_type="protocol_run", source_id=run.id, now=now)  # fmt: skip
    return run


def start_protocol(
    session: Session, *, actor: Actor, client_id: int, protocol_key: str
) -> ProtocolRunRow:
    """Start a protocol by hand (for example after a disclosure outside a screening)."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_SCREENING)
        protocols = protocols_in_force(session)
        if protocol_key not in protocols:
            raise NotFound("protocol", protocol_key)
        run = begin_run(session, actor=actor, client=client, protocol=protocols[protocol_key],
                        trigger="manual", screening_id=None, now=utcnow())  # fmt: skip
        return _run_row(session, run, protocols)


def complete_step(session: Session, *, actor: Actor, step_id: int) -> ProtocolRunRow:
    return _decide(session, actor, step_id, DONE, None)


def skip_step(session: Session, *, actor: Actor, step_id: int, reason: str) -> ProtocolRunRow:
    """Skip a step; a reason is required (kept on the step, never in the audit trail)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": "required"})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": "too_long"})
    return _decide(session, actor, step_id, SKIPPED, reason)


def _decide(
    session: Session, actor: Actor, step_id: int, state: str, reason: str | None
) -> ProtocolRunRow:
    with session.begin():
        step = session.get(ProtocolStepRun, step_id)
        if step is None:
            raise NotFound("protocol_step", step_id)
        run = session.get(ProtocolRun, step.run_id)
        assert run is not None  # noqa: S101 - narrows a type; never guards a permission
        client = load_client(session, actor, run.client_id, Permission.RUN_SCREENING)
        if step.state != OPEN:
            raise InvalidTransition("protocol_step", step.state, state)
        now = utcnow()
        step.state, step.skip_reason = state, reason
        step.decided_by_id, step.decided_at = actor.user_id, now
        if state == DONE:
            close_task(session, kind=STEP_TASK_KIND, source_type="protocol_step",
                       source_id=step.id, actor=actor)  # fmt: skip
        else:
            cancel_tasks(session, source_type="protocol_step", source_id=step.id)
            step.task_id = None
        action = "protocol_step_done" if state == DONE else "protocol_step_skipped"
        record_case_event(session, actor, action, "protocol_run", run.id, client.id,
                          {"protocol": run.protocol_key, "step": step.step_key})  # fmt: skip
        _maybe_complete(session, actor, run, now)
        return _run_row(session, run, protocols_in_force(session))


def _maybe_complete(session: Session, actor: Actor, run: ProtocolRun, now: dt.datetime) -> None:
    states = list(
        session.execute(
            select(ProtocolStepRun.state).where(ProtocolStepRun.run_id == run.id)
        ).scalars()
    )
    if run.status != COMPLETED and run_status(states) == COMPLETED:
        run.status, run.completed_at = COMPLETED, now
        record_case_event(session, actor, "protocol_completed", "protocol_run", run.id,
                          run.client_id, {"protocol": run.protocol_key})  # fmt: skip


def list_protocol_runs(session: Session, *, actor: Actor, client_id: int) -> list[ProtocolRunRow]:
    """The case's protocols, newest first, with their steps."""
    with session.begin():
        load_client(session, actor, client_id, Permission.RUN_SCREENING)
        protocols = protocols_in_force(session)
        runs = session.execute(
            select(ProtocolRun)
            .where(ProtocolRun.client_id == client_id)
            .order_by(ProtocolRun.id.desc())
        ).scalars()
        return [_run_row(session, run, protocols) for run in runs]


def run_rows(session: Session, run_ids: Collection[int]) -> list[ProtocolRunRow]:
    """Rows for runs the caller already may see (inside its transaction)."""
    protocols = protocols_in_force(session)
    runs = session.execute(
        select(ProtocolRun).where(ProtocolRun.id.in_(run_ids)).order_by(ProtocolRun.id)
    ).scalars()
    return [_run_row(session, run, protocols) for run in runs]


def _run_row(
    session: Session, run: ProtocolRun, protocols: Mapping[str, Protocol]
) -> ProtocolRunRow:
    protocol = protocols.get(run.protocol_key)
    contacts = current_jurisdiction(session).contacts()
    steps = session.execute(
        select(ProtocolStepRun)
        .where(ProtocolStepRun.run_id == run.id)
        .order_by(ProtocolStepRun.position)
    ).scalars()
    rows = []
    for s in steps:
        spec = protocol.step(s.step_key) if protocol and _has(protocol, s.step_key) else None
        title = dict(spec.title) if spec else {"en": s.step_key, "es": s.step_key}
        detail = {
            lang: fill_contacts(text, contacts, MISSING_CONTACT.get(lang, MISSING_CONTACT["en"]))
            for lang, text in (spec.detail.items() if spec else ())
        }
        rows.append(StepRow(s.id, s.step_key, s.position, spec.action if spec else "task", title,
                            detail, spec.category if spec else None, s.due_at, s.task_id,
                            s.state, s.skip_reason, s.decided_at))  # fmt: skip
    notice = _notice(session, run)
    title = dict(protocol.title) if protocol else {"en": run.protocol_key}
    return ProtocolRunRow(run.id, run.client_id, run.screening_id, run.protocol_key, title,
                          run.trigger, run.status, run.started_at, run.completed_at, notice,
                          tuple(rows))  # fmt: skip


def _has(protocol: Protocol, step_key: str) -> bool:
    return any(s.key == step_key for s in protocol.steps)


def _notice(session: Session, run: ProtocolRun) -> str | None:
    event = session.execute(
        select(AuditEvent.details).where(
            AuditEvent.action == "training_notice_shown",
            AuditEvent.object_type == "protocol_run",
            AuditEvent.object_id == run.id,
        )
    ).scalar()
    return str(json.loads(event).get("state")) if event else None


# -- administration ---------------------------------------------------------------------------


def protocol_text(session: Session, *, actor: Actor, key: str) -> str:
    """The file text of a protocol in force (the edited copy if any), for an administrator."""
    require(actor, Permission.MANAGE_SETTINGS)
    with session.begin():
        edited = settings_service.get_setting(session, "screening_protocols") or {}
    if key in edited:
        return str(edited[key])
    texts = default_protocol_texts()
    if key not in texts:
        raise NotFound("protocol", key)
    return texts[key]


@dataclass(frozen=True)
class ProtocolInfo:
    key: str
    version: int
    title: Mapping[str, str]
    edited: bool
    steps: int


def list_protocols(session: Session, *, actor: Actor) -> list[ProtocolInfo]:
    """The protocols in force, for the administrator's protocol panel."""
    require(actor, Permission.MANAGE_SETTINGS)
    with session.begin():
        found = protocols_in_force(session)
    return [
        ProtocolInfo(p.key, p.version, p.title, p.edited, len(p.steps))
        for p in sorted(found.values(), key=lambda p: p.key)
    ]


def save_protocol(session: Session, *, actor: Actor, text: str) -> Protocol:
    """Install an administrator's edited protocol file (validated first; audited)."""
    require(actor, Permission.MANAGE_SETTINGS)
    protocol = parse_protocol(text)
    _store_edits(session, actor, lambda edits: {**edits, protocol.key: text}, protocol.key)
    return protocol


def reset_protocol(session: Session, *, actor: Actor, key: str) -> None:
    """Drop the edited copy: the shipped default is in force again."""
    require(actor, Permission.MANAGE_SETTINGS)
    _store_edits(session, actor, lambda edits: {k: v for k, v in edits.items() if k != key}, key)


def _store_edits(session: Session, actor: Actor, change: object, key: str) -> None:
    with session.begin():
        edits = dict(settings_service.get_setting(session, "screening_protocols") or {})
        new = change(edits)  # type: ignore[operator]
        if not new and not edits:
            return
        settings_service.put_setting(session, "screening_protocols", new)
        record_event(session, actor_id=actor.user_id, action="protocol_edited",
                     object_type="protocol", details={"protocol": key})  # fmt: skip


__all__ = [
    "ProtocolError",
    "ProtocolRunRow",
    "StepRow",
    "begin_run",
    "complete_step",
    "list_protocol_runs",
    "matching",
    "protocols_in_force",
    "reset_protocol",
    "save_protocol",
    "skip_step",
    "start_protocol",
]
