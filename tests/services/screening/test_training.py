"""Staff training: an expired or missing course shows a notice and gives the supervisor a review
task, and never blocks the screening; the Training list shows who is due."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from safehaven.models.task import Task
from safehaven.services.errors import PermissionDenied, ValidationFailed
from safehaven.services.screening import sessions as svc
from safehaven.services.screening import training
from safehaven.services.tasks import list_tasks
from tests.services.screening.helpers import call, new_client, started, train


def test_expired_training_shows_the_notice_tasks_the_supervisor_and_never_blocks(db, staff) -> None:
    train(db, staff.admin, staff.caseworker.user_id, "screening_basics", expired=True)
    call(
        db,
        training.set_supervisor,
        actor=staff.admin,
        user_id=staff.caseworker.user_id,
        supervisor_id=staff.supervisor.user_id,
    )
    client = new_client(db, staff.caseworker)
    row = started(db, staff.caseworker, client)
    assert row.training_notice == "expired"
    row = call(
        db,
        svc.answer_question,
        actor=staff.caseworker,
        screening_id=row.id,
        question_key="s_unpaid",
        code="no",
    )
    row = call(
        db,
        svc.finish_screening,
        actor=staff.caseworker,
        screening_id=row.id,
        outcome="no_indicators",
    )
    assert row.status == "complete"  # never blocked
    tasks = call(db, list_tasks, actor=staff.supervisor)
    review = [t for t in tasks if t.kind == "training_review"]
    assert len(review) == 1
    assert review[0].assignee_id == staff.supervisor.user_id
    assert review[0].client_id == client
    assert review[0].due_date == dt.date.today() + dt.timedelta(days=7)


def test_current_training_shows_no_notice_and_makes_no_task(db, staff) -> None:
    train(db, staff.admin, staff.intake.user_id, "screening_basics")
    row = started(db, staff.intake, new_client(db, staff.intake))
    assert row.training_notice is None
    with db.session(staff.supervisor) as s, s.begin():
        assert s.execute(select(Task).where(Task.kind == "training_review")).first() is None


def test_missing_training_also_notices_and_the_task_is_unassigned_without_a_supervisor(
    db, staff
) -> None:
    row = started(db, staff.intake, new_client(db, staff.intake))
    assert row.training_notice == "missing"
    with db.session(staff.supervisor) as s, s.begin():
        task = s.execute(select(Task).where(Task.kind == "training_review")).scalar_one()
    assert task.assignee_id is None
    assert task.source_id == row.id


def test_the_training_list_shows_who_is_due(db, staff) -> None:
    train(db, staff.admin, staff.caseworker.user_id, "screening_basics")
    train(db, staff.admin, staff.intake.user_id, "screening_basics", expired=True)
    rows = {r.user_id: r for r in call(db, training.list_staff_training, actor=staff.supervisor)}
    assert rows[staff.caseworker.user_id].states["screening_basics"] == "current"
    assert rows[staff.intake.user_id].states["screening_basics"] == "expired"
    assert "screening_basics" in rows[staff.intake.user_id].due
    assert "child_safeguarding" in rows[staff.caseworker.user_id].due  # never taken
    with pytest.raises(PermissionDenied):
        call(db, training.list_staff_training, actor=staff.intake)


def test_only_administrators_record_training_and_dates_must_make_sense(db, staff) -> None:
    today = dt.date.today()
    with pytest.raises(PermissionDenied):
        call(
            db,
            training.record_training,
            actor=staff.supervisor,
            user_id=staff.intake.user_id,
            course="screening_basics",
            completed_on=today,
            expires_on=None,
        )
    with pytest.raises(ValidationFailed) as caught:
        call(
            db,
            training.record_training,
            actor=staff.admin,
            user_id=staff.intake.user_id,
            course="screening_basics",
            completed_on=today,
            expires_on=today,
        )
    assert caught.value.errors == {"expires_on": "out_of_range"}
