"""repair-keyslots: refused on a healthy vault; on a damaged one it needs an administrator's
password or the recovery key, restores only slots valid at the last audited change, and is
audited. KDF parameters outside sane ranges are damage, with a human message."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.messages import describe
from safehaven.models.audit import AuditEvent
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops.key_errors import KeySlotsHealthy
from safehaven.services.vault_ops.repair import repair_keyslots
from safehaven.storage.errors import KeySlotsDamaged, WrongCredentials
from safehaven.storage.keyslots import (
    FAST_TEST_KDF,
    content_checksum,
    load_keyslots,
    save_keyslots,
)
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

NOW = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def closed(vault, staff, vault_dir: Path) -> Path:
    recovery = vault.recovery_key
    vault.close()
    (vault_dir / "recovery.txt").write_text(recovery)
    return vault_dir


def _events(folder: Path, action: str) -> list[AuditEvent]:
    signed = accounts.sign_in(folder, "admin", ADMIN_PASSWORD)
    with signed.vault.session() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars().all()
    signed.vault.close()
    return list(rows)


def test_refused_on_a_healthy_vault(closed: Path, capsys) -> None:
    before = (closed / "keyslots.json").read_bytes(), (closed / "keyslots.json.bak").read_bytes()
    with pytest.raises(KeySlotsHealthy) as exc:
        repair_keyslots(closed, username="admin", secret=ADMIN_PASSWORD, now=NOW)
    assert "not damaged" in describe(exc.value)
    code = main(["repair-keyslots", "--data-dir", str(closed)])
    err = capsys.readouterr().err
    assert code == 1
    assert "--user" in err
    assert "Traceback" not in err
    after = (closed / "keyslots.json").read_bytes(), (closed / "keyslots.json.bak").read_bytes()
    assert after == before
    assert not list(closed.glob("keyslots.json.damaged-*"))


@pytest.mark.parametrize("who", ["nobody", "wrong", "caseworker"])
def test_damaged_needs_an_administrator_credential(closed: Path, who: str) -> None:
    (closed / "keyslots.json").write_text("{ not json")
    username, secret = {
        "nobody": ("ghost", ADMIN_PASSWORD),
        "wrong": ("admin", "not the password"),
        "caseworker": ("caseworker", STAFF_PASSWORD),
    }[who]
    with pytest.raises(WrongCredentials):
        repair_keyslots(closed, username=username, secret=secret, now=NOW)
    assert (closed / "keyslots.json").read_text() == "{ not json"


def test_damaged_repaired_by_admin_is_audited(closed: Path) -> None:
    (closed / "keyslots.json").unlink()
    result = repair_keyslots(closed, username="admin", secret=ADMIN_PASSWORD, now=NOW)
    assert result.kept_as is None
    assert result.dropped == 0
    assert result.accounts_without_slot == 0
    accounts.sign_in(closed, "caseworker", STAFF_PASSWORD).vault.close()
    (event,) = _events(closed, "keyslots_repaired")
    assert json.loads(event.details)["via"] == "password"


def test_damaged_repaired_with_the_recovery_key(closed: Path, capsys) -> None:
    (closed / "keyslots.json").write_text("garbage")
    argv = ["repair-keyslots", "--data-dir", str(closed)]
    code = main([*argv, "--recovery-key-file", str(closed / "recovery.txt")])
    assert code == 0, capsys.readouterr().err
    assert next(closed.glob("keyslots.json.damaged-*")).read_text() == "garbage"
    (event,) = _events(closed, "keyslots_repaired")
    assert event.actor_id is None
    assert json.loads(event.details)["via"] == "recovery_key"


def test_only_slots_valid_at_the_last_audited_change_come_back(vault, staff, vault_dir) -> None:
    """A slot the database does not name (revoked, or an orphan) is not put back."""
    slots = vault.load_keyslots()
    slots.add_user_slot("stowaway", "stowaway passphrase 1", vault.data_key, FAST_TEST_KDF)
    vault.close()
    save_keyslots(vault_dir / "keyslots.json", slots)  # both copies now hold the extra slot
    (vault_dir / "keyslots.json").write_text("damaged")
    result = repair_keyslots(vault_dir, username="admin", secret=ADMIN_PASSWORD, now=NOW)
    assert result.dropped == 1
    assert load_keyslots(vault_dir / "keyslots.json").user_slot("stowaway") is None
    assert load_keyslots(vault_dir / "keyslots.json.bak").user_slot("stowaway") is None
    with pytest.raises(WrongCredentials):
        accounts.sign_in(vault_dir, "stowaway", "stowaway passphrase 1")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("time_cost", 1),
        ("time_cost", 0),
        ("memory_kib", 8192),
        ("memory_kib", 2 * 1024**3),  # 2 TiB
        ("parallelism", 0),
        ("parallelism", 64),
    ],
)
def test_kdf_parameters_out_of_range_are_damage(closed: Path, name: str, value: int) -> None:
    path = closed / "keyslots.json"
    doc = json.loads(path.read_text())
    doc["slots"][0]["kdf"][name] = value
    doc["checksum"] = content_checksum(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(KeySlotsDamaged) as exc:
        accounts.sign_in(closed, "admin", ADMIN_PASSWORD)
    message = describe(exc.value)
    assert "key-derivation" in message
    assert name in message
    assert "\n" not in message
