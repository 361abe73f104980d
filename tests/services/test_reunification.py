"""Reunification services on both stores: rules hold even when the UI is bypassed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from safehaven.models.permissions import Role
from safehaven.models.reunification_rules import RED_FLAGS, RedFlag
from safehaven.models.task import Task
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.audit import client_history
from safehaven.services.cases import clients
from safehaven.services.errors import InvalidTransition, PermissionDenied, ValidationFailed
from safehaven.services.reunification import family_contacts as fc
from safehaven.services.reunification import followup as fu
from safehaven.services.reunification import reunification as ru
from safehaven.services.reunification.records import (
    AssessmentDraft,
    ChecksNotMet,
    FamilyContactDraft,
    FollowUpDraft,
    ReunificationDraft,
)

SAFE_DRAFT = AssessmentDraft(
    wants_contact="yes",
    wishes_reunify="yes",
    survivor_knows_adult="yes",
    accounts_match="yes",
    identity_verified="yes",
    red_flags={code: RedFlag("no") for code in RED_FLAGS},
    household_willing="yes",
    household_able="yes",
    home_visit_done="yes",
    home_visit_date=dt.date(2026, 5, 2),
    risk_rating="low",
    risk_rationale="Family supportive; recruiter convicted.",
)


def _client(session, actor, **kw):
    draft = clients.ClientDraft(chosen_name="Rosa", date_of_birth=dt.date(1995, 3, 1), **kw)
    return clients.register_client(session, actor=actor, draft=draft)


def _assessment(db, staff, assessor=None):
    assessor = assessor or staff.caseworker
    with db.session(assessor) as s:
        client = _client(s, assessor)
        contact = fc.add_family_contact(
            s,
            actor=assessor,
            client_id=client.id,
            draft=FamilyContactDraft(relationship="mother", name="Maria", phone="+52 55 1234"),
        )
        row = ru.start_assessment(s, actor=assessor, family_contact_id=contact.id)
    return client, contact, row


def _closed(row: clients.ClientRow) -> clients.ClientDraft:
    names = clients.ClientDraft.__dataclass_fields__
    draft = clients.ClientDraft(**{k: getattr(row, k) for k in names})
    return replace(draft, status="closed", closure_date=dt.date.today())


def _second_supervisor(vault, staff) -> Actor:
    row = accounts.create_user(
        vault,
        actor=staff.admin,
        username="sup2",
        display_name="Sup Two",
        roles=(Role.SUPERVISOR,),
        password="yet another long phrase 7",
        must_change_password=False,
    )
    return Actor(row.id, "sup2", "Sup Two", (Role.SUPERVISOR,))


def test_red_flag_without_mitigation_blocks_submit_even_without_ui(db, staff):
    _, _, a = _assessment(db, staff)
    draft = replace(SAFE_DRAFT, red_flags={**SAFE_DRAFT.red_flags, "debts": RedFlag("yes")})
    with db.session(staff.caseworker) as s:
        row = ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=draft)
        assert row.recommend_check.reasons == ("red_flag_open:debts",)
        with pytest.raises(ChecksNotMet) as err:
            ru.submit_assessment(
                s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
            )
        assert err.value.reasons == ("red_flag_open:debts",)
        assert ru.get_assessment(s, actor=staff.caseworker, assessment_id=a.id).status == "draft"
        # another outcome can still be submitted
        row = ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="further_tracing"
        )
        assert row.status == "submitted"


def test_wishes_must_be_asked_first(db, staff):
    _, _, a = _assessment(db, staff)
    draft = AssessmentDraft(identity_verified="yes")
    with db.session(staff.caseworker) as s, pytest.raises(ValidationFailed) as err:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=draft)
    assert err.value.errors == {"wishes_reunify": "wishes_first"}


def test_refusal_closes_the_assessment(db, staff):
    client, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        row = ru.save_assessment(
            s,
            actor=staff.caseworker,
            assessment_id=a.id,
            draft=replace(SAFE_DRAFT, wishes_reunify="no"),
        )
        assert row.status == "closed_refused"
        assert row.recommend_check.reasons == ("survivor_refused",)
        with pytest.raises(InvalidTransition):
            ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        with pytest.raises(ChecksNotMet):
            ru.submit_assessment(
                s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
            )
        actions = [e.action for e in client_history(s, client_id=client.id)]
    assert "reunification_assessment_closed_refused" in actions


def test_refusal_after_approval_ends_it(db, staff):
    _, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
        )
        ru.approve_assessment(db[staff.supervisor], actor=staff.supervisor, assessment_id=a.id)
        row = ru.record_refusal(s, actor=staff.caseworker, assessment_id=a.id)
    assert row.status == "closed_refused"


@pytest.mark.vault_only("adds a second supervisor through the vault's own accounts")
def test_approval_rules_hold_in_the_service(db, staff, vault):
    _, _, a = _assessment(db, staff, assessor=staff.supervisor)
    with db.session(staff.supervisor) as s:
        ru.save_assessment(s, actor=staff.supervisor, assessment_id=a.id, draft=SAFE_DRAFT)
        ru.submit_assessment(
            s, actor=staff.supervisor, assessment_id=a.id, recommendation="reunify"
        )
        with pytest.raises(ChecksNotMet) as err:
            ru.approve_assessment(s, actor=staff.supervisor, assessment_id=a.id)
        assert err.value.reasons == ("own_assessment",)
        with pytest.raises(PermissionDenied):
            ru.approve_assessment(db[staff.caseworker], actor=staff.caseworker, assessment_id=a.id)
    other = _second_supervisor(vault, staff)
    with db.session(other) as s:
        row = ru.approve_assessment(s, actor=other, assessment_id=a.id, comments="Agreed.")
    assert row.status == "approved"
    assert row.approved_by_id == other.user_id


def test_return_then_resubmit(db, staff):
    _, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
        )
        row = ru.return_assessment(
            db[staff.supervisor],
            actor=staff.supervisor,
            assessment_id=a.id,
            comments="Need a second home visit.",
        )
        assert row.status == "returned"
        with pytest.raises(ChecksNotMet):  # not submitted any more
            ru.approve_assessment(db[staff.supervisor], actor=staff.supervisor, assessment_id=a.id)
        row = ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify_enhanced_support"
        )
        assert row.status == "submitted"


def test_minor_needs_best_interests_in_service(db, staff):
    with db.session(staff.caseworker) as s:
        client = clients.register_client(
            s,
            actor=staff.caseworker,
            draft=clients.ClientDraft(chosen_name="Lu", estimated_age=15, age_is_estimated=True),
        )
        contact = fc.add_family_contact(
            s,
            actor=staff.caseworker,
            client_id=client.id,
            draft=FamilyContactDraft(relationship="aunt_uncle"),
        )
        a = ru.start_assessment(s, actor=staff.caseworker, family_contact_id=contact.id)
        row = ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        assert row.is_minor is True
        assert row.recommend_check.reasons == ("best_interests_missing",)
        draft = replace(
            SAFE_DRAFT, best_interests_done=True, best_interests_outcome="reunification"
        )
        row = ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=draft)
        assert row.recommend_check.ok


def test_restricted_family_details_never_reach_roles_without_legal_name(db, staff):
    client, contact, _ = _assessment(db, staff)
    assert contact.name == "Maria"
    assert contact.details_visible
    with db.session(staff.caseworker) as s:
        from safehaven.models.reunification import FamilyContact

        orm = s.get(FamilyContact, contact.id)
        row = fc.contact_row(orm, staff.intake)
        assert not row.details_visible
        assert (row.name, row.phone, row.location, row.address, row.contact_notes) == (None,) * 5
        assert row.relationship == "mother"
    for actor in (staff.intake, staff.director, staff.admin):
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            fc.list_family_contacts(s, actor=actor, client_id=client.id)
    with db.session(staff.caseworker) as s:
        for event in client_history(s, client_id=client.id):
            assert "Maria" not in str(event.details)


def test_reunification_schedules_follow_ups_and_moves_them(db, staff):
    _, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
        )
        with pytest.raises(ChecksNotMet):
            fu.record_reunification(
                s,
                actor=staff.caseworker,
                assessment_id=a.id,
                draft=ReunificationDraft(dt.date(2026, 6, 1)),
            )
        ru.approve_assessment(db[staff.supervisor], actor=staff.supervisor, assessment_id=a.id)
        day0 = dt.date(2026, 6, 1)
        rec = fu.record_reunification(
            s, actor=staff.caseworker, assessment_id=a.id, draft=ReunificationDraft(day0)
        )
        assert [v.due_day for v in rec.follow_ups] == [14, 30, 91, 182, 365]
        assert [v.due_date for v in rec.follow_ups] == [
            day0 + dt.timedelta(days=d) for d in (14, 30, 91, 182, 365)
        ]
        tasks = s.scalars(select(Task).where(Task.kind == "reunification_follow_up")).all()
        assert sorted(t.due_date for t in tasks) == [v.due_date for v in rec.follow_ups]
        s.rollback()
        # the first visit is done, then the date moves: open visits and tasks move, done stays
        first = rec.follow_ups[0]
        fu.record_follow_up(
            s,
            actor=staff.caseworker,
            record_id=rec.id,
            follow_up_id=first.id,
            draft=FollowUpDraft(visited_on=dt.date(2026, 6, 15), wellbeing="good"),
        )
        s.expire_all()
        moved = fu.update_reunification(
            s,
            actor=staff.caseworker,
            record_id=rec.id,
            draft=ReunificationDraft(dt.date(2026, 7, 1)),
        )
        assert moved.follow_ups[0].due_date == first.due_date
        assert moved.follow_ups[1].due_date == dt.date(2026, 7, 31)
        by_source = {t.source_id: t for t in s.scalars(select(Task))}
        assert by_source[first.id].completed_at is not None
        assert by_source[moved.follow_ups[1].id].due_date == dt.date(2026, 7, 31)
        assert len(by_source) == 5
        s.rollback()


def test_retrafficking_concern_reopens_a_closed_case(db, staff):
    client, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
        ru.submit_assessment(
            s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
        )
        ru.approve_assessment(db[staff.supervisor], actor=staff.supervisor, assessment_id=a.id)
        rec = fu.record_reunification(
            s,
            actor=staff.caseworker,
            assessment_id=a.id,
            draft=ReunificationDraft(dt.date(2026, 1, 10)),
        )
        full = clients.get_client(s, actor=staff.caseworker, client_id=client.id)
        clients.update_client(s, actor=staff.caseworker, client_id=client.id, draft=_closed(full))
        row = fu.record_follow_up(
            s,
            actor=staff.caseworker,
            record_id=rec.id,
            draft=FollowUpDraft(visited_on=dt.date(2026, 4, 1), retrafficking_concern=True),
        )
        assert row.case_reopened
        again = clients.get_client(s, actor=staff.caseworker, client_id=client.id)
        assert again.status == "active"
        assert again.closure_date is None
        history = client_history(s, client_id=client.id)
    reopen = [e for e in history if e.action == "case_reopened"]
    assert reopen
    assert reopen[0].details == {"reason": "retrafficking_concern"}


# ---- property test through the service (the UI bypassed) -------------------------------------

answers = st.sampled_from([None, "yes", "no", "unknown"])
flag_states = st.fixed_dictionaries(
    {
        code: st.builds(RedFlag, answers, st.sampled_from([None, "", "Safety plan agreed"]))
        for code in RED_FLAGS
    }
)
drafts = st.builds(
    AssessmentDraft,
    wants_contact=st.just("yes"),
    wishes_reunify=st.sampled_from(["yes", "unsure", "no"]),
    survivor_knows_adult=answers,
    accounts_match=answers,
    identity_verified=answers,
    red_flags=flag_states,
    household_willing=answers,
    household_able=answers,
    home_visit_done=answers,
    home_visit_date=st.sampled_from([None, dt.date(2026, 5, 2)]),
    risk_rating=st.sampled_from([None, "low", "medium", "high"]),
    risk_rationale=st.sampled_from([None, "reasoned"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(draft=drafts)
def test_service_never_submits_reunify_with_open_flag_or_missing_item(db, staff, draft):
    _, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        row = ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=draft)
        open_flag = any(f.is_open or f.raised is None for f in draft.red_flags.values())
        missing = any(
            getattr(draft, n) is None
            for n in (
                "survivor_knows_adult",
                "accounts_match",
                "identity_verified",
                "household_willing",
                "household_able",
                "home_visit_done",
                "risk_rating",
                "risk_rationale",
            )
        )
        try:
            submitted = ru.submit_assessment(
                s, actor=staff.caseworker, assessment_id=a.id, recommendation="reunify"
            )
        except ChecksNotMet as exc:
            assert exc.reasons  # noqa: PT017 - either outcome is valid; a refusal is checked here
            if draft.wishes_reunify == "no":
                assert exc.reasons == ("survivor_refused",)  # noqa: PT017 - either outcome is valid; a refusal is checked here
                assert row.status == "closed_refused"
            return
        assert submitted.status == "submitted"
        assert not open_flag
        assert not missing
        assert draft.wishes_reunify == "yes"


@pytest.mark.vault_only("erasure is a vault operation; an office server offers none")
def test_erasing_the_client_removes_family_contacts_and_follow_ups(db, staff, vault):
    from safehaven.models.reunification import (
        FamilyContact,
        ReunificationAssessment,
        ReunificationRedFlag,
    )
    from safehaven.services.vault_ops.erasure import erase_client

    client, _, a = _assessment(db, staff)
    with db.session(staff.caseworker) as s:
        ru.save_assessment(s, actor=staff.caseworker, assessment_id=a.id, draft=SAFE_DRAFT)
    erase_client(vault, actor=staff.admin, client_id=client.id, confirmed=True)
    with db.session(staff.supervisor) as s:
        for model in (FamilyContact, ReunificationAssessment, ReunificationRedFlag, Task):
            assert s.scalars(select(model)).first() is None, model.__name__
