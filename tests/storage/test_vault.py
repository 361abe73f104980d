"""The vault: round trip, encryption at rest, key slots, damage and wrong credentials."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, get_client, register_client
from safehaven.storage import attempts
from safehaven.storage.errors import KeySlotsDamaged, VaultExists, WrongCredentials
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.vault import open_with_recovery
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

CANARY = "Zyxwvutsrq Canaryname"


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_round_trip_and_nothing_in_plaintext(vault, staff, vault_dir: Path) -> None:
    with vault.session() as s:
        row = register_client(
            s, actor=staff.caseworker, draft=ClientDraft(chosen_name=CANARY, legal_name=CANARY)
        )
    vault.close()
    assert (vault_dir / "safehaven.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert CANARY.encode() not in _all_bytes(vault_dir)
    assert CANARY.encode("utf-16-le") not in _all_bytes(vault_dir)

    signed = accounts.sign_in(vault_dir, "caseworker", STAFF_PASSWORD)
    with signed.vault.session() as s:
        again = get_client(s, actor=signed.actor, client_id=row.id)
    signed.vault.close()
    assert again.chosen_name == CANARY
    assert again.case_number == row.case_number


def test_unknown_user_and_wrong_password_fail_alike(vault, vault_dir: Path) -> None:
    vault.close()
    with pytest.raises(WrongCredentials) as wrong:
        accounts.sign_in(vault_dir, "admin", "not the password")
    with pytest.raises(WrongCredentials) as unknown:
        accounts.sign_in(vault_dir, "nobody-here", "not the password")
    assert type(wrong.value) is type(unknown.value)
    assert str(wrong.value) == str(unknown.value)
    assert len(attempts.failures(vault_dir)) == 2


def test_failures_are_audited_after_next_success(vault, vault_dir: Path) -> None:
    vault.close()
    with pytest.raises(WrongCredentials):
        accounts.sign_in(vault_dir, "admin", "nope nope nope")
    signed = accounts.sign_in(vault_dir, "ADMIN", ADMIN_PASSWORD)  # usernames fold case
    from sqlalchemy import select

    from safehaven.models.audit import AuditEvent

    with signed.vault.session() as s:
        actions = list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())
    signed.vault.close()
    assert actions[-2:] == ["login_failed", "login"]
    assert attempts.failures(vault_dir) == []


def test_growing_delay_after_repeated_failures() -> None:
    assert [attempts.delay_for(n) for n in range(6)] == [0.0, 0.0, 0.0, 1.0, 2.0, 4.0]
    assert attempts.delay_for(50) == attempts.MAX_DELAY_S


@pytest.mark.parametrize("position", [0.1, 0.35, 0.5, 0.7, 0.95])
def test_flipped_byte_in_keyslots_is_reported_as_damage(vault, vault_dir: Path, position) -> None:
    vault.close()
    path = vault_dir / "keyslots.json"
    data = bytearray(path.read_bytes())
    index = int(len(data) * position)
    while chr(data[index]) in ' \n":,{}[]':
        index += 1
    data[index] = ord("A") if data[index] != ord("A") else ord("B")
    path.write_bytes(bytes(data))
    with pytest.raises(KeySlotsDamaged) as err:
        accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    assert err.value.backup_available is True  # the second copy, keyslots.json.bak, is whole


def test_keyslots_second_copy_holds_the_current_slots(vault, staff, vault_dir: Path) -> None:
    """`.bak` is a second copy of the current slots, never an older version (which would bring
    back removed or re-wrapped slots)."""
    backup = vault_dir / "keyslots.json.bak"
    assert backup.exists()
    copy = json.loads(backup.read_text())
    current = json.loads((vault_dir / "keyslots.json").read_text())
    assert copy == current
    assert len(current["slots"]) == 7


def test_recovery_key_opens_the_vault(vault, vault_dir: Path) -> None:
    key = vault.recovery_key
    vault.close()
    opened, _slot = open_with_recovery(vault_dir, key.lower().replace("-", " "))
    opened.close()
    with pytest.raises(WrongCredentials):
        open_with_recovery(vault_dir, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")


def test_init_refuses_an_existing_vault(vault, vault_dir: Path) -> None:
    with pytest.raises(VaultExists):
        accounts.initialize_vault(
            vault_dir, admin_username="x", admin_password=ADMIN_PASSWORD, kdf=FAST_TEST_KDF
        )
