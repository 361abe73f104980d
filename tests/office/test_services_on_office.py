"""The vault's service flows on the office store: consent, referral, letter, intake — each person
on their own connection, the database filtering what they may reach."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from safehaven.services.errors import NotFound, PermissionDenied
from safehaven.services.office import accounts as office_accounts
from safehaven.services.referrals import referrals
from safehaven.services.referrals.letters import build_letter
from tests.office.conftest import Team
from tests.services.referral_helpers import (
    LEGAL_NAME,
    grant,
    make_client,
    make_org,
    make_referral,
)


def test_referral_letter_flow_on_the_office_store(team: Team) -> None:
    admin, cw, other = (
        team.store(team.admin),
        team.store(team.caseworker),
        team.store(team.caseworker2),
    )
    try:
        with admin.session() as session:
            org_id = make_org(session, team.admin, name=f"Harbor Legal Aid {team.office.dbname}")
        with cw.session() as session:
            client_id = make_client(session, team.caseworker)
        with cw.session() as session:
            grant(session, team.caseworker, client_id, org_id, fields=("chosen_name", "pronouns"))
        with cw.session() as session:
            ref = make_referral(session, team.caseworker, client_id, org_id)
        with cw.session() as session:
            referrals.send_referral(session, actor=team.caseworker, referral_id=ref)
        with cw.session() as session:
            letter = build_letter(
                session,
                actor=team.caseworker,
                referral_id=ref,
                purpose="print",
                fields=["chosen_name", "pronouns"],
            )
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
        assert "Luz" in text
        assert LEGAL_NAME not in text
        with other.session() as session, pytest.raises((NotFound, PermissionDenied)):
            referrals.get_referral(session, actor=team.caseworker2, referral_id=ref)
        with other.session() as session, pytest.raises(NotFound):
            referrals.list_referrals(session, actor=team.caseworker2, client_id=client_id)
    finally:
        for store in (admin, cw, other):
            store.close()


def test_director_gets_counts_not_cases(team: Team) -> None:
    store = team.store(team.director)
    try:
        with store.session() as session:
            counts = office_accounts.case_counts(session, actor=team.director)
    finally:
        store.close()
    assert all(isinstance(v, int) for v in counts.values())
