"""What the Users tab does to an account, for each kind of store.

On the vault an account is a key slot (services/accounts); on an office server it is a database
login in its role's group (services/office/accounts). The Administration page asks
`user_actions(ctx)` for the right set, by `ctx.store_kind`, and calls the same four actions;
each returns a job for the task runner (`set_roles` a function of a session, for `ctx.attempt`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safehaven.models.permissions import Role
from safehaven.services.accounts import accounts
from safehaven.services.accounts.reactivation import reactivate_user
from safehaven.services.office import accounts as office_accounts
from safehaven.services.vault_ops.revocation import deactivate_account
from safehaven.ui.context import UiContext

Job = Callable[[], Any]


class VaultUserActions:
    """Key slots in this laptop's vault; deactivation may rotate the vault's key."""

    rotates_on_deactivation = True
    reactivates = True

    def __init__(self, ctx: UiContext) -> None:
        self.vault, self.actor = ctx.vault, ctx.actor

    def add(self, username: str, display_name: str, roles: tuple[Role, ...], temporary: str) -> Job:
        vault, actor = self.vault, self.actor
        return lambda: accounts.create_user(
            vault,
            actor=actor,
            username=username,
            display_name=display_name,
            roles=roles,
            password=temporary,
        )

    def set_roles(self, user_id: int, roles: tuple[Role, ...]) -> Callable[[Any], object]:
        actor = self.actor
        return lambda s: accounts.set_roles(s, actor=actor, user_id=user_id, roles=roles)

    def reset(self, user_id: int, temporary: str) -> Job:
        vault, actor = self.vault, self.actor
        return lambda: accounts.reset_password(
            vault, actor=actor, user_id=user_id, temporary_password=temporary
        )

    def deactivate(self, user_id: int, *, rotate: bool = False, password: str = "") -> Job:
        vault, actor = self.vault, self.actor
        return lambda: deactivate_account(
            vault, actor=actor, user_id=user_id, rotate=rotate, admin_password=password
        )

    def reactivate(self, user_id: int) -> Job:
        vault, actor = self.vault, self.actor
        return lambda: reactivate_user(vault, actor=actor, user_id=user_id)


class OfficeUserActions:
    """Database logins on the office server: made, regrouped, reset and disabled at once."""

    rotates_on_deactivation = False
    reactivates = True

    def __init__(self, ctx: UiContext) -> None:
        self.store, self.actor = ctx.vault, ctx.actor

    def add(self, username: str, display_name: str, roles: tuple[Role, ...], temporary: str) -> Job:
        store, actor = self.store, self.actor

        def job() -> office_accounts.OfficeUserRow:
            with store.session() as session:
                return office_accounts.add_office_user(
                    session,
                    actor=actor,
                    username=username,
                    display_name=display_name,
                    roles=roles,
                    password=temporary,
                    temporary=True,
                )

        return job

    def set_roles(self, user_id: int, roles: tuple[Role, ...]) -> Callable[[Any], object]:
        actor = self.actor
        return lambda s: office_accounts.set_office_user_roles(
            s, actor=actor, user_id=user_id, roles=roles
        )

    def reset(self, user_id: int, temporary: str) -> Job:
        store, actor = self.store, self.actor

        def job() -> str:
            with store.session() as session:
                office_accounts.reset_office_password(
                    session, actor=actor, user_id=user_id, new_password=temporary, temporary=True
                )
            return temporary

        return job

    def deactivate(self, user_id: int, *, rotate: bool = False, password: str = "") -> Job:
        store, actor = self.store, self.actor

        def job() -> None:
            with store.session() as session:
                office_accounts.deactivate_office_user(session, actor=actor, user_id=user_id)

        return job

    def reactivate(self, user_id: int) -> Job:
        store, actor = self.store, self.actor

        def job() -> tuple[office_accounts.OfficeUserRow, str]:
            temporary = accounts.generate_temporary_password()
            with store.session() as session:
                row = office_accounts.reactivate_office_user(
                    session, actor=actor, user_id=user_id, temporary_password=temporary
                )
            return row, temporary

        return job


def user_actions(ctx: UiContext) -> VaultUserActions | OfficeUserActions:
    return OfficeUserActions(ctx) if ctx.store_kind == "office" else VaultUserActions(ctx)
