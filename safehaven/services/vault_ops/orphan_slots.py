"""Orphan key slots: account slots that belong to no active account (e.g. a crash while adding
one). Such a slot opens the data key for whoever knows its password, so it is reported by the
full check and can be removed by an administrator (audited)."""

from __future__ import annotations

import contextlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.permissions import Permission
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.storage.errors import KeySlotsDamaged
from safehaven.storage.keyslot_copies import remove_revoked_slots
from safehaven.storage.keyslots import KeySlotFile, backup_path, load_keyslots
from safehaven.storage.vault import OpenVault


def active_slot_ids(session: Session) -> set[str]:
    rows = session.execute(
        select(User.slot_id).where(User.active.is_(True), User.slot_id.is_not(None))
    )
    return {str(slot_id) for (slot_id,) in rows}


def orphans_in(slots: KeySlotFile, valid_ids: set[str]) -> list[str]:
    return [s.id for s in slots.slots if s.kind == "user" and s.id not in valid_ids]


def find_orphan_slots(vault: OpenVault) -> list[str]:
    """Ids of account slots in `keyslots.json` or its `.bak` copy that no active account owns."""
    with vault.session() as session:
        valid = active_slot_ids(session)
    found = orphans_in(vault.load_keyslots(), valid)
    with contextlib.suppress(KeySlotsDamaged):
        bak = load_keyslots(backup_path(vault.paths.keyslots))
        found += [slot_id for slot_id in orphans_in(bak, valid) if slot_id not in found]
    return found


def remove_orphan_slots(vault: OpenVault, *, actor: Actor) -> int:
    """Remove every orphan slot (from every copy in the folder); one audit event. Returns the
    number removed."""
    require(actor, Permission.MANAGE_USERS)
    orphans = find_orphan_slots(vault)
    if not orphans:
        return 0
    with vault.session() as session, session.begin():
        slots = vault.load_keyslots()
        for slot_id in orphans:
            slots.remove_slot(slot_id)
        record_event(
            session,
            actor_id=actor.user_id,
            action="orphan_slots_removed",
            object_type="vault",
            details={"slots_removed": len(orphans)},
        )
        session.flush()
        vault.save_keyslots(slots)
    remove_revoked_slots(vault.folder, set(orphans))
    return len(orphans)
