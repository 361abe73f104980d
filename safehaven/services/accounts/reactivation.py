"""Undoing a deactivation: the account is active again with a new key slot opened by a temporary
password (changed at the next sign-in). Its old password stays revoked."""

from __future__ import annotations

from safehaven.models.permissions import Permission
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.accounts.accounts import (
    UserRow,
    _row,
    _slots_written,
    generate_temporary_password,
)
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import InvalidTransition, NotFound
from safehaven.storage.vault import OpenVault


def reactivate_user(
    vault: OpenVault, *, actor: Actor, user_id: int, temporary_password: str | None = None
) -> tuple[UserRow, str]:
    """Make a deactivated account usable again; returns it and its temporary password."""
    require(actor, Permission.MANAGE_USERS)
    temporary = temporary_password or generate_temporary_password()
    with vault.session() as session, session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        if user.active:
            raise InvalidTransition("user", "active", "active")
        slots = vault.load_keyslots()
        slot = slots.add_user_slot(user.username, temporary, vault.data_key, vault.kdf)
        user.slot_id = slot.id
        user.active = True
        user.deactivated_at = None
        user.must_change_password = True
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_reactivated",
            object_type="user",
            object_id=user.id,
            details={"temporary_password": True},
        )
        with _slots_written(vault, slots):
            session.flush()
        return _row(user), temporary
