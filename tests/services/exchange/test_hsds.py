"""Open Referral HSDS 3.0: export → import into an empty vault → export gives the same records;
one bad record imports nothing and is named; malformed input never crashes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.services.directory import directory
from safehaven.services.directory.directory import OrganizationDraft
from safehaven.services.exchange.errors import HsdsRejected
from safehaven.services.exchange.hsds import export_hsds, import_hsds, parse_hsds
from tests.services.exchange.helpers import database_hash, make_vault

ENTRIES = (
    OrganizationDraft(
        name="Harbor Legal Aid",
        org_type="legal_service",
        scope="local",
        services=("legal", "immigration"),
        languages=("en", "es"),
        address="12 Main Street",
        city="Springfield",
        state="IL",
        country="US",
        phone="555-0100",
        email="intake@harbor.example",
        website="https://harbor.example",
        hours="Mon–Fri 9–17",
        eligibility="Adults; any immigration status",
        trafficking_competent=True,
        contact_name="Jordan Reyes",
        contact_email="jordan@harbor.example",
        contact_phone="555-0101",
        last_verified=dt.date(2026, 10, 1),
    ),
    OrganizationDraft(
        name="National Hotline", org_type="hotline", scope="national", phone="1-888-373-7888"
    ),
    OrganizationDraft(
        name="Casa Segura",
        org_type="ngo",
        scope="state",
        services=("safehouse",),
        languages=("es",),
        city="Laredo",
        country="US",
        trafficking_competent=False,
    ),
)


@pytest.fixture
def two(tmp_path):
    return make_vault(tmp_path / "a", "A"), make_vault(tmp_path / "b", "B")


def test_export_import_export_gives_the_same_records(two) -> None:
    a, b = two
    with a.session() as s:
        for draft in ENTRIES:
            directory.create_organization(s, actor=a.admin, draft=draft)
        first = export_hsds(s, actor=a.admin)
    document = json.loads(first)
    assert document["hsds_version"] == "3.0"
    harbor = next(o for o in document["organizations"] if o["name"] == "Harbor Legal Aid")
    assert {s["attributes"][0]["value"] for s in harbor["services"]} == {"legal", "immigration"}
    assert harbor["locations"][0]["addresses"][0]["city"] == "Springfield"
    assert harbor["contacts"][0]["name"] == "Jordan Reyes"
    assert [lang["code"] for lang in harbor["services"][0]["languages"]] == ["en", "es"]
    with b.session() as s:
        assert import_hsds(s, actor=b.admin, data=first) == 3
        second = export_hsds(s, actor=b.admin)
    assert json.loads(second) == document


def test_one_bad_record_imports_nothing_and_is_named(two) -> None:
    a, b = two
    with a.session() as s:
        for draft in ENTRIES:
            directory.create_organization(s, actor=a.admin, draft=draft)
        document = json.loads(export_hsds(s, actor=a.admin))
    document["organizations"][1]["services"][0]["attributes"][0]["value"] = "teleportation"
    bad_id = document["organizations"][1]["id"]
    before = database_hash(b.vault)
    with b.session() as s, pytest.raises(HsdsRejected) as err:
        import_hsds(s, actor=b.admin, data=json.dumps(document).encode())
    assert err.value.errors == ((f"organizations[1] ({bad_id})", "services", "unknown_choice"),)
    assert database_hash(b.vault) == before


def test_missing_name_and_wrong_types_are_named() -> None:
    data = json.dumps({"organizations": [{"id": "x", "phones": "555"}, {"name": 7}]}).encode()
    with pytest.raises(HsdsRejected) as err:
        parse_hsds(data)
    assert set(err.value.errors) == {
        ("organizations[0] (x)", "phones", "wrong_type"),
        ("organizations[1]", "name", "wrong_type"),
    }


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "id",
                    "services",
                    "phones",
                    "contacts",
                    "locations",
                    "addresses",
                    "attributes",
                    "languages",
                    "link_type",
                    "value",
                    "code",
                    "number",
                    "city",
                    "country",
                    "assured_date",
                    "schedules",
                    "organizations",
                    "description",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(document=_json)
def test_malformed_hsds_is_refused_with_reasons_never_a_crash(document) -> None:
    try:
        drafts = parse_hsds(json.dumps(document).encode())
    except HsdsRejected as exc:
        assert exc.errors  # noqa: PT017 - hypothesis: either outcome is fine, never a crash
        assert all(len(e) == 3 for e in exc.errors)  # noqa: PT017
    else:
        assert isinstance(drafts, list)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash_the_import(data) -> None:
    with pytest.raises(HsdsRejected):
        parse_hsds(b"\xff" + data)
