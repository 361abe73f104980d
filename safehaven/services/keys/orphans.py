"""Orphan key slots: account slots that belong to no active account (e.g. a crash while adding
one). Such a slot opens the data key for whoever knows its password, so it is reported by the
full check and can be removed by an administrator (audited)."""

from __future__ import annotations

from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.vault_ops.orphan_slots import (
    active_slot_ids,
    find_orphan_slots,
    orphans_in,
)
from safehaven.storage.keyslot_copies import remove_revoked_slots
from safehaven.storage.vault import OpenVault

__all__ = ["active_slot_ids", "find_orphan_slots", "orphans_in", "remove_orphan_slots"]


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
