"""The exchange keys and the restricted shared fields need the restricted key: a caseworker
whose slot does not hold it yet sees the restricted fields of a received referral as withheld
(never their stored ciphertext), and can neither open, answer nor send a package."""

from __future__ import annotations

import pytest

from safehaven.models.permissions import Permission, Role, permissions_for
from safehaven.models.restricted import holds_restricted_key
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.incoming import list_incoming
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from tests.services.exchange.helpers import (
    database_hash,
    make_world,
    sign_in_without_restricted_key,
)
from tests.services.referral_helpers import LEGAL_NAME, make_referral

FIELDS = ("chosen_name", "legal_name", "phone", "languages")


def _send(org, referral_id, out):
    with org.session() as s:
        return send_package(s, actor=org.caseworker, referral_id=referral_id, folder=out).path


def test_without_the_key_shared_fields_are_withheld_and_packages_refused(tmp_path) -> None:
    w = make_world(tmp_path, fields=FIELDS)
    out = tmp_path / "out"
    out.mkdir()
    with w.a.session() as s:
        second = make_referral(s, w.a.caseworker, w.client_id, w.a_partner_org)
    first_path, second_path = _send(w.a, w.referral_id, out), _send(w.a, second, out)
    with w.b.session() as s:
        opened = open_received_file(s, actor=w.b.caseworker, data=first_path.read_bytes())
    assert opened.incoming is not None
    assert dict(opened.incoming.shared)["legal_name"] == LEGAL_NAME

    signed = sign_in_without_restricted_key(w.b, "caseworker")
    vault, actor = signed.vault, signed.actor
    with vault.session() as s:
        (row,) = list_incoming(s, actor=actor)
    shown = dict(row.shared)
    assert shown["chosen_name"] == "Luz"
    assert set(row.withheld) == {"legal_name", "phone"}
    assert "legal_name" not in shown
    assert "phone" not in shown
    assert not any(v.startswith(("r1:", "s1:")) for v in shown.values())

    before = database_hash(vault)
    with vault.session() as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=actor, data=second_path.read_bytes())
    assert err.value.code == "keys_restricted"
    with vault.session() as s, pytest.raises(ExchangeError) as err:
        respond_to_referral(s, actor=actor, incoming_id=row.id, action="accept", folder=out)
    assert err.value.code == "keys_restricted"
    assert database_hash(vault) == before  # nothing stored, no client registered


def test_without_the_key_a_package_cannot_be_sent(tmp_path) -> None:
    w = make_world(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    signed = sign_in_without_restricted_key(w.a, "caseworker")
    with signed.vault.session() as s, pytest.raises(ExchangeError) as err:
        send_package(s, actor=signed.actor, referral_id=w.referral_id, folder=out)
    assert err.value.code == "keys_restricted"
    assert list(out.iterdir()) == []


def test_a_package_carries_restricted_values_as_read_not_as_stored(tmp_path) -> None:
    w = make_world(tmp_path, fields=FIELDS)
    out = tmp_path / "out"
    out.mkdir()
    path = _send(w.a, w.referral_id, out)
    with w.b.session() as s:
        opened = open_received_file(s, actor=w.b.caseworker, data=path.read_bytes())
    assert opened.incoming is not None
    shared = dict(opened.incoming.shared)
    assert shared["phone"] == "+1-555-201-3344"
    assert shared["legal_name"] == LEGAL_NAME


def test_a_referral_without_a_chosen_name_is_not_registered_under_the_legal_name(
    tmp_path,
) -> None:
    from safehaven.services.cases.clients import get_client

    w = make_world(tmp_path, fields=("legal_name",))
    out = tmp_path / "out"
    out.mkdir()
    path = _send(w.a, w.referral_id, out)
    with w.b.session() as s:
        opened = open_received_file(s, actor=w.b.caseworker, data=path.read_bytes())
    assert opened.incoming is not None
    with w.b.session() as s:
        sent = respond_to_referral(
            s, actor=w.b.caseworker, incoming_id=opened.incoming.id, action="accept", folder=out
        )
    with w.b.session() as s:
        client = get_client(s, actor=w.b.caseworker, client_id=sent.client_id)
    assert client.legal_name == LEGAL_NAME
    assert client.chosen_name == opened.incoming.sender_reference
    assert LEGAL_NAME not in client.chosen_name


def test_the_roles_that_use_the_exchange_keys_are_those_holding_the_restricted_key() -> None:
    """A vault wraps the restricted key (under which the exchange keys sit) for exactly the
    roles an office grants the key columns to (USE_EXCHANGE_KEYS)."""
    users = {r for r in Role if Permission.USE_EXCHANGE_KEYS in permissions_for((r,))}
    assert users == {r for r in Role if holds_restricted_key((r,))}
    assert users == {Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN}
