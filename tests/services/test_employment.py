"""Employment services on both stores: same-sector warning, retention tasks that move."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from safehaven.models.task import Task
from safehaven.services import settings as settings_service
from safehaven.services.audit import client_history
from safehaven.services.cases import clients
from safehaven.services.employment import employers as emp
from safehaven.services.employment import employment as em
from safehaven.services.employment import retention_checks, training
from safehaven.services.employment.records import (
    BaselineDraft,
    EmployerDraft,
    EnrollmentDraft,
    PlacementDraft,
    RetentionCheckDraft,
    TrainingProgramDraft,
)
from safehaven.services.errors import PermissionDenied, ValidationFailed

START = dt.date(2026, 3, 2)


def _client(db, actor):
    with db.session(actor) as s:
        return clients.register_client(s, actor=actor, draft=clients.ClientDraft(chosen_name="Ana"))


def _employer(db, actor, sector="isic_i"):
    with db.session(actor) as s:
        return emp.save_employer(
            s,
            actor=actor,
            draft=EmployerDraft(name="Hotel Sol", sector=sector, vetted=True, vetted_on=START),
        )


def _tasks(db):
    with db.session(db.staff.supervisor) as s:
        return {
            t.source_id: t.due_date for t in s.scalars(select(Task)) if t.kind == "retention_check"
        }


def test_same_sector_placement_warns_but_saves(db, staff):
    client = _client(db, staff.caseworker)
    employer = _employer(db, staff.caseworker)
    assert employer.vetted_by_id == staff.caseworker.user_id
    with db.session(staff.caseworker) as s:
        em.save_baseline(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=BaselineDraft(employed="no", exploitation_sector="labour_hospitality"),
        )
        row = em.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=PlacementDraft(
                job_title="Cook",
                start_date=START,
                employer_id=employer.id,
                sector="isic_i",
                wage=Decimal("15.50"),
                pay_frequency="hourly",
            ),
        )
    assert row.same_sector_as_exploitation
    assert [(w.placement_sector, w.exploitation_sector) for w in row.warnings] == [
        ("isic_i", "labour_hospitality")
    ]
    assert row.wage == Decimal("15.50")
    assert row.employer_name == "Hotel Sol"
    with db.session(staff.caseworker) as s:
        row2 = em.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=PlacementDraft(job_title="Clerk", start_date=START, sector="isic_k"),
        )
        assert row2.warnings == ()
        assert not row2.same_sector_as_exploitation
        # changing the baseline re-checks stored flags
        em.save_baseline(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=BaselineDraft(exploitation_sector="isic_k"),
        )
        flags = {
            p.id: p.same_sector_as_exploitation
            for p in em.list_placements(s, actor=staff.caseworker, client_id=client.id)
        }
    assert flags == {row.id: False, row2.id: True}


def test_retention_checks_are_tasks_that_move_with_the_start_date(db, staff):
    client = _client(db, staff.caseworker)
    with db.session(staff.caseworker) as s:
        row = em.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=PlacementDraft(job_title="Packer", start_date=START),
        )
    assert [c.due_day for c in row.retention_checks] == [30, 90, 180, 365]
    assert [c.due_date for c in row.retention_checks] == [
        START + dt.timedelta(days=d) for d in (30, 90, 180, 365)
    ]
    assert sorted(_tasks(db).values()) == [c.due_date for c in row.retention_checks]
    first = row.retention_checks[0]
    with db.session(staff.caseworker) as s:
        retention_checks.record_retention_check(
            s,
            actor=staff.caseworker,
            check_id=first.id,
            draft=RetentionCheckDraft(
                attempted_on=dt.date(2026, 4, 1),
                reached=True,
                status="same_employer",
                issues=("pay",),
            ),
        )
        new_start = dt.date(2026, 4, 1)
        moved = em.update_placement(
            s,
            actor=staff.caseworker,
            placement_id=row.id,
            draft=PlacementDraft(job_title="Packer", start_date=new_start),
        )
    checks = {c.due_day: c for c in moved.retention_checks}
    assert checks[30].due_date == first.due_date
    assert checks[30].recorded
    assert checks[30].issues == ("pay",)
    assert checks[90].due_date == new_start + dt.timedelta(days=90)
    tasks = _tasks(db)
    assert len(tasks) == 4
    assert tasks[checks[365].id] == new_start + dt.timedelta(days=365)
    with db.session(staff.supervisor) as s:
        done = s.scalars(
            select(Task).where(Task.source_id == first.id, Task.kind == "retention_check")
        ).one()
        assert done.completed_at is not None


def test_retention_days_come_from_settings(db, staff):
    with db.session(staff.admin) as s:
        settings_service.update_settings(
            s, actor=staff.admin, changes={"retention_check_days": [30, 90, 180]}
        )
    client = _client(db, staff.caseworker)
    with db.session(staff.caseworker) as s:
        row = em.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=PlacementDraft(job_title="X", start_date=START),
        )
    assert [c.due_day for c in row.retention_checks] == [30, 90, 180]


def test_separation_and_validation(db, staff):
    client = _client(db, staff.caseworker)
    with db.session(staff.caseworker) as s:
        with pytest.raises(ValidationFailed) as err:
            em.add_placement(
                s,
                actor=staff.caseworker,
                client_id=client.id,
                draft=PlacementDraft(job_title=" ", sector="nope", hours_per_week=200),
            )
        assert err.value.errors == {
            "job_title": "required",
            "start_date": "required",
            "sector": "unknown_choice",
            "hours_per_week": "out_of_range",
        }
        row = em.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=PlacementDraft(job_title="Driver", start_date=START),
        )
        with pytest.raises(ValidationFailed):
            em.separate_placement(
                s,
                actor=staff.caseworker,
                placement_id=row.id,
                separation_date=dt.date(2026, 1, 1),
                reason="quit",
            )
        ended = em.separate_placement(
            s,
            actor=staff.caseworker,
            placement_id=row.id,
            separation_date=dt.date(2026, 5, 1),
            reason="unsafe_conditions",
            referred_back=True,
        )
        assert ended.separation_reason == "unsafe_conditions"
        history = [e.action for e in client_history(s, client_id=client.id)]
    assert "placement_separated" in history
    assert "placement_added" in history


def test_permissions(db, staff):
    client = _client(db, staff.caseworker)
    for actor in (staff.director, staff.intake):
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            em.list_placements(s, actor=actor, client_id=client.id)
    with db.session(staff.director) as s, pytest.raises(PermissionDenied):
        emp.save_employer(s, actor=staff.director, draft=EmployerDraft(name="X"))
    theirs = _assigned(db, staff)
    with db.session(staff.caseworker2) as s, pytest.raises(db.out_of_scope):
        em.list_placements(s, actor=staff.caseworker2, client_id=theirs.id)


def _assigned(db, staff):
    with db.session(staff.caseworker) as s:
        return clients.register_client(
            s,
            actor=staff.caseworker,
            draft=clients.ClientDraft(
                chosen_name="B", assigned_caseworker_id=staff.caseworker.user_id
            ),
        )


def test_training_programs_and_enrollments(db, staff):
    client = _client(db, staff.caseworker)
    with db.session(staff.caseworker) as s:
        program = emp.save_training_program(
            s,
            actor=staff.caseworker,
            draft=TrainingProgramDraft(name="Food safety", credential="Food handler card"),
        )
        row = training.save_enrollment(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=EnrollmentDraft(
                program_id=program.id,
                start_date=START,
                status="completed",
                credential_attained=True,
                credential_date=START,
            ),
        )
        assert row.program_name == "Food safety"
        assert [
            e.id for e in training.list_enrollments(s, actor=staff.caseworker, client_id=client.id)
        ] == [row.id]
        with pytest.raises(ValidationFailed):
            training.save_enrollment(
                s,
                actor=staff.caseworker,
                client_id=client.id,
                draft=EnrollmentDraft(program_id=program.id, credential_attained=True),
            )


def test_employer_vetting_needs_a_date(db, staff):
    with db.session(staff.caseworker) as s, pytest.raises(ValidationFailed) as err:
        emp.save_employer(s, actor=staff.caseworker, draft=EmployerDraft(name="Farm", vetted=True))
    assert err.value.errors == {"vetted_on": "required"}
