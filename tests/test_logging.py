"""The log helps support staff and never holds a client's name."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD
from safehaven.models.client import Client


def test_log_holds_no_client_string(tmp_path: Path, monkeypatch, capsys) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("SAFEHAVEN_LOG_DIR", str(logs))
    import safehaven.logs as logs_module

    monkeypatch.setattr(logs_module, "_configured", {})
    logging.getLogger("safehaven").handlers.clear()
    vault = tmp_path / "vault"
    assert main(["demo", "--data-dir", str(vault), "--clients", "60", "--seed", "9"]) == 0
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", "wrong")
    assert main(["users", "list", "--data-dir", str(vault), "--user", "admin"]) == 1
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    assert main(["users", "deactivate", "--data-dir", str(vault), "--user", "admin", "x"]) == 1

    from safehaven.services.accounts.accounts import sign_in

    signed = sign_in(vault, "admin", DEMO_PASSWORD)
    with signed.vault.session() as s:
        clients = s.execute(select(Client)).scalars().all()
        strings = {c.chosen_name for c in clients} | {c.case_number for c in clients}
        strings |= {c.legal_name for c in clients if c.legal_name}
        strings |= {c.other_names for c in clients if c.other_names}
    signed.vault.close()
    for handler in logging.getLogger("safehaven").handlers:
        handler.flush()
    text = "".join(p.read_text("utf-8") for p in logs.glob("*.log*"))
    assert "vault unlocked" in text
    assert "WrongCredentials" in text
    leaked = sorted(s for s in strings if len(s) >= 3 and s in text)
    assert leaked == []
