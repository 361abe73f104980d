"""Who is acting: the signed-in user, passed to every service."""

from __future__ import annotations

from dataclasses import dataclass

from safehaven.models.permissions import Permission, Role, permissions_for


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def has_role(self, role: Role) -> bool:
        return role in self.roles
