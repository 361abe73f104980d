"""Referral workflow: consent gate at the moment of sending, supervisor override, withdrawal
flags, follow-up tasks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.services.consent import consent as consent_service
from safehaven.services.errors import (
    ConsentMissing,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from safehaven.services.referrals import referrals as svc
from safehaven.services.referrals.overview import list_open_referrals
from safehaven.services.tasks import complete_task, list_tasks
from tests.services.referral_helpers import (
    grant,
    make_client,
    make_org,
    make_referral,
    set_sender,
)

pytestmark = pytest.mark.usefixtures("staff")


@pytest.fixture
def case(db, staff):
    client_id = make_client(db[staff.caseworker], staff.caseworker)
    org_id = make_org(db[staff.admin], staff.admin)
    return client_id, org_id


def _events(db, action):
    session = db[db.staff.supervisor]
    with session.begin():
        rows = session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars()
        return [(e.object_id, json.loads(e.details)) for e in rows]


def test_send_without_consent_is_refused_with_reason(db, staff, case):
    client_id, org_id = case
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    with pytest.raises(ConsentMissing) as info:
        svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert info.value.reason == "none"
    assert (
        svc.get_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref).status
        == "draft"
    )


def test_send_with_consent_then_full_workflow(db, staff, case):
    client_id, org_id = case
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id, urgency="high")
    row = svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert row.status == "sent"
    assert row.reference.startswith("REF-")
    assert row.follow_up_due == dt.date.today() + dt.timedelta(days=2)
    row = svc.accept_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert row.status == "accepted"
    row = svc.complete_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert row.status == "completed"
    with pytest.raises(InvalidTransition):
        svc.withdraw_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert (
        list_tasks(db[staff.caseworker], actor=staff.caseworker) == []
    )  # closing cancelled the follow-up


@pytest.mark.parametrize("state", ["expired", "withdrawn"])
def test_expired_or_withdrawn_consent_refuses_sending(db, staff, case, state):
    client_id, org_id = case
    now = dt.datetime.now(dt.UTC)
    consent = grant(
        db[staff.caseworker],
        staff.caseworker,
        client_id,
        org_id,
        at=now - dt.timedelta(days=10),
        expires_at=now - dt.timedelta(days=1) if state == "expired" else None,
    )
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    if state == "withdrawn":
        consent_service.withdraw_consent(
            db[staff.caseworker], actor=staff.caseworker, consent_id=consent.id
        )
    with pytest.raises(ConsentMissing) as info:
        svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert info.value.reason == state


def test_override_needs_supervisor_and_reason_and_is_audited(db, staff, case):
    client_id, org_id = case
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    with pytest.raises(PermissionDenied):
        svc.send_referral(
            db[staff.caseworker],
            actor=staff.caseworker,
            referral_id=ref,
            override_reason="urgent medical need",
        )
    for empty in ("", "   ", "short"):
        with pytest.raises(ValidationFailed) as info:
            svc.send_referral(
                db[staff.supervisor], actor=staff.supervisor, referral_id=ref, override_reason=empty
            )
        assert "override_reason" in info.value.errors
    assert _events(db, "consent_overridden") == []
    row = svc.send_referral(
        db[staff.supervisor],
        actor=staff.supervisor,
        referral_id=ref,
        override_reason="Survivor agreed verbally by phone; form to follow",
    )
    assert row.status == "sent"
    assert row.overridden
    events = _events(db, "consent_overridden")
    assert events == [(ref, {"consent": "none", "for": "send", "purpose": "referral_service"})]
    sent = _events(db, "referral_sent")
    assert sent[-1][1]["override"] is True


def test_the_referrals_package_registers_its_withdrawal_hook_once():
    from safehaven.services.referrals.flags import flag_open_referrals

    consent_service.on_withdrawal(flag_open_referrals)
    assert consent_service.WITHDRAWAL_HOOKS.count(flag_open_referrals) == 1


def test_withdrawal_flags_open_referrals_it_covers(db, staff, case):
    client_id, org_id = case
    other_org = make_org(db[staff.admin], staff.admin, "Clinic of the Bay")
    consent = grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    grant(db[staff.caseworker], staff.caseworker, client_id, other_org)
    covered = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    sent = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=sent)
    elsewhere = make_referral(db[staff.caseworker], staff.caseworker, client_id, other_org)
    consent_service.withdraw_consent(
        db[staff.caseworker], actor=staff.caseworker, consent_id=consent.id
    )
    rows = {
        r.id: r
        for r in svc.list_referrals(
            db[staff.caseworker], actor=staff.caseworker, client_id=client_id
        )
    }
    assert rows[covered].consent_flagged
    assert rows[sent].consent_flagged
    assert not rows[elsewhere].consent_flagged
    with pytest.raises(ConsentMissing):
        svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=covered)


def test_decline_needs_reason_and_outcome_only_for_drafts(db, staff, case):
    client_id, org_id = case
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    with pytest.raises(ValidationFailed):
        svc.decline_referral(
            db[staff.caseworker], actor=staff.caseworker, referral_id=ref, reason=""
        )
    row = svc.decline_referral(
        db[staff.caseworker],
        actor=staff.caseworker,
        referral_id=ref,
        reason="no_capacity",
        note="full",
    )
    assert row.status == "declined"
    assert row.decline_reason == "no_capacity"
    draft = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    row = svc.withdraw_referral(
        db[staff.caseworker], actor=staff.caseworker, referral_id=draft, outcome="provided_in_house"
    )
    assert row.status == "withdrawn"
    assert row.outcome == "provided_in_house"


def test_other_caseworker_cannot_touch_the_case(db, staff, case):
    client_id, org_id = case
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    with pytest.raises(db.out_of_scope):
        svc.get_referral(db[staff.caseworker2], actor=staff.caseworker2, referral_id=ref)
    assert list_open_referrals(db[staff.caseworker2], actor=staff.caseworker2) == []


def test_overdue_follow_up_appears_in_tasks_and_completing_removes_it(db, staff, case):
    client_id, org_id = case
    yesterday = dt.date.today() - dt.timedelta(days=1)
    ref = make_referral(
        db[staff.caseworker], staff.caseworker, client_id, org_id, follow_up_due=yesterday
    )
    overdue = list_tasks(db[staff.caseworker], actor=staff.caseworker, overdue_only=True)
    assert [(t.kind, t.source_id, t.overdue) for t in overdue] == [
        ("referral_follow_up", ref, True)
    ]
    assert overdue[0].case_number.startswith("SH-")
    assert [
        r.id
        for r in list_open_referrals(
            db[staff.caseworker], actor=staff.caseworker, overdue_only=True
        )
    ] == [ref]
    assert list_tasks(db[staff.caseworker2], actor=staff.caseworker2) == []
    complete_task(db[staff.caseworker], actor=staff.caseworker, task_id=overdue[0].id)
    assert list_tasks(db[staff.caseworker], actor=staff.caseworker) == []
    done = list_tasks(db[staff.caseworker], actor=staff.caseworker, include_done=True)
    assert done[0].completed_at is not None
    assert _events(db, "task_completed")[0][1] == {"kind": "referral_follow_up"}


def test_validation_of_draft():
    errors = svc.validate_referral(svc.ReferralDraft(service_type="", reason="other"))
    assert errors == {"service_type": "required", "reason_detail": "required"}


def test_override_lapses_when_the_survivor_refuses_afterwards(db, staff, case):
    client_id, org_id = case
    set_sender(db[staff.admin], staff.admin)
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    svc.send_referral(
        db[staff.supervisor],
        actor=staff.supervisor,
        referral_id=ref,
        override_reason="Emergency placement",
    )
    from safehaven.services.referrals.letters import build_letter

    assert build_letter(
        db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="print"
    ).overridden
    consent_service.record_consent(
        db[staff.caseworker],
        actor=staff.caseworker,
        client_id=client_id,
        purpose="referral_organization",
        organization_id=org_id,
        granted=False,
        method="verbal",
    )
    with pytest.raises(ConsentMissing) as info:
        build_letter(db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="print")
    assert info.value.reason == "refused"
