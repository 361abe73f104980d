"""Permission and case-scope checks, the one place services ask "may this actor do this?"."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_
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
    cases they registered while intake is theirs (until a caseworker is assigned). Directors and
    administrators open none. `case_scope` is the same rule in SQL."""
    return may_open_scope(actor, client.assigned_caseworker_id, client.created_by_id)


def may_open_scope(actor: Actor, caseworker_id: int | None, created_by_id: int | None) -> bool:
    """`may_open_case` over the only two columns the rule reads."""
    if not actor.can(Permission.READ_CLIENT):
        return False
    if actor.can(Permission.READ_ALL_CLIENTS):
        return True
    if actor.can(Permission.MANAGE_REFERRALS) and caseworker_id in (None, actor.user_id):
        return True  # caseworker
    return caseworker_id is None and created_by_id == actor.user_id  # intake staff


def case_scope(actor: Actor) -> ColumnElement[bool]:
    """SQL form of `may_open_case` (erased cases excluded): the clients `actor` may open."""
    if not actor.can(Permission.READ_CLIENT):
        return false()
    alive = Client.erased_at.is_(None)
    if actor.can(Permission.READ_ALL_CLIENTS):
        return alive
    unassigned = Client.assigned_caseworker_id.is_(None)
    own_intake = and_(unassigned, Client.created_by_id == actor.user_id)
    if actor.can(Permission.MANAGE_REFERRALS):
        assigned = or_(unassigned, Client.assigned_caseworker_id == actor.user_id)
        return and_(alive, or_(assigned, own_intake))
    return and_(alive, own_intake)


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
