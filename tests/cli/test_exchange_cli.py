"""`safehaven exchange`: key cards, partners, send, open, status and the HSDS directory from
the command line, between two real vaults, with the usual exit codes."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from safehaven.cli import main
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD
from tests.services.exchange.helpers import make_vault
from tests.services.referral_helpers import grant, make_client, make_org, make_referral


def _run(capsys, monkeypatch, folder, user, *argv):
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD if user == "admin" else STAFF_PASSWORD)
    code = main(["exchange", argv[0], *argv[1:], "--data-dir", str(folder), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def _setup(tmp_path):
    a = make_vault(tmp_path / "a", "Shelter A", track=False)
    b = make_vault(tmp_path / "b", "Clinic B", track=False)
    with a.session() as s:
        clinic = make_org(s, a.admin, "Clinic B")
        client = make_client(s, a.caseworker)
        grant(s, a.caseworker, client, clinic, fields=("chosen_name", "languages"))
        referral = make_referral(s, a.caseworker, client, clinic)
    with b.session() as s:
        shelter = make_org(s, b.admin, "Shelter A")
    a.vault.close()
    b.vault.close()
    return tmp_path / "a", tmp_path / "b", clinic, shelter, referral


def test_exchange_from_the_command_line(tmp_path, capsys, monkeypatch) -> None:
    a, b, clinic, shelter, referral = _setup(tmp_path)
    run = lambda *args: _run(capsys, monkeypatch, *args)  # noqa: E731
    numbers = {}
    for folder in (a, b):
        card, pdf = tmp_path / f"{folder.name}.shcard", tmp_path / f"{folder.name}.pdf"
        code, out, err = run(folder, "admin", "card", "--out", str(card), "--pdf", str(pdf))
        assert code == 0, err
        numbers[folder] = re.search(r"Safety number: ([\d ]+)", out).group(1).strip()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        assert " ".join(numbers[folder].split()[:6]) in text
        assert "Safety number" in text
    for folder, org_id, other in ((a, clinic, b), (b, shelter, a)):
        card = str(tmp_path / f"{other.name}.shcard")
        code, out, err = run(folder, "admin", "partner", "add", "--organization", str(org_id), card)
        assert code == 0, err
        assert "unverified" in out, err
        code, _o, err = run(
            folder,
            "admin",
            "partner",
            "verify",
            "--organization",
            str(org_id),
            "--safety-number",
            "00000 " * 12,
        )
        assert code == 1
        assert "does not match" in err
        code, _o, err = run(
            folder,
            "admin",
            "partner",
            "verify",
            "--organization",
            str(org_id),
            "--safety-number",
            numbers[other],
        )
        assert code == 0, err
    code, out, _e = run(a, "admin", "partner", "list")
    assert "verified" in out
    assert "unverified" not in out
    box = tmp_path / "box"
    box.mkdir()
    code, out, err = run(a, "caseworker", "send", "--referral", str(referral), "--out", str(box))
    assert code == 0, err
    assert "chosen_name, languages" in out, err
    package = next(box.iterdir())
    code, out, err = run(b, "caseworker", "open", str(package))
    assert code == 0, err
    assert "shared fields: chosen_name, languages" in out, err
    incoming = re.search(r"incoming id (\d+)", out).group(1)
    code, _o, err = run(b, "caseworker", "open", str(package))
    assert code == 1
    assert "already opened" in err
    assert "Traceback" not in err
    code, out, err = run(
        b, "caseworker", "status", "--incoming", incoming, "--accept", "--out", str(box)
    )
    assert code == 0, err
    assert "accepted" in out, err
    status_file = re.search(r"Status file: (\S+)", out).group(1)
    code, out, err = run(a, "caseworker", "open", status_file)
    assert code == 0, err
    assert "the referral is now accepted" in out, err
    code, out, _e = run(b, "caseworker", "status")
    assert "\taccepted" in out


def test_directory_round_trip_and_usage_errors(tmp_path, capsys, monkeypatch) -> None:
    a, b, *_ = _setup(tmp_path)
    run = lambda *args: _run(capsys, monkeypatch, *args)  # noqa: E731
    file = tmp_path / "directory.json"
    assert run(a, "admin", "directory", "export", str(file))[0] == 0
    code, out, err = run(b, "admin", "directory", "import", str(file))
    assert code == 0, err
    assert "1 organizations imported" in out, err
    code, out, err = run(b, "admin", "directory", "import", str(file))
    assert code == 1
    assert "duplicate_existing" in err
    assert "nothing was imported" in err
    code, _o, err = run(a, "admin", "open", str(tmp_path / "missing.shx"))
    assert code == 1
    assert "cannot read" in err
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    try:
        main(["exchange", "status", "--accept", "--decline", "x"])
    except SystemExit as exc:
        assert exc.code == 2  # noqa: PT017 - argparse exits; the code is what a script sees
    else:
        raise AssertionError("usage error expected")
