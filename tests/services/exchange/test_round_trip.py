"""Two real vaults: send → open → accept → status back → the sender's referral moves by itself."""

from __future__ import annotations

import datetime as dt

import pytest

from safehaven.services.cases.clients import get_client
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.incoming import list_incoming
from safehaven.services.exchange.packages import send_options, send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from safehaven.services.referrals.referrals import get_referral
from tests.services.exchange.helpers import dump_text, make_world
from tests.services.referral_helpers import ADDRESS, LEGAL_NAME


def _open(org, path):
    with org.session() as s:
        return open_received_file(s, actor=org.caseworker, data=path.read_bytes())


def _respond(org, incoming_id, action, folder, **kw):
    with org.session() as s:
        return respond_to_referral(
            s, actor=org.caseworker, incoming_id=incoming_id, action=action, folder=folder, **kw
        )


def _status(org, referral_id):
    with org.session() as s:
        return get_referral(s, actor=org.caseworker, referral_id=referral_id)


def test_round_trip_between_two_vaults(tmp_path) -> None:
    w = make_world(tmp_path)
    out = tmp_path / "outbox"
    out.mkdir()
    with w.a.session() as s:
        opts = send_options(s, actor=w.a.caseworker, referral_id=w.referral_id)
        assert opts.shareable == ("chosen_name", "pronouns", "languages", "phone")
        assert opts.partner is not None
        assert opts.partner.verified
        sent = send_package(
            s,
            actor=w.a.caseworker,
            referral_id=w.referral_id,
            folder=out,
            fields=("chosen_name", "pronouns", "languages"),
        )
    assert sent.fields == ("chosen_name", "pronouns", "languages")
    assert _status(w.a, w.referral_id).status == "sent"

    opened = _open(w.b, sent.path)
    assert opened.kind == "referral"
    assert opened.incoming is not None
    shared = dict(opened.incoming.shared)
    assert shared == {"chosen_name": "Luz", "pronouns": "she/her", "languages": "es, en"}
    assert opened.incoming.notes == "Needs an interpreter."
    received = dump_text(w.b.vault)
    for secret in (LEGAL_NAME, ADDRESS, "555-201-3344", "1999-04-17"):
        assert secret not in received

    accepted = _respond(w.b, opened.incoming.id, "accept", out)
    with w.b.session() as s:
        client = get_client(s, actor=w.b.caseworker, client_id=accepted.client_id)
    assert client.chosen_name == "Luz"
    assert client.pronouns == "she/her"
    assert client.legal_name is None
    assert client.phone is None
    with w.b.session() as s:
        assert (
            list_incoming(s, actor=w.b.caseworker)[0].sender_reference
            == _status(w.a, w.referral_id).reference
        )

    back = _open(w.a, accepted.path)
    assert back.kind == "status"
    assert back.status is not None
    assert back.status.applied
    assert _status(w.a, w.referral_id).status == "accepted"

    when = dt.datetime(2030, 1, 15, 9, 30, tzinfo=dt.UTC)
    appointment = _respond(w.b, opened.incoming.id, "appointment", out, appointment_at=when)
    completed = _respond(w.b, opened.incoming.id, "complete", out)
    assert _open(w.a, completed.path).status.applied
    row = _status(w.a, w.referral_id)
    assert row.status == "completed"
    late = _open(w.a, appointment.path)  # arrives after "completed": never moves backwards
    assert late.status is not None
    assert not late.status.applied
    assert _status(w.a, w.referral_id).status == "completed"
    with pytest.raises(ExchangeError) as err:
        _open(w.a, completed.path)
    assert err.value.code == "replayed"


def test_decline_closes_the_senders_referral_with_the_reason(tmp_path) -> None:
    w = make_world(tmp_path)
    out = tmp_path / "outbox"
    out.mkdir()
    with w.a.session() as s:
        sent = send_package(s, actor=w.a.caseworker, referral_id=w.referral_id, folder=out)
    incoming = _open(w.b, sent.path).incoming
    declined = _respond(w.b, incoming.id, "decline", out, decline_reason="no_capacity")
    assert declined.client_id is None
    _open(w.a, declined.path)
    row = _status(w.a, w.referral_id)
    assert row.status == "declined"
