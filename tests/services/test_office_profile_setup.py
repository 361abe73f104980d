"""The office profile's fields as the first-run wizard checks them: each problem has its code,
and only a PEM certificate that may sign others is taken as the office CA."""

from __future__ import annotations

import json

import pytest

from safehaven.services.office.profile_setup import (
    build_profile,
    ca_problem,
    dbname_problem,
    host_problem,
    port_problem,
    save_office_profile,
)
from safehaven.storage.postgres.tls import make_office_tls


@pytest.mark.parametrize(
    ("host", "code"),
    [
        ("", "host_missing"),
        ("  ", "host_missing"),
        ("office server", "host_invalid"),
        ("db/x", "host_invalid"),
        ("db.shelter.lan", ""),
        ("10.0.0.5", ""),
        ("::1", ""),
    ],
)
def test_host(host: str, code: str) -> None:
    assert host_problem(host) == code


@pytest.mark.parametrize(
    ("port", "code"),
    [
        ("", "port_missing"),
        ("0", "port_invalid"),
        ("65536", "port_invalid"),
        ("54x2", "port_invalid"),
        ("٥٤٣٢", "port_invalid"),
        ("5432", ""),
        (" 6543 ", ""),
    ],
)
def test_port(port: str, code: str) -> None:
    assert port_problem(port) == code


def test_database_name() -> None:
    assert dbname_problem("") == "dbname_missing"
    assert dbname_problem("my office") == "dbname_invalid"
    assert dbname_problem("x" * 64) == "dbname_invalid"
    assert dbname_problem("safehaven_office") == ""


def test_only_a_pem_ca_certificate_is_the_office_ca(tmp_path) -> None:  # type: ignore[no-untyped-def]
    tls = make_office_tls(tmp_path / "tls", ["localhost"])
    text = tmp_path / "notes.txt"
    text.write_text("not a certificate")
    der = tmp_path / "ca.der"
    der.write_bytes(b"\x30\x82\x01\x0a" + bytes(100))
    assert ca_problem("") == "ca_missing"
    assert ca_problem(str(tmp_path / "absent.crt")) == "ca_not_found"
    assert ca_problem(str(tmp_path)) == "ca_not_found"  # a folder is no file
    assert ca_problem(str(text)) == "ca_not_certificate"
    assert ca_problem(str(der)) == "ca_not_certificate"
    assert ca_problem(str(tls.server_key)) == "ca_not_certificate"
    assert ca_problem(str(tls.server_cert)) == "ca_not_authority"
    assert ca_problem(str(tls.ca_cert)) == ""


def test_a_built_profile_is_saved_without_a_password(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ca = make_office_tls(tmp_path / "tls", ["localhost"]).ca_cert
    with pytest.raises(ValueError, match="dbname_missing"):
        build_profile(host="db", port="5432", dbname="", ca_path=str(ca))
    profile = build_profile(host=" db.lan ", port="5432", dbname="office", ca_path=str(ca))
    choice = save_office_profile(tmp_path / "data", profile)
    assert choice.label == "db.lan:5432/office"
    saved = json.loads((tmp_path / "data" / "office.json").read_text("utf-8"))
    assert saved == {"host": "db.lan", "port": 5432, "dbname": "office", "ca_path": str(ca)}
