"""Finding orphan key slots: account slots that belong to no active account (e.g. a crash
while adding one). The health check reports them; `services/keys/orphans.py` removes them."""

from __future__ import annotations

import contextlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.user import User
from safehaven.storage.errors import KeySlotsDamaged
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
