"""Response protocols: a minor's disclosure starts the minor protocol whose first step says stop and
report with the jurisdiction's contact; steps create tasks with the right due times; skipping needs
a reason; everything is audited; an administrator's edited protocol is validated first."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.task import Task
from safehaven.services.errors import InvalidTransition, PermissionDenied, ValidationFailed
from safehaven.services.screening import protocols as prot
from safehaven.services.screening import sessions as svc
from safehaven.services.screening.protocol_files import ProtocolError, default_protocol_texts
from tests.services.screening.helpers import REPORT_LINE, call, new_client, set_contacts, started


def test_a_minors_disclosure_starts_the_minor_protocol_stop_and_report(db, staff) -> None:
    set_contacts(db, staff.admin)
    minor = new_client(db, staff.intake, estimated_age=14)
    row = started(db, staff.intake, minor, form="minor")
    before = dt.datetime.now(dt.UTC)
    row = call(
        db,
        svc.answer_question,
        actor=staff.intake,
        screening_id=row.id,
        question_key="m_hurt",
        code="yes",
    )
    assert row.disclosure
    assert row.status == "paused"
    (run,) = row.protocols
    assert run.protocol_key == "minor_disclosure"
    assert run.trigger == "event"
    first = run.steps[0]
    assert first.key == "stop_and_report"
    assert first.title["en"] == "Stop the interview and report"
    assert REPORT_LINE in first.detail["en"]
    assert REPORT_LINE in first.detail["es"]
    assert first.due_at is not None
    assert first.due_at - before < dt.timedelta(minutes=5)
    # finishing afterwards does not start the same protocol twice
    row = call(
        db,
        svc.finish_screening,
        actor=staff.intake,
        screening_id=row.id,
        outcome="immediate_safety",
        domains=["violence"],
    )
    keys = sorted(p.protocol_key for p in row.protocols)
    assert keys == ["immediate_danger", "minor_disclosure"]


def test_without_a_configured_contact_the_step_says_to_ask_an_administrator(db, staff) -> None:
    minor = new_client(db, staff.intake, estimated_age=16)
    row = started(db, staff.intake, minor, form="minor")
    row = call(db, svc.report_disclosure, actor=staff.intake, screening_id=row.id)
    detail = row.protocols[0].steps[0].detail["en"]
    assert "not set" in detail
    assert "administrator" in detail
    assert "{report_contact}" not in detail


def _adult_run(db, staff):
    client = new_client(db, staff.caseworker)
    row = started(db, staff.caseworker, client)
    row = call(
        db,
        svc.finish_screening,
        actor=staff.caseworker,
        screening_id=row.id,
        outcome="immediate_safety",
        domains=["violence"],
    )
    return row.protocols[0]


def test_steps_create_tasks_due_at_their_hours(db, staff) -> None:
    run = _adult_run(db, staff)
    assert run.protocol_key == "immediate_danger"
    hours = {"safe_now": 0, "tell_supervisor": 1, "safety_plan": 4, "hotline_info": 24}
    with db.session(staff.supervisor) as s, s.begin():
        for step in run.steps:
            if step.action != "task":
                assert step.task_id is None
                assert step.category == "safehouse"
                continue
            assert step.due_at - run.started_at == dt.timedelta(hours=hours[step.key])
            task = s.get(Task, step.task_id)
            assert (task.kind, task.due_date, task.client_id) == (
                "protocol_step",
                step.due_at.date(),
                run.client_id,
            )


def test_skipping_needs_a_reason_and_everything_is_audited(db, staff) -> None:
    run = _adult_run(db, staff)
    first, second, *rest = run.steps
    with pytest.raises(ValidationFailed) as caught:
        call(db, prot.skip_step, actor=staff.caseworker, step_id=second.id, reason="   ")
    assert caught.value.errors == {"reason": "required"}
    row = call(db, prot.complete_step, actor=staff.caseworker, step_id=first.id)
    assert row.steps[0].state == "done"
    row = call(
        db,
        prot.skip_step,
        actor=staff.caseworker,
        step_id=second.id,
        reason="Supervisor was already in the room",
    )
    assert row.steps[1].state == "skipped"
    assert row.steps[1].skip_reason.startswith("Supervisor")
    with pytest.raises(InvalidTransition):
        call(db, prot.complete_step, actor=staff.caseworker, step_id=second.id)
    for step in rest:
        row = call(db, prot.complete_step, actor=staff.caseworker, step_id=step.id)
    assert row.status == "completed"
    assert row.completed_at is not None
    with db.session(staff.supervisor) as s, s.begin():
        tasks = {
            t.source_id: t
            for t in s.execute(select(Task).where(Task.source_type == "protocol_step")).scalars()
        }
        events = (
            s.execute(select(AuditEvent).where(AuditEvent.object_type == "protocol_run"))
            .scalars()
            .all()
        )
    assert tasks[first.id].completed_at is not None  # done closes its task
    assert second.id not in tasks  # skipped cancels it
    actions = [e.action for e in events]
    assert actions[0] == "protocol_started"
    assert actions[-1] == "protocol_completed"
    assert actions.count("protocol_step_done") == len(run.steps) - 1
    assert actions.count("protocol_step_skipped") == 1
    assert all("Supervisor was" not in e.details for e in events)  # the reason stays in the db
    assert all(e.client_id == run.client_id for e in events)  # on the case's History


def test_a_protocol_may_be_started_by_hand_but_not_by_a_director(db, staff) -> None:
    client = new_client(db, staff.caseworker)
    run = call(
        db,
        prot.start_protocol,
        actor=staff.caseworker,
        client_id=client,
        protocol_key="labour_indicators",
    )
    assert run.trigger == "manual"
    assert len(run.steps) == 4
    with pytest.raises(PermissionDenied):
        call(
            db,
            prot.start_protocol,
            actor=staff.director,
            client_id=client,
            protocol_key="labour_indicators",
        )


def test_an_administrator_edits_a_protocol_as_data(db, staff) -> None:
    data = json.loads(default_protocol_texts()["labour_indicators"])
    data["steps"][2]["due_hours"] = 12
    data["version"] = 2
    with pytest.raises(PermissionDenied):
        call(db, prot.save_protocol, actor=staff.supervisor, text=json.dumps(data))
    broken = json.loads(json.dumps(data))
    broken["steps"][0]["category"] = "nowhere"
    with pytest.raises(ProtocolError):
        call(db, prot.save_protocol, actor=staff.admin, text=json.dumps(broken))
    call(db, prot.save_protocol, actor=staff.admin, text=json.dumps(data))
    client = new_client(db, staff.caseworker)
    run = call(
        db,
        prot.start_protocol,
        actor=staff.caseworker,
        client_id=client,
        protocol_key="labour_indicators",
    )
    income = next(s for s in run.steps if s.key == "income")
    assert income.due_at - run.started_at == dt.timedelta(hours=12)
    text = call(db, prot.protocol_text, actor=staff.admin, key="labour_indicators")
    assert json.loads(text)["version"] == 2
    call(db, prot.reset_protocol, actor=staff.admin, key="labour_indicators")
    text = call(db, prot.protocol_text, actor=staff.admin, key="labour_indicators")
    assert json.loads(text)["version"] == 1
