"""Before a referral exists: does consent cover sharing with an organization, and what? And one
name for one organization, wherever a service names it."""

from __future__ import annotations

import pytest

from safehaven.models.directory import organization_display_name
from safehaven.services.consent import consent as consent_service
from safehaven.services.errors import ConsentMissing, NotFound, ValidationFailed
from safehaven.services.referrals import referrals as svc
from safehaven.services.referrals.consent_gate import consent_cover
from safehaven.services.referrals.letters import letter_options
from tests.services.referral_helpers import grant, make_client, make_org, make_referral

pytestmark = pytest.mark.usefixtures("staff")


@pytest.fixture
def case(db, staff):
    return make_client(db[staff.caseworker], staff.caseworker), make_org(
        db[staff.admin], staff.admin
    )


def cover(session, actor, client_id, org_id, service_type=None):
    return consent_cover(
        session,
        actor=actor,
        client_id=client_id,
        organization_id=org_id,
        service_type=service_type,
    )


def test_nothing_recorded_is_not_covered(db, staff, case):
    client_id, org_id = case
    found = cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "legal")
    assert (found.covered, found.reason, found.fields) == (False, "none", ())
    assert found.organization_name == "Harbor Legal Aid (Springfield)"


def test_an_organization_grant_covers_with_its_fields_in_letter_order(db, staff, case):
    client_id, org_id = case
    grant(
        db[staff.caseworker],
        staff.caseworker,
        client_id,
        org_id,
        fields=("pronouns", "chosen_name"),
    )
    for service_type in (None, "legal"):
        found = cover(db[staff.caseworker], staff.caseworker, client_id, org_id, service_type)
        assert found.covered, service_type
        assert found.fields == ("chosen_name", "pronouns")
    other = make_org(db[staff.admin], staff.admin, name="Bright Clinic")
    assert not cover(db[staff.caseworker], staff.caseworker, client_id, other, "legal").covered


def test_a_later_service_refusal_takes_the_cover_away_for_that_service(db, staff, case):
    client_id, org_id = case
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    consent_service.record_consent(
        db[staff.caseworker],
        actor=staff.caseworker,
        client_id=client_id,
        purpose="referral_service",
        service_type="legal",
        granted=False,
        method="verbal",
    )
    found = cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "legal")
    assert (found.covered, found.reason, found.fields) == (False, "refused", ())
    assert cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "health").covered


def test_the_cover_matches_the_gate_at_sending(db, staff, case):
    """What the form says is what sending does."""
    client_id, org_id = case
    referral_id = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    assert not cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "legal").covered
    with pytest.raises(ConsentMissing):
        svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=referral_id)
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    assert cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "legal").covered
    assert svc.send_referral(db[staff.caseworker], actor=staff.caseworker, referral_id=referral_id)


def test_refused_outside_scope_and_for_unknown_input(db, staff, case):
    client_id, org_id = case
    with pytest.raises(db.out_of_scope):  # on an office server the case is not there for them
        cover(db[staff.caseworker2], staff.caseworker2, client_id, org_id)
    with pytest.raises(NotFound):
        cover(db[staff.caseworker], staff.caseworker, client_id, org_id + 999)
    with pytest.raises(ValidationFailed):
        cover(db[staff.caseworker], staff.caseworker, client_id, org_id, "astrology")


def test_one_organization_is_named_the_same_way_everywhere(db, staff, case):
    client_id, org_id = case
    name = "Harbor Legal Aid (Springfield)"
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    referral_id = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    referral = svc.list_referrals(
        db[staff.caseworker], actor=staff.caseworker, client_id=client_id
    )[0]
    assert referral.organization_name == name
    history = consent_service.consent_history(
        db[staff.caseworker], actor=staff.caseworker, client_id=client_id
    )
    assert history[0].organization_name == name
    options = letter_options(db[staff.caseworker], actor=staff.caseworker, referral_id=referral_id)
    assert (options.organization_name, options.organization_id) == (name, org_id)
    assert (
        cover(db[staff.caseworker], staff.caseworker, client_id, org_id).organization_name == name
    )


def test_display_name_adds_the_city_only_when_known():
    assert organization_display_name("Harbor", "Springfield") == "Harbor (Springfield)"
    assert organization_display_name("Harbor", None) == "Harbor"
    assert organization_display_name("Harbor", "  ") == "Harbor"
