"""Permission and case-scope checks, the one place services ask "may this actor do this?"."""

from __future__ import annotations

from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.services.actor import Actor
from safehaven.services.errors import NotFound, PermissionDenied


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(permission.value, actor.user_id)


def may_open_case(actor: Actor, client: Client) -> bool:
    """Supervisors open every case; caseworkers their own and unassigned ones; intake staff the
    cases they registered while intake is theirs. Directors and administrators open none."""
    if not actor.can(Permission.READ_CLIENT):
        return False
    if actor.can(Permission.READ_ALL_CLIENTS):
        return True
    if actor.can(Permission.MANAGE_REFERRALS):  # caseworker
        return client.assigned_caseworker_id in (None, actor.user_id)
    return client.created_by_id == actor.user_id  # intake staff: the cases they registered


def load_client(
    session: Session, actor: Actor, client_id: int, permission: Permission = Permission.READ_CLIENT
) -> Client:
    """The client row if `actor` holds `permission` and may open this case; else an error."""
    require(actor, permission)
    client = session.get(Client, client_id)
    if client is None or client.erased_at is not None:
        raise NotFound("client", client_id)
    if not may_open_case(actor, client):
        raise PermissionDenied(permission.value, actor.user_id)
    return client
