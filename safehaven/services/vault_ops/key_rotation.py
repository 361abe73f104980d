"""Key rotation (administrator): a new data key, every slot reissued, a new recovery key.

Order (reference R4): backup with the old key and old slots → new slots prepared and written to
`keyslots.json.new` → engine disposed → `PRAGMA rekey` on one raw connection → reopened and
checked → `keyslots.json` replaced atomically (the old one kept as `.bak`) → new engine. The
acting administrator keeps their password; everyone else gets a temporary password to change at
next sign-in. Old backups keep their own (old) slots inside, so they stay readable.
If the process dies between the rekey and the slot swap, `keyslots.json.new` holds the new slots
and the pre-rotation backup opens with the old passwords.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from safehaven.models.permissions import Permission, Role
from safehaven.models.restricted import holds_restricted_key
from safehaven.models.user import User
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.accounts.accounts import generate_temporary_password
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.vault_ops.backups import BackupInfo, create_backup
from safehaven.services.vault_ops.recovery_kit import build_recovery_kit
from safehaven.storage.engine import make_engine
from safehaven.storage.errors import WrongCredentials
from safehaven.storage.interrupt import check as check_cancel
from safehaven.storage.interrupt import never, run_cancellable
from safehaven.storage.keyslots import (
    DATA_KEY_BYTES,
    KeySlotFile,
    rewrap,
    save_keyslots,
    unwrap_key,
)
from safehaven.storage.recovery import new_recovery_key, normalize_recovery_key
from safehaven.storage.rekey import rekey_database
from safehaven.storage.vault import OpenVault


@dataclass(frozen=True)
class RotationResult:
    recovery_key: str  # shown once
    recovery_kit_pdf: bytes  # for the caller to save or print
    temporary_passwords: dict[str, str]  # username → temporary password, shown once
    backup: BackupInfo  # taken with the old key before rotating


def rotate_key(
    vault: OpenVault,
    *,
    actor: Actor,
    admin_password: str,
    now: dt.datetime,
    language: str = "en",
    is_cancelled: Callable[[], bool] = never,
) -> RotationResult:
    """Re-encrypt the vault under a new data key and reissue every key slot. Cancel is honoured
    until the re-encryption starts (a safety backup cut short leaves no file); after that the
    rotation runs to its end, because stopping half-way is what must never happen."""
    require(actor, Permission.ROTATE_KEY)
    users = _active_users(vault)
    old_slots = vault.load_keyslots()
    own = old_slots.slot(users.get(actor.user_id, ("", ""))[1])
    if own is None:
        raise WrongCredentials()
    unwrapped = run_cancellable(lambda: unwrap_key(own, admin_password), is_cancelled)
    if not hmac.compare_digest(unwrapped, vault.data_key):
        raise WrongCredentials()
    backup = create_backup(
        vault, actor=actor, now=now, kind="pre-rotate", is_cancelled=is_cancelled
    )
    check_cancel(is_cancelled)  # the safety backup stays: it is whole, verified and audited
    new_key = secrets.token_bytes(DATA_KEY_BYTES)
    recovery_key = new_recovery_key()
    new_slots, temporary = _reissue(vault, old_slots, users, actor, admin_password, new_key)
    new_slots.add_recovery_slot(
        normalize_recovery_key(recovery_key), new_key, vault.kdf, vault.restricted_key
    )
    pending = vault.paths.keyslots.with_name(vault.paths.keyslots.name + ".new")
    save_keyslots(pending, new_slots)
    vault.checkpoint()
    vault.engine.dispose()
    rekey_database(vault.paths.db, vault.data_key, new_key)
    vault.save_keyslots(new_slots)
    pending.unlink(missing_ok=True)
    Path(f"{pending}.bak").unlink(missing_ok=True)
    vault.engine = make_engine(vault.paths.db, new_key)
    vault.sessions.configure(bind=vault.engine)
    vault.data_key = new_key
    organization = _finish(vault, actor, set(temporary))
    kit = build_recovery_kit(
        recovery_key, organization_name=organization, language=language, created=now.date()
    )
    return RotationResult(recovery_key, kit, temporary, backup)


def _active_users(vault: OpenVault) -> dict[int, tuple[str, str]]:
    """user id → (username, slot id) of every active account holding a slot."""
    with vault.session() as session:
        rows = session.execute(
            select(User.id, User.username, User.slot_id).where(
                User.active.is_(True), User.slot_id.is_not(None)
            )
        )
        return {uid: (name, slot or "") for uid, name, slot in rows}


def _reissue(
    vault: OpenVault,
    old: KeySlotFile,
    users: dict[int, tuple[str, str]],
    actor: Actor,
    admin_password: str,
    new_key: bytes,
) -> tuple[KeySlotFile, dict[str, str]]:
    fresh = KeySlotFile(lookup_salt=old.lookup_salt, sealing=old.sealing)
    roles = _roles(vault)
    temporary: dict[str, str] = {}
    for user_id, (username, slot_id) in sorted(users.items()):
        slot = old.slot(slot_id)
        if slot is None:
            continue
        if user_id == actor.user_id:
            secret = admin_password
        else:
            secret = temporary[username] = generate_temporary_password()
        restricted = vault.restricted_key if holds_restricted_key(roles[user_id]) else None
        fresh.slots.append(rewrap(slot, new_key, secret, vault.kdf, restricted_key=restricted))
    return fresh, temporary


def _roles(vault: OpenVault) -> dict[int, tuple[Role, ...]]:
    with vault.session() as session:
        return {u.id: u.roles for u in session.execute(select(User)).scalars()}


def _finish(vault: OpenVault, actor: Actor, reset: set[str]) -> str:
    with vault.session() as session, session.begin():
        for user in session.execute(select(User).where(User.username.in_(reset))).scalars():
            user.must_change_password = True
        record_event(
            session,
            actor_id=actor.user_id,
            action="key_rotated",
            object_type="vault",
            details={"slots_reissued": len(reset) + 1},
        )
        return str(settings_service.get_setting(session, "organization_name"))
