"""Resource directory: search, duplicates, all-or-nothing CSV import, safe export, round trip."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.services.directory import directory as svc
from safehaven.services.directory.csv_io import (
    COLUMNS,
    ImportRejected,
    export_directory,
    import_directory,
    load_seed_directory,
    neutralize,
    parse_directory_csv,
    restore,
)
from safehaven.services.errors import PermissionDenied
from safehaven.services.exchange.identity import set_up_identity

HEADER = ",".join(COLUMNS)


def _csv(*rows: str) -> bytes:
    return ("\n".join(("name,scope,services,languages,city,phone", *rows)) + "\n").encode()


def _names(db, actor, **kw):
    return [r.name for r in svc.search_organizations(db[actor], actor=actor, **kw)]


def test_seed_is_marked_verify_before_use_and_searchable(db, staff):
    result = load_seed_directory(db[staff.admin], actor=staff.admin)
    assert result.imported >= 7
    rows = svc.search_organizations(
        db[staff.caseworker], actor=staff.caseworker, text="trafficking"
    )
    assert rows
    assert all(r.verify_before_use and r.stale for r in rows)
    assert load_seed_directory(db[staff.admin], actor=staff.admin).imported == 0  # no duplicates
    legal = _names(db, staff.caseworker, service="legal")
    assert any("Legal Services" in n for n in legal)
    assert all("988" not in n for n in legal)
    assert _names(db, staff.caseworker, language="fr") == ["Canadian Human Trafficking Hotline"]


def test_caseworker_entries_need_verification_and_duplicates_are_refused(db, staff):
    draft = svc.OrganizationDraft(name="Casa Refugio", city="Tucson", services=("safehouse",))
    row = svc.create_organization(
        db[staff.caseworker],
        actor=staff.caseworker,
        draft=replace(draft, last_verified=dt.date.today()),
    )
    assert row.verify_before_use
    assert row.stale
    with pytest.raises(svc.DuplicateOrganization):
        svc.create_organization(
            db[staff.admin], actor=staff.admin, draft=replace(draft, name="  casa   REFUGIO ")
        )
    with pytest.raises(PermissionDenied):
        svc.create_organization(db[staff.director], actor=staff.director, draft=draft)
    verified = svc.mark_verified(db[staff.admin], actor=staff.admin, organization_id=row.id)
    assert not verified.verify_before_use
    assert not verified.stale


def test_one_bad_row_imports_nothing_and_names_the_row(db, staff):
    data = _csv(
        "Good Clinic,local,health,en,Austin,555-0101",
        "Bad Scope Org,galactic,health,en,Austin,555-0102",
        "Another Good,local,legal,es,Austin,555-0103",
        "Worse,local,teleportation,english,Austin,555-0104",
    )
    with pytest.raises(ImportRejected) as info:
        import_directory(db[staff.admin], actor=staff.admin, data=data)
    got = {(e.row, e.column, e.code) for e in info.value.errors}
    assert got == {
        (3, "scope", "unknown_choice"),
        (5, "services", "unknown_choice"),
        (5, "languages", "not_language_code"),
    }
    assert _names(db, staff.admin) == []


def test_duplicates_inside_the_file_and_against_the_directory(db, staff):
    with pytest.raises(ImportRejected) as info:
        import_directory(
            db[staff.admin],
            actor=staff.admin,
            data=_csv("Clinic A,local,,,Austin,", "CLINIC  a,local,,,austin,"),
        )
    assert [(e.row, e.code) for e in info.value.errors] == [(3, "duplicate_in_file")]
    import_directory(db[staff.admin], actor=staff.admin, data=_csv("Clinic A,local,,,Austin,"))
    with pytest.raises(ImportRejected) as info:
        import_directory(db[staff.admin], actor=staff.admin, data=_csv("Clinic A,local,,,Austin,"))
    assert [(e.row, e.code) for e in info.value.errors] == [(2, "duplicate_existing")]


def test_export_neutralizes_formulas_and_round_trips(db, staff, tmp_path):
    load_seed_directory(db[staff.admin], actor=staff.admin)
    svc.create_organization(
        db[staff.admin],
        actor=staff.admin,
        draft=svc.OrganizationDraft(
            name='=HYPERLINK("http://evil","click")',
            city="Reno",
            phone="+1-775-555-0199",
            notes="-2+3 looks like a formula\nand has two lines, \"quotes\" and 'ticks'",
            contact_name="@admin",
            services=("legal", "food"),
            languages=("es",),
            trafficking_competent=False,
            agreement_on_file=True,
            agreement_date=dt.date(2025, 3, 1),
            last_verified=dt.date(2025, 6, 30),
        ),
    )
    first = export_directory(db[staff.admin], actor=staff.admin)
    text = first.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'+1-775" in text
    assert "'@admin" in text
    before = [
        replace(r, id=0) for r in svc.search_organizations(db[staff.admin], actor=staff.admin)
    ]

    from safehaven.services.accounts import accounts
    from safehaven.storage.keyslots import FAST_TEST_KDF

    other = accounts.initialize_vault(
        tmp_path / "other",
        setup=set_up_identity,
        admin_username="admin",
        admin_password="correct horse battery staple",
        organization_name="Other",
        kdf=FAST_TEST_KDF,
    )
    try:
        with other.signed_in.vault.session() as s2:
            actor = other.signed_in.actor
            assert import_directory(s2, actor=actor, data=first).imported == len(before)
            after = [replace(r, id=0) for r in svc.search_organizations(s2, actor=actor)]
            assert after == before
            assert export_directory(s2, actor=actor) == first
    finally:
        other.signed_in.vault.close()


@given(st.text(max_size=40))
def test_neutralize_is_reversible(value):
    assert restore(neutralize(value)) == value
    assert not neutralize(value).startswith(("=", "+", "-", "@", "\t", "\r"))


_cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["local", "national", "legal,health", "yes", "no", "2024-02-30", "es", '"', ""]
    ),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    header=st.lists(st.sampled_from([*COLUMNS, "bogus", ""]), min_size=0, max_size=6),
    rows=st.lists(st.lists(_cells, max_size=7), max_size=6),
    junk=st.binary(max_size=30),
)
def test_malformed_csv_never_crashes(header, rows, junk):
    lines = [",".join(header), *(",".join(r) for r in rows)]
    for data in ("\n".join(lines).encode("utf-8"), junk, "\n".join(lines).encode() + junk):
        try:
            drafts = parse_directory_csv(data)
        except ImportRejected as exc:
            assert exc.errors  # noqa: PT017 - either outcome is valid; a refusal is checked here
            assert all(e.row >= 0 and isinstance(e.column, str) and e.code for e in exc.errors)  # noqa: PT017 - either outcome is valid; a refusal is checked here
        else:
            assert drafts is not None
            assert all(d.name for _, d in drafts)
