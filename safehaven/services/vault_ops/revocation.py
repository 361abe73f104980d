"""Deactivating a person, with the choice to rotate the data key at once.

Without rotation the person's key slot is removed from every copy in the vault folder, so their
old password opens nothing there; a copy of the vault or of a backup taken *earlier* (a USB
stick, a synced folder) still holds their old slot and so the data key, which would also open
the live database. Rotating re-encrypts the database under a new data key: such an earlier copy
then opens only the data as it was when copied, never anything written afterwards.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from sqlalchemy import select

from safehaven.models.permissions import Permission
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.accounts.accounts import UserRow, deactivate_user
from safehaven.services.actor import Actor
from safehaven.services.vault_ops.key_rotation import RotationResult, rotate_key
from safehaven.storage.errors import WrongCredentials
from safehaven.storage.keyslots import unwrap_key
from safehaven.storage.vault import OpenVault


@dataclass(frozen=True)
class Deactivation:
    user: UserRow
    rotation: RotationResult | None  # None when the key was not rotated


def rotation_recommended(*, left_on_bad_terms: bool) -> bool:
    """The default offered to the administrator: rotate when the person left on bad terms."""
    return left_on_bad_terms


def deactivate_account(
    vault: OpenVault,
    *,
    actor: Actor,
    user_id: int,
    rotate: bool,
    admin_password: str = "",
    now: dt.datetime | None = None,
    language: str = "en",
) -> Deactivation:
    """Deactivate `user_id` (slot removed from every copy), then rotate the data key if asked.

    Rotation checks `admin_password` against the administrator's own slot before anything else
    changes, so a wrong password leaves the account active.
    """
    if rotate:
        _check_own_password(vault, actor, admin_password)
    row = deactivate_user(vault, actor=actor, user_id=user_id)
    if not rotate:
        return Deactivation(row, None)
    when = now or dt.datetime.now(dt.UTC)
    result = rotate_key(
        vault, actor=actor, admin_password=admin_password, now=when, language=language
    )
    return Deactivation(row, result)


def _check_own_password(vault: OpenVault, actor: Actor, password: str) -> None:
    require(actor, Permission.ROTATE_KEY)
    with vault.session() as session:
        slot_id = session.execute(select(User.slot_id).where(User.id == actor.user_id)).scalar()
    slot = vault.load_keyslots().slot(slot_id or "")
    if slot is None or not hmac.compare_digest(unwrap_key(slot, password), vault.data_key):
        raise WrongCredentials()
