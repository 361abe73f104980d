"""Consent per purpose: expiry, withdrawal and refusal take effect from that moment, one purpose
never blocks another, and the referral precedence holds."""

from __future__ import annotations

import datetime as dt

import pytest

from safehaven.services.consent import consent as consent_service
from safehaven.services.consent.consent import (
    consent_allows,
    consent_decision,
    consent_history,
    consent_state,
    record_consent,
    require_consent,
    withdraw_consent,
)
from safehaven.services.errors import (
    ConsentMissing,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from tests.services.helpers_intake import new_client

T0 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


def days(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def record(db, actor, client_id, purpose, *, granted=True, at=T0, **kw):
    with db.session(actor) as s:
        return record_consent(
            s,
            actor=actor,
            client_id=client_id,
            purpose=purpose,
            granted=granted,
            method=kw.pop("method", "written"),
            at=at,
            **kw,
        )


def allows(db, client_id, purpose, at, **kw) -> bool:
    with db.session(db.staff.caseworker) as s:
        return consent_allows(s, client_id, purpose, at=at, **kw)


def reason(db, client_id, purpose, at, **kw) -> str:
    with db.session(db.staff.caseworker) as s:
        return consent_decision(s, client_id, purpose, at=at, **kw).reason


@pytest.fixture
def client_id(db, staff) -> int:
    return new_client(db, staff.intake)


def test_no_consent_means_no(db, client_id) -> None:
    assert not allows(db, client_id, "statistics", T0)
    assert reason(db, client_id, "statistics", T0) == "none"


def test_expiry_makes_consent_false_from_that_moment(db, staff, client_id) -> None:
    record(db, staff.intake, client_id, "family_contact", expires_at=days(30))
    assert not allows(db, client_id, "family_contact", days(-1))  # before it was given
    assert allows(db, client_id, "family_contact", days(29.99))
    assert not allows(db, client_id, "family_contact", days(30))
    assert reason(db, client_id, "family_contact", days(31)) == "expired"


def test_withdrawal_makes_consent_false_from_that_moment(db, staff, client_id) -> None:
    row = record(db, staff.intake, client_id, "statistics")
    with db.session(staff.caseworker) as s:
        withdrawn = withdraw_consent(s, actor=staff.caseworker, consent_id=row.id, at=days(5))
    assert withdrawn.withdrawn_by == "Caseworker"
    assert withdrawn.withdrawn_at == days(5)
    assert allows(db, client_id, "statistics", days(4.9))
    assert not allows(db, client_id, "statistics", days(5))
    assert reason(db, client_id, "statistics", days(6)) == "withdrawn"
    with db.session(staff.caseworker) as s, pytest.raises(ConsentMissing) as info:
        require_consent(s, client_id, "statistics", at=days(6))
    assert (info.value.purpose, info.value.reason) == ("statistics", "withdrawn")
    with db.session(staff.caseworker) as s, pytest.raises(InvalidTransition):
        withdraw_consent(s, actor=staff.caseworker, consent_id=row.id, at=days(7))


def test_refusing_one_purpose_leaves_the_others_intact(db, staff, client_id) -> None:
    for purpose in ("data_keeping", "statistics", "legal_name"):
        record(db, staff.intake, client_id, purpose)
    record(db, staff.intake, client_id, "family_contact", granted=False, at=days(1))
    assert reason(db, client_id, "family_contact", days(2)) == "refused"
    for purpose in ("data_keeping", "statistics", "legal_name"):
        assert allows(db, client_id, purpose, days(2))
    # and the record itself stays usable: notes, profile and intake are not blocked
    from safehaven.services.cases.clients import get_client
    from safehaven.services.cases.notes import add_note

    with db.session(staff.caseworker) as s:
        add_note(s, actor=staff.caseworker, client_id=client_id, dated=T0.date(), text="seen")
    with db.session(staff.caseworker) as s:
        assert get_client(s, actor=staff.caseworker, client_id=client_id).chosen_name == "Rosa"


def test_a_new_grant_replaces_an_old_refusal_and_vice_versa(db, staff, client_id) -> None:
    record(db, staff.intake, client_id, "statistics", granted=False, at=days(0))
    record(db, staff.intake, client_id, "statistics", granted=True, at=days(3))
    assert not allows(db, client_id, "statistics", days(2))
    assert allows(db, client_id, "statistics", days(4))
    record(db, staff.intake, client_id, "statistics", granted=False, at=days(8))
    assert not allows(db, client_id, "statistics", days(9))


def _orgs(db, staff, n: int) -> list[int]:
    from safehaven.services.directory.directory import OrganizationDraft, create_organization

    ids = []
    for i in range(n):
        with db.session(staff.admin) as s:
            draft = OrganizationDraft(name=f"Clinic {i}", services=("health", "legal"))
            ids.append(create_organization(s, actor=staff.admin, draft=draft).id)
    return ids


def test_referral_precedence(db, staff, client_id) -> None:
    org, other_org = _orgs(db, staff, 2)
    kw = {"organization_id": org, "service_type": "health"}
    record(db, staff.caseworker, client_id, "referral_service", service_type="health")
    # the service-type grant covers any health organization
    assert allows(db, client_id, "referral_organization", days(1), **kw)
    # a refusal for one organization is never overridden by the general grant
    record(
        db,
        staff.caseworker,
        client_id,
        "referral_organization",
        organization_id=org,
        granted=False,
        at=days(2),
    )
    assert not allows(db, client_id, "referral_organization", days(3), **kw)
    assert allows(
        db,
        client_id,
        "referral_organization",
        days(3),
        organization_id=other_org,
        service_type="health",
    )
    # a newer grant for that organization allows it again
    record(
        db, staff.caseworker, client_id, "referral_organization", organization_id=org, at=days(4)
    )
    assert allows(db, client_id, "referral_service", days(5), **kw)
    # a later refusal of the whole service type covers the organization grant too
    record(
        db,
        staff.caseworker,
        client_id,
        "referral_service",
        service_type="health",
        granted=False,
        at=days(6),
    )
    assert reason(db, client_id, "referral_service", days(7), **kw) == "refused"
    # other service types are untouched
    record(db, staff.caseworker, client_id, "referral_service", service_type="legal", at=days(6))
    assert allows(db, client_id, "referral_service", days(7), service_type="legal")


def test_org_grant_older_than_service_withdrawal_is_covered(db, staff, client_id) -> None:
    (org,) = _orgs(db, staff, 1)
    svc = record(db, staff.caseworker, client_id, "referral_service", service_type="legal")
    record(
        db, staff.caseworker, client_id, "referral_organization", organization_id=org, at=days(1)
    )
    kw = {"organization_id": org, "service_type": "legal"}
    assert allows(db, client_id, "referral_organization", days(2), **kw)
    with db.session(staff.caseworker) as s:
        withdraw_consent(s, actor=staff.caseworker, consent_id=svc.id, at=days(3))
    assert reason(db, client_id, "referral_organization", days(4), **kw) == "withdrawn"


def test_withdrawal_hooks_run_in_the_same_transaction(db, staff, client_id, monkeypatch):
    seen = []

    def hook(session, consent, actor):
        seen.append((consent.id, consent.withdrawn_at is not None, actor.user_id))

    monkeypatch.setattr(consent_service, "WITHDRAWAL_HOOKS", (hook,))
    row = record(db, staff.intake, client_id, "family_contact")
    with db.session(staff.caseworker) as s:
        withdraw_consent(s, actor=staff.caseworker, consent_id=row.id)
    assert seen == [(row.id, True, staff.caseworker.user_id)]

    def failing(session, consent, actor):
        raise RuntimeError("boom")

    row2 = record(db, staff.intake, client_id, "statistics")
    monkeypatch.setattr(consent_service, "WITHDRAWAL_HOOKS", (failing,))
    with db.session(staff.caseworker) as s, pytest.raises(RuntimeError):
        withdraw_consent(s, actor=staff.caseworker, consent_id=row2.id)
    assert allows(db, client_id, "statistics", dt.datetime.now(dt.UTC))  # rolled back


def test_state_and_history(db, staff, client_id) -> None:
    record(db, staff.intake, client_id, "statistics", expires_at=days(10))
    record(db, staff.intake, client_id, "family_contact", granted=False, method="verbal")
    record(db, staff.caseworker, client_id, "referral_service", service_type="legal", at=days(1))
    with db.session(staff.caseworker) as s:
        state = consent_state(s, actor=staff.caseworker, client_id=client_id, at=days(11))
    by_scope = {(r.purpose, r.service_type): r.status for r in state}
    assert by_scope[("statistics", None)] == "expired"
    assert by_scope[("family_contact", None)] == "refused"
    assert by_scope[("data_keeping", None)] == "none"
    assert by_scope[("referral_service", "legal")] == "granted"
    with db.session(staff.caseworker) as s:
        history = consent_history(s, actor=staff.caseworker, client_id=client_id)
    assert next(h.purpose for h in history) == "referral_service"
    assert {h.recorded_by for h in history} == {"Intake", "Caseworker"}


def test_validation_and_permissions(db, staff, client_id) -> None:
    with pytest.raises(ValidationFailed) as info:
        record(db, staff.intake, client_id, "referral_service")
    assert info.value.errors == {"service_type": "required"}
    with pytest.raises(ValidationFailed) as info:
        record(
            db,
            staff.intake,
            client_id,
            "statistics",
            method="telepathy",
            expires_at=T0 - dt.timedelta(days=1),
        )
    assert set(info.value.errors) == {"method", "expires_at"}
    for actor in (staff.director, staff.admin):
        with pytest.raises(PermissionDenied):
            record(db, actor, client_id, "statistics")
