"""Every refused file has its own reason and changes nothing; no personal data leaks outside
the encryption (file name, envelope, logs); the real `age` tool opens the payload."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle

from safehaven.services.errors import ValidationFailed
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.identity import export_age_identity
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.settings import update_settings
from tests.services.exchange.helpers import (
    age_tool_decrypt,
    database_hash,
    make_vault,
    make_world,
    members,
    pair,
    repack,
)
from tests.services.referral_helpers import make_org


@pytest.fixture
def world(tmp_path):
    return make_world(tmp_path)


def _send(w, tmp_path, **kw):
    out = tmp_path / "outbox"
    out.mkdir(exist_ok=True)
    with w.a.session() as s:
        return send_package(s, actor=w.a.caseworker, referral_id=w.referral_id, folder=out, **kw)


def _refused(org, data: bytes, **kw) -> str:
    before = database_hash(org.vault)
    with org.session() as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=org.caseworker, data=data, **kw)
    assert database_hash(org.vault) == before
    return err.value.code


def test_tampered_bytes_are_refused(world, tmp_path) -> None:
    data = _send(world, tmp_path).path.read_bytes()
    envelope, payload = members(data)
    flipped = payload[:-20] + bytes([payload[-20] ^ 1]) + payload[-19:]
    assert _refused(world.b, repack(envelope, flipped)) == "bad_signature"
    envelope["created_at"] = "2020-01-01T00:00:00Z"
    assert _refused(world.b, repack(envelope, payload)) == "bad_signature"
    assert _refused(world.b, data[:100]) == "not_a_package"


def test_wrong_recipient_is_refused(world, tmp_path) -> None:
    """A third organization C, a verified partner of A, receives a package meant for B."""
    sent = _send(world, tmp_path)
    c = make_vault(tmp_path / "third", "Third C")
    with c.session() as s:
        shelter = make_org(s, c.admin, "Shelter A")
    with world.a.session() as s:
        third = make_org(s, world.a.admin, "Third C")
    pair(world.a, third, c, shelter)
    assert _refused(c, sent.path.read_bytes()) == "wrong_recipient"


def test_unknown_and_unverified_senders_are_refused(tmp_path) -> None:
    w = make_world(tmp_path, verify=False)
    sent = _send(w, tmp_path, confirm_unverified=True)
    assert _refused(w.b, sent.path.read_bytes()) == "unverified_sender"
    stranger = make_vault(tmp_path / "stranger", "Stranger")
    assert _refused(stranger, sent.path.read_bytes()) == "unknown_sender"


def test_sending_to_an_unverified_partner_needs_a_confirmation(tmp_path) -> None:
    w = make_world(tmp_path, verify=False)
    with pytest.raises(ExchangeError) as err:
        _send(w, tmp_path)
    assert err.value.code == "partner_unverified"
    assert not any((tmp_path / "outbox").iterdir())


def test_replayed_message_id_is_refused(world, tmp_path) -> None:
    data = _send(world, tmp_path).path.read_bytes()
    with world.b.session() as s:
        open_received_file(s, actor=world.b.caseworker, data=data)
    assert _refused(world.b, data) == "replayed"


def test_expired_package_is_refused_by_the_configured_window(world, tmp_path) -> None:
    data = _send(world, tmp_path).path.read_bytes()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert _refused(world.b, data, at=later) == "expired"
    with world.b.session() as s, pytest.raises(ValidationFailed):
        update_settings(s, actor=world.b.admin, changes={"exchange_max_age_days": 0})
    with world.b.session() as s:
        update_settings(s, actor=world.b.admin, changes={"exchange_max_age_days": 60})
    with world.b.session() as s:
        assert open_received_file(s, actor=world.b.caseworker, data=data, at=later).incoming


def test_no_personal_data_in_file_name_envelope_or_logs(world, tmp_path) -> None:
    import os
    from pathlib import Path

    sent = _send(world, tmp_path)
    data = sent.path.read_bytes()
    envelope, _payload = members(data)
    assert set(envelope) == {
        "format",
        "kind",
        "message_id",
        "created_at",
        "sender",
        "recipient",
        "payload_sha256",
        "signature",
    }
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["envelope.json", "payload.age"]
    with world.b.session() as s:
        open_received_file(s, actor=world.b.caseworker, data=data)
    logs = "".join(
        p.read_text(errors="replace")
        for p in Path(os.environ["SAFEHAVEN_LOG_DIR"]).rglob("*")
        if p.is_file()
    )
    for secret in ("Luz", "she/her", "555-201-3344", "Marisol"):
        assert secret not in sent.path.name
        assert secret.encode() not in data
        assert secret not in logs
    assert sent.path.name.startswith("safehaven-referral-")
    assert sent.path.suffix == ".shx"


def test_the_age_tool_opens_the_payload_and_it_is_fhir(world, tmp_path) -> None:
    sent = _send(world, tmp_path)
    with world.b.session() as s:
        secret = export_age_identity(s, actor=world.b.admin)
    plain = age_tool_decrypt(sent.path.read_bytes(), secret, tmp_path)
    bundle = Bundle.model_validate_json(plain)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert sorted(kinds) == ["Organization", "Patient", "ServiceRequest", "Task"]
    patient = json.loads(plain)["entry"][2]["resource"]
    assert patient["resourceType"] == "Patient"
    assert {n["text"] for n in patient["name"]} == {"Luz"}
