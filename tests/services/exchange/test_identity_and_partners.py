"""Organization keys, key cards and partners: created once, stored only in the vault, compared
by a 60-digit safety number; a changed key is a new, unverified card."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import delete

from safehaven.models.exchange import ExchangeIdentity
from safehaven.services.errors import PermissionDenied
from safehaven.services.exchange.cards import card_file, card_pdf, parse_card
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.identity import create_organization_identity, our_card
from safehaven.services.exchange.keys import safety_number
from safehaven.services.exchange.partners import get_partner, import_partner_card, verify_partner
from tests.services.exchange.helpers import card_bytes, make_vault
from tests.services.referral_helpers import make_org


def test_a_new_vault_has_keys_and_a_card_with_a_60_digit_safety_number(session, staff) -> None:
    card = our_card(session, actor=staff.caseworker)
    groups = card.safety_number.split(" ")
    assert len(groups) == 12
    assert all(len(g) == 5 and g.isdigit() for g in groups)
    assert card.name == "Test Shelter"
    assert card.age_recipient.startswith("age1")
    assert parse_card(card_file(card)) == card
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(card_pdf(card))).pages)
    assert " ".join(groups[:6]) in text
    assert " ".join(groups[6:]) in text
    assert card.fingerprint in text
    assert "AGE-SECRET-KEY" not in text


def test_secret_keys_live_only_in_the_encrypted_database(vault, vault_dir) -> None:
    with vault.session() as s, s.begin():
        secret = s.query(ExchangeIdentity).one().age_identity
    vault.checkpoint()
    for path in vault_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()


def test_an_older_vault_gets_its_keys_once_from_an_administrator(session, staff) -> None:
    with session.begin():
        session.execute(delete(ExchangeIdentity))
    with pytest.raises(ExchangeError) as err:
        our_card(session, actor=staff.caseworker)
    assert err.value.code == "no_identity"
    with pytest.raises(PermissionDenied):
        create_organization_identity(session, actor=staff.caseworker)
    card = create_organization_identity(session, actor=staff.admin)
    assert our_card(session, actor=staff.caseworker) == card
    with pytest.raises(ExchangeError) as err:
        create_organization_identity(session, actor=staff.admin)
    assert err.value.code == "identity_exists"


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda c: {**c, "format": "other"}, "format"),
        (lambda c: {**c, "ed25519": "AAAA"}, "ed25519"),
        (lambda c: {**c, "age": "age1nope"}, "age"),
        (lambda c: {**c, "name": ""}, "name"),
        (lambda c: {**c, "fingerprint": "0" * 64}, "fingerprint"),
    ],
)
def test_bad_cards_are_refused_with_the_field(session, staff, change, detail) -> None:
    card = json.loads(card_file(our_card(session, actor=staff.admin)))
    with pytest.raises(ExchangeError) as err:
        parse_card(json.dumps(change(card)).encode())
    assert (err.value.code, err.value.detail) == ("card_invalid", detail)


def test_a_changed_key_is_a_new_verification(tmp_path) -> None:
    a = make_vault(tmp_path / "a", "A")
    b = make_vault(tmp_path / "b", "B")
    b2 = make_vault(tmp_path / "b2", "B")  # B after losing its laptop: new keys
    with a.session() as s:
        org = make_org(s, a.admin, "B")
        first = import_partner_card(s, actor=a.admin, organization_id=org, data=card_bytes(b))
        assert first.outcome == "added"
        assert not first.partner.verified
        assert first.partner.safety_number == safety_number(first.partner.fingerprint)
        verify_partner(s, actor=a.admin, organization_id=org, fingerprint=first.partner.fingerprint)
        again = import_partner_card(s, actor=a.admin, organization_id=org, data=card_bytes(b))
        assert again.outcome == "unchanged"
        assert again.partner.verified
        changed = import_partner_card(s, actor=a.admin, organization_id=org, data=card_bytes(b2))
        assert changed.outcome == "key_changed"
        assert not changed.partner.verified
        with pytest.raises(ExchangeError) as err:
            verify_partner(
                s, actor=a.admin, organization_id=org, fingerprint=first.partner.fingerprint
            )
        assert err.value.code == "card_changed"
        assert not get_partner(s, actor=a.admin, organization_id=org).verified
        with pytest.raises(ExchangeError) as err:
            import_partner_card(s, actor=a.admin, organization_id=org, data=card_bytes(a))
        assert err.value.code == "own_card"
        with pytest.raises(PermissionDenied):
            import_partner_card(s, actor=a.caseworker, organization_id=org, data=card_bytes(b))
