"""Domain errors: typed, with fields and no prose. `safehaven.ui.messages` words them."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected failure a service reports."""


class PermissionDenied(DomainError):
    def __init__(self, permission: str, user_id: int | None = None) -> None:
        super().__init__(permission, user_id)
        self.permission = permission
        self.user_id = user_id


class NotFound(DomainError):
    def __init__(self, kind: str, object_id: int | str) -> None:
        super().__init__(kind, object_id)
        self.kind = kind
        self.object_id = object_id


class ValidationFailed(DomainError):
    """One or more fields are invalid: `errors` maps field name → error code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = dict(errors)


class UsernameTaken(DomainError):
    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username


class WeakPassword(DomainError):
    """`reason` is a code: too_short, too_common, same_as_username, too_simple."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LastAdministrator(DomainError):
    """The last active administrator cannot be deactivated or lose the role."""


class ConsentMissing(DomainError):
    def __init__(self, purpose: str, client_id: int, reason: str = "none") -> None:
        super().__init__(purpose, client_id, reason)
        self.purpose = purpose
        self.client_id = client_id
        self.reason = reason  # none | refused | expired | withdrawn


class InvalidTransition(DomainError):
    def __init__(self, kind: str, from_state: str, to_state: str) -> None:
        super().__init__(kind, from_state, to_state)
        self.kind = kind
        self.from_state = from_state
        self.to_state = to_state


class ChangedElsewhere(DomainError):
    """The record was saved by someone else (or in another window) after this edit began."""

    def __init__(self, kind: str, object_id: int) -> None:
        super().__init__(kind, object_id)
        self.kind = kind
        self.object_id = object_id


class ConfirmationRequired(DomainError):
    """A destructive action (`action` code) was asked for without the explicit confirmation."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action
