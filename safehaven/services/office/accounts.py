"""Staff accounts in office mode: each account is also a PostgreSQL login in its role's group.

The user row and the login are made in one transaction (CREATE ROLE is transactional), so a
failure leaves neither. Passwords reach the server only as SCRAM verifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.orm import Session

from safehaven.models.permissions import Permission, Role
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.accounts.passwords import assess_password
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.storage.postgres.roles import valid_login_name


@dataclass(frozen=True)
class OfficeUserRow:
    id: int
    username: str
    roles: tuple[Role, ...]
    active: bool


class WeakOfficePassword(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _verifier(session: Session, login: str, password: str) -> str:
    dbapi: Any = session.connection().connection.dbapi_connection
    raw: bytes = dbapi.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return raw.decode("ascii")


def _check_password(password: str, username: str) -> None:
    strength = assess_password(password, username=username)
    if not strength.acceptable:
        raise WeakOfficePassword(strength.reason or "too_guessable")


def add_office_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    roles: tuple[Role, ...],
    password: str,
    temporary: bool = False,
) -> OfficeUserRow:
    """A staff account and its login; with `temporary`, the person must choose a new password
    at the first sign-in."""
    require(actor, Permission.MANAGE_USERS)
    if not valid_login_name(username) or not roles:
        raise ValidationFailed({"username" if roles else "roles": "invalid"})
    _check_password(password, username)
    with session.begin():
        taken = session.execute(
            select(User.id).where(func.lower(User.username) == username.casefold())
        ).first()
        if taken is not None:
            raise ValidationFailed({"username": "taken"})
        user = User(
            username=username,
            display_name=display_name or username,
            must_change_password=temporary,
        )
        user.roles = roles
        session.add(user)
        session.flush()
        session.execute(
            text("SELECT sh_create_login(:login, :verifier, :groups)"),
            {
                "login": username,
                "verifier": _verifier(session, username, password),
                "groups": [r.value for r in roles],
            },
        )
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_created",
            object_type="user",
            object_id=user.id,
            details={"roles": [r.value for r in roles], "temporary_password": temporary},
        )
        return OfficeUserRow(user.id, user.username, user.roles, user.active)


def grant_office_login(session: Session, *, actor: Actor, user_id: int, password: str) -> None:
    """A database login for an account that has none yet (accounts moved from a vault)."""
    require(actor, Permission.MANAGE_USERS)
    with session.begin():
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise NotFound("user", user_id)
        if not valid_login_name(user.username) or not user.roles:
            raise ValidationFailed({"username": "invalid"})
        _check_password(password, user.username)
        session.execute(
            text("SELECT sh_create_login(:login, :verifier, :groups)"),
            {
                "login": user.username,
                "verifier": _verifier(session, user.username, password),
                "groups": [r.value for r in user.roles],
            },
        )
        record_event(
            session,
            actor_id=actor.user_id,
            action="login_granted",
            object_type="user",
            object_id=user.id,
        )


def set_office_user_roles(
    session: Session, *, actor: Actor, user_id: int, roles: tuple[Role, ...]
) -> OfficeUserRow:
    """New roles for an account and its login's groups, together."""
    require(actor, Permission.MANAGE_USERS)
    if not roles:
        raise ValidationFailed({"roles": "required"})
    with session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        user.roles = roles
        session.execute(
            text("SELECT sh_set_login_groups(:login, :groups)"),
            {"login": user.username, "groups": [r.value for r in roles]},
        )
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_roles_changed",
            object_type="user",
            object_id=user.id,
            details={"roles": [r.value for r in roles]},
        )
        return OfficeUserRow(user.id, user.username, user.roles, user.active)


def deactivate_office_user(session: Session, *, actor: Actor, user_id: int) -> None:
    """Disable the login at once: open connections of that person are ended too."""
    require(actor, Permission.MANAGE_USERS)
    with session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        user.active = False
        session.execute(text("SELECT sh_disable_login(:login)"), {"login": user.username})
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_deactivated",
            object_type="user",
            object_id=user.id,
        )


def reactivate_office_user(
    session: Session, *, actor: Actor, user_id: int, temporary_password: str
) -> OfficeUserRow:
    """A deactivated account's login on again, with a temporary password to be changed at the
    next sign-in (the old password stays revoked)."""
    require(actor, Permission.MANAGE_USERS)
    with session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        if user.active:
            raise InvalidTransition("user", "active", "active")
        _check_password(temporary_password, user.username)
        user.active = True
        user.must_change_password = True
        verifier = _verifier(session, user.username, temporary_password)
        session.execute(
            text("SELECT sh_reset_password(:login, :verifier)"),
            {"login": user.username, "verifier": verifier},
        )
        session.execute(text("SELECT sh_enable_login(:login)"), {"login": user.username})
        record_event(
            session,
            actor_id=actor.user_id,
            action="user_reactivated",
            object_type="user",
            object_id=user.id,
            details={"temporary_password": True},
        )
        return OfficeUserRow(user.id, user.username, user.roles, user.active)


def reset_office_password(
    session: Session, *, actor: Actor, user_id: int, new_password: str, temporary: bool = False
) -> None:
    """A new password for someone else's login; with `temporary`, to be changed at the next
    sign-in."""
    require(actor, Permission.MANAGE_USERS)
    with session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        _check_password(new_password, user.username)
        user.must_change_password = temporary
        session.execute(
            text("SELECT sh_reset_password(:login, :verifier)"),
            {"login": user.username, "verifier": _verifier(session, user.username, new_password)},
        )
        record_event(
            session,
            actor_id=actor.user_id,
            action="password_reset",
            object_type="user",
            object_id=user.id,
            details={"temporary_password": temporary},
        )


def change_own_office_password(session: Session, *, actor: Actor, new_password: str) -> None:
    _check_password(new_password, actor.username)
    with session.begin():
        verifier = _verifier(session, actor.username, new_password)
        if not verifier.startswith("SCRAM-SHA-256$") or "'" in verifier:
            raise WeakOfficePassword("unusable")
        # A utility statement takes no bind parameters; sent as it is, so the verifier's
        # ":ServerKey" part is not read as a parameter name (the check above keeps it quoted).
        session.connection().exec_driver_sql("ALTER ROLE CURRENT_USER PASSWORD '" + verifier + "'")
        session.execute(text("SELECT sh_password_changed()"))
        record_event(
            session,
            actor_id=actor.user_id,
            action="password_changed",
            object_type="user",
            object_id=actor.user_id,
        )


def signed_in_actor(session: Session) -> Actor:
    """The actor of this connection's own login (identity comes from the server)."""
    return signed_in_account(session)[0]


def signed_in_account(session: Session) -> tuple[Actor, bool]:
    """The actor of this connection's own login, and whether they must choose a new password
    (a temporary one was set by an administrator)."""
    with session.begin():
        user = session.execute(
            select(User).where(User.username == literal_column("current_user"))
        ).scalar_one_or_none()
        if user is None or not user.active:
            raise NotFound("user", 0)
        actor = Actor(user.id, user.username, user.display_name, user.roles)
        return actor, user.must_change_password


def user_id_for(session: Session, username: str) -> int:
    with session.begin():
        found = session.execute(select(User.id).where(User.username == username)).scalar()
    if found is None:
        raise NotFound("user", 0)
    return int(found)


def case_counts(session: Session, *, actor: Actor) -> dict[str, int]:
    """Cases by status, from a count-only function: directors never read a case row."""
    require(actor, Permission.VIEW_REPORTS)
    with session.begin():
        rows = session.execute(text("SELECT status, cases FROM sh_case_counts()")).all()
    return {str(status): int(count) for status, count in rows}
