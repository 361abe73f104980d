"""The vault format steps taken at sign-in, each audited under the person who signed in."""

from __future__ import annotations

from sqlalchemy import select

from safehaven.models.restricted import holds_restricted_key
from safehaven.models.user import User
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.storage.restricted_upgrade import finish_format, upgrade_to_v2
from safehaven.storage.vault import OpenVault


def upgrade_to_format_2(vault: OpenVault, actor: Actor, slot_id: str, password: str) -> None:
    """Vault format 2 on the first administrator unlock (storage/restricted_upgrade.py)."""
    result = upgrade_to_v2(vault, slot_id=slot_id, secret=password)
    if result is None:
        return
    with vault.session() as session, session.begin():
        waiting = [
            u.id
            for u in session.execute(select(User).where(User.active.is_(True))).scalars()
            if holds_restricted_key(u.roles) and u.id != actor.user_id
        ]
        record_event(
            session,
            actor_id=actor.user_id,
            action="vault_format_upgraded",
            object_type="vault",
            details={
                "format": 2,
                "values_encrypted": result.values_sealed,
                "accounts_waiting_for_reset": len(waiting) if result.new_restricted_key else 0,
            },
        )


def finish_format_3(vault: OpenVault, actor: Actor) -> None:
    """Vault format 3 at any unlock of a format-2 vault (storage/restricted_upgrade.py)."""
    sealed = finish_format(vault)
    if sealed is None:
        return
    with vault.session() as session, session.begin():
        record_event(
            session,
            actor_id=actor.user_id,
            action="vault_format_upgraded",
            object_type="vault",
            details={"format": 3, "values_encrypted": sealed},
        )
