"""Accounts and roles: create, sign in, change and reset passwords, deactivate.

Each account owns a key slot in `keyslots.json`; the `User` row and the slot change together: the
slot file is written inside the database transaction and put back if the commit fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.permissions import Permission, Role
from safehaven.models.restricted import holds_restricted_key
from safehaven.models.user import User
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.accounts.passwords import assess_password
from safehaven.services.accounts.vault_format import finish_format_3, upgrade_to_format_2
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import LastAdministrator, NotFound, UsernameTaken, WeakPassword
from safehaven.storage import attempts
from safehaven.storage.crash_points import crash_point
from safehaven.storage.errors import WrongCredentials
from safehaven.storage.keyslot_copies import remove_revoked_slots
from safehaven.storage.keyslots import (
    KdfParams,
    KeySlotFile,
    load_keyslots,
    rewrap,
    save_keyslots,
    unwrap_keys,
)
from safehaven.storage.vault import OpenVault, create_vault, open_with_password, open_with_recovery


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    active: bool
    must_change_password: bool
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class SignedIn:
    vault: OpenVault
    actor: Actor
    must_change_password: bool
    via_recovery: bool = False


@dataclass(frozen=True)
class NewVault:
    signed_in: SignedIn
    recovery_key: str


def initialize_vault(
    folder: Path,
    *,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
    organization_name: str = "",
    letterhead: dict[str, str] | None = None,
    demo: bool = False,
    kdf: KdfParams | None = None,
    check_strength: bool = True,
    setup: Callable[[Session, int], object] | None = None,
    language: str | None = None,
) -> NewVault:
    """Create a vault with its first administrator. The recovery key is returned once.

    `setup(session, admin_id)` adds what other domains keep from the first moment (the
    organization's exchange keys: `services.exchange.identity.set_up_identity`), inside the same
    transaction, so this domain does not import theirs."""
    _check_username(admin_username)
    if check_strength:
        _check_password(admin_password, admin_username)
    vault, recovery_key, slot_id = create_vault(
        folder, admin_username=admin_username, admin_password=admin_password, kdf=kdf
    )
    try:
        with vault.session() as session, session.begin():
            user = User(
                username=admin_username,
                display_name=admin_display_name or admin_username,
                slot_id=slot_id,
                last_login_at=utcnow(),
            )
            user.roles = (Role.ADMIN,)
            session.add(user)
            session.flush()
            settings_service.write_initial(
                session,
                organization_name=organization_name,
                demo=demo,
                letterhead=letterhead,
                language=language,
            )
            if setup is not None:
                setup(session, user.id)
            record_event(session, actor_id=user.id, action="vault_created", object_type="vault")
            actor = _actor(user)
    except BaseException:
        vault.close()
        raise
    return NewVault(SignedIn(vault, actor, False), recovery_key)


def sign_in(folder: Path, username: str, password: str) -> SignedIn:
    """Unlock the vault as `username`. Any failure is WrongCredentials (unknown user, wrong
    password, deactivated account alike)."""
    vault, slot_id = open_with_password(folder, username, password)
    try:
        with vault.session() as session, session.begin():
            user = session.execute(select(User).where(User.slot_id == slot_id)).scalar()
            if user is None or not user.active:
                raise WrongCredentials()
            _audit_failures(session, vault.folder)
            user.last_login_at = utcnow()
            record_event(session, actor_id=user.id, action="login", object_type="user")
            signed = SignedIn(vault, _actor(user), user.must_change_password)
        if Role.ADMIN in signed.actor.roles:
            upgrade_to_format_2(vault, signed.actor, slot_id, password)
        finish_format_3(vault, signed.actor)
        return signed
    except WrongCredentials:
        vault.close()
        attempts.record_failure(Path(folder))
        raise
    except BaseException:
        vault.close()
        raise


def sign_in_with_recovery(folder: Path, recovery_key: str, *, as_username: str) -> SignedIn:
    """Unlock with the recovery key, acting as an existing active administrator, who must then
    set a new password."""
    vault, _slot = open_with_recovery(folder, recovery_key)
    try:
        with vault.session() as session, session.begin():
            user = session.execute(
                select(User).where(func.lower(User.username) == as_username.casefold())
            ).scalar()
            if user is None or not user.active or Role.ADMIN not in user.roles:
                raise WrongCredentials()
            _audit_failures(session, vault.folder)
            record_event(session, actor_id=user.id, action="login_recovery", object_type="user")
            signed = SignedIn(vault, _actor(user), True, via_recovery=True)
        finish_format_3(vault, signed.actor)
        return signed
    except BaseException:
        vault.close()
        raise


def list_users(session: Session, *, actor: Actor) -> list[UserRow]:
    require(actor, Permission.MANAGE_USERS)
    users = session.execute(select(User).order_by(User.username)).scalars()
    return [_row(u) for u in users]


def user_names(session: Session) -> dict[int, str]:
    """Display names of staff by id (staff names are not client data; used in lists)."""
    return {row.id: row.display_name for row in session.execute(select(User.id, User.display_name))}


def create_user(
    vault: OpenVault,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    roles: tuple[Role, ...],
    password: str,
    must_change_password: bool = True,
    check_strength: bool = True,
) -> UserRow:
    """Add an account and its key slot together: a failure leaves neither."""
    require(actor, Permission.MANAGE_USERS)
    _check_username(username)
    if check_strength:
        _check_password(password, username)
    with vault.session() as session, session.begin():
        clash = session.execute(
            select(User.id).where(func.lower(User.username) == username.casefold())
        ).first()
        slots = vault.load_keyslots()
        if clash is not None or slots.user_slot(username) is not None:
            raise UsernameTaken(username)
        restricted = _restricted_for(vault, roles)
        slot = slots.add_user_slot(username, password, vault.data_key, vault.kdf, restricted)
        crash_point("user_slot_prepared")
        user = User(
            username=username,
            display_name=display_name or username,
            slot_id=slot.id,
            must_change_password=must_change_password,
        )
        user.roles = roles
        session.add(user)
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_created",
            object_type="user",
            object_id=user.id,
            details={
                "roles": [r.value for r in roles],
                "temporary_password": must_change_password,
            },
        )
        with _slots_written(vault, slots):
            crash_point("user_slot_written")
            session.flush()
        crash_point("user_row_flushed")
        created = _row(user)
    crash_point("user_committed")
    return created


def set_roles(session: Session, *, actor: Actor, user_id: int, roles: tuple[Role, ...]) -> UserRow:
    require(actor, Permission.MANAGE_USERS)
    with session.begin():
        user = _get(session, user_id)
        if Role.ADMIN in user.roles and Role.ADMIN not in roles:
            _ensure_other_admin(session, user.id)
        user.roles = roles
        _drop_restricted_key(session, user, roles)
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_roles_changed",
            object_type="user",
            object_id=user.id,
            details={"roles": [r.value for r in roles]},
        )
        return _row(user)


def change_own_password(
    vault: OpenVault, *, actor: Actor, current_password: str, new_password: str
) -> None:
    """Rewrap the actor's own slot. The current password is checked against the slot."""
    _check_password(new_password, actor.username)
    with vault.session() as session, session.begin():
        user = _get(session, actor.user_id)
        slots = vault.load_keyslots()
        slot = slots.slot(user.slot_id or "")
        if slot is None:
            raise WrongCredentials()
        _key, restricted = unwrap_keys(slot, current_password)
        new = rewrap(slot, vault.data_key, new_password, vault.kdf, restricted_key=restricted)
        slots.replace_slot(slot.id, new)
        replaced_temporary = user.must_change_password
        user.must_change_password = False
        record_event(
            session,
            actor_id=actor.user_id,
            action="password_changed",
            object_type="user",
            object_id=user.id,
            details={"replaced_temporary": replaced_temporary},
        )
        with _slots_written(vault, slots):
            session.flush()
    _revoke_everywhere(vault, slots, {slot.id})


def set_password_after_recovery(vault: OpenVault, *, actor: Actor, new_password: str) -> None:
    """After a recovery-key sign-in: give the administrator's slot a new password."""
    _check_password(new_password, actor.username)
    _replace_password(vault, actor=actor, user_id=actor.user_id, password=new_password)


def reset_password(
    vault: OpenVault, *, actor: Actor, user_id: int, temporary_password: str | None = None
) -> str:
    """Administrator reset: a temporary password that must be changed at next sign-in."""
    require(actor, Permission.MANAGE_USERS)
    temporary = temporary_password or generate_temporary_password()
    _replace_password(vault, actor=actor, user_id=user_id, password=temporary, must_change=True)
    return temporary


def deactivate_user(vault: OpenVault, *, actor: Actor, user_id: int) -> UserRow:
    """Remove the account's key slot and mark it inactive; history keeps its id."""
    require(actor, Permission.MANAGE_USERS)
    with vault.session() as session, session.begin():
        user = _get(session, user_id)
        if Role.ADMIN in user.roles and user.active:
            _ensure_other_admin(session, user.id)
        slots = vault.load_keyslots()
        revoked = {user.slot_id} if user.slot_id else set()
        if user.slot_id:
            slots.remove_slot(user.slot_id)
        user.active = False
        user.slot_id = None
        user.deactivated_at = utcnow()
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_deactivated",
            object_type="user",
            object_id=user.id,
        )
        with _slots_written(vault, slots):
            session.flush()
        row = _row(user)
    remove_revoked_slots(vault.folder, revoked)
    return row


def find_user_id(session: Session, username: str) -> int:
    user_id = session.execute(
        select(User.id).where(func.lower(User.username) == username.casefold())
    ).scalar()
    if user_id is None:
        raise NotFound("user", username)
    return user_id


# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand:
# no I, l, 1, O, 0 (and no upper case at all, so no case to get wrong).
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_temporary_password() -> str:
    """Four groups of four unambiguous characters (about 79 bits)."""
    chars = "".join(secrets.choice(TEMPORARY_ALPHABET) for _i in range(16))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:12]}-{chars[12:16]}"


# -- internals ------------------------------------------------------------------------------------
def _replace_password(
    vault: OpenVault, *, actor: Actor, user_id: int, password: str, must_change: bool = False
) -> None:
    with vault.session() as session, session.begin():
        user = _get(session, user_id)
        if not user.active:
            raise NotFound("user", user_id)
        slots = vault.load_keyslots()
        old = slots.slot(user.slot_id or "")
        restricted = _restricted_for(vault, user.roles)
        if old is None:
            old_slot = slots.add_user_slot(
                user.username, password, vault.data_key, vault.kdf, restricted
            )
            user.slot_id = old_slot.id
        else:
            new = rewrap(old, vault.data_key, password, vault.kdf, restricted_key=restricted)
            slots.replace_slot(old.id, new)
        user.must_change_password = must_change
        action = "password_reset" if must_change else "password_changed"
        details = {"temporary_password": True, "set_by_administrator": True} if must_change else {}
        record_event(
            session,
            actor_id=actor.user_id,
            action=action,
            object_type="user",
            object_id=user.id,
            details=details or None,
        )
        with _slots_written(vault, slots):
            session.flush()
        revoked = {old.id} if old is not None else set()
    _revoke_everywhere(vault, slots, revoked)


def _restricted_for(vault: OpenVault, roles: tuple[Role, ...]) -> bytes | None:
    """R for a slot of an account with `roles`: only roles that may hold it, and only when the
    acting session holds it (otherwise the account gets it at a later reset by one who does)."""
    return vault.restricted_key if holds_restricted_key(roles) else None


def _drop_restricted_key(session: Session, user: User, roles: tuple[Role, ...]) -> None:
    """Roles that may no longer hold R: take it out of the account's slot now. (Roles that gain
    it get R at the next password reset: wrapping needs the slot's password.)"""
    from safehaven.storage.vault import VaultPaths

    if holds_restricted_key(roles) or not user.slot_id:
        return
    folder = Path(str(session.get_bind().engine.url.database)).parent
    paths = VaultPaths(folder)
    slots = load_keyslots(paths.keyslots)
    slot = slots.slot(user.slot_id)
    if slot is None or not slot.holds_restricted_key:
        return
    slots.replace_slot(
        slot.id, dc_replace(slot, restricted_nonce=None, wrapped_restricted_key=None)
    )
    save_keyslots(paths.keyslots, slots)


def _revoke_everywhere(vault: OpenVault, slots: KeySlotFile, replaced: set[str]) -> None:
    """The old wrapping of a re-wrapped slot opens no copy in the folder any more; copies under
    the same data key get the new wrapping instead."""
    current = {slot_id: slot for slot_id in replaced if (slot := slots.slot(slot_id))}
    remove_revoked_slots(vault.folder, replaced, replacements=current, data_key=vault.data_key)


@contextlib.contextmanager
def _slots_written(vault: OpenVault, slots: KeySlotFile) -> Iterator[None]:
    """Write the slot file now; if the surrounding transaction then fails, put the old one back."""
    previous = vault.load_keyslots()
    vault.save_keyslots(slots)
    try:
        yield
    except BaseException:
        vault.save_keyslots(previous)
        raise


def _ensure_other_admin(session: Session, user_id: int) -> None:
    others = [
        u
        for u in session.execute(select(User).where(User.active.is_(True), User.id != user_id))
        .scalars()
        .all()
        if Role.ADMIN in u.roles
    ]
    if not others:
        raise LastAdministrator()


def _audit_failures(session: Session, folder: Path) -> None:
    for _stamp in attempts.clear(folder):
        record_event(session, actor_id=None, action="login_failed", object_type="vault")


def check_new_account(username: str, password: str) -> None:
    """What a new vault's first administrator must meet (name, password strength)."""
    _check_username(username)
    _check_password(password, username)


def _check_username(username: str) -> None:
    from safehaven.services.errors import ValidationFailed

    name = username.strip()
    if not name or len(name) > 64 or any(ch.isspace() or ch in ",:/\\" for ch in name):
        raise ValidationFailed({"username": "invalid"})


def _check_password(password: str, username: str) -> None:
    strength = assess_password(password, username=username)
    if not strength.acceptable:
        raise WeakPassword(strength.reason or "too_guessable")


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.roles)


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=user.roles,
        active=user.active,
        must_change_password=user.must_change_password,
        last_login_at=user.last_login_at,
    )
