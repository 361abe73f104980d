"""`safehaven settings`: the shelter's letterhead from the command line, and a letter refused,
with the reason, while the sender's address is missing."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.models.referral import Referral
from safehaven.services.accounts.accounts import sign_in
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("settings") / "vault"
    create_demo_vault(folder, clients=30, seed=5, kdf=FAST_TEST_KDF)
    return folder


def _run(capsys, monkeypatch, argv):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _consented_referral(folder: Path) -> int:
    signed = sign_in(folder, "caseworker", DEMO_PASSWORD)
    try:
        with signed.vault.session() as session:
            rows = session.execute(select(Referral.id).order_by(Referral.id).limit(2)).all()
            return int(rows[1][0])  # the demo's second referral is sent, with consent
    finally:
        signed.vault.close()


def test_settings_set_show_and_a_letter_refused_without_an_address(
    demo_dir, tmp_path, capsys, monkeypatch
) -> None:
    admin = ["--data-dir", str(demo_dir), "--user", "admin"]
    code, _out, err = _run(capsys, monkeypatch, ["settings", "set", *admin, "--address", " "])
    assert code == 0, err
    code, out, _err = _run(capsys, monkeypatch, ["settings", "show", *admin])
    assert code == 0
    assert "cannot be printed until these are set: organization_address" in out
    letter = tmp_path / "letter.pdf"
    argv = ["letter", "--data-dir", str(demo_dir), "--user", "caseworker", "--out", str(letter)]
    code, _out, err = _run(
        capsys, monkeypatch, [*argv, "--referral", str(_consented_referral(demo_dir))]
    )
    assert code == 1
    assert "address" in err
    assert "Administration" in err
    assert not letter.exists()
    code, _out, err = _run(
        capsys,
        monkeypatch,
        ["settings", "set", *admin, "--address", "PO Box 7, Riverton", "--email", "a@b.example"],
    )
    assert code == 0, err
    code, _out, err = _run(
        capsys, monkeypatch, [*argv, "--referral", str(_consented_referral(demo_dir))]
    )
    assert code == 0, err
    assert letter.exists()


def test_settings_set_refuses_bad_input(demo_dir, tmp_path, capsys, monkeypatch) -> None:
    admin = ["--data-dir", str(demo_dir), "--user", "admin"]
    code, _out, err = _run(capsys, monkeypatch, ["settings", "set", *admin])
    assert code == 1
    assert "nothing to change" in err
    fake = tmp_path / "logo.png"
    fake.write_bytes(base64.b64decode("aGVsbG8="))
    code, _out, err = _run(capsys, monkeypatch, ["settings", "set", *admin, "--logo", str(fake)])
    assert code == 1
    assert "not a PNG" in err
    code, _out, err = _run(capsys, monkeypatch, ["settings", "set", *admin, "--email", "no at"])
    assert code == 1
    code, _out, err = _run(capsys, monkeypatch, ["settings", "set", *admin, "--language", "xx"])
    assert code == 1
    code, _out, err = _run(
        capsys,
        monkeypatch,
        ["settings", "set", "--data-dir", str(demo_dir), "--user", "caseworker", "--phone", "1"],
    )
    assert code == 1
