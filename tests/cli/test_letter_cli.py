"""`safehaven letter`: same consent gate and audit as the window; never overwrites silently."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.models.audit import AuditEvent
from safehaven.models.referral import Referral
from safehaven.services.accounts.accounts import sign_in
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letter") / "vault"
    create_demo_vault(folder, clients=60, seed=5, kdf=FAST_TEST_KDF)
    return folder


def _referral_ids(folder: Path) -> dict[str, int]:
    signed = sign_in(folder, "caseworker", DEMO_PASSWORD)
    try:
        with signed.vault.session() as session:
            rows = session.execute(select(Referral).order_by(Referral.id).limit(8)).scalars()
            # demo's first referrals: draft (no consent), sent (consent), …, overridden
            return {str(i): r.id for i, r in enumerate(rows)}
    finally:
        signed.vault.close()


def _run(capsys, monkeypatch, argv):
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_letter_written_audited_and_not_overwritten(demo_dir, tmp_path, capsys, monkeypatch):
    ids = _referral_ids(demo_dir)
    out = tmp_path / "letter.pdf"
    base = ["letter", "--data-dir", str(demo_dir), "--user", "caseworker", "--out", str(out)]
    code, _out, err = _run(capsys, monkeypatch, [*base, "--referral", str(ids["1"])])
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "REF-" in text
    assert "Referral letter" in text
    code, _o, err = _run(capsys, monkeypatch, [*base, "--referral", str(ids["1"])])
    assert code == 1
    assert "already exists" in err
    code, _o, err = _run(
        capsys,
        monkeypatch,
        [*base, "--referral", str(ids["1"]), "--force", "--fields", "legal_name"],
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    signed = sign_in(demo_dir, "caseworker", DEMO_PASSWORD)
    try:
        with signed.vault.session() as session, session.begin():
            events = session.execute(
                select(AuditEvent).where(AuditEvent.action == "referral_letter_saved")
            ).scalars()
            details = [json.loads(e.details) for e in events]
    finally:
        signed.vault.close()
    assert [d["channel"] for d in details] == ["cli"]


def test_letter_without_consent_is_refused(demo_dir, tmp_path, capsys, monkeypatch):
    ids = _referral_ids(demo_dir)
    out = tmp_path / "none.pdf"
    argv = [
        "letter",
        "--data-dir",
        str(demo_dir),
        "--user",
        "caseworker",
        "--out",
        str(out),
        "--referral",
        str(ids["0"]),
    ]
    code, _o, err = _run(capsys, monkeypatch, argv)
    assert code == 1
    assert "consent" in err
    assert not out.exists()
